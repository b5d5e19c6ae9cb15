//! JSON: the estimate report (`docs/report-schema.md`) with its `advice` field filled in, so
//! that `costplan render` and the monthly report read findings from the same document.

use crate::advise::finding::Advice;
use crate::model::Report;

pub fn render(advice: &Advice, report: &Report) -> String {
    let mut report = report.clone();
    report.advice = Some(advice.clone());
    report.to_json()
}
