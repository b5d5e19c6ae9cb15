//! Collection functions: alltrue anytrue chunklist coalesce coalescelist compact concat contains
//! distinct element flatten index keys length lookup matchkeys merge one range reverse
//! setintersection setproduct setsubtract setunion slice sort sum transpose values zipmap.
//!
//! Functions that only move elements around (`concat`, `length`, `lookup`, `keys`, ...) keep
//! unknown elements in place so that a known part of a result stays known; functions that must
//! compare or inspect elements give unknown as soon as one element is unknown.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    Args, Def, FnContext, FnError, Unknowns, kind, make_set, shallow, strict, to_string_lossless,
};
use crate::terraform::value::Value;

/// Upper bound on generated collections (`range`, `setproduct`): a typo must not eat memory.
const MAX_GENERATED: usize = 100_000;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "alltrue" => Def::new(Unknowns::Own, 1, Some(1), alltrue),
        "anytrue" => Def::new(Unknowns::Own, 1, Some(1), anytrue),
        "chunklist" => shallow(2, chunklist),
        "coalesce" => Def::new(Unknowns::Own, 1, None, coalesce),
        "coalescelist" => Def::new(Unknowns::Own, 1, None, coalescelist),
        "compact" => shallow(1, compact),
        "concat" => Def::new(Unknowns::Shallow, 0, None, concat),
        "contains" => Def::new(Unknowns::Own, 2, Some(2), contains),
        "distinct" => strict(1, distinct),
        "element" => shallow(2, element),
        "flatten" => shallow(1, flatten),
        "index" => strict(2, index),
        "keys" => shallow(1, keys),
        "length" => shallow(1, length),
        "lookup" => Def::new(Unknowns::Shallow, 2, Some(3), lookup_fn),
        "matchkeys" => strict(3, matchkeys),
        "merge" => Def::new(Unknowns::Shallow, 0, None, merge),
        "one" => shallow(1, one),
        "range" => Def::new(Unknowns::Strict, 1, Some(3), range),
        "reverse" => shallow(1, reverse),
        "setintersection" => Def::new(Unknowns::Strict, 1, None, setintersection),
        "setproduct" => Def::new(Unknowns::Strict, 1, None, setproduct),
        "setsubtract" => strict(2, setsubtract),
        "setunion" => Def::new(Unknowns::Strict, 1, None, setunion),
        "slice" => shallow(3, slice),
        "sort" => shallow(1, sort),
        "sum" => strict(1, sum),
        "transpose" => strict(1, transpose),
        "values" => shallow(1, values),
        "zipmap" => shallow(2, zipmap),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn bools(a: &Args<'_>, want: bool) -> R {
    let items = match a.get(0) {
        Value::Unknown => return Ok(Value::Unknown),
        _ => a.list(0, "list")?,
    };
    let mut unknown = false;
    for item in items {
        match item {
            Value::Unknown => unknown = true,
            // Terraform counts a null element as not true.
            Value::Null if !want => return Ok(Value::Bool(false)),
            Value::Null => {}
            v => match super::to_bool(v) {
                Some(b) if b == want => return Ok(Value::Bool(want)),
                Some(_) => {}
                None => {
                    return Err(a.invalid(format_args!("elements must be bools, got {}", kind(v))));
                }
            },
        }
    }
    Ok(if unknown { Value::Unknown } else { Value::Bool(!want) })
}

fn alltrue(a: &Args<'_>, _: &FnContext) -> R {
    bools(a, false)
}

fn anytrue(a: &Args<'_>, _: &FnContext) -> R {
    bools(a, true)
}

fn chunklist(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    let size = a.int(1, "size")?;
    let size = usize::try_from(size)
        .map_err(|_| a.invalid(format_args!("size must not be negative, got {size}")))?;
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items.to_vec())]));
    }
    Ok(Value::List(items.chunks(size).map(|c| Value::List(c.to_vec())).collect()))
}

