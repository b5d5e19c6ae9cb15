//! Adapter between the evaluator and Terraform's built-in functions ([`super::functions`]):
//! keeps the evaluator independent of how the functions module names its error and context
//! types.

use std::path::PathBuf;

use super::functions::{self, FnContext, FnError};
use super::value::Value;

pub(crate) enum Failure {
    /// Not implemented: the caller warns `unsupported-function` and uses unknown.
    Unsupported(String),
    /// Invalid arguments: an evaluation error at the call.
    Invalid(String),
}

pub(crate) fn ctx(module_dir: PathBuf, root_dir: PathBuf) -> FnContext {
    FnContext { module_dir, root_dir }
}

/// Calls the built-in function `name`.
pub(crate) fn call(name: &str, args: Vec<Value>, ctx: &FnContext) -> Result<Value, Failure> {
    functions::call(name, args, ctx).map_err(|e| match e {
        FnError::Unsupported(n) => Failure::Unsupported(n),
        FnError::Invalid(m) => Failure::Invalid(m),
    })
}
