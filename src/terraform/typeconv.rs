//! Adapter to the type-constraint module ([`super::types`]): converts a variable value to its
//! declared `type` (`"512"` → 512 for `number`, `optional()` attributes with defaults).

use std::path::Path;

use hcl_edit::expr::Expression;

use super::eval::{EvalError, Scope, eval};
use super::tfvars::ConstEnv;
use super::types::{self, TypeConstraint};
use super::value::Value;

/// Converts `value` to the type written in `type_expr`; `Err` carries a message for a warning.
pub(crate) fn convert(
    type_expr: Option<&Expression>,
    value: Value,
    root: &Path,
) -> Result<Value, String> {
    let Some(type_expr) = type_expr else { return Ok(value) };
    let expr: hcl::Expression = type_expr.clone().into();
    // `optional(T, default)` defaults may be any constant expression, evaluated here.
    let eval_default = |e: &hcl::Expression| -> Result<Value, String> {
        let edit: Expression = e.clone().into();
        let mut env = ConstEnv {
            file: None,
            root: root.to_path_buf(),
            warnings: Vec::new(),
            budget: Default::default(),
        };
        eval(&mut env, &edit, &Scope::root()).map_err(|e| match e {
            EvalError::Soft { message, .. } => message,
            EvalError::Fatal(e) => e.to_string(),
        })
    };
    let ty = TypeConstraint::from_expr_with(&expr, &eval_default).map_err(|e| e.to_string())?;
    types::convert(value, &ty).map_err(|e| e.to_string())
}

/// True when the type is a primitive (or absent): values from `--var` and `TF_VAR_` are then
/// taken as literal strings, otherwise parsed as HCL expressions (Terraform's rule).
pub(crate) fn is_primitive(type_expr: Option<&Expression>) -> bool {
    match type_expr {
        None => true,
        Some(Expression::Variable(v)) => matches!(v.as_str(), "string" | "number" | "bool"),
        Some(_) => false,
    }
}
