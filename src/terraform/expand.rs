//! `count` / `for_each` expansion (of resources and module calls) and evaluation of block bodies
//! into attribute maps, including `dynamic` blocks.
//!
//! Contract:
//! - `count` must be a whole non-negative number, `for_each` a map, object, set or list of
//!   strings; anything else is an error at the expression. More than
//!   [`MAX_INSTANCES_PER_RESOURCE`] instances is a limit error.
//! - An unknown `count`/`for_each` gives one instance whose `count.index` / `each.*` are unknown,
//!   plus a warning (`unknown-count` / `unknown-for-each`) that says so.
//! - Bodies become maps: arguments by name (null arguments are left out, as Terraform treats
//!   them as unset), nested blocks as lists of maps under the block type; meta-arguments
//!   (`count`, `for_each`, `provider`, `depends_on`, `lifecycle`, provisioners) are left out.
//! - Each argument's references ([`super::refs`]) are recorded by attribute path; a dynamic
//!   block's iterator carries the references of its `for_each` collection.
//! - An argument that fails to evaluate is an `evaluation-error` warning and unknown; `count`
//!   and `for_each` errors stay errors (the number of instances would be a guess).

use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::MAX_INSTANCES_PER_RESOURCE;
use super::error::LoadError;
use super::eval::{
    Env, EvalError, EvalResult, Marked, Scope, close_refs, eval, eval_marked, iteration_pairs,
    offset_of, open_refs, spend, to_template_string,
};
use super::refs::References;
use super::value::Value;

/// One instance key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InstanceKey {
    None,
    Index(usize),
    Key(String),
}

