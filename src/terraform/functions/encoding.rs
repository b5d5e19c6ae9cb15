//! Encoding functions: base64decode base64encode base64gzip csvdecode jsondecode jsonencode
//! textdecodebase64 textencodebase64 urlencode yamldecode yamlencode.
//!
//! `base64gzip` is unknown: its bytes are those of Go's gzip writer, which no other compressor
//! reproduces, and a wrong blob would be worse than an unknown one (no priced attribute reads
//! it). `textencodebase64`/`textdecodebase64` know UTF-8, UTF-16LE/BE, ISO-8859-1 and US-ASCII
//! (with their IANA aliases); another encoding name is an unsupported call (a warning, unknown).
//!
//! `jsonencode` writes what Terraform writes: no whitespace, sorted object keys, numbers in their
//! shortest exact form and `<`, `>`, `&` escaped as `\u003c`... (Go's encoder). `yamlencode`
//! writes block style with every string and key double-quoted, as Terraform does.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{Args, Def, FnContext, FnError, Unknowns, number_text, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "base64decode" => strict(1, base64decode),
        "base64encode" => strict(1, base64encode),
        "base64gzip" => Def::new(Unknowns::Own, 1, Some(1), |_, _| Ok(Value::Unknown)),
        "textencodebase64" => strict(2, textencodebase64),
        "textdecodebase64" => strict(2, textdecodebase64),
        "csvdecode" => strict(1, csvdecode),
        "jsondecode" => strict(1, jsondecode),
        "jsonencode" => strict(1, jsonencode),
        "urlencode" => strict(1, urlencode),
        "yamldecode" => strict(1, yamldecode),
        "yamlencode" => strict(1, yamlencode),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn base64encode(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::String(STANDARD.encode(a.string(0, "string")?)))
}

fn base64decode(a: &Args<'_>, _: &FnContext) -> R {
    let text = a.string(0, "string")?;
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| a.invalid(format_args!("invalid base64 data: {e}")))?;
    String::from_utf8(bytes).map(Value::String).map_err(|_| {
        a.invalid("the decoded data is not valid UTF-8 (Terraform strings must be text)")
    })
}

/// The text encodings `textencodebase64`/`textdecodebase64` know, by IANA name or alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Latin1,
    Ascii,
}

fn text_encoding(a: &Args<'_>, name: &str) -> Result<TextEncoding, FnError> {
    let key: String =
        name.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect::<String>().to_lowercase();
    Ok(match key.as_str() {
        "utf8" | "csutf8" => TextEncoding::Utf8,
        "utf16le" | "csutf16le" => TextEncoding::Utf16Le,
        "utf16be" | "csutf16be" => TextEncoding::Utf16Be,
        "iso88591" | "iso885911987" | "latin1" | "l1" | "ibm819" | "cp819" | "csisolatin1"
        | "isoir100" => TextEncoding::Latin1,
        "usascii" | "ascii" | "us" | "ansix3.41968" | "iso646us" | "ibm367" | "cp367"
        | "csascii" | "isoir6" => TextEncoding::Ascii,
        // A valid IANA name this engine does not convert (Shift_JIS, windows-1252, ...): the
        // call is unsupported, so the caller warns and the value is unknown.
        _ => return Err(FnError::Unsupported(format!("{} with encoding `{name}`", a.name))),
    })
}

fn textencodebase64(a: &Args<'_>, _: &FnContext) -> R {
    let text = a.string(0, "string")?;
    let name = a.string(1, "encoding")?;
    let unrepresentable = || {
        a.invalid(format_args!(
            "the given string contains characters that cannot be represented in {name}"
        ))
    };
    let bytes: Vec<u8> = match text_encoding(a, &name)? {
        TextEncoding::Utf8 => text.into_bytes(),
        TextEncoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        TextEncoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        TextEncoding::Latin1 => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).map_err(|_| unrepresentable()))
            .collect::<Result<_, _>>()?,
        TextEncoding::Ascii => text
            .chars()
            .map(|c| if c.is_ascii() { Ok(c as u8) } else { Err(unrepresentable()) })
            .collect::<Result<_, _>>()?,
    };
    Ok(Value::String(STANDARD.encode(bytes)))
}

