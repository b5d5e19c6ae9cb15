//! The one style of the terminal tables other than the estimate's tree (`resources`, `advise
//! --format table`): the tree's look, with no boxes and no pipes, each header underlined with
//! `─`, two spaces between columns, no trailing spaces; fitted to a width when one is given
//! (the terminal's, see `cli::terminal`), wrapping cells within their columns.

use comfy_table::{ContentArrangement, Table};

/// Only the line under the header (in comfy-table's preset string a space draws nothing; the
/// sixth character is the header line).
const PRESET: &str = "     ─             ";

/// An empty table in the shared style, fitted to `width` columns when given.
pub fn grid(width: Option<usize>) -> Table {
    let mut table = Table::new();
    table.load_preset(PRESET);
    match width {
        Some(w) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(w).unwrap_or(u16::MAX));
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table
}

/// The table as text: the first column's left padding (one character on every line, the header
/// line's included) and every line's trailing spaces removed.
pub fn text(table: &Table) -> String {
    let lines: Vec<String> = table
        .lines()
        .map(|l| l.chars().skip(1).collect::<String>().trim_end().to_string())
        .collect();
    lines.join("\n")
}
