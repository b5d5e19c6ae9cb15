//! Reading one module directory: every `*.tf` file is parsed with hcl-edit (which keeps byte
//! spans, so every block and expression can be located) and its top-level blocks are sorted into
//! declarations. Nothing is evaluated here.
//!
//! Leniency: duplicate `terraform {}` blocks are ignored, a second declaration of the same
//! variable/local/output/resource/module is a warning (the first one wins), unknown top-level
//! blocks are ignored. `.tf.json` files are rewritten as native HCL first
//! (`super::json_syntax`). An object constructor that repeats a key is valid HCL, the later
//! item wins ([`parse_hcl`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body};

use super::error::{Diagnostic, LoadError};
use super::instance::{Location, Mode, Warning};
use super::source::SourceFile;

/// An expression together with the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct AttrDecl {
    pub file: usize,
    pub expr: Expression,
    pub location: Location,
}

#[derive(Debug)]
pub(crate) struct VariableDecl {
    pub file: usize,
    pub location: Location,
    pub default: Option<Expression>,
    pub type_expr: Option<Expression>,
    /// `nullable = false`: a null input means the default (Terraform >= 1.1).
    pub nullable: bool,
    /// `validation` blocks, in order.
    pub validations: Vec<ValidationDecl>,
}

/// A `validation { condition, error_message }` block of a variable.
#[derive(Debug)]
pub(crate) struct ValidationDecl {
    pub file: usize,
    pub location: Location,
    pub condition: Option<Expression>,
    pub error_message: Option<Expression>,
}

#[derive(Debug)]
pub(crate) struct ResourceDecl {
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub file: usize,
    pub location: Location,
    pub body: Body,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    /// `provider = aws.west` as written (`aws.west`), if set.
    pub provider: Option<String>,
}

impl ResourceDecl {
    /// `aws_vpc.main` or `data.aws_ami.ubuntu`: the address inside its module.
    pub fn key(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }
}

