//! References of a plan's instances: which resources each attribute's expression refers to,
//! read from the plan's `configuration` so that plan-based links are `via: reference` like the
//! HCL path's ([`super::refs`]).
//!
//! Contract:
//! - Terraform writes each resource's unevaluated arguments under
//!   `configuration.…resources[].expressions`: an attribute is `{"references": [...]}` (or a
//!   `constant_value`), a nested block a list of such objects (one object for a single block, a
//!   map of them for a map block). Each reference is listed with every shorter form of it
//!   (`aws_subnet.x[1].id`, `aws_subnet.x[1]`, `aws_subnet.x`); only string equality is relied
//!   on, as Terraform's documentation asks.
//! - A reference to a resource or data source names it: the instance when the expression
//!   indexes it with a constant key (`aws_subnet.x[1]`), else the resource (`aws_subnet.x`, which
//!   stands for all its instances). Addresses are full: the instance's module address (keys
//!   included) comes first.
//! - References are followed through `var.x` (the module call's argument, in the caller),
//!   `module.m.out` (the output's expression, in the called module) and `each.value` (the
//!   resource's `for_each` expression), as the HCL path does, up to a depth of 32.
//! - Not followed: `local.x` (the plan's configuration does not record locals), `count.index`,
//!   `path.*`, `terraform.*`, whole-module references without an output (`module.m`), and
//!   `dynamic` blocks (Terraform leaves them out of `expressions`). An attribute with no
//!   resource reference records nothing; its links fall back to known values.
//! - Attribute paths are those of [`super::Instance::references`]: `cluster`,
//!   `load_balancer.0.target_group_arn` (block index), `block.0.attr` for a single block,
//!   `block.<key>.attr` for a map block.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::plan::strip_keys;
use super::refs::References;

/// How many `var`/`module`/`each` steps are followed before giving up (a damaged plan could
/// loop).
const MAX_DEPTH: usize = 32;

/// The configuration modules of a plan, by module path without instance keys (`""` for the
/// root, `module.a.module.b`).
pub(crate) struct PlanRefs<'a> {
    modules: BTreeMap<String, &'a Json>,
}

impl<'a> PlanRefs<'a> {
    /// Indexes `configuration.root_module` and every module under its `module_calls`.
    pub fn new(plan: &'a Json) -> Self {
        let mut modules = BTreeMap::new();
        if let Some(root) = plan.get("configuration").and_then(|c| c.get("root_module")) {
            index(root, String::new(), &mut modules);
        }
        PlanRefs { modules }
    }

    /// The references of the instance of resource `local` (`aws_ecs_service.s`,
    /// `data.aws_vpc.v`) in the module instance `module` (`module.svc["api"]`, empty for the
    /// root), by attribute path.
    pub fn of_instance(&self, module: &str, local: &str) -> References {
        let mut out = References::new();
        let Some(resource) = self.resource(module, local) else { return out };
        if let Some(exprs) = resource.get("expressions") {
            self.walk(exprs, "", module, resource, &mut out);
        }
        out
    }

