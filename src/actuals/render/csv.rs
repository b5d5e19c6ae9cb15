//! CSV output for spreadsheets: one row per group with period, keys, currency, cost (full
//! precision), usage quantity and unit, estimated flag. Totals are not repeated as rows so that
//! a spreadsheet SUM gives the total.

/// Renders the rows as CSV with a header.
pub fn render(agg: &crate::actuals::Aggregation) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let tail = ["currency", "cost", "usage_quantity", "usage_unit", "estimated"];
    let header =
        std::iter::once("period").chain(agg.group_by.iter().map(String::as_str)).chain(tail);
    // Writing to a Vec cannot fail except on malformed records, which we never build.
    let _ = w.write_record(header);
    for row in &agg.rows {
        let cost = row.cost.normalize().to_string();
        let usage = row.usage_quantity.map(|q| q.normalize().to_string()).unwrap_or_default();
        let record = std::iter::once(row.period.as_str())
            .chain(row.keys.iter().map(String::as_str))
            .chain([row.currency.as_str(), &cost, &usage])
            .chain([row.usage_unit.as_deref().unwrap_or_default()])
            .chain([if row.estimated { "true" } else { "false" }]);
        let _ = w.write_record(record);
    }
    let bytes = w.into_inner().unwrap_or_default();
    // Every field is a `str`, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
