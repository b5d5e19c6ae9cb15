//! Values for the root module's variables, in Terraform's precedence order (later wins):
//! `TF_VAR_name` environment variables, `terraform.tfvars`, `terraform.tfvars.json`,
//! `*.auto.tfvars` / `*.auto.tfvars.json` in name order, `--var-file` files in order, then
//! `--var name=value` in order.
//!
//! tfvars files hold constant expressions only. Values from the environment and `--var` are
//! literal strings when the variable's type is primitive (or not declared), else HCL
//! expressions, as in Terraform. A value for an undeclared variable is a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hcl_edit::Decorated;
use hcl_edit::expr::TraversalOperator;

use super::LoadOptions;
use super::config::{ModuleConfig, parse_hcl, read_text, relative_path};
use super::error::LoadError;
use super::eval::{Env, EvalError, EvalResult, Resolved, Scope, eval, offset_of};
use super::instance::{Location, Warning};
use super::source::SourceFile;
use super::typeconv::is_primitive;
use super::value::Value;

/// Root variable values and what was read to get them.
#[derive(Debug, Default)]
pub(crate) struct RootInputs {
    pub values: BTreeMap<String, Value>,
    /// Where a value of `values` was written, when a var file wrote it (the last writer wins,
    /// as for the value): a value that does not fit the variable's type is reported there.
    pub written_at: BTreeMap<String, Location>,
    pub warnings: Vec<Warning>,
    pub files: Vec<String>,
}

/// Evaluates constant expressions (tfvars, `--var`, variable defaults).
pub(crate) struct ConstEnv<'a> {
    pub file: Option<&'a SourceFile>,
    pub root: PathBuf,
    pub warnings: Vec<Warning>,
    pub budget: super::budget::Budget,
}

impl Env for ConstEnv<'_> {
    fn resolve(
        &mut self,
        name: &str,
        _ops: &[Decorated<TraversalOperator>],
        _scope: &Scope,
        offset: usize,
    ) -> EvalResult<Resolved> {
        Err(self.error(
            offset,
            format!("`{name}`: references are not allowed here, only constant values"),
        ))
    }

    fn error(&self, offset: usize, message: String) -> EvalError {
        EvalError::Soft {
            message,
            location: self.file.map(|f| f.location(offset)),
            snippet: self.file.map(|f| f.snippet(offset)).unwrap_or_default(),
        }
    }

    fn warn(&mut self, code: &str, message: String, offset: usize) {
        self.warnings.push(Warning::new(code, message, self.file.map(|f| f.location(offset))));
    }

    fn dirs(&self) -> (PathBuf, PathBuf) {
        (self.root.clone(), self.root.clone())
    }

    fn budget(&mut self) -> &mut super::budget::Budget {
        &mut self.budget
    }
}

pub(crate) fn soft_to_load_error(e: EvalError, help: &str) -> LoadError {
    match e {
        EvalError::Fatal(e) => *e,
        EvalError::Soft { message, location, snippet } => LoadError::Eval {
            diag: super::Diagnostic { location: location.unwrap_or_default(), message, snippet },
            help: help.to_string(),
        },
    }
}

