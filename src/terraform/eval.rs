//! The expression evaluator: hcl-edit's expression tree → [`Value`].
//!
//! Contract:
//! - Evaluation is a pure function of the expression, the lexical [`Scope`] (for-expression
//!   variables, `each`, `count`, dynamic-block iterators, templatefile variables) and an [`Env`]
//!   that resolves references (`var.x`, `local.y`, `aws_vpc.main`, `module.m`, ...). The module
//!   runner is the `Env`; it evaluates referenced locals and resources on demand, which is how
//!   everything ends up evaluated in dependency order.
//! - Unknown in, unknown out: any operation on [`Value::Unknown`] yields unknown.
//! - Errors are [`EvalError::Soft`] (a Terraform evaluation error: caught by `try`/`can`, else
//!   reported with file:line:column) or [`EvalError::Fatal`] (cycles, limits: never caught).
//! - `try`, `can` and `templatefile` live here because they need the evaluator; every other
//!   function goes through [`super::builtin`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::rc::Rc;

use hcl_edit::expr::{Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator};
use hcl_edit::{Decorated, Span};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::budget::Budget;
use super::builtin;
use super::error::LoadError;
use super::eval_ops::{binary, unary};
use super::eval_template::eval_template;
use super::instance::Location;
use super::refs::Refs;
use super::value::Value;

/// An evaluation failure.
#[derive(Debug)]
pub(crate) enum EvalError {
    /// A Terraform evaluation error (bad operand, missing attribute, invalid function argument).
    Soft { message: String, location: Option<Location>, snippet: String },
    /// Not recoverable by `try`: cycles, limits, unreadable module sources.
    Fatal(Box<LoadError>),
}

impl From<LoadError> for EvalError {
    fn from(e: LoadError) -> Self {
        EvalError::Fatal(Box::new(e))
    }
}

pub(crate) type EvalResult<T = Value> = Result<T, EvalError>;

/// The result of resolving a reference root such as `var` in `var.x.y`.
pub(crate) struct Resolved {
    pub value: Value,
    /// How many traversal operators after the root the environment consumed (`1` for `var.x`).
    pub consumed: usize,
    /// Missing attributes below this value are unknown rather than an error: resource and data
    /// source objects carry only their configured arguments, everything else is computed.
    pub lenient: bool,
    /// The value is resource or data source objects ([`Marked::resources`]): what is taken from
    /// it stays lenient through `for` expressions, splats, locals and outputs.
    pub resources: bool,
}

/// A value and whether it is known to be resource or data source objects: an instance object,
/// a list or map of them (`aws_subnet.this`, `data.http.this`), or what splats, indices, `for`
/// expressions, `try`, conditionals and collection functions (`values`, `flatten`, ...) take
/// from them. Only such values are lenient when they reach a `for` variable: an attribute they
/// lack is computed (unknown until apply), whereas a missing attribute of an ordinary object,
/// even one that mentions a resource, stays an error that `try` catches.
#[derive(Debug)]
pub(crate) struct Marked {
    pub value: Value,
    pub resources: bool,
}

impl Marked {
    fn plain(value: Value) -> Marked {
        Marked { value, resources: false }
    }
}

