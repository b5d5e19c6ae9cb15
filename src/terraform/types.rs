//! Terraform type constraints (`variable "x" { type = ... }`) and value conversion.
//!
//! Contract:
//! - [`TypeConstraint::from_expr`] reads a type expression from the hcl-rs AST: `string`,
//!   `number`, `bool`, `any`, `list(T)`, `set(T)`, `map(T)`, `object({ a = T, b = optional(T,
//!   default) })`, `tuple([T, ...])`, and the legacy forms (`"string"`, bare `list`/`map`).
//!   `optional()` defaults must be literals (the evaluator may pass its own evaluator to
//!   [`TypeConstraint::from_expr_with`]).
//! - [`convert`] applies Terraform's conversion rules: `"512"` becomes 512 where a number is
//!   wanted, bools and numbers become strings where a string is wanted, optional attributes get
//!   their defaults, attributes the type does not declare are dropped, a missing required
//!   attribute is an error naming the attribute path. Null converts to null of any type and
//!   unknown passes through unchanged.

use std::collections::BTreeMap;
use std::fmt;

use hcl::expr::{Expression, ObjectKey, Operation, UnaryOperator};

use super::functions::{self, kind};
use super::value::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeConstraint {
    Any,
    String,
    Number,
    Bool,
    List(Box<TypeConstraint>),
    Set(Box<TypeConstraint>),
    Map(Box<TypeConstraint>),
    Object(BTreeMap<String, ObjectAttr>),
    Tuple(Vec<TypeConstraint>),
}

/// One attribute of an `object({...})` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectAttr {
    pub ty: TypeConstraint,
    /// Declared with `optional(...)`: may be absent or null.
    pub optional: bool,
    /// The second argument of `optional(T, default)`, already converted to `ty`.
    pub default: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid type constraint: {0}")]
pub struct TypeError(pub String);

/// A value that does not fit a type. `path` is Terraform's attribute path inside the value
/// (`.services["api"].cpu`, `[0]`), empty for the value itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("at `{path}`: ") })]
pub struct ConversionError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for TypeConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeConstraint::Any => f.write_str("any"),
            TypeConstraint::String => f.write_str("string"),
            TypeConstraint::Number => f.write_str("number"),
            TypeConstraint::Bool => f.write_str("bool"),
            TypeConstraint::List(t) => write!(f, "list({t})"),
            TypeConstraint::Set(t) => write!(f, "set({t})"),
            TypeConstraint::Map(t) => write!(f, "map({t})"),
            TypeConstraint::Object(attrs) => {
                f.write_str("object({")?;
                for (i, (k, a)) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if a.optional {
                        write!(f, "{k} = optional({})", a.ty)?;
                    } else {
                        write!(f, "{k} = {}", a.ty)?;
                    }
                }
                f.write_str("})")
            }
            TypeConstraint::Tuple(items) => {
                f.write_str("tuple([")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
        }
    }
}

impl TypeConstraint {
    /// Reads a type expression; `optional()` defaults must be literal values.
    pub fn from_expr(expr: &Expression) -> Result<TypeConstraint, TypeError> {
        Self::from_expr_with(expr, &|e| {
            literal_value(e).ok_or_else(|| "it is not a literal value".to_string())
        })
    }

    /// Reads a type expression from the hcl-edit AST (the evaluator's), through hcl-rs's
    /// conversion of it.
    pub fn from_edit_expr(expr: &hcl_edit::expr::Expression) -> Result<TypeConstraint, TypeError> {
        Self::from_expr(&Expression::from(expr.clone()))
    }

    /// Reads a type expression, evaluating `optional()` defaults with `eval`.
    pub fn from_expr_with(
        expr: &Expression,
        eval: &dyn Fn(&Expression) -> Result<Value, String>,
    ) -> Result<TypeConstraint, TypeError> {
        parse(expr, eval, false).map(|(t, _)| t)
    }
}

type Optional = Option<(bool, Option<Value>)>;