#[derive(Debug)]
pub(crate) struct ModuleCallDecl {
    pub name: String,
    pub file: usize,
    pub location: Location,
    /// The literal `source`, `None` when missing or not a literal string.
    pub source: Option<String>,
    /// The literal `version` constraint (registry sources), `None` when absent.
    pub version: Option<String>,
    pub body: Body,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    /// `providers = { aws = aws.west }`: (name in the child, provider in the caller).
    pub providers: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct ProviderDecl {
    pub name: String,
    pub alias: Option<String>,
    pub file: usize,
    pub location: Location,
    pub body: Body,
}

impl ProviderDecl {
    /// `aws` or `aws.west`.
    pub fn key(&self) -> String {
        match &self.alias {
            Some(a) => format!("{}.{a}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One module directory, parsed.
#[derive(Debug, Default)]
pub(crate) struct ModuleConfig {
    pub dir: PathBuf,
    /// Directory relative to the root module (`.` for the root), forward slashes.
    pub rel_dir: String,
    pub files: Vec<SourceFile>,
    pub variables: BTreeMap<String, VariableDecl>,
    pub locals: BTreeMap<String, AttrDecl>,
    pub outputs: BTreeMap<String, AttrDecl>,
    pub resources: Vec<ResourceDecl>,
    /// Resource key (`aws_vpc.main`, `data.x.y`) → index into `resources`.
    pub resource_index: BTreeMap<String, usize>,
    pub modules: BTreeMap<String, ModuleCallDecl>,
    pub providers: Vec<ProviderDecl>,
    pub warnings: Vec<Warning>,
}

impl ModuleConfig {
    pub fn location(&self, file: usize, offset: usize) -> Location {
        self.files.get(file).map_or_else(Location::default, |f| f.location(offset))
    }

    pub fn snippet(&self, file: usize, offset: usize) -> String {
        self.files.get(file).map_or_else(String::new, |f| f.snippet(offset))
    }
}

/// Reads a file with the size limit and UTF-8 check every input file goes through.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let text = crate::input_file::read_to_string(path)?;
    if text.contains('\0') {
        return Err(LoadError::NotText(path.to_path_buf()));
    }
    Ok(text)
}

/// A `.tf.json` file rewritten as native HCL (see [`super::json_syntax`]); malformed JSON is a
/// parse error at its JSON line and column.
fn json_as_hcl(name: String, text: String) -> Result<SourceFile, LoadError> {
    match super::json_syntax::to_hcl(&text) {
        Ok(c) => Ok(SourceFile::rewritten(name, c.hcl, text, c.lines)),
        Err(e) => Err(json_error(name, text, &e)),
    }
}

fn json_error(name: String, text: String, e: &super::json_syntax::JsonError) -> LoadError {
    let offset =
        text.split_inclusive('\n').take(e.line.saturating_sub(1)).map(str::len).sum::<usize>()
            + e.column.saturating_sub(1);
    let offset = offset.min(text.len());
    let file = SourceFile::new(name, text);
    LoadError::Parse {
        diag: Diagnostic {
            location: file.location(offset),
            message: format!("invalid Terraform JSON: {}", e.message),
            snippet: file.snippet(offset),
        },
    }
}

/// Rewrites of duplicate object keys one file may need before the parse error stands.
const MAX_DUPLICATE_KEY_REWRITES: usize = 1000;

/// Parses HCL text; a syntax error becomes [`LoadError::Parse`] with line, column and caret.
///
/// An object constructor may repeat a key (`{ port = 80, port = 443 }`): HCL accepts it and the
/// later item wins (hashicorp/hcl `hclsyntax`: the parser keeps every item and
/// `ObjectConsExpr.Value` assigns `vals[key] = val` in order; only a `for` expression reports
/// "Duplicate object key"). hcl-edit refuses the repeat, so the repeated key is written as an
/// expression (`port` as `("port")`, `"port"` as `("port")`) that hcl-edit keeps as another
/// item and that evaluates to the same key, in order; locations still show the file as written.
pub(crate) fn parse_hcl(file: &mut SourceFile) -> Result<Body, LoadError> {
    let mut rewrites = 0;
    loop {
        let e = match hcl_edit::parser::parse_body(&file.text) {
            Ok(body) => return Ok(body),
            Err(e) => e,
        };
        let offset = e.location().offset();
        if rewrites < MAX_DUPLICATE_KEY_REWRITES
            && e.message().contains("redefined object key")
            && let Some((end, ident)) = object_key_end(&file.text, offset)
        {
            let (open, close) = if ident { ("(\"", "\")") } else { ("(", ")") };
            file.insert(end, close);
            file.insert(offset, open);
            rewrites += 1;
            continue;
        }
        return Err(LoadError::Parse {
            diag: Diagnostic {
                location: file.location(offset),
                message: format!("invalid HCL: {}", e.message()),
                snippet: file.snippet(offset),
            },
        });
    }
}

/// The end of the object key starting at `start`, and whether it is a bare identifier; `None`
/// when the key is not one of the forms [`parse_hcl`] rewrites (an identifier, a quoted string
/// without interpolation, a parenthesized expression).
fn object_key_end(text: &str, start: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    if first.is_ascii_alphabetic() || first == b'_' {
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
            .count();
        return Some((start + len, true));
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'$' | b'%') if bytes.get(i + 1) == Some(&b'{') => return None,
            (true, b'"') => {
                in_string = false;
                if depth == 0 {
                    return Some((i + 1, false));
                }
            }
            (false, b'"') => in_string = true,
            (false, b'(') => depth += 1,
            (false, b')') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((i + 1, false));
                }
            }
            (false, b'\n') => return None,
            (false, _) if depth == 0 => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Path of `path` relative to `root`, with forward slashes (`../x` when outside).
pub(crate) fn relative_path(root: &Path, path: &Path) -> String {
    let root_parts: Vec<_> = root.components().collect();
    let parts: Vec<_> = path.components().collect();
    let common = root_parts.iter().zip(&parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = Vec::new();
    for _ in common..root_parts.len() {
        out.push("..".to_string());
    }
    for p in &parts[common..] {
        out.push(p.as_os_str().to_string_lossy().into_owned());
    }
    if out.is_empty() { ".".to_string() } else { out.join("/") }
}

/// Lists the `.tf` and the `.tf.json` files of `dir`, each in name order.
pub(crate) fn tf_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), LoadError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|source| LoadError::Io { path: dir.to_path_buf(), source })?;
    let mut tf = Vec::new();
    let mut json = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io { path: dir.to_path_buf(), source })?;
        let path = entry.path();
        // Everything but a directory is listed (a dangling symlink, a FIFO, a link to
        // `/dev/zero`), so that reading it fails with its name instead of its resources
        // silently going missing.
        if path.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if name.ends_with(".tf") {
            tf.push(path);
        } else if name.ends_with(".tf.json") {
            json.push(path);
        }
    }
    tf.sort();
    json.sort();
    Ok((tf, json))
}

