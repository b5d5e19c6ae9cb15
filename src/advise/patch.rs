//! Patches: a rule's [`Edit`]s become text edits of the Terraform files, shown as a unified
//! diff and written by `--apply`.
//!
//! Contract:
//! - Files are parsed with `hcl-edit` to find the exact byte span of a block, attribute or
//!   value; the edit replaces only that span (or inserts whole lines), so formatting and
//!   comments everywhere else are kept byte for byte. The edited text must parse again.
//! - A value that comes from a variable is changed where the variable gets its value: the last
//!   `--var-file` that sets it, else `*.auto.tfvars` / `terraform.tfvars`, else — when var files
//!   were given — a new line in the last var file (so that one environment's change does not
//!   leak into the others through the default), else the variable's default. A value set with
//!   `--var` or `TF_VAR_*`, or computed by an expression, gets no patch but a reason.
//! - A module's input variable is followed to the module call's argument (local and registry
//!   modules alike: the call is in this project). Resources inside a module that is not on disk
//!   under the project (a registry module) get no patch for their own attributes.
//! - A new resource block ([`Edit::AddResource`]) goes right after the block of the resource it
//!   belongs to (a bucket's lifecycle configuration after the bucket), in the same file.
//! - `--apply` ([`PatchSet::apply`]) refuses every file whose content changed since the
//!   analysis (SHA-256), before writing any, and writes through [`crate::safe_write`]: every
//!   file or none (a read-only or non-regular file refused before anything is written, a
//!   symbolic link followed to the file it points to, a hard-linked file written in place).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use sha2::{Digest, Sha256};

use super::rule::Edit;
use crate::safe_write::Written;
use crate::terraform::{Instance, LoadOptions, Value};

/// Why patches could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error("`{0}` changed since the analysis: nothing was written; run `costplan advise` again")]
    Changed(String),
    #[error("reading `{path}`")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] crate::safe_write::WriteError),
    #[error(
        "two findings change `{path}` at the same place differently: apply them one at a time with --select"
    )]
    Conflict { path: String },
    #[error(
        "the patched `{path}` does not parse ({message}): nothing was written (a costplan bug, please report it)"
    )]
    Invalid { path: String, message: String },
}

/// One text edit: replace `range` of the file by `text` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub text: String,
}

/// The files a patch is made from, as read at analysis time.
pub struct Sources {
    root: PathBuf,
    var_files: Vec<PathBuf>,
    cli_vars: BTreeSet<String>,
    env_vars: BTreeSet<String>,
    texts: BTreeMap<PathBuf, String>,
}

/// A module call on the way from the root to a resource.
struct Call {
    /// File holding the `module` block, and the block's label.
    file: PathBuf,
    name: String,
    /// Directory of the module's files when the source is local.
    dir: Option<PathBuf>,
    source: String,
}

impl Sources {
    pub fn new(opts: &LoadOptions) -> Self {
        Self {
            root: opts.path.clone(),
            var_files: opts.var_files.clone(),
            cli_vars: opts.vars.iter().map(|(k, _)| k.clone()).collect(),
            env_vars: opts
                .env
                .keys()
                .filter_map(|k| k.strip_prefix("TF_VAR_").map(str::to_string))
                .collect(),
            texts: BTreeMap::new(),
        }
    }

    /// The file as read at analysis time (read once, then cached).
    fn text(&mut self, path: &Path) -> Result<&str, String> {
        if !self.texts.contains_key(path) {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            self.texts.insert(path.to_path_buf(), text);
        }
        Ok(self.texts.get(path).map(String::as_str).unwrap_or_default())
    }

    fn body(&mut self, path: &Path) -> Result<(String, Body), String> {
        let text = self.text(path)?.to_string();
        let body = hcl_edit::parser::parse_body(&text)
            .map_err(|e| format!("cannot parse `{}`: {e}", path.display()))?;
        Ok((text, body))
    }