fn coalesce(a: &Args<'_>, _: &FnContext) -> R {
    // Terraform first converts every argument to one common type: a string among primitives
    // makes them all strings (`coalesce(1, "x")` is `"1"`); numbers and bools, or collections
    // with anything else, have none.
    let known = || a.values.iter().filter(|v| !v.is_null() && !v.is_unknown());
    let has = |f: fn(&Value) -> bool| known().any(f);
    let (strings, numbers, bools) = (
        has(|v| matches!(v, Value::String(_))),
        has(|v| matches!(v, Value::Number(_))),
        has(|v| matches!(v, Value::Bool(_))),
    );
    let kinds = known().map(std::mem::discriminant).collect::<std::collections::HashSet<_>>();
    let primitives =
        known().all(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)));
    if kinds.len() > 1 && (!primitives || (numbers && bools && !strings)) {
        return Err(a.invalid("all arguments must have the same type"));
    }
    for v in &a.values {
        match v {
            // An unknown might turn out to be null: which argument wins is not known yet.
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            v if strings => {
                return Ok(super::to_string_lossless(v).map_or_else(|| v.clone(), Value::String));
            }
            v => return Ok(v.clone()),
        }
    }
    Err(a.invalid("no non-null, non-empty-string arguments"))
}

fn coalescelist(a: &Args<'_>, _: &FnContext) -> R {
    for (i, v) in a.values.iter().enumerate() {
        match v {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::List(items) if items.is_empty() => {}
            Value::List(_) => return Ok(v.clone()),
            v => {
                return Err(a.invalid(format_args!(
                    "argument {} must be a list, got {}",
                    i + 1,
                    kind(v)
                )));
            }
        }
    }
    Err(a.invalid("no non-empty list arguments"))
}

fn compact(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    let mut out = Vec::new();
    for v in items {
        match v {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            v => match to_string_lossless(v) {
                Some(s) => out.push(Value::String(s)),
                None => {
                    return Err(
                        a.invalid(format_args!("elements must be strings, got {}", kind(v)))
                    );
                }
            },
        }
    }
    Ok(Value::List(out))
}

fn concat(a: &Args<'_>, _: &FnContext) -> R {
    let mut out = Vec::new();
    for i in 0..a.len() {
        out.extend_from_slice(a.list(i, "every argument")?);
    }
    Ok(Value::List(out))
}

fn contains(a: &Args<'_>, _: &FnContext) -> R {
    let items = match a.get(0) {
        Value::Unknown => return Ok(Value::Unknown),
        _ => a.list(0, "list")?,
    };
    let needle = a.get(1);
    if needle.contains_unknown() {
        return Ok(Value::Unknown);
    }
    // Terraform compares without converting: `contains(["1"], 1)` is false.
    if items.iter().any(|v| v == needle) {
        return Ok(Value::Bool(true));
    }
    Ok(if items.iter().any(Value::contains_unknown) { Value::Unknown } else { Value::Bool(false) })
}

