//! Module source addresses, read the way Terraform documents them
//! (<https://developer.hashicorp.com/terraform/language/modules/sources>).
//!
//! Contract:
//! - `./x`, `../x`: a local path (never cached; the loader reads it in place).
//! - `[host/]namespace/name/system[//subdir]`: a module registry address (default host
//!   `registry.terraform.io`); only these take a `version` constraint.
//! - `git::URL[//subdir][?ref=R]`, `github.com/o/r`, `bitbucket.org/o/r`, `git@host:o/r.git`: git.
//! - `https://…` (or `http::`/`https::` forced): an archive (`.zip`, `.tar.gz`, `.tgz`, or
//!   `?archive=zip|tar.gz`), or a page answering with an `X-Terraform-Get` header.
//! - `s3::`, `gcs::`, `hg::`, `*.s3*.amazonaws.com/…`, `www.googleapis.com/storage/…`: a clear
//!   "not supported" error saying how to install them instead.
//! - The `//subdir` is split off before anything else (as go-getter does), so a package is
//!   downloaded once whatever subdirectory a call uses.

use std::fmt;

use super::error::ModuleError;

/// The registry host of addresses that name none.
pub const DEFAULT_REGISTRY: &str = "registry.terraform.io";

/// A parsed module source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A relative path, as written.
    Local(String),
    Registry(RegistryAddress),
    /// A package fetched from a location (git or HTTP), with the subdirectory used in it.
    Remote {
        package: Package,
        subdir: Option<String>,
    },
}

/// A module registry address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryAddress {
    /// Lower-cased host, with its port when one is given.
    pub host: String,
    pub namespace: String,
    pub name: String,
    pub system: String,
    pub subdir: Option<String>,
}

impl RegistryAddress {
    /// `host/namespace/name/system`, the identity of the module in the cache.
    pub fn package_key(&self) -> String {
        format!("{}/{}/{}/{}", self.host, self.namespace, self.name, self.system)
    }
}

/// Something downloadable that is not a registry address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Package {
    /// A git repository URL (`https://…`, `ssh://…`, `git@host:path`, `file://…`) and the `ref`.
    Git { url: String, reference: Option<String> },
    /// An HTTP(S) URL (query kept, `archive=` removed) and the archive format when known.
    Http { url: String, archive: Option<ArchiveKind> },
}

impl Package {
    /// The identity of the package in the cache (its subdirectory excluded).
    pub fn key(&self) -> String {
        match self {
            Package::Git { url, .. } => format!("git::{url}"),
            Package::Http { url, .. } => url.clone(),
        }
    }

    /// The version part of the cache key: the git ref (or `default-branch`), `archive` for HTTP.
    pub fn version_label(&self) -> String {
        match self {
            Package::Git { reference: Some(r), .. } => format!("ref-{r}"),
            Package::Git { reference: None, .. } => "default-branch".into(),
            Package::Http { .. } => "archive".into(),
        }
    }
}

/// The archive formats costplan unpacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    TarGz,
    Zip,
}

impl ArchiveKind {
    /// The format a URL path or `archive=` value names.
    pub fn from_name(name: &str) -> Option<ArchiveKind> {
        let n = name.to_ascii_lowercase();
        if n.ends_with(".tar.gz") || n.ends_with(".tgz") || n == "tar.gz" || n == "tgz" {
            Some(ArchiveKind::TarGz)
        } else if n.ends_with(".zip") || n == "zip" {
            Some(ArchiveKind::Zip)
        } else {
            None
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Local(p) => write!(f, "{p}"),
            Source::Registry(r) => {
                write!(f, "{}", r.package_key())?;
                if let Some(s) = &r.subdir {
                    write!(f, "//{s}")?;
                }
                Ok(())
            }
            Source::Remote { package, subdir } => {
                write!(f, "{}", package.key())?;
                if let Some(s) = subdir {
                    write!(f, "//{s}")?;
                }
                Ok(())
            }
        }
    }
}

