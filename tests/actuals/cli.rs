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
    super::fixtures::write_cur2_csv(&p, &super::fixtures::cur2_columns());
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
    assert!(err.contains("reading the estimate: cannot read `/nonexistent/est.json`"), "{err}");
}

/// `report` flags are checked before anything is read (the data path does not exist).
fn report_err(extra: &[&str]) -> (Option<i32>, String) {
    let out = costplan()
        .args(["report", "--path", "/nonexistent/tf", "--from", "cur", "/nonexistent/billing"])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn report_budget_must_be_a_number() {
    let (code, err) = report_err(&["--month", "2026-10", "--budget", "lots"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`lots` is not a number: give the monthly budget"), "{err}");
    let (code, err) = report_err(&["--month", "2026-10", "--budget=-5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`-5` is negative"), "{err}");
}

#[test]
fn report_month_must_be_a_month() {
    for bad in ["2026-13", "October", "2026/10"] {
        let (code, err) = report_err(&["--month", bad]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("must look like YYYY-MM") || err.contains("is not a month"), "{err}");
        assert!(!err.contains("/nonexistent"), "failed before reading: {err}");
    }
    let (code, err) = report_err(&[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--month YYYY-MM"), "{err}");
    let (code, err) = report_err(&["--month", "2026-10", "--previous", "last"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("--previous `last` is not a month"), "{err}");
}

#[test]
fn report_outs_are_checked_first() {
    let (code, err) = report_err(&["--month", "2026-10", "--out", "pdf=r.pdf"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("unknown format `pdf`"), "{err}");
    let (code, err) = report_err(&["--month", "2026-10", "--out", "html=r.x", "--out", "csv=r.x"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--out html=r.x and --out csv=r.x write the same file"), "{err}");
}

/// `costplan report` shares `--out FORMAT=FILE` with `estimate`, `render` and `diff`: the same
/// messages, and bad values fail before anything is read (no Terraform directory, no billing
/// data exist here).
#[test]
fn report_bad_outs_are_refused_before_anything_is_read() {
    let run = |outs: &[&str]| {
        let mut args = vec!["report", "--month", "2026-10", "--path", "no-such-dir"];
        args.extend(["--from", "cur", "--actuals", "no-such-billing"]);
        for o in outs {
            args.extend(["--out", o]);
        }
        let out = costplan().args(&args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    // Usage errors (exit 2), from the clap value parser.
    let (code, err) = run(&["report.html"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`report.html` must look like FORMAT=FILE, e.g. html=report.html"),
        "{err}"
    );
    let (code, err) = run(&["pdf=r.pdf"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("unknown format `pdf` (expected one of markdown, html, csv, json)"),
        "{err}"
    );
    let (code, err) = run(&["html="]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`html=` has no file name after `=`"), "{err}");
    // One file twice, spelt differently.
    let (code, err) = run(&["html=r.out", "csv=./r.out"]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "error: --out html=r.out and --out csv=./r.out write the same file: give each format its own file\n"
    );
}

/// A bill in two currencies: `actuals` totals each currency apart (never one sum), while
/// `compare` and `report`, which put the bill beside a USD estimate, refuse with the currencies
/// named and what to do.
#[cfg(feature = "polars")]
#[test]
fn mixed_currencies_are_totalled_apart_and_refused_beside_an_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let usd = dir.path().join("usd.csv");
    super::fixtures::write_cur2_csv(&usd, &super::fixtures::cur2_columns());
    // The EC2 lines (NAT gateway, its credit and the tax) billed in EUR.
    let mut reader = csv::Reader::from_path(&usd).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (product, currency) = (at("line_item_product_code"), at("line_item_currency_code"));
    let p = dir.path().join("cur.csv");
    let mut writer = csv::Writer::from_path(&p).unwrap();
    writer.write_record(&header).unwrap();
    let mut eur_rows = 0;
    for record in reader.records() {
        let mut fields: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if fields[product] == "AmazonEC2" {
            fields[currency] = "EUR".into();
            eur_rows += 1;
        }
        writer.write_record(&fields).unwrap();
    }
    writer.flush().unwrap();
    assert_eq!(eur_rows, 3);
    let path = p.to_str().unwrap();

    let out = costplan()
        .args(["actuals", "--from", "cur", path, "--month", "2026-10", "--format", "json"])
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Invoice basis, credits excluded: ECS 10 + 5 − 5, RDS 0 + 4; NAT 35.04 + tax 2.5.
    assert_eq!(json["totals"]["USD"], "14", "{json}");
    assert_eq!(json["totals"]["EUR"], "37.54", "{json}");
    let out = costplan()
        .args(["actuals", "--from", "cur", path, "--month", "2026-10", "--quiet"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("Total: 14.00 USD") && table.contains("Total: 37.54 EUR"), "{table}");

    for command in ["compare", "report"] {
        let out = costplan()
            .args([command, "--path", "examples/credlink", "--from", "cur", path])
            .args(["--month", "2026-10", "--quiet"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(err.contains("several currencies (EUR, USD)"), "{command}: {err}");
        assert!(err.contains("filter the data to one currency"), "{command}: {err}");
        assert!(
            out.stdout.is_empty(),
            "{command} printed a result: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// `report --from cost-explorer` works although Cost Explorer groups by at most two keys: the
/// month is asked by service and usage type, by the two allocation tags, and by usage type and
/// line type, plus the days and the previous month; no request groups by more than two keys,
/// and the one note counts every request and its price. A local server answers as Cost
/// Explorer would for each grouping.
#[test]
fn report_from_cost_explorer_splits_its_groupings() {
    use std::sync::{Arc, Mutex};

    let seen: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let log = Arc::clone(&seen);
    let url = crate::http::serve(move |req: crate::http::Request| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        log.lock().unwrap().push(body.clone());
        let keys: Vec<String> = body["GroupBy"]
            .as_array()
            .map(|g| g.iter().map(|d| d["Key"].as_str().unwrap_or("").to_string()).collect())
            .unwrap_or_default();
        let start = body["TimePeriod"]["Start"].as_str().unwrap_or("").to_string();
        let daily = body["Granularity"] == "DAILY";
        let group = |keys: &[&str], amount: &str| serde_json::json!({"Keys": keys, "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}});
        let nat = "EU-NatGateway-Hours";
        let rds = "EU-InstanceUsage:db.t4g.micro";
        let (period, groups) =
            match (keys.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), daily) {
                (["SERVICE"], true) => ("2026-10-20", vec![group(&["EC2 - Other"], "1")]),
                (["SERVICE"], false) => (start.as_str(), vec![group(&["EC2 - Other"], "30")]),
                (["SERVICE", "USAGE_TYPE"], false) => (
                    start.as_str(),
                    vec![
                        group(&["EC2 - Other", nat], "32.85"),
                        group(&["Amazon Relational Database Service", rds], "12.41"),
                    ],
                ),
                (["env", "team"], false) => (
                    start.as_str(),
                    vec![
                        group(&["env$prod", "team$payments"], "30"),
                        group(&["env$", "team$"], "15.26"),
                    ],
                ),
                (["USAGE_TYPE", "RECORD_TYPE"], false) => (
                    start.as_str(),
                    vec![group(&[nat, "Usage"], "32.85"), group(&[rds, "Usage"], "12.41")],
                ),
                _ => {
                    let msg = format!(
                        "{{\"__type\":\"ValidationException\",\"Message\":\"unexpected {keys:?}\"}}"
                    );
                    return crate::http::Response::new(400, "application/x-amz-json-1.1", msg);
                }
            };
        let answer = serde_json::json!({
            "ResultsByTime": [{"TimePeriod": {"Start": period, "End": period}, "Total": {}, "Groups": groups, "Estimated": false}],
            "DimensionValueAttributes": []
        });
        crate::http::Response::new(200, "application/x-amz-json-1.1", answer.to_string())
    });

    let home = tempfile::tempdir().unwrap();
    // No AWS, Terraform or costplan settings from the developer's environment (as
    // `pricing_refresh::common::refresh`), static test credentials, a HOME of its own.
    let hermetic = || {
        let mut cmd = costplan();
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().into_owned();
            if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
                cmd.env_remove(&k);
            }
        }
        cmd.env("HOME", home.path())
            .env("AWS_CONFIG_FILE", "/nonexistent/costplan-test/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/costplan-test/credentials")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "AKIDCOSTPLANTEST")
            .env("AWS_SECRET_ACCESS_KEY", "costplan-test-secret")
            .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache");
        cmd
    };
    let out = hermetic()
        .args(["report", "--month", "2026-10", "--path", "examples/credlink"])
        .args(["--scenario", "credlink-100k", "--no-savings", "--format", "json"])
        .args(["--from", "cost-explorer", "--endpoint-url", &url])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 5, "{requests:#?}");
    for r in &requests {
        assert!(r["GroupBy"].as_array().is_some_and(|g| g.len() <= 2), "{r}");
    }
    let notes: Vec<&str> =
        report["notes"].as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
    let paid: Vec<&&str> = notes.iter().filter(|n| n.contains("GetCostAndUsage")).collect();
    assert_eq!(
        paid,
        [&"Cost Explorer charges $0.01 per GetCostAndUsage request: 5 request(s) made ($0.05)"],
        "{notes:?}"
    );
    assert_eq!(report["schema_version"], 1, "the report's JSON is versioned");
    assert_eq!(report["headline"]["actual"], "45.26");
    assert_eq!(report["headline"]["days_with_data"], 20);
    assert_eq!(report["allocation"]["untagged"], "15.26");
    let env = &report["by_tag"][0];
    assert_eq!(env["key"], "env");
    assert_eq!(env["rows"][0]["label"], "prod");
    assert_eq!(env["rows"][0]["amount"], "30");
    // Three tags cannot be asked for in one request: refused before any.
    let before = seen.lock().unwrap().len();
    let out = hermetic()
        .args(["report", "--month", "2026-10", "--path", "examples/credlink", "--no-savings"])
        .args(["--from", "cost-explorer", "--endpoint-url", &url, "--tag", "env,team,app"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at most two --tag (3 given: env, team, app)"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), before);
}

/// `compare` says what the actual side leaves out (issue 21: credits were excluded silently):
/// the credit note and Cost Explorer's own note that the request filtered them, in the table
/// and the JSON.
#[test]
fn compare_says_that_credits_are_excluded() {
    let url = crate::http::serve(move |req: crate::http::Request| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let start = body["TimePeriod"]["Start"].as_str().unwrap_or("").to_string();
        let groups = [
            serde_json::json!({"Keys": ["EC2 - Other", "NatGateway-Hours"], "Metrics": {"UnblendedCost": {"Amount": "32.85", "Unit": "USD"}}}),
        ];
        let answer = serde_json::json!({
            "ResultsByTime": [{"TimePeriod": {"Start": start, "End": start}, "Total": {}, "Groups": groups, "Estimated": false}],
            "DimensionValueAttributes": []
        });
        crate::http::Response::new(200, "application/x-amz-json-1.1", answer.to_string())
    });
    let home = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        let mut cmd = costplan();
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().into_owned();
            if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
                cmd.env_remove(&k);
            }
        }
        let out = cmd
            .env("HOME", home.path())
            .env("AWS_CONFIG_FILE", "/nonexistent/costplan-test/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/costplan-test/credentials")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "AKIDCOSTPLANTEST")
            .env("AWS_SECRET_ACCESS_KEY", "costplan-test-secret")
            .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
            .args(["compare", "--month", "2026-10", "--path", "examples/credlink"])
            .args(["--scenario", "credlink-100k", "--format", format])
            .args(["--from", "cost-explorer", "--endpoint-url", &url])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let table = run("table");
    assert!(
        table
            .contains("note: credits and refunds are excluded (--include-credits to count them)\n"),
        "{table}"
    );
    assert!(
        table.contains("note: RECORD_TYPE Credit and Refund filtered out in the request\n"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let notes: Vec<&str> =
        json["notes"].as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
    assert_eq!(
        notes,
        [
            "credits and refunds are excluded (--include-credits to count them)",
            "Cost Explorer charges $0.01 per GetCostAndUsage request: 1 request(s) made ($0.01)",
            "RECORD_TYPE Credit and Refund filtered out in the request"
        ]
    );
}

/// The sample bills committed beside the example (`scripts/gen_credlink_bills.py`) run through
/// `report` as they are, from CUR 2.0 and from FOCUS, with the same actual total.
#[cfg(feature = "polars")]
#[test]
fn report_runs_on_the_bundled_sample_bills() {
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;
    // October 2026, by hand from the us-east-1 list prices the generator uses (the bundled
    // snapshot's): per day, 2 NAT gateways 2 x 24 x $0.045, 3 public IPv4 3 x 24 x $0.005, ALB
    // 24 x $0.0225, Fargate 0.5 vCPU x 24 x $0.04048 + 1 GB x 24 x $0.004445, RDS db.t4g.micro
    // Multi-AZ 24 x $0.032, 2 Redis nodes 2 x 24 x $0.016, and October's traffic (1.5 x
    // September's): NAT 0.3 GB x $0.045, 9 LCU-hours x $0.008, 3 GB out x $0.09.
    let per_day = dec!(2) * dec!(24) * dec!(0.045)
        + dec!(3) * dec!(24) * dec!(0.005)
        + dec!(24) * dec!(0.0225)
        + dec!(0.5) * dec!(24) * dec!(0.04048)
        + dec!(24) * dec!(0.004445)
        + dec!(24) * dec!(0.032)
        + dec!(2) * dec!(24) * dec!(0.016)
        + dec!(0.3) * dec!(0.045)
        + dec!(9) * dec!(0.008)
        + dec!(3) * dec!(0.09);
    // Once a month: RDS gp3 Multi-AZ 20 GB x $0.23, S3 0.5 GB x $0.023, ECR 1.5 GB x $0.10, logs
    // 0.08 GB x $0.50, 11 alarms x $0.10, a KMS key $1, 3 secrets x $0.40, a web ACL $5 and 6
    // rules x $1; tax $2.50. The $5 credit is excluded by default.
    let monthly = dec!(20) * dec!(0.23)
        + dec!(0.5) * dec!(0.023)
        + dec!(1.5) * dec!(0.10)
        + dec!(0.08) * dec!(0.50)
        + dec!(11) * dec!(0.10)
        + dec!(1)
        + dec!(3) * dec!(0.40)
        + dec!(5)
        + dec!(6);
    let expected = (per_day * dec!(31) + monthly + dec!(2.50)).round_dp(2);
    let root = env!("CARGO_MANIFEST_DIR");
    for (from, glob) in [
        ("cur", "examples/credlink/sample-bills/cur/*/*.csv"),
        ("focus", "examples/credlink/sample-bills/focus/*/*.csv"),
    ] {
        let out = costplan()
            .current_dir(root)
            .env("HOME", "/nonexistent/costplan-test/home")
            .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
            .args(["report", "--month", "2026-10", "--path", "examples/credlink"])
            .args(["--requests", "100k", "--no-savings", "--format", "json"])
            .args(["--from", from, "--actuals", glob])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{from}: {stderr}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let actual: Decimal = report["headline"]["actual"].as_str().unwrap().parse().unwrap();
        assert_eq!(actual.round_dp(2), expected, "{from}");
        assert_eq!(report["headline"]["days_with_data"], 31, "{from}");
        assert_eq!(report["schema_version"], 1);
        // The previous month is in the bundle too: movers are computed.
        assert!(report["movers"].is_object(), "{from}: {}", report["movers"]);
        // The address tag matches the Terraform: the ALB's line is allocated.
        let teams = report["by_tag"].as_array().unwrap();
        assert!(teams.iter().any(|t| t["key"] == "team"), "{from}");
    }
}

/// A file without the columns of its kind names what is missing and every column it needs.
#[cfg(feature = "polars")]
#[test]
fn the_missing_column_error_lists_the_columns_needed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bill.csv");
    std::fs::write(
        &p,
        "line_item_usage_start_date,line_item_unblended_cost\n2026-10-01T00:00:00Z,1\n",
    )
    .unwrap();
    let out = costplan()
        .args(["actuals", "--from", "cur", p.to_str().unwrap(), "--month", "2026-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing required CUR 2.0 columns: line_item_line_item_type"), "{err}");
    assert!(
        err.contains("A CUR 2.0 file needs line_item_usage_start_date, line_item_line_item_type, line_item_product_code, line_item_usage_type, line_item_unblended_cost, line_item_currency_code"),
        "{err}"
    );
}