    fn resource(&self, module: &str, local: &str) -> Option<&'a Json> {
        let m = self.modules.get(&strip_keys(module))?;
        m.get("resources")?
            .as_array()?
            .iter()
            .find(|r| r.get("address").and_then(Json::as_str) == Some(local))
    }

    /// Records the references of every attribute of the block `exprs`, under `prefix`.
    fn walk(
        &self,
        exprs: &Json,
        prefix: &str,
        module: &str,
        resource: &Json,
        out: &mut References,
    ) {
        let Some(map) = exprs.as_object() else { return };
        for (name, e) in map {
            let path = format!("{prefix}{name}");
            match e {
                e if is_expression(e) => {
                    let found = self.resolve(e, module, Some(resource), 0);
                    if !found.is_empty() {
                        out.insert(path, found.into_iter().collect());
                    }
                }
                Json::Array(blocks) => {
                    for (i, b) in blocks.iter().enumerate() {
                        self.walk(b, &format!("{path}.{i}."), module, resource, out);
                    }
                }
                Json::Object(inner) if inner.values().all(is_expression) => {
                    self.walk(e, &format!("{path}.0."), module, resource, out);
                }
                Json::Object(inner) => {
                    for (key, b) in inner {
                        self.walk(b, &format!("{path}.{key}."), module, resource, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// The resources the expression `e` (evaluated in the module instance `module`) refers
    /// to, directly or through variables, module outputs and `each.value`.
    fn resolve(
        &self,
        e: &Json,
        module: &str,
        resource: Option<&Json>,
        depth: usize,
    ) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        if depth > MAX_DEPTH {
            return found;
        }
        let refs: Vec<&str> = e
            .get("references")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let mut resources: BTreeSet<(String, Option<String>)> = BTreeSet::new();
        for r in &refs {
            match Reference::parse(r) {
                Some(Reference::Resource { local, key }) => {
                    resources.insert((local, key));
                }
                Some(Reference::Var(name)) => {
                    found.extend(self.variable(module, &name, depth));
                }
                Some(Reference::Output { call, key, output }) => {
                    let child = format!("{}module.{call}{}", dot(module), key.unwrap_or_default());
                    found.extend(self.output(&child, &output, depth));
                }
                Some(Reference::EachValue) => {
                    if let Some(fe) = resource.and_then(|r| r.get("for_each_expression")) {
                        found.extend(self.resolve(fe, module, None, depth + 1));
                    }
                }
                None => {}
            }
        }
        // `aws_subnet.x[1]` comes with its shorter form `aws_subnet.x`: the instance wins.
        let keyed: BTreeSet<&String> =
            resources.iter().filter(|(_, k)| k.is_some()).map(|(l, _)| l).collect();
        for (local, key) in &resources {
            if key.is_none() && keyed.contains(local) {
                continue;
            }
            found.insert(format!("{}{local}{}", dot(module), key.as_deref().unwrap_or_default()));
        }
        found
    }

    /// `var.name` in the module instance `module`: the call's argument, in the caller.
    fn variable(&self, module: &str, name: &str, depth: usize) -> BTreeSet<String> {
        let Some((parent, call)) = split_call(module) else { return BTreeSet::new() };
        let arg = self
            .modules
            .get(&strip_keys(parent))
            .and_then(|m| m.get("module_calls"))
            .and_then(|c| c.get(call))
            .and_then(|c| c.get("expressions"))
            .and_then(|x| x.get(name));
        match arg {
            Some(e) => self.resolve(e, parent, None, depth + 1),
            None => BTreeSet::new(),
        }
    }

    /// The output `name` of the module instance `module`, in that module.
    fn output(&self, module: &str, name: &str, depth: usize) -> BTreeSet<String> {
        let expr = self
            .modules
            .get(&strip_keys(module))
            .and_then(|m| m.get("outputs"))
            .and_then(|o| o.get(name))
            .and_then(|o| o.get("expression"));
        match expr {
            Some(e) => self.resolve(e, module, None, depth + 1),
            None => BTreeSet::new(),
        }
    }
}

fn index<'a>(module: &'a Json, path: String, out: &mut BTreeMap<String, &'a Json>) {
    if let Some(Json::Object(calls)) = module.get("module_calls") {
        for (name, call) in calls {
            if let Some(m) = call.get("module") {
                index(m, format!("{}module.{name}", dot(&path)), out);
            }
        }
    }
    out.insert(path, module);
}

/// An expression object (`{"references": [...]}`, `{"constant_value": ...}` or `{}`), as
/// opposed to a nested block's object of expressions.
fn is_expression(e: &Json) -> bool {
    e.as_object().is_some_and(|m| m.keys().all(|k| k == "references" || k == "constant_value"))
}

/// `module` followed by a dot, or nothing for the root.
fn dot(module: &str) -> String {
    if module.is_empty() { String::new() } else { format!("{module}.") }
}

/// The caller of the module instance `module` and the call's name:
/// `module.a["x"].module.b[0]` → (`module.a["x"]`, `b`).
fn split_call(module: &str) -> Option<(&str, &str)> {
    let (parent, last) = match module.rfind(".module.") {
        Some(i) => (&module[..i], &module[i + 1..]),
        None => ("", module),
    };
    let call = last.strip_prefix("module.")?;
    Some((parent, call.split('[').next().unwrap_or(call)))
}

/// The length of the `[...]` key at the start of `s` (a number or a quoted string, which may
/// hold `]`), brackets included.
fn key_end(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    if let Some(quoted) = inner.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return quoted[i + 1..].starts_with(']').then_some(i + 4),
                _ => {}
            }
        }
        return None;
    }
    inner.find(']').map(|i| i + 2)
}

