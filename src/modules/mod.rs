//! Remote module sources: `costplan modules get`, the counterpart of the module half of
//! `terraform init`, into costplan's own cache ([`cache`]), never into the user's tree.
//!
//! Contract:
//! - [`get`] walks the module tree from a root directory without evaluating it (like
//!   `terraform init`): every `module` block's literal `source` and `version`, through local
//!   modules and the modules it installs, depth-first in name order.
//! - Sources are read as Terraform documents them ([`address`]); registry modules go through
//!   the registry protocol ([`registry`]) and the newest version allowed by the `version`
//!   constraint ([`version`]); git sources through the `git` command ([`git`]); archives are
//!   unpacked with path-traversal checks ([`archive`]).
//! - A package already in the cache is not downloaded again. A registry module whose constraint
//!   is one exact version (`version = "1.2.0"`) and is cached needs no request at all; any other
//!   constraint asks the registry for its version list (a small JSON document) and downloads
//!   only a version not yet cached.
//! - One module that fails does not stop the others: [`Report::failures`] lists each with the
//!   `file:line` of its `module` block and why.
//! - Network only here: the loader ([`crate::terraform`]) reads the cache through
//!   [`cache::lookup`] and never downloads.

pub mod address;
pub mod archive;
pub mod cache;
pub mod credentials;
mod error;
pub mod git;
pub mod net;
pub mod registry;
pub mod version;

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::ModuleError;

use address::{ArchiveKind, Package, RegistryAddress, Source};
use cache::{Installed, Meta};
use credentials::Credentials;
use net::Net;
use version::Constraint;

use crate::terraform::{self, Location, MAX_MODULE_DEPTH};

/// Where to cache and which environment to read tokens from.
#[derive(Debug, Clone)]
pub struct Options {
    pub cache: PathBuf,
    /// `TF_TOKEN_*` and `TF_CLI_CONFIG_FILE`.
    pub env: BTreeMap<String, String>,
    /// The home directory (`~/.terraformrc`, `~/.terraform.d/credentials.tfrc.json`).
    pub home: Option<PathBuf>,
}

impl Options {
    /// The default cache directory and the process's environment.
    pub fn from_process() -> Result<Options, ModuleError> {
        Ok(Options {
            cache: cache::default_dir().ok_or(ModuleError::NoCacheDir)?,
            env: std::env::vars()
                .filter(|(k, _)| k.starts_with("TF_TOKEN_") || k == "TF_CLI_CONFIG_FILE")
                .collect(),
            home: dirs::home_dir(),
        })
    }
}

/// One module call resolved to a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// `module.a.module.b`.
    pub call: String,
    pub source: String,
    /// The registry version, the git `ref-…`, or `archive`.
    pub version: String,
    /// Whether this run downloaded it (`false`: already in the cache, or a local path).
    pub downloaded: bool,
    pub dir: PathBuf,
}

/// One module call that could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub call: String,
    pub location: Location,
    pub message: String,
}

/// What [`get`] did.
#[derive(Debug, Default)]
pub struct Report {
    /// Remote modules, in walk order (local ones are walked, not listed).
    pub modules: Vec<Resolved>,
    pub failures: Vec<Failure>,
    /// Packages downloaded (registry, git or archive).
    pub downloads: usize,
    /// HTTP requests made (registry calls and archive downloads).
    pub requests: usize,
}

/// Resolves and caches every remote module the configuration at `root` calls.
pub fn get(root: &Path, opts: &Options) -> Result<Report, ModuleError> {
    let root = root.canonicalize().map_err(|e| ModuleError::io(root, e))?;
    let mut g = Getter {
        opts,
        net: OnceCell::new(),
        discovery: registry::Discovery::default(),
        memo: BTreeMap::new(),
        report: Report::default(),
    };
    let mut stack = vec![root.clone()];
    g.walk(&root, &root, "", &mut stack)?;
    g.report.requests = g.net.get().map_or(0, Net::requests);
    Ok(g.report)
}

/// [`get`] for a command that then loads the configuration (`--get-modules`): what could not
/// be fetched becomes a `module-get-failed` warning (the loader then reports the module as not
/// loaded), so the estimate still runs.
pub fn get_warnings(root: &Path) -> Vec<terraform::Warning> {
    let report = Options::from_process().and_then(|opts| get(root, &opts));
    match report {
        Ok(r) => r
            .failures
            .into_iter()
            .map(|f| {
                terraform::Warning::new(
                    "module-get-failed",
                    format!("could not fetch `{}`: {}", f.call, f.message),
                    Some(f.location),
                )
            })
            .collect(),
        Err(e) => vec![terraform::Warning::new(
            "module-get-failed",
            format!(
                "could not fetch the modules of `{}`: {}",
                root.display(),
                crate::error_chain::error_chain(&e)
            ),
            None,
        )],
    }
}

/// (directory, version label, downloaded now).
type Outcome = Result<(PathBuf, String, bool), String>;