/// How the files of a module installed in the costplan module cache are named in locations:
/// this prefix, then the path inside the cache, so that a report does not depend on where
/// the user's home directory is.
pub const MODULE_CACHE_PREFIX: &str = "[module cache]/";

/// Parses every `.tf` file of `dir`. `root` is the root module directory (for relative paths,
/// and `path.module`); `cache` is the module cache directory when `dir` is inside it (its files
/// are then named [`MODULE_CACHE_PREFIX`] and their path in the cache).
pub(crate) fn load_module_dir(
    dir: &Path,
    root: &Path,
    cache: Option<&Path>,
) -> Result<ModuleConfig, LoadError> {
    let (tf, json) = tf_files(dir)?;
    let mut cfg = ModuleConfig {
        dir: dir.to_path_buf(),
        rel_dir: relative_path(root, dir),
        ..Default::default()
    };
    // Native files first, then JSON ones (Terraform reads both; the order only decides which
    // of two duplicate declarations wins).
    for (path, is_json) in
        tf.into_iter().map(|p| (p, false)).chain(json.into_iter().map(|p| (p, true)))
    {
        let text = read_text(&path)?;
        let name = match cache {
            Some(c) => format!("{MODULE_CACHE_PREFIX}{}", relative_path(c, &path)),
            None => relative_path(root, &path),
        };
        let mut file = if is_json { json_as_hcl(name, text)? } else { SourceFile::new(name, text) };
        let body = parse_hcl(&mut file)?;
        let idx = cfg.files.len();
        cfg.files.push(file);
        collect(&mut cfg, idx, body)?;
    }
    Ok(cfg)
}

fn span_start(s: &impl Span) -> usize {
    s.span().map_or(0, |r| r.start)
}

