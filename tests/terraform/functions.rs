//! Conformance table of Terraform's built-in functions: every case in
//! `tests/fixtures/terraform/functions/cases.txt` (a call, and Terraform's result, error or
//! unknown) evaluated by costplan; the expectations were checked against `terraform console`
//! (`scripts/check-functions-with-terraform.py`, run locally, never in CI).
//!
//! Format of the table, one case a line:
//! - `[name]` starts the cases of the function `name`;
//! - `CALL ==> EXPECTED` where both sides are HCL expressions; `EXPECTED` may also be
//!   `error: TEXT` (the call fails with a message containing `TEXT`) or mention `unknown`, the
//!   lexical variable bound to a value known only after apply (`upper(unknown) ==> unknown`);
//! - `#` starts a comment line, ` ## ` a note at the end of a case.

use std::collections::BTreeMap;
use std::path::PathBuf;

use costplan::terraform::Value;
use costplan::terraform::console::eval_expression;
use costplan::terraform::functions::is_supported;

/// Functions the evaluator implements itself, outside [`is_supported`].
const EVALUATOR_FUNCTIONS: &[&str] = &["can", "templatefile", "try"];

/// Every built-in function of Terraform 1.11 (developer.hashicorp.com/terraform/language/functions).
const TERRAFORM_FUNCTIONS: &[&str] = &[
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "bcrypt",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "ephemeralasnull",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatdate",
    "formatlist",
    "indent",
    "index",
    "issensitive",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pathexpand",
    "plantimestamp",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "rsadecrypt",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "templatestring",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "type",
    "upper",
    "urlencode",
    "uuid",
    "uuidv5",
    "values",
    "yamldecode",
    "yamlencode",
    "zipmap",
];

/// Fewest cases a function implemented by costplan must have in the table.
const MIN_CASES: usize = 3;

struct Case {
    line: usize,
    function: String,
    call: String,
    expected: String,
}

fn dir() -> PathBuf {
    crate::common::fixture("functions")
}

fn cases() -> Vec<Case> {
    let path = dir().join("cases.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut function = String::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            function = name.to_string();
            continue;
        }
        // ` ## ` starts a note (`## since Terraform 1.12`).
        let line = line.split_once(" ## ").map_or(line, |(case, _)| case);
        let (call, expected) = line.split_once(" ==> ").unwrap_or_else(|| {
            panic!("cases.txt:{}: expected `CALL ==> EXPECTED`, got `{line}`", i + 1)
        });
        assert!(!function.is_empty(), "cases.txt:{}: a case before any [function]", i + 1);
        out.push(Case {
            line: i + 1,
            function: function.clone(),
            call: call.trim().to_string(),
            expected: expected.trim().to_string(),
        });
    }
    out
}

fn eval(expr: &str) -> Result<Value, String> {
    let vars = vec![("unknown".to_string(), Value::Unknown)];
    let e = eval_expression(expr, &dir(), vars)?;
    match e.warnings.first() {
        Some(w) => Err(format!("warning {}: {}", w.code, w.message)),
        None => Ok(e.value),
    }
}

/// What is wrong with one case, or `None` when costplan agrees with the table.
fn check(case: &Case) -> Option<String> {
    let got = eval(&case.call);
    if let Some(text) = case.expected.strip_prefix("error:") {
        let text = text.trim();
        return match got {
            Err(m) if m.contains(text) => None,
            Err(m) => Some(format!("error `{m}` does not contain `{text}`")),
            Ok(v) => Some(format!("expected an error containing `{text}`, got `{v}`")),
        };
    }
    let want = match eval(&case.expected) {
        Ok(v) => v,
        Err(m) => return Some(format!("the expected value does not evaluate: {m}")),
    };
    match got {
        Ok(v) if v == want => None,
        Ok(v) => Some(format!("expected `{want}`, got `{v}`")),
        Err(m) => Some(format!("expected `{want}`, got error `{m}`")),
    }
}

#[test]
fn every_case_of_the_conformance_table_agrees_with_terraform() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            check(c).map(|why| format!("cases.txt:{}: [{}] {}: {why}", c.line, c.function, c.call))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_implemented_function_has_cases_and_every_case_calls_its_function() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let cases = cases();
    for c in &cases {
        assert!(
            TERRAFORM_FUNCTIONS.contains(&c.function.as_str()),
            "cases.txt:{}: `{}` is not a Terraform function",
            c.line,
            c.function
        );
        assert!(
            c.call.contains(&format!("{}(", c.function)),
            "cases.txt:{}: a case of [{}] must call it: {}",
            c.line,
            c.function,
            c.call
        );
        *counts.entry(c.function.as_str()).or_default() += 1;
    }
    let thin: Vec<String> = TERRAFORM_FUNCTIONS
        .iter()
        .filter(|f| is_supported(f) || EVALUATOR_FUNCTIONS.contains(f))
        .filter(|f| counts.get(*f).copied().unwrap_or(0) < MIN_CASES)
        .map(|f| format!("{f} ({})", counts.get(f).copied().unwrap_or(0)))
        .collect();
    assert!(thin.is_empty(), "functions with fewer than {MIN_CASES} cases: {}", thin.join(", "));
}

#[test]
fn a_function_costplan_does_not_implement_is_a_warning_and_unknown() {
    let e = eval_expression("templatestring(\"x\", {})", &dir(), Vec::new()).unwrap();
    assert_eq!(e.value, Value::Unknown);
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(e.warnings[0].code, "unsupported-function");
}

#[test]
fn an_expression_that_is_not_hcl_or_refers_to_configuration_is_an_error() {
    let bad = eval_expression("upper(", &dir(), Vec::new()).unwrap_err();
    assert!(bad.contains("not a valid HCL expression"), "{bad}");
    let reference = eval_expression("var.x", &dir(), Vec::new()).unwrap_err();
    assert!(reference.contains("references are not allowed"), "{reference}");
}
