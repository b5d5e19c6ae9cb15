//! Unknowns are part of every delta (issue 21): a change that adds a resource costplan does not
//! price, or moves a component to a price that is not found, never reads "will not change" or
//! "holds"; the headline, the comment's first lines and the JSON say what the known delta
//! bounds, and guardrails follow `--on-unknown`, counting each side's unknowns on its own.

use std::path::{Path, PathBuf};

use costplan::diff::model::{DeltaBound, GuardrailStatus};
use costplan::diff::{self, Budget, Guardrails, IncreaseLimit, OnUnknown};
use rust_decimal_macros::dec;

use super::common::{CREDLINK, Run, copy_tree, costplan, estimate, root, tempdir, write};

/// credlink with an `aws_kinesis_stream` (a type costplan does not price yet) in `extra.tf`.
fn with_queue(tmp: &Path) -> PathBuf {
    let copy = tmp.join("credlink");
    copy_tree(&root().join(CREDLINK), &copy);
    write(
        &copy.join("extra.tf"),
        "resource \"aws_kinesis_stream\" \"web\" {\n  name        = \"web\"\n  shard_count = 1\n}\n",
    );
    copy
}

fn prod(dir: &Path) -> String {
    dir.join("environments/prod.tfvars").display().to_string()
}

fn run_diff(base: &str, path: &Path, extra: &[&str]) -> Run {
    let path_s = path.display().to_string();
    let var_file = prod(path);
    let mut args = vec![
        "diff",
        "--base",
        base,
        "--path",
        &path_s,
        "--scenario",
        "credlink-100k",
        "--var-file",
        &var_file,
    ];
    args.extend(extra);
    costplan(&args, None, &[])
}

