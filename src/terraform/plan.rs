//! Plan input: `terraform show -json plan.out` output becomes the same instance list as the HCL
//! path.
//!
//! Contract:
//! - Instances are the resources in `planned_values` (root module and child modules,
//!   recursively): what exists after apply. Resources only being destroyed are not instances.
//!   Data sources read at plan time live in `prior_state` and are added from there. A state file
//!   (`terraform show -json` without a plan: top-level `values`) is read the same way.
//! - Attributes come from the resource's `resource_changes[].change.after`, with every path that
//!   `after_unknown` marks turned into [`Value::Unknown`]; without a change entry, from the
//!   planned values.
//! - Regions: a resource's own `region` argument (AWS provider v6) wins, then the region of the
//!   provider configuration it uses (`configuration.provider_config`, following provider passing
//!   through module calls as far as the JSON records it; `region = var.x` in the root module is
//!   read from the plan's `variables`), then `region_override`: the caller's
//!   [`crate::region::outside_config`] (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, profile).
//!   An AWS resource whose region stays unknown gets a `region-unknown` warning.
//! - The provider is `aws` or `aws.<alias>` as written in the module that declares the resource;
//!   for a module resource using a configuration passed from its caller the plan no longer says
//!   which local name it used, and `aws` is reported.
//! - References (which resources each attribute's expression refers to) come from the
//!   configuration's `expressions`, as [`super::plan_refs`] describes.
//! - Locations are best-effort: when the plan file sits in the root module directory the
//!   resource's `resource`/`data` block is found in the `.tf` files (local module sources
//!   included); otherwise the location is the resource's line in the plan file.
//! - Bad input (unreadable, over 50 MB, not JSON, not a plan) is a [`PlanError`] naming the file.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value as Json;

use super::instance::{Instance, Location, Mode, Warning};
use super::natural_cmp;
use super::plan_refs::PlanRefs;
use super::value::Value;

/// Largest plan file read (Terraform plans of very large estates stay well below this): the one
/// input-file limit, [`crate::input_file::MAX_BYTES`].
pub const MAX_PLAN_BYTES: u64 = crate::input_file::MAX_BYTES;

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot read plan `{path}`: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("plan `{path}` is {size} bytes, over the 50 MB limit")]
    TooLarge { path: PathBuf, size: u64 },
    /// A directory, FIFO, device or socket given as the plan.
    #[error(transparent)]
    NotAFile(crate::input_file::InputFileError),
    #[error("plan `{path}` is not valid JSON at line {line}, column {column}: {message}")]
    Json { path: PathBuf, line: usize, column: usize, message: String },
    #[error(
        "plan `{path}` has {count} resource instances, over the limit of {limit}; split the configuration into smaller root modules"
    )]
    TooManyInstances { path: PathBuf, count: usize, limit: usize },
    #[error(
        "plan `{path}` has `format_version` {found}; costplan reads the 1.x plan format Terraform writes (`terraform show -json`): regenerate the plan with Terraform 0.12 or later"
    )]
    FormatVersion { path: PathBuf, found: String },
    #[error(
        "plan `{path}`: `{key}` must be {expected}, got {found}; the file is damaged or not written by `terraform show -json`"
    )]
    Shape { path: PathBuf, key: String, expected: &'static str, found: &'static str },
    #[error(
        "plan `{path}`: resource address `{address}` appears more than once in `{section}`; the file is damaged or hand-edited: regenerate it with `terraform show -json`"
    )]
    DuplicateAddress { path: PathBuf, address: String, section: &'static str },
    #[error(
        "`{path}` is not a Terraform plan in JSON: {reason} (create one with `terraform plan -out plan.out && terraform show -json plan.out > plan.json`)"
    )]
    NotAPlan { path: PathBuf, reason: String },
}