/// Parses a `source` argument.
pub fn parse(source: &str) -> Result<Source, ModuleError> {
    let bad = |detail: &str| ModuleError::BadSource {
        address: source.to_string(),
        detail: detail.to_string(),
    };
    let s = source.trim();
    if s.is_empty() {
        return Err(bad("it is empty"));
    }
    if is_local(s) {
        return Ok(Source::Local(s.to_string()));
    }
    if s.starts_with('/') || s.as_bytes().get(1) == Some(&b':') && !s.contains("::") {
        return Err(bad(
            "an absolute path is not a module source costplan reads; use a path relative to the calling module (`./modules/x`)",
        ));
    }
    // A forced getter: `git::…`, `s3::…` (not the `://` of a URL).
    let (forced, rest) = match s.find("::") {
        Some(i) if !s[..i].contains('/') && !s[..i].contains(':') => (Some(&s[..i]), &s[i + 2..]),
        _ => (None, s),
    };
    let (rest, subdir) = split_subdir(rest);
    let rest = rest.as_str();
    let subdir = subdir.map(|d| check_subdir(source, d)).transpose()?;
    match forced {
        Some("git") => return Ok(Source::Remote { package: git(rest), subdir }),
        Some("http" | "https") => {
            return Ok(Source::Remote { package: http(source, rest)?, subdir });
        }
        Some(other @ ("s3" | "gcs" | "hg")) => return Err(unsupported(source, other)),
        Some(other) => {
            return Err(bad(&format!(
                "`{other}::` is not a source type Terraform knows (git::, hg::, s3::, gcs::, http::)"
            )));
        }
        None => {}
    }
    if let Some(addr) = registry(rest, subdir.clone()) {
        return Ok(Source::Registry(addr));
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains(".s3.amazonaws.com/")
        || lower.contains(".s3-") && lower.contains(".amazonaws.com/")
    {
        return Err(unsupported(source, "s3"));
    }
    if lower.starts_with("www.googleapis.com/storage/") {
        return Err(unsupported(source, "gcs"));
    }
    for host in ["github.com/", "bitbucket.org/"] {
        if let Some(path) = lower.strip_prefix(host).map(|_| &rest[host.len()..]) {
            if path.split('/').filter(|p| !p.is_empty()).count() < 2 {
                return Err(bad(&format!("expected `{host}OWNER/REPOSITORY`")));
            }
            let (path, query) = split_query(path);
            let path = path.trim_end_matches(".git");
            let url = format!("https://{host}{path}.git{query}");
            return Ok(Source::Remote { package: git(&url), subdir });
        }
    }
    if lower.starts_with("git@") {
        return Ok(Source::Remote { package: git(rest), subdir });
    }
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(Source::Remote { package: http(source, rest)?, subdir });
    }
    Err(bad("expected a local path (`./x`), a registry address (`NAMESPACE/NAME/SYSTEM`), \
         `git::URL`, `github.com/OWNER/REPO` or an `https://` archive URL"))
}

fn is_local(s: &str) -> bool {
    s == "."
        || s == ".."
        || s.starts_with("./")
        || s.starts_with("../")
        || s.starts_with(".\\")
        || s.starts_with("..\\")
}

fn unsupported(source: &str, kind: &str) -> ModuleError {
    ModuleError::Unsupported { address: source.to_string(), kind: kind.to_string() }
}

/// Splits `url//sub/dir?q` into (`url?q`, `sub/dir`), ignoring the `//` of `scheme://`.
pub fn split_subdir(s: &str) -> (String, Option<String>) {
    let start = s.find("://").map_or(0, |i| i + 3);
    let (body, query) = split_query(s);
    let Some(i) = body[start..].find("//").map(|i| i + start) else {
        return (s.to_string(), None);
    };
    let sub = body[i + 2..].trim_matches('/').to_string();
    let url = format!("{}{query}", &body[..i]);
    (url, (!sub.is_empty()).then_some(sub))
}

/// (`path`, `?query` or empty).
fn split_query(s: &str) -> (&str, &str) {
    match s.find('?') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// A subdirectory must stay inside its package.
fn check_subdir(source: &str, sub: String) -> Result<String, ModuleError> {
    if sub.split('/').any(|p| p == "..") || sub.starts_with('/') || sub.contains('\\') {
        return Err(ModuleError::BadSource {
            address: source.to_string(),
            detail: format!("the subdirectory `{sub}` leaves the package"),
        });
    }
    Ok(sub)
}

/// A git package: the `ref` query argument taken out of the URL.
fn git(url: &str) -> Package {
    let (base, query) = split_query(url);
    let mut reference = None;
    let mut kept = Vec::new();
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("ref", v)) if !v.is_empty() => reference = Some(v.to_string()),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Package::Git { url, reference }
}

fn http(source: &str, url: &str) -> Result<Package, ModuleError> {
    let (base, query) = split_query(url);
    let mut archive = ArchiveKind::from_name(base);
    let mut kept = Vec::new();
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("archive", v)) => {
                archive =
                    Some(ArchiveKind::from_name(v).ok_or_else(|| ModuleError::BadSource {
                        address: source.to_string(),
                        detail: format!("`archive={v}`: costplan unpacks `zip` and `tar.gz`"),
                    })?);
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Ok(Package::Http { url, archive })
}

