//! JSON: the report model itself (`docs/report-schema.md`), pretty-printed with a trailing
//! newline, every amount at full precision. `costplan render` reads it back.

use crate::model::Report;

/// The report as JSON.
pub fn render(report: &Report) -> String {
    report.to_json()
}
