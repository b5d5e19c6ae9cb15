//! The one way costplan parses YAML (scenario, usage-file and `costplan.yml` files, Terraform's
//! `yamldecode`): [`from_str`] refuses a document whose flow collections (`[` and `{`) nest
//! deeper than [`MAX_DEPTH`] before the YAML parser sees it. The parser's time grows with the
//! square of the nesting (a 100,000-deep `[[[...]]]` took minutes before failing at serde's
//! recursion limit of 128); this linear scan answers at once, with the line and column.
//!
//! The scan counts `[`/`{` where a flow collection can start (at the start of a value: line
//! start, after `:`, `-`, `?`, `,` or another bracket; anywhere inside brackets) outside quoted
//! scalars and comments, and `]`/`}`. Brackets inside a block plain scalar (`a: x [y`) are text,
//! not counted. Block nesting (indentation) needs a line per level and stays within the input
//! size limit.

use serde::de::DeserializeOwned;

/// The deepest flow nesting accepted: serde's recursion limit, so nothing serde would read is
/// refused.
pub const MAX_DEPTH: usize = 128;

/// Why a YAML text was not read.
#[derive(Debug)]
pub enum YamlError {
    /// Flow collections nest deeper than [`MAX_DEPTH`]; 1-based line and column of the opening
    /// bracket past the limit.
    TooDeep { line: usize, column: usize },
    /// The YAML parser's or serde's error.
    Parse(serde_norway::Error),
}

impl YamlError {
    /// 1-based line and column, when known.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            YamlError::TooDeep { line, column } => Some((*line, *column)),
            YamlError::Parse(e) => e.location().map(|l| (l.line(), l.column())),
        }
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YamlError::TooDeep { line, column } => write!(
                f,
                "`[`/`{{` nested more than {MAX_DEPTH} deep: costplan reads at most {MAX_DEPTH} \
                 levels at line {line} column {column}"
            ),
            YamlError::Parse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for YamlError {}

/// Deserializes `text` after checking its nesting depth.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some((line, column)) = too_deep_at(text) {
        return Err(YamlError::TooDeep { line, column });
    }
    serde_norway::from_str(text).map_err(YamlError::Parse)
}

/// Where the flow nesting first goes past [`MAX_DEPTH`], if it does.
fn too_deep_at(text: &str) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum In {
        Plain,
        Single,
        Double,
        Comment,
    }
    let (mut line, mut column) = (1usize, 0usize);
    let mut depth = 0usize;
    let mut state = In::Plain;
    // The last character that was not a space or tab on this line (None at its start).
    let mut prev: Option<char> = None;
    let mut prev_was_space = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            if state == In::Comment {
                state = In::Plain;
            }
            prev = None;
            prev_was_space = true;
            continue;
        }
        match state {
            In::Comment => continue,
            In::Single => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        column += 1;
                    } else {
                        state = In::Plain;
                    }
                }
                continue;
            }
            In::Double => {
                if c == '\\' {
                    if chars.next().is_some() {
                        column += 1;
                    }
                } else if c == '"' {
                    state = In::Plain;
                }
                continue;
            }
            In::Plain => {}
        }
        // Where a value starts: a quoted scalar or (outside brackets) a flow collection. Inside
        // brackets every `[`/`{` outside quotes opens one: flow plain scalars cannot hold them.
        let value_start = matches!(prev, None | Some(':' | '-' | '?'))
            || (depth > 0 && matches!(prev, Some(',' | '[' | '{')));
        match c {
            '#' if prev_was_space => state = In::Comment,
            '\'' if value_start => state = In::Single,
            '"' if value_start => state = In::Double,
            '[' | '{' if value_start || depth > 0 => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev_was_space = c == ' ' || c == '\t';
        if !prev_was_space {
            prev = Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("a: {}{}\n", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        let v: serde_norway::Value = match from_str(&nested(MAX_DEPTH - 1)) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        assert!(v.get("a").is_some());
    }

    #[test]
    fn nesting_past_the_limit_is_refused_at_its_bracket() {
        let text = format!("x: 1\n{}", nested(100_000));
        match from_str::<serde_norway::Value>(&text) {
            Err(YamlError::TooDeep { line, column }) => {
                assert_eq!((line, column), (2, 4 + MAX_DEPTH));
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn brackets_in_quotes_comments_and_words_do_not_count() {
        let deep = "[".repeat(MAX_DEPTH + 5);
        let text =
            format!("a: '{deep}'\nb: \"{deep}\\\"{deep}\"\n# {deep}\nc: x{deep}\nd: it's {deep}\n");
        assert!(too_deep_at(&text).is_none(), "{text}");
    }
}