/// `[host/]namespace/name/system`, or `None` when `s` is not one.
fn registry(s: &str, subdir: Option<String>) -> Option<RegistryAddress> {
    if s.contains("://") || s.contains('?') {
        return None;
    }
    let parts: Vec<&str> = s.split('/').collect();
    let (host, rest) = match parts.len() {
        3 => (DEFAULT_REGISTRY.to_string(), &parts[..]),
        4 => {
            let host = parts[0].to_ascii_lowercase();
            // github.com and bitbucket.org are git shorthands, never registries.
            if host == "github.com" || host == "bitbucket.org" || !is_host(&host) {
                return None;
            }
            (host, &parts[1..])
        }
        _ => return None,
    };
    let [namespace, name, system] = rest else { return None };
    let part = |p: &str| {
        !p.is_empty()
            && p.len() <= 64
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && p.starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    let system_ok = !system.is_empty() && system.chars().all(|c| c.is_ascii_alphanumeric());
    (part(namespace) && part(name) && system_ok).then(|| RegistryAddress {
        host,
        namespace: (*namespace).to_string(),
        name: (*name).to_string(),
        system: system.to_ascii_lowercase(),
        subdir,
    })
}

/// A host name (with a dot, or `localhost`), optionally with a port.
fn is_host(h: &str) -> bool {
    let (name, port) = match h.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (h, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return false;
    }
    (name.contains('.') || name == "localhost")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(host: &str, ns: &str, name: &str, sys: &str, sub: Option<&str>) -> Source {
        Source::Registry(RegistryAddress {
            host: host.into(),
            namespace: ns.into(),
            name: name.into(),
            system: sys.into(),
            subdir: sub.map(Into::into),
        })
    }

    #[test]
    fn registry_addresses_with_and_without_host_and_subdir() {
        assert_eq!(
            parse("terraform-aws-modules/vpc/aws").unwrap(),
            reg(DEFAULT_REGISTRY, "terraform-aws-modules", "vpc", "aws", None)
        );
        assert_eq!(
            parse("app.terraform.io/example-corp/k8s-cluster/azurerm//modules/x").unwrap(),
            reg("app.terraform.io", "example-corp", "k8s-cluster", "azurerm", Some("modules/x"))
        );
        assert_eq!(
            parse("127.0.0.1:8080/acme/net/aws").unwrap(),
            reg("127.0.0.1:8080", "acme", "net", "aws", None)
        );
    }

    #[test]
    fn git_sources_keep_ref_and_subdir_apart() {
        let s = parse("git::https://example.com/network.git//modules/vpc?ref=v1.2.0").unwrap();
        assert_eq!(
            s,
            Source::Remote {
                package: Package::Git {
                    url: "https://example.com/network.git".into(),
                    reference: Some("v1.2.0".into())
                },
                subdir: Some("modules/vpc".into())
            }
        );
        let s = parse("github.com/hashicorp/example?ref=main").unwrap();
        assert_eq!(
            s,
            Source::Remote {
                package: Package::Git {
                    url: "https://github.com/hashicorp/example.git".into(),
                    reference: Some("main".into())
                },
                subdir: None
            }
        );
        let s = parse("git@github.com:hashicorp/example.git").unwrap();
        assert!(matches!(s, Source::Remote { package: Package::Git { .. }, .. }));
        let s = parse("git::file:///tmp/repo?ref=v1").unwrap();
        assert!(
            matches!(s, Source::Remote { package: Package::Git { ref url, .. }, .. } if url == "file:///tmp/repo")
        );
    }

    #[test]
    fn http_archives_know_their_format() {
        let s = parse("https://example.com/vpc-module.zip").unwrap();
        assert!(matches!(
            s,
            Source::Remote { package: Package::Http { archive: Some(ArchiveKind::Zip), .. }, .. }
        ));
        let s = parse("https://example.com/vpc?archive=zip&x=1").unwrap();
        assert_eq!(
            s,
            Source::Remote {
                package: Package::Http {
                    url: "https://example.com/vpc?x=1".into(),
                    archive: Some(ArchiveKind::Zip)
                },
                subdir: None
            }
        );
        let s = parse("https://example.com/m.tgz//modules/a").unwrap();
        assert_eq!(
            s,
            Source::Remote {
                package: Package::Http {
                    url: "https://example.com/m.tgz".into(),
                    archive: Some(ArchiveKind::TarGz)
                },
                subdir: Some("modules/a".into())
            }
        );
    }

    #[test]
    fn local_paths_and_unsupported_kinds() {
        assert_eq!(parse("./modules/x").unwrap(), Source::Local("./modules/x".into()));
        assert_eq!(parse("../x").unwrap(), Source::Local("../x".into()));
        for s in [
            "s3::https://s3-eu-west-1.amazonaws.com/examplecorp-terraform-modules/vpc.zip",
            "gcs::https://www.googleapis.com/storage/v1/modules/foomodule.zip",
            "hg::http://example.com/vpc.hg",
            "examplecorp-terraform-modules.s3.amazonaws.com/vpc.zip",
        ] {
            let e = parse(s).unwrap_err().to_string();
            assert!(e.contains("not supported") && e.contains("terraform init"), "{s}: {e}");
        }
        for s in ["/abs/path", "weird", "git::https://x//../../etc", "foo::bar"] {
            assert!(matches!(parse(s), Err(ModuleError::BadSource { .. })), "{s}");
        }
    }
}
