//! CSV output for spreadsheets: one row per group with period, keys, currency, cost (full
//! precision), usage quantity and unit, estimated flag. Totals are not repeated as rows so that
//! a spreadsheet SUM gives the total.

/// Renders the rows as CSV with a header.
pub fn render(agg: &crate::actuals::Aggregation) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header = vec!["period".to_string()];
    header.extend(agg.group_by.iter().cloned());
    header.extend(
        ["currency", "cost", "usage_quantity", "usage_unit", "estimated"]
            .iter()
            .map(|s| s.to_string()),
    );
    // Writing to a Vec cannot fail except on malformed records, which we never build.
    let _ = w.write_record(&header);
    for row in &agg.rows {
        let mut rec = vec![row.period.clone()];
        rec.extend(row.keys.iter().cloned());
        rec.push(row.currency.clone());
        rec.push(row.cost.normalize().to_string());
        rec.push(row.usage_quantity.map(|q| q.normalize().to_string()).unwrap_or_default());
        rec.push(row.usage_unit.clone().unwrap_or_default());
        rec.push(row.estimated.to_string());
        let _ = w.write_record(&rec);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}
