//! Bad input gives a clear error (or warning), never a panic.

use costplan::actuals::{Basis, GroupKey, aggregate, cur, focus};
use polars::prelude::*;

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
    assert!(msg.contains("`35.04x` is not a number"), "{msg}");
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

/// The CUR 2.0 CSV fixture with `column` of data row `row` (from 0) set to `value`.
fn cur_csv_with(path: &std::path::Path, row: usize, column: &str, value: &str) {
    fixtures::write_cur2_csv(path, &fixtures::cur2_columns());
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == column).unwrap();
    let mut records: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    records[row][at] = value.to_string();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for r in records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// The CUR 2.0 Parquet fixture with the frame changed by `edit`.
fn cur_parquet_with(path: &std::path::Path, edit: impl FnOnce(DataFrame) -> DataFrame) {
    write_cur2_parquet(path);
    let df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
    let mut df = edit(df);
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

/// `column` of `df` with data row `row` (from 0) set to `value`.
fn set_value(df: DataFrame, column: &str, row: u32, value: Expr) -> DataFrame {
    df.lazy()
        .with_row_index("__i", None)
        .with_column(when(col("__i").eq(lit(row))).then(value).otherwise(col(column)).alias(column))
        .drop(cols(["__i"]))
        .collect()
        .unwrap()
}

/// NaN, infinite and non-numeric costs in Parquet are errors naming the file, the row and the
/// column, as a bad amount in CSV is (they used to be left out of the totals).
#[test]
fn parquet_costs_that_are_not_finite_numbers_are_errors_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.parquet");
    let cost = "line_item_unblended_cost";
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        cur_parquet_with(&p, |df| set_value(df, cost, 2, lit(x)));
        let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
        assert!(
            msg.contains("cur.parquet") && msg.contains("row 3, column `line_item_unblended_cost`"),
            "{msg}"
        );
        assert!(msg.contains("is not a finite amount"), "{msg}");
    }
    // Costs stored as text: `abc` is not a number (the other rows are).
    cur_parquet_with(&p, |df| {
        let df = df.lazy().with_column(col(cost).cast(DataType::String)).collect().unwrap();
        set_value(df, cost, 2, lit("abc"))
    });
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(
        msg.contains("row 3, column `line_item_unblended_cost`: `abc` is not a number"),
        "{msg}"
    );
    // CSV says the same of the same values.
    let c = dir.path().join("cur.csv");
    for bad in ["NaN", "inf", "abc"] {
        cur_csv_with(&c, 2, cost, bad);
        let msg = err_text(cur::read(c.to_str().unwrap(), &query(Basis::Invoice, vec![])));
        assert!(
            msg.contains(&format!("line 4, column `{cost}`: `{bad}` is not a number")),
            "{msg}"
        );
    }
}

/// A CSV row cut short (5 fields for a longer header) is an error, not a row left out.
#[test]
fn a_row_cut_short_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    fixtures::write_cur2_csv(&p, &fixtures::cur2_columns());
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].split(',').take(5).collect::<Vec<_>>().join(",");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("cur.csv") && msg.contains("line 4, column `"), "{msg}");
    assert!(msg.contains("is empty (a row cut short"), "{msg}");
}

/// Impossible dates are errors naming the row, whether in the queried month or not, and are
/// never filed under a day that does not exist; a real leap day is fine.
#[test]
fn impossible_dates_are_errors_not_days() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    let start = "line_item_usage_start_date";
    for bad in ["2026-13-45T00:00:00Z", "2026-02-30T00:00:00Z", "2026-10-45T00:00:00Z"] {
        cur_csv_with(&p, 2, start, bad);
        let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
        assert!(msg.contains(&format!("line 4, column `{start}`: `{bad}` is not a date")), "{msg}");
    }
    cur_csv_with(&p, 2, start, "2028-02-29T00:00:00Z");
    assert!(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])).is_ok());
    // A Parquet file with dates as text: 2026-10-45 is not a day of October.
    let pq = dir.path().join("cur.parquet");
    cur_parquet_with(&pq, |df| {
        let df = df
            .lazy()
            .with_column(col(start).dt().strftime("%Y-%m-%dT%H:%M:%SZ"))
            .collect()
            .unwrap();
        set_value(df, start, 1, lit("2026-10-45T00:00:00Z"))
    });
    let mut q = query(Basis::Invoice, vec![]);
    q.granularity = costplan::actuals::Granularity::Daily;
    let msg = err_text(cur::read(pq.to_str().unwrap(), &q));
    assert!(msg.contains("row 2, column `line_item_usage_start_date`"), "{msg}");
    assert!(msg.contains("is not a date"), "{msg}");
}

/// A cost column named twice in the header is an error naming it, not the first one read.
#[test]
fn a_duplicate_cost_column_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    let mut cols = fixtures::cur2_columns();
    cols.push("resource_tags");
    fixtures::write_cur2_csv(&p, &cols);
    let text = std::fs::read_to_string(&p).unwrap();
    // The last header `resource_tags` becomes a second unblended cost column.
    let (header, rest) = text.split_once('\n').unwrap();
    let header = header.rsplit_once(',').unwrap().0.to_string() + ",line_item_unblended_cost";
    std::fs::write(&p, format!("{header}\n{rest}")).unwrap();
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("cur.csv") && msg.contains("header"), "{msg}");
    assert!(msg.contains("column `line_item_unblended_cost` appears more than once"), "{msg}");
}

/// An empty currency is an error naming the row, not silently USD.
#[test]
fn an_empty_currency_is_an_error_not_usd() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cur.csv");
    cur_csv_with(&p, 1, "line_item_currency_code", "");
    let msg = err_text(cur::read(p.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("line 3, column `line_item_currency_code`: is empty"), "{msg}");
    let pq = dir.path().join("cur.parquet");
    cur_parquet_with(&pq, |df| set_value(df, "line_item_currency_code", 1, lit(" ")));
    let msg = err_text(cur::read(pq.to_str().unwrap(), &query(Basis::Invoice, vec![])));
    assert!(msg.contains("row 2, column `line_item_currency_code`: is empty"), "{msg}");
}