fn literal_string(expr: &Expression) -> Option<String> {
    match expr {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => {
            // A template without interpolations is a plain string.
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The dotted text of a reference expression (`aws.west`), `None` for anything else.
pub(crate) fn reference_text(expr: &Expression) -> Option<String> {
    match expr {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let mut out = reference_text(&t.expr)?;
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(ident) => {
                        out.push('.');
                        out.push_str(ident.as_str());
                    }
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => literal_string(expr),
    }
}

/// Top-level block types Terraform accepts that cost nothing, and so are not read.
pub(crate) const IGNORED_BLOCKS: &[&str] =
    &["terraform", "moved", "import", "check", "removed", "ephemeral", "action"];

/// The labels each read block type takes, for "needs N labels" errors.
fn expected_labels(ident: &str) -> Option<(usize, &'static str)> {
    Some(match ident {
        "resource" | "data" => (2, "a type and a name"),
        "variable" | "output" | "module" => (1, "a name"),
        "provider" => (1, "a provider name"),
        "locals" => (0, "no labels"),
        _ => return None,
    })
}

fn collect(cfg: &mut ModuleConfig, file: usize, body: Body) -> Result<(), LoadError> {
    for structure in body.into_iter() {
        let block = match structure {
            hcl_edit::structure::Structure::Block(b) => b,
            hcl_edit::structure::Structure::Attribute(a) => {
                let loc = cfg.location(file, span_start(&a));
                cfg.warnings.push(Warning::new(
                    "unexpected-attribute",
                    format!(
                        "top-level attribute `{}` is not Terraform configuration and was ignored",
                        a.key.as_str()
                    ),
                    Some(loc),
                ));
                continue;
            }
        };
        let location = cfg.location(file, span_start(&block));
        let labels: Vec<String> = block.labels.iter().map(|l| l.as_str().to_string()).collect();
        let ident = block.ident.as_str();
        // Terraform itself refuses both ("Unsupported block type", "Missing name for ...");
        // ignoring them would drop whatever the block was meant to declare.
        let wrong = match expected_labels(ident) {
            Some((n, what)) if labels.len() != n => Some((
                format!("a `{ident}` block takes {what}, but this one has {} labels", labels.len()),
                "write the block as Terraform documents it",
            )),
            None if !IGNORED_BLOCKS.contains(&ident) => Some((
                format!("unsupported block type `{ident}`: Terraform does not accept it here"),
                "remove the block or fix its name (resource, data, module, variable, locals, output, provider, terraform, ...)",
            )),
            _ => None,
        };
        if let Some((message, help)) = wrong {
            let offset = span_start(&block);
            let diag = super::Diagnostic { location, message, snippet: cfg.snippet(file, offset) };
            return Err(LoadError::Eval { diag, help: help.into() });
        }
        match (ident, labels.as_slice()) {
            ("variable", [name]) => collect_variable(cfg, file, location, name, block),
            ("locals", []) => {
                for attr in block.body.into_attributes() {
                    let name = attr.key.as_str().to_string();
                    let loc = cfg.location(file, span_start(&attr));
                    if cfg.locals.contains_key(&name) {
                        cfg.warnings.push(Warning::new(
                            "duplicate-declaration",
                            format!("local `{name}` is declared more than once; the first declaration is used"),
                            Some(loc),
                        ));
                        continue;
                    }
                    cfg.locals.insert(name, AttrDecl { file, expr: attr.value, location: loc });
                }
            }
            ("output", [name]) => {
                if let Some(attr) = block.body.get_attribute("value") {
                    let loc = cfg.location(file, span_start(attr));
                    if cfg.outputs.contains_key(name) {
                        cfg.warnings.push(Warning::new(
                            "duplicate-declaration",
                            format!("output `{name}` is declared more than once; the first declaration is used"),
                            Some(location.clone()),
                        ));
                    } else {
                        cfg.outputs.insert(
                            name.clone(),
                            AttrDecl { file, expr: attr.value.clone(), location: loc },
                        );
                    }
                }
            }
            ("resource", [rtype, name]) => {
                collect_resource(cfg, file, location, Mode::Managed, rtype, name, block)
            }
            ("data", [rtype, name]) => {
                collect_resource(cfg, file, location, Mode::Data, rtype, name, block)
            }
            ("module", [name]) => collect_module(cfg, file, location, name, block),
            ("provider", [name]) => {
                let alias =
                    block.body.get_attribute("alias").and_then(|a| literal_string(&a.value));
                let decl =
                    ProviderDecl { name: name.clone(), alias, file, location, body: block.body };
                if cfg.providers.iter().any(|p| p.key() == decl.key()) {
                    cfg.warnings.push(Warning::new(
                        "duplicate-provider",
                        format!(
                            "provider `{}` is configured more than once; the first block is used",
                            decl.key()
                        ),
                        Some(decl.location.clone()),
                    ));
                } else {
                    cfg.providers.push(decl);
                }
            }
            // terraform {}, moved {}, import {}, ...: nothing to cost.
            _ => {}
        }
    }
    Ok(())
}

fn collect_variable(
    cfg: &mut ModuleConfig,
    file: usize,
    location: Location,
    name: &str,
    block: Block,
) {
    if cfg.variables.contains_key(name) {
        cfg.warnings.push(Warning::new(
            "duplicate-declaration",
            format!("variable `{name}` is declared more than once; the first declaration is used"),
            Some(location),
        ));
        return;
    }
    let default = block.body.get_attribute("default").map(|a| a.value.clone());
    let type_expr = block.body.get_attribute("type").map(|a| a.value.clone());
    let nullable = !matches!(
        block.body.get_attribute("nullable").map(|a| &a.value),
        Some(Expression::Bool(b)) if !*b.value()
    );
    let validations = block
        .body
        .blocks()
        .filter(|b| b.ident.as_str() == "validation")
        .map(|b| ValidationDecl {
            file,
            location: cfg.location(file, span_start(b)),
            condition: b.body.get_attribute("condition").map(|a| a.value.clone()),
            error_message: b.body.get_attribute("error_message").map(|a| a.value.clone()),
        })
        .collect();
    cfg.variables.insert(
        name.to_string(),
        VariableDecl { file, location, default, type_expr, nullable, validations },
    );
}

#[allow(clippy::too_many_arguments)]
fn collect_resource(
    cfg: &mut ModuleConfig,
    file: usize,
    location: Location,
    mode: Mode,
    rtype: &str,
    name: &str,
    block: Block,
) {
    let decl = ResourceDecl {
        mode,
        rtype: rtype.to_string(),
        name: name.to_string(),
        file,
        location,
        count: block.body.get_attribute("count").map(|a| a.value.clone()),
        for_each: block.body.get_attribute("for_each").map(|a| a.value.clone()),
        provider: block.body.get_attribute("provider").and_then(|a| reference_text(&a.value)),
        body: block.body,
    };
    // The index answers "declared before?" in log time: a scan of `resources` made loading a
    // file of n resources quadratic.
    let key = decl.key();
    if cfg.resource_index.contains_key(&key) {
        cfg.warnings.push(Warning::new(
            "duplicate-declaration",
            format!("`{key}` is declared more than once; the first declaration is used"),
            Some(decl.location.clone()),
        ));
        return;
    }
    cfg.resource_index.insert(key, cfg.resources.len());
    cfg.resources.push(decl);
}

fn collect_module(
    cfg: &mut ModuleConfig,
    file: usize,
    location: Location,
    name: &str,
    block: Block,
) {
    if cfg.modules.contains_key(name) {
        cfg.warnings.push(Warning::new(
            "duplicate-declaration",
            format!("module `{name}` is declared more than once; the first declaration is used"),
            Some(location),
        ));
        return;
    }
    let mut providers = Vec::new();
    if let Some(Expression::Object(obj)) = block.body.get_attribute("providers").map(|a| &a.value) {
        for (key, value) in obj.iter() {
            let child = match key {
                hcl_edit::expr::ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                hcl_edit::expr::ObjectKey::Expression(e) => reference_text(e),
            };
            if let (Some(child), Some(parent)) = (child, reference_text(value.expr())) {
                providers.push((child, parent));
            }
        }
    }
    let decl = ModuleCallDecl {
        name: name.to_string(),
        file,
        location,
        source: block.body.get_attribute("source").and_then(|a| literal_string(&a.value)),
        version: block.body.get_attribute("version").and_then(|a| literal_string(&a.value)),
        count: block.body.get_attribute("count").map(|a| a.value.clone()),
        for_each: block.body.get_attribute("for_each").map(|a| a.value.clone()),
        providers,
        body: block.body,
    };
    cfg.modules.insert(name.to_string(), decl);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_forward_slashes_and_dotdot() {
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b/c/d.tf")), "c/d.tf");
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/x/m")), "../x/m");
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b")), ".");
    }

    #[test]
    fn reference_text_reads_provider_references() {
        let e: Expression = "aws.west".parse().unwrap();
        assert_eq!(reference_text(&e).as_deref(), Some("aws.west"));
    }
}
