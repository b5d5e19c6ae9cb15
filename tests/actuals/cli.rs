//! The `costplan actuals` command line: usage errors and a file source end to end.

use assert_cmd::Command;

fn costplan() -> Command {
    Command::cargo_bin("costplan").unwrap()
}

#[test]
fn a_period_is_required() {
    let out = costplan().args(["actuals", "--from", "cur", "x.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--month"), "{err}");
}

#[test]
fn bad_group_by_and_filter_are_explained() {
    let out = costplan()
        .args(["actuals", "--from", "cur", "x.csv", "--month", "2026-10", "--group-by", "colour"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown group-by `colour`"));
    let out = costplan()
        .args(["actuals", "--from", "cur", "x.csv", "--month", "2026-13"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("`2026-13` is not a month"));
}

#[cfg(not(feature = "polars"))]
#[test]
fn without_polars_file_sources_say_so() {
    let out = costplan()
        .args(["actuals", "--from", "cur", "x.csv", "--month", "2026-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("built without the `polars` feature"));
}

#[cfg(feature = "polars")]
#[test]
fn cur_csv_end_to_end_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    super::fixtures::write_cur2_csv(&p, super::fixtures::CUR2_COLUMNS);
    let run = |format: &str| {
        let out = costplan()
            .args(["actuals", "--from", "cur", p.to_str().unwrap(), "--month", "2026-10"])
            .args([
                "--group-by",
                "service,usage-type",
                "--basis",
                "amortized",
                "--format",
                format,
                "--quiet",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let tmp = regex::escape(&dir.path().display().to_string());
    insta::with_settings!({filters => vec![(tmp.as_str(), "[TMP]")]}, {
        insta::assert_snapshot!("cli_cur_table", run("table"));
        insta::assert_snapshot!("cli_cur_csv", run("csv"));
    });
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["totals"]["USD"], "55.54");
}

#[test]
fn compare_names_a_missing_estimate_file() {
    let out = costplan()
        .args(["compare", "--estimate", "/nonexistent/est.json", "--from", "cur", "x.csv"])
        .args(["--month", "2026-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read the estimate `/nonexistent/est.json`"), "{err}");
}
