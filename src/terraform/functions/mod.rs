//! Terraform's built-in functions over [`Value`].
//!
//! Contract:
//! - [`call`] evaluates one function call whose arguments are already evaluated. `try`, `can`
//!   and `templatefile` are not here: they need unevaluated expressions, so the evaluator owns
//!   them.
//! - Unknown arguments give [`Value::Unknown`] unless the result is knowable anyway (the length
//!   of a list whose elements are unknown, `coalesce` with a known first non-null, ...). Each
//!   function declares how it treats unknowns ([`Unknowns`]); the dispatcher applies it.
//! - Names this engine does not implement (including namespaced `provider::...` functions) are
//!   [`FnError::Unsupported`]: the caller turns them into an `unsupported-function` warning and
//!   an unknown value. Wrong arguments are [`FnError::Invalid`], whose message names the function
//!   and what was wrong.
//! - Sets are lists kept sorted and de-duplicated. Numbers are exact decimals: overflow is an
//!   error, never a panic or a silently wrong number.
//! - Filesystem functions resolve relative paths against the root module directory (Terraform
//!   resolves them against the working directory, which is the root module), falling back to the
//!   calling module's directory so that `file("x.json")` written inside a module still loads.

mod collection;
mod doublestar;
mod encoding;
mod filesystem;
mod hash;
mod network;
mod numeric;
mod string;
mod time;
mod types_fn;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use super::value::Value;

/// Where the calling expression lives; filesystem functions resolve paths against it.
#[derive(Debug, Clone, Default)]
pub struct FnContext {
    /// Directory of the module whose expression calls the function.
    pub module_dir: PathBuf,
    /// Directory of the root module (Terraform's working directory).
    pub root_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FnError {
    /// A function this engine does not implement; the result should be treated as unknown.
    #[error("function `{0}` is not supported")]
    Unsupported(String),
    /// The function exists but its arguments are wrong; the message names the function.
    #[error("{0}")]
    Invalid(String),
}

/// How a function treats unknown arguments before it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unknowns {
    /// Any unknown anywhere in the arguments makes the result unknown.
    Strict,
    /// A wholly unknown argument makes the result unknown; unknowns nested inside collections
    /// reach the function, which only moves them around (`concat`, `length`, `lookup`, ...).
    Shallow,
    /// The function sees every unknown and decides itself (`coalesce`, `alltrue`, ...).
    Own,
}