fn parse(
    expr: &Expression,
    eval: &dyn Fn(&Expression) -> Result<Value, String>,
    attr: bool,
) -> Result<(TypeConstraint, Optional), TypeError> {
    let plain = |t| Ok((t, None));
    match expr {
        Expression::Parenthesis(inner) => parse(inner, eval, attr),
        Expression::Variable(v) => plain(keyword(v.as_str())?),
        // Terraform 0.11 quoted types.
        Expression::String(s) => plain(keyword(s)?),
        Expression::FuncCall(call) => {
            if !call.name.namespace.is_empty() {
                return Err(TypeError(format!("unknown type constructor `{}`", call.name)));
            }
            let name = call.name.name.as_str();
            let one_arg = || match call.args.as_slice() {
                [arg] => Ok(arg),
                args => {
                    Err(TypeError(format!("`{name}()` takes one argument, got {}", args.len())))
                }
            };
            match name {
                "list" => plain(TypeConstraint::List(Box::new(parse(one_arg()?, eval, false)?.0))),
                "set" => plain(TypeConstraint::Set(Box::new(parse(one_arg()?, eval, false)?.0))),
                "map" => plain(TypeConstraint::Map(Box::new(parse(one_arg()?, eval, false)?.0))),
                "tuple" => match one_arg()? {
                    Expression::Array(items) => plain(TypeConstraint::Tuple(
                        items.iter().map(|e| parse(e, eval, false).map(|(t, _)| t)).collect::<Result<_, _>>()?,
                    )),
                    _ => Err(TypeError("`tuple()` needs a list of types, like tuple([string, number])".into())),
                },
                "object" => match one_arg()? {
                    Expression::Object(obj) => {
                        let mut attrs = BTreeMap::new();
                        for (k, v) in obj {
                            let key = match k {
                                ObjectKey::Identifier(id) => id.to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.clone(),
                                ObjectKey::Expression(Expression::Variable(v)) => v.to_string(),
                                _ => {
                                    return Err(TypeError("object attribute names must be identifiers".into()));
                                }
                            };
                            let (ty, opt) = parse(v, eval, true)?;
                            let (optional, default) = opt.unwrap_or((false, None));
                            attrs.insert(key, ObjectAttr { ty, optional, default });
                        }
                        plain(TypeConstraint::Object(attrs))
                    }
                    _ => Err(TypeError("`object()` needs an object of attribute types, like object({ name = string })".into())),
                },
                "optional" if attr => {
                    let (ty_expr, default_expr) = match call.args.as_slice() {
                        [t] => (t, None),
                        [t, d] => (t, Some(d)),
                        args => return Err(TypeError(format!("`optional()` takes one or two arguments, got {}", args.len()))),
                    };
                    let ty = parse(ty_expr, eval, false)?.0;
                    let default = match default_expr {
                        None => None,
                        Some(d) => {
                            let v = eval(d).map_err(|e| TypeError(format!("the default of `optional()` cannot be used: {e}")))?;
                            Some(convert(v, &ty).map_err(|e| TypeError(format!("the default of `optional()` does not fit `{ty}`: {e}")))?)
                        }
                    };
                    Ok((ty, Some((true, default))))
                }
                "optional" => Err(TypeError("`optional()` is only allowed for object attributes".into())),
                other => Err(TypeError(format!("unknown type constructor `{other}`"))),
            }
        }
        _ => Err(TypeError(
            "expected a type such as string, number, list(string) or object({...})".into(),
        )),
    }
}

fn keyword(word: &str) -> Result<TypeConstraint, TypeError> {
    Ok(match word {
        "string" => TypeConstraint::String,
        "number" => TypeConstraint::Number,
        "bool" => TypeConstraint::Bool,
        "any" => TypeConstraint::Any,
        // Bare collection keywords are Terraform 0.11 syntax for collections of any type.
        "list" => TypeConstraint::List(Box::new(TypeConstraint::Any)),
        "set" => TypeConstraint::Set(Box::new(TypeConstraint::Any)),
        "map" => TypeConstraint::Map(Box::new(TypeConstraint::Any)),
        other => return Err(TypeError(format!("unknown type `{other}`"))),
    })
}

/// The value of a literal expression (numbers, strings, bools, null, and lists/objects of
/// them); `None` for anything that needs evaluation.
pub fn literal_value(expr: &Expression) -> Option<Value> {
    Some(match expr {
        Expression::Null => Value::Null,
        Expression::Bool(b) => Value::Bool(*b),
        Expression::Number(n) => Value::Number(functions::parse_number(&n.to_string())?),
        Expression::String(s) => Value::String(s.clone()),
        Expression::Array(items) => {
            Value::List(items.iter().map(literal_value).collect::<Option<_>>()?)
        }
        Expression::Object(obj) => Value::Map(
            obj.iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Identifier(id) => id.to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.clone(),
                        _ => return None,
                    };
                    Some((key, literal_value(v)?))
                })
                .collect::<Option<_>>()?,
        ),
        Expression::Parenthesis(inner) => literal_value(inner)?,
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u) if u.operator == UnaryOperator::Neg => {
                match literal_value(&u.expr)? {
                    Value::Number(n) => Value::Number(-n),
                    _ => return None,
                }
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// Converts `value` to `ty` with Terraform's rules.
pub fn convert(value: Value, ty: &TypeConstraint) -> Result<Value, ConversionError> {
    convert_at(value, ty, &mut String::new())
}

fn fail(path: &str, message: String) -> ConversionError {
    ConversionError { path: path.to_string(), message }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 40 => format!("string `{s}`"),
        Value::Number(_) | Value::Bool(_) => format!("{} `{v}`", kind(v)),
        v => kind(v).to_string(),
    }
}

