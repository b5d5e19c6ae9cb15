//! Terraform's JSON configuration syntax (`*.tf.json`), read by rewriting it as the equivalent
//! native HCL text, which the ordinary loader then parses: one parser, one evaluator, the same
//! semantics for both syntaxes.
//!
//! Contract:
//! - Top-level `resource`, `data`, `module`, `provider`, `variable`, `output` and `locals` are
//!   read (each label level may hold an object or an array of objects, as Terraform allows);
//!   `terraform`, `moved`, `import`, `check`, `removed`, `ephemeral`, `action` and `//`
//!   comments cost nothing and are dropped. Any other top-level key, and a level that is
//!   neither an object nor an array of objects, is an error naming the key path.
//! - JSON strings are string templates (`"${var.n}"` is the value of `var.n`), except where
//!   Terraform reads them literally: variable defaults and descriptions, module `source` and
//!   `version`, provider `alias`. `type` is a type expression, `provider` and module `providers`
//!   values are references.
//! - Without a provider schema an object cannot be told apart from a nested block, so objects
//!   stay objects and arrays stay lists: [`crate::terraform::Value::blocks`] and
//!   `Value::path` treat a single object like a one-block list. `dynamic` is rewritten as
//!   dynamic blocks. `lifecycle`, `depends_on`, `provisioner` and `connection` cost nothing and
//!   are dropped.
//! - Locations: every line of a block's HCL text maps to the line of the block's label in the
//!   JSON file ([`Converted::lines`]), so `file:line` in warnings and instances points into the
//!   JSON. Malformed JSON is an error naming the JSON line and column.

use std::fmt::Write as _;

use serde_json::{Map, Value as Json};

