//! A diff compares like with like (issue 21): the estimate JSON records the inputs (scenario,
//! requests, usage file, free tier, region, workspace, price dates), and a base saved with
//! `--scenario credlink-100k` diffed against a change run with `--requests 100k` warns in
//! every format instead of printing a silent delta.

use std::path::Path;

use costplan::diff::Diff;
use costplan::model::Report;

use super::common::{CREDLINK, costplan, tempdir};

fn prod() -> String {
    Path::new(CREDLINK).join("environments/prod.tfvars").display().to_string()
}

#[test]
fn a_base_with_another_traffic_model_is_a_warning_in_every_format() {
    let tmp = tempdir();
    let saved = tmp.path().join("prod.json");
    let out = format!("json={}", saved.display());
    let var_file = prod();
    let est = costplan(
        &[
            "estimate",
            "--path",
            CREDLINK,
            "--scenario",
            "credlink-100k",
            "--var-file",
            &var_file,
            "--workspace",
            "prod",
            "--out",
            &out,
        ],
        None,
        &[],
    );
    assert_eq!(est.code, 0, "{}", est.stderr);
    let report =
        Report::from_json(&std::fs::read_to_string(&saved).expect("saved")).expect("a report");
    assert_eq!(report.inputs.scenario.as_deref(), Some("credlink-100k"));
    assert_eq!(report.inputs.workspace.as_deref(), Some("prod"));
    assert!(!report.pricing_sources.is_empty(), "price dates are recorded");

    let base = saved.display().to_string();
    let run = |format: &str| {
        let r = costplan(
            &[
                "diff",
                "--base",
                &base,
                "--path",
                CREDLINK,
                "--requests",
                "100k",
                "--var-file",
                &var_file,
                "--format",
                format,
            ],
            None,
            &[],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let expected = [
        ("scenario", "credlink-100k", "none"),
        ("requests", "none", "100k"),
        ("workspace", "prod", "default"),
    ];

    let d = Diff::from_json(&run("json")).expect("diff JSON");
    let rows: Vec<(&str, &str, &str)> = d
        .input_differences
        .iter()
        .map(|i| (i.input.as_str(), i.prior.as_str(), i.proposed.as_str()))
        .collect();
    assert_eq!(rows, expected);

    let text = run("diff");
    let lines: Vec<&str> = text.lines().skip(2).take(4).collect();
    assert_eq!(
        lines,
        [
            "  ⚠ base and change were estimated with different inputs: the delta mixes the change with a change of assumptions:",
            "    - scenario: credlink-100k → none",
            "    - requests: none → 100k",
            "    - workspace: prod → default",
        ],
        "{text}"
    );

    let md = run("markdown");
    let head: Vec<&str> = md.lines().skip(3).take(4).collect();
    assert_eq!(
        head,
        [
            "> [!WARNING]",
            "> **Not like with like:** base and change were estimated with different inputs: the delta mixes the change with a change of assumptions:",
            "> - scenario: credlink-100k → none",
            "> - requests: none → 100k",
        ],
        "{md}"
    );
    let gh: serde_json::Value = serde_json::from_str(&run("github-comment")).expect("JSON");
    assert_eq!(gh["body"].as_str(), Some(md.as_str()));
}

#[test]
fn a_live_diff_with_the_same_flags_has_no_input_difference() {
    let var_file = prod();
    let r = costplan(
        &[
            "diff",
            "--base",
            CREDLINK,
            "--path",
            CREDLINK,
            "--scenario",
            "credlink-100k",
            "--var-file",
            &var_file,
            "--format",
            "json",
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = Diff::from_json(&r.stdout).expect("diff JSON");
    assert!(d.input_differences.is_empty(), "{:?}", d.input_differences);
    assert!(!r.stdout.contains("input_differences"), "{}", r.stdout);
}