    /// The `.tf` files of a directory, sorted.
    fn tf_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "tf"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Resolves an edit into text edits, or the reason why there is no patch.
    pub fn resolve(
        &mut self,
        edit: &Edit,
        instances: &[Instance],
    ) -> Result<Vec<FileEdit>, String> {
        let inst = |address: &str| {
            instances
                .iter()
                .find(|i| i.address == address)
                .ok_or_else(|| format!("`{address}` is not in the configuration"))
        };
        match edit {
            Edit::Manual { reason } => Err(reason.clone()),
            Edit::SetAttribute { address, attribute, value } => {
                self.set_attribute(inst(address)?, attribute, value, false)
            }
            Edit::SetAttributeIfPlain { address, attribute, value } => {
                self.set_attribute(inst(address)?, attribute, value, true)
            }
            Edit::RemoveAttribute { address, attribute } => {
                let at = self.locate(inst(address)?)?;
                let block = at.block()?;
                Ok(block
                    .body
                    .get_attribute(attribute)
                    .and_then(|a| a.span())
                    .map(|span| FileEdit {
                        path: at.file.clone(),
                        range: whole_lines(&at.text, span),
                        text: String::new(),
                    })
                    .into_iter()
                    .collect())
            }
            Edit::AddBlock { address, text: block_text } => {
                let at = self.locate(inst(address)?)?;
                Ok(vec![insert_in_block(&at.file, &at.text, at.block()?, block_text)])
            }
            Edit::AddResource { after, text: block_text } => {
                let at = self.locate(inst(after)?)?;
                Ok(vec![insert_after_block(&at.file, &at.text, at.block()?, block_text)])
            }
            Edit::SetModuleVariable { address, variable, value } => {
                let inst = inst(address)?;
                let calls = self.module_calls(inst)?;
                if let Some(call) = calls.last()
                    && !self.module_declares(&calls, variable)?
                {
                    return Err(format!(
                        "module `{}` has no `{variable}` input: make the change inside it by hand",
                        call.name
                    ));
                }
                self.set_variable(&calls, variable, value)
            }
        }
    }

    /// Sets a top-level attribute of a resource block: in place, at its variable's origin, or
    /// added. With `plain_only`, an absent or computed attribute is left alone.
    fn set_attribute(
        &mut self,
        inst: &Instance,
        attribute: &str,
        value: &Value,
        plain_only: bool,
    ) -> Result<Vec<FileEdit>, String> {
        let at = self.locate(inst)?;
        let block = at.block()?;
        match block.body.get_attribute(attribute) {
            Some(attr)
                if !plain_only || is_literal(&attr.value) || var_name(&attr.value).is_some() =>
            {
                let span = attr.value.span().unwrap_or_default();
                self.replace_expression(
                    &at.file,
                    &at.text,
                    &attr.value,
                    span,
                    value,
                    &at.calls,
                    attribute,
                )
            }
            None if !plain_only => Ok(vec![insert_in_block(
                &at.file,
                &at.text,
                block,
                &format!("{attribute} = {}", hcl(value)),
            )]),
            _ => Ok(Vec::new()),
        }
    }

