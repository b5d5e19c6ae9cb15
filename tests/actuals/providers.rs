//! A FOCUS export of several providers (tests/fixtures/actuals/focus-multi-provider.csv, shaped
//! like the public FOCUS 1.0 sample data: AWS rows with AWS's `x_` columns, Microsoft and Oracle
//! rows without them): per-provider totals, the `--provider` filter, the warning when providers
//! are added up, and usage types from `x_UsageType`, else `ChargeDescription`, else `SkuId`.
//!
//! Totals by hand, invoice basis (`BilledCost`), credits left out, adjustments counted:
//! - AWS: 32.85 (NAT) + 4.17 (Lambda) + 1.25 (DynamoDB) + 0.50 (Adjustment) = 38.77; the
//!   -2.00 credit is set apart.
//! - Microsoft: 10.40 (VM) + 1.60 (disk) = 12.00.
//! - Oracle: 3.30.
//! - All: 38.77 + 12.00 + 3.30 = 54.07.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use costplan::actuals::{Basis, GroupKey, aggregate, focus, provider};
use polars::prelude::*;
use rust_decimal_macros::dec;

use super::files::query;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/actuals/focus-multi-provider.csv")
}

/// The fixture as Parquet (costs as doubles, as exports write them).
fn as_parquet(dir: &Path) -> PathBuf {
    let mut rdr = csv::Reader::from_path(fixture()).unwrap();
    let cols: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let columns: Vec<Column> = cols
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let vals: Vec<Option<String>> =
                recs.iter().map(|r| Some(r[i].to_string()).filter(|v| !v.is_empty())).collect();
            let c = Column::new(name.as_str().into(), vals);
            if name.ends_with("Cost") || name.ends_with("Quantity") {
                c.cast(&DataType::Float64).unwrap()
            } else {
                c
            }
        })
        .collect();
    let mut df = DataFrame::new_infer_height(columns).unwrap();
    let path = dir.join("focus.parquet");
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut df).unwrap();
    path
}

fn rows(path: &Path, group_by: Vec<GroupKey>) -> Vec<(Vec<String>, rust_decimal::Decimal)> {
    let q = query(Basis::Invoice, group_by);
    let agg = aggregate("test", focus::read(path.to_str().unwrap(), &q).unwrap(), &q);
    assert_eq!(agg.totals["USD"], dec!(54.07), "every provider together");
    let mut rows: Vec<_> = agg.rows.into_iter().map(|r| (r.keys, r.cost)).collect();
    rows.sort();
    rows
}

#[test]
fn totals_per_provider_and_usage_types_from_the_focus_columns() {
    let dir = tempfile::tempdir().unwrap();
    for path in [fixture(), as_parquet(dir.path())] {
        let by_provider = rows(&path, vec![GroupKey::Provider]);
        assert_eq!(
            by_provider,
            vec![
                (vec!["AWS".to_string()], dec!(38.77)),
                (vec!["Microsoft".to_string()], dec!(12.00)),
                (vec!["Oracle".to_string()], dec!(3.30)),
            ],
            "{}",
            path.display()
        );
        let by_usage = rows(&path, vec![GroupKey::Provider, GroupKey::UsageType]);
        let key = |p: &str, u: &str| vec![p.to_string(), u.to_string()];
        for (k, cost) in [
            (key("AWS", "NatGateway-Hours"), dec!(32.85)),
            (key("AWS", "Lambda-GB-Second"), dec!(4.17)),
            // x_UsageType empty on the adjustment: its ChargeDescription.
            (key("AWS", "Billing correction"), dec!(0.50)),
            (key("Microsoft", "D2s v3 Virtual Machines"), dec!(10.40)),
            (key("Microsoft", "P10 LRS Disk"), dec!(1.60)),
            // No ChargeDescription: the SkuId.
            (key("Oracle", "B93113"), dec!(3.30)),
        ] {
            assert!(by_usage.contains(&(k.clone(), cost)), "{k:?} {cost} in {by_usage:?}");
        }
        // Services of the AWS rows by registry name; the others as their provider names them.
        let by_service = rows(&path, vec![GroupKey::Service]);
        for (name, cost) in [
            ("Amazon EC2", dec!(33.35)),
            ("AWS Lambda", dec!(4.17)),
            ("Amazon DynamoDB", dec!(1.25)),
            ("Virtual Machines", dec!(10.40)),
        ] {
            assert!(by_service.contains(&(vec![name.to_string()], cost)), "{name} {by_service:?}");
        }
    }
}

#[test]
fn providers_added_up_are_a_warning_naming_each_total() {
    let q = query(Basis::Invoice, vec![GroupKey::Service]);
    let out = focus::read(fixture().to_str().unwrap(), &q).unwrap();
    let w = provider::several(&out.lines, &q).expect("three providers");
    assert!(w.contains("3 providers (AWS 38.77 USD, Microsoft 12.00 USD, Oracle 3.30 USD)"), "{w}");
    // Split by provider: nothing to warn about.
    let q = query(Basis::Invoice, vec![GroupKey::Provider]);
    let out = focus::read(fixture().to_str().unwrap(), &q).unwrap();
    assert_eq!(provider::several(&out.lines, &q), None);
}

fn costplan(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("costplan")
        .unwrap()
        .env_clear()
        .env("HOME", env!("CARGO_TARGET_TMPDIR"))
        .args(["actuals", "--from", "focus", fixture().to_str().unwrap(), "--month", "2026-10"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_filters_one_provider_and_warns_when_adding_several() {
    let out = costplan(&["--provider", "aws", "--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8_lossy(&out.stdout);
    // AWS only: 33.35 (EC2: 32.85 + 0.50) + 4.17 + 1.25 = 38.77.
    assert!(csv.contains("2026-10,Amazon EC2,USD,33.35"), "{csv}");
    assert!(!csv.contains("Virtual Machines") && !csv.contains("Compute,"), "{csv}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("providers ("), "{err}");

    let out = costplan(&["--format", "table"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("Total: 54.07 USD"), "{text}");
    assert!(text.contains("AWS 38.77 USD, Microsoft 12.00 USD, Oracle 3.30 USD"), "{text}");

    let out = costplan(&["--group-by", "provider", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains("2026-10,Microsoft,USD,12"), "{csv}");

    let out = costplan(&["--provider", "Google"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no spend of provider `Google`"), "{err}");
    assert!(err.contains("AWS, Microsoft, Oracle"), "{err}");
}
