//! JSON output: the whole [`Aggregation`](crate::actuals::Aggregation), amounts as decimal strings
//! so no precision is lost.

/// Renders the aggregation as pretty JSON.
pub fn render(agg: &crate::actuals::Aggregation) -> String {
    // Serialising plain structs of strings and decimals cannot fail.
    serde_json::to_string_pretty(agg).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
