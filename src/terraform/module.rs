//! The module runner: evaluates the module tree lazily, one Terraform graph node at a time.
//!
//! Contract:
//! - As in Terraform's graph, every variable (module input), local, resource, data source,
//!   module output and module call expansion (`count`/`for_each`) is its own node, evaluated on
//!   first reference and memoised. A module call is not one node: `module.a.x` evaluates only
//!   the output `x` of `module.a` and what it needs, so two modules taking each other's outputs,
//!   or a resource feeding a module input and reading an unrelated output, are not cycles.
//! - A node referenced while it is being evaluated is a dependency cycle (a cycle Terraform
//!   would report too), reported with the chain of nodes, each with its `file:line`.
//! - After the references have pulled in what they need, [`ModuleRun::run_all`] walks every
//!   resource, module call and output in declaration order so that unreferenced ones are
//!   evaluated too.
//!
//! All module instances live in one arena ([`Session::runs`]), so evaluation can move between
//! a module and its caller in any order (an input of `module.b` may need an output of
//! `module.a`, whose input needs an output of `module.b`).
//!
//! Reference tracking ([`super::refs`]): every node is evaluated in its own reference frame;
//! a local, module input or output keeps what its frame collected and passes it on at every
//! read, a resource or data source passes on its own address.
//!
//! Child modules inherit the caller's provider configurations (all of them — a lenient reading
//! of Terraform's rule that only default ones are inherited implicitly), remapped by the call's
//! `providers = {}` and overridden by the child's own provider blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use hcl_edit::expr::TraversalOperator;
use hcl_edit::structure::Body;
use hcl_edit::{Decorated, Span};
use rust_decimal::Decimal;

use super::budget::Budget;
use super::config::{ModuleCallDecl, ModuleConfig, VariableDecl, load_module_dir};
use super::error::LoadError;
use super::eval::{
    Env, EvalError, EvalResult, Marked, Resolved, Scope, eval, eval_detached, eval_marked,
};
use super::expand::{Expansion, ExpansionKind, InstanceKey, eval_body, expand, lenient_eval};
use super::instance::{Instance, Location, Warning};
use super::refs::{References, Refs};
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
    /// The costplan module cache, for sources not in `modules_json`.
    module_cache: Option<PathBuf>,
    loaded: Loaded,
    /// Every module instance of the load; the root is 0.
    runs: Vec<RunState>,
    /// Nodes being evaluated, outermost first: (module instance, node, where it is declared).
    stack: Vec<(usize, String, Location)>,
    /// Everything this load expands, across all modules.
    budget: Budget,
    /// The open reference frames.
    refs: Refs,
    /// Full addresses of the resources expanded by `count`/`for_each` (their instances are
    /// indexed).
    expanded: BTreeSet<String>,
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
        let cache = self.module_cache.as_deref().filter(|c| dir.starts_with(c));
        let cfg = load_module_dir(dir, &self.root, cache)?;
        self.loaded.files.extend(cfg.files.iter().map(|f| f.rel.clone()));
        self.loaded.warnings.extend(cfg.warnings.iter().cloned());
        let cfg = Rc::new(cfg);
        self.configs.insert(dir.to_path_buf(), Rc::clone(&cfg));
        Ok(cfg)
    }

    /// `local.a` of the root, `module.x.local.a` elsewhere.
    fn node_address(&self, run: usize, node: &str) -> String {
        match self.runs[run].addr.as_str() {
            "" => node.to_string(),
            addr => format!("{addr}.{node}"),
        }
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
        // Canonical, as module directories are, to tell which ones are inside it.
        module_cache: opts
            .module_cache
            .as_ref()
            .map(|c| c.canonicalize().unwrap_or_else(|_| c.clone())),
        loaded: Loaded::default(),
        runs: Vec::new(),
        stack: Vec::new(),
        budget: Budget::default(),
        refs: Refs::default(),
        expanded: BTreeSet::new(),
    };
    let cfg = session.config(&root)?;
    let inputs = tfvars::collect(opts, &root, &cfg)?;
    session.loaded.files.extend(inputs.files);
    session.loaded.warnings.extend(inputs.warnings);
    session.runs.push(RunState::new(cfg, root, String::new(), String::new(), 0, None, Vec::new()));
    let mut run = ModuleRun { s: &mut session, id: 0 };
    run.bind_root(inputs.values, &inputs.written_at)?;
    run.run_all()?;
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

/// Where a child module instance comes from: the calling instance, the call's name and the
/// `count`/`each` values of this instance (the scope its inputs are evaluated in).
struct CallSite {
    parent: usize,
    call: String,
    vars: Vec<(String, Value)>,
    /// The resources the call's `for_each` collection comes from (what `each` carries).
    refs: Rc<BTreeSet<String>>,
    /// The call's `for_each` collection is resource objects ([`Marked`]).
    each_resources: bool,
}

/// The instances of one module call: the expansion's shape (keys only) and their runs, empty
/// when the module's source could not be loaded.
struct Children {
    shape: Expansion,
    runs: Vec<usize>,
}

