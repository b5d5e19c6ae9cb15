//! The module runner: evaluates one module instance (root or child) lazily.
//!
//! Every named thing in a module — a local, a resource, a data source, a module call — is a
//! node evaluated on first reference and memoised; a node referenced while it is being
//! evaluated is a dependency cycle, reported with the chain of nodes. After the references have
//! pulled in what they need, [`ModuleRun::run`] walks every resource and module call in
//! declaration order so that unreferenced ones are evaluated too, then evaluates the outputs,
//! which flow back to the caller as the value of `module.<name>`.
//!
//! Child modules inherit the caller's provider configurations (all of them — a lenient reading
//! of Terraform's rule that only default ones are inherited implicitly), remapped by the call's
//! `providers = {}` and overridden by the child's own provider blocks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use hcl_edit::Decorated;
use hcl_edit::expr::TraversalOperator;
use hcl_edit::structure::Body;

use super::budget::Budget;
use super::config::{ModuleCallDecl, ModuleConfig, load_module_dir};
use super::error::LoadError;
use super::eval::{Env, EvalError, EvalResult, Resolved, Scope, eval};
use super::expand::{eval_body, expand, lenient_eval};
use super::instance::{Instance, Location, Warning};
use super::tfvars::{self, ConstEnv, soft_to_load_error};
use super::typeconv;
use super::value::Value;
use super::{LoadOptions, Loaded, MAX_MODULE_DEPTH};

/// State shared by all module instances of one load.
struct Session {
    root: PathBuf,
    workspace: String,
    /// `--region` and the environment, for [`crate::region::outside_config`].
    cli_region: Option<String>,
    env: BTreeMap<String, String>,
    configs: BTreeMap<PathBuf, Rc<ModuleConfig>>,
    /// `.terraform/modules/modules.json`: module key (`vpc.subnets`) → directory.
    modules_json: BTreeMap<String, PathBuf>,
    loaded: Loaded,
    /// Directories of the module instances being evaluated, root first (module cycles).
    dir_stack: Vec<(PathBuf, String)>,
    /// Everything this load expands, across all modules.
    budget: Budget,
}

impl Session {
    /// The region of an `aws` provider block that sets none ([`crate::region::outside_config`]).
    fn outside_config(&self, profile: Option<&str>) -> Option<String> {
        crate::region::outside_config(self.cli_region.as_deref(), &self.env, profile)
    }

    fn config(&mut self, dir: &Path) -> Result<Rc<ModuleConfig>, LoadError> {
        if let Some(c) = self.configs.get(dir) {
            return Ok(Rc::clone(c));
        }
        let cfg = load_module_dir(dir, &self.root)?;
        self.loaded.files.extend(cfg.files.iter().map(|f| f.rel.clone()));
        self.loaded.warnings.extend(cfg.warnings.iter().cloned());
        let cfg = Rc::new(cfg);
        self.configs.insert(dir.to_path_buf(), Rc::clone(&cfg));
        Ok(cfg)
    }
}

/// Loads the root module at `opts.path`.
pub(crate) fn load_root(opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let path = &opts.path;
    if !path.exists() {
        return Err(LoadError::NotFound(path.clone()));
    }
    if !path.is_dir() {
        return Err(LoadError::NotADirectory(path.clone()));
    }
    let root =
        path.canonicalize().map_err(|source| LoadError::Io { path: path.clone(), source })?;
    let (tf, json) = super::config::tf_files(&root)?;
    if tf.is_empty() && json.is_empty() {
        return Err(LoadError::NoTerraformFiles(path.clone()));
    }
    let mut session = Session {
        root: root.clone(),
        workspace: opts.workspace.clone(),
        cli_region: opts.region.clone(),
        env: opts.env.clone(),
        configs: BTreeMap::new(),
        modules_json: read_modules_json(&root),
        loaded: Loaded::default(),
        dir_stack: vec![(root.clone(), "root module".to_string())],
        budget: Budget::default(),
    };
    let cfg = session.config(&root)?;
    let inputs = tfvars::collect(opts, &root, &cfg)?;
    session.loaded.files.extend(inputs.files);
    session.loaded.warnings.extend(inputs.warnings);
    let mut run = ModuleRun::new(&mut session, cfg, String::new(), String::new(), 0, Vec::new());
    run.bind_variables(inputs.values, true)?;
    run.init_providers(&BTreeMap::new(), &[])?;
    run.run()?;
    let mut loaded = session.loaded;
    loaded.normalize();
    Ok(loaded)
}