fn textdecodebase64(a: &Args<'_>, _: &FnContext) -> R {
    let data = a.string(0, "source")?;
    let name = a.string(1, "encoding")?;
    let encoding = text_encoding(a, &name)?;
    let bytes = STANDARD
        .decode(data.as_bytes())
        .map_err(|e| a.invalid(format_args!("invalid base64 data: {e}")))?;
    let utf16 = |pairs: Vec<u16>| {
        char::decode_utf16(pairs).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    };
    // Invalid sequences become U+FFFD, as Go's decoders do.
    let text: String = match encoding {
        TextEncoding::Utf8 => String::from_utf8_lossy(&bytes).into_owned(),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            let mut text: String = utf16(
                bytes
                    .chunks_exact(2)
                    .map(|p| {
                        let pair = [p[0], p[1]];
                        if encoding == TextEncoding::Utf16Le {
                            u16::from_le_bytes(pair)
                        } else {
                            u16::from_be_bytes(pair)
                        }
                    })
                    .collect(),
            );
            if bytes.len() % 2 == 1 {
                text.push(char::REPLACEMENT_CHARACTER);
            }
            text
        }
        TextEncoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        TextEncoding::Ascii => bytes
            .iter()
            .map(|&b| if b.is_ascii() { char::from(b) } else { char::REPLACEMENT_CHARACTER })
            .collect(),
    };
    Ok(Value::String(text))
}

/// Terraform's JSON text of a value (used by `jsonencode` and `format("%#v")`).
pub(crate) fn json_text(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v);
    out
}

fn write_json(out: &mut String, v: &Value) {
    match v {
        // Unknowns never reach here through `jsonencode` (strict); `format("%#v")` has the same
        // policy. `null` is the least surprising text if one ever does.
        Value::Null | Value::Unknown => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(*n)),
        Value::String(s) => json_string(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(out, k);
                out.push(':');
                write_json(out, item);
            }
            out.push('}');
        }
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn jsonencode(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::String(json_text(a.get(0))))
}

fn jsondecode(a: &Args<'_>, _: &FnContext) -> R {
    let text = a.string(0, "string")?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| a.invalid(format_args!("invalid JSON: {e}")))?;
    from_json(a, &json)
}

fn from_json(a: &Args<'_>, json: &serde_json::Value) -> R {
    Ok(match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => number(a, &n.to_string())?,
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => {
            Value::List(items.iter().map(|v| from_json(a, v)).collect::<Result<_, _>>()?)
        }
        // Unlike plan files, `{"$unknown": true}` here is ordinary user data.
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), from_json(a, v)?)))
                .collect::<Result<_, FnError>>()?,
        ),
    })
}

fn number(a: &Args<'_>, text: &str) -> R {
    super::parse_number(text)
        .map(Value::Number)
        .ok_or_else(|| a.invalid(format_args!("number `{text}` is out of range")))
}

fn urlencode(a: &Args<'_>, _: &FnContext) -> R {
    let s = a.string(0, "string")?;
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

fn csvdecode(a: &Args<'_>, _: &FnContext) -> R {
    let text = a.string(0, "string")?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| a.invalid(format_args!("invalid CSV header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    // Terraform needs a header line, with distinct column names.
    if text.is_empty() {
        return Err(a.invalid("missing header line"));
    }
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            return Err(a.invalid(format_args!("duplicate column name `{h}`")));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(String::new(), |p| format!(" on line {}", p.line()));
            a.invalid(format_args!("invalid CSV{line}: {e}"))
        })?;
        let row: BTreeMap<String, Value> = headers
            .iter()
            .cloned()
            .zip(record.iter().map(|f| Value::String(f.to_string())))
            .collect();
        rows.push(Value::Map(row));
    }
    Ok(Value::List(rows))
}

fn yamldecode(a: &Args<'_>, _: &FnContext) -> R {
    let text = a.string(0, "string")?;
    // Terraform refuses a string with no YAML document in it (empty, blank or comments only).
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(a.invalid("missing start of document"));
    }
    let yaml: serde_norway::Value =
        crate::yaml::from_str(&text).map_err(|e| a.invalid(format_args!("invalid YAML: {e}")))?;
    from_yaml(a, yaml)
}