/// One module instance.
struct RunState {
    cfg: Rc<ModuleConfig>,
    /// The canonical directory of the module (module cycles).
    dir: PathBuf,
    /// `module.a["x"].module.b`, empty for the root.
    addr: String,
    /// Key in modules.json: call names joined by dots (`a.b`).
    key_path: String,
    depth: usize,
    call: Option<Rc<CallSite>>,
    /// Variables with their value (bound, or evaluated on first reference).
    vars: BTreeMap<String, Value>,
    /// Variables the call passes, evaluated in the caller on first reference.
    inputs: BTreeSet<String>,
    nodes: BTreeMap<String, Node>,
    /// The resources the value of each evaluated local, input and output comes from.
    node_refs: BTreeMap<String, BTreeSet<String>>,
    /// The evaluated locals and outputs whose value is resource or data source objects
    /// ([`Marked`]): `for` expressions over them are as lenient as over the resources.
    resource_nodes: BTreeSet<String>,
    /// Provider key (`aws`, `aws.west`) → region; set on first need.
    providers: Option<BTreeMap<String, Option<String>>>,
    /// Module calls expanded so far.
    children: BTreeMap<String, Rc<Children>>,
    /// Warning sinks: warnings go to the innermost, or to the global list when there is none.
    sinks: Vec<Vec<Warning>>,
    cur_file: usize,
    /// Warnings added to every instance of this module (unknown count/for_each on the call).
    inherited: Vec<Warning>,
}

impl RunState {
    fn new(
        cfg: Rc<ModuleConfig>,
        dir: PathBuf,
        addr: String,
        key_path: String,
        depth: usize,
        call: Option<Rc<CallSite>>,
        inherited: Vec<Warning>,
    ) -> Self {
        Self {
            cfg,
            dir,
            addr,
            key_path,
            depth,
            call,
            vars: BTreeMap::new(),
            inputs: BTreeSet::new(),
            nodes: BTreeMap::new(),
            node_refs: BTreeMap::new(),
            resource_nodes: BTreeSet::new(),
            providers: None,
            children: BTreeMap::new(),
            sinks: Vec::new(),
            cur_file: 0,
            inherited,
        }
    }
}

/// Evaluation in one module instance (`id`) of the session's arena.
struct ModuleRun<'s> {
    s: &'s mut Session,
    id: usize,
}

/// Arguments of a module call that are not inputs.
const CALL_META: &[&str] = &["source", "version", "count", "for_each", "providers", "depends_on"];

