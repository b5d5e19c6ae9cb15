//! Adapter between the evaluator and Terraform's built-in functions (`functions::call`, owned by
//! the functions module). Keeps the evaluator independent of how the functions module names its
//! error and context types.

use std::path::PathBuf;

use super::value::Value;

// Until the functions module lands every function is unsupported.
#[allow(dead_code)]
pub(crate) enum Failure {
    /// Not implemented: the caller warns `unsupported-function` and uses unknown.
    Unsupported(String),
    /// Invalid arguments: an evaluation error at the call.
    Invalid(String),
}

#[allow(dead_code)]
pub(crate) struct Ctx {
    pub module_dir: PathBuf,
    pub root_dir: PathBuf,
}

pub(crate) fn ctx(module_dir: PathBuf, root_dir: PathBuf) -> Ctx {
    Ctx { module_dir, root_dir }
}

/// Calls the built-in function `name`.
pub(crate) fn call(name: &str, _args: Vec<Value>, _ctx: &Ctx) -> Result<Value, Failure> {
    // Replaced by `functions::call` once the functions module lands.
    Err(Failure::Unsupported(name.to_string()))
}
