//! String functions: chomp endswith format formatlist indent join lower regex regexall replace
//! split startswith strcontains strrev substr title trim trimprefix trimspace trimsuffix upper.
//!
//! `format` implements Terraform's verbs (`%v %#v %t %s %q %d %b %o %x %X %e %E %f %g %G %%`)
//! with flags, width, precision and `%[n]` argument indices, over exact decimals. Regular
//! expressions use the `regex` crate, whose syntax is RE2's (Terraform uses Go's RE2 engine);
//! patterns using features RE2 lacks (look-around, back-references) are rejected by both.

use std::fmt::Write as _;

use regex::Regex;
use rust_decimal::{Decimal, RoundingStrategy};
use unicode_segmentation::UnicodeSegmentation;

use super::{
    Args, Def, FnContext, FnError, Unknowns, kind, number_text, shallow, strict, to_string_lossless,
};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "chomp" => strict(1, chomp),
        "endswith" => strict(2, endswith),
        "format" => Def::new(Unknowns::Strict, 1, None, format),
        "formatlist" => Def::new(Unknowns::Strict, 1, None, formatlist),
        "indent" => strict(2, indent),
        "join" => Def::new(Unknowns::Strict, 1, None, join),
        "lower" => strict(1, lower),
        "regex" => strict(2, regex_fn),
        "regexall" => strict(2, regexall),
        "replace" => strict(3, replace),
        "split" => strict(2, split),
        "startswith" => strict(2, startswith),
        "strcontains" => strict(2, strcontains),
        "strrev" => strict(1, strrev),
        "substr" => strict(3, substr),
        "title" => strict(1, title),
        "trim" => strict(2, trim),
        "trimprefix" => strict(2, trimprefix),
        "trimspace" => strict(1, trimspace),
        "trimsuffix" => strict(2, trimsuffix),
        "upper" => strict(1, upper),
        // Sensitivity is not tracked by a cost tool: these are identities, and whether a value
        // is sensitive is not known.
        "sensitive" | "nonsensitive" => shallow(1, identity),
        "issensitive" => Def::new(Unknowns::Own, 1, Some(1), |_, _| Ok(Value::Unknown)),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

/// Larger indents are certainly mistakes, and would allocate without bound.
const MAX_INDENT: usize = 10_000;

fn sv(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

fn identity(a: &Args<'_>, _: &FnContext) -> R {
    Ok(a.get(0).clone())
}

fn chomp(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    Ok(sv(s.trim_end_matches(['\n', '\r'])))
}

fn endswith(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Bool(a.string(0, "string")?.ends_with(&a.string(1, "suffix")?)))
}

fn startswith(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Bool(a.string(0, "string")?.starts_with(&a.string(1, "prefix")?)))
}

fn strcontains(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Bool(a.string(0, "string")?.contains(&a.string(1, "substr")?)))
}

fn indent(a: &Args<'_>, _: &FnContext) -> R {
    let n = a.int(0, "spaces")?;
    let n = usize::try_from(n)
        .map_err(|_| a.invalid(format_args!("spaces must not be negative, got {n}")))?;
    if n > MAX_INDENT {
        return Err(a.invalid(format_args!("spaces must be at most {MAX_INDENT}, got {n}")));
    }
    let s = a.string(1, "string")?;
    Ok(sv(s.replace('\n', &format!("\n{}", " ".repeat(n)))))
}

fn join(a: &Args<'_>, _: &FnContext) -> R {
    let sep = a.string(0, "separator")?;
    if a.len() < 2 {
        return Err(a.invalid("needs at least one list to join"));
    }
    let mut parts = Vec::new();
    for i in 1..a.len() {
        for item in a.list(i, "every list argument")? {
            match to_string_lossless(item) {
                Some(s) => parts.push(s),
                None => {
                    return Err(
                        a.invalid(format_args!("elements must be strings, got {}", kind(item)))
                    );
                }
            }
        }
    }
    Ok(sv(parts.join(&sep)))
}