fn convert_at(
    value: Value,
    ty: &TypeConstraint,
    path: &mut String,
) -> Result<Value, ConversionError> {
    if matches!(value, Value::Unknown | Value::Null) {
        return Ok(value);
    }
    match ty {
        TypeConstraint::Any => Ok(value),
        TypeConstraint::String => functions::to_string_lossless(&value)
            .map(Value::String)
            .ok_or_else(|| fail(path, format!("a string is required, got {}", describe(&value)))),
        TypeConstraint::Number => functions::to_number(&value)
            .map(Value::Number)
            .ok_or_else(|| fail(path, format!("a number is required, got {}", describe(&value)))),
        TypeConstraint::Bool => functions::to_bool(&value)
            .map(Value::Bool)
            .ok_or_else(|| fail(path, format!("a bool is required, got {}", describe(&value)))),
        TypeConstraint::List(elem) | TypeConstraint::Set(elem) => {
            let Value::List(items) = value else {
                return Err(fail(
                    path,
                    format!("a {} is required, got {}", ty_word(ty), describe(&value)),
                ));
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(convert_at(item, elem, path)?);
                path.truncate(len);
            }
            if matches!(ty, TypeConstraint::Set(_)) && !out.iter().any(Value::contains_unknown) {
                out = functions::make_set(out);
            }
            Ok(Value::List(out))
        }
        TypeConstraint::Map(elem) => {
            let Value::Map(map) = value else {
                return Err(fail(path, format!("a map is required, got {}", describe(&value))));
            };
            let mut out = BTreeMap::new();
            for (k, v) in map {
                let len = path.len();
                path.push_str(&format!("[{k:?}]"));
                out.insert(k, convert_at(v, elem, path)?);
                path.truncate(len);
            }
            Ok(Value::Map(out))
        }
        TypeConstraint::Object(attrs) => {
            let Value::Map(mut map) = value else {
                return Err(fail(path, format!("an object is required, got {}", describe(&value))));
            };
            let mut out = BTreeMap::new();
            for (name, attr) in attrs {
                let len = path.len();
                path.push('.');
                path.push_str(name);
                let v = match map.remove(name) {
                    Some(Value::Null) | None if attr.optional => {
                        attr.default.clone().unwrap_or(Value::Null)
                    }
                    None => return Err(fail(path, "attribute is required".to_string())),
                    Some(v) => convert_at(v, &attr.ty, path)?,
                };
                out.insert(name.clone(), v);
                path.truncate(len);
            }
            Ok(Value::Map(out))
        }
        TypeConstraint::Tuple(types) => {
            let Value::List(items) = value else {
                return Err(fail(path, format!("a tuple is required, got {}", describe(&value))));
            };
            if items.len() != types.len() {
                return Err(fail(
                    path,
                    format!("a tuple of {} elements is required, got {}", types.len(), items.len()),
                ));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, (item, t)) in items.into_iter().zip(types).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(convert_at(item, t, path)?);
                path.truncate(len);
            }
            Ok(Value::List(out))
        }
    }
}

