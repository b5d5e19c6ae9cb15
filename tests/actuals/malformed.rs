//! Bad input gives a clear error (or warning), never a panic.

use costplan::actuals::{Basis, GroupKey, aggregate, cur, focus};

use super::files::{query, run_cur, write_cur2_parquet};
use super::fixtures;

fn err_text(r: Result<costplan::actuals::SourceOutput, costplan::actuals::ActualsError>) -> String {
    match r {
        Ok(o) => panic!("expected an error, got {} lines", o.lines.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn missing_columns_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    let cols: Vec<&str> = fixtures::cur2_columns()
        .into_iter()
        .filter(|c| *c != "line_item_unblended_cost" && *c != "line_item_currency_code")
        .collect();
    fixtures::write_cur2_csv(&p, &cols);
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(
        msg.contains(
            "missing required CUR 2.0 columns: line_item_unblended_cost, line_item_currency_code"
        ),
        "{msg}"
    );
    assert!(msg.contains("cur.csv"), "{msg}");
    let msg = err_text(focus::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("missing required FOCUS columns: ChargePeriodStart"), "{msg}");
}

#[test]
fn a_file_that_is_neither_parquet_nor_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.parquet");
    std::fs::write(&p, [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254]).unwrap();
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("is neither Parquet nor CSV"), "{msg}");
}

#[test]
fn truncated_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.parquet");
    write_cur2_parquet(&p);
    let bytes = std::fs::read(&p).unwrap();
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn a_bad_amount_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    fixtures::write_cur2_csv(&p, &fixtures::cur2_columns());
    let text = std::fs::read_to_string(&p).unwrap().replace(",35.04,35.04,", ",35.04x,35.04,");
    std::fs::write(&p, text).unwrap();
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("line 7, column `line_item_unblended_cost`"), "{msg}");
    assert!(
        msg.contains("35.04x is not a number") || msg.contains("\"35.04x\" is not a number"),
        "{msg}"
    );
}

#[test]
fn empty_month_and_absent_tag_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    fixtures::write_cur2_csv(&p, &fixtures::cur2_columns());
    let mut q = query(Basis::Invoice, vec![GroupKey::Service]);
    q.range = costplan::actuals::DateRange::month("2026-12").unwrap();
    let agg = run_cur(&p, &q);
    assert!(agg.rows.is_empty());
    assert!(agg.warnings.iter().any(|w| w.contains("no line of")), "{:?}", agg.warnings);
    let q = query(Basis::Invoice, vec![GroupKey::Tag("Owner".into())]);
    let agg = run_cur(&p, &q);
    assert!(
        agg.warnings.iter().any(|w| w.contains("tag `Owner` appears on no line")),
        "{:?}",
        agg.warnings
    );
    assert_eq!(agg.rows[0].keys, vec!["(untagged)"]);
}

#[test]
fn no_matching_files() {
    let msg = err_text(cur::read("/nonexistent/dir/*.parquet", &query(Basis::Invoice, vec![])));
    assert!(msg.contains("no input file matches"), "{msg}");
    let _ = aggregate;
}