    /// The parsed file holding the resource block of `inst`, with the module calls above it.
    fn locate<'i>(&mut self, inst: &'i Instance) -> Result<Located<'i>, String> {
        let calls = self.module_calls(inst)?;
        let file = self.resource_file(inst, &calls)?;
        let (text, body) = self.body(&file)?;
        Ok(Located { inst, calls, file, text, body })
    }

    /// The module calls from the root to the instance's module.
    fn module_calls(&mut self, inst: &Instance) -> Result<Vec<Call>, String> {
        let mut calls = Vec::new();
        let mut dir = Some(self.root.clone());
        for name in module_names(&inst.module) {
            let Some(d) = dir.clone() else {
                return Err(format!(
                    "`{}` is inside module `{}`, which is not in this project: no patch",
                    inst.address, inst.module
                ));
            };
            let (file, source) = self.find_module_call(&d, &name)?;
            let local = source.starts_with("./") || source.starts_with("../");
            dir = local.then(|| d.join(&source));
            calls.push(Call { file, name, dir: dir.clone(), source });
        }
        Ok(calls)
    }

    fn find_module_call(&mut self, dir: &Path, name: &str) -> Result<(PathBuf, String), String> {
        for file in Self::tf_files(dir) {
            let (_, body) = self.body(&file)?;
            let hit =
                body.get_blocks("module").find(|b| label(b, 0) == Some(name)).map(|b| {
                    match b.body.get_attribute("source").map(|a| &a.value) {
                        Some(Expression::String(s)) => s.value().clone(),
                        _ => String::new(),
                    }
                });
            if let Some(source) = hit {
                return Ok((file, source));
            }
        }
        Err(format!("module \"{name}\" not found in `{}`", dir.display()))
    }

    /// Whether the innermost module of `calls` declares `variable`: its local directory, or
    /// where `terraform init` installed it (`.terraform/modules/<a.b>`).
    fn module_declares(&mut self, calls: &[Call], variable: &str) -> Result<bool, String> {
        let Some(call) = calls.last() else { return Ok(true) };
        let dir = call.dir.clone().unwrap_or_else(|| {
            let key: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
            self.root.join(".terraform/modules").join(key.join("."))
        });
        for file in Self::tf_files(&dir) {
            let (_, body) = self.body(&file)?;
            if body.get_blocks("variable").any(|b| label(b, 0) == Some(variable)) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The file of the resource block, refusing modules not on disk under the project.
    fn resource_file(&self, inst: &Instance, calls: &[Call]) -> Result<PathBuf, String> {
        if let Some(remote) = calls.iter().find(|c| c.dir.is_none()) {
            return Err(format!(
                "`{}` is defined inside module `{}` (source `{}`), which is not part of this project: costplan does not edit it",
                inst.address, remote.name, remote.source
            ));
        }
        Ok(self.root.join(&inst.location.file))
    }

    /// Replaces an attribute's value: in place when it is a literal, at the variable's origin
    /// when it is `var.x`, no patch otherwise.
    #[allow(clippy::too_many_arguments)]
    fn replace_expression(
        &mut self,
        file: &Path,
        text: &str,
        expr: &Expression,
        span: Range<usize>,
        value: &Value,
        calls: &[Call],
        what: &str,
    ) -> Result<Vec<FileEdit>, String> {
        if is_literal(expr) {
            return Ok(vec![FileEdit { path: file.to_path_buf(), range: span, text: hcl(value) }]);
        }
        if let Some(var) = var_name(expr) {
            return self.set_variable(calls, &var, value);
        }
        Err(format!(
            "`{what}` is computed by `{}` ({}:{}): change it so that it evaluates to {}",
            text.get(span.clone()).unwrap_or("?").trim(),
            file.display(),
            line_of(text, span.start),
            hcl(value)
        ))
    }

    /// Sets an input variable of the module reached through `calls` (the root's when empty).
    fn set_variable(
        &mut self,
        calls: &[Call],
        name: &str,
        value: &Value,
    ) -> Result<Vec<FileEdit>, String> {
        let Some((call, parents)) = calls.split_last() else {
            return self.set_root_variable(name, value);
        };
        let (text, body) = self.body(&call.file)?;
        let block = body
            .get_blocks("module")
            .find(|b| label(b, 0) == Some(call.name.as_str()))
            .ok_or_else(|| {
                format!("module \"{}\" not found in `{}`", call.name, call.file.display())
            })?;
        match block.body.get_attribute(name) {
            Some(attr) => {
                let span = attr.value.span().unwrap_or_default();
                let file = call.file.clone();
                self.replace_expression(&file, &text, &attr.value, span, value, parents, name)
            }
            None => Ok(vec![insert_in_block(
                &call.file,
                &text,
                block,
                &format!("{name} = {}", hcl(value)),
            )]),
        }
    }

    fn set_root_variable(&mut self, name: &str, value: &Value) -> Result<Vec<FileEdit>, String> {
        if self.cli_vars.contains(name) {
            return Err(format!(
                "`{name}` is set with --var: pass `--var {name}={}` instead",
                hcl(value)
            ));
        }
        let mut files: Vec<PathBuf> = self.var_files.iter().rev().cloned().collect();
        let mut auto: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(".auto.tfvars"))
                    .collect()
            })
            .unwrap_or_default();
        auto.sort();
        files.extend(auto.into_iter().rev());
        let tfvars = self.root.join("terraform.tfvars");
        if tfvars.exists() {
            files.push(tfvars);
        }
        for file in &files {
            if file.to_string_lossy().ends_with(".json") {
                continue;
            }
            let (_, body) = self.body(file)?;
            if let Some(attr) = body.get_attribute(name) {
                let span = attr.value.span().unwrap_or_default();
                return Ok(vec![FileEdit { path: file.clone(), range: span, text: hcl(value) }]);
            }
        }
        if self.env_vars.contains(name) {
            return Err(format!(
                "`{name}` is set by TF_VAR_{name}: set it to {} there",
                hcl(value)
            ));
        }
        if let Some(last) = self.var_files.last().cloned() {
            if last.to_string_lossy().ends_with(".json") {
                return Err(format!(
                    "add `\"{name}\": {}` to `{}`",
                    json_text(value),
                    last.display()
                ));
            }
            let text = self.text(&last)?.to_string();
            // After a blank line, so that `terraform fmt` does not realign the last group.
            let mut line = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                line.push('\n');
            }
            if !text.is_empty() && !text.ends_with("\n\n") {
                line.push('\n');
            }
            line.push_str(&format!("{name} = {}\n", hcl(value)));
            return Ok(vec![FileEdit { path: last, range: text.len()..text.len(), text: line }]);
        }
        for file in Self::tf_files(&self.root.clone()) {
            let (text, body) = self.body(&file)?;
            let Some(block) = body.get_blocks("variable").find(|b| label(b, 0) == Some(name))
            else {
                continue;
            };
            return match block.body.get_attribute("default") {
                Some(attr) => {
                    let span = attr.value.span().unwrap_or_default();
                    Ok(vec![FileEdit { path: file.clone(), range: span, text: hcl(value) }])
                }
                None => Ok(vec![insert_in_block(
                    &file,
                    &text,
                    block,
                    &format!("default = {}", hcl(value)),
                )]),
            };
        }
        Err(format!("variable `{name}` is not declared in the root module"))
    }

    /// Original text of every file read, for [`PatchSet`].
    pub fn original(&self, path: &Path) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// The path shown in diffs: relative to the root when under it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| path.to_string_lossy().into_owned())
            .replace('\\', "/")
    }
}