fn lower(a: &Args<'_>, _: &FnContext) -> R {
    // `İ` has a simple lower case in Go (`i`); Rust's is `i` and a combining dot above.
    let lower = |c| if c == '\u{130}' { 'i' } else { one_case(c, char::to_lowercase) };
    Ok(sv(a.string(0, "string")?.chars().map(lower).collect::<String>()))
}

fn upper(a: &Args<'_>, _: &FnContext) -> R {
    Ok(sv(a
        .string(0, "string")?
        .chars()
        .map(|c| one_case(c, char::to_uppercase))
        .collect::<String>()))
}

/// Go's `unicode.ToUpper`/`ToLower` map one rune to one rune (`ß` stays `ß` in `upper`),
/// where Rust's full case mapping may give several (`SS`): a rune whose mapping is not a single
/// rune is kept.
fn one_case<I: Iterator<Item = char>>(c: char, map: impl Fn(char) -> I) -> char {
    let mut m = map(c);
    match (m.next(), m.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

fn compile(a: &Args<'_>, pattern: &str) -> Result<Regex, FnError> {
    Regex::new(pattern)
        .map_err(|e| a.invalid(format_args!("invalid regular expression `{pattern}`: {e}")))
}

/// The shape of a match result, from the pattern's capture groups (Terraform's rule).
enum Shape {
    Whole,
    List,
    Named,
}

fn shape(a: &Args<'_>, re: &Regex) -> Result<Shape, FnError> {
    let groups: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = groups.iter().filter(|g| g.is_some()).count();
    if groups.is_empty() {
        Ok(Shape::Whole)
    } else if named == 0 {
        Ok(Shape::List)
    } else if named == groups.len() {
        Ok(Shape::Named)
    } else {
        Err(a.invalid("pattern cannot mix named and unnamed capture groups"))
    }
}

fn capture_value(re: &Regex, shape: &Shape, caps: &regex::Captures<'_>) -> Value {
    // Go reports an unmatched optional group as null.
    let group = |m: Option<regex::Match<'_>>| m.map_or(Value::Null, |m| sv(m.as_str()));
    match shape {
        Shape::Whole => group(caps.get(0)),
        Shape::List => Value::List((1..caps.len()).map(|i| group(caps.get(i))).collect()),
        Shape::Named => Value::Map(
            re.capture_names()
                .flatten()
                .map(|name| (name.to_string(), group(caps.name(name))))
                .collect(),
        ),
    }
}

fn regex_fn(a: &Args<'_>, _: &FnContext) -> R {
    let pattern = a.string(0, "pattern")?;
    let s = a.string(1, "string")?;
    let re = compile(a, &pattern)?;
    let shape = shape(a, &re)?;
    match re.captures(&s) {
        Some(caps) => Ok(capture_value(&re, &shape, &caps)),
        None => Err(a.invalid(format_args!("pattern `{pattern}` did not match `{s}`"))),
    }
}

fn regexall(a: &Args<'_>, _: &FnContext) -> R {
    let pattern = a.string(0, "pattern")?;
    let s = a.string(1, "string")?;
    let re = compile(a, &pattern)?;
    let shape = shape(a, &re)?;
    Ok(Value::List(re.captures_iter(&s).map(|c| capture_value(&re, &shape, &c)).collect()))
}

fn replace(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let search = a.string(1, "substring")?;
    let with = a.string(2, "replacement")?;
    // `/.../` means a regular expression; `$1`/`${name}` in the replacement refer to groups,
    // as in Go's Regexp.ReplaceAllString.
    if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
        let re = compile(a, &search[1..search.len() - 1])?;
        return Ok(sv(re.replace_all(&s, with.as_str())));
    }
    if search.is_empty() {
        // Go's strings.Replace inserts at every rune boundary for an empty search string.
        let mut out = with.clone();
        for c in s.chars() {
            out.push(c);
            out.push_str(&with);
        }
        return Ok(sv(out));
    }
    Ok(sv(s.replace(&search, &with)))
}

fn split(a: &Args<'_>, _: &FnContext) -> R {
    let sep = a.string(0, "separator")?;
    let s = a.string(1, "string")?;
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| sv(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(sv).collect()
    };
    Ok(Value::List(parts))
}

fn strrev(a: &Args<'_>, _: &FnContext) -> R {
    // Terraform reverses grapheme clusters: a letter keeps its combining marks.
    Ok(sv(a.string(0, "string")?.graphemes(true).rev().collect::<String>()))
}

fn substr(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let offset = a.int(1, "offset")?;
    let length = a.int(2, "length")?;
    // Offsets and lengths count grapheme clusters, as Terraform's do.
    let chars: Vec<&str> = s.graphemes(true).collect();
    let total = i64::try_from(chars.len()).unwrap_or(i64::MAX);
    let start = if offset < 0 { (total + offset).max(0) } else { offset.min(total) };
    let end = if length < 0 { total } else { start.saturating_add(length).min(total) };
    let (start, end) = (usize::try_from(start).unwrap_or(0), usize::try_from(end).unwrap_or(0));
    Ok(sv(chars.get(start..end.max(start)).unwrap_or(&[]).concat()))
}

fn title(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let mut out = String::with_capacity(s.len());
    let mut prev_sep = true;
    for c in s.chars() {
        if prev_sep {
            out.push(title_case(c));
        } else {
            out.push(c);
        }
        // Go's strings.Title: letters, digits, underscore and marks continue a word.
        prev_sep = !(c.is_alphanumeric() || c == '_');
    }
    Ok(sv(out))
}

/// Go's `unicode.ToTitle`: the upper case, except the Latin digraphs, whose title case is
/// their own letter (`ǆ` → `ǅ`, not `Ǆ`).
fn title_case(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        c => one_case(c, char::to_uppercase),
    }
}

