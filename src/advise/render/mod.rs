//! `costplan advise` output formats, one per file, each a pure function of the [`Advice`]
//! (and, for JSON, of the estimate report that carries it). Money is rounded here, to cents.

mod json;
mod markdown;
mod table;

use super::finding::{Advice, CommitmentRow};
use crate::model::Report;
use crate::render::tabular::money;

/// Column titles of a commitment table.
const COMMITMENT_HEADER: [&str; 6] =
    ["term", "monthly (effective)", "saves/month", "upfront", "break-even", ""];

/// The cells of one commitment row, shared by the table and markdown formats: a term the
/// snapshot does not price reads "price not found", never $0.
fn commitment_cells(r: &CommitmentRow) -> [String; 6] {
    let dash = || "—".to_string();
    if !r.priced {
        return [r.term.clone(), "price not found".into(), dash(), dash(), dash(), String::new()];
    }
    let upfront = match r.upfront {
        Some(u) if u.is_zero() => "none".to_string(),
        Some(u) => money(u),
        None => "not in snapshot".to_string(),
    };
    let break_even = match (r.upfront, r.break_even_month) {
        (_, Some(m)) => format!("month {m}"),
        (None, None) => "not known".to_string(),
        (Some(_), None) => "not within the term".to_string(),
    };
    [
        r.term.clone(),
        r.monthly_cost.map(money).unwrap_or_else(dash),
        r.monthly_saving.map(money).unwrap_or_else(dash),
        upfront,
        break_even,
        if r.recommended { "recommended".into() } else { String::new() },
    ]
}

/// `--format` of `advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

impl Format {
    pub fn render(self, advice: &Advice, report: &Report) -> String {
        self.render_fitted(advice, report, None)
    }

    /// [`Format::render`] with the table fitted to `width` columns (the terminal's).
    pub fn render_fitted(self, advice: &Advice, report: &Report, width: Option<usize>) -> String {
        match self {
            Format::Table => table::render(advice, width),
            Format::Json => json::render(advice, report),
            Format::Markdown => markdown::render(advice),
        }
    }
}