pub(crate) type FnImpl = fn(&Args<'_>, &FnContext) -> Result<Value, FnError>;

/// One function's signature: arity, unknown policy and implementation.
#[derive(Clone, Copy)]
pub(crate) struct Def {
    pub unknowns: Unknowns,
    pub min: usize,
    /// `None` for variadic functions.
    pub max: Option<usize>,
    pub f: FnImpl,
}

impl Def {
    pub const fn new(unknowns: Unknowns, min: usize, max: Option<usize>, f: FnImpl) -> Self {
        Self { unknowns, min, max, f }
    }
}

/// Shorthands for the family tables.
pub(crate) const fn strict(n: usize, f: FnImpl) -> Def {
    Def::new(Unknowns::Strict, n, Some(n), f)
}
pub(crate) const fn shallow(n: usize, f: FnImpl) -> Def {
    Def::new(Unknowns::Shallow, n, Some(n), f)
}

/// Calls the Terraform function `name` with evaluated `args`.
pub fn call(name: &str, args: Vec<Value>, ctx: &FnContext) -> Result<Value, FnError> {
    if name.contains("::") {
        return Err(FnError::Unsupported(name.to_string()));
    }
    let def = lookup(name).ok_or_else(|| FnError::Unsupported(name.to_string()))?;
    if args.len() < def.min || def.max.is_some_and(|max| args.len() > max) {
        let expected = match def.max {
            Some(max) if max == def.min => plural(max, "argument"),
            Some(max) => format!("{} to {max} arguments", def.min),
            None => format!("at least {}", plural(def.min, "argument")),
        };
        return Err(FnError::Invalid(format!("{name}: expected {expected}, got {}", args.len())));
    }
    let unknown = match def.unknowns {
        Unknowns::Strict => args.iter().any(Value::contains_unknown),
        Unknowns::Shallow => args.iter().any(Value::is_unknown),
        Unknowns::Own => false,
    };
    if unknown {
        return Ok(Value::Unknown);
    }
    (def.f)(&Args { name, values: args }, ctx)
}

/// True when `name` is a function [`call`] implements (the evaluator's own `try`, `can` and
/// `templatefile` are not included).
pub fn is_supported(name: &str) -> bool {
    !name.contains("::") && lookup(name).is_some()
}

fn lookup(name: &str) -> Option<Def> {
    numeric::lookup(name)
        .or_else(|| string::lookup(name))
        .or_else(|| collection::lookup(name))
        .or_else(|| encoding::lookup(name))
        .or_else(|| network::lookup(name))
        .or_else(|| types_fn::lookup(name))
        .or_else(|| filesystem::lookup(name))
        .or_else(|| time::lookup(name))
        .or_else(|| hash::lookup(name))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The evaluated arguments of one call, with typed accessors whose errors name the function.
pub(crate) struct Args<'a> {
    pub name: &'a str,
    pub values: Vec<Value>,
}

impl Args<'_> {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn get(&self, i: usize) -> &Value {
        // Arity is checked before the call; an out-of-range index is a bug in a family table,
        // reported as an error rather than a panic.
        self.values.get(i).unwrap_or(&Value::Null)
    }

    pub fn invalid(&self, msg: impl std::fmt::Display) -> FnError {
        FnError::Invalid(format!("{}: {msg}", self.name))
    }

    fn wrong(&self, what: &str, expected: &str, got: &Value) -> FnError {
        self.invalid(format_args!("{what} must be {expected}, got {}", kind(got)))
    }

    /// A string argument, converting numbers and bools the way Terraform does.
    pub fn string(&self, i: usize, what: &str) -> Result<String, FnError> {
        let v = self.get(i);
        to_string_lossless(v).ok_or_else(|| self.wrong(what, "a string", v))
    }

    /// A number argument, converting numeric strings the way Terraform does.
    pub fn number(&self, i: usize, what: &str) -> Result<Decimal, FnError> {
        let v = self.get(i);
        to_number(v).ok_or_else(|| self.wrong(what, "a number", v))
    }

    /// A whole-number argument that fits in an `i64`.
    pub fn int(&self, i: usize, what: &str) -> Result<i64, FnError> {
        let n = self.number(i, what)?;
        decimal_to_i64(n).ok_or_else(|| {
            self.invalid(format_args!("{what} must be a whole number, got {}", n.normalize()))
        })
    }

    /// A list, set or tuple argument.
    pub fn list(&self, i: usize, what: &str) -> Result<&[Value], FnError> {
        match self.get(i) {
            Value::List(items) => Ok(items),
            v => Err(self.wrong(what, "a list", v)),
        }
    }

    /// A map or object argument.
    pub fn map(&self, i: usize, what: &str) -> Result<&BTreeMap<String, Value>, FnError> {
        match self.get(i) {
            Value::Map(map) => Ok(map),
            v => Err(self.wrong(what, "a map", v)),
        }
    }
}

/// The kind of a value for error messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Unknown => "unknown value",
    }
}

/// Terraform's canonical text of a number: no exponent, no trailing zeros.
pub(crate) fn number_text(n: Decimal) -> String {
    n.normalize().to_string()
}

/// Primitive → string conversion (Terraform's automatic conversion); `None` for null and
/// collections.
pub(crate) fn to_string_lossless(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn to_number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => parse_number(s),
        _ => None,
    }
}

/// Parses Terraform number syntax (`512`, `-1.5`, `1e3`) exactly.
pub(crate) fn parse_number(s: &str) -> Option<Decimal> {
    if s.is_empty() || s.trim() != s {
        return None;
    }
    s.parse::<Decimal>()
        .ok()
        .or_else(|| if s.contains(['e', 'E']) { Decimal::from_scientific(s).ok() } else { None })
}

pub(crate) fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

pub(crate) fn decimal_to_i64(n: Decimal) -> Option<i64> {
    if n.fract().is_zero() { i64::try_from(n).ok() } else { None }
}