fn from_yaml(a: &Args<'_>, yaml: serde_norway::Value) -> R {
    use serde_norway::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(a, &n.to_string())?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::List(items.into_iter().map(|v| from_yaml(a, v)).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut out = BTreeMap::new();
            for (k, v) in map {
                let key = match from_yaml(a, k)? {
                    Value::String(s) => s,
                    Value::Null => "null".to_string(),
                    k @ (Value::Bool(_) | Value::Number(_)) => {
                        super::to_string_lossless(&k).unwrap_or_default()
                    }
                    _ => return Err(a.invalid("mapping keys must be scalars")),
                };
                out.insert(key, from_yaml(a, v)?);
            }
            Value::Map(out)
        }
        Y::Tagged(tagged) => from_yaml(a, tagged.value)?,
    })
}

fn yamlencode(a: &Args<'_>, _: &FnContext) -> R {
    let mut out = String::new();
    write_yaml(&mut out, a.get(0), 0, false);
    // A document that is a plain scalar ends with the `...` marker, as Go's YAML encoder writes.
    if matches!(a.get(0), Value::Null | Value::Unknown | Value::Bool(_) | Value::Number(_)) {
        out.push_str("...\n");
    }
    Ok(Value::String(out))
}

/// A scalar (or empty collection) on one line, or a multi-line string as a literal block whose
/// lines are indented by `indent` (at least 2).
fn yaml_scalar(v: &Value, indent: usize) -> Option<String> {
    match v {
        Value::Null | Value::Unknown => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(number_text(*n)),
        Value::String(s) if literal_allowed(s) => Some(literal_block(s, indent.max(2))),
        Value::String(s) => {
            let mut q = String::new();
            json_yaml_string(&mut q, s);
            Some(q)
        }
        Value::List(items) if items.is_empty() => Some("[]".into()),
        Value::Map(map) if map.is_empty() => Some("{}".into()),
        _ => None,
    }
}