fn distinct(a: &Args<'_>, _: &FnContext) -> R {
    // The list is converted to one element type first: `distinct(["1", 1])` is `["1"]`.
    let items = super::types_fn::unify(a, a.list(0, "list")?.to_vec())?;
    let mut out: Vec<Value> = Vec::new();
    for v in items {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(Value::List(out))
}

fn element(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    let idx = a.int(1, "index")?;
    if items.is_empty() {
        return Err(a.invalid("cannot use element on an empty list"));
    }
    // Past the end wraps around; a negative index counts from the end (Terraform 1.12).
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let i = usize::try_from(idx.rem_euclid(len)).unwrap_or(0);
    Ok(items[i].clone())
}

fn flatten(a: &Args<'_>, _: &FnContext) -> R {
    fn walk(items: &[Value], out: &mut Vec<Value>) -> bool {
        for v in items {
            match v {
                Value::List(inner) => {
                    if !walk(inner, out) {
                        return false;
                    }
                }
                // An unknown might be a list: the shape of the result is not known.
                Value::Unknown => return false,
                v => out.push(v.clone()),
            }
        }
        true
    }
    let items = a.list(0, "list")?;
    let mut out = Vec::new();
    Ok(if walk(items, &mut out) { Value::List(out) } else { Value::Unknown })
}

fn index(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    let needle = a.get(1);
    items
        .iter()
        .position(|v| v == needle)
        .map(|i| Value::Number(Decimal::from(i)))
        .ok_or_else(|| a.invalid(format_args!("item {needle} not found in the list")))
}

fn keys(a: &Args<'_>, _: &FnContext) -> R {
    let map = a.map(0, "map")?;
    Ok(Value::List(map.keys().map(|k| Value::String(k.clone())).collect()))
}

fn values(a: &Args<'_>, _: &FnContext) -> R {
    let map = a.map(0, "map")?;
    Ok(Value::List(map.values().cloned().collect()))
}

fn length(a: &Args<'_>, _: &FnContext) -> R {
    let n = match a.get(0) {
        Value::List(items) => items.len(),
        Value::Map(map) => map.len(),
        // Terraform counts grapheme clusters: "e\u0301" is one character.
        Value::String(s) => {
            unicode_segmentation::UnicodeSegmentation::graphemes(s.as_str(), true).count()
        }
        v => {
            return Err(
                a.invalid(format_args!("value must be a list, map or string, got {}", kind(v)))
            );
        }
    };
    Ok(Value::Number(Decimal::from(n)))
}

fn lookup_fn(a: &Args<'_>, _: &FnContext) -> R {
    let map = a.map(0, "map")?;
    let key = a.string(1, "key")?;
    match map.get(&key) {
        Some(v) => Ok(v.clone()),
        None if a.len() == 3 => Ok(a.get(2).clone()),
        None => Err(a.invalid(format_args!("key `{key}` not found and no default given"))),
    }
}

/// Equality after Terraform's primitive unification, which `matchkeys` applies to its keys and
/// search set together (`"1"` and `1` are equal there).
fn loosely_equal(x: &Value, y: &Value) -> bool {
    x == y
        || match (x, y) {
            (Value::String(_), Value::Number(_) | Value::Bool(_))
            | (Value::Number(_) | Value::Bool(_), Value::String(_)) => {
                to_string_lossless(x) == to_string_lossless(y)
            }
            _ => false,
        }
}

fn matchkeys(a: &Args<'_>, _: &FnContext) -> R {
    let vals = a.list(0, "values")?;
    let ks = a.list(1, "keys")?;
    let search = a.list(2, "searchset")?;
    if vals.len() != ks.len() {
        return Err(a.invalid(format_args!(
            "values and keys must have the same length, got {} and {}",
            vals.len(),
            ks.len()
        )));
    }
    Ok(Value::List(
        vals.iter()
            .zip(ks)
            .filter(|(_, k)| search.iter().any(|s| loosely_equal(s, k)))
            .map(|(v, _)| v.clone())
            .collect(),
    ))
}

fn merge(a: &Args<'_>, _: &FnContext) -> R {
    let mut out = BTreeMap::new();
    for (i, v) in a.values.iter().enumerate() {
        match v {
            Value::Null => {}
            Value::Map(map) => out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            v => {
                return Err(a.invalid(format_args!(
                    "argument {} must be a map or object, got {}",
                    i + 1,
                    kind(v)
                )));
            }
        }
    }
    Ok(Value::Map(out))
}

fn one(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    match items {
        [] => Ok(Value::Null),
        [v] => Ok(v.clone()),
        _ => Err(
            a.invalid(format_args!("list must have no more than one element, got {}", items.len()))
        ),
    }
}

fn range(a: &Args<'_>, _: &FnContext) -> R {
    let (start, limit, step) = match a.len() {
        1 => (Decimal::ZERO, a.number(0, "limit")?, Decimal::ONE),
        2 => (a.number(0, "start")?, a.number(1, "limit")?, Decimal::ONE),
        _ => (a.number(0, "start")?, a.number(1, "limit")?, a.number(2, "step")?),
    };
    let step = if a.len() < 3 && limit < start { -Decimal::ONE } else { step };
    if step.is_zero() {
        return Err(a.invalid("step must not be zero"));
    }
    if (step > Decimal::ZERO && limit < start) || (step < Decimal::ZERO && limit > start) {
        return Err(a.invalid("step points away from the limit"));
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > Decimal::ZERO && x < limit) || (step < Decimal::ZERO && x > limit) {
        if out.len() >= MAX_GENERATED {
            return Err(a.invalid(format_args!("more than {MAX_GENERATED} elements")));
        }
        out.push(Value::Number(x));
        x = x.checked_add(step).ok_or_else(|| a.invalid("number out of range"))?;
    }
    Ok(Value::List(out))
}

fn reverse(a: &Args<'_>, _: &FnContext) -> R {
    let mut items = a.list(0, "list")?.to_vec();
    items.reverse();
    Ok(Value::List(items))
}

fn sets(a: &Args<'_>) -> Result<Vec<Vec<Value>>, FnError> {
    (0..a.len()).map(|i| a.list(i, "every argument").map(|l| make_set(l.to_vec()))).collect()
}

fn setintersection(a: &Args<'_>, _: &FnContext) -> R {
    let mut all = sets(a)?.into_iter();
    let first = all.next().unwrap_or_default();
    let rest: Vec<Vec<Value>> = all.collect();
    Ok(Value::List(first.into_iter().filter(|v| rest.iter().all(|s| s.contains(v))).collect()))
}

fn setunion(a: &Args<'_>, _: &FnContext) -> R {
    // The sets meet at one element type: `setunion(["a"], [1])` is `["1", "a"]`.
    let all = super::types_fn::unify(a, sets(a)?.into_iter().flatten().collect())?;
    Ok(Value::List(make_set(all)))
}

fn setsubtract(a: &Args<'_>, _: &FnContext) -> R {
    let all = sets(a)?;
    let (x, y) = (&all[0], &all[1]);
    Ok(Value::List(x.iter().filter(|v| !y.contains(v)).cloned().collect()))
}

fn setproduct(a: &Args<'_>, _: &FnContext) -> R {
    if a.len() < 2 {
        return Err(a.invalid("at least two arguments are required"));
    }
    let lists: Vec<&[Value]> =
        (0..a.len()).map(|i| a.list(i, "every argument")).collect::<Result<_, _>>()?;
    let total = lists.iter().try_fold(1usize, |acc, l| acc.checked_mul(l.len()));
    if total.is_none_or(|t| t > MAX_GENERATED) {
        return Err(a.invalid(format_args!("the product has more than {MAX_GENERATED} elements")));
    }
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for l in lists {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                l.iter().map(move |v| {
                    let mut p = prefix.clone();
                    p.push(v.clone());
                    p
                })
            })
            .collect();
    }
    Ok(Value::List(out.into_iter().map(Value::List).collect()))
}

