//! Source files of a configuration kept in memory: their text (for snippets in error messages)
//! and a line index that turns the byte offsets hcl-edit reports into 1-based line and column.
//!
//! Text may be inserted into a file before it is parsed ([`SourceFile::insert`], a rewrite that
//! keeps the file's meaning); locations and snippets still show the file as written.

use super::instance::Location;

/// One file that was read, with its path relative to the root module directory.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Path relative to the root module directory, forward slashes.
    pub rel: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// For text rewritten from another syntax (`.tf.json`): the original file's text and, per
    /// line of `text`, the original line. Locations and snippets then show the original.
    original: Option<(Box<SourceFile>, Vec<usize>)>,
    /// Text inserted into `text` that is not in the file: (offset in `text`, length), sorted.
    /// Never contains a newline, so lines are the file's.
    inserted: Vec<(usize, usize)>,
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { rel, text, line_starts, original: None, inserted: Vec::new() }
    }

    /// `text` rewritten from `original_text`; `lines[i]` is the original line of line `i + 1`.
    pub fn rewritten(rel: String, text: String, original_text: String, lines: Vec<usize>) -> Self {
        let original = SourceFile::new(rel.clone(), original_text);
        Self { original: Some((Box::new(original), lines)), ..Self::new(rel, text) }
    }

    /// 1-based line and column (in characters) of a byte offset; for rewritten text, the line
    /// of the original file (column 1: columns of the rewrite mean nothing there).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.own_line_col(offset);
        match &self.original {
            Some((_, lines)) => (lines.get(line - 1).copied().unwrap_or(1), 1),
            None => (line, column),
        }
    }

    fn own_line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        // Inserted text (ASCII) before `offset` on this line is not in the file.
        let inserted: usize = self
            .inserted
            .iter()
            .filter(|&&(at, _)| at >= start && at < offset)
            .map(|&(at, len)| len.min(offset - at))
            .sum();
        (line, column - inserted + 1)
    }

    /// Inserts `s` (ASCII, no newline) at byte `at` of `text`, before parsing: the parser sees
    /// it, locations and snippets do not.
    pub fn insert(&mut self, at: usize, s: &str) {
        debug_assert!(s.is_ascii() && !s.contains('\n'));
        self.text.insert_str(at, s);
        for (o, _) in &mut self.inserted {
            if *o >= at {
                *o += s.len();
            }
        }
        for start in &mut self.line_starts {
            if *start > at {
                *start += s.len();
            }
        }
        self.inserted.push((at, s.len()));
        self.inserted.sort_unstable();
    }

    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location { file: self.rel.clone(), line, column }
    }

    /// The text of a 1-based line as the file has it, without its line ending.
    pub fn line_text(&self, line: usize) -> String {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return String::new();
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        let mut out = String::new();
        let mut from = start;
        for &(at, len) in self.inserted.iter().filter(|&&(at, _)| at >= start && at < end) {
            out.push_str(self.text.get(from..at).unwrap_or(""));
            from = at + len;
        }
        out.push_str(self.text.get(from..end).unwrap_or(""));
        out.trim_end_matches(['\n', '\r']).to_string()
    }

    /// A two-line snippet: the source line and a caret under the column (for rewritten text,
    /// the original line).
    pub fn snippet(&self, offset: usize) -> String {
        let (line, column) = self.line_col(offset);
        match &self.original {
            Some((original, _)) => snippet_for(&original.line_text(line), line, column),
            None => snippet_for(&self.line_text(line), line, column),
        }
    }
}

/// Renders `line_text` with a gutter and a caret under `column` (1-based, in characters).
pub(crate) fn snippet_for(line_text: &str, line: usize, column: usize) -> String {
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    // Tabs are kept in the caret line so that the caret lines up in terminals.
    let lead: String = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{pad} |\n{gutter} | {line_text}\n{pad} | {lead}^")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let f = SourceFile::new("main.tf".into(), "a = 1\nbb = 2\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        assert_eq!(f.line_col(9), (2, 4));
        assert_eq!(f.line_text(2), "bb = 2");
        assert_eq!(f.snippet(9), "  |\n2 | bb = 2\n  |    ^");
    }

    #[test]
    fn inserted_text_is_invisible_in_locations_and_snippets() {
        let mut f = SourceFile::new("main.tf".into(), "x\nt = { a = 1, a = 2, b = c }\n".into());
        let a2 = 15;
        assert_eq!(&f.text[a2..a2 + 1], "a");
        f.insert(a2 + 1, "\")");
        f.insert(a2, "(\"");
        assert_eq!(f.text, "x\nt = { a = 1, (\"a\") = 2, b = c }\n");
        // `c` is at column 25 of line 2 in the file, 29 in the text parsed.
        let c = f.text.find(" c ").unwrap() + 1;
        assert_eq!(f.line_col(c), (2, 25));
        assert_eq!(f.line_col(a2), (2, 14));
        assert_eq!(f.line_text(2), "t = { a = 1, a = 2, b = c }");
        assert_eq!(f.line_col(f.text.len()), (3, 1));
    }
}