pub(crate) fn collect(
    opts: &LoadOptions,
    root: &Path,
    cfg: &ModuleConfig,
) -> Result<RootInputs, LoadError> {
    let mut inputs = RootInputs::default();
    for (key, raw) in &opts.env {
        if let Some(name) = key.strip_prefix("TF_VAR_") {
            // Terraform ignores TF_VAR_ values for undeclared variables silently.
            if let Some(decl) = cfg.variables.get(name) {
                let v = parse_raw(raw, is_primitive(decl.type_expr.as_ref()), root).map_err(
                    |message| LoadError::VarFlag { arg: format!("{key}={raw}"), message },
                )?;
                inputs.values.insert(name.to_string(), v);
                inputs.written_at.remove(name);
            }
        }
    }
    let mut auto: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = root.join(name);
        // Present but not a regular file (a FIFO) is read, and refused by name.
        if std::fs::symlink_metadata(&p).is_ok() && !p.is_dir() {
            auto.push(p);
        }
    }
    let mut auto_files: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            !p.is_dir() && (n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        })
        .collect();
    auto_files.sort();
    auto.extend(auto_files);
    // Messages name a `*.tfvars` of the module by its name in the module, a --var-file as the
    // user gave it (relative to the working directory, not to the module).
    for path in &auto {
        read_var_file(path, relative_path(root, path), root, cfg, &mut inputs)?;
    }
    for path in &opts.var_files {
        read_var_file(path, path.display().to_string(), root, cfg, &mut inputs)?;
    }
    for (name, raw) in &opts.vars {
        match cfg.variables.get(name) {
            Some(decl) => {
                let v = parse_raw(raw, is_primitive(decl.type_expr.as_ref()), root).map_err(
                    |message| LoadError::VarFlag { arg: format!("{name}={raw}"), message },
                )?;
                inputs.values.insert(name.clone(), v);
                inputs.written_at.remove(name);
            }
            None => inputs.warnings.push(Warning::new(
                "undeclared-variable",
                format!("--var `{name}` is not declared by the root module; the value was ignored"),
                None,
            )),
        }
    }
    Ok(inputs)
}

/// A value from the environment or `--var`.
fn parse_raw(raw: &str, primitive: bool, root: &Path) -> Result<Value, String> {
    if primitive {
        return Ok(Value::String(raw.to_string()));
    }
    let file = SourceFile::new("--var".to_string(), raw.to_string());
    let expr = hcl_edit::parser::parse_expr(raw)
        .map_err(|e| format!("not a valid HCL value: {}", e.message()))?;
    let mut env = ConstEnv {
        file: Some(&file),
        root: root.to_path_buf(),
        warnings: Vec::new(),
        budget: Default::default(),
    };
    eval(&mut env, &expr, &Scope::root()).map_err(|e| match e {
        EvalError::Soft { message, .. } => message,
        EvalError::Fatal(e) => e.to_string(),
    })
}

fn read_var_file(
    path: &Path,
    shown: String,
    root: &Path,
    cfg: &ModuleConfig,
    inputs: &mut RootInputs,
) -> Result<(), LoadError> {
    let text = read_text(path)?;
    inputs.files.push(relative_path(root, path));
    let rel = shown;
    let mut assigned: Vec<(String, Value, Option<Location>)> = Vec::new();
    if path.extension().is_some_and(|e| e == "json") {
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| LoadError::VarFile {
                path: rel.clone(),
                message: format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
            })?;
        let serde_json::Value::Object(map) = json else {
            return Err(LoadError::VarFile {
                path: rel,
                message: "a .tfvars.json file must hold a JSON object".into(),
            });
        };
        for (k, v) in map {
            assigned.push((k, Value::from_json(&v), None));
        }
    } else {
        let mut file = SourceFile::new(rel.clone(), text);
        let body = parse_hcl(&mut file)?;
        let mut env = ConstEnv {
            file: Some(&file),
            root: root.to_path_buf(),
            warnings: Vec::new(),
            budget: Default::default(),
        };
        for attr in body.attributes() {
            let v = eval(&mut env, &attr.value, &Scope::root())
                .map_err(|e| soft_to_load_error(e, "tfvars files hold constant values only"))?;
            assigned.push((attr.key.as_str().to_string(), v, Some(file.location(offset_of(attr)))));
        }
        inputs.warnings.append(&mut env.warnings);
    }
    for (name, value, location) in assigned {
        if cfg.variables.contains_key(&name) {
            match location {
                Some(at) => inputs.written_at.insert(name.clone(), at),
                None => inputs.written_at.remove(&name),
            };
            inputs.values.insert(name, value);
        } else {
            inputs.warnings.push(Warning::new(
                "undeclared-variable",
                format!("`{rel}` assigns `{name}`, which the root module does not declare; the value was ignored"),
                location.or_else(|| Some(Location { file: rel.clone(), line: 1, column: 1 })),
            ));
        }
    }
    Ok(())
}