/// Resolves references and reports diagnostics for the evaluator.
pub(crate) trait Env {
    /// Resolves `name` (a root that is not a lexical variable) followed by `ops`.
    fn resolve(
        &mut self,
        name: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        offset: usize,
    ) -> EvalResult<Resolved>;
    /// A soft error located at `offset` in the file currently being evaluated.
    fn error(&self, offset: usize, message: String) -> EvalError;
    /// A warning located at `offset` in the file currently being evaluated.
    fn warn(&mut self, code: &str, message: String, offset: usize);
    /// Module directory and root directory, for functions that read files.
    fn dirs(&self) -> (PathBuf, PathBuf);
    /// The `templatefile` calls being evaluated, outermost first (canonical paths): empty
    /// outside a template. `templatefile` refuses a path already on it (recursion).
    fn template_chain(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    /// The load's expansion budget.
    fn budget(&mut self) -> &mut Budget;
    /// The address of the module instance being evaluated (`module.a[1]`), empty for the root.
    fn module_address(&self) -> String {
        String::new()
    }
    /// The reference frames of [`super::refs`], when this environment tracks references.
    fn refs(&mut self) -> Option<&mut Refs> {
        None
    }
}

/// Opens a reference frame ([`Refs::open`]).
pub(crate) fn open_refs(env: &mut dyn Env) {
    if let Some(r) = env.refs() {
        r.open();
    }
}

/// Closes the innermost reference frame and returns what it collected.
pub(crate) fn close_refs(env: &mut dyn Env) -> BTreeSet<String> {
    env.refs().map(Refs::close).unwrap_or_default()
}

/// Adds `addresses` to the innermost reference frame.
pub(crate) fn add_refs<'a>(env: &mut dyn Env, addresses: impl IntoIterator<Item = &'a String>) {
    if let Some(r) = env.refs() {
        r.add_all(addresses);
    }
}

/// Evaluates `expr` without passing its references on: conditions, keys and indices decide
/// which value is taken but are not where it comes from.
pub(crate) fn eval_detached(env: &mut dyn Env, expr: &Expression, scope: &Scope) -> EvalResult {
    open_refs(env);
    let v = eval(env, expr, scope);
    close_refs(env);
    v
}

/// Spends `n` from the expansion budget for `what`; over it, a fatal limit error located at
/// `offset`.
pub(crate) fn spend(env: &mut dyn Env, n: usize, what: &str, offset: usize) -> EvalResult<()> {
    let Err(message) = env.budget().spend(n, what) else { return Ok(()) };
    let location = match env.error(offset, String::new()) {
        EvalError::Soft { location, .. } => location,
        EvalError::Fatal(_) => None,
    };
    Err(LoadError::Limit {
        message,
        location,
        help: "costplan stops here to protect against runaway expansions; check the `count`, `for_each` and `for` expressions on this chain".into(),
    }
    .into())
}

/// `what` inside the module instance being evaluated, for budget errors.
fn in_module(env: &dyn Env, what: &str) -> String {
    let m = env.module_address();
    if m.is_empty() { what.to_string() } else { format!("{m}.{what}") }
}

/// Lexical variables, innermost first.
pub(crate) struct Scope<'p> {
    parent: Option<&'p Scope<'p>>,
    vars: Vec<(String, Value)>,
    /// The resources the values of `vars` come from (the `for_each` collection of `each`).
    refs: Rc<BTreeSet<String>>,
    /// The values of `vars` are resource or data source objects ([`Marked`]).
    resources: bool,
}

impl<'p> Scope<'p> {
    pub fn root() -> Scope<'static> {
        Scope { parent: None, vars: Vec::new(), refs: Rc::default(), resources: false }
    }

    pub fn child(&'p self, vars: Vec<(String, Value)>) -> Scope<'p> {
        self.child_from(vars, Rc::default())
    }

    /// A child scope whose variables come from the resources `refs`.
    pub fn child_from(
        &'p self,
        vars: Vec<(String, Value)>,
        refs: Rc<BTreeSet<String>>,
    ) -> Scope<'p> {
        Scope { parent: Some(self), vars, refs, resources: false }
    }

    /// This scope with its variables marked as resource or data source objects when
    /// `resources` ([`Marked`]): the iteration values of a collection of them.
    pub fn of_resources(mut self, resources: bool) -> Scope<'p> {
        self.resources = resources;
        self
    }

    /// The variable, the resources its value comes from and whether it is resource objects.
    fn lookup_with_refs(&self, name: &str) -> Option<(&Value, &BTreeSet<String>, bool)> {
        let mut s = Some(self);
        while let Some(scope) = s {
            if let Some((_, v)) = scope.vars.iter().find(|(n, _)| n == name) {
                return Some((v, &scope.refs, scope.resources));
            }
            s = scope.parent;
        }
        None
    }
}

