//! Errors that stop loading a configuration. Every variant names the file (and line and column
//! when there is one), shows the offending source line with a caret, and says what to do.

use std::path::PathBuf;

use super::instance::Location;
use crate::input_file::InputFileError;

/// A positioned problem: where, the source line with a caret, and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
    /// The source line with a caret under the column (empty when the source is not available).
    pub snippet: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.location.file, self.location.line, self.location.column, self.message
        )?;
        if !self.snippet.is_empty() {
            write!(f, "\n{}", self.snippet)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("path `{}` does not exist; pass the directory that holds your .tf files with --path", .0.display())]
    NotFound(PathBuf),
    #[error("`{}` is not a directory; pass the directory that holds your .tf files with --path", .0.display())]
    NotADirectory(PathBuf),
    #[error("no .tf or .tf.json files in `{}`; pass the directory of a Terraform root module with --path", .0.display())]
    NoTerraformFiles(PathBuf),
    #[error("cannot read `{}`: {source}; check that the file exists and is readable", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` is not UTF-8 text (binary file?); remove it from the configuration or fix its encoding", .0.display())]
    NotText(PathBuf),
    #[error("`{}` is {size} bytes, over the limit of {limit} bytes; costplan does not read input files this large", path.display())]
    FileTooLarge { path: PathBuf, size: u64, limit: u64 },
    /// A directory, FIFO, device or socket where a file was expected.
    #[error(transparent)]
    NotAFile(InputFileError),
    #[error(
        "{diag}\nhelp: fix the syntax at this position (`terraform fmt` reports the same problem)"
    )]
    Parse { diag: Diagnostic },
    #[error("{diag}\nhelp: {help}")]
    Eval { diag: Diagnostic, help: String },
    #[error("{}dependency cycle: {}\nhelp: break the cycle so that no value depends on itself", location_prefix(.location.as_ref()), cycle.join(" -> "))]
    Cycle { cycle: Vec<String>, location: Option<Location> },
    #[error("module cycle: {}\nhelp: a module must not call itself, directly or through other modules", chain.join(" -> "))]
    ModuleCycle { chain: Vec<String> },
    #[error("{}{message}\nhelp: {help}", location_prefix(.location.as_ref()))]
    Limit { message: String, location: Option<Location>, help: String },
    #[error("{path}: {message}\nhelp: fix the value in this file")]
    VarFile { path: String, message: String },
    #[error("invalid --var `{arg}`: {message}")]
    VarFlag { arg: String, message: String },
    #[error(
        "TF_WORKSPACE `{name}` is not a valid workspace name (Terraform refuses it too)\nhelp: use letters, digits and `- _ . ~ $ & + = : @`, or pass --workspace"
    )]
    InvalidWorkspace { name: String },
}

impl From<InputFileError> for LoadError {
    fn from(e: InputFileError) -> Self {
        match e {
            InputFileError::Io { path, cause } => LoadError::Io { path, source: cause },
            InputFileError::TooLarge { path, size } => {
                LoadError::FileTooLarge { path, size, limit: crate::input_file::MAX_BYTES }
            }
            InputFileError::NotText { path } => LoadError::NotText(path),
            e @ InputFileError::NotRegular { .. } => LoadError::NotAFile(e),
        }
    }
}

fn location_prefix(location: Option<&Location>) -> String {
    location.map_or_else(String::new, |l| format!("{}:{}:{}: ", l.file, l.line, l.column))
}
