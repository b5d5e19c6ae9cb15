//! `costplan.yml`: the projects of a repository (a monorepo has several Terraform roots), for
//! `estimate --config` and `diff --config`.
//!
//! ```yaml
//! version: 1
//! projects:
//!   - name: credlink-prod
//!     path: examples/credlink              # relative to this file
//!     var_files: [environments/prod.tfvars] # relative to the project's path
//!     scenario: credlink-100k              # built-in name, or a file relative to this file
//!     workspace: prod
//!     requests: 100k
//!     usage_file: usage/prod.yml           # relative to this file
//!     region: us-east-1
//!     vars: { desired_count: 3 }
//! ```
//!
//! Contract: unknown keys, wrong shapes, an empty or duplicate `name`, an empty `path` and an
//! empty project list are errors naming the file, the line and the key; nothing is merged
//! silently. Paths are resolved here, so callers get paths they can open from the current
//! directory. The file is only read; whether each project's directory exists is the caller's
//! business (a project missing on one side of a diff is all-added or all-removed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The name of the config file.
pub const FILE_NAME: &str = "costplan.yml";

/// Why a config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// Unreadable, not a regular file, too large or not text.
    #[error(transparent)]
    File(#[from] crate::input_file::InputFileError),
    /// Malformed YAML, an unknown key or a value of the wrong type; `message` names the key.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Yaml { file: PathBuf, line: usize, column: usize, message: String },
    #[error("{}:{line}: `{key}`: {message}", file.display())]
    Invalid { file: PathBuf, line: usize, key: String, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    projects: Vec<RawProject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    name: String,
    path: String,
    #[serde(default)]
    var_files: Vec<String>,
    #[serde(default)]
    vars: BTreeMap<String, serde_norway::Value>,
    scenario: Option<String>,
    requests: Option<serde_norway::Value>,
    usage_file: Option<String>,
    workspace: Option<String>,
    region: Option<String>,
}

/// A parsed and validated config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file, as given.
    pub file: PathBuf,
    /// The directory relative paths are resolved against.
    pub dir: PathBuf,
    pub projects: Vec<ProjectConfig>,
}

/// One project, paths resolved against the config file's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectConfig {
    /// Unique within the file.
    pub name: String,
    /// `path` as written in the file (for display: it is the same on both sides of a diff).
    pub path_as_written: String,
    /// The root module directory.
    pub path: PathBuf,
    /// Applied in order, after `terraform.tfvars` and `*.auto.tfvars`.
    pub var_files: Vec<PathBuf>,
    /// `name=value`, in name order.
    pub vars: Vec<String>,
    /// A built-in scenario name or a file path (resolved when it names an existing file).
    pub scenario: Option<String>,
    pub requests: Option<String>,
    pub usage_file: Option<PathBuf>,
    pub workspace: Option<String>,
    pub region: Option<String>,
    /// Line of the project's entry in the file.
    pub line: usize,
}

impl Config {
    /// Reads and validates `file`.
    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        let text = crate::input_file::read_to_string(file)?;
        Config::parse(&text, file)
    }

    /// Parses `text` as the content of `file` (paths are resolved against its directory).
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = crate::yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().unwrap_or((1, 1));
            let mut message = e.to_string();
            // The location goes in front (`file:line:column:`), not at the end as well.
            if let Some(i) = message.rfind(" at line ") {
                message.truncate(i);
            }
            ConfigError::Yaml { file: file.to_path_buf(), line, column, message }
        })?;
        let dir = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let invalid = |line: usize, key: &str, message: String| ConfigError::Invalid {
            file: file.to_path_buf(),
            line,
            key: key.to_string(),
            message,
        };
        if let Some(v) = raw.version
            && v != 1
        {
            let line = key_line(text, 0, usize::MAX, "version").unwrap_or(1);
            return Err(invalid(
                line,
                "version",
                format!("version `{v}` is not supported (this costplan reads version 1)"),
            ));
        }
        if raw.projects.is_empty() {
            let line = key_line(text, 0, usize::MAX, "projects").unwrap_or(1);
            return Err(invalid(
                line,
                "projects",
                "no projects: list at least one with `name` and `path`".into(),
            ));
        }
        let starts = item_lines(text);
        let mut projects: Vec<ProjectConfig> = Vec::with_capacity(raw.projects.len());
        for (i, p) in raw.projects.into_iter().enumerate() {
            let start = starts.get(i).copied().unwrap_or(1);
            let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            let at = |key: &str| key_line(text, start, end, key).unwrap_or(start);
            let key = |k: &str| format!("projects[{i}].{k}");
            let name = p.name.trim().to_string();
            if name.is_empty() {
                return Err(invalid(
                    at("name"),
                    &key("name"),
                    "empty name: give every project a unique name".into(),
                ));
            }
            if let Some(first) = projects.iter().find(|q| q.name == name) {
                return Err(invalid(
                    at("name"),
                    &key("name"),
                    format!(
                        "duplicate project name `{name}` (first at line {}): project names must be unique, rename one",
                        first.line
                    ),
                ));
            }
            if p.path.trim().is_empty() {
                return Err(invalid(
                    at("path"),
                    &key("path"),
                    "empty path: give the project's Terraform directory, relative to this file"
                        .into(),
                ));
            }
            let mut vars = Vec::with_capacity(p.vars.len());
            for (k, v) in &p.vars {
                let value = scalar(v).ok_or_else(|| {
                    invalid(at(k), &key(&format!("vars.{k}")), "a variable value must be a string, number or boolean (HCL values go in a var file)".into())
                })?;
                vars.push(format!("{k}={value}"));
            }
            let requests = match &p.requests {
                None => None,
                Some(v) => Some(scalar(v).ok_or_else(|| {
                    invalid(
                        at("requests"),
                        &key("requests"),
                        "expected a number like `100k` or `50/s`".into(),
                    )
                })?),
            };
            let path = dir.join(&p.path);
            let scenario = p.scenario.map(|s| {
                let candidate = dir.join(&s);
                if candidate.is_file() { candidate.display().to_string() } else { s }
            });
            projects.push(ProjectConfig {
                name,
                path_as_written: p.path.clone(),
                var_files: p.var_files.iter().map(|f| path.join(f)).collect(),
                path,
                vars,
                scenario,
                requests,
                usage_file: p.usage_file.map(|f| dir.join(f)),
                workspace: p.workspace,
                region: p.region,
                line: start,
            });
        }
        Ok(Config { file: file.to_path_buf(), dir, projects })
    }
}