pub(crate) fn offset_of(s: &impl Span) -> usize {
    s.span().map_or(0, |r| r.start)
}

/// Evaluates `expr`.
pub(crate) fn eval(env: &mut dyn Env, expr: &Expression, scope: &Scope) -> EvalResult {
    eval_marked(env, expr, scope).map(|m| m.value)
}

/// Evaluates `expr` and says whether its value is resource or data source objects ([`Marked`]).
pub(crate) fn eval_marked(
    env: &mut dyn Env,
    expr: &Expression,
    scope: &Scope,
) -> EvalResult<Marked> {
    let plain = |v: EvalResult| v.map(Marked::plain);
    match expr {
        Expression::Null(_) => Ok(Marked::plain(Value::Null)),
        Expression::Bool(b) => Ok(Marked::plain(Value::Bool(*b.value()))),
        Expression::Number(n) => plain(
            number_literal(n)
                .ok_or_else(|| env.error(offset_of(expr), "number out of range".into())),
        ),
        Expression::String(s) => Ok(Marked::plain(Value::String(s.value().clone()))),
        Expression::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.push(eval(env, item, scope)?);
            }
            Ok(Marked::plain(Value::List(out)))
        }
        Expression::Object(obj) => {
            let mut out = BTreeMap::new();
            let mut unknown = false;
            for (key, value) in obj.iter() {
                let k = match key {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(e) => match detached_key(env, e, scope)? {
                        Some(k) => k,
                        None => {
                            unknown = true;
                            continue;
                        }
                    },
                };
                let v = eval(env, value.expr(), scope)?;
                out.insert(k, v);
            }
            Ok(Marked::plain(if unknown { Value::Unknown } else { Value::Map(out) }))
        }
        Expression::StringTemplate(t) => plain(eval_template(env, t, scope)),
        Expression::HeredocTemplate(h) => plain(eval_template(env, &h.template, scope)),
        Expression::Parenthesis(p) => eval_marked(env, p.inner(), scope),
        Expression::Variable(v) => resolve_root(env, v.as_str(), &[], scope, offset_of(expr))
            .map(|r| Marked { value: r.value, resources: r.resources }),
        Expression::Traversal(t) => {
            let (base, rest, lenient, resources) = match &t.expr {
                Expression::Variable(v) => {
                    let r = resolve_root(env, v.as_str(), &t.operators, scope, offset_of(&t.expr))?;
                    let consumed = r.consumed.min(t.operators.len());
                    (r.value, &t.operators[consumed..], r.lenient, r.resources)
                }
                other => {
                    let m = eval_marked(env, other, scope)?;
                    (m.value, &t.operators[..], m.resources, m.resources)
                }
            };
            let value = apply_ops(env, base, rest, scope, lenient, offset_of(expr))?;
            Ok(Marked { value, resources })
        }
        Expression::Conditional(c) => {
            let cond = eval_detached(env, &c.cond_expr, scope)?;
            match cond {
                Value::Unknown => Ok(Marked::plain(Value::Unknown)),
                other => match other.as_bool() {
                    Some(true) => eval_marked(env, &c.true_expr, scope),
                    Some(false) => eval_marked(env, &c.false_expr, scope),
                    None => Err(env.error(
                        offset_of(&c.cond_expr),
                        format!(
                            "the condition must be a bool, got {} `{other}`",
                            other.type_name()
                        ),
                    )),
                },
            }
        }
        Expression::FuncCall(f) => call_function(env, f, scope, offset_of(expr)),
        Expression::UnaryOp(u) => {
            let v = eval(env, &u.expr, scope)?;
            plain(unary(*u.operator.value(), v).map_err(|m| env.error(offset_of(expr), m)))
        }
        Expression::BinaryOp(b) => {
            use hcl_edit::expr::BinaryOperator as B;
            let lhs = eval(env, &b.lhs_expr, scope)?;
            let op = *b.operator.value();
            // `false && x` and `true || x` do not need `x` (and must not fail on it).
            match (op, &lhs) {
                (B::And, Value::Bool(false)) => return Ok(Marked::plain(Value::Bool(false))),
                (B::Or, Value::Bool(true)) => return Ok(Marked::plain(Value::Bool(true))),
                _ => {}
            }
            let rhs = eval(env, &b.rhs_expr, scope)?;
            plain(binary(op, lhs, rhs).map_err(|m| env.error(offset_of(&b.operator), m)))
        }
        Expression::ForExpr(f) => eval_for(env, f, scope),
    }
}

