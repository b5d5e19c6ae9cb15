//! Renderers: the [`Report`] model as text, one output format per file.
//!
//! Contract:
//! - Every renderer is a pure function of the report and [`Options`]: no I/O, no clock, no
//!   environment. The same report gives byte-identical output.
//! - Renderers never compute costs; they only sum nothing and round: money is rounded to cents
//!   in the human formats (table, markdown, HTML) and kept at full precision in the machine
//!   formats (JSON, CSV).
//! - No silent $0: a component whose price was not found says "price not found", one whose usage
//!   is unknown says "depends on usage: $price per unit", in every format; the summary counts
//!   them and the warnings are listed.
//! - The tabular logic the human formats share (cells, money, summary line, footer) lives in
//!   [`tabular`]; each format file only lays it out.
//! - The frame of the HTML pages (head, escaping) lives in [`page`], which the page renderers
//!   and the SVG charts import: [`html`] uses [`svg`]'s charts, and [`svg`] imports nothing from
//!   [`html`], so the two do not depend on each other both ways.

use crate::model::Report;

pub mod csv;
pub mod grid;
pub mod html;
pub mod json;
pub mod markdown;
pub mod page;
pub mod svg;
pub mod table;
pub mod tabular;

/// What a renderer may show beyond the report itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// List free and not-supported resources one by one (otherwise only counted).
    pub show_skipped: bool,
    /// Show the formula of every derived quantity under its component (table, markdown; HTML
    /// always shows them, JSON and CSV always carry them).
    pub explain: bool,
    /// Columns of the terminal the table is printed to (`None`: no limit, as in a file or a
    /// pipe); the table wraps long cells and drops columns to fit (see `table`).
    pub width: Option<usize>,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Html,
    Csv,
}

impl Format {
    pub const ALL: [Format; 5] =
        [Format::Table, Format::Json, Format::Markdown, Format::Html, Format::Csv];

    /// The name used on the command line (`--format html`, `--out html=FILE`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }

    /// Parses a command-line name; `md` is accepted for markdown.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "markdown" | "md" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Renders `report` in this format.
    pub fn render(self, report: &Report, opts: &Options) -> String {
        match self {
            Format::Table => table::render(report, opts),
            Format::Json => json::render(report),
            Format::Markdown => markdown::render(report, opts),
            Format::Html => html::render(report),
            Format::Csv => csv::render(report),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