fn trim(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let cut = a.string(1, "characters")?;
    Ok(sv(s.trim_matches(|c| cut.contains(c))))
}

fn trimprefix(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let p = a.string(1, "prefix")?;
    Ok(sv(s.strip_prefix(p.as_str()).unwrap_or(&s)))
}

fn trimsuffix(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let p = a.string(1, "suffix")?;
    Ok(sv(s.strip_suffix(p.as_str()).unwrap_or(&s)))
}

fn trimspace(a: &Args<'_>, _: &FnContext) -> R {
    Ok(sv(a.string(0, "string")?.trim()))
}

fn format(a: &Args<'_>, _: &FnContext) -> R {
    let spec = a.string(0, "format")?;
    Ok(sv(sprintf(a, &spec, &a.values[1..])?))
}

fn formatlist(a: &Args<'_>, _: &FnContext) -> R {
    let spec = a.string(0, "format")?;
    let rest = &a.values[1..];
    let mut len: Option<usize> = None;
    for v in rest {
        if let Value::List(items) = v {
            match len {
                Some(l) if l != items.len() => {
                    return Err(a.invalid(format_args!(
                        "all list arguments must have the same length, got {l} and {}",
                        items.len()
                    )));
                }
                _ => len = Some(items.len()),
            }
        }
    }
    let len = len.unwrap_or(1);
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let row: Vec<Value> = rest
            .iter()
            .map(|v| match v {
                Value::List(items) => items[i].clone(),
                other => other.clone(),
            })
            .collect();
        out.push(sv(sprintf(a, &spec, &row)?));
    }
    Ok(Value::List(out))
}