fn number_literal(n: &hcl_edit::Formatted<hcl_edit::Number>) -> Option<Value> {
    // The literal as written, as Terraform reads it (exactly): the parsed value is a float64
    // for anything past u64, so 100000000000000000001 would lose its last digit. Without the
    // source text (an expression built from JSON syntax), floats display in their shortest
    // round-trip form (`0.1`), so the decimal is exact for what was written.
    let written: Option<String> = n
        .as_repr()
        .map(|r| r.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|t| !t.is_empty());
    if let Some(d) = written.as_deref().and_then(parse_decimal) {
        return Some(Value::Number(d));
    }
    let text = n.value().to_string();
    parse_decimal(&text).map(Value::Number)
}

pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    text.parse::<Decimal>().ok().or_else(|| Decimal::from_scientific(text).ok())
}

/// [`object_key`] without passing its references on.
fn detached_key(env: &mut dyn Env, e: &Expression, scope: &Scope) -> EvalResult<Option<String>> {
    open_refs(env);
    let k = object_key(env, e, scope);
    close_refs(env);
    k
}

/// Evaluates an object key expression; `None` when the key is unknown.
fn object_key(env: &mut dyn Env, e: &Expression, scope: &Scope) -> EvalResult<Option<String>> {
    // A bare identifier key (`foo = 1`) is a literal, even if hcl-edit wrapped it.
    if let Expression::Variable(v) = e {
        return Ok(Some(v.as_str().to_string()));
    }
    match eval(env, e, scope)? {
        Value::Unknown => Ok(None),
        Value::String(s) => Ok(Some(s)),
        v @ (Value::Number(_) | Value::Bool(_)) => {
            Ok(Some(to_template_string(&v).unwrap_or_default()))
        }
        other => Err(env.error(
            offset_of(e),
            format!("an object key must be a string, got {}", other.type_name()),
        )),
    }
}

fn resolve_root(
    env: &mut dyn Env,
    name: &str,
    ops: &[Decorated<TraversalOperator>],
    scope: &Scope,
    offset: usize,
) -> EvalResult<Resolved> {
    if let Some((v, refs, resources)) = scope.lookup_with_refs(name) {
        let value = v.clone();
        // `each.key` and a dynamic iterator's `.key` are keys of the collection, not values
        // from its resources.
        let key = matches!(
            ops.first().map(Decorated::value),
            Some(TraversalOperator::GetAttr(a)) if a.as_str() == "key"
        );
        if !refs.is_empty() && !key {
            let refs = refs.clone();
            add_refs(env, &refs);
        }
        return Ok(Resolved { value, consumed: 0, lenient: resources, resources });
    }
    env.resolve(name, ops, scope, offset)
}