fn slice(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    let start = a.int(1, "start_index")?;
    let end = a.int(2, "end_index")?;
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    if start < 0 || end > len || start > end {
        return Err(a.invalid(format_args!(
            "indices {start}..{end} are out of range for a list of length {len}"
        )));
    }
    let (s, e) = (usize::try_from(start).unwrap_or(0), usize::try_from(end).unwrap_or(0));
    Ok(Value::List(items[s..e].to_vec()))
}

fn sort(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    // An unknown element could sort anywhere: every position is unknown, the length is not.
    if items.iter().any(Value::contains_unknown) {
        return Ok(Value::List(vec![Value::Unknown; items.len()]));
    }
    let mut strs = Vec::with_capacity(items.len());
    for v in items {
        match to_string_lossless(v) {
            Some(s) => strs.push(s),
            None => {
                return Err(a.invalid(format_args!("elements must be strings, got {}", kind(v))));
            }
        }
    }
    strs.sort();
    Ok(Value::List(strs.into_iter().map(Value::String).collect()))
}

fn sum(a: &Args<'_>, _: &FnContext) -> R {
    let items = a.list(0, "list")?;
    if items.is_empty() {
        return Err(a.invalid("cannot sum an empty list"));
    }
    let mut total = Decimal::ZERO;
    for v in items {
        let n = super::to_number(v)
            .ok_or_else(|| a.invalid(format_args!("elements must be numbers, got {}", kind(v))))?;
        total = total.checked_add(n).ok_or_else(|| a.invalid("the sum is out of range"))?;
    }
    Ok(Value::Number(total))
}

