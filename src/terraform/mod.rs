//! Terraform engine: a directory of `.tf` files (or a `terraform show -json` plan) becomes a
//! sorted, deterministic list of evaluated resource [`Instance`]s.
//!
//! Contract:
//! - Never needs credentials, `terraform init` or the network. Remote module sources are read
//!   from `.terraform/modules` (after `terraform init`) or from the costplan module cache
//!   ([`LoadOptions::module_cache`], filled by `costplan modules get`), never downloaded here.
//! - Lenient like a cost tool must be: what `terraform validate` would reject but Terraform's
//!   meaning is clear about (duplicate `terraform {}` blocks, undeclared variables in tfvars,
//!   dangling references) loads with [`Warning`]s; only input that cannot be read at all
//!   (malformed HCL, cycles, limits exceeded) is a [`LoadError`].
//! - Values that are only known after apply are [`Value::Unknown`] and propagate.
//! - Knows nothing about prices.
//!
//! Layout: [`load`] reads the root directory ([`config`]), collects root variable values
//! ([`tfvars`]) and runs the module tree ([`module`]), which evaluates expressions lazily
//! ([`eval`]) and expands `count`/`for_each`/`dynamic` ([`expand`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod budget;
mod builtin;
mod config;
pub mod console;
mod error;
mod eval;
mod eval_ops;
mod eval_template;
mod expand;
pub mod functions;
pub mod instance;
mod json_syntax;
mod module;
pub mod plan;
mod plan_refs;
pub mod refs;
mod source;
mod tfvars;
mod typeconv;
pub mod types;
pub mod value;
pub mod workspace;

pub use budget::{MAX_EXPANSION, MAX_INSTANCES};
pub use config::MODULE_CACHE_PREFIX;
pub use error::{Diagnostic, LoadError};
pub use instance::{Instance, Location, Mode, Warning};
pub use refs::{Link, NoLink, References, Via};
pub use value::Value;

/// A resource expanding past this many instances is an error (a runaway `count`).
pub const MAX_INSTANCES_PER_RESOURCE: usize = 10_000;
/// Module calls nested deeper than this are an error.
pub const MAX_MODULE_DEPTH: usize = 50;
/// `templatefile` calls nested deeper than this (templates rendering templates) are an error.
pub const MAX_TEMPLATE_DEPTH: usize = 16;
/// Input files (`.tf`, tfvars, files read by `file()`) larger than this are an error (the one
/// input-file limit, [`crate::input_file::MAX_BYTES`]).
pub const MAX_FILE_BYTES: u64 = crate::input_file::MAX_BYTES;

/// What to load and with which inputs. Everything that Terraform would read from the process
/// environment is passed in `env` so that loading is a pure function of its inputs.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The root module directory.
    pub path: PathBuf,
    /// `--var-file` arguments, applied in order after `terraform.tfvars` and `*.auto.tfvars`.
    pub var_files: Vec<PathBuf>,
    /// `--var name=value` arguments, applied in order after all var files (later wins).
    pub vars: Vec<(String, String)>,
    /// `terraform.workspace`.
    pub workspace: String,
    /// `--region`: first of [`crate::region::outside_config`] for `aws` providers setting none.
    pub region: Option<String>,
    /// Environment: `TF_VAR_name` variables and [`crate::region::ENV_KEYS`].
    pub env: BTreeMap<String, String>,
    /// The costplan module cache ([`crate::modules::cache`]), read (never written) for module
    /// sources not installed in `.terraform/modules`; `None`: not used.
    pub module_cache: Option<PathBuf>,
}

impl LoadOptions {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            var_files: Vec::new(),
            vars: Vec::new(),
            workspace: "default".to_string(),
            region: None,
            env: BTreeMap::new(),
            module_cache: None,
        }
    }
}

/// A `module` block as written: what `costplan modules get` needs to fetch its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleCall {
    pub name: String,
    /// The literal `source`, `None` when missing or not a literal string.
    pub source: Option<String>,
    /// The literal `version` constraint.
    pub version: Option<String>,
    pub location: Location,
}

/// The module calls of the module in `dir` (locations relative to `root`), sorted by name,
/// without evaluating anything.
pub fn module_calls(
    dir: &std::path::Path,
    root: &std::path::Path,
) -> Result<Vec<ModuleCall>, LoadError> {
    let cfg = config::load_module_dir(dir, root, None)?;
    Ok(cfg
        .modules
        .values()
        .map(|m| ModuleCall {
            name: m.name.clone(),
            source: m.source.clone(),
            version: m.version.clone(),
            location: m.location.clone(),
        })
        .collect())
}

/// The result of loading: every resource instance plus what could not be resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Loaded {
    /// Sorted by address (numeric indices in numeric order).
    pub instances: Vec<Instance>,
    /// Warnings not tied to one instance (instance warnings are in [`Instance::warnings`]).
    pub warnings: Vec<Warning>,
    /// Root module variables that are required and got no value (pass them with `--var`).
    pub unset_variables: Vec<String>,
    /// Module calls whose source could not be loaded (`module.vpc`), their resources are missing.
    pub modules_not_loaded: Vec<String>,
    /// Files read, relative to the root directory.
    pub files: Vec<String>,
}

impl Loaded {
    /// Number of warnings per code, over global and instance warnings.
    pub fn warning_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        let all = self.warnings.iter().chain(self.instances.iter().flat_map(|i| i.warnings.iter()));
        for w in all {
            *counts.entry(w.code.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Sorts instances by address (numeric indices numerically) and de-duplicates warnings, so
    /// that output is deterministic whatever order things were evaluated in.
    pub fn normalize(&mut self) {
        self.instances.sort_by(|a, b| natural_cmp(&a.address, &b.address));
        for inst in &mut self.instances {
            inst.warnings.sort();
            inst.warnings.dedup();
        }
        self.warnings.sort();
        self.warnings.dedup();
        self.unset_variables.sort();
        self.unset_variables.dedup();
        self.modules_not_loaded.sort();
        self.modules_not_loaded.dedup();
        self.files.sort();
        self.files.dedup();
    }
}

/// Loads the Terraform configuration at `opts.path`.
pub fn load(opts: &LoadOptions) -> Result<Loaded, LoadError> {
    module::load_root(opts)
}

/// Reads a `terraform show -json` plan into the same model as [`load`]. `region` is the region
/// of provider configurations that set none, from [`crate::region::outside_config`].
pub fn load_plan(path: &std::path::Path, region: Option<&str>) -> Result<Loaded, plan::PlanError> {
    let contents = plan::read_plan(path, region)?;
    let mut loaded = Loaded {
        instances: contents.instances,
        warnings: contents.warnings,
        files: contents.files,
        ..Loaded::default()
    };
    loaded.normalize();
    Ok(loaded)
}

/// Compares strings with runs of ASCII digits compared as numbers, so that `x[2]` sorts before
/// `x[10]`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let na = trim_zeros(&a[si..i]);
            let nb = trim_zeros(&b[sj..j]);
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            let ord = a[i].cmp(&b[j]);
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    &digits[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_sorts_indices_numerically() {
        let mut v = vec!["a[10]", "a[2]", "a[1]", "b", "a"];
        v.sort_by(|x, y| natural_cmp(x, y));
        assert_eq!(v, vec!["a", "a[1]", "a[2]", "a[10]", "b"]);
    }
}
