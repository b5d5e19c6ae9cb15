//! The monthly finance report (`costplan report`): budget vs estimate vs actual vs forecast,
//! spend by service and by allocation tag, movers and anomalies against the previous month,
//! unit cost from the scenario, commitment coverage and utilisation, untagged spend, and the
//! savings `advise` finds.
//!
//! [`build::build`] computes the [`model::MonthlyReport`] once from an estimate and actual
//! lines (the rules are in its docs); each output format is one file and a pure function of
//! the model ([`markdown`], [`html`], [`csv`], and JSON through serde). The markup formats
//! share their tables through [`sections`].

pub mod build;
pub mod csv;
pub mod forecast;
pub mod html;
pub mod markdown;
pub mod model;
pub mod sections;

pub use build::{Inputs, ReportError, build};
pub use model::MonthlyReport;

/// Output formats of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Csv, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// `markdown` (or `md`), `html`, `csv`, `json`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "md" => Some(Format::Markdown),
            _ => Format::ALL.into_iter().find(|f| f.name() == name),
        }
    }

    /// Renders `report` in this format.
    pub fn render(self, report: &MonthlyReport) -> String {
        match self {
            Format::Markdown => markdown::render(report),
            Format::Html => html::render(report),
            Format::Csv => csv::render(report),
            Format::Json => crate::model::versioned_json(model::SCHEMA_VERSION, report),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
