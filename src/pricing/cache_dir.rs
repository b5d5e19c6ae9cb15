//! What a pricing cache directory owns, and keeping every path inside it.
//!
//! Contract:
//! - A cache directory holds [`MANIFEST`], the marker file [`MARKER`] (written by
//!   `pricing refresh`) and the files the manifest lists. Nothing else in it belongs to costplan.
//! - [`file_path`] turns a manifest key into a path inside the directory, or refuses it: the key
//!   must be relative, made of plain names separated by `/` (no `..`, `.`, root, drive or `\`),
//!   and an existing file must not resolve (through symlinks) outside the directory. Every
//!   reader and writer of manifest-listed files goes through it, so a manifest key such as
//!   `../../../../etc/passwd` never makes costplan open or write a file outside the cache.
//! - [`check_replaceable`] says whether `pricing refresh` may replace a directory wholesale (it
//!   swaps in a new directory, and the old one is deleted): only a missing or empty directory,
//!   or a costplan cache (marker and manifest; a cache written before the marker existed is
//!   recognised by its manifest's `generator`) holding nothing its manifest does not own. A
//!   project, a git checkout or a cache with a stray file is refused, and nothing is deleted.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::error::PricingError;
use super::format::Manifest;

/// The manifest's file name in a cache directory.
pub const MANIFEST: &str = "manifest.json";

/// The marker file that says "this directory is a costplan pricing cache".
pub const MARKER: &str = ".costplan-pricing-cache";

/// What the marker file says, for whoever finds it.
pub const MARKER_TEXT: &str = "This directory is a costplan pricing cache, written by \
`costplan pricing refresh`, which replaces the whole directory. Keep nothing else in it: a file \
its manifest.json does not list makes the next refresh refuse to run.\n";

/// The `generator` prefix of manifests written by `pricing refresh`, which identifies caches
/// written before the marker existed.
pub const REFRESH_GENERATOR: &str = "costplan pricing refresh";

/// How many unowned entries an error lists.
const LISTED: usize = 5;

/// The path of manifest key `key` inside cache directory `dir`; see the module contract.
/// `Err` holds why the key is refused.
pub fn file_path(dir: &Path, key: &str) -> Result<PathBuf, String> {
    if key.is_empty() {
        return Err("the key is empty".into());
    }
    if key.contains('\\') {
        return Err("it contains `\\`; keys separate directories with `/`".into());
    }
    let rel = Path::new(key);
    if let Some(c) = rel.components().find(|c| !matches!(c, Component::Normal(_))) {
        return Err(match c {
            Component::ParentDir => "it contains `..`".into(),
            Component::CurDir => "it contains `.`".into(),
            _ => "it is an absolute path".into(),
        });
    }
    let path = dir.join(rel);
    // A symlink inside the cache may still point outside it: compare the resolved paths. A file
    // that does not exist cannot be opened; its absence is reported by the caller.
    if let (Ok(real), Ok(root)) = (path.canonicalize(), dir.canonicalize())
        && !real.starts_with(&root)
    {
        return Err(format!("it resolves to `{}`, outside the cache", real.display()));
    }
    Ok(path)
}

/// Whether `pricing refresh` may replace `dir` with a new cache; see the module contract.
pub fn check_replaceable(dir: &Path) -> Result<(), PricingError> {
    let refuse = |detail: String| PricingError::NotACache { dir: dir.to_path_buf(), detail };
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(PricingError::Io { path: dir.to_path_buf(), source }),
    };
    if !meta.is_dir() {
        return Err(refuse("it is not a directory".into()));
    }
    let marked = dir.join(MARKER).is_file();
    let manifest = crate::input_file::read_to_string(&dir.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok());
    let legacy = manifest.as_ref().is_some_and(|m| m.generator.starts_with(REFRESH_GENERATOR));
    let owned: BTreeSet<String> =
        manifest.as_ref().map(|m| m.files.keys().cloned().collect()).unwrap_or_default();
    // With the marker but no readable manifest (a damaged cache, which a refresh repairs), the
    // cache layout `aws/<service>/<region>.json` is costplan's.
    let by_layout = marked && manifest.is_none();
    let mut unowned = Vec::new();
    walk(dir, dir, &mut |rel, is_dir| {
        if is_dir {
            return;
        }
        let ours = rel == MARKER
            || rel == MANIFEST
            || owned.contains(rel)
            || (by_layout && is_layout_file(rel));
        if !ours {
            unowned.push(rel.to_string());
        }
    })
    .map_err(|(path, source)| PricingError::Io { path, source })?;
    if unowned.is_empty() {
        return Ok(());
    }
    unowned.sort();
    let mut listed: Vec<String> =
        unowned.iter().take(LISTED).map(|f| format!("`{f}`")).collect::<Vec<_>>();
    if unowned.len() > LISTED {
        listed.push(format!("and {} more", unowned.len() - LISTED));
    }
    let listed = listed.join(", ");
    Err(refuse(if marked || legacy {
        format!(
            "it holds {} file(s) its {MANIFEST} does not list ({listed}), which a refresh would \
             delete; move them out of the cache",
            unowned.len()
        )
    } else {
        format!(
            "it is not empty and not a costplan pricing cache (no `{MARKER}` marker and no \
             {MANIFEST} written by `{REFRESH_GENERATOR}`); it holds {listed}"
        )
    }))
}

/// `aws/<service>/<region>.json`.
fn is_layout_file(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    matches!(parts.as_slice(), ["aws", s, f] if !s.is_empty() && f.len() > 5 && f.ends_with(".json"))
}

/// Calls `visit(relative path with '/', is_dir)` for everything under `dir`, without following
/// symlinks (a symlink is reported as a file).
fn walk(
    root: &Path,
    dir: &Path,
    visit: &mut dyn FnMut(&str, bool),
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let is_dir = entry.file_type().map_err(|e| (path.clone(), e))?.is_dir();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        visit(&rel, is_dir);
        if is_dir {
            walk(root, &path, visit)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_must_be_plain_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            file_path(dir.path(), "aws/AmazonRDS/us-east-1.json").unwrap(),
            dir.path().join("aws/AmazonRDS/us-east-1.json")
        );
        for (key, why) in [
            ("../../../../etc/passwd", "`..`"),
            ("aws/../../x.json", "`..`"),
            ("/etc/passwd", "absolute"),
            ("./aws/x.json", "`.`"),
            ("aws\\..\\x.json", "`\\`"),
            ("", "empty"),
        ] {
            let err = file_path(dir.path(), key).unwrap_err();
            assert!(err.contains(why), "{key}: {err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_cache_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("aws")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.json"),
            dir.path().join("aws/x.json"),
        )
        .unwrap();
        let err = file_path(dir.path(), "aws/x.json").unwrap_err();
        assert!(err.contains("outside the cache"), "{err}");
    }
}