/// Applies traversal operators (`.attr`, `[i]`, `[*]`, `.*`) to a value.
pub(crate) fn apply_ops(
    env: &mut dyn Env,
    mut value: Value,
    ops: &[Decorated<TraversalOperator>],
    scope: &Scope,
    lenient: bool,
    offset: usize,
) -> EvalResult {
    let mut i = 0;
    while i < ops.len() {
        match ops[i].value() {
            TraversalOperator::GetAttr(name) => {
                value =
                    get_attr(env, value, name.as_str(), lenient, offset_of(&ops[i]).max(offset))?;
            }
            TraversalOperator::Index(e) => {
                let key = eval_detached(env, e, scope)?;
                value = index(env, value, &key, lenient, offset_of(e))?;
            }
            TraversalOperator::LegacyIndex(n) => {
                let key = Value::Number(Decimal::from(*n.value()));
                value = index(env, value, &key, lenient, offset_of(&ops[i]).max(offset))?;
            }
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                let full = matches!(ops[i].value(), TraversalOperator::FullSplat(_));
                // A full splat applies every following operator to each element; an attribute
                // splat only the attribute accesses that directly follow it.
                let end = if full {
                    ops.len()
                } else {
                    ops[i + 1..]
                        .iter()
                        .position(|o| !matches!(o.value(), TraversalOperator::GetAttr(_)))
                        .map_or(ops.len(), |p| i + 1 + p)
                };
                let rest = &ops[i + 1..end];
                let items = match value {
                    Value::Unknown => return Ok(Value::Unknown),
                    Value::Null => Vec::new(),
                    Value::List(items) => items,
                    other => vec![other],
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(apply_ops(env, item, rest, scope, lenient, offset)?);
                }
                value = Value::List(out);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    Ok(value)
}

fn get_attr(
    env: &mut dyn Env,
    value: Value,
    name: &str,
    lenient: bool,
    offset: usize,
) -> EvalResult {
    match value {
        Value::Unknown => Ok(Value::Unknown),
        Value::Map(mut map) => match map.remove(name) {
            Some(v) => Ok(v),
            None if lenient => Ok(Value::Unknown),
            None => Err(env.error(offset, format!("this object has no attribute `{name}`"))),
        },
        Value::Null if lenient => Ok(Value::Unknown),
        Value::Null => Err(env.error(offset, format!("cannot read attribute `{name}` of a null value"))),
        Value::List(items) if lenient && items.iter().any(Value::contains_unknown) => Ok(Value::Unknown),
        other => Err(env.error(
            offset,
            format!("cannot read attribute `{name}` of a {} (use an index like `[0]`, or a splat `[*].{name}`)", other.type_name()),
        )),
    }
}

fn index(env: &mut dyn Env, value: Value, key: &Value, lenient: bool, offset: usize) -> EvalResult {
    if key.is_unknown() {
        return Ok(Value::Unknown);
    }
    match value {
        Value::Unknown => Ok(Value::Unknown),
        Value::List(mut items) => {
            let Some(n) = key.as_decimal() else {
                return Err(env.error(
                    offset,
                    format!("a list index must be a number, got {} `{key}`", key.type_name()),
                ));
            };
            let idx = n.to_usize().filter(|_| n >= Decimal::ZERO && n.fract().is_zero());
            match idx.filter(|&i| i < items.len()) {
                Some(i) => Ok(items.swap_remove(i)),
                None if lenient => Ok(Value::Unknown),
                None => Err(env.error(
                    offset,
                    format!("index {key} is out of range for a list of {} elements", items.len()),
                )),
            }
        }
        Value::Map(mut map) => {
            let k = match key {
                Value::String(s) => s.clone(),
                Value::Number(_) | Value::Bool(_) => to_template_string(key).unwrap_or_default(),
                other => {
                    return Err(env.error(
                        offset,
                        format!("a map key must be a string, got {}", other.type_name()),
                    ));
                }
            };
            match map.remove(&k) {
                Some(v) => Ok(v),
                None if lenient => Ok(Value::Unknown),
                None => Err(env.error(offset, format!("the map has no element `{k}`"))),
            }
        }
        Value::Null if lenient => Ok(Value::Unknown),
        other => {
            Err(env.error(offset, format!("cannot index a {} with `[{key}]`", other.type_name())))
        }
    }
}

/// Terraform's conversion of a primitive to a string (templates, object keys, `tostring`).
pub(crate) fn to_template_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.normalize().to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The (key, value) pairs Terraform iterates over in a `for` expression or directive: list
/// index and element, or map key and value in key order.
pub(crate) fn iteration_pairs(v: Value) -> Result<Vec<(Value, Value)>, String> {
    match v {
        Value::List(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(Decimal::from(i)), v))
            .collect()),
        Value::Map(map) => Ok(map.into_iter().map(|(k, v)| (Value::String(k), v)).collect()),
        Value::Null => Err("cannot iterate over a null value".to_string()),
        other => Err(format!(
            "cannot iterate over a {} `{other}`; a list, set, map or object is required",
            other.type_name()
        )),
    }
}