/// A resource block's file, parsed.
struct Located<'i> {
    inst: &'i Instance,
    calls: Vec<Call>,
    file: PathBuf,
    text: String,
    body: Body,
}

impl Located<'_> {
    fn block(&self) -> Result<&Block, String> {
        find_resource(&self.body, self.inst).ok_or_else(|| {
            format!(
                "resource block of `{}` not found in `{}`",
                self.inst.address,
                self.file.display()
            )
        })
    }
}

/// `module.a["x"].module.b[0]` → `["a", "b"]`.
fn module_names(module: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = module;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        names.push(after[..end].to_string());
        rest = &after[end..];
        // Skip an index (`["x"]`, `[0]`) and the dot before the next call.
        if rest.starts_with('[') {
            rest = rest.find("].").map_or("", |i| &rest[i + 1..]);
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    names
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.as_str())
}

fn find_resource<'a>(body: &'a Body, inst: &Instance) -> Option<&'a Block> {
    body.get_blocks("resource").find(|b| {
        label(b, 0) == Some(inst.resource_type.as_str()) && label(b, 1) == Some(inst.name.as_str())
    })
}

fn is_literal(expr: &Expression) -> bool {
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => true,
        Expression::Array(a) => a.iter().all(is_literal),
        _ => false,
    }
}

/// `var.name` → `name`.
fn var_name(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    if root.as_str() != "var" || t.operators.len() != 1 {
        return None;
    }
    match t.operators[0].value() {
        TraversalOperator::GetAttr(name) => Some(name.as_str().to_string()),
        _ => None,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

/// The range of the whole lines covering `span`, with the line break.
fn whole_lines(text: &str, span: Range<usize>) -> Range<usize> {
    let start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end =
        text.get(span.end..).and_then(|t| t.find('\n')).map_or(text.len(), |i| span.end + i + 1);
    start..end
}

/// Inserts `content` (one or more lines, unindented) at the end of a block, indented one level
/// deeper than the block, after a blank line.
fn insert_in_block(file: &Path, text: &str, block: &Block, content: &str) -> FileEdit {
    let span = block.span().unwrap_or(0..text.len());
    let close = text.get(..span.end).and_then(|t| t.rfind('}')).unwrap_or(span.end);
    let line_start = text.get(..close).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let block_indent: String =
        text.get(line_start..close).unwrap_or("").chars().take_while(|c| *c == ' ').collect();
    let indent = format!("{block_indent}  ");
    let mut out = String::from("\n");
    for line in content.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{indent}{line}\n"));
        }
    }
    FileEdit { path: file.to_path_buf(), range: line_start..line_start, text: out }
}

/// Inserts `content` (a top-level block, unindented) after the line that closes `block`,
/// separated by a blank line.
fn insert_after_block(file: &Path, text: &str, block: &Block, content: &str) -> FileEdit {
    let span = block.span().unwrap_or(0..text.len());
    // The span may or may not take the line break after `}`: start from the brace itself.
    let close = text.get(..span.end).and_then(|t| t.rfind('}')).unwrap_or(span.end);
    let end = text.get(close..).and_then(|t| t.find('\n')).map_or(text.len(), |i| close + i + 1);
    let mut out = String::new();
    if !text.get(..end).unwrap_or("").ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(content.trim_end());
    out.push('\n');
    FileEdit { path: file.to_path_buf(), range: end..end, text: out }
}

