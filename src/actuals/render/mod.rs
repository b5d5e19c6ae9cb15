//! Renderers of an [`Aggregation`](super::Aggregation): one output format per file, each a pure
//! function returning the text. Amounts are rounded only here (to cents in the table, full
//! precision in JSON and CSV).

pub mod compare_table;
pub mod csv;
pub mod json;
pub mod table;

/// Output formats of `costplan actuals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Renders `agg` in `format`.
pub fn render(agg: &super::Aggregation, format: Format) -> String {
    match format {
        Format::Table => table::render(agg),
        Format::Json => json::render(agg),
        Format::Csv => csv::render(agg),
    }
}
