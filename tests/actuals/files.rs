//! CUR 2.0 (CSV, gzip CSV, Parquet), legacy CUR and FOCUS 1.0/1.2 fixtures read end to end.

use std::path::Path;

use costplan::actuals::{
    Aggregation, Basis, DateRange, Granularity, GroupKey, Query, TagFilter, aggregate, cur, focus,
};
use polars::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::fixtures::{self, rows};

pub fn query(basis: Basis, group_by: Vec<GroupKey>) -> Query {
    Query {
        range: DateRange::month("2026-10").unwrap(),
        granularity: Granularity::Monthly,
        group_by,
        filters: vec![],
        basis,
        include_credits: false,
    }
}

fn total(agg: &Aggregation) -> Decimal {
    assert_eq!(agg.single_currency(), Some("USD"), "{agg:?}");
    agg.totals["USD"]
}

pub fn run_cur(path: &Path, q: &Query) -> Aggregation {
    let out = cur::read(path.to_str().unwrap(), q).unwrap();
    aggregate("test", out, q)
}

fn run_focus(path: &Path, q: &Query) -> Aggregation {
    let out = focus::read(path.to_str().unwrap(), q).unwrap();
    aggregate("test", out, q)
}

/// The three bases of the fixture month (see fixtures.rs for the arithmetic).
fn assert_bases(run: impl Fn(&Query) -> Aggregation) {
    assert_eq!(total(&run(&query(Basis::Invoice, vec![GroupKey::Service]))), dec!(51.54));
    assert_eq!(total(&run(&query(Basis::Amortized, vec![GroupKey::Service]))), dec!(55.54));
    assert_eq!(total(&run(&query(Basis::List, vec![GroupKey::Service]))), dec!(56.04));
}

pub fn write_cur2_parquet(path: &Path) {
    let rs = rows();
    let f = |v: &str| v.parse::<f64>().ok();
    let s = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let ts = |v: &str| chrono::DateTime::parse_from_rfc3339(v).unwrap().timestamp_millis();
    let mut df = df!(
        "line_item_usage_start_date" => rs.iter().map(|r| ts(r.start)).collect::<Vec<i64>>(),
        "line_item_line_item_type" => rs.iter().map(|r| r.line_type).collect::<Vec<_>>(),
        "line_item_usage_account_id" => rs.iter().map(|_| "111122223333").collect::<Vec<_>>(),
        "line_item_product_code" => rs.iter().map(|r| r.product).collect::<Vec<_>>(),
        "line_item_usage_type" => rs.iter().map(|r| s(r.usage_type)).collect::<Vec<_>>(),
        "line_item_operation" => rs.iter().map(|r| s(r.operation)).collect::<Vec<_>>(),
        "line_item_resource_id" => rs.iter().map(|r| s(r.resource)).collect::<Vec<_>>(),
        "line_item_usage_amount" => rs.iter().map(|r| f(r.amount)).collect::<Vec<_>>(),
        "line_item_currency_code" => rs.iter().map(|_| "USD").collect::<Vec<_>>(),
        "line_item_unblended_cost" => rs.iter().map(|r| f(r.unblended)).collect::<Vec<_>>(),
        "pricing_unit" => rs.iter().map(|r| s(r.unit)).collect::<Vec<_>>(),
        "pricing_public_on_demand_cost" => rs.iter().map(|r| f(r.list)).collect::<Vec<_>>(),
        "product_region_code" => rs.iter().map(|_| "eu-west-1").collect::<Vec<_>>(),
        "savings_plan_savings_plan_effective_cost" => rs.iter().map(|r| f(r.sp_effective)).collect::<Vec<_>>(),
        "reservation_effective_cost" => rs.iter().map(|r| f(r.ri_effective)).collect::<Vec<_>>(),
        "reservation_unused_amortized_upfront_fee_for_billing_period" => rs.iter().map(|r| f(r.ri_unused_upfront)).collect::<Vec<_>>(),
        "reservation_unused_recurring_fee" => rs.iter().map(|r| f(r.ri_unused_recurring)).collect::<Vec<_>>(),
    )
    .unwrap();
    // resource_tags as a list of {key, value} structs, the shape a Parquet map reads as.
    let mut rid = Vec::new();
    let mut keys = Vec::new();
    let mut values = Vec::new();
    for (i, r) in rs.iter().enumerate() {
        if let Some(t) = r.team {
            for (k, v) in [("user:Team", t), ("user:env", "prod")] {
                rid.push(i as IdxSize);
                keys.push(k);
                values.push(v);
            }
        }
    }
    let tags = df!("rid" => rid, "key" => keys, "value" => values)
        .unwrap()
        .lazy()
        .group_by([col("rid")])
        .agg([as_struct(vec![col("key"), col("value")]).alias("resource_tags")]);
    df = df
        .lazy()
        .with_row_index("rid", None)
        .with_column(
            col("line_item_usage_start_date")
                .cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
        )
        .join(tags, [col("rid")], [col("rid")], JoinArgs::new(JoinType::Left))
        .sort(["rid"], Default::default())
        .drop(cols(["rid"]))
        .collect()
        .unwrap();
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

fn write_focus_parquet(path: &Path) {
    let (cols, recs) = fixtures::focus_records("1.2");
    let columns: Vec<Column> = cols
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let vals: Vec<Option<String>> =
                recs.iter().map(|r| (!r[i].is_empty()).then(|| r[i].clone())).collect();
            let c = Column::new((*name).into(), vals);
            if name.ends_with("Cost") || name.ends_with("Quantity") {
                c.cast(&DataType::Float64).unwrap()
            } else {
                c
            }
        })
        .collect();
    let mut df = DataFrame::new_infer_height(columns).unwrap();
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

