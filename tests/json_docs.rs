//! Every field a JSON output serialises is documented: for each serialised type of the estimate
//! report, the diff, `actuals`, `compare` and `report`, the field names (after serde renames;
//! `flatten`ed and `skip`ped fields left out) are read from the source and looked for in the
//! output's doc, written in backticks (`` `field` ``, or inside a backticked group such as
//! `` `{prior, proposed, delta}` ``). A field added without a line of documentation fails here.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;

/// Each JSON output: its doc, and the source files of the types it serialises.
const OUTPUTS: &[(&str, &[&str])] = &[
    // The price query of a component; the other types of those folders (`Location`,
    // `UsageSource`) share files with types that are never serialised into a report.
    ("docs/report-schema.md", &["src/model.rs", "src/advice.rs", "src/pricing/query.rs"]),
    ("docs/diff.md", &["src/diff/model.rs"]),
    (
        "docs/actuals.md",
        &[
            "src/actuals/aggregate.rs",
            "src/actuals/query.rs",
            "src/actuals/line.rs",
            "src/actuals/reconcile.rs",
        ],
    ),
    ("docs/report.md", &["src/report/model.rs"]),
];

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn regex(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|e| panic!("{re}: {e}"))
}

/// The text between the `{` at `open` and its matching `}`.
fn braced(src: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in src[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after byte {open}");
}

/// Serialised field names of a struct body (or a struct variant's): `pub name: T` or
/// `name: T` lines, renamed by `#[serde(rename = "…")]`, without `flatten` and `skip`.
fn body_fields(body: &str) -> Vec<String> {
    let field = regex(r"^(?:pub(?:\([^)]*\))?\s+)?([a-z_][a-z0-9_]*)\s*:");
    let rename = regex(r#"rename\s*=\s*"([^"]+)""#);
    let skip = regex(r"\bskip\b\s*[,)]");
    let mut fields = Vec::new();
    let mut attrs = String::new();
    // Attributes whole, declarations split at commas too (`Fields { first: String, second: u32 }`).
    let parts = body.lines().map(str::trim).flat_map(|line| {
        if line.starts_with("#[") || line.starts_with("//") {
            vec![line]
        } else {
            line.split(',').map(str::trim).collect()
        }
    });
    for line in parts {
        if line.starts_with("#[") {
            attrs.push_str(line);
        } else if let Some(c) = field.captures(line) {
            let name = rename.captures(&attrs).map_or(c[1].to_string(), |r| r[1].to_string());
            if !attrs.contains("flatten") && !skip.is_match(&attrs) {
                fields.push(name);
            }
            attrs.clear();
        } else if !line.starts_with("//") {
            attrs.clear();
        }
    }
    fields
}

/// `(type, field)` of every type deriving `Serialize` in `src`.
fn serialised_fields(src: &str) -> Vec<(String, String)> {
    let derive = regex(r"#\[derive\([^)]*\bSerialize\b[^)]*\)\]");
    let item = regex(r"pub(?:\([^)]*\))?\s+(struct|enum)\s+(\w+)[^{;(]*\{");
    let variant = regex(r"(\w+)\s*\{");
    let mut out = Vec::new();
    for d in derive.find_iter(src) {
        let rest = &src[d.end()..];
        let Some(m) = item.captures(rest) else { continue };
        let whole = m.get(0).map_or(0..0, |g| g.range());
        // The derive belongs to the next item only when nothing else is declared in between.
        if regex(r"\b(fn|struct|enum|impl)\b").is_match(&rest[..whole.start]) {
            continue;
        }
        let body = braced(rest, whole.end - 1);
        if &m[1] == "struct" {
            out.extend(body_fields(body).into_iter().map(|f| (m[2].to_string(), f)));
        } else {
            let mut at = 0;
            while let Some(v) = variant.captures(&body[at..]) {
                let open = at + v.get(0).map_or(0, |g| g.end()) - 1;
                let inner = braced(body, open);
                let ty = format!("{}::{}", &m[2], &v[1]);
                out.extend(body_fields(inner).into_iter().map(|f| (ty.clone(), f)));
                at = open + inner.len() + 2;
            }
        }
    }
    out
}

/// Every word written inside backticks in the doc (code fences count as backticked text, their
/// markers are dropped so that the inline spans pair up).
fn documented(doc: &str) -> BTreeSet<String> {
    let word = regex(r"[A-Za-z_][A-Za-z0-9_]*");
    let doc = doc.replace("```", "");
    regex(r"`[^`]+`")
        .find_iter(&doc)
        .flat_map(|span| word.find_iter(span.as_str()).map(|w| w.as_str().to_string()))
        .collect()
}

#[test]
fn every_serialised_field_is_documented() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for (doc, sources) in OUTPUTS {
        let words = documented(&read(doc));
        for source in *sources {
            for (ty, field) in serialised_fields(&read(source)) {
                checked += 1;
                if !words.contains(&field) {
                    missing.push(format!("{doc}: `{field}` of {ty} ({source})"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "fields not documented:\n{}", missing.join("\n"));
    // The scan found the types at all: the report alone has more than 60 fields.
    assert!(checked > 200, "only {checked} fields found: is the scan broken?");
}

#[test]
fn the_scan_finds_renamed_and_variant_fields_and_leaves_out_skipped_ones() {
    let src = r#"
#[derive(Debug, Serialize)]
pub struct A {
    pub plain: u32,
    #[serde(rename = "other_name")]
    pub renamed: u32,
    #[serde(skip)]
    pub hidden: u32,
    #[serde(flatten)]
    pub inner: B,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<u32>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind")]
pub enum E {
    Unit,
    Fields { first: String, second: u32 },
}
"#;
    let found: Vec<String> =
        serialised_fields(src).into_iter().map(|(t, f)| format!("{t}.{f}")).collect();
    let expected = ["A.plain", "A.other_name", "A.optional", "E::Fields.first", "E::Fields.second"];
    assert_eq!(found, expected);
}
