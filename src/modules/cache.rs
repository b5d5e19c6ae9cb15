//! The costplan module cache: downloaded module packages, keyed by source and resolved version,
//! outside the user's tree.
//!
//! Contract:
//! - Root: [`default_dir`], `$XDG_CACHE_HOME/costplan/modules` (else `~/.cache/costplan/modules`).
//! - Layout: `<root>/<package dir>/<version dir>/`, where the package directory is named from
//!   the package key (registry `host/ns/name/system`, `git::URL`, or the archive URL; never the
//!   subdirectory) with a hash suffix, and the version directory is the registry version, the
//!   git `ref-<ref>` (or `default-branch`) or `archive`. [`META`] in a version directory records
//!   the source, the version, where it was fetched from and the package's inner root (the
//!   `//subdir` of an `X-Terraform-Get` location).
//! - [`install`] fills a temporary directory beside the final one and renames it into place: a
//!   version directory is complete or absent, never half-written; a failed or interrupted fetch
//!   leaves only a `.tmp-*` directory, which readers ignore.
//! - [`lookup`] (used by the offline loader) reads only: it never downloads.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::address::{self, Source};
use super::error::ModuleError;
use super::version::{self, Constraint, Version};

/// The record of an installed version, inside its directory.
pub const META: &str = ".costplan-module.json";

/// What [`META`] holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Meta {
    pub package: String,
    pub version: String,
    /// Where the package was fetched from (tokens are never part of it).
    pub fetched_from: String,
    /// The git commit checked out, for git packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The module root inside the package (`X-Terraform-Get` `//subdir`), `""` for the top.
    #[serde(default)]
    pub root: String,
}

/// `$XDG_CACHE_HOME/costplan/modules` or `~/.cache/costplan/modules`.
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("costplan").join("modules"))
}