fn ty_word(ty: &TypeConstraint) -> &'static str {
    match ty {
        TypeConstraint::Set(_) => "set",
        _ => "list",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    fn ty(src: &str) -> Result<TypeConstraint, TypeError> {
        let body: hcl::Body = hcl::from_str(&format!("t = {src}\n")).expect("test HCL parses");
        let attr = body.attributes().next().expect("one attribute");
        let from_rs = TypeConstraint::from_expr(attr.expr());
        let edit: hcl_edit::structure::Body =
            format!("t = {src}\n").parse().expect("test HCL parses");
        let edit_attr = edit.get_attribute("t").expect("one attribute");
        assert_eq!(
            TypeConstraint::from_edit_expr(&edit_attr.value),
            from_rs,
            "{src}: both ASTs agree"
        );
        from_rs
    }

    #[test]
    fn parses_type_expressions() {
        let cases = [
            ("string", "string"),
            ("number", "number"),
            ("any", "any"),
            ("\"string\"", "string"),
            ("list", "list(any)"),
            ("list(string)", "list(string)"),
            ("set(number)", "set(number)"),
            ("map(list(bool))", "map(list(bool))"),
            ("tuple([string, number])", "tuple([string, number])"),
            (
                "object({ name = string, size = optional(number, 20) })",
                "object({name = string, size = optional(number)})",
            ),
            ("object({ \"quoted\" = string })", "object({quoted = string})"),
        ];
        for (src, shown) in cases {
            assert_eq!(ty(src).map(|t| t.to_string()), Ok(shown.to_string()), "{src}");
        }
        let TypeConstraint::Object(attrs) =
            ty("object({ size = optional(number, \"20\"), tags = optional(map(string), {}) })")
                .unwrap()
        else {
            panic!("object expected")
        };
        assert_eq!(attrs["size"].default, Some(n(20)));
        assert_eq!(attrs["tags"].default, Some(m(vec![])));
    }

    #[test]
    fn rejects_bad_type_expressions() {
        let cases = [
            ("strin", "unknown type `strin`"),
            ("list(string, number)", "takes one argument, got 2"),
            ("optional(string)", "only allowed for object attributes"),
            ("object(string)", "needs an object"),
            ("tuple(string)", "needs a list of types"),
            ("foo(string)", "unknown type constructor `foo`"),
            ("1 + 1", "expected a type"),
            ("object({ a = optional(number, \"x\") })", "does not fit `number`"),
            ("object({ a = optional(number, var.x) })", "not a literal"),
        ];
        for (src, frag) in cases {
            match ty(src) {
                Err(TypeError(msg)) => assert!(msg.contains(frag), "{src}: `{msg}` lacks `{frag}`"),
                Ok(t) => panic!("{src}: expected an error, got {t}"),
            }
        }
    }

    #[test]
    fn converts_with_terraform_rules() {
        let svc = ty("map(object({ cpu = number, memory = optional(number, 512), spot = optional(bool), tags = optional(map(string)) }))").unwrap();
        let input = m(vec![(
            "api",
            m(vec![("cpu", s("256")), ("spot", s("true")), ("extra", s("dropped"))]),
        )]);
        let want = m(vec![(
            "api",
            m(vec![("cpu", n(256)), ("memory", n(512)), ("spot", b(true)), ("tags", Value::Null)]),
        )]);
        assert_eq!(convert(input, &svc), Ok(want));

        let cases: Vec<(&str, Value, Result<Value, &str>)> = vec![
            ("number", s("512"), Ok(n(512))),
            ("number", s("1.5"), Ok(d("1.5"))),
            ("number", s("abc"), Err("a number is required, got string `abc`")),
            ("string", n(5), Ok(s("5"))),
            ("string", b(true), Ok(s("true"))),
            ("string", l(vec![]), Err("a string is required, got list")),
            ("bool", s("false"), Ok(b(false))),
            ("bool", n(1), Err("a bool is required, got number `1`")),
            ("number", u(), Ok(u())),
            ("object({ a = string })", u(), Ok(u())),
            ("number", Value::Null, Ok(Value::Null)),
            ("list(number)", l(vec![s("1"), u()]), Ok(l(vec![n(1), u()]))),
            ("list(number)", l(vec![n(1), s("x")]), Err("at `[1]`: a number is required")),
            ("set(string)", l(vec![s("b"), s("a"), s("b")]), Ok(l(vec![s("a"), s("b")]))),
            ("map(number)", m(vec![("a", s("1"))]), Ok(m(vec![("a", n(1))]))),
            ("map(number)", l(vec![]), Err("a map is required, got list")),
            ("tuple([string, number])", l(vec![n(1), s("2")]), Ok(l(vec![s("1"), n(2)]))),
            ("tuple([string])", l(vec![]), Err("a tuple of 1 elements is required, got 0")),
            (
                "object({ a = object({ b = number }) })",
                m(vec![("a", m(vec![]))]),
                Err("at `.a.b`: attribute is required"),
            ),
            (
                "map(object({ cpu = number }))",
                m(vec![("api", m(vec![("cpu", s("x"))]))]),
                Err("at `[\"api\"].cpu`: a number is required"),
            ),
            (
                "object({ a = optional(string, \"d\") })",
                m(vec![("a", Value::Null)]),
                Ok(m(vec![("a", s("d"))])),
            ),
            ("any", l(vec![n(1), s("a")]), Ok(l(vec![n(1), s("a")]))),
        ];
        for (t, input, want) in cases {
            let got = convert(input.clone(), &ty(t).unwrap());
            match (want, got) {
                (Ok(w), Ok(g)) => assert_eq!(g, w, "{t} <- {input:?}"),
                (Err(frag), Err(e)) => {
                    assert!(e.to_string().contains(frag), "{t} <- {input:?}: `{e}` lacks `{frag}`")
                }
                (w, g) => panic!("{t} <- {input:?}: expected {w:?}, got {g:?}"),
            }
        }
    }
}