/// A value as HCL source.
pub fn hcl(value: &Value) -> String {
    match value {
        Value::Null | Value::Unknown => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.normalize().to_string(),
        Value::String(s) => {
            let escaped = s
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
                .replace("${", "$${")
                .replace("%{", "%%{");
            format!("\"{escaped}\"")
        }
        Value::List(items) => format!("[{}]", items.iter().map(hcl).collect::<Vec<_>>().join(", ")),
        Value::Map(map) => format!(
            "{{ {} }}",
            map.iter().map(|(k, v)| format!("{k} = {}", hcl(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        other => hcl(other),
    }
}

/// Applies sorted, non-overlapping edits to a text.
fn apply_edits(path: &Path, text: &str, edits: &[FileEdit]) -> Result<String, PatchError> {
    let mut sorted: Vec<&FileEdit> = edits.iter().collect();
    sorted.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.text).cmp(&(b.range.start, b.range.end, &b.text))
    });
    sorted.dedup();
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Two insertions at one point (two new lines at the end of a var file) both go in,
        // in text order; replacing one span two ways is a conflict.
        let both_insert = a.range.is_empty() && b.range.is_empty();
        if b.range.start < a.range.end || (a.range == b.range && a.text != b.text && !both_insert) {
            return Err(PatchError::Conflict { path: path.display().to_string() });
        }
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for e in sorted {
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Ok(out)
}

/// The edits of some findings, ready to show and write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatchSet {
    /// path → (shown path, original text, patched text).
    files: BTreeMap<PathBuf, (String, String, String)>,
}

impl PatchSet {
    /// Builds the patched texts; fails on conflicting edits or a result that does not parse.
    pub fn build(sources: &Sources, edits: &[FileEdit]) -> Result<PatchSet, PatchError> {
        let mut by_file: BTreeMap<&Path, Vec<FileEdit>> = BTreeMap::new();
        for e in edits {
            by_file.entry(e.path.as_path()).or_default().push(e.clone());
        }
        let mut files = BTreeMap::new();
        for (path, edits) in by_file {
            let original = sources.original(path).unwrap_or_default().to_string();
            let patched = apply_edits(path, &original, &edits)?;
            if let Err(e) = hcl_edit::parser::parse_body(&patched) {
                return Err(PatchError::Invalid {
                    path: sources.display(path),
                    message: e.to_string(),
                });
            }
            files.insert(path.to_path_buf(), (sources.display(path), original, patched));
        }
        Ok(PatchSet { files })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Unified diff of every file, in path order.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for (shown, original, patched) in self.files.values() {
            let diff = similar::TextDiff::from_lines(original, patched);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{shown}"), &format!("b/{shown}"))
                    .to_string(),
            );
        }
        out
    }

    /// Writes every patched file, all or none (see [`crate::safe_write`]), after checking that
    /// none changed since the analysis.
    pub fn apply(&self) -> Result<Vec<Written>, PatchError> {
        for (path, (shown, original, _)) in &self.files {
            let now = std::fs::read(path)
                .map_err(|source| PatchError::Read { path: shown.clone(), source })?;
            if Sha256::digest(&now) != Sha256::digest(original.as_bytes()) {
                return Err(PatchError::Changed(shown.clone()));
            }
        }
        let files: Vec<(&Path, &[u8])> = self
            .files
            .iter()
            .map(|(path, (_, _, patched))| (path.as_path(), patched.as_bytes()))
            .collect();
        Ok(crate::safe_write::write_files(&files)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_split_into_call_names() {
        assert_eq!(module_names(""), Vec::<String>::new());
        assert_eq!(module_names("module.vpc"), ["vpc"]);
        assert_eq!(module_names("module.svc[\"a.b\"].module.db[0]"), ["svc", "db"]);
    }

    #[test]
    fn values_render_as_hcl() {
        assert_eq!(hcl(&Value::String("a\"${b}".into())), "\"a\\\"$${b}\"");
        assert_eq!(hcl(&Value::Bool(false)), "false");
        assert_eq!(hcl(&Value::Number(rust_decimal::Decimal::from(14))), "14");
    }

    #[test]
    fn overlapping_edits_conflict() {
        let e = |r: Range<usize>, t: &str| FileEdit { path: "f".into(), range: r, text: t.into() };
        let text = "abcdef";
        assert_eq!(
            apply_edits(Path::new("f"), text, &[e(1..2, "X"), e(1..2, "X")]).ok(),
            Some("aXcdef".into())
        );
        assert!(apply_edits(Path::new("f"), text, &[e(1..3, "X"), e(2..4, "Y")]).is_err());
    }
}