/// A JSON syntax error: 1-based line and column in the `.tf.json` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The native HCL text equivalent to a `.tf.json` file.
pub(crate) fn to_hcl(text: &str) -> Result<Converted, JsonError> {
    let root: Json = serde_json::from_str(text).map_err(|e| JsonError {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Json::Object(root) = root else {
        return Err(JsonError {
            line: 1,
            column: 1,
            message: "a Terraform JSON file must hold one object".into(),
        });
    };
    let lines = KeyLines::scan(text);
    for (kind, value) in &root {
        let levels = match kind.as_str() {
            "resource" | "data" => 2,
            "module" | "provider" | "variable" | "output" => 1,
            "locals" => 0,
            k if k == "//" || super::config::IGNORED_BLOCKS.contains(&k) => continue,
            other => {
                return Err(JsonError {
                    line: lines.line(&[kind]).unwrap_or(1),
                    column: 1,
                    message: format!(
                        "unsupported block type `{other}`: Terraform does not accept it here"
                    ),
                });
            }
        };
        // A wrong shape would otherwise be skipped silently (`"resource": [1, 2, 3]` gave no
        // resources at all).
        if let Err((key, found)) = check_shape(value, levels, kind.clone()) {
            return Err(JsonError {
                line: lines.line(&[kind]).unwrap_or(1),
                column: 1,
                message: format!("`{key}` must be an object (or an array of objects), got {found}"),
            });
        }
    }
    // serde_json's map is sorted by key, so blocks are collected with their JSON line and
    // written in file order.
    let mut blocks: Vec<(Option<usize>, String)> = Vec::new();
    let mut block = |labels: &[&String], header: String, body: &dyn Fn(&mut String)| {
        let mut text = header;
        text.push_str(" {\n");
        body(&mut text);
        text.push_str("}\n");
        blocks.push((lines.line(labels), text));
    };
    for (kind, value) in &root {
        match kind.as_str() {
            "resource" | "data" => {
                for (rtype, by_name) in objects(value) {
                    for (name, body) in labeled(by_name) {
                        let header = format!("{kind} {} {}", quote(rtype), quote(name));
                        block(&[kind, rtype, name], header, &|out| resource_body(out, body));
                    }
                }
            }
            "module" => {
                for (name, body) in labeled(value) {
                    block(&[kind, name], format!("module {}", quote(name)), &|out| {
                        module_body(out, body);
                    });
                }
            }
            "provider" => {
                for (name, body) in labeled(value) {
                    block(&[kind, name], format!("provider {}", quote(name)), &|out| {
                        for (k, v) in body {
                            let expr = if k == "alias" { literal(v) } else { expression(v) };
                            attribute(out, k, &expr);
                        }
                    });
                }
            }
            "variable" => {
                for (name, body) in labeled(value) {
                    block(&[kind, name], format!("variable {}", quote(name)), &|out| {
                        for (k, v) in body {
                            match (k.as_str(), v) {
                                ("type", Json::String(t)) => attribute(out, k, t),
                                ("default" | "description" | "sensitive" | "nullable", _) => {
                                    attribute(out, k, &literal(v));
                                }
                                _ => {} // validation: skipped, as for native variables
                            }
                        }
                    });
                }
            }
            "output" => {
                for (name, body) in labeled(value) {
                    block(&[kind, name], format!("output {}", quote(name)), &|out| {
                        if let Some(v) = body.get("value") {
                            attribute(out, "value", &expression(v));
                        }
                    });
                }
            }
            "locals" => {
                for body in each_body(value) {
                    block(&[kind], "locals".into(), &|out| {
                        for (k, v) in body {
                            attribute(out, k, &expression(v));
                        }
                    });
                }
            }
            _ => {} // terraform, moved, import, check, removed, "//": nothing to cost
        }
    }
    blocks.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
    let mut hcl = String::new();
    let mut lines = Vec::new();
    for (line, text) in blocks {
        // Every line of a block is located at the block's label in the JSON file.
        lines.extend(std::iter::repeat_n(line.unwrap_or(1), text.matches('\n').count()));
        hcl.push_str(&text);
    }
    Ok(Converted { hcl, lines })
}

/// The HCL text of a JSON file, and for each of its lines the JSON line it comes from.
#[derive(Debug)]
pub(crate) struct Converted {
    pub hcl: String,
    pub lines: Vec<usize>,
}

/// The `(key, value)` pairs of an object; nothing for anything else.
fn objects(v: &Json) -> Vec<(&String, &Json)> {
    match v {
        Json::Object(m) => m.iter().filter(|(k, _)| k.as_str() != "//").collect(),
        // Terraform allows an array of objects at every label level.
        Json::Array(items) => items.iter().flat_map(objects).collect(),
        _ => Vec::new(),
    }
}

/// Checks that `v` is `levels` levels of labels over block bodies, each level an object or an
/// array of objects; on failure the key path (`resource.aws_x`) and what was found there.
fn check_shape(v: &Json, levels: usize, key: String) -> Result<(), (String, &'static str)> {
    match v {
        Json::Object(_) if levels == 0 => Ok(()),
        Json::Object(m) => {
            for (k, child) in m.iter().filter(|(k, _)| k.as_str() != "//") {
                check_shape(child, levels - 1, format!("{key}.{k}"))?;
            }
            Ok(())
        }
        Json::Array(items) => {
            for item in items {
                match item {
                    Json::Object(_) => check_shape(item, levels, key.clone())?,
                    other => return Err((key, json_kind(other, true))),
                }
            }
            Ok(())
        }
        other => Err((key, json_kind(other, false))),
    }
}

fn json_kind(v: &Json, in_array: bool) -> &'static str {
    match (v, in_array) {
        (Json::Null, false) => "null",
        (Json::Bool(_), false) => "a boolean",
        (Json::Number(_), false) => "a number",
        (Json::String(_), false) => "a string",
        (Json::Array(_), false) => "an array",
        (Json::Object(_), false) => "an object",
        (Json::Null, true) => "an array holding null",
        (Json::Bool(_), true) => "an array holding a boolean",
        (Json::Number(_), true) => "an array holding a number",
        (Json::String(_), true) => "an array holding a string",
        (Json::Array(_), true) => "an array holding an array",
        (Json::Object(_), true) => "an array holding an object",
    }
}

/// `label → body` pairs, a label holding one body (an object) or several (an array).
fn labeled(v: &Json) -> impl Iterator<Item = (&String, &Map<String, Json>)> {
    objects(v)
        .into_iter()
        .flat_map(|(name, bodies)| each_body(bodies).into_iter().map(move |b| (name, b)))
}

/// A block body given as an object, or several as an array of objects.
fn each_body(v: &Json) -> Vec<&Map<String, Json>> {
    match v {
        Json::Object(m) => vec![m],
        Json::Array(items) => items.iter().filter_map(Json::as_object).collect(),
        _ => Vec::new(),
    }
}

fn resource_body(out: &mut String, body: &Map<String, Json>) {
    for (k, v) in body {
        match k.as_str() {
            "//" | "lifecycle" | "depends_on" | "provisioner" | "connection" => {}
            "provider" => {
                if let Json::String(r) = v {
                    attribute(out, k, &reference(r));
                }
            }
            "dynamic" => dynamic_blocks(out, v),
            _ => attribute(out, k, &expression(v)),
        }
    }
}

fn module_body(out: &mut String, body: &Map<String, Json>) {
    for (k, v) in body {
        match k.as_str() {
            "//" | "depends_on" => {}
            "source" | "version" => attribute(out, k, &literal(v)),
            "providers" => {
                let pairs: Vec<String> = objects(v)
                    .into_iter()
                    .filter_map(|(name, r)| {
                        r.as_str().map(|r| format!("{} = {}", name, reference(r)))
                    })
                    .collect();
                attribute(out, k, &format!("{{ {} }}", pairs.join(", ")));
            }
            _ => attribute(out, k, &expression(v)),
        }
    }
}

/// `"dynamic": {"NAME": {"for_each": ..., "iterator": "x", "content": {...}}}`.
fn dynamic_blocks(out: &mut String, v: &Json) {
    for (name, bodies) in objects(v) {
        for body in each_body(bodies) {
            let _ = writeln!(out, "dynamic {} {{", quote(name));
            for (k, v) in body {
                match (k.as_str(), v) {
                    ("iterator", Json::String(it)) => attribute(out, k, &reference(it)),
                    ("content", Json::Object(content)) => {
                        out.push_str("content {\n");
                        resource_body(out, content);
                        out.push_str("}\n");
                    }
                    ("for_each" | "labels", _) => attribute(out, k, &expression(v)),
                    _ => {}
                }
            }
            out.push_str("}\n");
        }
    }
}

fn attribute(out: &mut String, key: &str, expr: &str) {
    // Keys that are not identifiers cannot be attributes (Terraform rejects them too).
    let ident = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ident {
        let _ = writeln!(out, "{key} = {expr}");
    }
}

/// A JSON value as an HCL expression: strings are templates.
fn expression(v: &Json) -> String {
    value(v, true)
}

/// A JSON value as an HCL literal: strings are taken as they are.
fn literal(v: &Json) -> String {
    value(v, false)
}

fn value(v: &Json, templates: bool) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) if templates => template(s),
        Json::String(s) => quote(s),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(|i| value(i, templates)).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "//")
                .map(|(k, v)| format!("{} = {}", quote(k), value(v, templates)))
                .collect();
            format!("{{ {} }}", pairs.join(", "))
        }
    }
}