impl ModuleRun<'_> {
    fn st(&self) -> &RunState {
        &self.s.runs[self.id]
    }

    fn st_mut(&mut self) -> &mut RunState {
        &mut self.s.runs[self.id]
    }

    /// The same session, evaluating in module instance `id`.
    fn at(&mut self, id: usize) -> ModuleRun<'_> {
        ModuleRun { s: &mut *self.s, id }
    }

    fn cfg(&self) -> Rc<ModuleConfig> {
        Rc::clone(&self.st().cfg)
    }

    fn set_file(&mut self, file: usize) -> usize {
        std::mem::replace(&mut self.st_mut().cur_file, file)
    }

    fn module_label(&self) -> String {
        if self.st().addr.is_empty() {
            "the root module".to_string()
        } else {
            format!("`{}`", self.st().addr)
        }
    }

    fn emit(&mut self, w: Warning) {
        match self.s.runs[self.id].sinks.last_mut() {
            Some(sink) => sink.push(w),
            None => self.s.loaded.warnings.push(w),
        }
    }

    /// Runs `f` with a fresh warning sink whose warnings then go to the global list (they belong
    /// to a shared value, not to the instance being evaluated).
    fn with_global_sink<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.st_mut().sinks.push(Vec::new());
        let out = f(self);
        let mut warnings = self.st_mut().sinks.pop().unwrap_or_default();
        self.s.loaded.warnings.append(&mut warnings);
        out
    }

    fn location(&self, file: usize, offset: usize) -> Location {
        self.st().cfg.location(file, offset)
    }

    /// The value of a variable's default, if it has one.
    fn default_value(&mut self, decl: &VariableDecl) -> Result<Option<Value>, LoadError> {
        let Some(expr) = &decl.default else { return Ok(None) };
        let cfg = self.cfg();
        let mut env = ConstEnv {
            file: cfg.files.get(decl.file),
            root: self.s.root.clone(),
            warnings: Vec::new(),
            budget: Default::default(),
        };
        let v = eval(&mut env, expr, &Scope::root())
            .map_err(|e| soft_to_load_error(e, "a variable default must be a constant value"))?;
        self.s.loaded.warnings.append(&mut env.warnings);
        Ok(Some(v))
    }

    /// A variable without a value: unknown, with a warning.
    fn unset_variable(&mut self, name: &str, decl: &VariableDecl) {
        let msg = if self.st().call.is_none() {
            self.s.loaded.unset_variables.push(name.to_string());
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
        self.st_mut().vars.insert(name.to_string(), Value::Unknown);
    }

    /// A null given to a variable declared `nullable = false` means its default (Terraform
    /// 1.1 and later); without a default it is an error at `at` (where the null was given), as
    /// in Terraform. Any other value is returned as is.
    fn non_null(
        &mut self,
        name: &str,
        decl: &VariableDecl,
        value: Value,
        at: (Location, String),
    ) -> EvalResult {
        if decl.nullable || !value.is_null() {
            return Ok(value);
        }
        if let Some(default) = self.default_value(decl)? {
            return Ok(default);
        }
        let (location, snippet) = at;
        let message = format!(
            "variable `{name}` of {} is null, but it is declared `nullable = false` (at {}:{}) and has no default",
            self.module_label(),
            decl.location.file,
            decl.location.line
        );
        Err(LoadError::Eval {
            diag: super::Diagnostic { location, message, snippet },
            help: "pass a value that is not null, or give the variable a default".into(),
        }
        .into())
    }

    /// A given value (or the default) converted to the variable's type; a value that does not
    /// convert is used as given, with a warning.
    fn finish_variable(&mut self, name: &str, decl: &VariableDecl, value: Value) -> Value {
        match typeconv::convert(decl.type_expr.as_ref(), value.clone(), &self.s.root) {
            Ok(v) => v,
            Err(message) => {
                let w = Warning::new(
                    "variable-type-mismatch",
                    format!(
                        "variable `{name}` of {}: {message}; the value is used as given",
                        self.module_label()
                    ),
                    Some(decl.location.clone()),
                );
                self.s.loaded.warnings.push(w);
                value
            }
        }
    }

    /// Binds the root module's variables from `provided`, their default, or unknown with a
    /// warning.
    ///
    /// A value a var file wrote that does not fit the variable's type is an error at the var
    /// file's line, as in Terraform (a value from `--var` or `TF_VAR_`, which has no line, is
    /// used as given with a warning, as in [`Self::finish_variable`]).
    fn bind_root(
        &mut self,
        mut provided: BTreeMap<String, Value>,
        written_at: &BTreeMap<String, Location>,
    ) -> Result<(), LoadError> {
        let cfg = self.cfg();
        for (name, decl) in &cfg.variables {
            let value = match provided.remove(name) {
                Some(v) => {
                    if let Some(at) = written_at.get(name)
                        && let Err(message) =
                            typeconv::convert(decl.type_expr.as_ref(), v.clone(), &self.s.root)
                    {
                        return Err(LoadError::Eval {
                            diag: super::Diagnostic {
                                location: at.clone(),
                                message: format!(
                                    "variable `{name}` (declared at {}:{}): {message}",
                                    decl.location.file, decl.location.line
                                ),
                                snippet: String::new(),
                            },
                            help: "give a value of the variable's declared type".into(),
                        });
                    }
                    let at = (decl.location.clone(), String::new());
                    self.non_null(name, decl, v, at)
                        .map_err(|e| soft_to_load_error(e, "pass a value that is not null"))?
                }
                None => match self.default_value(decl)? {
                    Some(v) => v,
                    None => {
                        self.unset_variable(name, decl);
                        continue;
                    }
                },
            };
            let value = self.finish_variable(name, decl, value);
            self.st_mut().vars.insert(name.clone(), value);
        }
        for name in provided.keys() {
            self.undeclared_input(name);
        }
        Ok(())
    }

    /// Binds a child module's variables the call does not pass (default, or unknown with a
    /// warning); the ones it passes are evaluated on first reference ([`Self::input_value`]).
    fn bind_child(&mut self, passed: &BTreeSet<String>) -> Result<(), LoadError> {
        let cfg = self.cfg();
        for (name, decl) in &cfg.variables {
            if passed.contains(name) {
                self.st_mut().inputs.insert(name.clone());
                continue;
            }
            match self.default_value(decl)? {
                Some(v) => {
                    let v = self.finish_variable(name, decl, v);
                    self.st_mut().vars.insert(name.clone(), v);
                }
                None => self.unset_variable(name, decl),
            }
        }
        for name in passed.iter().filter(|n| !cfg.variables.contains_key(*n)) {
            self.undeclared_input(name);
        }
        Ok(())
    }

    fn undeclared_input(&mut self, name: &str) {
        let w = Warning::new(
            "undeclared-variable",
            format!(
                "{} does not declare a variable `{name}`; the input was ignored",
                self.module_label()
            ),
            None,
        );
        self.s.loaded.warnings.push(w);
    }

    /// `var.<name>`: bound, or a module input evaluated now in the caller (node `var.<name>`).
    fn variable(&mut self, name: &str, offset: usize) -> EvalResult<Resolved> {
        let node = format!("var.{name}");
        if let Some(value) = self.st().vars.get(name) {
            let value = value.clone();
            self.pass_refs(&node);
            return Ok(Resolved { value, consumed: 1, lenient: false, resources: false });
        }
        let cfg = self.cfg();
        let (Some(decl), true) = (cfg.variables.get(name), self.st().inputs.contains(name)) else {
            let msg = format!(
                "reference to undeclared variable `var.{name}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("undeclared-variable", msg, offset);
            return Ok(Resolved {
                value: Value::Unknown,
                consumed: 1,
                lenient: true,
                resources: false,
            });
        };
        self.enter(&node, &decl.location)?;
        let result = self.input_value(name);
        let result = match result {
            Ok(v) => {
                let at = self.input_site(name);
                self.non_null(name, decl, v, at)
            }
            e => e,
        };
        let value = self.finish(&node, result)?;
        let value = self.finish_variable(name, decl, value);
        self.st_mut().vars.insert(name.to_string(), value.clone());
        self.pass_refs(&node);
        Ok(Resolved { value, consumed: 1, lenient: false, resources: false })
    }

    /// Evaluates the argument `name` of the call that made this instance, in the caller.
    fn input_value(&mut self, name: &str) -> EvalResult {
        let Some(call) = self.st().call.clone() else { return Ok(Value::Unknown) };
        let pcfg = Rc::clone(&self.s.runs[call.parent].cfg);
        let Some(decl) = pcfg.modules.get(&call.call) else { return Ok(Value::Unknown) };
        let Some(attr) = decl.body.get_attribute(name) else { return Ok(Value::Unknown) };
        let mut caller = self.at(call.parent);
        let saved = caller.set_file(decl.file);
        let root = Scope::root();
        let scope = root
            .child_from(call.vars.clone(), Rc::clone(&call.refs))
            .of_resources(call.each_resources);
        let v = caller.with_global_sink(|c| lenient_eval(c, &attr.value, &scope, name));
        caller.set_file(saved);
        v
    }

    /// Checks the `validation` rules of every variable, as Terraform does: a condition that is
    /// false is an error naming the rule and giving its `error_message`; an unknown condition
    /// (the value is only known after apply) skips the rule; a condition that cannot be
    /// evaluated, or is not a bool, is a `validation-skipped` warning.
    fn validate_variables(&mut self) -> Result<(), LoadError> {
        let cfg = self.cfg();
        for (name, decl) in cfg.variables.iter().filter(|(_, d)| !d.validations.is_empty()) {
            self.variable(name, 0)
                .map_err(|e| soft_to_load_error(e, "fix the variable's value"))?;
            for rule in &decl.validations {
                let Some(condition) = &rule.condition else { continue };
                let saved = self.set_file(rule.file);
                let result = self.with_global_sink(|r| eval(r, condition, &Scope::root()));
                let skipped = match result {
                    Ok(Value::Bool(true)) => None,
                    Ok(v) if v.contains_unknown() => None,
                    Ok(Value::Bool(false)) => {
                        let message = match &rule.error_message {
                            Some(m) => {
                                match self.with_global_sink(|r| eval(r, m, &Scope::root())) {
                                    Ok(Value::String(m)) => m,
                                    _ => "(its error_message cannot be evaluated)".to_string(),
                                }
                            }
                            None => "(the rule has no error_message)".to_string(),
                        };
                        self.set_file(saved);
                        let offset = condition.span().map_or(0, |r| r.start);
                        return Err(LoadError::Eval {
                            diag: super::Diagnostic {
                                location: cfg.location(rule.file, offset),
                                message: format!(
                                    "invalid value for variable `{name}` of {}: {message}",
                                    self.module_label()
                                ),
                                snippet: cfg.snippet(rule.file, offset),
                            },
                            help: format!(
                                "this was checked by the validation rule at {}:{}; give the variable a value that satisfies its condition",
                                rule.location.file, rule.location.line
                            ),
                        });
                    }
                    Ok(other) => Some(format!(
                        "its condition is {} `{other}`, not a bool",
                        other.type_name()
                    )),
                    Err(EvalError::Soft { message, .. }) => Some(message),
                    Err(EvalError::Fatal(e)) => return Err(*e),
                };
                self.set_file(saved);
                if let Some(why) = skipped {
                    let w = Warning::new(
                        "validation-skipped",
                        format!(
                            "the validation rule of variable `{name}` of {} was not checked: {why}",
                            self.module_label()
                        ),
                        Some(rule.location.clone()),
                    );
                    self.s.loaded.warnings.push(w);
                }
            }
        }
        Ok(())
    }

    /// Where the call that made this instance passes the input `name`: its location and
    /// source line.
    fn input_site(&self, name: &str) -> (Location, String) {
        let Some(call) = &self.st().call else { return (Location::default(), String::new()) };
        let pcfg = &self.s.runs[call.parent].cfg;
        let site = pcfg.modules.get(&call.call).and_then(|d| {
            let attr = d.body.get_attribute(name)?;
            let offset = super::eval::offset_of(&attr.value);
            Some((pcfg.location(d.file, offset), pcfg.snippet(d.file, offset)))
        });
        site.unwrap_or_default()
    }

    /// Provider configurations: the caller's, remapped by `providers = {}`, then this module's
    /// own provider blocks.
    fn ensure_providers(&mut self) -> EvalResult<()> {
        if self.st().providers.is_some() {
            return Ok(());
        }
        let cfg = self.cfg();
        let location = cfg.providers.first().map_or_else(Location::default, |p| p.location.clone());
        self.enter("provider", &location)?;
        let result = self.eval_providers();
        let result = result.map(|p| {
            self.st_mut().providers = Some(p);
            Value::Null
        });
        self.finish("provider", result).map(|_| ())
    }

    fn eval_providers(&mut self) -> EvalResult<BTreeMap<String, Option<String>>> {
        let mut providers = BTreeMap::new();
        if let Some(call) = self.st().call.clone() {
            let mut caller = self.at(call.parent);
            caller.ensure_providers()?;
            let parent = caller.st().providers.clone().unwrap_or_default();
            let mapping = caller.cfg().modules.get(&call.call).map(|d| d.providers.clone());
            providers = parent.clone();
            for (child, from) in mapping.unwrap_or_default() {
                if let Some(region) = parent.get(&from) {
                    providers.insert(child.clone(), region.clone());
                }
            }
        }
        let cfg = self.cfg();
        for p in &cfg.providers {
            let region = match self.provider_string(p.file, &p.body, "region")? {
                Some(r) => Some(r),
                None if p.name == "aws" => {
                    // The shared-config profile the provider would read its region from.
                    let profile = self.provider_string(p.file, &p.body, "profile")?;
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
            providers.insert(p.key(), region);
        }
        if !providers.contains_key("aws") {
            providers.insert("aws".to_string(), self.s.outside_config(None));
        }
        Ok(providers)
    }

    /// A provider block's string argument (`region`, `profile`), evaluated with the root scope;
    /// `None` when absent or not a string.
    fn provider_string(
        &mut self,
        file: usize,
        body: &Body,
        name: &str,
    ) -> EvalResult<Option<String>> {
        let Some(attr) = body.get_attribute(name) else { return Ok(None) };
        let saved = self.set_file(file);
        let v = self.with_global_sink(|r| eval(r, &attr.value, &Scope::root()));
        self.set_file(saved);
        let help = format!("fix the provider's {name}");
        match v.map_err(|e| soft_to_load_error(e, &help))? {
            Value::String(s) => Ok(Some(s)),
            _ => Ok(None),
        }
    }

    /// Evaluates everything of this instance and of its children, in declaration order.
    fn run_all(&mut self) -> Result<(), LoadError> {
        self.ensure_providers().map_err(|e| soft_to_load_error(e, "fix the provider's region"))?;
        self.validate_variables()?;
        let cfg = self.cfg();
        for r in &cfg.resources {
            self.ensure_resource(&r.key(), 0)
                .map_err(|e| soft_to_load_error(e, "fix the expression, or remove the resource"))?;
        }
        for name in cfg.modules.keys() {
            let children = self
                .ensure_module(name, 0)
                .map_err(|e| soft_to_load_error(e, "fix the module call"))?;
            for &child in children.iter().flat_map(|c| c.runs.iter()) {
                self.at(child).run_all()?;
            }
        }
        for name in cfg.outputs.keys() {
            self.output(name).map_err(|e| soft_to_load_error(e, "fix the output"))?;
        }
        Ok(())
    }

    /// The output `name` (node `output.<name>`); an output that fails to evaluate is unknown
    /// with a warning.
    fn output(&mut self, name: &str) -> EvalResult {
        let cfg = self.cfg();
        let Some(decl) = cfg.outputs.get(name) else { return Ok(Value::Unknown) };
        let node = format!("output.{name}");
        if !self.enter(&node, &decl.location)? {
            let saved = self.set_file(decl.file);
            let v = self.with_global_sink(|r| eval_marked(r, &decl.expr, &Scope::root()));
            self.set_file(saved);
            let v = self.note_marked(&node, v);
            let v = match v {
                Err(EvalError::Soft { message, location, .. }) => {
                    let w = Warning::new(
                        "output-error",
                        format!(
                            "output `{name}` of {} could not be evaluated ({message}); its value is unknown",
                            self.module_label()
                        ),
                        location.or_else(|| Some(decl.location.clone())),
                    );
                    self.s.loaded.warnings.push(w);
                    Ok(Value::Unknown)
                }
                other => other,
            };
            self.finish(&node, v)?;
        }
        self.pass_refs(&node);
        match self.st().nodes.get(&node) {
            Some(Node::Done(v)) => Ok(v.clone()),
            _ => Ok(Value::Unknown),
        }
    }

    /// Remembers whether the local or output `node` evaluated to resource objects
    /// (`resource_nodes`) and returns its value.
    fn note_marked(&mut self, node: &str, result: EvalResult<Marked>) -> EvalResult {
        let m = result?;
        if m.resources {
            self.st_mut().resource_nodes.insert(node.to_string());
        }
        Ok(m.value)
    }

    /// Passes on the references of the evaluated local, input or output `node` to the frame
    /// reading it.
    fn pass_refs(&mut self, node: &str) {
        if let Some(refs) = self.s.runs[self.id].node_refs.get(node) {
            self.s.refs.add_all(refs);
        }
    }

    /// Every output of this instance, as the object `module.<name>` is.
    fn all_outputs(&mut self) -> EvalResult {
        let cfg = self.cfg();
        let mut out = BTreeMap::new();
        for name in cfg.outputs.keys() {
            out.insert(name.clone(), self.output(name)?);
        }
        Ok(Value::Map(out))
    }

    /// Marks `node` as being evaluated; a node already in progress is a cycle, reported with
    /// the chain of nodes from its first evaluation, each with where it is declared.
    /// Returns true when the node is already evaluated.
    fn enter(&mut self, node: &str, location: &Location) -> EvalResult<bool> {
        match self.st().nodes.get(node) {
            Some(Node::Done(_)) => return Ok(true),
            Some(Node::InProgress) => {
                let start = self
                    .s
                    .stack
                    .iter()
                    .position(|(r, n, _)| *r == self.id && n == node)
                    .unwrap_or(0);
                let mut cycle: Vec<String> = self.s.stack[start..]
                    .iter()
                    .map(|(r, n, l)| {
                        format!("{} ({}:{})", self.s.node_address(*r, n), l.file, l.line)
                    })
                    .collect();
                cycle.push(format!(
                    "{} ({}:{})",
                    self.s.node_address(self.id, node),
                    location.file,
                    location.line
                ));
                return Err(LoadError::Cycle { cycle, location: Some(location.clone()) }.into());
            }
            None => {}
        }
        self.st_mut().nodes.insert(node.to_string(), Node::InProgress);
        self.s.stack.push((self.id, node.to_string(), location.clone()));
        self.s.refs.open();
        Ok(false)
    }

    /// Ends the evaluation of `node` begun by [`Self::enter`]: its value is stored; after an
    /// error it is forgotten, so that a later reference evaluates it (and reports) again rather
    /// than seeing a false cycle.
    fn finish(&mut self, node: &str, result: EvalResult) -> EvalResult {
        self.s.stack.pop();
        // A resource's or module call's own references stay with its instances; what reads it
        // gets its address instead.
        let refs = self.s.refs.close();
        match result {
            Ok(value) => {
                if !refs.is_empty()
                    && ["var.", "local.", "output."].iter().any(|p| node.starts_with(p))
                {
                    self.st_mut().node_refs.insert(node.to_string(), refs);
                }
                self.st_mut().nodes.insert(node.to_string(), Node::Done(value.clone()));
                Ok(value)
            }
            Err(e) => {
                self.st_mut().nodes.remove(node);
                Err(e)
            }
        }
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
            Some(TraversalOperator::Index(e)) => Some(Some(eval_detached(self, e, scope)?)),
            Some(TraversalOperator::GetAttr(i)) => {
                Some(Some(Value::String(i.as_str().to_string())))
            }
            _ => None,
        };
        let Some(Node::Done(v)) = self.st().nodes.get(node) else {
            return Ok((Value::Unknown, 0));
        };
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
        let cfg = self.cfg();
        let Some(decl) = cfg.locals.get(name) else {
            let msg = format!(
                "reference to undeclared local value `local.{name}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("dangling-reference", msg, offset);
            return Ok(Resolved {
                value: Value::Unknown,
                consumed: 1,
                lenient: true,
                resources: false,
            });
        };
        let node = format!("local.{name}");
        if !self.enter(&node, &decl.location)? {
            let saved = self.set_file(decl.file);
            let v = self.with_global_sink(|r| eval_marked(r, &decl.expr, &Scope::root()));
            self.set_file(saved);
            let v = self.note_marked(&node, v);
            self.finish(&node, v)?;
        }
        self.pass_refs(&node);
        let (value, consumed) = self.node_value(&node, ops, scope)?;
        let resources = self.st().resource_nodes.contains(&node);
        Ok(Resolved { value, consumed: 1 + consumed, lenient: resources, resources })
    }

    /// Evaluates a resource or data source (all its instances) unless already done; false (and a
    /// warning) when it is not declared.
    fn ensure_resource(&mut self, key: &str, offset: usize) -> EvalResult<bool> {
        let cfg = self.cfg();
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
        let saved = self.set_file(decl.file);
        let result = self.eval_resource(idx);
        self.set_file(saved);
        self.finish(key, result)?;
        Ok(true)
    }

    /// Records a read of the resource `key` (`aws_subnet.a`) followed by `ops`, of which
    /// `consumed` were applied: one instance's address when an index into an expanded resource
    /// was, else the resource's.
    fn note_resource_read(
        &mut self,
        key: &str,
        ops: &[Decorated<TraversalOperator>],
        consumed: usize,
        scope: &Scope,
    ) -> EvalResult<()> {
        let address = self.full_address(key);
        let indexed = consumed == 1 && self.s.expanded.contains(&address);
        let suffix = match ops.first().map(Decorated::value) {
            Some(TraversalOperator::Index(e)) if indexed => match eval_detached(self, e, scope)? {
                Value::Number(n) => format!("[{}]", n.normalize()),
                Value::String(k) => InstanceKey::Key(k).suffix(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        self.s.refs.add(format!("{address}{suffix}"));
        Ok(())
    }

    fn full_address(&self, local: &str) -> String {
        self.s.node_address(self.id, local)
    }

    fn eval_resource(&mut self, idx: usize) -> EvalResult {
        self.ensure_providers()?;
        let cfg = self.cfg();
        let decl = &cfg.resources[idx];
        let key = decl.key();
        let what = format!("`{}`", self.full_address(&key));
        self.s.refs.open();
        let expansion = expand(self, decl.count.as_ref(), decl.for_each.as_ref(), &what);
        let each_refs = Rc::new(self.s.refs.close());
        let expansion = expansion?;
        if !matches!(expansion.kind, ExpansionKind::Single) {
            self.s.expanded.insert(self.full_address(&key));
        }
        // `each.value` comes from the `for_each` collection; `count.index` is only a number.
        let each_refs =
            if expansion.kind == ExpansionKind::ForEach { each_refs } else { Rc::default() };
        let provider = decl
            .provider
            .clone()
            .unwrap_or_else(|| decl.rtype.split('_').next().unwrap_or_default().to_string());
        let mut objects = Vec::with_capacity(expansion.instances.len());
        let root = Scope::root();
        for (ikey, vars) in &expansion.instances {
            let scope = root
                .child_from(vars.clone(), Rc::clone(&each_refs))
                .of_resources(expansion.each_resources);
            let inherited = self.st().inherited.clone();
            self.st_mut().sinks.push(inherited);
            if let Some((code, msg)) = &expansion.warning {
                let w = Warning::new(code, msg.clone(), Some(decl.location.clone()));
                self.emit(w);
            }
            let mut references = References::new();
            let attrs = eval_body(self, &decl.body, &scope, &mut references);
            let mut warnings = self.st_mut().sinks.pop().unwrap_or_default();
            let attrs = attrs?;
            let region = match attrs.get("region") {
                Some(Value::String(r)) => Some(r.clone()),
                _ => match self.st().providers.as_ref().and_then(|p| p.get(&provider)) {
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
            let module = self.st().addr.clone();
            self.s.loaded.instances.push(Instance {
                address,
                resource_type: decl.rtype.clone(),
                name: decl.name.clone(),
                mode: decl.mode,
                module,
                region,
                provider: provider.clone(),
                attributes: attrs,
                location: decl.location.clone(),
                references,
                warnings,
            });
        }
        Ok(expansion.reference_value(objects))
    }

    /// Expands a module call (node `module.<name>`: its `count`/`for_each`) into its instances
    /// unless already done; `None` (and a warning) when it is not declared. The instances'
    /// inputs and outputs are evaluated only when referenced.
    fn ensure_module(&mut self, name: &str, offset: usize) -> EvalResult<Option<Rc<Children>>> {
        let cfg = self.cfg();
        let Some(decl) = cfg.modules.get(name) else {
            let msg = format!(
                "reference to undeclared module `module.{name}` in {}; its value is unknown",
                self.module_label()
            );
            self.warn("dangling-reference", msg, offset);
            return Ok(None);
        };
        let node = format!("module.{name}");
        if !self.enter(&node, &decl.location)? {
            let saved = self.set_file(decl.file);
            let result = self.expand_module(decl);
            self.set_file(saved);
            let result = result.map(|children| {
                self.st_mut().children.insert(name.to_string(), Rc::new(children));
                Value::Null
            });
            self.finish(&node, result)?;
        }
        Ok(self.st().children.get(name).cloned())
    }

    /// Where the source of a module call lives, or why it is not available.
    fn module_dir(&self, decl: &ModuleCallDecl) -> Result<PathBuf, String> {
        let key = if self.st().key_path.is_empty() {
            decl.name.clone()
        } else {
            format!("{}.{}", self.st().key_path, decl.name)
        };
        let Some(source) = &decl.source else {
            return Err("its `source` is missing or not a literal string".to_string());
        };
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
        {
            let dir = self.st().cfg.dir.join(source);
            return match dir.canonicalize() {
                Ok(d) if d.is_dir() => Ok(d),
                _ => Err(format!("its source directory `{source}` does not exist")),
            };
        }
        let dir = match self.s.modules_json.get(&key) {
            Some(dir) if dir.is_dir() => dir.clone(),
            _ => match &self.s.module_cache {
                Some(cache) => {
                    crate::modules::cache::lookup(cache, source, decl.version.as_deref())?
                }
                None => {
                    return Err(format!(
                        "source `{source}` is not installed in .terraform/modules (run `costplan modules get` or `terraform init`)"
                    ));
                }
            },
        };
        dir.canonicalize().map_err(|e| format!("cannot open `{}`: {e}", dir.display()))
    }

    fn expand_module(&mut self, decl: &ModuleCallDecl) -> EvalResult<Children> {
        let call_addr = self.full_address(&format!("module.{}", decl.name));
        self.s.refs.open();
        let expansion =
            expand(self, decl.count.as_ref(), decl.for_each.as_ref(), &format!("`{call_addr}`"));
        let each_refs = Rc::new(self.s.refs.close());
        let expansion = expansion?;
        let each_refs =
            if expansion.kind == ExpansionKind::ForEach { each_refs } else { Rc::default() };
        let shape = Expansion {
            kind: expansion.kind,
            instances: expansion.instances.iter().map(|(k, _)| (k.clone(), Vec::new())).collect(),
            warning: None,
            each_resources: false,
        };
        let dir = match self.module_dir(decl) {
            Ok(d) => d,
            Err(why) => {
                self.s.loaded.modules_not_loaded.push(call_addr.clone());
                self.s.loaded.warnings.push(Warning::new(
                    "module-not-loaded",
                    format!("module `{call_addr}` was not loaded: {why}; its resources are missing from the estimate"),
                    Some(decl.location.clone()),
                ));
                return Ok(Children { shape, runs: Vec::new() });
            }
        };
        // The module instances from the root to this one: a directory on it is a module cycle.
        let mut ancestors = Vec::new();
        let mut at = Some(self.id);
        while let Some(id) = at {
            let run = &self.s.runs[id];
            let label =
                if run.addr.is_empty() { "root module".to_string() } else { run.addr.clone() };
            ancestors.push((run.dir.clone(), label));
            at = run.call.as_ref().map(|c| c.parent);
        }
        ancestors.reverse();
        if let Some(pos) = ancestors.iter().position(|(d, _)| *d == dir) {
            let mut chain: Vec<String> = ancestors[pos..].iter().map(|(_, a)| a.clone()).collect();
            chain.push(call_addr);
            return Err(LoadError::ModuleCycle { chain }.into());
        }
        let depth = self.st().depth + 1;
        if depth > MAX_MODULE_DEPTH {
            return Err(LoadError::Limit {
                message: format!("module `{call_addr}` is nested {depth} levels deep, over the limit of {MAX_MODULE_DEPTH}"),
                location: Some(decl.location.clone()),
                help: "flatten the module tree".into(),
            }
            .into());
        }
        let child_cfg = self.s.config(&dir)?;
        let key_path = match self.st().key_path.as_str() {
            "" => decl.name.clone(),
            parent => format!("{parent}.{}", decl.name),
        };
        let passed: BTreeSet<String> = decl
            .body
            .attributes()
            .map(|a| a.key.as_str().to_string())
            .filter(|k| !CALL_META.contains(&k.as_str()))
            .collect();
        let mut runs = Vec::with_capacity(expansion.instances.len());
        for (ikey, vars) in expansion.instances {
            let mut inherited = self.st().inherited.clone();
            if let Some((code, msg)) = &expansion.warning {
                inherited.push(Warning::new(code, msg.clone(), Some(decl.location.clone())));
            }
            let call = CallSite {
                parent: self.id,
                call: decl.name.clone(),
                vars,
                refs: Rc::clone(&each_refs),
                each_resources: expansion.each_resources,
            };
            let child = RunState::new(
                Rc::clone(&child_cfg),
                dir.clone(),
                format!("{call_addr}{}", ikey.suffix()),
                key_path.clone(),
                depth,
                Some(Rc::new(call)),
                inherited,
            );
            self.s.runs.push(child);
            let id = self.s.runs.len() - 1;
            self.at(id).bind_child(&passed)?;
            runs.push(id);
        }
        Ok(Children { shape, runs })
    }

    /// The value of `module.<call>` followed by `ops`: only the outputs referenced are
    /// evaluated (`module.a.x`, `module.a[0].x`, `module.a["k"].x`); a reference to a whole
    /// instance or call evaluates all its outputs. Returns the value, the ops consumed and
    /// whether the value is an output that is resource objects ([`Marked`]).
    fn module_ref(
        &mut self,
        children: &Children,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> EvalResult<(Value, usize, bool)> {
        if children.runs.is_empty() || children.shape.kind == ExpansionKind::Unknown {
            return Ok((Value::Unknown, 0, false));
        }
        let (target, used) = match children.shape.kind {
            ExpansionKind::Single => (children.runs.first().copied(), 0),
            _ => match ops.first().map(Decorated::value) {
                Some(TraversalOperator::Index(e)) => {
                    let k = eval_detached(self, e, scope)?;
                    let pos =
                        children.shape.instances.iter().position(|(key, _)| match (key, &k) {
                            (InstanceKey::Index(i), Value::Number(n)) => Decimal::from(*i) == *n,
                            (InstanceKey::Key(s), Value::String(v)) => s == v,
                            _ => false,
                        });
                    match pos {
                        Some(p) => (Some(children.runs[p]), 1),
                        None => (None, 0),
                    }
                }
                _ => (None, 0),
            },
        };
        let Some(target) = target else {
            let mut objects = Vec::with_capacity(children.runs.len());
            for &run in &children.runs {
                objects.push(self.at(run).all_outputs()?);
            }
            return Ok((children.shape.reference_value(objects), 0, false));
        };
        let mut child = self.at(target);
        if let Some(TraversalOperator::GetAttr(o)) = ops.get(used).map(Decorated::value)
            && child.st().cfg.outputs.contains_key(o.as_str())
        {
            let value = child.output(o.as_str())?;
            let resources = child.st().resource_nodes.contains(&format!("output.{o}"));
            return Ok((value, used + 1, resources));
        }
        Ok((child.all_outputs()?, used, false))
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
        let known = |value: Value, consumed: usize| {
            Ok(Resolved { value, consumed, lenient: false, resources: false })
        };
        match name {
            "var" => {
                let Some(v) = attr(0) else {
                    return Err(
                        self.error(offset, "`var` must be followed by a variable name".into())
                    );
                };
                self.variable(&v, offset)
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
                Some("module") => known(Value::String(self.st().cfg.rel_dir.clone()), 1),
                Some("root" | "cwd") => known(Value::String(".".to_string()), 1),
                _ => Err(self.error(
                    offset,
                    "`path` supports `path.module`, `path.root` and `path.cwd`".into(),
                )),
            },
            "terraform" => match attr(0).as_deref() {
                Some("workspace") => known(Value::String(self.s.workspace.clone()), 1),
                _ => Ok(Resolved {
                    value: Value::Unknown,
                    consumed: 1,
                    lenient: true,
                    resources: false,
                }),
            },
            "self" => {
                Ok(Resolved { value: Value::Unknown, consumed: 0, lenient: true, resources: false })
            }
            "module" => {
                let Some(m) = attr(0) else {
                    return Err(
                        self.error(offset, "`module` must be followed by a module name".into())
                    );
                };
                let Some(children) = self.ensure_module(&m, offset)? else {
                    return Ok(Resolved {
                        value: Value::Unknown,
                        consumed: 1,
                        lenient: true,
                        resources: false,
                    });
                };
                let (value, consumed, resources) = self.module_ref(&children, &ops[1..], scope)?;
                Ok(Resolved { value, consumed: 1 + consumed, lenient: true, resources })
            }
            "data" => {
                let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                    return Err(
                        self.error(offset, "`data` must be followed by a type and a name".into())
                    );
                };
                let key = format!("data.{t}.{n}");
                if !self.ensure_resource(&key, offset)? {
                    return Ok(Resolved {
                        value: Value::Unknown,
                        consumed: 2,
                        lenient: true,
                        resources: false,
                    });
                }
                let (value, consumed) = self.node_value(&key, &ops[2..], scope)?;
                self.note_resource_read(&key, &ops[2..], consumed, scope)?;
                Ok(Resolved { value, consumed: 2 + consumed, lenient: true, resources: true })
            }
            rtype => {
                let Some(n) = attr(0) else {
                    let msg = format!(
                        "unknown name `{rtype}` in {}; its value is unknown",
                        self.module_label()
                    );
                    self.warn("dangling-reference", msg, offset);
                    return Ok(Resolved {
                        value: Value::Unknown,
                        consumed: 0,
                        lenient: true,
                        resources: false,
                    });
                };
                let key = format!("{rtype}.{n}");
                if !self.ensure_resource(&key, offset)? {
                    return Ok(Resolved {
                        value: Value::Unknown,
                        consumed: 1,
                        lenient: true,
                        resources: false,
                    });
                }
                let (value, consumed) = self.node_value(&key, &ops[1..], scope)?;
                self.note_resource_read(&key, &ops[1..], consumed, scope)?;
                Ok(Resolved { value, consumed: 1 + consumed, lenient: true, resources: true })
            }
        }
    }

    fn error(&self, offset: usize, message: String) -> EvalError {
        let cur = self.st().cur_file;
        EvalError::Soft {
            message,
            location: Some(self.location(cur, offset)),
            snippet: self.st().cfg.snippet(cur, offset),
        }
    }

    fn warn(&mut self, code: &str, message: String, offset: usize) {
        let w = Warning::new(code, message, Some(self.location(self.st().cur_file, offset)));
        self.emit(w);
    }

    fn budget(&mut self) -> &mut Budget {
        &mut self.s.budget
    }

    fn module_address(&self) -> String {
        self.st().addr.clone()
    }

    fn refs(&mut self) -> Option<&mut Refs> {
        Some(&mut self.s.refs)
    }

    fn dirs(&self) -> (PathBuf, PathBuf) {
        (self.st().cfg.dir.clone(), self.s.root.clone())
    }
}
