//! One expression evaluated outside any configuration, as `terraform console` evaluates it in a
//! directory with no `.tf` files: literals, operators, `for` expressions and built-in functions,
//! with relative file paths resolved against `dir`.
//!
//! Contract:
//! - References are errors (there is no configuration to refer to), except the lexical
//!   variables passed in `vars` (the function conformance table binds `unknown` to
//!   [`Value::Unknown`] this way).
//! - A Terraform evaluation error is `Err` with Terraform-style message (no location: the
//!   expression is not in a file); warnings (an unsupported function) come back with the value.

use std::path::Path;

use super::eval::{EvalError, Scope, eval};
use super::instance::Warning;
use super::source::SourceFile;
use super::tfvars::ConstEnv;
use super::value::Value;

/// The value of `expr` and the warnings its evaluation gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub value: Value,
    pub warnings: Vec<Warning>,
}

/// Evaluates the HCL expression `expr` with the lexical variables `vars`; filesystem functions
/// resolve relative paths against `dir`.
pub fn eval_expression(
    expr: &str,
    dir: &Path,
    vars: Vec<(String, Value)>,
) -> Result<Evaluated, String> {
    let parsed = hcl_edit::parser::parse_expr(expr)
        .map_err(|e| format!("not a valid HCL expression: {}", e.message()))?;
    let file = SourceFile::new("<expression>".to_string(), expr.to_string());
    let mut env = ConstEnv {
        file: Some(&file),
        root: dir.to_path_buf(),
        warnings: Vec::new(),
        budget: Default::default(),
    };
    let root = Scope::root();
    let scope = root.child(vars);
    let value = eval(&mut env, &parsed, &scope).map_err(|e| match e {
        EvalError::Soft { message, .. } => message,
        EvalError::Fatal(e) => e.to_string(),
    })?;
    Ok(Evaluated { value, warnings: env.warnings })
}