#[test]
fn cur2_csv_gives_invoice_amortized_and_list_totals() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    fixtures::write_cur2_csv(&p, &fixtures::cur2_columns());
    assert_bases(|q| run_cur(&p, q));
}

#[test]
fn cur2_gzip_csv_reads_like_plain_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    fixtures::write_cur2_csv(&p, &fixtures::cur2_columns());
    let gz = dir.path().join("part-0.csv.gz");
    fixtures::gzip(&p, &gz);
    assert_bases(|q| run_cur(&gz, q));
}

#[test]
fn cur2_parquet_gives_the_same_totals_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.parquet");
    write_cur2_parquet(&p);
    assert_bases(|q| run_cur(&p, q));
    let agg = run_cur(&p, &query(Basis::Invoice, vec![GroupKey::Tag("Team".into())]));
    let by: Vec<(String, Decimal)> = agg.rows.iter().map(|r| (r.keys[0].clone(), r.cost)).collect();
    assert_eq!(
        by,
        vec![
            ("platform".to_string(), dec!(35.04)),
            ("payments".to_string(), dec!(10)),
            ("(untagged)".to_string(), dec!(6.5)),
        ]
    );
    let mut q = query(Basis::Amortized, vec![GroupKey::Service, GroupKey::UsageType]);
    q.filters.push(TagFilter { key: "Team".into(), value: "platform".into() });
    let agg = run_cur(&p, &q);
    insta::assert_snapshot!(
        "cur2_parquet_platform_amortized",
        costplan::actuals::render::table::render(&agg)
    );
}

#[test]
fn legacy_cur_csv_with_tag_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("legacy.csv");
    fixtures::write_legacy_csv(&p);
    assert_bases(|q| run_cur(&p, q));
    let mut q = query(Basis::Invoice, vec![GroupKey::Resource]);
    q.filters.push(TagFilter { key: "Team".into(), value: "payments".into() });
    let agg = run_cur(&p, &q);
    assert_eq!(total(&agg), dec!(10));
    assert_eq!(agg.rows[0].keys, vec!["arn:aws:ecs:eu-west-1:111122223333:task/web/1"]);
}

#[test]
fn directory_mixing_cur2_and_legacy_files() {
    let dir = tempfile::tempdir().unwrap();
    fixtures::write_cur2_csv(&dir.path().join("a.csv"), &fixtures::cur2_columns());
    fixtures::write_legacy_csv(&dir.path().join("b.csv"));
    std::fs::write(dir.path().join("manifest.json"), "{}").unwrap();
    let agg = run_cur(dir.path(), &query(Basis::Invoice, vec![GroupKey::Service]));
    assert_eq!(total(&agg), dec!(103.08));
    let glob = format!("{}/*.csv", dir.path().display());
    let out = cur::read(&glob, &query(Basis::Invoice, vec![])).unwrap();
    assert!(out.notes.iter().any(|n| n.contains("2 file(s)")), "{:?}", out.notes);
}

#[test]
fn daily_granularity_and_usage_quantities() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.parquet");
    write_cur2_parquet(&p);
    let mut q = query(Basis::Invoice, vec![GroupKey::UsageType]);
    q.granularity = Granularity::Daily;
    let agg = run_cur(&p, &q);
    let nat = agg
        .rows
        .iter()
        .find(|r| r.keys[0] == "NatGateway-Hours" && r.period == "2026-10-15")
        .unwrap();
    assert_eq!(nat.cost, dec!(35.04));
    assert_eq!(nat.usage_quantity, Some(dec!(730)));
    assert_eq!(nat.usage_unit.as_deref(), Some("Hrs"));
}

#[test]
fn focus_1_0_csv_with_null_strings_and_no_z() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("focus.csv");
    fixtures::write_focus_csv(&p, "1.0");
    assert_bases(|q| run_focus(&p, q));
    let agg = run_focus(&p, &query(Basis::Invoice, vec![GroupKey::Service]));
    assert_eq!(agg.rows[0].keys, vec!["Amazon EC2"]);
}

#[test]
fn focus_1_2_csv_and_parquet_use_aws_columns() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("focus.csv");
    fixtures::write_focus_csv(&csv, "1.2");
    let pq = dir.path().join("focus.parquet");
    write_focus_parquet(&pq);
    for p in [&csv, &pq] {
        assert_bases(|q| run_focus(p, q));
        let agg = run_focus(
            p,
            &query(Basis::Amortized, vec![GroupKey::Service, GroupKey::Tag("Team".into())]),
        );
        let rds =
            agg.rows.iter().find(|r| r.keys[0] == "Amazon RDS" && r.keys[1] == "platform").unwrap();
        assert_eq!(rds.cost, dec!(4.2));
        let agg = run_focus(p, &query(Basis::Invoice, vec![GroupKey::UsageType]));
        assert!(agg.rows.iter().any(|r| r.keys[0] == "NatGateway-Hours" && r.cost == dec!(35.04)));
    }
}
