//! Errors of the pricing catalog. Every message names the file (or CSV line) and says what to do.

use std::path::PathBuf;

/// What the user can do about a bad cache: the two remedies every cache error suggests.
pub const CACHE_REMEDY: &str =
    "run `costplan pricing refresh` to rewrite the cache, or point `--pricing-dir` at a good one";

#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    #[error("cannot read pricing cache `{}`: {source}; {CACHE_REMEDY}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("pricing cache file `{file}` is corrupt or truncated ({detail}); {CACHE_REMEDY}")]
    Corrupt { file: String, detail: String },

    #[error(
        "pricing cache file `{file}` does not match its checksum in manifest.json (expected \
         sha256 `{expected}`, found `{actual}`): it changed after it was written; {CACHE_REMEDY}"
    )]
    ChecksumMismatch { file: String, expected: String, actual: String },

    #[error(
        "pricing cache directory `{}` has no manifest.json, so its files cannot be trusted; \
         {CACHE_REMEDY}", dir.display()
    )]
    MissingManifest { dir: PathBuf },

    #[error("pricing cache directory `{}` does not exist; check `--pricing-dir`", dir.display())]
    DirNotFound { dir: PathBuf },

    #[error(
        "pricing cache file `{file}` has format version {found}, this costplan reads version \
         {expected}; {CACHE_REMEDY}"
    )]
    UnsupportedFormat { file: String, found: u32, expected: u32 },

    #[error("pricing cache manifest.json lists `{file}` but the file is missing; {CACHE_REMEDY}")]
    MissingFile { file: String },

    #[error(
        "pricing cache manifest `{manifest}` lists `{key}`, which is not a file inside the cache \
         directory ({detail}); costplan reads only files inside its cache; {CACHE_REMEDY}"
    )]
    UnsafePath { manifest: String, key: String, detail: String },

    #[error(
        "pricing cache manifest `{manifest}` lists no files, so the directory holds no prices; \
         {CACHE_REMEDY}"
    )]
    EmptyManifest { manifest: String },

    #[error(
        "refusing to replace `{}` with a pricing cache: {detail}. `costplan pricing refresh` \
         replaces the whole directory, so it writes only to a missing or empty directory or to a \
         costplan pricing cache; pass `--pricing-dir` a new directory", dir.display()
    )]
    NotACache { dir: PathBuf, detail: String },

    #[error("no pricing file for service `{service}` in region `{region}`")]
    NoFile { service: String, region: String },

    #[error("{file}:{line}: {message}")]
    SourceRow { file: String, line: u64, message: String },
}
