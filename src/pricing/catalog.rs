//! The catalog: every cache file available to this run, keyed by service code and region.
//!
//! Layers, later wins per file: the snapshot embedded in the binary, the user cache
//! (`$COSTPLAN_PRICING_DIR`, else the platform cache dir + `costplan/pricing`), then
//! `--pricing-dir`. Embedded files are parsed lazily, on the first query for their service and
//! region, so start-up costs nothing per file. Files from a directory are verified (checksum from
//! its `manifest.json`, format version, JSON shape) when the catalog is loaded, so a corrupt
//! cache is an error naming the file before any estimate runs.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use super::bundled;
use super::cache_dir;
use super::error::PricingError;
use super::format::{CacheFile, FORMAT_VERSION, Manifest, ManifestEntry, Product};
use super::index::FileIndex;
use super::price::{Resolution, SourceInfo};
use super::query::PriceQuery;

/// Environment variable naming the user cache directory (overrides the platform cache dir).
pub const ENV_PRICING_DIR: &str = "COSTPLAN_PRICING_DIR";

/// Where to look for cache directories besides the embedded snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogOptions {
    /// `--pricing-dir`: must exist and hold a `manifest.json`.
    pub pricing_dir: Option<PathBuf>,
    /// The user cache (see [`CatalogOptions::default_user_cache`]); skipped when it does not
    /// exist.
    pub user_cache: Option<PathBuf>,
}

