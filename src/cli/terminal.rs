//! The width tables are fitted to, decided in one place for every command: `COLUMNS` when it is
//! set to a number (so `COLUMNS=80 costplan estimate … | less` fits 80 columns), else the
//! terminal's own width when standard output is a terminal, else none: output piped or
//! redirected is never wrapped, so that it stays the same whatever window it came from.
//!
//! Colour: costplan's tables and reports are plain text; the only colour is clap's in help and
//! usage errors, which follows `NO_COLOR` (never) and `CLICOLOR_FORCE` (always, even piped).

use std::io::IsTerminal;

/// Narrower than this, wrapping makes a table harder to read than a long line.
const MIN_WIDTH: usize = 40;

/// The width to fit tables to, if any.
pub fn width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let width = match columns {
        Some(c) if c > 0 => Some(c),
        _ if std::io::stdout().is_terminal() => comfy_table::Table::new().width().map(usize::from),
        _ => None,
    };
    width.map(|w| w.max(MIN_WIDTH))
}