#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Terraform's `format`: Go's fmt verbs applied to Terraform values.
fn sprintf(a: &Args<'_>, spec: &str, args: &[Value]) -> Result<String, FnError> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut next_arg = 0usize;
    let mut used = 0usize;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut sp = Spec::default();
        while let Some(&f) = chars.get(i) {
            match f {
                '-' => sp.minus = true,
                '+' => sp.plus = true,
                ' ' => sp.space = true,
                '0' => sp.zero = true,
                '#' => sp.sharp = true,
                _ => break,
            }
            i += 1;
        }
        if chars.get(i) == Some(&'[') {
            let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
            let idx: Option<usize> =
                close.and_then(|cl| chars[i + 1..cl].iter().collect::<String>().parse().ok());
            match (close, idx) {
                (Some(cl), Some(n)) if n >= 1 => {
                    next_arg = n - 1;
                    i = cl + 1;
                }
                _ => return Err(a.invalid("invalid argument index in format string")),
            }
        }
        let digits = |i: &mut usize| -> Option<usize> {
            let start = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            (start != *i)
                .then(|| chars[start..*i].iter().collect::<String>().parse().unwrap_or(usize::MAX))
        };
        sp.width = digits(&mut i);
        if chars.get(i) == Some(&'.') {
            i += 1;
            sp.prec = Some(digits(&mut i).unwrap_or(0));
        }
        let Some(&verb) = chars.get(i) else {
            return Err(a.invalid("format string ends in the middle of a verb"));
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next_arg) else {
            return Err(a.invalid(format_args!(
                "not enough arguments for `%{verb}` (argument {})",
                next_arg + 1
            )));
        };
        let argno = next_arg + 1;
        next_arg += 1;
        used = used.max(next_arg);
        let text = format_one(a, verb, &sp, arg, argno)?;
        pad(
            &mut out,
            &text,
            &sp,
            matches!(verb, 'd' | 'b' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G'),
        );
    }
    if used < args.len() {
        return Err(a.invalid(format_args!(
            "too many arguments: the format uses {used}, got {}",
            args.len()
        )));
    }
    Ok(out)
}

fn pad(out: &mut String, text: &str, sp: &Spec, numeric: bool) {
    let len = text.chars().count();
    let width = sp.width.unwrap_or(0).min(10_000);
    if len >= width {
        out.push_str(text);
        return;
    }
    let fill = width - len;
    if sp.minus {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if sp.zero && numeric {
        // Zeros go after the sign.
        let (sign, rest) = match text.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (Some(c), &text[1..]),
            _ => (None, text),
        };
        out.extend(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(rest);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(text);
    }
}

fn format_one(
    a: &Args<'_>,
    verb: char,
    sp: &Spec,
    arg: &Value,
    argno: usize,
) -> Result<String, FnError> {
    let bad = |what: &str| {
        a.invalid(format_args!("`%{verb}` at argument {argno} needs {what}, got {}", kind(arg)))
    };
    // `%v` of a null is `null` in Terraform; `%s`, `%d`, ... fail on it.
    if arg.is_null() && verb != 'v' {
        return Err(a.invalid(format_args!(
            "argument {argno} is null and cannot be formatted with `%{verb}`"
        )));
    }
    Ok(match verb {
        'v' if sp.sharp => super::encoding::json_text(arg),
        'v' => match arg {
            Value::Null | Value::List(_) | Value::Map(_) => super::encoding::json_text(arg),
            other => truncate(to_string_lossless(other).unwrap_or_default(), sp.prec),
        },
        't' => match super::to_bool(arg) {
            Some(b) => b.to_string(),
            None => return Err(bad("a bool")),
        },
        's' => truncate(to_string_lossless(arg).ok_or_else(|| bad("a string"))?, sp.prec),
        'q' => quote(&truncate(to_string_lossless(arg).ok_or_else(|| bad("a string"))?, sp.prec)),
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = super::to_number(arg).ok_or_else(|| bad("a number"))?;
            if !n.fract().is_zero() {
                return Err(a.invalid(format_args!(
                    "`%{verb}` at argument {argno} needs a whole number, got {}",
                    number_text(n)
                )));
            }
            let i = i128::try_from(n).map_err(|_| bad("a smaller number"))?;
            let mag = i.unsigned_abs();
            let mut body = match verb {
                'd' => mag.to_string(),
                'b' => format!("{mag:b}"),
                'o' => format!("{mag:o}"),
                'x' => format!("{mag:x}"),
                _ => format!("{mag:X}"),
            };
            if sp.sharp {
                body = match verb {
                    'b' => format!("0b{body}"),
                    'o' => format!("0{body}"),
                    'x' => format!("0x{body}"),
                    'X' => format!("0X{body}"),
                    _ => body,
                };
            }
            if let Some(p) = sp.prec {
                let p = p.min(1000);
                if body.len() < p {
                    body = format!("{}{body}", "0".repeat(p - body.len()));
                }
            }
            sign(i < 0, sp) + &body
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = super::to_number(arg).ok_or_else(|| bad("a number"))?;
            let body = match verb {
                'f' => fixed(n.abs(), sp.prec.unwrap_or(6)),
                'e' | 'E' => sci(n.abs(), sp.prec.unwrap_or(6), verb == 'E'),
                _ => general(n.abs(), sp.prec, verb == 'G'),
            };
            sign(n.is_sign_negative() && !n.is_zero(), sp) + &body
        }
        _ => return Err(a.invalid(format_args!("unsupported verb `%{verb}`"))),
    })
}

