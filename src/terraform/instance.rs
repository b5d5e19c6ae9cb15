//! One resource or data-source instance as Terraform would create it, after `count`/`for_each`
//! expansion and module flattening.

use serde::{Deserialize, Serialize};

use super::refs::References;
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// Where something was declared: path relative to the root module directory (forward slashes),
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Location {
    pub file: String,
    pub line: usize,
    #[serde(default)]
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A problem that does not stop the run. `code` is a stable kebab-case identifier
/// (`variable-unset`, `module-not-loaded`, `unknown-count`, `dangling-reference`,
/// `unsupported-function`, ...) that users can grep for and tests can assert on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>, location: Option<Location>) -> Self {
        Self { code: code.to_string(), message: message.into(), location }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// Full address: `module.svc["api"].aws_ecs_service.this`, `aws_nat_gateway.main[1]`,
    /// `data.aws_caller_identity.current`.
    pub address: String,
    /// Resource type, e.g. `aws_ecs_service`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The block label after the type (`main` in `aws_nat_gateway.main`).
    pub name: String,
    pub mode: Mode,
    /// Module path of the instance (`module.svc["api"]`), empty for the root module.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub module: String,
    /// AWS region the instance lives in, from its provider configuration; `None` when unknown.
    pub region: Option<String>,
    /// Provider configuration used: `aws` or `aws.<alias>`.
    pub provider: String,
    /// Evaluated arguments and nested blocks (blocks are lists of maps).
    pub attributes: Value,
    pub location: Location,
    /// Attribute path → addresses of the resources its value comes from ([`super::refs`]):
    /// `{"cluster": ["aws_ecs_cluster.a"]}`. Empty for plans, which do not say.
    #[serde(default, skip_serializing_if = "References::is_empty")]
    pub references: References,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

impl Instance {
    pub fn attr(&self, path: &str) -> Option<&Value> {
        self.attributes.path(path)
    }
}