/// A `for` expression. Iterating over resource objects makes the iteration values resource
/// objects ([`Marked`]); the result is resource objects when every value taken is.
fn eval_for(env: &mut dyn Env, f: &ForExpr, scope: &Scope) -> EvalResult<Marked> {
    let Marked { value: coll, resources: over_resources } =
        eval_marked(env, &f.intro.collection_expr, scope)?;
    if coll.is_unknown() {
        return Ok(Marked::plain(Value::Unknown));
    }
    let pairs =
        iteration_pairs(coll).map_err(|m| env.error(offset_of(&f.intro.collection_expr), m))?;
    let what = in_module(env, "`for` expression");
    spend(env, pairs.len(), &what, offset_of(&f.intro.collection_expr))?;
    let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
    let value_var = f.intro.value_var.as_str().to_string();
    let mut list = Vec::new();
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    let mut unknown = false;
    let mut taken = 0usize;
    let mut taken_resources = 0usize;
    for (k, v) in pairs {
        let mut vars = vec![(value_var.clone(), v)];
        if let Some(kv) = &key_var {
            vars.push((kv.clone(), k));
        }
        let inner = scope.child(vars).of_resources(over_resources);
        if let Some(cond) = &f.cond {
            match eval_detached(env, &cond.expr, &inner)? {
                Value::Unknown => {
                    unknown = true;
                    continue;
                }
                c => match c.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        return Err(env.error(
                            offset_of(&cond.expr),
                            format!("a `for` condition must be a bool, got {}", c.type_name()),
                        ));
                    }
                },
            }
        }
        match &f.key_expr {
            None => {
                let m = eval_marked(env, &f.value_expr, &inner)?;
                taken += 1;
                taken_resources += usize::from(m.resources);
                list.push(m.value);
            }
            Some(key_expr) => {
                let key = eval_detached(env, key_expr, &inner)?;
                let Marked { value, resources } = eval_marked(env, &f.value_expr, &inner)?;
                taken += 1;
                taken_resources += usize::from(resources);
                let key = match key {
                    Value::Unknown => {
                        unknown = true;
                        continue;
                    }
                    k => to_template_string(&k).ok_or_else(|| {
                        env.error(
                            offset_of(key_expr),
                            format!("a `for` object key must be a string, got {}", k.type_name()),
                        )
                    })?,
                };
                if f.grouping {
                    if let Value::List(items) =
                        map.entry(key).or_insert_with(|| Value::List(Vec::new()))
                    {
                        items.push(value);
                    }
                } else {
                    match map.entry(key) {
                        std::collections::btree_map::Entry::Occupied(e) => {
                            return Err(env.error(
                                offset_of(key_expr),
                                format!(
                                    "duplicate key `{}` in a `for` expression; add `...` after the value to group values by key",
                                    e.key()
                                ),
                            ));
                        }
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(value);
                        }
                    }
                }
            }
        }
    }
    if unknown {
        return Ok(Marked::plain(Value::Unknown));
    }
    let value = if f.key_expr.is_some() { Value::Map(map) } else { Value::List(list) };
    Ok(Marked { value, resources: taken > 0 && taken_resources == taken })
}

