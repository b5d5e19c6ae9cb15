//! Why a module could not be resolved, downloaded or installed. Messages name the source (as
//! written) or the URL, and say what to do; they never contain a token.

use std::path::PathBuf;

use crate::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    #[error("module source `{address}`: {detail}")]
    BadSource { address: String, detail: String },
    #[error(
        "module source `{address}`: {kind} sources are not supported by costplan (no {kind} \
         credentials are read); run `terraform init` (which installs it in .terraform/modules, \
         where costplan finds it) or publish the module to a registry or git repository"
    )]
    Unsupported { address: String, kind: String },
    #[error("version constraint `{constraint}`: {detail}")]
    BadConstraint { constraint: String, detail: String },
    #[error(
        "module `{module}`: no version matches `{constraint}` (the registry has: {available}); \
         change the `version` argument"
    )]
    NoMatchingVersion { module: String, constraint: String, available: String },
    #[error("module registry `{host}`: {detail}")]
    Discovery { host: String, detail: String },
    #[error("{url}: HTTP {status}{}", if detail.is_empty() { String::new() } else { format!(": {detail}") })]
    Status { url: String, status: u16, detail: String },
    #[error("{url}: {source}")]
    Http {
        url: String,
        #[source]
        source: HttpError,
    },
    #[error("git {url}: {detail}")]
    Git { url: String, detail: String },
    #[error("archive from {url}: {detail}; nothing was installed")]
    Archive { url: String, detail: String },
    #[error("`{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Terraform CLI configuration `{}`: {detail}", path.display())]
    CliConfig { path: PathBuf, detail: String },
    #[error(
        "no cache directory: set XDG_CACHE_HOME or HOME (modules are cached in \
         $XDG_CACHE_HOME/costplan/modules)"
    )]
    NoCacheDir,
    #[error("reading the modules of `{}`", path.display())]
    Load {
        path: PathBuf,
        #[source]
        source: Box<crate::terraform::LoadError>,
    },
}

impl ModuleError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ModuleError::Io { path: path.into(), source }
    }
}