impl CatalogOptions {
    /// `$COSTPLAN_PRICING_DIR`, else `<platform cache dir>/costplan/pricing`.
    pub fn default_user_cache() -> Option<PathBuf> {
        match std::env::var_os(ENV_PRICING_DIR) {
            Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
            _ => dirs::cache_dir().map(|d| d.join("costplan").join("pricing")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// gzip-compressed JSON embedded in the binary.
    Bundled(&'static [u8]),
    Dir(PathBuf),
}

#[derive(Debug)]
struct Slot {
    file: String,
    origin: Origin,
    manifest: Option<ManifestEntry>,
    index: OnceLock<Result<FileIndex, PricingError>>,
    used: AtomicBool,
}

impl Slot {
    fn index(&self) -> Result<&FileIndex, &PricingError> {
        self.index
            .get_or_init(|| match &self.origin {
                Origin::Bundled(gz) => bundled::text(gz)
                    .map_err(|detail| PricingError::Corrupt { file: self.file.clone(), detail })
                    .and_then(|text| parse_file(&self.file, &text)),
                // Directory files are parsed at load; never reached.
                Origin::Dir(dir) => Err(PricingError::MissingFile {
                    file: dir.join(&self.file).display().to_string(),
                }),
            })
            .as_ref()
    }

    fn origin_label(&self) -> String {
        match &self.origin {
            Origin::Bundled(_) => "bundled".to_string(),
            Origin::Dir(d) => d.display().to_string(),
        }
    }
}

/// All prices available to this run. Cheap to create; resolve from many threads.
#[derive(Debug, Default)]
pub struct Catalog {
    services: HashMap<String, HashMap<String, Slot>>,
    /// The embedded manifest, parsed on first use (status, sources): not needed to resolve.
    bundled_manifest: OnceLock<Option<Manifest>>,
}

impl Catalog {
    /// The snapshot embedded in the binary, nothing else.
    pub fn bundled() -> Self {
        let mut cat = Catalog::default();
        for (file, text) in bundled::FILES {
            let Some((service, region)) = split_file_key(file) else { continue };
            cat.insert(
                service,
                region,
                Slot {
                    file: (*file).to_string(),
                    origin: Origin::Bundled(text),
                    manifest: None,
                    index: OnceLock::new(),
                    used: AtomicBool::new(false),
                },
            );
        }
        cat
    }

    /// The embedded snapshot overlaid by the user cache, then by `--pricing-dir`, file by file.
    pub fn load(opts: &CatalogOptions) -> Result<Self, PricingError> {
        let mut cat = Self::bundled();
        if let Some(dir) = opts.user_cache.as_ref().filter(|d| d.exists()) {
            cat.overlay_dir(dir, false)?;
        }
        if let Some(dir) = &opts.pricing_dir {
            if !dir.is_dir() {
                return Err(PricingError::DirNotFound { dir: dir.clone() });
            }
            cat.overlay_dir(dir, true)?;
        }
        Ok(cat)
    }

    /// Only the files of one directory (no embedded snapshot): for tests and for checking a
    /// refreshed cache on its own.
    pub fn from_dir(dir: &Path) -> Result<Self, PricingError> {
        if !dir.is_dir() {
            return Err(PricingError::DirNotFound { dir: dir.to_path_buf() });
        }
        let mut cat = Catalog::default();
        cat.overlay_dir(dir, true)?;
        Ok(cat)
    }

    fn insert(&mut self, service: &str, region: &str, slot: Slot) {
        self.services.entry(service.to_string()).or_default().insert(region.to_string(), slot);
    }

    fn overlay_dir(&mut self, dir: &Path, required: bool) -> Result<(), PricingError> {
        let manifest_path = dir.join(cache_dir::MANIFEST);
        let read = crate::input_file::read_to_string(&manifest_path).map_err(std::io::Error::from);
        let text = match read {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // An empty or absent user cache is normal; files without a manifest are not.
                if required || dir.join("aws").exists() {
                    return Err(PricingError::MissingManifest { dir: dir.to_path_buf() });
                }
                return Ok(());
            }
            Err(source) => return Err(PricingError::Io { path: manifest_path, source }),
        };
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| PricingError::Corrupt {
                file: manifest_path.display().to_string(),
                detail: e.to_string(),
            })?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(PricingError::UnsupportedFormat {
                file: manifest_path.display().to_string(),
                found: manifest.format_version,
                expected: FORMAT_VERSION,
            });
        }
        if manifest.files.is_empty() {
            return Err(PricingError::EmptyManifest {
                manifest: manifest_path.display().to_string(),
            });
        }
        for (file, entry) in &manifest.files {
            let path =
                cache_dir::file_path(dir, file).map_err(|detail| PricingError::UnsafePath {
                    manifest: manifest_path.display().to_string(),
                    key: file.clone(),
                    detail,
                })?;
            let shown = path.display().to_string();
            let bytes = match crate::input_file::read(&path).map_err(std::io::Error::from) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(PricingError::MissingFile { file: shown });
                }
                Err(source) => return Err(PricingError::Io { path, source }),
            };
            let actual = sha256_hex(&bytes);
            if !actual.eq_ignore_ascii_case(&entry.sha256) {
                return Err(PricingError::ChecksumMismatch {
                    file: shown,
                    expected: entry.sha256.clone(),
                    actual,
                });
            }
            let text = String::from_utf8(bytes).map_err(|e| PricingError::Corrupt {
                file: shown.clone(),
                detail: format!("not UTF-8: {e}"),
            })?;
            let index = parse_file(file, &text).map_err(|e| relabel(e, &shown))?;
            let (service, region) = (index.data.service_code.clone(), index.data.region.clone());
            let slot = Slot {
                file: file.clone(),
                origin: Origin::Dir(dir.to_path_buf()),
                manifest: Some(entry.clone()),
                index: OnceLock::from(Ok(index)),
                used: AtomicBool::new(false),
            };
            self.insert(&service, &region, slot);
        }
        Ok(())
    }

    fn slot(&self, service: &str, region: &str) -> Option<&Slot> {
        self.services.get(service).and_then(|r| r.get(region))
    }

    /// Resolves a query to exactly one price, or says why not. Never guesses: several matching
    /// products (or terms, or units) give [`Resolution::Ambiguous`]; no match gives
    /// [`Resolution::NotFound`] with the closest values the catalog has.
    pub fn resolve(&self, q: &PriceQuery) -> Resolution {
        let Some(regions) = self.services.get(&q.service) else {
            let known: Vec<&str> = self.services.keys().map(String::as_str).collect();
            return Resolution::NotFound {
                hint: format!("no prices for service `{}` in any region", q.service),
                closest: rank(&q.service, known),
            };
        };
        let Some(slot) = regions.get(&q.region) else {
            if let Some(hint) = super::region::not_covered(&q.region) {
                return Resolution::NotFound { hint, closest: Vec::new() };
            }
            let known: Vec<&str> = regions.keys().map(String::as_str).collect();
            return Resolution::NotFound {
                hint: format!(
                    "no prices for `{}` in region `{}`; run `costplan pricing refresh --region {} \
                     --service {}` to fetch them",
                    q.service, q.region, q.region, q.service
                ),
                closest: rank(&q.region, known),
            };
        };
        slot.used.store(true, Ordering::Relaxed);
        match slot.index() {
            Ok(idx) => idx.resolve(q),
            Err(e) => Resolution::NotFound { hint: e.to_string(), closest: Vec::new() },
        }
    }

    /// The parsed file of one service and region, for `pricing show`.
    pub fn file(&self, service: &str, region: &str) -> Result<&FileIndex, PricingError> {
        let slot = self.slot(service, region).ok_or_else(|| PricingError::NoFile {
            service: service.to_string(),
            region: region.to_string(),
        })?;
        slot.index()
            .map_err(|e| PricingError::Corrupt { file: slot.file.clone(), detail: e.to_string() })
    }

    /// Products of one service and region matching `k=v` filters (see [`FileIndex::filter`]).
    pub fn products(
        &self,
        service: &str,
        region: &str,
        filters: &[(String, String)],
    ) -> Result<Vec<&Product>, PricingError> {
        Ok(self.file(service, region)?.filter(filters))
    }

    /// Service codes available, sorted.
    pub fn services(&self) -> Vec<String> {
        let s: BTreeSet<&String> = self.services.keys().collect();
        s.into_iter().cloned().collect()
    }

    /// Regions available for a service, sorted.
    pub fn regions(&self, service: &str) -> Vec<String> {
        let s: BTreeSet<&String> =
            self.services.get(service).map(|r| r.keys().collect()).unwrap_or_default();
        s.into_iter().cloned().collect()
    }

    /// Every file available, sorted by path.
    pub fn sources(&self) -> Vec<SourceInfo> {
        self.collect_sources(|_| true)
    }

    /// The files that answered at least one [`Catalog::resolve`] so far, sorted by path: what an
    /// estimate says it was priced with.
    pub fn sources_used(&self) -> Vec<SourceInfo> {
        self.collect_sources(|s| s.used.load(Ordering::Relaxed))
    }

    fn manifest_entry<'a>(&'a self, slot: &'a Slot) -> Option<&'a ManifestEntry> {
        match slot.origin {
            Origin::Bundled(_) => self
                .bundled_manifest
                .get_or_init(|| bundled::MANIFEST.and_then(|m| serde_json::from_str(m).ok()))
                .as_ref()
                .and_then(|m| m.files.get(&slot.file)),
            Origin::Dir(_) => slot.manifest.as_ref(),
        }
    }

    fn collect_sources(&self, keep: impl Fn(&Slot) -> bool) -> Vec<SourceInfo> {
        let mut out: Vec<SourceInfo> = Vec::new();
        let mut services: Vec<(&String, &HashMap<String, Slot>)> = self.services.iter().collect();
        services.sort_by(|a, b| a.0.cmp(b.0));
        for (service, regions) in services {
            let mut regions: Vec<(&String, &Slot)> = regions.iter().collect();
            regions.sort_by(|a, b| a.0.cmp(b.0));
            for (region, slot) in regions {
                if keep(slot) {
                    out.push(source_info(service, region, slot, self.manifest_entry(slot)));
                }
            }
        }
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }
}