/// What a plan file yields: the instances plus plan-level warnings and the files read.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct PlanContents {
    /// Sorted by address (numeric indices in numeric order).
    pub instances: Vec<Instance>,
    pub warnings: Vec<Warning>,
    /// The plan file and any `.tf` files read for locations, relative to the plan's directory.
    pub files: Vec<String>,
}

/// Reads a `terraform show -json` plan (or state) file into instances.
pub fn read_plan(path: &Path, region_override: Option<&str>) -> Result<PlanContents, PlanError> {
    use crate::input_file::InputFileError as E;
    let text = crate::input_file::read_to_string(path).map_err(|e| match e {
        E::Io { path, cause } => PlanError::Read { path, source: cause },
        E::TooLarge { path, size } => PlanError::TooLarge { path, size },
        E::NotText { path } => {
            PlanError::NotAPlan { path, reason: "the file is not UTF-8 text".into() }
        }
        e @ E::NotRegular { .. } => PlanError::NotAFile(e),
    })?;
    parse_plan(&text, path, region_override)
}

/// Reads plan JSON already in memory; `path` names it in errors and locates `.tf` files (its
/// directory) for locations. The entry point for fuzzing.
pub fn parse_plan(
    text: &str,
    path: &Path,
    region_override: Option<&str>,
) -> Result<PlanContents, PlanError> {
    let json: Json = serde_json::from_str(text).map_err(|e| PlanError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let not_a_plan =
        |reason: &str| PlanError::NotAPlan { path: path.to_path_buf(), reason: reason.to_string() };
    let Json::Object(top) = &json else {
        return Err(not_a_plan("the top level is not an object"));
    };
    // Terraform has written format 1.x since 0.12; a 2.0 may change what the keys mean.
    match top.get("format_version") {
        None => {}
        Some(Json::String(v)) if is_format_1(v) => {}
        Some(other) => {
            return Err(PlanError::FormatVersion {
                path: path.to_path_buf(),
                found: other.to_string(),
            });
        }
    }
    let values_root =
        top.get("planned_values").or_else(|| top.get("values")).and_then(|v| v.get("root_module"));
    if values_root.is_none()
        && !top.contains_key("resource_changes")
        && !top.contains_key("prior_state")
    {
        return Err(not_a_plan(
            "it has no `planned_values`, `resource_changes`, `prior_state` or `values`",
        ));
    }
    let dir = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    let file_name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
    // Everything downstream (pricing, `advise`) grows with the instance count: refuse a plan
    // over the limit before building any instance.
    let count = match values_root {
        Some(root) => resource_count(root),
        None => top.get("resource_changes").and_then(Json::as_array).map_or(0, Vec::len),
    };
    let limit = super::MAX_INSTANCES;
    if count > limit {
        return Err(PlanError::TooManyInstances { path: path.to_path_buf(), count, limit });
    }
    let mut reader = Reader::new(&json, text, dir, file_name, region_override);
    reader.run(values_root)?;
    Ok(reader.finish())
}

/// Resource entries in a module of the plan's values and all its child modules.
fn resource_count(module: &Json) -> usize {
    let own = module.get("resources").and_then(Json::as_array).map_or(0, Vec::len);
    let children = module.get("child_modules").and_then(Json::as_array);
    own + children.map_or(0, |c| c.iter().map(resource_count).sum())
}

/// `1`, `1.0`, `1.2`: the plan formats Terraform 0.12 and later write.
fn is_format_1(v: &str) -> bool {
    let mut parts = v.split('.');
    parts.next() == Some("1")
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The array at `key` of `obj` (absent or null: none); anything else is a shape error.
fn array_at<'j>(
    obj: &'j Json,
    key: &str,
    where_: &str,
    path: &Path,
) -> Result<&'j [Json], PlanError> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(PlanError::Shape {
            path: path.to_path_buf(),
            key: if where_.is_empty() { key.to_string() } else { format!("{where_}.{key}") },
            expected: "an array",
            found: json_type(other),
        }),
    }
}