fn sign(neg: bool, sp: &Spec) -> String {
    if neg {
        "-".into()
    } else if sp.plus {
        "+".into()
    } else if sp.space {
        " ".into()
    } else {
        String::new()
    }
}

fn truncate(s: String, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    }
}

/// Go's `strconv.Quote`.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if c.is_control() => {
                let cp = c as u32;
                let _ =
                    if cp < 0x80 { write!(out, "\\x{cp:02x}") } else { write!(out, "\\u{cp:04x}") };
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn fixed(n: Decimal, prec: usize) -> String {
    let prec = u32::try_from(prec.min(28)).unwrap_or(28);
    let strategy = match binary_above(n) {
        Some(true) => RoundingStrategy::MidpointAwayFromZero,
        Some(false) => RoundingStrategy::MidpointTowardZero,
        None => RoundingStrategy::MidpointNearestEven,
    };
    let r = n.round_dp_with_strategy(prec, strategy);
    format!("{r:.0$}", prec as usize)
}

/// Terraform formats its number, a 512-bit binary float, not the decimal that was written: a
/// decimal midway between two outputs (`0.05` at one digit) is not midway in binary, and rounds
/// towards where the float lies. `None` when `n` (≥ 0) is exact in binary (then Go rounds half
/// to even), else whether the nearest 512-bit float is above `n`.
fn binary_above(n: Decimal) -> Option<bool> {
    // n = m / 10^s = (m / 5^s) / 2^s: the power of two does not change the significant bits.
    let m = n.mantissa().unsigned_abs();
    let q = 5u128.checked_pow(n.scale())?;
    if m.is_multiple_of(q) {
        return None;
    }
    let (mut int, mut r) = (m / q, m % q);
    // Significant bits counted so far; the 513th decides the rounding (the remainder is never
    // zero for a value that is not exact in binary, so a 1 there always rounds up).
    let mut bits = 128 - int.leading_zeros();
    while bits <= 512 {
        r *= 2;
        let bit = r >= q;
        if bit {
            r -= q;
        }
        if bits > 0 || bit {
            bits += 1;
        }
        int = u128::from(bit);
    }
    Some(int == 1)
}

/// Significant digits and decimal exponent of `n` (> 0): n = 0.d1d2d3... × 10^exp.
fn digits_of(n: Decimal) -> (Vec<u8>, i64) {
    let n = n.normalize();
    let mant = n.mantissa().unsigned_abs().to_string();
    let digits: Vec<u8> = mant.bytes().map(|b| b - b'0').collect();
    let exp = i64::try_from(digits.len()).unwrap_or(0) - i64::from(n.scale());
    (digits, exp)
}