struct Getter<'a> {
    opts: &'a Options,
    net: OnceCell<Net>,
    discovery: registry::Discovery,
    /// Each (source, version) is resolved once per run.
    memo: BTreeMap<(String, Option<String>), Outcome>,
    report: Report,
}

impl Getter<'_> {
    fn walk(
        &mut self,
        dir: &Path,
        root: &Path,
        prefix: &str,
        stack: &mut Vec<PathBuf>,
    ) -> Result<(), ModuleError> {
        let calls = terraform::module_calls(dir, root)
            .map_err(|e| ModuleError::Load { path: dir.to_path_buf(), source: Box::new(e) })?;
        for call in calls {
            let addr = format!("{prefix}module.{}", call.name);
            let fail = |message: String| Failure {
                call: addr.clone(),
                location: call.location.clone(),
                message,
            };
            let Some(source) = &call.source else {
                self.report
                    .failures
                    .push(fail("its `source` is missing or not a literal string".into()));
                continue;
            };
            let child = match address::parse(source) {
                Err(e) => {
                    self.report.failures.push(fail(e.to_string()));
                    continue;
                }
                Ok(Source::Local(rel)) => match dir.join(&rel).canonicalize() {
                    Ok(d) if d.is_dir() => d,
                    _ => {
                        self.report
                            .failures
                            .push(fail(format!("its source directory `{rel}` does not exist")));
                        continue;
                    }
                },
                Ok(parsed) => {
                    let key = (source.clone(), call.version.clone());
                    let outcome = match self.memo.get(&key) {
                        Some(o) => o.clone().map(|(d, v, _)| (d, v, false)),
                        None => {
                            let o = self
                                .resolve(&parsed, call.version.as_deref())
                                .map_err(|e| e.to_string());
                            self.memo.insert(key, o.clone());
                            o
                        }
                    };
                    match outcome {
                        Ok((d, version, downloaded)) => {
                            self.report.modules.push(Resolved {
                                call: addr.clone(),
                                source: source.clone(),
                                version,
                                downloaded,
                                dir: d.clone(),
                            });
                            d
                        }
                        Err(message) => {
                            self.report.failures.push(fail(message));
                            continue;
                        }
                    }
                }
            };
            // A module cycle or a runaway tree is the loader's to report.
            if stack.contains(&child) || stack.len() > MAX_MODULE_DEPTH {
                continue;
            }
            stack.push(child.clone());
            let result = self.walk(&child, root, &format!("{addr}."), stack);
            stack.pop();
            result?;
        }
        Ok(())
    }

    /// Creates the HTTP client (and reads the credentials) on the first need, so that a tree
    /// of git and cached modules never reads a CLI configuration or sets up TLS.
    fn ensure_net(&mut self) -> Result<(), ModuleError> {
        if self.net.get().is_none() {
            let creds = Credentials::load(&self.opts.env, self.opts.home.as_deref())?;
            let _ = self.net.set(Net::new(creds)?);
        }
        Ok(())
    }

    /// The client made by [`Getter::ensure_net`].
    fn http(&self) -> Result<&Net, ModuleError> {
        self.net.get().ok_or_else(not_set_up)
    }

    /// The module directory of a remote source, installing it unless cached.
    fn resolve(
        &mut self,
        source: &Source,
        version: Option<&str>,
    ) -> Result<(PathBuf, String, bool), ModuleError> {
        match source {
            // Local sources are walked in place, never resolved here.
            Source::Local(path) => Err(ModuleError::BadSource {
                address: path.clone(),
                detail: "a local path is read in place, not fetched".into(),
            }),
            Source::Registry(addr) => self.registry(addr, version),
            Source::Remote { package, subdir } => {
                if let Some(v) = version {
                    return Err(ModuleError::BadSource {
                        address: source.to_string(),
                        detail: format!(
                            "`version = \"{v}\"` applies only to registry modules; pin a git source with `?ref=` instead"
                        ),
                    });
                }
                if matches!(package, Package::Http { .. }) {
                    self.ensure_net()?;
                }
                let label = package.version_label();
                let installed = cache::install(&self.opts.cache, &package.key(), &label, |dir| {
                    self.fetch_package(package, dir, 0).map(|(from, commit, root)| Meta {
                        package: package.key(),
                        version: label.clone(),
                        fetched_from: from,
                        commit,
                        root,
                    })
                })?;
                Ok(self.finish(installed, label, subdir.as_deref()))
            }
        }
    }

    fn finish(
        &mut self,
        installed: Installed,
        label: String,
        subdir: Option<&str>,
    ) -> (PathBuf, String, bool) {
        let fetched = matches!(installed, Installed::Fetched(_));
        if fetched {
            self.report.downloads += 1;
        }
        (cache::module_dir(installed.dir(), subdir), label, fetched)
    }

    fn registry(
        &mut self,
        addr: &RegistryAddress,
        version: Option<&str>,
    ) -> Result<(PathBuf, String, bool), ModuleError> {
        let constraint = Constraint::parse(version.unwrap_or(""))?;
        let key = addr.package_key();
        // An exact version already cached needs nothing from the registry.
        if let Some(exact) = constraint.exact() {
            let cached = cache::cached_versions(&self.opts.cache, &key);
            if let Some(v) = cached.iter().find(|v| *v == exact) {
                let dir = cache::version_dir(&self.opts.cache, &key, &v.text);
                return Ok(self.finish(
                    Installed::Hit(dir),
                    v.text.clone(),
                    addr.subdir.as_deref(),
                ));
            }
        }
        self.ensure_net()?;
        // The field, not `self.http()`: `self.discovery` is borrowed mutably beside it.
        let Some(net) = self.net.get() else { return Err(not_set_up()) };
        let base = self.discovery.base(net, &addr.host)?;
        let available = registry::versions(net, &base, addr)?;
        let Some(chosen) = version::select(&available, &constraint).cloned() else {
            let list: Vec<&str> = available.iter().map(|v| v.text.as_str()).collect();
            return Err(ModuleError::NoMatchingVersion {
                module: addr.package_key(),
                constraint: constraint.text().to_string(),
                available: if list.is_empty() { "no versions".into() } else { list.join(", ") },
            });
        };
        let installed = cache::install(&self.opts.cache, &key, &chosen.text, |dir| {
            let location = registry::location(self.http()?, &base, addr, &chosen)?;
            let (from, commit, root) = self.fetch_location(&location, dir, 0)?;
            Ok(Meta {
                package: key.clone(),
                version: chosen.text.clone(),
                fetched_from: from,
                commit,
                root,
            })
        })?;
        Ok(self.finish(installed, chosen.text.clone(), addr.subdir.as_deref()))
    }

    /// Fetches a go-getter address (an `X-Terraform-Get` location) into `dest`:
    /// (where from, git commit, inner root). A location a server chose may not name this
    /// machine's files (`git::file://…`, `git::/path`).
    fn fetch_location(
        &self,
        location: &str,
        dest: &Path,
        hops: usize,
    ) -> Result<(String, Option<String>, String), ModuleError> {
        match address::parse(location)? {
            Source::Remote { package: Package::Git { url, .. }, .. }
                if url.to_ascii_lowercase().starts_with("file:") || url.starts_with('/') =>
            {
                Err(ModuleError::BadSource {
                    address: location.to_string(),
                    detail: "a download location may not be a local repository".into(),
                })
            }
            Source::Remote { package, subdir } => {
                let (from, commit, inner) = self.fetch_package(&package, dest, hops)?;
                let root = match (inner.as_str(), subdir) {
                    ("", s) => s.unwrap_or_default(),
                    (i, None) => i.to_string(),
                    (i, Some(s)) => format!("{i}/{s}"),
                };
                Ok((from, commit, root))
            }
            _ => Err(ModuleError::BadSource {
                address: location.to_string(),
                detail: "a download location must be a git or HTTP(S) address".into(),
            }),
        }
    }

    /// Fetches a package into `dest`: (where from, git commit, inner root).
    fn fetch_package(
        &self,
        package: &Package,
        dest: &Path,
        hops: usize,
    ) -> Result<(String, Option<String>, String), ModuleError> {
        match package {
            Package::Git { url, reference } => {
                let commit = git::fetch(url, reference.as_deref(), dest)?;
                Ok((package.key(), Some(commit), String::new()))
            }
            Package::Http { url, archive } => {
                let net = self.http()?;
                let answer = net.get(url, false)?;
                if !answer.status.is_success() {
                    return Err(ModuleError::Status {
                        url: url.clone(),
                        status: answer.status.as_u16(),
                        detail: String::new(),
                    });
                }
                if archive.is_none()
                    && let Some(next) =
                        answer.headers.get("x-terraform-get").and_then(|h| h.to_str().ok())
                {
                    if hops >= 3 {
                        return Err(ModuleError::Archive {
                            url: url.clone(),
                            detail: "too many `X-Terraform-Get` redirections".into(),
                        });
                    }
                    return self.fetch_location(&net::resolve(url, next), dest, hops + 1);
                }
                let kind = archive.or_else(|| sniff(&answer.body)).ok_or_else(|| ModuleError::Archive {
                    url: url.clone(),
                    detail: "it is neither a .tar.gz nor a .zip archive (add `?archive=zip` or `?archive=tar.gz` if it is one)".into(),
                })?;
                archive::unpack(&answer.body, kind, dest)
                    .map_err(|detail| ModuleError::Archive { url: url.clone(), detail })?;
                Ok((url.clone(), None, String::new()))
            }
        }
    }
}

fn not_set_up() -> ModuleError {
    ModuleError::Discovery {
        host: "(none)".into(),
        detail: "internal error: the HTTP client was not set up".into(),
    }
}

/// The archive format of `bytes` from its magic number.
fn sniff(bytes: &[u8]) -> Option<ArchiveKind> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some(ArchiveKind::TarGz)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some(ArchiveKind::Zip)
    } else {
        None
    }
}