impl InstanceKey {
    /// The address suffix: ``, `[3]` or `["api"]`.
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::None => String::new(),
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => {
                format!("[\"{}\"]", k.replace('\\', "\\\\").replace('"', "\\\""))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExpansionKind {
    Single,
    Count,
    ForEach,
    /// `count` or `for_each` was unknown: one stand-in instance.
    Unknown,
}

pub(crate) struct Expansion {
    pub kind: ExpansionKind,
    /// Each instance: its key and the lexical variables (`count` or `each`) it binds.
    pub instances: Vec<(InstanceKey, Vec<(String, Value)>)>,
    /// Set when `kind` is `Unknown`: (warning code, message).
    pub warning: Option<(&'static str, String)>,
    /// The `for_each` collection is resource or data source objects, so `each.value` is one
    /// ([`super::eval::Marked`]).
    pub each_resources: bool,
}

impl Expansion {
    /// The value a reference to the whole resource or module call sees.
    pub fn reference_value(&self, objects: Vec<Value>) -> Value {
        match self.kind {
            ExpansionKind::Single => objects.into_iter().next().unwrap_or(Value::Null),
            ExpansionKind::Count => Value::List(objects),
            ExpansionKind::ForEach => Value::Map(
                self.instances
                    .iter()
                    .zip(objects)
                    .map(|((k, _), v)| {
                        (if let InstanceKey::Key(k) = k { k.clone() } else { String::new() }, v)
                    })
                    .collect(),
            ),
            ExpansionKind::Unknown => Value::Unknown,
        }
    }
}

fn limit_error(env: &dyn Env, what: &str, n: usize, offset: usize) -> EvalError {
    let location = match env.error(offset, String::new()) {
        EvalError::Soft { location, .. } => location,
        EvalError::Fatal(_) => None,
    };
    EvalError::Fatal(Box::new(LoadError::Limit {
        message: format!("{what} expands to {n} instances, over the limit of {MAX_INSTANCES_PER_RESOURCE}"),
        location,
        help: "check the `count`/`for_each` expression; costplan stops here to protect against runaway expansions".into(),
    }))
}

/// Expands `count` / `for_each` of the block `what` (`aws_instance.web`, `module.svc`).
pub(crate) fn expand(
    env: &mut dyn Env,
    count: Option<&Expression>,
    for_each: Option<&Expression>,
    what: &str,
) -> EvalResult<Expansion> {
    let root = Scope::root();
    match (count, for_each) {
        (Some(c), Some(_)) => Err(env.error(
            offset_of(c),
            format!("{what} sets both `count` and `for_each`; use one of them"),
        )),
        (None, None) => Ok(Expansion {
            kind: ExpansionKind::Single,
            instances: vec![(InstanceKey::None, Vec::new())],
            warning: None,
            each_resources: false,
        }),
        (Some(c), None) => {
            let v = eval(env, c, &root)?;
            if v.contains_unknown() {
                let index = Value::Map(BTreeMap::from([("index".to_string(), Value::Unknown)]));
                return Ok(Expansion {
                    kind: ExpansionKind::Unknown,
                    instances: vec![(InstanceKey::Index(0), vec![("count".to_string(), index)])],
                    warning: Some((
                        "unknown-count",
                        format!(
                            "the `count` of {what} is only known after apply; costed as one instance"
                        ),
                    )),
                    each_resources: false,
                });
            }
            let n = match &v {
                Value::Null => {
                    return Err(env.error(
                        offset_of(c),
                        format!("the `count` of {what} is null; it must be a whole number"),
                    ));
                }
                other => other.as_decimal().ok_or_else(|| {
                    env.error(
                        offset_of(c),
                        format!(
                            "the `count` of {what} must be a whole number, got {} `{other}`",
                            other.type_name()
                        ),
                    )
                })?,
            };
            if n < Decimal::ZERO || !n.fract().is_zero() {
                return Err(env.error(
                    offset_of(c),
                    format!("the `count` of {what} is {n}; it must be a whole number, 0 or more"),
                ));
            }
            let n = n.to_usize().unwrap_or(usize::MAX);
            if n > MAX_INSTANCES_PER_RESOURCE {
                return Err(limit_error(env, what, n, offset_of(c)));
            }
            spend(env, n, what, offset_of(c))?;
            let instances = (0..n)
                .map(|i| {
                    let index = Value::Map(BTreeMap::from([(
                        "index".to_string(),
                        Value::Number(Decimal::from(i)),
                    )]));
                    (InstanceKey::Index(i), vec![("count".to_string(), index)])
                })
                .collect();
            Ok(Expansion {
                kind: ExpansionKind::Count,
                instances,
                warning: None,
                each_resources: false,
            })
        }
        (None, Some(f)) => {
            let Marked { value: v, resources: each_resources } = eval_marked(env, f, &root)?;
            let unknown = || Expansion {
                kind: ExpansionKind::Unknown,
                instances: vec![(
                    InstanceKey::Key("(known after apply)".to_string()),
                    vec![(
                        "each".to_string(),
                        Value::Map(BTreeMap::from([
                            ("key".to_string(), Value::Unknown),
                            ("value".to_string(), Value::Unknown),
                        ])),
                    )],
                )],
                warning: Some((
                    "unknown-for-each",
                    format!(
                        "the `for_each` of {what} is only known after apply; costed as one instance"
                    ),
                )),
                each_resources: false,
            };
            let pairs: Vec<(String, Value)> = match v {
                Value::Unknown => return Ok(unknown()),
                Value::Map(map) => map.into_iter().collect(),
                Value::List(items) => {
                    let mut keys = Vec::with_capacity(items.len());
                    for item in items {
                        match item {
                            Value::Unknown => return Ok(unknown()),
                            Value::Null => {
                                return Err(env.error(offset_of(f), format!("the `for_each` of {what} contains null; set elements must be strings")));
                            }
                            other => match to_template_string(&other) {
                                Some(s) => keys.push(s),
                                None => {
                                    return Err(env.error(
                                        offset_of(f),
                                        format!(
                                            "the `for_each` of {what} is a list of {}s; use a map, or a set of strings (for example `{{ for x in ... : x.name => x }}`)",
                                            other.type_name()
                                        ),
                                    ));
                                }
                            },
                        }
                    }
                    keys.sort();
                    keys.dedup();
                    keys.into_iter().map(|k| (k.clone(), Value::String(k))).collect()
                }
                Value::Null => {
                    return Err(env.error(
                        offset_of(f),
                        format!(
                            "the `for_each` of {what} is null; it must be a map or a set of strings"
                        ),
                    ));
                }
                other => {
                    return Err(env.error(
                        offset_of(f),
                        format!("the `for_each` of {what} must be a map or a set of strings, got {} `{other}`", other.type_name()),
                    ));
                }
            };
            if pairs.len() > MAX_INSTANCES_PER_RESOURCE {
                return Err(limit_error(env, what, pairs.len(), offset_of(f)));
            }
            spend(env, pairs.len(), what, offset_of(f))?;
            let instances = pairs
                .into_iter()
                .map(|(k, v)| {
                    let each = Value::Map(BTreeMap::from([
                        ("key".to_string(), Value::String(k.clone())),
                        ("value".to_string(), v),
                    ]));
                    (InstanceKey::Key(k), vec![("each".to_string(), each)])
                })
                .collect();
            Ok(Expansion { kind: ExpansionKind::ForEach, instances, warning: None, each_resources })
        }
    }
}

/// Evaluates an argument; a Terraform evaluation error (not a cycle or limit) becomes an
/// `evaluation-error` warning and an unknown value, so that one bad argument does not hide every
/// other resource from the estimate.
pub(crate) fn lenient_eval(
    env: &mut dyn Env,
    expr: &Expression,
    scope: &Scope,
    what: &str,
) -> EvalResult {
    match eval(env, expr, scope) {
        Err(EvalError::Soft { message, location, .. }) => {
            let at = location
                .map(|l| format!(" (at {}:{}:{})", l.file, l.line, l.column))
                .unwrap_or_default();
            env.warn(
                "evaluation-error",
                format!("`{what}` could not be evaluated: {message}{at}; its value is unknown"),
                offset_of(expr),
            );
            Ok(Value::Unknown)
        }
        other => other,
    }
}

const META_ATTRS: &[&str] = &["count", "for_each", "provider", "depends_on"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// Evaluates a resource body into a map (meta-arguments skipped), recording in `refs` the
/// resources each attribute's value comes from, by attribute path (`cluster`,
/// `load_balancer.0.target_group_arn`).
pub(crate) fn eval_body(
    env: &mut dyn Env,
    body: &Body,
    scope: &Scope,
    refs: &mut References,
) -> EvalResult {
    eval_block(env, body, scope, "", refs)
}

/// A block body at attribute path `prefix` (empty for the resource body itself, where
/// meta-arguments are skipped).
fn eval_block(
    env: &mut dyn Env,
    body: &Body,
    scope: &Scope,
    prefix: &str,
    refs: &mut References,
) -> EvalResult {
    let top = prefix.is_empty();
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for attr in body.attributes() {
        let key = attr.key.as_str();
        if top && META_ATTRS.contains(&key) {
            continue;
        }
        open_refs(env);
        let v = lenient_eval(env, &attr.value, scope, key);
        let from = close_refs(env);
        let v = v?;
        if !v.is_null() {
            if !from.is_empty() {
                refs.insert(format!("{prefix}{key}"), from.into_iter().collect());
            }
            out.insert(key.to_string(), v);
        }
    }
    for block in body.blocks() {
        let ident = block.ident.as_str();
        if top && META_BLOCKS.contains(&ident) {
            continue;
        }
        if ident == "dynamic" {
            eval_dynamic(env, block, scope, prefix, &mut out, refs)?;
            continue;
        }
        let at = format!("{prefix}{ident}.{}.", block_count(&out, ident));
        let v = eval_block(env, &block.body, scope, &at, refs)?;
        push_block(&mut out, ident, v);
    }
    Ok(Value::Map(out))
}

/// How many blocks named `name` are already in `out`: the index of the next one.
fn block_count(out: &BTreeMap<String, Value>, name: &str) -> usize {
    out.get(name).and_then(Value::as_list).map_or(0, <[Value]>::len)
}

fn push_block(out: &mut BTreeMap<String, Value>, name: &str, v: Value) {
    // An unknown dynamic block of the same type already made the whole list unknown.
    if let Value::List(items) =
        out.entry(name.to_string()).or_insert_with(|| Value::List(Vec::new()))
    {
        items.push(v);
    }
}

fn eval_dynamic(
    env: &mut dyn Env,
    block: &Block,
    scope: &Scope,
    prefix: &str,
    out: &mut BTreeMap<String, Value>,
    refs: &mut References,
) -> EvalResult<()> {
    let offset = offset_of(block);
    let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
        return Err(env.error(
            offset,
            "a `dynamic` block needs a label naming the block type it generates".into(),
        ));
    };
    let Some(for_each) = block.body.get_attribute("for_each") else {
        return Err(env.error(offset, format!("`dynamic \"{name}\"` needs a `for_each` argument")));
    };
    let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
        None => name.clone(),
        Some(Expression::Variable(v)) => v.as_str().to_string(),
        Some(other) => match eval(env, other, scope)? {
            Value::String(s) => s,
            _ => return Err(env.error(offset_of(other), "`iterator` must be a name".into())),
        },
    };
    let Some(content) = block.body.blocks().find(|b| b.ident.as_str() == "content") else {
        return Err(env.error(offset, format!("`dynamic \"{name}\"` needs a `content` block")));
    };
    open_refs(env);
    let coll = eval_marked(env, &for_each.value, scope);
    let from = Rc::new(close_refs(env));
    let Marked { value: coll, resources } = coll?;
    if coll.is_unknown() {
        env.warn(
            "unknown-dynamic-block",
            format!("the `for_each` of `dynamic \"{name}\"` is only known after apply; its blocks are unknown"),
            offset,
        );
        out.insert(name, Value::Unknown);
        return Ok(());
    }
    let pairs = iteration_pairs(coll)
        .map_err(|m| env.error(offset_of(&for_each.value), format!("`dynamic \"{name}\"`: {m}")))?;
    let what = match env.module_address() {
        m if m.is_empty() => format!("dynamic \"{name}\""),
        m => format!("{m}.dynamic \"{name}\""),
    };
    spend(env, pairs.len(), &what, offset_of(&for_each.value))?;
    for (k, v) in pairs {
        let it = Value::Map(BTreeMap::from([("key".to_string(), k), ("value".to_string(), v)]));
        // The iterator's values come from the `for_each` collection's resources.
        // Over resource objects, `<iterator>.value` is one ([`Marked`]).
        let inner = scope
            .child_from(vec![(iterator.clone(), it)], Rc::clone(&from))
            .of_resources(resources);
        let at = format!("{prefix}{name}.{}.", block_count(out, &name));
        let value = eval_block(env, &content.body, &inner, &at, refs)?;
        push_block(out, &name, value);
    }
    Ok(())
}
