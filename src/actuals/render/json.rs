//! JSON output: `schema_version` ([`SCHEMA_VERSION`]) and the whole
//! [`Aggregation`](crate::actuals::Aggregation), amounts as decimal strings so no precision is
//! lost. Fields: docs/actuals.md.

/// Version of the `costplan actuals --format json` document; changes whenever a field is
/// removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Renders the aggregation as pretty JSON.
pub fn render(agg: &crate::actuals::Aggregation) -> String {
    crate::model::versioned_json(SCHEMA_VERSION, agg)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_starts_with_its_schema_version() {
        let q = crate::actuals::Query {
            range: crate::actuals::DateRange::month("2026-10").expect("a month"),
            granularity: crate::actuals::Granularity::Monthly,
            group_by: vec![],
            filters: vec![],
            basis: crate::actuals::Basis::Invoice,
            include_credits: false,
        };
        let agg = crate::actuals::aggregate("test", crate::actuals::SourceOutput::default(), &q);
        let text = super::render(&agg);
        assert!(text.starts_with("{\n  \"schema_version\": 1,\n"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert!(v.get("totals").is_some(), "the aggregation's own fields follow: {text}");
    }
}