#[test]
fn an_unpriced_resource_added_is_an_unknown_in_every_format() {
    let tmp = tempdir();
    let copy = with_queue(tmp.path());
    // The one change adds a resource costplan cannot price: the known delta is $0.00, the real
    // one is $0.00 or more.
    let gh = run_diff(CREDLINK, &copy, &["--format", "github-comment", "--fail-on-increase", "10"]);
    assert_eq!(gh.code, 0, "{}", gh.stderr);
    let body: serde_json::Value = serde_json::from_str(&gh.stdout).expect("github-comment is JSON");
    let body = body["body"].as_str().unwrap_or_default();
    assert!(!body.contains("will not change"), "{body}");
    assert!(!body.contains("holds"), "{body}");
    let first: Vec<&str> = body.lines().take(6).collect();
    assert_eq!(
        first,
        [
            "<!-- costplan-comment -->",
            "## 💰 costplan: Monthly cost change not known: at least $0.00 (0%); 1 new cost unknown",
            "",
            "> [!WARNING]",
            "> **The delta counts known costs only.** Not known (1 new cost unknown):",
            "> - aws\\_kinesis\\_stream.web (aws\\_kinesis\\_stream): not supported by costplan, added",
        ],
        "{body}"
    );
    assert!(body.contains("**Guardrail not proven (fail-on-increase):**"), "{body}");
    assert!(
        gh.stderr.contains("costplan: guardrail fail-on-increase not proven:"),
        "{}",
        gh.stderr
    );

    let text = run_diff(CREDLINK, &copy, &["--format", "diff"]);
    assert_eq!(
        text.stdout.lines().next(),
        Some("Monthly cost change not known: at least $0.00 (0%); 1 new cost unknown"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(
            "    - aws_kinesis_stream.web (aws_kinesis_stream): not supported by costplan, added"
        ),
        "{}",
        text.stdout
    );

    let json = run_diff(CREDLINK, &copy, &["--format", "json"]);
    let d = diff::Diff::from_json(&json.stdout).expect("diff JSON");
    assert_eq!(d.delta_monthly_cost, dec!(0));
    assert_eq!(d.delta_bound, DeltaBound::AtLeast);
    assert_eq!(d.unknowns.not_supported_added, ["aws_kinesis_stream.web"]);
    assert_eq!(d.unknowns.unknown_costs_added, 0);
    assert_eq!((d.summary.prior_not_supported, d.summary.proposed_not_supported), (0, 1));
}

#[test]
fn on_unknown_fails_warns_or_ignores_a_guardrail_unknowns_could_trip() {
    let tmp = tempdir();
    let copy = with_queue(tmp.path());
    let fail = run_diff(CREDLINK, &copy, &["--fail-on-increase", "10", "--on-unknown", "fail"]);
    assert_eq!(fail.code, 3, "{}", fail.stderr);
    assert_eq!(fail.stderr.lines().count(), 1, "{}", fail.stderr);
    assert!(fail.stderr.contains("guardrail fail-on-increase tripped: monthly cost changes by at least $0.00 (0%), within the allowed increase of $10.00"), "{}", fail.stderr);
    assert!(
        fail.stderr.contains(
            "1 cost not known in the change could take it over the limit (--on-unknown fail)"
        ),
        "{}",
        fail.stderr
    );

    let warn = run_diff(CREDLINK, &copy, &["--fail-on-increase", "10"]);
    assert_eq!(warn.code, 0, "{}", warn.stderr);
    assert!(
        warn.stdout.contains("? guardrail not proven (fail-on-increase $10.00)"),
        "{}",
        warn.stdout
    );

    let ignore = run_diff(CREDLINK, &copy, &["--fail-on-increase", "10", "--on-unknown", "ignore"]);
    assert_eq!(ignore.code, 0, "{}", ignore.stderr);
    assert!(ignore.stderr.is_empty(), "{}", ignore.stderr);
    assert!(ignore.stdout.contains("✓ guardrail (fail-on-increase $10.00)"), "{}", ignore.stdout);
    // Even ignored, the headline keeps the bound.
    assert!(
        ignore.stdout.starts_with("Monthly cost change not known: at least"),
        "{}",
        ignore.stdout
    );
}

#[test]
fn removing_an_unpriced_resource_bounds_the_delta_from_above() {
    let tmp = tempdir();
    let copy = with_queue(tmp.path());
    let base = copy.display().to_string();
    let run = run_diff(&base, &root().join(CREDLINK), &["--format", "diff"]);
    assert_eq!(
        run.stdout.lines().next(),
        Some("Monthly cost change not known: at most $0.00 (0%); 1 unknown cost removed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("not supported by costplan, removed"), "{}", run.stdout);
}

#[test]
fn a_class_without_a_price_is_a_lower_bound_not_a_decrease() {
    let tmp = tempdir();
    let copy = tmp.path().join("credlink");
    copy_tree(&root().join(CREDLINK), &copy);
    let file = copy.join("environments/prod.tfvars");
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replace(
        r#"db_instance_class        = "db.t3.micro""#,
        r#"db_instance_class        = "db.z9.nano""#,
    );
    assert_ne!(edited, text);
    std::fs::write(&file, edited).expect("write");

    let base = root().join(CREDLINK);
    let prior = estimate(&base, &[base.join("environments/prod.tfvars")]);
    let proposed = estimate(&copy, &[copy.join("environments/prod.tfvars")]);
    let d = diff::diff(&prior, &proposed);
    // The Multi-AZ db.t3.micro line leaves the known costs: Multi-AZ is twice the Single-AZ
    // $0.018/hour (RDS for PostgreSQL on-demand, us-east-1, reference/aws-list-prices.csv),
    // $0.036 × 730 hours = $26.28; the new class's cost is not known. -26.28 / 203.06 (the
    // README's prod total) = -12.94%.
    assert_eq!(d.delta_monthly_cost, dec!(-26.28));
    assert_eq!(d.delta_bound, DeltaBound::AtLeast);
    assert_eq!(d.unknowns.unknown_costs_added, 1);
    let head = diff::DiffFormat::Diff.render(&d);
    assert_eq!(
        head.lines().next(),
        Some("Monthly cost change not known: at least -$26.28 (-12.94%); 1 new cost unknown"),
        "{head}"
    );
    assert!(head.contains("price not found, new"), "{head}");
    let md = diff::DiffFormat::Markdown.render(&d);
    assert!(!md.contains("will decrease"), "{md}");
}

#[test]
fn guardrails_count_unknowns_per_side() {
    let tmp = tempdir();
    let copy = with_queue(tmp.path());
    let base = root().join(CREDLINK);
    let prior = estimate(&base, &[base.join("environments/prod.tfvars")]);
    let proposed = estimate(&copy, &[copy.join("environments/prod.tfvars")]);
    let mut d = diff::diff(&prior, &proposed);
    // credlink has two usage-unknown components (Container Insights) on each side; the
    // change adds one resource costplan does not price.
    assert_eq!((d.summary.prior_unknown_costs, d.summary.proposed_unknown_costs), (2, 2));
    Guardrails {
        fail_on_increase: Some(IncreaseLimit::Amount(dec!(10))),
        budget: Some(Budget(dec!(1000))),
        on_unknown: OnUnknown::Warn,
    }
    .apply(&mut d);
    for g in &d.guardrails {
        assert!(
            g.message.contains("not known: 3 costs in the change, 2 costs in the base"),
            "{}",
            g.message
        );
        assert!(!g.message.contains("5 cost"), "{}", g.message);
        assert_eq!(g.status, GuardrailStatus::NotProven, "{}", g.message);
        assert!(!g.tripped);
    }
}
