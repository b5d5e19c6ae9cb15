//! Source files of a configuration kept in memory: their text (for snippets in error messages)
//! and a line index that turns the byte offsets hcl-edit reports into 1-based line and column.

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
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { rel, text, line_starts, original: None }
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
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, column)
    }

    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location { file: self.rel.clone(), line, column }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else { return "" };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// A two-line snippet: the source line and a caret under the column (for rewritten text,
    /// the original line).
    pub fn snippet(&self, offset: usize) -> String {
        let (line, column) = self.line_col(offset);
        match &self.original {
            Some((original, _)) => snippet_for(original.line_text(line), line, column),
            None => snippet_for(self.line_text(line), line, column),
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
}