/// Rounds digit vector to `keep` significant digits (half to even, or as `above` says: see
/// [`binary_above`]); may bump the exponent.
fn round_digits(mut d: Vec<u8>, mut exp: i64, keep: usize, above: Option<bool>) -> (Vec<u8>, i64) {
    if d.len() <= keep {
        d.resize(keep, 0);
        return (d, exp);
    }
    let rest = d.split_off(keep);
    let first = rest[0];
    let tail_nonzero = rest[1..].iter().any(|&x| x != 0);
    let tie_up = above.unwrap_or_else(|| d.last().is_some_and(|x| x % 2 == 1));
    let round_up = first > 5 || (first == 5 && (tail_nonzero || tie_up));
    if round_up {
        let mut i = d.len();
        loop {
            if i == 0 {
                d.insert(0, 1);
                d.truncate(keep.max(1));
                exp += 1;
                break;
            }
            i -= 1;
            if d[i] == 9 {
                d[i] = 0;
            } else {
                d[i] += 1;
                break;
            }
        }
    }
    (d, exp)
}

fn sci(n: Decimal, prec: usize, upper: bool) -> String {
    let prec = prec.min(100);
    let (d, e) = if n.is_zero() {
        (vec![0; prec + 1], 1)
    } else {
        let (d, e) = digits_of(n);
        round_digits(d, e, prec + 1, binary_above(n))
    };
    sci_text(&d, e - 1, upper)
}

fn sci_text(d: &[u8], exp10: i64, upper: bool) -> String {
    let mut s = String::new();
    s.push(char::from(b'0' + d.first().copied().unwrap_or(0)));
    if d.len() > 1 {
        s.push('.');
        s.extend(d[1..].iter().map(|x| char::from(b'0' + x)));
    }
    s.push(if upper { 'E' } else { 'e' });
    s.push(if exp10 < 0 { '-' } else { '+' });
    let _ = write!(s, "{:02}", exp10.abs());
    s
}