/// Sorts and de-duplicates: the representation of a set.
pub(crate) fn make_set(mut items: Vec<Value>) -> Vec<Value> {
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn s(v: &str) -> Value {
        Value::String(v.to_string())
    }
    pub fn n(v: i64) -> Value {
        Value::Number(Decimal::from(v))
    }
    pub fn d(v: &str) -> Value {
        Value::Number(v.parse().expect("test decimal"))
    }
    pub fn b(v: bool) -> Value {
        Value::Bool(v)
    }
    pub fn l(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    pub fn m(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
    pub fn u() -> Value {
        Value::Unknown
    }

    pub fn run(name: &str, args: Vec<Value>) -> Result<Value, FnError> {
        call(name, args, &FnContext::default())
    }

    /// Runs a table of `(function, args, expected)`; `Err(fragment)` expects an `Invalid`
    /// error whose message contains `fragment`.
    pub fn check(cases: Vec<(&str, Vec<Value>, Result<Value, &str>)>) {
        for (name, args, expected) in cases {
            let shown = format!("{name}({args:?})");
            let got = run(name, args);
            match (expected, got) {
                (Ok(want), Ok(got)) => assert_eq!(got, want, "{shown}"),
                (Err(frag), Err(FnError::Invalid(msg))) => {
                    assert!(msg.contains(frag), "{shown}: error `{msg}` lacks `{frag}`");
                    assert!(
                        msg.starts_with(&format!("{name}:")),
                        "{shown}: `{msg}` must name the function"
                    );
                }
                (want, got) => panic!("{shown}: expected {want:?}, got {got:?}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn unknown_names_and_provider_functions_are_unsupported() {
        assert_eq!(run("nosuchfn", vec![]), Err(FnError::Unsupported("nosuchfn".into())));
        assert_eq!(
            run("provider::aws::arn_parse", vec![s("x")]),
            Err(FnError::Unsupported("provider::aws::arn_parse".into()))
        );
        assert!(!is_supported("try"));
        assert!(is_supported("cidrsubnet"));
    }

    #[test]
    fn arity_is_checked_and_named() {
        check(vec![
            ("abs", vec![], Err("expected 1 argument, got 0")),
            ("substr", vec![s("a")], Err("expected 3 arguments, got 1")),
            ("max", vec![], Err("expected at least 1 argument, got 0")),
        ]);
    }

    #[test]
    fn strict_functions_propagate_nested_unknowns() {
        check(vec![
            ("upper", vec![u()], Ok(u())),
            ("join", vec![s(","), l(vec![s("a"), u()])], Ok(u())),
        ]);
    }

    /// Every function the issue lists (plus extras) is implemented; none panics on odd input.
    const ALL: &[&str] = &[
        "abs",
        "ceil",
        "floor",
        "log",
        "max",
        "min",
        "parseint",
        "pow",
        "signum",
        "chomp",
        "endswith",
        "format",
        "formatlist",
        "indent",
        "join",
        "lower",
        "regex",
        "regexall",
        "replace",
        "split",
        "startswith",
        "strcontains",
        "strrev",
        "substr",
        "title",
        "trim",
        "trimprefix",
        "trimspace",
        "trimsuffix",
        "upper",
        "sensitive",
        "nonsensitive",
        "issensitive",
        "alltrue",
        "anytrue",
        "chunklist",
        "coalesce",
        "coalescelist",
        "compact",
        "concat",
        "contains",
        "distinct",
        "element",
        "flatten",
        "index",
        "keys",
        "length",
        "lookup",
        "matchkeys",
        "merge",
        "one",
        "range",
        "reverse",
        "setintersection",
        "setproduct",
        "setsubtract",
        "setunion",
        "slice",
        "sort",
        "sum",
        "transpose",
        "values",
        "zipmap",
        "base64decode",
        "base64encode",
        "base64gzip",
        "textencodebase64",
        "textdecodebase64",
        "csvdecode",
        "jsondecode",
        "jsonencode",
        "urlencode",
        "yamldecode",
        "yamlencode",
        "cidrhost",
        "cidrnetmask",
        "cidrsubnet",
        "cidrsubnets",
        "tobool",
        "tolist",
        "tomap",
        "tonumber",
        "toset",
        "tostring",
        "type",
        "abspath",
        "basename",
        "dirname",
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "pathexpand",
        "formatdate",
        "timeadd",
        "timecmp",
        "timestamp",
        "plantimestamp",
        "md5",
        "sha1",
        "sha256",
        "sha512",
        "base64sha256",
        "base64sha512",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "filebase64sha256",
        "filebase64sha512",
        "uuid",
        "uuidv5",
        "bcrypt",
    ];

    fn pool() -> Vec<Value> {
        vec![
            Value::Null,
            u(),
            b(true),
            n(0),
            n(-1),
            n(3),
            d("1.5"),
            d("18446744073709551616"),
            Value::Number(Decimal::MAX),
            Value::Number(Decimal::MIN),
            s(""),
            s("a,b\n1,2"),
            s("10.0.0.0/8"),
            s("fd00::/8"),
            s("2018-01-02T23:12:01Z"),
            s("%[2]d %v %#v %"),
            s("/(a)/"),
            s("["),
            s("-9999999999999999999999999999999"),
            l(vec![]),
            l(vec![s("a"), n(2), u()]),
            l(vec![l(vec![n(1)]), l(vec![])]),
            m(vec![]),
            m(vec![("a", l(vec![s("x")])), ("b", u())]),
        ]
    }

    #[test]
    fn every_listed_function_exists() {
        for name in ALL {
            assert!(is_supported(name), "{name}");
        }
    }

    #[test]
    fn no_function_panics_on_odd_arguments() {
        let pool = pool();
        // A fixed linear congruential sequence: the same combinations on every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % bound
        };
        for name in ALL {
            for arity in 0..=4 {
                for _ in 0..60 {
                    let args: Vec<Value> =
                        (0..arity).map(|_| pool[next(pool.len())].clone()).collect();
                    // Any result is fine; a panic fails the test.
                    let _ = run(name, args);
                }
            }
        }
    }
}