/// A name safe as one path component: the readable part of `text` and a hash of all of it.
fn component(text: &str, always_hash: bool) -> String {
    let safe: String =
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
    let safe = safe.trim_matches(['-', '.']).chars().take(60).collect::<String>();
    if !always_hash && safe == text && !safe.is_empty() {
        return safe;
    }
    let hash = Sha256::digest(text.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    if safe.is_empty() { hex } else { format!("{safe}-{hex}") }
}

/// The directory of package `key`.
pub fn package_dir(root: &Path, key: &str) -> PathBuf {
    root.join(component(key, true))
}

/// The directory of version `label` of package `key`.
pub fn version_dir(root: &Path, key: &str, label: &str) -> PathBuf {
    package_dir(root, key).join(component(label, false))
}

/// Reads the [`META`] of an installed version directory.
pub fn read_meta(dir: &Path) -> Option<Meta> {
    let text = crate::input_file::read_to_string(&dir.join(META)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The registry versions of `key` already in the cache.
pub fn cached_versions(root: &Path, key: &str) -> Vec<Version> {
    let Ok(entries) = std::fs::read_dir(package_dir(root, key)) else { return Vec::new() };
    let mut out: Vec<Version> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| read_meta(&e.path()))
        .filter(|m| m.package == key)
        .filter_map(|m| Version::parse(&m.version))
        .collect();
    out.sort();
    out
}

/// Whether the directory of an installation is there.
pub enum Installed {
    /// Already in the cache: nothing was fetched.
    Hit(PathBuf),
    /// Fetched now.
    Fetched(PathBuf),
}

impl Installed {
    pub fn dir(&self) -> &Path {
        match self {
            Installed::Hit(d) | Installed::Fetched(d) => d,
        }
    }
}

/// Installs version `label` of package `key` unless present: `fill` fetches into the empty
/// directory it is given and returns the [`Meta`] to record; the directory is renamed into place
/// only when `fill` succeeded.
pub fn install(
    root: &Path,
    key: &str,
    label: &str,
    fill: impl FnOnce(&Path) -> Result<Meta, ModuleError>,
) -> Result<Installed, ModuleError> {
    let dest = version_dir(root, key, label);
    if read_meta(&dest).is_some_and(|m| m.package == key) {
        return Ok(Installed::Hit(dest));
    }
    let parent = package_dir(root, key);
    std::fs::create_dir_all(&parent).map_err(|e| ModuleError::io(&parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempdir_in(&parent)
        .map_err(|e| ModuleError::io(&parent, e))?;
    let meta = fill(tmp.path())?;
    let text =
        serde_json::to_string_pretty(&meta).map_err(|e| ModuleError::io(tmp.path(), e.into()))?;
    std::fs::write(tmp.path().join(META), text).map_err(|e| ModuleError::io(tmp.path(), e))?;
    if read_meta(&dest).is_some_and(|m| m.package == key) {
        // Another process (the other side of a diff) installed it meanwhile: keep theirs.
        return Ok(Installed::Hit(dest));
    }
    if dest.exists() {
        // A directory without a valid META is no installation (written by hand, or by an
        // older layout): replace it.
        std::fs::remove_dir_all(&dest).map_err(|e| ModuleError::io(&dest, e))?;
    }
    match std::fs::rename(tmp.path(), &dest) {
        Ok(()) => {
            // The temporary directory is now `dest`: do not let its guard delete it.
            let _ = tmp.keep();
            Ok(Installed::Fetched(dest))
        }
        // Another process installed it meanwhile: keep theirs (ours is removed with `tmp`).
        Err(_) if read_meta(&dest).is_some_and(|m| m.package == key) => Ok(Installed::Hit(dest)),
        Err(e) => Err(ModuleError::io(&dest, e)),
    }
}

/// The module directory of an installed version: its inner root and the call's subdirectory.
pub fn module_dir(version_dir: &Path, subdir: Option<&str>) -> PathBuf {
    let root = read_meta(version_dir).map(|m| m.root).unwrap_or_default();
    let mut dir = version_dir.to_path_buf();
    for part in [root.as_str(), subdir.unwrap_or("")] {
        if !part.is_empty() {
            dir = dir.join(part);
        }
    }
    dir
}

/// The cached directory of module `source` with `version` constraint, for the offline loader;
/// `Err` says why it is not there.
pub fn lookup(root: &Path, source: &str, version: Option<&str>) -> Result<PathBuf, String> {
    let missing = |what: String| {
        format!(
            "{what} is not installed in .terraform/modules nor in the costplan module cache (run `costplan modules get`, or pass `--get-modules`)"
        )
    };
    let found = match address::parse(source).map_err(|e| e.to_string())? {
        Source::Local(_) => return Err(format!("`{source}` is a local path")),
        Source::Registry(addr) => {
            let key = addr.package_key();
            let constraint = Constraint::parse(version.unwrap_or("")).map_err(|e| e.to_string())?;
            let cached = cached_versions(root, &key);
            let Some(v) = version::select(&cached, &constraint) else {
                return Err(missing(format!("`{source}` ({})", constraint.text())));
            };
            module_dir(&version_dir(root, &key, &v.text), addr.subdir.as_deref())
        }
        Source::Remote { package, subdir } => {
            let dir = version_dir(root, &package.key(), &package.version_label());
            if read_meta(&dir).is_none() {
                return Err(missing(format!("`{source}`")));
            }
            module_dir(&dir, subdir.as_deref())
        }
    };
    if found.is_dir() {
        Ok(found)
    } else {
        Err(format!(
            "`{source}` is in the costplan module cache, but has no directory `{}`",
            found.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(key: &str, v: &str) -> Meta {
        Meta {
            package: key.into(),
            version: v.into(),
            fetched_from: "test".into(),
            commit: None,
            root: String::new(),
        }
    }

    #[test]
    fn install_is_atomic_and_a_second_install_is_a_hit() {
        let root = tempfile::tempdir().unwrap();
        let key = "registry.terraform.io/acme/net/aws";
        let failed = install(root.path(), key, "1.0.0", |dir| {
            std::fs::write(dir.join("main.tf"), "half").unwrap();
            Err(ModuleError::NoCacheDir)
        });
        assert!(failed.is_err());
        assert!(!version_dir(root.path(), key, "1.0.0").exists());
        // Nothing but (removed) temporary directories is left.
        let left: Vec<_> = std::fs::read_dir(package_dir(root.path(), key)).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        let first = install(root.path(), key, "1.0.0", |dir| {
            std::fs::write(dir.join("main.tf"), "x").unwrap();
            Ok(meta(key, "1.0.0"))
        })
        .unwrap();
        assert!(matches!(first, Installed::Fetched(_)));
        let second = install(root.path(), key, "1.0.0", |_| panic!("must not fetch")).unwrap();
        assert!(matches!(second, Installed::Hit(_)));
        let found = lookup(root.path(), "acme/net/aws", Some("~> 1.0")).unwrap();
        assert_eq!(std::fs::read_to_string(found.join("main.tf")).unwrap(), "x");
        let e = lookup(root.path(), "acme/net/aws", Some(">= 2.0")).unwrap_err();
        assert!(e.contains("costplan modules get"), "{e}");
    }

    #[test]
    fn odd_labels_become_safe_directory_names() {
        let d = version_dir(Path::new("/c"), "git::https://x/y.git", "ref-../../etc");
        assert!(d.starts_with("/c"));
        assert_eq!(d.components().count(), 4, "{}", d.display());
    }
}