/// Go's `%g`: shortest representation, `%e` form for exponents < -4 or ≥ the precision
/// (6 when shortest, as Go does).
fn general(n: Decimal, prec: Option<usize>, upper: bool) -> String {
    if n.is_zero() {
        return "0".into();
    }
    let (d, e) = digits_of(n);
    let (mut d, e, eprec) = match prec {
        Some(p) => {
            let p = p.clamp(1, 100);
            let (d, e) = round_digits(d, e, p, binary_above(n));
            let nd = d.len();
            let eprec = if p > nd && nd as i64 >= e { nd } else { p };
            (d, e, eprec)
        }
        None => (d, e, 6),
    };
    while d.len() > 1 && d.last() == Some(&0) {
        d.pop();
    }
    let x = e - 1;
    if x < -4 || x >= eprec as i64 {
        return sci_text(&d, x, upper);
    }
    // Plain form.
    let mut s = String::new();
    if e <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', usize::try_from(-e).unwrap_or(0)));
        s.extend(d.iter().map(|x| char::from(b'0' + x)));
    } else {
        let e = usize::try_from(e).unwrap_or(0);
        for (i, x) in d.iter().enumerate() {
            if i == e {
                s.push('.');
            }
            s.push(char::from(b'0' + x));
        }
        for _ in d.len()..e {
            s.push('0');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn simple_string_functions() {
        check(vec![
            ("chomp", vec![s("hello\n\r\n")], Ok(s("hello"))),
            ("chomp", vec![s("a\nb")], Ok(s("a\nb"))),
            ("indent", vec![n(2), s("a\nb\n")], Ok(s("a\n  b\n  "))),
            ("indent", vec![n(-1), s("a")], Err("spaces must not be negative")),
            ("indent", vec![n(1_000_000_000), s("a\nb")], Err("at most 10000")),
            ("join", vec![s(","), l(vec![s("a"), n(1)]), l(vec![b(true)])], Ok(s("a,1,true"))),
            ("join", vec![s(",")], Err("needs at least one list")),
            ("join", vec![s(","), s("a")], Err("every list argument must be a list, got string")),
            ("join", vec![s(","), l(vec![l(vec![])])], Err("elements must be strings, got list")),
            ("lower", vec![s("HeLLo")], Ok(s("hello"))),
            ("upper", vec![s("héllo")], Ok(s("HÉLLO"))),
            ("upper", vec![l(vec![])], Err("string must be a string, got list")),
            ("replace", vec![s("a-b-c"), s("-"), s("_")], Ok(s("a_b_c"))),
            ("replace", vec![s("hello world"), s("/w(or)ld/"), s("$1")], Ok(s("hello or"))),
            ("replace", vec![s("ab"), s("/(/"), s("")], Err("invalid regular expression")),
            ("split", vec![s(","), s("a,b,,c")], Ok(l(vec![s("a"), s("b"), s(""), s("c")]))),
            ("split", vec![s(","), s("")], Ok(l(vec![s("")]))),
            ("strrev", vec![s("abc")], Ok(s("cba"))),
            ("substr", vec![s("hello world"), n(1), n(4)], Ok(s("ello"))),
            ("substr", vec![s("hello"), n(-3), n(-1)], Ok(s("llo"))),
            ("substr", vec![s("hello"), n(10), n(2)], Ok(s(""))),
            ("substr", vec![s("héllo"), n(1), n(1)], Ok(s("é"))),
            ("substr", vec![s("hello"), d("1.5"), n(1)], Err("offset must be a whole number")),
            ("title", vec![s("hello world-foo_bar")], Ok(s("Hello World-Foo_bar"))),
            ("trim", vec![s("?!hello?!"), s("!?")], Ok(s("hello"))),
            ("trimprefix", vec![s("helloworld"), s("hello")], Ok(s("world"))),
            ("trimprefix", vec![s("helloworld"), s("x")], Ok(s("helloworld"))),
            ("trimsuffix", vec![s("helloworld"), s("world")], Ok(s("hello"))),
            ("trimspace", vec![s("  hi \n")], Ok(s("hi"))),
            ("startswith", vec![s("hello"), s("he")], Ok(b(true))),
            ("endswith", vec![s("hello"), s("he")], Ok(b(false))),
            ("strcontains", vec![s("hello"), s("ll")], Ok(b(true))),
            ("startswith", vec![u(), s("he")], Ok(u())),
        ]);
    }

    #[test]
    fn regex_shapes_follow_terraform() {
        check(vec![
            ("regex", vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")], Ok(s("aaabbbccc"))),
            (
                "regex",
                vec![s(r"(\d\d\d\d)-(\d\d)-(\d\d)"), s("2019-02-01")],
                Ok(l(vec![s("2019"), s("02"), s("01")])),
            ),
            (
                "regex",
                vec![
                    s(r"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/"),
                ],
                Ok(m(vec![("authority", s("terraform.io")), ("scheme", s("https"))])),
            ),
            ("regex", vec![s("(a)?b"), s("b")], Ok(l(vec![Value::Null]))),
            ("regex", vec![s("[0-9]+"), s("abc")], Err("did not match")),
            ("regex", vec![s("(?P<x>a)(b)"), s("ab")], Err("cannot mix named and unnamed")),
            ("regex", vec![s("(?=a)"), s("a")], Err("invalid regular expression")),
            (
                "regexall",
                vec![s("[a-z]+"), s("1234abcd5678efgh9")],
                Ok(l(vec![s("abcd"), s("efgh")])),
            ),
            ("regexall", vec![s("[a-z]+"), s("123")], Ok(l(vec![]))),
            (
                "regexall",
                vec![s("(\\d)(\\w)"), s("1a2b")],
                Ok(l(vec![l(vec![s("1"), s("a")]), l(vec![s("2"), s("b")])])),
            ),
        ]);
    }

    use crate::terraform::value::Value;

    #[test]
    fn format_verbs() {
        check(vec![
            ("format", vec![s("Hello, %s!"), s("Ander")], Ok(s("Hello, Ander!"))),
            ("format", vec![s("There are %d lights"), n(4)], Ok(s("There are 4 lights"))),
            ("format", vec![s("%d"), s("42")], Ok(s("42"))),
            ("format", vec![s("%5d|%-5d|%05d"), n(42), n(42), n(-42)], Ok(s("   42|42   |-0042"))),
            ("format", vec![s("%+d % d"), n(5), n(5)], Ok(s("+5  5"))),
            ("format", vec![s("%.2f"), d("3.14159")], Ok(s("3.14"))),
            ("format", vec![s("%f"), n(2)], Ok(s("2.000000"))),
            ("format", vec![s("%8.3f|"), d("-1.5")], Ok(s("  -1.500|"))),
            ("format", vec![s("%e"), d("1234.5678")], Ok(s("1.234568e+03"))),
            ("format", vec![s("%.2E"), d("0.000123")], Ok(s("1.23E-04"))),
            ("format", vec![s("%g"), d("3.5")], Ok(s("3.5"))),
            ("format", vec![s("%g"), n(1_000_000)], Ok(s("1e+06"))),
            ("format", vec![s("%g"), d("0.00001")], Ok(s("1e-05"))),
            ("format", vec![s("%g"), d("0.0001")], Ok(s("0.0001"))),
            ("format", vec![s("%.3g"), d("3.14159")], Ok(s("3.14"))),
            (
                "format",
                vec![s("%b %o %x %X %#x"), n(5), n(8), n(255), n(255), n(255)],
                Ok(s("101 10 ff FF 0xff")),
            ),
            ("format", vec![s("%x"), s("hi")], Err("needs a number")),
            ("format", vec![s("%t"), b(true)], Ok(s("true"))),
            ("format", vec![s("%q"), s("a\"b\n")], Ok(s("\"a\\\"b\\n\""))),
            ("format", vec![s("%v %v %v"), s("a"), n(1), b(false)], Ok(s("a 1 false"))),
            ("format", vec![s("%v"), l(vec![s("a"), n(1)])], Ok(s("[\"a\",1]"))),
            ("format", vec![s("%#v"), s("a")], Ok(s("\"a\""))),
            ("format", vec![s("%#v"), Value::Null], Ok(s("null"))),
            (
                "format",
                vec![s("%.3s|%6s|%-6s|"), s("abcdef"), s("ab"), s("ab")],
                Ok(s("abc|    ab|ab    |")),
            ),
            ("format", vec![s("%[2]s %[1]s %s"), s("a"), s("b")], Ok(s("b a b"))),
            ("format", vec![s("100%%")], Ok(s("100%"))),
            ("format", vec![s("%s %s"), s("a")], Err("not enough arguments")),
            ("format", vec![s("%s"), s("a"), s("b")], Err("too many arguments")),
            ("format", vec![s("%d"), s("x")], Err("`%d` at argument 1 needs a number, got string")),
            ("format", vec![s("%d"), d("1.5")], Err("needs a whole number")),
            ("format", vec![s("%t"), n(1)], Err("needs a bool")),
            ("format", vec![s("%s"), Value::Null], Err("is null")),
            ("format", vec![s("%y"), n(1)], Err("unsupported verb `%y`")),
            ("format", vec![s("%"), n(1)], Err("ends in the middle of a verb")),
            ("format", vec![s("%s"), u()], Ok(u())),
        ]);
    }

    #[test]
    fn formatlist_zips_lists_and_repeats_scalars() {
        check(vec![
            (
                "formatlist",
                vec![s("Hello, %s!"), l(vec![s("Valentina"), s("Ander")])],
                Ok(l(vec![s("Hello, Valentina!"), s("Hello, Ander!")])),
            ),
            (
                "formatlist",
                vec![s("%s, %s!"), s("Salutations"), l(vec![s("a"), s("b")])],
                Ok(l(vec![s("Salutations, a!"), s("Salutations, b!")])),
            ),
            (
                "formatlist",
                vec![s("%s%s"), l(vec![s("a")]), l(vec![s("a"), s("b")])],
                Err("same length"),
            ),
            ("formatlist", vec![s("%s"), l(vec![s("a"), u()])], Ok(u())),
        ]);
    }
}