fn transpose(a: &Args<'_>, _: &FnContext) -> R {
    let map = a.map(0, "map")?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in map {
        let Value::List(items) = v else {
            return Err(a.invalid(format_args!(
                "values must be lists of strings, got {} at `{k}`",
                kind(v)
            )));
        };
        for item in items {
            let s = to_string_lossless(item).ok_or_else(|| {
                a.invalid(format_args!(
                    "values must be lists of strings, got {} in `{k}`",
                    kind(item)
                ))
            })?;
            out.entry(s).or_default().push(Value::String(k.clone()));
        }
    }
    Ok(Value::Map(out.into_iter().map(|(k, v)| (k, Value::List(v))).collect()))
}

fn zipmap(a: &Args<'_>, _: &FnContext) -> R {
    let ks = a.list(0, "keys")?;
    let vs = a.list(1, "values")?;
    if ks.len() != vs.len() {
        return Err(a.invalid(format_args!(
            "keys and values must have the same length, got {} and {}",
            ks.len(),
            vs.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (k, v) in ks.iter().zip(vs) {
        if k.is_unknown() {
            return Ok(Value::Unknown);
        }
        let key = to_string_lossless(k)
            .ok_or_else(|| a.invalid(format_args!("keys must be strings, got {}", kind(k))))?;
        out.insert(key, v.clone());
    }
    Ok(Value::Map(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::terraform::value::Value;

    #[test]
    fn unknown_aware_functions() {
        check(vec![
            ("alltrue", vec![l(vec![b(true), s("true")])], Ok(b(true))),
            ("alltrue", vec![l(vec![])], Ok(b(true))),
            ("alltrue", vec![l(vec![u(), b(false)])], Ok(b(false))),
            ("alltrue", vec![l(vec![u(), b(true)])], Ok(u())),
            ("alltrue", vec![l(vec![n(1)])], Err("elements must be bools, got number")),
            ("anytrue", vec![l(vec![u(), b(true)])], Ok(b(true))),
            ("anytrue", vec![l(vec![b(false)])], Ok(b(false))),
            ("anytrue", vec![u()], Ok(u())),
            ("coalesce", vec![Value::Null, s(""), s("b"), u()], Ok(s("b"))),
            ("coalesce", vec![Value::Null, u(), s("b")], Ok(u())),
            ("coalesce", vec![n(1), n(2)], Ok(n(1))),
            ("coalesce", vec![Value::Null, s("")], Err("no non-null")),
            ("coalescelist", vec![l(vec![]), l(vec![s("a")])], Ok(l(vec![s("a")]))),
            ("coalescelist", vec![u(), l(vec![s("a")])], Ok(u())),
            ("coalescelist", vec![s("x")], Err("argument 1 must be a list, got string")),
            ("contains", vec![l(vec![s("a"), u()]), s("a")], Ok(b(true))),
            ("contains", vec![l(vec![s("a"), u()]), s("b")], Ok(u())),
            ("contains", vec![l(vec![s("a")]), s("b")], Ok(b(false))),
            ("contains", vec![l(vec![s("1")]), n(1)], Ok(b(false))),
            ("contains", vec![l(vec![s("a")]), u()], Ok(u())),
            ("length", vec![l(vec![u(), u()])], Ok(n(2))),
            ("length", vec![m(vec![("a", u())])], Ok(n(1))),
            ("length", vec![s("héllo")], Ok(n(5))),
            ("length", vec![u()], Ok(u())),
            ("length", vec![Value::Null], Err("value must be a list, map or string, got null")),
            ("lookup", vec![m(vec![("a", n(1)), ("b", u())]), s("a")], Ok(n(1))),
            ("lookup", vec![m(vec![("a", n(1))]), s("c"), s("d")], Ok(s("d"))),
            ("lookup", vec![m(vec![("a", n(1))]), s("c")], Err("key `c` not found")),
            ("lookup", vec![m(vec![("a", n(1))]), u()], Ok(u())),
            ("keys", vec![m(vec![("b", u()), ("a", n(1))])], Ok(l(vec![s("a"), s("b")]))),
            ("values", vec![m(vec![("b", u()), ("a", n(1))])], Ok(l(vec![n(1), u()]))),
            ("concat", vec![l(vec![s("a")]), l(vec![u()])], Ok(l(vec![s("a"), u()]))),
            ("concat", vec![l(vec![s("a")]), u()], Ok(u())),
            ("concat", vec![s("a")], Err("every argument must be a list, got string")),
            (
                "compact",
                vec![l(vec![s("a"), s(""), Value::Null, s("b")])],
                Ok(l(vec![s("a"), s("b")])),
            ),
            ("compact", vec![l(vec![s("a"), u()])], Ok(u())),
            (
                "flatten",
                vec![l(vec![l(vec![s("a"), l(vec![s("b")])]), s("c"), l(vec![])])],
                Ok(l(vec![s("a"), s("b"), s("c")])),
            ),
            ("flatten", vec![l(vec![l(vec![s("a")]), u()])], Ok(u())),
            ("element", vec![l(vec![s("a"), s("b")]), n(3)], Ok(s("b"))),
            ("element", vec![l(vec![s("a"), u()]), n(0)], Ok(s("a"))),
            ("element", vec![l(vec![]), n(0)], Err("empty list")),
            (
                "element",
                vec![l(vec![s("a")]), s("x")],
                Err("element: index must be a number, got string"),
            ),
            ("element", vec![l(vec![s("a")]), n(-1)], Ok(s("a"))),
            (
                "zipmap",
                vec![l(vec![s("a"), s("b")]), l(vec![n(1), u()])],
                Ok(m(vec![("a", n(1)), ("b", u())])),
            ),
            ("zipmap", vec![l(vec![s("a")]), l(vec![])], Err("same length")),
            ("zipmap", vec![l(vec![u()]), l(vec![n(1)])], Ok(u())),
        ]);
    }

    #[test]
    fn reshaping_functions() {
        check(vec![
            (
                "chunklist",
                vec![l(vec![n(1), n(2), n(3)]), n(2)],
                Ok(l(vec![l(vec![n(1), n(2)]), l(vec![n(3)])])),
            ),
            ("chunklist", vec![l(vec![n(1)]), n(-1)], Err("size must not be negative")),
            ("distinct", vec![l(vec![s("b"), s("a"), s("b")])], Ok(l(vec![s("b"), s("a")]))),
            ("distinct", vec![l(vec![s("b"), u()])], Ok(u())),
            ("index", vec![l(vec![s("a"), s("b")]), s("b")], Ok(n(1))),
            ("index", vec![l(vec![s("a")]), s("z")], Err("not found")),
            (
                "matchkeys",
                vec![
                    l(vec![s("i-1"), s("i-2"), s("i-3")]),
                    l(vec![s("a"), s("b"), s("a")]),
                    l(vec![s("a")]),
                ],
                Ok(l(vec![s("i-1"), s("i-3")])),
            ),
            ("matchkeys", vec![l(vec![s("x")]), l(vec![]), l(vec![])], Err("same length")),
            (
                "merge",
                vec![m(vec![("a", n(1)), ("b", n(2))]), Value::Null, m(vec![("b", n(3))])],
                Ok(m(vec![("a", n(1)), ("b", n(3))])),
            ),
            (
                "merge",
                vec![m(vec![]), l(vec![])],
                Err("argument 2 must be a map or object, got list"),
            ),
            ("merge", vec![m(vec![]), u()], Ok(u())),
            ("one", vec![l(vec![])], Ok(Value::Null)),
            ("one", vec![l(vec![s("a")])], Ok(s("a"))),
            ("one", vec![l(vec![s("a"), s("b")])], Err("no more than one element")),
            ("range", vec![n(3)], Ok(l(vec![n(0), n(1), n(2)]))),
            ("range", vec![n(1), n(4)], Ok(l(vec![n(1), n(2), n(3)]))),
            ("range", vec![n(4), n(1)], Ok(l(vec![n(4), n(3), n(2)]))),
            (
                "range",
                vec![n(0), n(1), d("0.25")],
                Ok(l(vec![n(0), d("0.25"), d("0.5"), d("0.75")])),
            ),
            ("range", vec![n(0), n(5), n(0)], Err("step must not be zero")),
            ("range", vec![n(0), n(5), n(-1)], Err("away from the limit")),
            ("range", vec![n(1_000_000)], Err("more than")),
            ("reverse", vec![l(vec![n(1), u()])], Ok(l(vec![u(), n(1)]))),
            (
                "setintersection",
                vec![l(vec![s("a"), s("b")]), l(vec![s("b"), s("c")])],
                Ok(l(vec![s("b")])),
            ),
            (
                "setunion",
                vec![l(vec![s("b"), s("a")]), l(vec![s("c"), s("a")])],
                Ok(l(vec![s("a"), s("b"), s("c")])),
            ),
            (
                "setsubtract",
                vec![l(vec![s("a"), s("b"), s("c")]), l(vec![s("a")])],
                Ok(l(vec![s("b"), s("c")])),
            ),
            ("setunion", vec![l(vec![s("a")]), l(vec![u()])], Ok(u())),
            (
                "setproduct",
                vec![l(vec![s("a"), s("b")]), l(vec![n(1), n(2)])],
                Ok(l(vec![
                    l(vec![s("a"), n(1)]),
                    l(vec![s("a"), n(2)]),
                    l(vec![s("b"), n(1)]),
                    l(vec![s("b"), n(2)]),
                ])),
            ),
            (
                "slice",
                vec![l(vec![s("a"), s("b"), s("c")]), n(1), n(3)],
                Ok(l(vec![s("b"), s("c")])),
            ),
            ("slice", vec![l(vec![s("a")]), n(0), n(2)], Err("out of range")),
            (
                "sort",
                vec![l(vec![s("b"), s("a"), n(10), n(9)])],
                Ok(l(vec![s("10"), s("9"), s("a"), s("b")])),
            ),
            ("sort", vec![l(vec![m(vec![])])], Err("elements must be strings, got map")),
            ("sum", vec![l(vec![n(1), d("2.5"), s("3")])], Ok(d("6.5"))),
            ("sum", vec![l(vec![])], Err("empty list")),
            ("sum", vec![l(vec![s("x")])], Err("elements must be numbers, got string")),
            (
                "transpose",
                vec![m(vec![("a", l(vec![s("1"), s("2")])), ("b", l(vec![s("2"), s("3")]))])],
                Ok(m(vec![
                    ("1", l(vec![s("a")])),
                    ("2", l(vec![s("a"), s("b")])),
                    ("3", l(vec![s("b")])),
                ])),
            ),
            ("transpose", vec![m(vec![("a", s("x"))])], Err("values must be lists of strings")),
        ]);
    }
}