fn source_info(
    service: &str,
    region: &str,
    slot: &Slot,
    manifest: Option<&ManifestEntry>,
) -> SourceInfo {
    if let Some(m) = manifest {
        return SourceInfo {
            file: slot.file.clone(),
            service: service.to_string(),
            region: region.to_string(),
            source: m.source,
            publication_date: m.publication_date.clone(),
            fetch_date: m.fetch_date.clone(),
            prices_as_of: m.prices_as_of.clone(),
            products: m.products,
            unverified: m.unverified.len(),
            origin: slot.origin_label(),
        };
    }
    // No manifest entry (embedded file missing from the embedded manifest): read the header.
    let (source, publication_date, fetch_date, products) = match slot.index() {
        Ok(i) => (
            i.data.source,
            i.data.publication_date.clone(),
            i.data.fetch_date.clone(),
            i.data.products.len(),
        ),
        Err(_) => (super::price::SourceKind::PublishedListPrices, None, "unknown".into(), 0),
    };
    SourceInfo {
        file: slot.file.clone(),
        service: service.to_string(),
        region: region.to_string(),
        source,
        publication_date,
        fetch_date,
        prices_as_of: None,
        products,
        unverified: 0,
        origin: slot.origin_label(),
    }
}

/// `aws/AmazonRDS/us-east-1.json` → (`AmazonRDS`, `us-east-1`).
fn split_file_key(file: &str) -> Option<(&str, &str)> {
    let rest = file.strip_prefix("aws/")?;
    let (service, region) = rest.split_once('/')?;
    Some((service, region.strip_suffix(".json")?))
}