/// Terraform writes multi-line strings in literal style (`|`) where the YAML emitter allows it:
/// no leading or trailing spaces, no space before a line break, no control characters.
fn literal_allowed(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with(' ')
        && !s.contains(" \n")
        && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn literal_block(s: &str, indent: usize) -> String {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let body = s.strip_suffix('\n').unwrap_or(s);
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

fn json_yaml_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Block-style YAML; `inline` means the first line continues the current one (after `- `).
fn write_yaml(out: &mut String, v: &Value, indent: usize, inline: bool) {
    let pad = " ".repeat(indent);
    if let Some(s) = yaml_scalar(v, indent) {
        out.push_str(&s);
        out.push('\n');
        return;
    }
    match v {
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 || !inline {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                write_yaml(out, item, indent + 2, true);
            }
        }
        Value::Map(map) => {
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 || !inline {
                    out.push_str(&pad);
                }
                json_yaml_string(out, k);
                out.push(':');
                if yaml_scalar(item, 0).is_some() {
                    out.push(' ');
                    write_yaml(out, item, indent + 2, true);
                } else {
                    out.push('\n');
                    // Sequences under a key are not indented further (go-yaml's style).
                    let child = if matches!(item, Value::List(_)) { indent } else { indent + 2 };
                    write_yaml(out, item, child, false);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::FnError;
    use super::super::test_support::*;
    use crate::terraform::value::Value;

    #[test]
    fn text_encodings() {
        // Terraform's documented examples, then the other encodings and the errors.
        check(vec![
            (
                "textencodebase64",
                vec![s("Hello World"), s("UTF-16LE")],
                Ok(s("SABlAGwAbABvACAAVwBvAHIAbABkAA==")),
            ),
            (
                "textdecodebase64",
                vec![s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")],
                Ok(s("Hello World")),
            ),
            ("textencodebase64", vec![s("é"), s("utf-16be")], Ok(s("AOk="))),
            ("textdecodebase64", vec![s("AOk="), s("UTF-16BE")], Ok(s("é"))),
            ("textencodebase64", vec![s("é"), s("latin1")], Ok(s("6Q=="))),
            ("textdecodebase64", vec![s("6Q=="), s("ISO-8859-1")], Ok(s("é"))),
            ("textencodebase64", vec![s("é"), s("UTF-8")], Ok(s("w6k="))),
            ("textdecodebase64", vec![s("/w=="), s("UTF-8")], Ok(s("\u{fffd}"))),
            ("textdecodebase64", vec![s("QQ=="), s("UTF-16LE")], Ok(s("\u{fffd}"))),
            ("textencodebase64", vec![s("€"), s("ISO-8859-1")], Err("cannot be represented")),
            ("textencodebase64", vec![s("é"), s("US-ASCII")], Err("cannot be represented")),
            ("textdecodebase64", vec![s("***"), s("UTF-8")], Err("invalid base64")),
            ("textencodebase64", vec![u(), s("UTF-8")], Ok(u())),
            ("base64gzip", vec![s("Hello")], Ok(u())),
        ]);
        assert!(matches!(
            run("textencodebase64", vec![s("x"), s("Shift_JIS")]),
            Err(FnError::Unsupported(m)) if m.contains("Shift_JIS")
        ));
    }

    #[test]
    fn encodings() {
        check(vec![
            ("base64encode", vec![s("Hello World")], Ok(s("SGVsbG8gV29ybGQ="))),
            ("base64decode", vec![s("SGVsbG8gV29ybGQ=")], Ok(s("Hello World"))),
            ("base64decode", vec![s("***")], Err("invalid base64")),
            ("base64decode", vec![s("/w==")], Err("not valid UTF-8")),
            ("urlencode", vec![s("Hello World!")], Ok(s("Hello+World%21"))),
            ("urlencode", vec![s("ä/~")], Ok(s("%C3%A4%2F~"))),
            (
                "jsonencode",
                vec![m(vec![
                    ("b", l(vec![n(1), d("2.50"), b(true), Value::Null])),
                    ("a", s("<x>&\"\n")),
                ])],
                Ok(s(r#"{"a":"\u003cx\u003e\u0026\"\n","b":[1,2.5,true,null]}"#)),
            ),
            ("jsonencode", vec![m(vec![("a", u())])], Ok(u())),
            (
                "jsondecode",
                vec![s(r#"{"hello": "world", "n": [1, 2.5e1], "$unknown": true}"#)],
                Ok(m(vec![
                    ("$unknown", b(true)),
                    ("hello", s("world")),
                    ("n", l(vec![n(1), n(25)])),
                ])),
            ),
            ("jsondecode", vec![s("{")], Err("invalid JSON")),
            ("jsondecode", vec![s("1e400")], Err("invalid JSON")),
            ("jsondecode", vec![s("1e100")], Err("out of range")),
            (
                "csvdecode",
                vec![s("a,b\n1,2\n3,\"x,y\"\n")],
                Ok(l(vec![
                    m(vec![("a", s("1")), ("b", s("2"))]),
                    m(vec![("a", s("3")), ("b", s("x,y"))]),
                ])),
            ),
            ("csvdecode", vec![s("a,b\n1,2,3\n")], Err("on line 2")),
            (
                "yamldecode",
                vec![s("a: 1\nb: [x, true]\nc:\n  d: null\n")],
                Ok(m(vec![
                    ("a", n(1)),
                    ("b", l(vec![s("x"), b(true)])),
                    ("c", m(vec![("d", Value::Null)])),
                ])),
            ),
            ("yamldecode", vec![s("a: [")], Err("invalid YAML")),
            ("yamldecode", vec![s("a: 1\n---\nb: 2\n")], Err("invalid YAML")),
            ("yamlencode", vec![s("x")], Ok(s("\"x\"\n"))),
            ("yamlencode", vec![s("a\nb")], Ok(s("|-\n  a\n  b\n"))),
            (
                "yamlencode",
                vec![m(vec![("k", s("a\n\nb\n")), ("l", l(vec![s("x\ny")])), ("t", s(" lead\n"))])],
                Ok(s("\"k\": |\n  a\n\n  b\n\"l\":\n- |-\n  x\n  y\n\"t\": \" lead\\n\"\n")),
            ),
            (
                "yamlencode",
                vec![m(vec![
                    ("a", n(1)),
                    ("b", l(vec![s("x"), m(vec![("c", b(true)), ("d", l(vec![]))])])),
                    ("e", m(vec![("f", Value::Null)])),
                ])],
                Ok(s(
                    "\"a\": 1\n\"b\":\n- \"x\"\n- \"c\": true\n  \"d\": []\n\"e\":\n  \"f\": null\n",
                )),
            ),
        ]);
    }

    #[test]
    fn yaml_round_trips() {
        let v = m(vec![
            ("list", l(vec![l(vec![n(1), n(2)]), m(vec![("k", s("v\nw"))])])),
            ("s", s("a: b")),
        ]);
        let text = run("yamlencode", vec![v.clone()]).unwrap();
        assert_eq!(run("yamldecode", vec![text]), Ok(v));
    }
}