/// A reference written as a string (`"aws.west"`): used as is when it looks like one.
fn reference(r: &str) -> String {
    let ok = !r.is_empty()
        && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok { r.to_string() } else { quote(r) }
}

/// A literal string: escaped, with `${` and `%{` made literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '$' | '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// A template string: the literal parts escaped, `${...}` and `%{...}` kept as HCL.
fn template(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = matches!(c, '$' | '%') && chars.get(i + 1) == Some(&'{');
        let escaped = opens && i > 0 && chars[i - 1] == c; // `$${` is a literal `${`
        if opens && !escaped {
            let end = interpolation_end(&chars, i + 2);
            for &ch in &chars[i..end] {
                // Newlines inside an expression are only whitespace there.
                out.push(if ch == '\n' || ch == '\r' { ' ' } else { ch });
            }
            i = end;
            continue;
        }
        push_escaped(&mut out, c);
        i += 1;
    }
    out.push('"');
    out
}

/// Index just past the `}` closing an interpolation whose body starts at `start` (nested
/// braces and quoted strings inside it skipped); the end of the text when it is not closed.
fn interpolation_end(chars: &[char], start: usize) -> usize {
    let mut depth = 1;
    let mut i = start;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            match c {
                '\\' => i += 1,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    chars.len()
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// The line of every object key up to three levels deep (`resource` → type → name), found by
/// scanning the JSON text (serde_json keeps no positions).
struct KeyLines {
    keys: Vec<(Vec<String>, usize)>,
}

impl KeyLines {
    fn scan(text: &str) -> Self {
        let mut keys = Vec::new();
        // For each open container: the key path before it was opened, and whether it is an
        // object (whose members start with keys) rather than an array.
        let mut stack: Vec<(Vec<String>, bool)> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        let mut pending: Option<String> = None;
        let mut expect_key = false;
        let mut line = 1;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\n' => line += 1,
                '"' => {
                    let mut s = String::new();
                    while let Some(ch) = chars.next() {
                        match ch {
                            '\\' => {
                                if let Some(esc) = chars.next() {
                                    s.push(esc);
                                }
                            }
                            '"' => break,
                            _ => s.push(ch),
                        }
                    }
                    if expect_key {
                        if path.len() < 3 {
                            let mut p = path.clone();
                            p.push(s.clone());
                            keys.push((p, line));
                        }
                        pending = Some(s);
                        expect_key = false;
                    }
                }
                '{' | '[' => {
                    stack.push((path.clone(), c == '{'));
                    if let Some(k) = pending.take() {
                        path.push(k);
                    }
                    expect_key = c == '{';
                }
                '}' | ']' => {
                    pending = None;
                    if let Some((saved, _)) = stack.pop() {
                        path = saved;
                    }
                    expect_key = false;
                }
                ',' => {
                    pending = None;
                    expect_key = stack.last().is_some_and(|(_, object)| *object);
                }
                _ => {}
            }
        }
        Self { keys }
    }

    fn line(&self, path: &[&String]) -> Option<usize> {
        self.keys
            .iter()
            .find(|(p, _)| p.len() == path.len() && p.iter().zip(path).all(|(a, b)| a == *b))
            .map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_keep_interpolations_and_escape_the_rest() {
        assert_eq!(template("${var.n}"), r#""${var.n}""#);
        assert_eq!(
            template(r#"a "b" ${lookup(var.m, "k")}"#),
            r#""a \"b\" ${lookup(var.m, "k")}""#
        );
        assert_eq!(
            template("$${literal} %{if true}x%{endif}"),
            r#""$${literal} %{if true}x%{endif}""#
        );
        assert_eq!(quote("${not}"), r#""$${not}""#);
        assert_eq!(quote("line\nnext"), r#""line\nnext""#);
    }

    #[test]
    fn every_line_maps_to_the_label_of_its_block() {
        let text = r#"{
  "resource": {
    "aws_nat_gateway": {
      "a": {
        "allocation_id": "x",
        "subnet_id": "y"
      }
    }
  },
  "provider": {"aws": {"region": "us-east-1"}}
}"#;
        let c = to_hcl(text).expect("converts");
        let line_of = |needle: &str| {
            let i = c.hcl.lines().position(|l| l.contains(needle)).expect("generated");
            c.lines[i]
        };
        assert_eq!(line_of("resource \"aws_nat_gateway\" \"a\""), 4);
        assert_eq!(line_of("subnet_id"), 4);
        assert_eq!(line_of("provider \"aws\""), 10);
        assert_eq!(c.lines.len(), c.hcl.lines().count());
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let e = to_hcl("{\n  \"resource\": {,\n}").expect_err("malformed");
        assert_eq!(e.line, 2);
        assert!(e.column > 0);
        assert!(to_hcl("[1, 2]").is_err());
    }
}