/// One entry of an expression's `references`, as far as links care.
#[derive(Debug, PartialEq, Eq)]
enum Reference {
    /// `aws_subnet.x`, `aws_subnet.x[1]`, `data.aws_vpc.v` (any attribute after it ignored).
    Resource { local: String, key: Option<String> },
    /// `var.name`.
    Var(String),
    /// `module.m.out`, `module.m[0].out`.
    Output { call: String, key: Option<String>, output: String },
    /// `each.value`.
    EachValue,
}

impl Reference {
    fn parse(r: &str) -> Option<Reference> {
        let (root, rest) = r.split_once('.')?;
        let ident = |s: &str| -> usize { s.find(['.', '[']).unwrap_or(s.len()) };
        match root {
            "var" => Some(Reference::Var(rest[..ident(rest)].to_string())),
            "each" => rest.starts_with("value").then_some(Reference::EachValue),
            "local" | "count" | "path" | "terraform" | "self" => None,
            "module" => {
                let call = &rest[..ident(rest)];
                let after = &rest[call.len()..];
                let (key, after) = match key_end(after) {
                    Some(n) => (Some(after[..n].to_string()), &after[n..]),
                    None => (None, after),
                };
                let out = after.strip_prefix('.')?;
                Some(Reference::Output {
                    call: call.to_string(),
                    key,
                    output: out[..ident(out)].to_string(),
                })
            }
            _ => {
                // `data.<type>.<name>` or `<type>.<name>`.
                let (prefix, body) = if root == "data" { ("data.", rest) } else { ("", r) };
                let (rtype, tail) = body.split_once('.')?;
                let name = &tail[..ident(tail)];
                if rtype.is_empty() || name.is_empty() || rtype.contains('[') {
                    return None;
                }
                let after = &tail[name.len()..];
                let key = key_end(after).map(|n| after[..n].to_string());
                Some(Reference::Resource { local: format!("{prefix}{rtype}.{name}"), key })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(local: &str, key: Option<&str>) -> Option<Reference> {
        Some(Reference::Resource { local: local.into(), key: key.map(str::to_string) })
    }

    #[test]
    fn references_parse_as_terraform_writes_them() {
        assert_eq!(Reference::parse("aws_ecs_cluster.a.id"), res("aws_ecs_cluster.a", None));
        assert_eq!(Reference::parse("aws_subnet.x[1]"), res("aws_subnet.x", Some("[1]")));
        assert_eq!(
            Reference::parse(r#"aws_subnet.x["a]b"].id"#),
            res("aws_subnet.x", Some(r#"["a]b"]"#))
        );
        assert_eq!(Reference::parse("data.aws_vpc.v.id"), res("data.aws_vpc.v", None));
        assert_eq!(Reference::parse("var.cluster"), Some(Reference::Var("cluster".into())));
        assert_eq!(
            Reference::parse("module.m[0].arn"),
            Some(Reference::Output {
                call: "m".into(),
                key: Some("[0]".into()),
                output: "arn".into()
            })
        );
        assert_eq!(Reference::parse("module.m"), None);
        assert_eq!(Reference::parse("each.value.name"), Some(Reference::EachValue));
        assert_eq!(Reference::parse("each.key"), None);
        assert_eq!(Reference::parse("local.x"), None);
        assert_eq!(Reference::parse("count.index"), None);
        assert_eq!(Reference::parse("nodot"), None);
    }

    #[test]
    fn module_addresses_split_at_their_last_call() {
        assert_eq!(split_call(r#"module.a["x"].module.b[0]"#), Some((r#"module.a["x"]"#, "b")));
        assert_eq!(split_call("module.a"), Some(("", "a")));
        assert_eq!(split_call(""), None);
    }
}