/// Parses and indexes one cache file; errors name `file`.
pub(crate) fn parse_file(file: &str, text: &str) -> Result<FileIndex, PricingError> {
    let data: CacheFile = serde_json::from_str(text).map_err(|e| PricingError::Corrupt {
        file: file.to_string(),
        detail: if e.is_eof() { format!("truncated: {e}") } else { e.to_string() },
    })?;
    if data.format_version != FORMAT_VERSION {
        return Err(PricingError::UnsupportedFormat {
            file: file.to_string(),
            found: data.format_version,
            expected: FORMAT_VERSION,
        });
    }
    if let Some((service, region)) = split_file_key(file)
        && (service != data.service_code || region != data.region)
    {
        return Err(PricingError::Corrupt {
            file: file.to_string(),
            detail: format!(
                "it holds `{}` / `{}` but its path says `{service}` / `{region}`",
                data.service_code, data.region
            ),
        });
    }
    refuse_impossible_prices(&data)
        .map_err(|detail| PricingError::Corrupt { file: file.to_string(), detail })?;
    Ok(FileIndex::new(file.to_string(), data))
}

/// A price below zero, or a tier range that is negative or ends before it begins, names the
/// SKU and term: such a file would price a line below $0 (or a quantity twice), never silently.
fn refuse_impossible_prices(data: &CacheFile) -> Result<(), String> {
    for product in &data.products {
        let terms = product.terms.on_demand.iter().chain(&product.terms.reserved);
        for term in terms {
            for dim in &term.price_dimensions {
                let at = || format!("sku `{}` ({}, {})", product.sku, term.label(), dim.unit);
                if dim.usd.is_sign_negative() && !dim.usd.is_zero() {
                    return Err(format!(
                        "{}: price `{}` USD is negative; a list price is never below 0",
                        at(),
                        dim.usd
                    ));
                }
                let bad_range = dim.begin_range.is_sign_negative() && !dim.begin_range.is_zero()
                    || dim.end_range.is_some_and(|end| end < dim.begin_range);
                if bad_range {
                    return Err(format!(
                        "{}: tier range `{}`..`{}` is not a range of quantities",
                        at(),
                        dim.begin_range,
                        dim.end_range.map_or_else(|| "Inf".to_string(), |e| e.to_string())
                    ));
                }
            }
        }
    }
    Ok(())
}

fn relabel(e: PricingError, shown: &str) -> PricingError {
    match e {
        PricingError::Corrupt { detail, .. } => {
            PricingError::Corrupt { file: shown.to_string(), detail }
        }
        PricingError::UnsupportedFormat { found, expected, .. } => {
            PricingError::UnsupportedFormat { file: shown.to_string(), found, expected }
        }
        other => other,
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn rank(want: &str, mut known: Vec<&str>) -> Vec<String> {
    let w = want.to_ascii_lowercase();
    known.sort_by_key(|k| (usize::from(!k.to_ascii_lowercase().contains(&w)), k.to_string()));
    known.into_iter().take(8).map(ToString::to_string).collect()
}
