//! `costplan advise` output formats, one per file, each a pure function of the [`Advice`]
//! (and, for JSON, of the estimate report that carries it). Money is rounded here, to cents.

mod json;
mod markdown;
mod table;

use super::finding::Advice;
use crate::model::Report;

/// `--format` of `advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

impl Format {
    pub fn render(self, advice: &Advice, report: &Report) -> String {
        match self {
            Format::Table => table::render(advice),
            Format::Json => json::render(advice, report),
            Format::Markdown => markdown::render(advice),
        }
    }
}