/// Reads `.terraform/modules/modules.json` (written by `terraform init`), if present.
fn read_modules_json(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let path = root.join(".terraform/modules/modules.json");
    let Ok(text) = crate::input_file::read_to_string(&path) else {
        return out;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return out };
    for m in json.get("Modules").and_then(|m| m.as_array()).into_iter().flatten() {
        if let (Some(key), Some(dir)) =
            (m.get("Key").and_then(|k| k.as_str()), m.get("Dir").and_then(|d| d.as_str()))
            && !key.is_empty()
        {
            out.insert(key.to_string(), root.join(dir));
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Node {
    InProgress,
    Done(Value),
}

struct ModuleRun<'s> {
    s: &'s mut Session,
    cfg: Rc<ModuleConfig>,
    /// `module.a["x"].module.b`, empty for the root.
    addr: String,
    /// Key in modules.json: call names joined by dots (`a.b`).
    key_path: String,
    depth: usize,
    vars: BTreeMap<String, Value>,
    nodes: BTreeMap<String, Node>,
    /// Provider key (`aws`, `aws.west`) → region.
    providers: BTreeMap<String, Option<String>>,
    /// Nodes being evaluated, outermost first.
    stack: Vec<String>,
    /// Warning sinks: warnings go to the innermost, or to the global list when there is none.
    sinks: Vec<Vec<Warning>>,
    cur_file: usize,
    /// Warnings added to every instance of this module (unknown count/for_each on the call).
    inherited: Vec<Warning>,
}

impl<'s> ModuleRun<'s> {
    fn new(
        s: &'s mut Session,
        cfg: Rc<ModuleConfig>,
        addr: String,
        key_path: String,
        depth: usize,
        inherited: Vec<Warning>,
    ) -> Self {
        Self {
            s,
            cfg,
            addr,
            key_path,
            depth,
            vars: BTreeMap::new(),
            nodes: BTreeMap::new(),
            providers: BTreeMap::new(),
            stack: Vec::new(),
            sinks: Vec::new(),
            cur_file: 0,
            inherited,
        }
    }

    fn module_label(&self) -> String {
        if self.addr.is_empty() {
            "the root module".to_string()
        } else {
            format!("`{}`", self.addr)
        }
    }

    fn emit(&mut self, w: Warning) {
        match self.sinks.last_mut() {
            Some(sink) => sink.push(w),
            None => self.s.loaded.warnings.push(w),
        }
    }

    fn location(&self, file: usize, offset: usize) -> Location {
        self.cfg.location(file, offset)
    }

    /// Sets each declared variable from `provided`, its default, or unknown with a warning.
    fn bind_variables(
        &mut self,
        mut provided: BTreeMap<String, Value>,
        root: bool,
    ) -> Result<(), LoadError> {
        let cfg = Rc::clone(&self.cfg);
        for (name, decl) in &cfg.variables {
            let value = match provided.remove(name) {
                Some(v) => v,
                None => match &decl.default {
                    Some(expr) => {
                        let mut env = ConstEnv {
                            file: cfg.files.get(decl.file),
                            root: self.s.root.clone(),
                            warnings: Vec::new(),
                            budget: Default::default(),
                        };
                        let v = eval(&mut env, expr, &Scope::root()).map_err(|e| {
                            soft_to_load_error(e, "a variable default must be a constant value")
                        })?;
                        self.s.loaded.warnings.append(&mut env.warnings);
                        v
                    }
                    None => {
                        let msg = if root {
                            self.s.loaded.unset_variables.push(name.clone());
                            format!(
                                "variable `{name}` is required and has no value; pass it with `--var {name}=...` (its value is unknown)"
                            )
                        } else {
                            format!(
                                "{} does not receive its required input `{name}` (its value is unknown)",
                                self.module_label()
                            )
                        };
                        self.s.loaded.warnings.push(Warning::new(
                            "variable-unset",
                            msg,
                            Some(decl.location.clone()),
                        ));
                        self.vars.insert(name.clone(), Value::Unknown);
                        continue;
                    }
                },
            };
            let value =
                match typeconv::convert(decl.type_expr.as_ref(), value.clone(), &self.s.root) {
                    Ok(v) => v,
                    Err(message) => {
                        self.s.loaded.warnings.push(Warning::new(
                            "variable-type-mismatch",
                            format!(
                                "variable `{name}` of {}: {message}; the value is used as given",
                                self.module_label()
                            ),
                            Some(decl.location.clone()),
                        ));
                        value
                    }
                };
            self.vars.insert(name.clone(), value);
        }
        for name in provided.keys() {
            self.s.loaded.warnings.push(Warning::new(
                "undeclared-variable",
                format!(
                    "{} does not declare a variable `{name}`; the input was ignored",
                    self.module_label()
                ),
                None,
            ));
        }
        Ok(())
    }

    /// Provider configurations: the caller's, remapped by `providers = {}`, then this module's
    /// own provider blocks.
    fn init_providers(
        &mut self,
        parent: &BTreeMap<String, Option<String>>,
        mapping: &[(String, String)],
    ) -> Result<(), LoadError> {
        self.providers = parent.clone();
        for (child, from) in mapping {
            if let Some(region) = parent.get(from) {
                self.providers.insert(child.clone(), region.clone());
            }
        }
        let cfg = Rc::clone(&self.cfg);
        for p in &cfg.providers {
            self.cur_file = p.file;
            let region = match self.provider_string(&p.body, "region")? {
                Some(r) => Some(r),
                None if p.name == "aws" => {
                    // The shared-config profile the provider would read its region from.
                    let profile = self.provider_string(&p.body, "profile")?;
                    self.s.outside_config(profile.as_deref())
                }
                None => None,
            };
            if p.name == "aws" && region.is_none() {
                self.s.loaded.warnings.push(Warning::new(
                    "region-unknown",
                    format!("the region of provider `{}` is not known; pass --region", p.key()),
                    Some(p.location.clone()),
                ));
            }
            self.providers.insert(p.key(), region);
        }
        if !self.providers.contains_key("aws") {
            let region = self.s.outside_config(None);
            self.providers.insert("aws".to_string(), region);
        }
        Ok(())
    }

    /// A provider block's string argument (`region`, `profile`), evaluated with the root scope;
    /// `None` when absent or not a string.
    fn provider_string(&mut self, body: &Body, name: &str) -> Result<Option<String>, LoadError> {
        let Some(attr) = body.get_attribute(name) else { return Ok(None) };
        self.sinks.push(Vec::new());
        let v = eval(self, &attr.value, &Scope::root());
        let mut warnings = self.sinks.pop().unwrap_or_default();
        self.s.loaded.warnings.append(&mut warnings);
        let help = format!("fix the provider's {name}");
        match v.map_err(|e| soft_to_load_error(e, &help))? {
            Value::String(s) => Ok(Some(s)),
            _ => Ok(None),
        }
    }

    /// Evaluates everything in declaration order; returns the outputs object.
    fn run(&mut self) -> Result<Value, LoadError> {
        let cfg = Rc::clone(&self.cfg);
        for r in &cfg.resources {
            self.ensure_resource(&r.key(), 0)
                .map_err(|e| soft_to_load_error(e, "fix the expression, or remove the resource"))?;
        }
        for name in cfg.modules.keys() {
            self.ensure_module(name, 0)
                .map_err(|e| soft_to_load_error(e, "fix the module call"))?;
        }
        let mut outputs = BTreeMap::new();
        for (name, decl) in &cfg.outputs {
            self.cur_file = decl.file;
            let v = match eval(self, &decl.expr, &Scope::root()) {
                Ok(v) => v,
                Err(EvalError::Fatal(e)) => return Err(*e),
                Err(EvalError::Soft { message, location, .. }) => {
                    self.s.loaded.warnings.push(Warning::new(
                        "output-error",
                        format!("output `{name}` of {} could not be evaluated ({message}); its value is unknown", self.module_label()),
                        location.or_else(|| Some(decl.location.clone())),
                    ));
                    Value::Unknown
                }
            };
            outputs.insert(name.clone(), v);
        }
        Ok(Value::Map(outputs))
    }

    /// Marks `node` as being evaluated; a node already in progress is a cycle.
    /// Returns true when the node is already evaluated.
    fn enter(&mut self, node: &str, location: &Location) -> EvalResult<bool> {
        match self.nodes.get(node) {
            Some(Node::Done(_)) => return Ok(true),
            Some(Node::InProgress) => {
                let start = self.stack.iter().position(|n| n == node).unwrap_or(0);
                let prefix =
                    if self.addr.is_empty() { String::new() } else { format!("{}.", self.addr) };
                let mut cycle: Vec<String> =
                    self.stack[start..].iter().map(|n| format!("{prefix}{n}")).collect();
                cycle.push(format!("{prefix}{node}"));
                return Err(LoadError::Cycle { cycle, location: Some(location.clone()) }.into());
            }
            None => {}
        }
        self.nodes.insert(node.to_string(), Node::InProgress);
        self.stack.push(node.to_string());
        Ok(false)
    }

    fn leave(&mut self, node: &str, value: Value) {
        self.stack.pop();
        self.nodes.insert(node.to_string(), Node::Done(value));
    }

    /// Takes the stored value of a finished node, applying up to `ops` index/attribute steps by
    /// reference first so that `aws_subnet.x[count.index]` does not copy the whole list.
    fn node_value(
        &mut self,
        node: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> EvalResult<(Value, usize)> {
        let key = match ops.first().map(Decorated::value) {
            Some(TraversalOperator::Index(e)) => Some(Some(eval(self, e, scope)?)),
            Some(TraversalOperator::GetAttr(i)) => {
                Some(Some(Value::String(i.as_str().to_string())))
            }
            _ => None,
        };
        let Some(Node::Done(v)) = self.nodes.get(node) else { return Ok((Value::Unknown, 0)) };
        if let Some(Some(k)) = key {
            let found = match (v, &k) {
                (Value::Map(m), Value::String(s)) => m.get(s),
                (Value::List(items), Value::Number(n)) => {
                    n.to_string().parse::<usize>().ok().and_then(|i| items.get(i))
                }
                _ => None,
            };
            if let Some(found) = found {
                return Ok((found.clone(), 1));
            }
        }
        Ok((v.clone(), 0))
    }

    fn local_value(
        &mut self,
        name: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        offset: usize,
    ) -> EvalResult<Resolved> {
        let cfg = Rc::clone(&self.cfg);
        let Some(decl) = cfg.locals.get(name) else {
            let msg = format!(
                "reference to undeclared local value `local.{name}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("dangling-reference", msg, offset);
            return Ok(Resolved { value: Value::Unknown, consumed: 1, lenient: true });
        };
        let node = format!("local.{name}");
        if !self.enter(&node, &decl.location)? {
            let saved = self.cur_file;
            self.cur_file = decl.file;
            self.sinks.push(Vec::new());
            let v = eval(self, &decl.expr, &Scope::root());
            let mut warnings = self.sinks.pop().unwrap_or_default();
            self.s.loaded.warnings.append(&mut warnings);
            self.cur_file = saved;
            let v = v?;
            self.leave(&node, v);
        }
        let (value, consumed) = self.node_value(&node, ops, scope)?;
        Ok(Resolved { value, consumed: 1 + consumed, lenient: false })
    }

    /// Evaluates a resource or data source (all its instances) unless already done; false (and a
    /// warning) when it is not declared.
    fn ensure_resource(&mut self, key: &str, offset: usize) -> EvalResult<bool> {
        let cfg = Rc::clone(&self.cfg);
        let Some(&idx) = cfg.resource_index.get(key) else {
            let msg = format!(
                "reference to undeclared resource `{key}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("dangling-reference", msg, offset);
            return Ok(false);
        };
        let decl = &cfg.resources[idx];
        if self.enter(key, &decl.location)? {
            return Ok(true);
        }
        let saved = self.cur_file;
        self.cur_file = decl.file;
        let result = self.eval_resource(idx);
        self.cur_file = saved;
        self.leave(key, result?);
        Ok(true)
    }

    fn full_address(&self, local: &str) -> String {
        if self.addr.is_empty() { local.to_string() } else { format!("{}.{local}", self.addr) }
    }

    fn eval_resource(&mut self, idx: usize) -> EvalResult {
        let cfg = Rc::clone(&self.cfg);
        let decl = &cfg.resources[idx];
        let key = decl.key();
        let what = format!("`{}`", self.full_address(&key));
        let expansion = expand(self, decl.count.as_ref(), decl.for_each.as_ref(), &what)?;
        let provider = decl
            .provider
            .clone()
            .unwrap_or_else(|| decl.rtype.split('_').next().unwrap_or_default().to_string());
        let mut objects = Vec::with_capacity(expansion.instances.len());
        let root = Scope::root();
        for (ikey, vars) in &expansion.instances {
            let scope = root.child(vars.clone());
            self.sinks.push(self.inherited.clone());
            if let Some((code, msg)) = &expansion.warning {
                let w = Warning::new(code, msg.clone(), Some(decl.location.clone()));
                self.emit(w);
            }
            let attrs = eval_body(self, &decl.body, &scope, true);
            let mut warnings = self.sinks.pop().unwrap_or_default();
            let attrs = attrs?;
            let region = match attrs.get("region") {
                Some(Value::String(r)) => Some(r.clone()),
                _ => match self.providers.get(&provider) {
                    Some(r) => r.clone(),
                    None => {
                        if provider.contains('.') {
                            warnings.push(Warning::new(
                                "provider-not-found",
                                format!("provider `{provider}` is not configured in {}; the region is unknown", self.module_label()),
                                Some(decl.location.clone()),
                            ));
                        }
                        None
                    }
                },
            };
            let address = self.full_address(&format!("{key}{}", ikey.suffix()));
            if let Err(message) = self.s.budget.add_instance(&address) {
                return Err(LoadError::Limit {
                    message,
                    location: Some(decl.location.clone()),
                    help: "split the configuration into smaller root modules".into(),
                }
                .into());
            }
            let mut object = attrs.clone();
            if let Value::Map(m) = &mut object {
                for computed in ["id", "arn"] {
                    m.entry(computed.to_string()).or_insert(Value::Unknown);
                }
            }
            objects.push(object);
            self.s.loaded.instances.push(Instance {
                address,
                resource_type: decl.rtype.clone(),
                name: decl.name.clone(),
                mode: decl.mode,
                module: self.addr.clone(),
                region,
                provider: provider.clone(),
                attributes: attrs,
                location: decl.location.clone(),
                warnings,
            });
        }
        Ok(expansion.reference_value(objects))
    }

    /// Evaluates a module call (all its instances) unless already done; false (and a warning)
    /// when it is not declared.
    fn ensure_module(&mut self, name: &str, offset: usize) -> EvalResult<bool> {
        let cfg = Rc::clone(&self.cfg);
        let Some(decl) = cfg.modules.get(name) else {
            let msg = format!(
                "reference to undeclared module `module.{name}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("dangling-reference", msg, offset);
            return Ok(false);
        };
        let node = format!("module.{name}");
        if self.enter(&node, &decl.location)? {
            return Ok(true);
        }
        let saved = self.cur_file;
        self.cur_file = decl.file;
        let result = self.eval_module_call(decl);
        self.cur_file = saved;
        self.leave(&node, result?);
        Ok(true)
    }

    /// Where the source of a module call lives, or why it is not available.
    fn module_dir(&self, decl: &ModuleCallDecl) -> Result<PathBuf, String> {
        let key = if self.key_path.is_empty() {
            decl.name.clone()
        } else {
            format!("{}.{}", self.key_path, decl.name)
        };
        let Some(source) = &decl.source else {
            return Err("its `source` is missing or not a literal string".to_string());
        };
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
        {
            let dir = self.cfg.dir.join(source);
            return match dir.canonicalize() {
                Ok(d) if d.is_dir() => Ok(d),
                _ => Err(format!("its source directory `{source}` does not exist")),
            };
        }
        match self.s.modules_json.get(&key) {
            Some(dir) if dir.is_dir() => {
                dir.canonicalize().map_err(|e| format!("cannot open `{}`: {e}", dir.display()))
            }
            _ => Err(format!(
                "source `{source}` is not local and not installed in .terraform/modules (run `terraform init` to fetch it)"
            )),
        }
    }

    fn eval_module_call(&mut self, decl: &ModuleCallDecl) -> EvalResult {
        let call_addr = self.full_address(&format!("module.{}", decl.name));
        let expansion =
            expand(self, decl.count.as_ref(), decl.for_each.as_ref(), &format!("`{call_addr}`"))?;
        let dir = match self.module_dir(decl) {
            Ok(d) => d,
            Err(why) => {
                self.s.loaded.modules_not_loaded.push(call_addr.clone());
                self.s.loaded.warnings.push(Warning::new(
                    "module-not-loaded",
                    format!("module `{call_addr}` was not loaded: {why}; its resources are missing from the estimate"),
                    Some(decl.location.clone()),
                ));
                return Ok(Value::Unknown);
            }
        };
        if let Some(pos) = self.s.dir_stack.iter().position(|(d, _)| *d == dir) {
            let mut chain: Vec<String> =
                self.s.dir_stack[pos..].iter().map(|(_, a)| a.clone()).collect();
            chain.push(call_addr);
            return Err(LoadError::ModuleCycle { chain }.into());
        }
        if self.depth + 1 > MAX_MODULE_DEPTH {
            return Err(LoadError::Limit {
                message: format!("module `{call_addr}` is nested {} levels deep, over the limit of {MAX_MODULE_DEPTH}", self.depth + 1),
                location: Some(decl.location.clone()),
                help: "flatten the module tree".into(),
            }
            .into());
        }
        let child_cfg = self.s.config(&dir)?;
        let key_path = if self.key_path.is_empty() {
            decl.name.clone()
        } else {
            format!("{}.{}", self.key_path, decl.name)
        };
        let mut outputs = Vec::with_capacity(expansion.instances.len());
        let root = Scope::root();
        for (ikey, vars) in &expansion.instances {
            let scope = root.child(vars.clone());
            let mut inputs = BTreeMap::new();
            for attr in decl.body.attributes() {
                let k = attr.key.as_str();
                if matches!(
                    k,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let v = lenient_eval(self, &attr.value, &scope, k)?;
                inputs.insert(k.to_string(), v);
            }
            let child_addr = format!("{call_addr}{}", ikey.suffix());
            let mut inherited = self.inherited.clone();
            if let Some((code, msg)) = &expansion.warning {
                inherited.push(Warning::new(code, msg.clone(), Some(decl.location.clone())));
            }
            let providers = self.providers.clone();
            self.s.dir_stack.push((dir.clone(), child_addr.clone()));
            let mut child = ModuleRun::new(
                self.s,
                Rc::clone(&child_cfg),
                child_addr,
                key_path.clone(),
                self.depth + 1,
                inherited,
            );
            let result = child
                .bind_variables(inputs, false)
                .and_then(|()| child.init_providers(&providers, &decl.providers))
                .and_then(|()| child.run());
            self.s.dir_stack.pop();
            outputs.push(result?);
        }
        Ok(expansion.reference_value(outputs))
    }
}

impl Env for ModuleRun<'_> {
    fn resolve(
        &mut self,
        name: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        offset: usize,
    ) -> EvalResult<Resolved> {
        let attr = |i: usize| match ops.get(i).map(Decorated::value) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        };
        let known =
            |value: Value, consumed: usize| Ok(Resolved { value, consumed, lenient: false });
        match name {
            "var" => {
                let Some(v) = attr(0) else {
                    return Err(
                        self.error(offset, "`var` must be followed by a variable name".into())
                    );
                };
                match self.vars.get(&v) {
                    Some(value) => known(value.clone(), 1),
                    None => {
                        let msg = format!(
                            "reference to undeclared variable `var.{v}` in {}; its value is unknown",
                            self.module_label()
                        );
                        self.warn("undeclared-variable", msg, offset);
                        Ok(Resolved { value: Value::Unknown, consumed: 1, lenient: true })
                    }
                }
            }
            "local" => {
                let Some(l) = attr(0) else {
                    return Err(self.error(offset, "`local` must be followed by a name".into()));
                };
                self.local_value(&l, &ops[1..], scope, offset)
            }
            "count" | "each" => Err(self.error(
                offset,
                format!(
                    "`{name}` can only be used in a resource or module block that sets `{}`",
                    if name == "count" { "count" } else { "for_each" }
                ),
            )),
            "path" => match attr(0).as_deref() {
                Some("module") => known(Value::String(self.cfg.rel_dir.clone()), 1),
                Some("root" | "cwd") => known(Value::String(".".to_string()), 1),
                _ => Err(self.error(
                    offset,
                    "`path` supports `path.module`, `path.root` and `path.cwd`".into(),
                )),
            },
            "terraform" => match attr(0).as_deref() {
                Some("workspace") => known(Value::String(self.s.workspace.clone()), 1),
                _ => Ok(Resolved { value: Value::Unknown, consumed: 1, lenient: true }),
            },
            "self" => Ok(Resolved { value: Value::Unknown, consumed: 0, lenient: true }),
            "module" => {
                let Some(m) = attr(0) else {
                    return Err(
                        self.error(offset, "`module` must be followed by a module name".into())
                    );
                };
                if !self.ensure_module(&m, offset)? {
                    return Ok(Resolved { value: Value::Unknown, consumed: 1, lenient: true });
                }
                let (value, consumed) =
                    self.node_value(&format!("module.{m}"), &ops[1..], scope)?;
                Ok(Resolved { value, consumed: 1 + consumed, lenient: true })
            }
            "data" => {
                let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                    return Err(
                        self.error(offset, "`data` must be followed by a type and a name".into())
                    );
                };
                let key = format!("data.{t}.{n}");
                if !self.ensure_resource(&key, offset)? {
                    return Ok(Resolved { value: Value::Unknown, consumed: 2, lenient: true });
                }
                let (value, consumed) = self.node_value(&key, &ops[2..], scope)?;
                Ok(Resolved { value, consumed: 2 + consumed, lenient: true })
            }
            rtype => {
                let Some(n) = attr(0) else {
                    let msg = format!(
                        "unknown name `{rtype}` in {}; its value is unknown",
                        self.module_label()
                    );
                    self.warn("dangling-reference", msg, offset);
                    return Ok(Resolved { value: Value::Unknown, consumed: 0, lenient: true });
                };
                let key = format!("{rtype}.{n}");
                if !self.ensure_resource(&key, offset)? {
                    return Ok(Resolved { value: Value::Unknown, consumed: 1, lenient: true });
                }
                let (value, consumed) = self.node_value(&key, &ops[1..], scope)?;
                Ok(Resolved { value, consumed: 1 + consumed, lenient: true })
            }
        }
    }

    fn error(&self, offset: usize, message: String) -> EvalError {
        EvalError::Soft {
            message,
            location: Some(self.location(self.cur_file, offset)),
            snippet: self.cfg.snippet(self.cur_file, offset),
        }
    }

    fn warn(&mut self, code: &str, message: String, offset: usize) {
        let w = Warning::new(code, message, Some(self.location(self.cur_file, offset)));
        self.emit(w);
    }

    fn budget(&mut self) -> &mut Budget {
        &mut self.s.budget
    }

    fn module_address(&self) -> String {
        self.addr.clone()
    }

    fn dirs(&self) -> (PathBuf, PathBuf) {
        (self.cfg.dir.clone(), self.s.root.clone())
    }
}