/// One provider configuration from `configuration.provider_config`.
#[derive(Debug, Clone)]
struct Provider {
    /// Local name (`aws`), without alias.
    name: String,
    region: Option<String>,
}

struct Reader<'a> {
    plan: &'a Json,
    text: &'a str,
    dir: PathBuf,
    file_name: String,
    region_override: Option<String>,
    providers: BTreeMap<String, Provider>,
    /// (module path without instance keys, resource address in module) → provider config key.
    provider_keys: BTreeMap<(String, String), String>,
    /// Module path without instance keys → directory relative to the plan's directory, when
    /// the module source is local.
    module_dirs: BTreeMap<String, Option<PathBuf>>,
    /// Module path without instance keys → its `module_calls` entry in the configuration.
    module_calls: BTreeMap<String, &'a Json>,
    changes: BTreeMap<&'a str, &'a Json>,
    /// The configuration's expressions, for each instance's references.
    refs: PlanRefs<'a>,
    declarations: RefCell<BTreeMap<PathBuf, Vec<Declaration>>>,
    /// Address → (line, column) of its first `"address"` entry in the plan text, built once
    /// on first use (a search per instance would be quadratic on large plans).
    address_lines: RefCell<Option<BTreeMap<String, (usize, usize)>>>,
    files: BTreeSet<String>,
    instances: Vec<Instance>,
    warnings: Vec<Warning>,
}

/// A `resource`/`data` block found in a `.tf` file.
#[derive(Debug, Clone)]
struct Declaration {
    mode: Mode,
    rtype: String,
    name: String,
    location: Location,
}

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""address"\s*:\s*("(?:[^"\\]|\\.)*")"#).expect("the address pattern is valid")
});

/// One pass over the plan text: where each address first appears as an `"address"` value.
/// Line and column advance with the text scanned since the previous match, never from the start
/// of the line: `terraform show -json` writes the whole plan on one line.
fn address_index(text: &str) -> BTreeMap<String, (usize, usize)> {
    let mut out = BTreeMap::new();
    let (mut line, mut column, mut scanned) = (1usize, 1usize, 0usize);
    for c in ADDRESS.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        let Ok(addr) = serde_json::from_str::<String>(m.as_str()) else { continue };
        let Some(whole) = c.get(0) else { continue };
        let pos = whole.start();
        for ch in text[scanned..pos].chars() {
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        scanned = pos;
        out.entry(addr).or_insert((line, column));
    }
    out
}

