//! Errors of scenario and usage-file loading. Every message names the file (and line when
//! known) and the key, and says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },

    /// Unreadable, not a regular file, too large or not text.
    #[error(transparent)]
    File(#[from] crate::input_file::InputFileError),

    /// Malformed YAML or a value of the wrong shape; `message` from the YAML parser includes the
    /// key path (`mix.sign.share: ...`).
    #[error("{origin}:{line}:{column}: {message}")]
    Yaml { origin: String, line: usize, column: usize, message: String },

    #[error("{origin}{}: `{key}`: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid { origin: String, line: Option<usize>, key: String, message: String },

    #[error(transparent)]
    UnknownKey(Box<UnknownKey>),

    #[error(
        "unknown built-in scenario `{name}`; built-in scenarios: {known} (or give a file path)"
    )]
    UnknownScenario { name: String, known: String },

    /// `--scenario` names a file that does not exist.
    #[error(
        "--scenario `{}`: no such file; give the path of a scenario YAML file, or a built-in scenario: {known}",
        path.display()
    )]
    NoScenarioFile { path: PathBuf, known: String },
}

/// A usage key not listed for the resource type (a typo, usually).
#[derive(Debug, thiserror::Error)]
#[error(
    "{origin}{}: unknown usage key `{key}` for `{address}`{}; valid keys: {valid}",
    line.map(|l| format!(":{l}")).unwrap_or_default(),
    suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
)]
pub struct UnknownKey {
    pub origin: String,
    pub line: Option<usize>,
    pub address: String,
    pub key: String,
    pub suggestion: Option<String>,
    pub valid: String,
}

/// The 1-based line of the first occurrence of `needle` at or after the line holding `after`
/// (both plain text), for pointing at keys inside maps the YAML parser has already flattened.
pub(crate) fn find_line(text: &str, after: Option<&str>, needle: &str) -> Option<usize> {
    let start = match after {
        Some(a) => text.lines().position(|l| l.contains(a))?,
        None => 0,
    };
    text.lines().enumerate().skip(start).find(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1)
}

/// The 1-based line of the key `path` (dotted, `standard.storage_gb`) in the map of `address`:
/// each segment is looked for as a key (`storage_gb:` at the start of a line, quoted or not)
/// after the line of the one before, so `glacier_flexible_retrieval.storage_gb` points at the
/// `storage_gb` under `glacier_flexible_retrieval`, not at an earlier `storage_gb` or at
/// `frequent_access_storage_gb`.
pub(crate) fn find_key_line(text: &str, address: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let is_key = |line: &str, key: &str| {
        let t = line.trim_start().trim_start_matches("- ");
        [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")]
            .iter()
            .any(|k| t.starts_with(k.as_str()))
    };
    let mut at = lines.iter().position(|l| is_key(l, address))?;
    for segment in path.split('.') {
        at = (at + 1..lines.len()).find(|&i| is_key(lines[i], segment))?;
    }
    Some(at + 1)
}