/// Functions whose result is made of (some of) their arguments' elements, unchanged: applied to
/// resource objects only, they return resource objects ([`Marked`]).
const ELEMENT_PRESERVING: &[&str] = &[
    "coalesce",
    "coalescelist",
    "concat",
    "distinct",
    "element",
    "flatten",
    "merge",
    "one",
    "reverse",
    "slice",
    "tolist",
    "tomap",
    "toset",
    "values",
];

fn call_function(
    env: &mut dyn Env,
    f: &FuncCall,
    scope: &Scope,
    offset: usize,
) -> EvalResult<Marked> {
    let name = f.name.name.as_str();
    if f.name.is_namespaced() {
        let full: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).chain([name]).collect();
        env.warn(
            "unsupported-function",
            format!(
                "provider function `{}` is not supported; its result is unknown",
                full.join("::")
            ),
            offset,
        );
        return Ok(Marked::plain(Value::Unknown));
    }
    match name {
        "try" => {
            let mut last = None;
            for arg in f.args.iter() {
                // Only the argument that succeeds is where the value comes from.
                open_refs(env);
                let result = eval_marked(env, arg, scope);
                let refs = close_refs(env);
                match result {
                    Ok(v) => {
                        add_refs(env, &refs);
                        return Ok(v);
                    }
                    Err(EvalError::Soft { message, .. }) => last = Some(message),
                    Err(fatal) => return Err(fatal),
                }
            }
            Err(env.error(
                offset,
                format!(
                    "no argument of `try` succeeded{}",
                    last.map(|m| format!(" (last error: {m})")).unwrap_or_default()
                ),
            ))
        }
        "can" => {
            let Some(arg) = f.args.iter().next() else {
                return Err(env.error(offset, "`can` takes one argument".into()));
            };
            match eval_detached(env, arg, scope) {
                Ok(Value::Unknown) => Ok(Marked::plain(Value::Unknown)),
                Ok(_) => Ok(Marked::plain(Value::Bool(true))),
                Err(EvalError::Soft { .. }) => Ok(Marked::plain(Value::Bool(false))),
                Err(fatal) => Err(fatal),
            }
        }
        _ => {
            let mut args = Vec::with_capacity(f.args.len());
            let mut all_resources = !f.args.is_empty();
            for arg in f.args.iter() {
                let m = eval_marked(env, arg, scope)?;
                all_resources &= m.resources;
                args.push(m.value);
            }
            let resources = all_resources && ELEMENT_PRESERVING.contains(&name);
            if f.args.expand_final() {
                match args.pop() {
                    Some(Value::List(items)) => args.extend(items),
                    Some(Value::Unknown) => return Ok(Marked::plain(Value::Unknown)),
                    Some(other) => {
                        return Err(env.error(
                            offset,
                            format!("`...` expands a list, got {}", other.type_name()),
                        ));
                    }
                    None => {}
                }
            }
            if name == "templatefile" {
                return super::eval_template::templatefile(env, args, scope, offset)
                    .map(Marked::plain);
            }
            // Unknown arguments are passed on: each function knows whether its result is still
            // knowable (`length` of a list of unknowns, `coalesce` with a known first value).
            let (module_dir, root_dir) = env.dirs();
            match builtin::call(name, args, &builtin::ctx(module_dir, root_dir)) {
                Ok(v) => {
                    // Generated collections (`range`, `setproduct`) multiply like `for`.
                    let generated = match &v {
                        Value::List(items) => items.len(),
                        Value::Map(items) => items.len(),
                        _ => 0,
                    };
                    if generated > 0 {
                        let what = in_module(env, &format!("{name}()"));
                        spend(env, generated, &what, offset)?;
                    }
                    Ok(Marked { value: v, resources })
                }
                Err(builtin::Failure::Unsupported(n)) => {
                    env.warn(
                        "unsupported-function",
                        format!("function `{n}` is not supported; its result is unknown"),
                        offset,
                    );
                    Ok(Marked::plain(Value::Unknown))
                }
                Err(builtin::Failure::Invalid(m)) => {
                    Err(env.error(offset, format!("`{name}`: {m}")))
                }
            }
        }
    }
}