static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\s*)(resource|data)\s+"([^"]+)"\s+"([^"]+)"\s*\{"#)
        .expect("the block pattern is valid")
});

impl<'a> Reader<'a> {
    fn new(
        plan: &'a Json,
        text: &'a str,
        dir: PathBuf,
        file_name: String,
        region_override: Option<&str>,
    ) -> Self {
        let mut r = Reader {
            plan,
            text,
            dir,
            file_name: file_name.clone(),
            region_override: region_override.map(str::to_string),
            providers: BTreeMap::new(),
            provider_keys: BTreeMap::new(),
            module_dirs: BTreeMap::new(),
            module_calls: BTreeMap::new(),
            changes: BTreeMap::new(),
            refs: PlanRefs::new(plan),
            declarations: RefCell::new(BTreeMap::new()),
            address_lines: RefCell::new(None),
            files: BTreeSet::from([file_name]),
            instances: Vec::new(),
            warnings: Vec::new(),
        };
        r.read_configuration();
        if let Some(Json::Array(changes)) = plan.get("resource_changes") {
            // Deposed objects (left over from create-before-destroy) share the address of the
            // current object; they are being destroyed and are not instances.
            for c in changes.iter().filter(|c| c.get("deposed").is_none()) {
                if let (Some(addr), Some(change)) =
                    (c.get("address").and_then(Json::as_str), c.get("change"))
                {
                    r.changes.insert(addr, change);
                }
            }
        }
        if plan.get("errored") == Some(&Json::Bool(true)) {
            r.warnings.push(Warning::new(
                "plan-errored",
                "the plan reports that planning failed part-way; some resources may be missing",
                None,
            ));
        }
        r
    }

    fn read_configuration(&mut self) {
        let Some(config) = self.plan.get("configuration") else { return };
        if let Some(root) = config.get("root_module") {
            self.module_dirs.insert(String::new(), Some(PathBuf::new()));
            self.read_module_config(root, "", Some(PathBuf::new()));
        }
        if let Some(Json::Object(pcs)) = config.get("provider_config") {
            for (key, pc) in pcs {
                let name = pc.get("name").and_then(Json::as_str).map_or_else(
                    || local_part(key).split('.').next().unwrap_or("").to_string(),
                    str::to_string,
                );
                let module = pc.get("module_address").and_then(Json::as_str).unwrap_or("");
                let region = pc
                    .get("expressions")
                    .and_then(|e| e.get("region"))
                    .and_then(|r| self.expression_string(r, module));
                self.providers.insert(key.clone(), Provider { name, region });
            }
        }
    }

    /// A constant string, or a `var.x` reference: from the plan's variables in the root module,
    /// through the module call's arguments (and the variable's default) in a child module.
    fn expression_string(&self, expr: &Json, module: &str) -> Option<String> {
        if let Some(s) = expr.get("constant_value").and_then(Json::as_str) {
            return Some(s.to_string());
        }
        let refs = expr.get("references")?.as_array()?;
        let var = refs.iter().filter_map(Json::as_str).find_map(|r| r.strip_prefix("var."))?;
        self.variable(module, var)
    }

    fn variable(&self, module: &str, var: &str) -> Option<String> {
        if module.is_empty() {
            return self
                .plan
                .get("variables")?
                .get(var)?
                .get("value")?
                .as_str()
                .map(str::to_string);
        }
        let module = strip_keys(module);
        let call = self.module_calls.get(&module)?;
        let parent = module.rsplit_once(".module.").map_or("", |(p, _)| p);
        match call.get("expressions").and_then(|e| e.get(var)) {
            Some(expr) => self.expression_string(expr, parent),
            None => call
                .get("module")?
                .get("variables")?
                .get(var)?
                .get("default")?
                .as_str()
                .map(str::to_string),
        }
    }

    fn read_module_config(&mut self, module: &'a Json, path: &str, dir: Option<PathBuf>) {
        if let Some(Json::Array(resources)) = module.get("resources") {
            for r in resources {
                let addr = r.get("address").and_then(Json::as_str);
                let key = r.get("provider_config_key").and_then(Json::as_str).or_else(|| {
                    r.get("provider_config_keys").and_then(|k| k.get(0)).and_then(Json::as_str)
                });
                if let (Some(addr), Some(key)) = (addr, key) {
                    self.provider_keys
                        .insert((path.to_string(), addr.to_string()), key.to_string());
                }
            }
        }
        if let Some(Json::Object(calls)) = module.get("module_calls") {
            for (name, call) in calls {
                let child_path = if path.is_empty() {
                    format!("module.{name}")
                } else {
                    format!("{path}.module.{name}")
                };
                let source = call.get("source").and_then(Json::as_str).unwrap_or("");
                let child_dir = match &dir {
                    Some(d) if source.starts_with("./") || source.starts_with("../") => {
                        Some(clean(&d.join(source)))
                    }
                    _ => None,
                };
                self.module_dirs.insert(child_path.clone(), child_dir.clone());
                self.module_calls.insert(child_path.clone(), call);
                if let Some(m) = call.get("module") {
                    self.read_module_config(m, &child_path, child_dir);
                }
            }
        }
    }

    fn run(&mut self, values_root: Option<&'a Json>) -> Result<(), PlanError> {
        let mut seen = BTreeSet::new();
        let plan_path = self.dir.join(&self.file_name);
        let changes = array_at(self.plan, "resource_changes", "", &plan_path)?;
        if let Some(root) = values_root {
            let section =
                if self.plan.get("planned_values").is_some() { "planned_values" } else { "values" };
            self.walk(root, "", &mut seen, Source::Planned, section)?;
        } else {
            // No planned values (a trimmed plan): every change that is not a pure delete.
            // Deposed objects share the address of the current one and are being destroyed.
            for c in changes.iter().filter(|c| c.get("deposed").is_none()) {
                let deletes_only = c
                    .get("change")
                    .and_then(|ch| ch.get("actions"))
                    .and_then(Json::as_array)
                    .is_some_and(|a| a.iter().all(|x| x.as_str() == Some("delete")));
                if !deletes_only {
                    let module =
                        c.get("module_address").and_then(Json::as_str).unwrap_or("").to_string();
                    self.add(c, &module, &mut seen, Source::Change, "resource_changes")?;
                }
            }
        }
        if let Some(root) = self
            .plan
            .get("prior_state")
            .and_then(|p| p.get("values"))
            .and_then(|v| v.get("root_module"))
        {
            self.walk(root, "", &mut seen, Source::PriorData, "prior_state")?;
        }
        Ok(())
    }

    fn walk(
        &mut self,
        module: &'a Json,
        module_addr: &str,
        seen: &mut BTreeSet<String>,
        source: Source,
        section: &'static str,
    ) -> Result<(), PlanError> {
        let plan_path = self.dir.join(&self.file_name);
        let where_ = if module_addr.is_empty() {
            format!("{section}.root_module")
        } else {
            format!("{section} module `{module_addr}`")
        };
        for r in array_at(module, "resources", &where_, &plan_path)? {
            self.add(r, module_addr, seen, source, section)?;
        }
        for child in array_at(module, "child_modules", &where_, &plan_path)? {
            let addr = child.get("address").and_then(Json::as_str).unwrap_or("").to_string();
            self.walk(child, &addr, seen, source, section)?;
        }
        Ok(())
    }

    fn add(
        &mut self,
        r: &'a Json,
        module: &str,
        seen: &mut BTreeSet<String>,
        source: Source,
        section: &'static str,
    ) -> Result<(), PlanError> {
        let field = |k: &str| r.get(k).and_then(Json::as_str);
        let (Some(rtype), Some(name)) = (field("type"), field("name")) else {
            self.warnings.push(Warning::new(
                "plan-resource-skipped",
                format!("a resource in `{}` has no type or name and was skipped", self.file_name),
                None,
            ));
            return Ok(());
        };
        let mode = if field("mode") == Some("data") { Mode::Data } else { Mode::Managed };
        if source == Source::PriorData && mode != Mode::Data {
            return Ok(());
        }
        let local = format!("{}{rtype}.{name}", if mode == Mode::Data { "data." } else { "" });
        let address = field("address").map_or_else(
            || {
                let index = match r.get("index") {
                    Some(Json::Number(n)) => format!("[{n}]"),
                    Some(Json::String(s)) => {
                        format!("[{}]", serde_json::to_string(s).unwrap_or_default())
                    }
                    _ => String::new(),
                };
                if module.is_empty() {
                    format!("{local}{index}")
                } else {
                    format!("{module}.{local}{index}")
                }
            },
            str::to_string,
        );
        if !seen.insert(address.clone()) {
            // Data sources read during planning are in both the planned values and the prior
            // state; twice in one section is a damaged plan.
            if source == Source::PriorData {
                return Ok(());
            }
            return Err(PlanError::DuplicateAddress {
                path: self.dir.join(&self.file_name),
                address,
                section,
            });
        }
        let attributes = match (source, self.changes.get(address.as_str())) {
            (Source::Planned | Source::Change, Some(change))
                if change.get("after").is_some_and(|a| !a.is_null()) =>
            {
                merge_unknown(
                    change.get("after").unwrap_or(&Json::Null),
                    change.get("after_unknown"),
                )
            }
            _ => r.get("values").map_or(Value::Map(BTreeMap::new()), Value::from_json),
        };
        let module_path = strip_keys(module);
        let provider_key = self
            .provider_keys
            .get(&(module_path.clone(), local.clone()))
            .cloned()
            .unwrap_or_else(|| provider_from_name(field("provider_name")));
        let provider_info = self.provider(&provider_key);
        let provider_name = provider_info.as_ref().map_or_else(
            || local_part(&provider_key).split('.').next().unwrap_or("").to_string(),
            |p| p.name.clone(),
        );
        let is_aws = provider_name == "aws";
        let provider = if provider_key.contains(':') {
            local_part(&provider_key).to_string()
        } else if module_path.is_empty() {
            provider_key.clone()
        } else {
            // Passed from the caller: the module's own local name is not in the plan.
            provider_name.clone()
        };
        let mut warnings = Vec::new();
        let region = match attributes.get("region") {
            Some(Value::String(r)) if is_aws => Some(r.clone()),
            _ => provider_info
                .and_then(|p| p.region)
                .or_else(|| if is_aws { self.region_override.clone() } else { None }),
        };
        if is_aws && region.is_none() {
            warnings.push(Warning::new(
                "region-unknown",
                format!("the region of provider `{provider}` is not known; pass --region"),
                None,
            ));
        }
        let location = self.locate(&module_path, mode, rtype, name, &address);
        self.instances.push(Instance {
            address,
            resource_type: rtype.to_string(),
            name: name.to_string(),
            mode,
            module: module.to_string(),
            region,
            provider,
            attributes,
            location,
            references: self.refs.of_instance(module, &local),
            warnings,
        });
        Ok(())
    }

    fn provider(&self, key: &str) -> Option<Provider> {
        self.providers.get(key).cloned().or_else(|| {
            // Terraform 0.12-style keys (`vpc:aws`) when the module has no provider block of
            // its own: the configuration comes from the root.
            key.contains(':').then(|| self.providers.get(local_part(key)).cloned()).flatten()
        })
    }

    fn locate(
        &self,
        module_path: &str,
        mode: Mode,
        rtype: &str,
        name: &str,
        address: &str,
    ) -> Location {
        if let Some(Some(dir)) = self.module_dirs.get(module_path) {
            self.load_declarations(dir);
            let found = self.declarations.borrow().get(dir).and_then(|decls| {
                decls
                    .iter()
                    .find(|d| d.mode == mode && d.rtype == rtype && d.name == name)
                    .map(|d| d.location.clone())
            });
            if let Some(location) = found {
                return location;
            }
        }
        // The resource's first `"address": ...` in the plan file.
        let mut index = self.address_lines.borrow_mut();
        let index = index.get_or_insert_with(|| address_index(self.text));
        let (line, column) = index.get(address).copied().unwrap_or((1, 1));
        Location { file: self.file_name.clone(), line, column }
    }

    /// `resource`/`data` blocks of the `.tf` files in `dir` (relative to the plan's directory).
    fn load_declarations(&self, dir: &Path) {
        if self.declarations.borrow().contains_key(dir) {
            return;
        }
        let mut found = Vec::new();
        let full = self.dir.join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&full)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for file in files {
            // Only for locations: a file that cannot be read just has none.
            let Ok(text) = crate::input_file::read_to_string(&file) else { continue };
            let rel = rel_text(&dir.join(file.file_name().unwrap_or_default()));
            for (i, line) in text.lines().enumerate() {
                if let Some(c) = BLOCK.captures(line) {
                    found.push(Declaration {
                        mode: if &c[2] == "data" { Mode::Data } else { Mode::Managed },
                        rtype: c[3].to_string(),
                        name: c[4].to_string(),
                        location: Location {
                            file: rel.clone(),
                            line: i + 1,
                            column: c[1].chars().count() + 1,
                        },
                    });
                }
            }
        }
        self.declarations.borrow_mut().insert(dir.to_path_buf(), found);
    }

    fn finish(mut self) -> PlanContents {
        for inst in &self.instances {
            if inst.location.file != self.file_name {
                self.files.insert(inst.location.file.clone());
            }
        }
        let mut instances = self.instances;
        instances.sort_by(|a, b| natural_cmp(&a.address, &b.address));
        for inst in &mut instances {
            inst.warnings.sort();
            inst.warnings.dedup();
        }
        let mut warnings = self.warnings;
        warnings.sort();
        warnings.dedup();
        PlanContents { instances, warnings, files: self.files.into_iter().collect() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Planned,
    Change,
    PriorData,
}

/// `registry.terraform.io/hashicorp/aws` → `aws`.
fn provider_from_name(name: Option<&str>) -> String {
    name.and_then(|n| n.rsplit('/').next()).unwrap_or("aws").to_string()
}

/// The part of a provider key after the module prefix: `module.x:aws.west` → `aws.west`.
fn local_part(key: &str) -> &str {
    key.rsplit_once(':').map_or(key, |(_, l)| l)
}

/// `module.svc["a.b"].module.x[0]` → `module.svc.module.x`: the module's configuration path.
pub(super) fn strip_keys(module: &str) -> String {
    let mut out = String::with_capacity(module.len());
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for c in module.chars() {
        if depth > 0 {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                }
            } else if c == '"' {
                in_str = true;
            } else if c == ']' {
                depth -= 1;
            }
            continue;
        }
        if c == '[' {
            depth += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// `after` with every path `after_unknown` marks `true` replaced by unknown.
fn merge_unknown(after: &Json, unknown: Option<&Json>) -> Value {
    match (after, unknown) {
        (_, Some(Json::Bool(true))) => Value::Unknown,
        (Json::Object(a), Some(Json::Object(u))) => {
            let mut out: BTreeMap<String, Value> =
                a.iter().map(|(k, v)| (k.clone(), merge_unknown(v, u.get(k)))).collect();
            for (k, v) in u {
                if !a.contains_key(k) {
                    let merged = merge_unknown(&Json::Null, Some(v));
                    if !merged.is_null() {
                        out.insert(k.clone(), merged);
                    }
                }
            }
            Value::Map(out)
        }
        (Json::Array(a), Some(Json::Array(u))) => {
            let mut out: Vec<Value> =
                a.iter().enumerate().map(|(i, v)| merge_unknown(v, u.get(i))).collect();
            for v in u.iter().skip(a.len()) {
                if v == &Json::Bool(true) {
                    out.push(Value::Unknown);
                }
            }
            Value::List(out)
        }
        _ => Value::from_json(after),
    }
}

/// Lexical path clean-up (`./a/../b` → `b`).
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn rel_text(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_lose_instance_keys() {
        assert_eq!(strip_keys(r#"module.svc["a.b]"].module.x[0]"#), "module.svc.module.x");
        assert_eq!(strip_keys(r#"module.svc["q\"]"]"#), "module.svc");
        assert_eq!(strip_keys(""), "");
    }

    #[test]
    fn after_unknown_marks_nested_paths() {
        let after = serde_json::json!({"cpu": 256, "blocks": [{"size": 8}], "tags": null});
        let unknown =
            serde_json::json!({"id": true, "blocks": [{"volume_id": true}], "arns": [true, true]});
        let v = merge_unknown(&after, Some(&unknown));
        let want = serde_json::json!({
            "cpu": 256,
            "blocks": [{"size": 8, "volume_id": {"$unknown": true}}],
            "tags": null,
            "id": {"$unknown": true}
        });
        assert_eq!(serde_json::to_value(&v).unwrap(), want);
        assert_eq!(merge_unknown(&Json::Null, Some(&Json::Bool(true))), Value::Unknown);
        let list = merge_unknown(&serde_json::json!([1]), Some(&serde_json::json!([false, true])));
        assert_eq!(list, Value::List(vec![Value::Number(1.into()), Value::Unknown]));
    }
}