/// A YAML scalar as text (`3`, `true`, `t3.micro`).
fn scalar(v: &serde_norway::Value) -> Option<String> {
    match v {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        serde_norway::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// 1-based lines where the items of the `projects:` list start (block style; empty for flow
/// style, where errors fall back to the list's line).
fn item_lines(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(list) = lines.iter().position(|l| l.trim_start().starts_with("projects:")) else {
        return Vec::new();
    };
    let mut indent = None;
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(list + 1) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let n = l.len() - trimmed.len();
        if trimmed.starts_with("- ") || trimmed == "-" {
            match indent {
                None => {
                    indent = Some(n);
                    out.push(i + 1);
                }
                Some(m) if m == n => out.push(i + 1),
                _ => {}
            }
        } else if n == 0 {
            // Back at the top level: the list ended.
            break;
        }
    }
    out
}

/// 1-based line of `key:` between lines `start` and `end` (1-based, end exclusive).
fn key_line(text: &str, start: usize, end: usize, key: &str) -> Option<usize> {
    let needle = format!("{key}:");
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(n, _)| *n >= start && *n < end)
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.starts_with(&needle) || t.starts_with(&format!("\"{key}\":"))
        })
        .map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused_by_name() {
        let e = Config::load(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(e.contains("`/dev/zero`") && e.contains("not a regular file"), "{e}");
    }

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("repo/costplan.yml")).map_err(|e| e.to_string())
    }

    #[test]
    fn paths_resolve_against_the_file_and_the_project() {
        let c = parse(
            "projects:\n  - name: a\n    path: infra/a\n    var_files: [prod.tfvars]\n    vars: {count: 3, on: true}\n    requests: 100k\n",
        );
        let Ok(c) = c else { panic!("{c:?}") };
        let p = &c.projects[0];
        assert_eq!(p.path, PathBuf::from("repo/infra/a"));
        assert_eq!(p.var_files, vec![PathBuf::from("repo/infra/a/prod.tfvars")]);
        assert_eq!(p.vars, vec!["count=3".to_string(), "on=true".to_string()]);
        assert_eq!(p.requests.as_deref(), Some("100k"));
        assert_eq!(p.line, 2);
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = parse("projects:\n  - name: a\n    path: a\n  - name: b\n    pth: b\n");
        assert!(
            e.as_ref().is_err_and(|e| e.starts_with("repo/costplan.yml:5:") && e.contains("pth")),
            "{e:?}"
        );
        let e = parse("projects:\n  - name: a\n    path: a\n  - name: a\n    path: b\n");
        assert_eq!(
            e.err().as_deref(),
            Some(
                "repo/costplan.yml:4: `projects[1].name`: duplicate project name `a` (first at line 2): project names must be unique, rename one"
            )
        );
        let e = parse("projects: []\n");
        assert!(e.is_err_and(|e| e.contains(":1: `projects`: no projects")));
        let e = parse("projects:\n  - name: a\n    path: ''\n");
        assert!(e.is_err_and(|e| e.contains(":3: `projects[0].path`: empty path")));
    }
}
