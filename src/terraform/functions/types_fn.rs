//! Type conversion functions: tobool tolist tomap tonumber toset tostring type.
//!
//! `tolist`, `tomap` and `toset` unify element types the way Terraform does: a mix of strings,
//! numbers and bools becomes all strings; a mix of primitives and collections is an error.

use super::{
    Args, Def, FnContext, FnError, Unknowns, kind, make_set, shallow, strict, to_string_lossless,
};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "tobool" => strict(1, tobool),
        "tolist" => shallow(1, tolist),
        "tomap" => shallow(1, tomap),
        "tonumber" => strict(1, tonumber),
        "toset" => shallow(1, toset),
        "tostring" => strict(1, tostring),
        "type" => Def::new(Unknowns::Own, 1, Some(1), type_fn),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn tobool(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        v => super::to_bool(v)
            .map(Value::Bool)
            .ok_or_else(|| a.invalid(format_args!("cannot convert {} to bool", describe(v)))),
    }
}

fn tonumber(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        v => super::to_number(v)
            .map(Value::Number)
            .ok_or_else(|| a.invalid(format_args!("cannot convert {} to number", describe(v)))),
    }
}

fn tostring(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        v => to_string_lossless(v)
            .map(Value::String)
            .ok_or_else(|| a.invalid(format_args!("cannot convert {} to string", describe(v)))),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("string `{s}`"),
        v => kind(v).to_string(),
    }
}

/// Converts elements to one common type (Terraform's type unification, simplified to what
/// matters for values: primitives meet at string when a string is among them; numbers and
/// bools alone, or primitives and collections, have no common type).
pub(super) fn unify(a: &Args<'_>, items: Vec<Value>) -> Result<Vec<Value>, FnError> {
    let (mut strings, mut numbers, mut bools, mut lists, mut maps) =
        (false, false, false, false, false);
    for v in &items {
        match v {
            Value::String(_) => strings = true,
            Value::Number(_) => numbers = true,
            Value::Bool(_) => bools = true,
            Value::List(_) => lists = true,
            Value::Map(_) => maps = true,
            Value::Null | Value::Unknown => {}
        }
    }
    let primitives = strings || numbers || bools;
    if (primitives && (lists || maps)) || (lists && maps) {
        return Err(a.invalid("elements have no common type (mix of primitives and collections)"));
    }
    if numbers && bools && !strings {
        return Err(a.invalid("elements have no common type (numbers and bools)"));
    }
    let to_strings = strings;
    Ok(if to_strings {
        items.into_iter().map(|v| to_string_lossless(&v).map_or(v, Value::String)).collect()
    } else {
        items
    })
}

fn tolist(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(unify(a, items.clone())?)),
        v => Err(a.invalid(format_args!("cannot convert {} to list", kind(v)))),
    }
}

fn toset(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            // Unknown elements stay distinct (each may turn out to be any value), after the
            // known ones, as in Terraform.
            let (unknown, known): (Vec<Value>, Vec<Value>) =
                unify(a, items.clone())?.into_iter().partition(Value::contains_unknown);
            let mut set = make_set(known);
            set.extend(unknown);
            Ok(Value::List(set))
        }
        v => Err(a.invalid(format_args!("cannot convert {} to set", kind(v)))),
    }
}

fn tomap(a: &Args<'_>, _: &FnContext) -> R {
    match a.get(0) {
        Value::Null => Ok(Value::Null),
        Value::Map(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let vals = unify(a, map.values().cloned().collect())?;
            Ok(Value::Map(keys.into_iter().zip(vals).collect()))
        }
        v => Err(a.invalid(format_args!("cannot convert {} to map", kind(v)))),
    }
}

/// `type()` (a `terraform console` helper): the type of a value, as Terraform would print it.
fn type_fn(a: &Args<'_>, _: &FnContext) -> R {
    fn ty(v: &Value) -> String {
        match v {
            Value::Null | Value::Unknown => "dynamic".into(),
            Value::Bool(_) => "bool".into(),
            Value::Number(_) => "number".into(),
            Value::String(_) => "string".into(),
            Value::List(items) => {
                format!("tuple([{}])", items.iter().map(ty).collect::<Vec<_>>().join(", "))
            }
            Value::Map(map) => format!(
                "object({{{}}})",
                map.iter().map(|(k, v)| format!("{k}: {}", ty(v))).collect::<Vec<_>>().join(", ")
            ),
        }
    }
    Ok(Value::String(ty(a.get(0))))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::terraform::value::Value;

    #[test]
    fn conversions() {
        check(vec![
            ("tobool", vec![s("true")], Ok(b(true))),
            ("tobool", vec![Value::Null], Ok(Value::Null)),
            ("tobool", vec![s("yes")], Err("cannot convert string `yes` to bool")),
            ("tobool", vec![u()], Ok(u())),
            ("tonumber", vec![s("1.5")], Ok(d("1.5"))),
            ("tonumber", vec![s("x")], Err("cannot convert string `x` to number")),
            ("tostring", vec![n(5)], Ok(s("5"))),
            ("tostring", vec![d("1.50")], Ok(s("1.5"))),
            ("tostring", vec![l(vec![])], Err("cannot convert list to string")),
            (
                "tolist",
                vec![l(vec![s("a"), n(1), b(true)])],
                Ok(l(vec![s("a"), s("1"), s("true")])),
            ),
            ("tolist", vec![l(vec![n(2), n(1)])], Ok(l(vec![n(2), n(1)]))),
            ("tolist", vec![l(vec![n(1), u()])], Ok(l(vec![n(1), u()]))),
            ("tolist", vec![l(vec![n(1), l(vec![])])], Err("no common type")),
            ("tolist", vec![s("a")], Err("cannot convert string to list")),
            ("toset", vec![l(vec![s("b"), s("a"), s("b")])], Ok(l(vec![s("a"), s("b")]))),
            ("toset", vec![l(vec![s("b"), u()])], Ok(l(vec![s("b"), u()]))),
            (
                "tomap",
                vec![m(vec![("a", s("x")), ("b", n(1))])],
                Ok(m(vec![("a", s("x")), ("b", s("1"))])),
            ),
            ("tomap", vec![l(vec![])], Err("cannot convert list to map")),
            (
                "type",
                vec![l(vec![s("a"), m(vec![("k", n(1))])])],
                Ok(s("tuple([string, object({k: number})])")),
            ),
        ]);
    }
}
