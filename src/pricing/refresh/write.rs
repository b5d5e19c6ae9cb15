//! Writing a refreshed cache atomically, and the summary of what changed.
//!
//! [`Staging::begin`] takes a lock file beside the cache directory (`.<name>.refresh.lock`),
//! removes temporary directories left by interrupted refreshes, and creates a new temporary
//! directory `.<name>.refresh-XXXXXX` beside the cache (same filesystem, so renames are atomic).
//! [`Staging::add`] writes one refreshed file there (the cache format of
//! [`crate::pricing::format`], pretty JSON, products sorted by sku) and diffs it against the
//! previous file (the cache's, else the bundled snapshot's). [`Staging::commit`] copies the files
//! the refresh did not touch from the old cache (checksums verified), writes `manifest.json`,
//! fsyncs every file and directory, loads the result with the catalog as a last check, then
//! swaps the directories: one `renameat2(RENAME_EXCHANGE)` on Linux, so there is no moment
//! without a cache; two renames elsewhere. Until that swap the previous cache is not touched; a
//! refresh killed at any point before it leaves the previous cache byte-identical.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Fetched, Malformed, RefreshError};
use crate::pricing::cache_dir;
use crate::pricing::catalog::{Catalog, sha256_hex};
use crate::pricing::format::{CacheFile, FORMAT_VERSION, Manifest, ManifestEntry, Product};
use crate::pricing::price::SourceKind;
use crate::pricing::region;

/// Suffix of the previous cache while the non-atomic swap moves it aside.
const PREVIOUS_SUFFIX: &str = "-previous";

/// How many of the largest price changes the summary lists.
pub const LARGEST_CHANGES: usize = 10;

/// One changed price dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceChange {
    pub file: String,
    pub sku: String,
    pub usage_type: Option<String>,
    /// `OnDemand` or `Reserved 1yr No Upfront standard`.
    pub term: String,
    pub unit: String,
    pub begin_range: Decimal,
    pub old_usd: Decimal,
    pub new_usd: Decimal,
    /// Relative change in percent; `None` when the old price was zero.
    pub change_pct: Option<Decimal>,
}

/// What a refresh did to one cache file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub file: String,
    pub service: String,
    pub region: String,
    /// `cache`, `bundled snapshot`, or `none`.
    pub previous: String,
    pub products: usize,
    pub added: usize,
    pub removed: usize,
    pub prices_changed: usize,
    /// Products of the previous file kept because the refresh does not fetch them.
    pub carried_over: usize,
    pub skipped_items: usize,
}

/// The outcome of a refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub cache_dir: PathBuf,
    pub source: SourceKind,
    pub files: Vec<FileChange>,
    /// The largest relative price changes over all files, largest first.
    pub largest_changes: Vec<PriceChange>,
    /// Items skipped because they could not be read: `file: sku: reason`.
    pub skipped_items: Vec<String>,
    /// Requests retried after throttling, 5xx or network errors.
    pub retries: u32,
    /// Files of the previous cache copied unchanged.
    pub files_kept: usize,
    pub notes: Vec<String>,
}

/// A refresh being written. Dropping it (error, panic) removes the temporary directory.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    temp: Option<tempfile::TempDir>,
    _lock: File,
    source: SourceKind,
    today: NaiveDate,
    old_manifest: Option<Manifest>,
    bundled: Catalog,
    entries: BTreeMap<String, ManifestEntry>,
    files: Vec<FileChange>,
    changes: Vec<PriceChange>,
    skipped: Vec<String>,
    retries: u32,
    pub notes: Vec<String>,
}

fn file_key(service: &str, region: &str) -> String {
    format!("aws/{service}/{region}.json")
}

impl Staging {
    /// Locks the cache, cleans up after interrupted refreshes, creates the temporary directory.
    pub fn begin(
        target: &Path,
        source: SourceKind,
        today: NaiveDate,
    ) -> Result<Self, RefreshError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "..")
            .ok_or_else(|| RefreshError::InvalidOption {
                what: "pricing directory",
                value: target.display().to_string(),
                detail: "it must name a directory".into(),
            })?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| RefreshError::io(&parent, e))?;
        let lock_path = parent.join(format!(".{name}.refresh.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| RefreshError::io(&lock_path, e))?;
        if lock.try_lock().is_err() {
            return Err(RefreshError::Locked { dir: target.to_path_buf(), lock: lock_path });
        }
        // The swap deletes the previous directory: never one that holds anything but a cache.
        cache_dir::check_replaceable(target)?;
        // Under the lock, any temporary directory is a leftover of an interrupted refresh. One
        // killed between the two renames of the non-atomic swap left the previous cache aside:
        // put it back first.
        let prefix = format!(".{name}.refresh-");
        if !target.exists()
            && let Ok(entries) = fs::read_dir(&parent)
        {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with(&prefix) && n.ends_with(PREVIOUS_SUFFIX) {
                    fs::rename(e.path(), target).map_err(|err| RefreshError::io(target, err))?;
                    break;
                }
            }
        }
        if let Ok(entries) = fs::read_dir(&parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with(&prefix) && e.path().is_dir() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(|e| RefreshError::io(&parent, e))?;
        let old_manifest = fs::read_to_string(target.join(cache_dir::MANIFEST))
            .ok()
            .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
            .filter(|m| m.format_version == FORMAT_VERSION);
        Ok(Self {
            target: target.to_path_buf(),
            temp: Some(temp),
            _lock: lock,
            source,
            today,
            old_manifest,
            bundled: Catalog::bundled(),
            entries: BTreeMap::new(),
            files: Vec::new(),
            changes: Vec::new(),
            skipped: Vec::new(),
            retries: 0,
            notes: Vec::new(),
        })
    }

    fn temp_path(&self) -> Result<&Path, RefreshError> {
        self.temp
            .as_ref()
            .map(tempfile::TempDir::path)
            .ok_or_else(|| RefreshError::Internal("staging already committed".into()))
    }

    /// The previous version of a file: the cache's when it reads, else the bundled snapshot's.
    fn previous(&self, service: &str, region: &str) -> (String, Option<CacheFile>) {
        let key = file_key(service, region);
        if self.old_manifest.as_ref().is_some_and(|m| m.files.contains_key(&key)) {
            let parsed = cache_dir::file_path(&self.target, &key)
                .ok()
                .and_then(|path| fs::read_to_string(path).ok())
                .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok());
            if let Some(f) = parsed {
                return ("cache".into(), Some(f));
            }
        }
        match self.bundled.file(service, region) {
            Ok(idx) => ("bundled snapshot".into(), Some(idx.data.clone())),
            Err(_) => ("none".into(), None),
        }
    }

    /// Writes one refreshed (service, region) file into the temporary directory.
    pub fn add(&mut self, fetched: Fetched) -> Result<(), RefreshError> {
        let Fetched { service, region, source, products, publication_date, skipped, retries } =
            fetched;
        let key = file_key(&service, &region);
        if products.is_empty() {
            // Writing it would replace the previous prices with none.
            return Err(RefreshError::NoValidProduct {
                file: key,
                why: no_product_reason(&skipped),
            });
        }
        self.retries += retries;
        let (previous, old) = self.previous(&service, &region);
        let scope = super::scope(&service);
        let mut by_sku: BTreeMap<String, Product> =
            products.into_iter().map(|p| (p.sku.clone(), p)).collect();
        // Keep what the refresh could not have fetched: families outside its scope, and prices
        // that are not in the Price List at all (those carry a note).
        let mut carried = 0;
        if let Some(old) = &old {
            for p in &old.products {
                let outside = scope.is_some_and(|s| !s.covers(&p.product_family));
                if (outside || p.note.is_some()) && !by_sku.contains_key(&p.sku) {
                    by_sku.insert(p.sku.clone(), p.clone());
                    carried += 1;
                }
            }
        }
        let products: Vec<Product> = by_sku.into_values().collect();
        let location = products
            .iter()
            .find_map(|p| p.attributes.get("location").cloned())
            .or_else(|| region::location(&region).map(str::to_string));
        let file = CacheFile {
            format_version: FORMAT_VERSION,
            service_code: service.clone(),
            region: region.clone(),
            location,
            source,
            publication_date: publication_date.clone(),
            fetch_date: self.today.format("%Y-%m-%d").to_string(),
            products,
        };
        let text = to_json(&file)?;
        let temp = self.temp_path()?.to_path_buf();
        // The region may come from a cache file's contents: keep the path inside the cache.
        let path =
            cache_dir::file_path(&temp, &key).map_err(|why| RefreshError::InvalidOption {
                what: "region",
                value: region.clone(),
                detail: format!("`{key}` is not a file inside the cache ({why})"),
            })?;
        write_synced(&path, text.as_bytes())?;
        let mut notes = Vec::new();
        if carried > 0 {
            notes.push(format!(
                "{carried} product(s) carried over from the previous file ({previous}): not \
                 fetched by a refresh (outside its product families, or not in the Price List)"
            ));
        }
        if !skipped.is_empty() {
            notes.push(format!("{} malformed Price List item(s) skipped", skipped.len()));
        }
        self.entries.insert(
            key.clone(),
            ManifestEntry {
                service_code: service.clone(),
                region: region.clone(),
                source,
                publication_date,
                fetch_date: file.fetch_date.clone(),
                prices_as_of: None,
                products: file.products.len(),
                price_dimensions: count_dimensions(&file.products),
                sha256: sha256_hex(text.as_bytes()),
                unverified: Vec::new(),
                notes,
            },
        );
        let diff = diff(
            &key,
            old.as_ref().map(|o| o.products.as_slice()).unwrap_or_default(),
            &file.products,
        );
        self.files.push(FileChange {
            file: key.clone(),
            service,
            region,
            previous,
            products: file.products.len(),
            added: diff.added,
            removed: diff.removed,
            prices_changed: diff.changes.len(),
            carried_over: carried,
            skipped_items: skipped.len(),
        });
        self.changes.extend(diff.changes);
        self.skipped.extend(skipped.iter().map(|m: &Malformed| format!("{key}: {m}")));
        Ok(())
    }

    /// Completes the new cache and swaps it into place.
    pub fn commit(mut self) -> Result<Summary, RefreshError> {
        let temp = self.temp_path()?.to_path_buf();
        let mut kept = 0;
        if let Some(old) = self.old_manifest.take() {
            for (key, entry) in old.files {
                if self.entries.contains_key(&key) {
                    continue;
                }
                let (from, to) = match (
                    cache_dir::file_path(&self.target, &key),
                    cache_dir::file_path(&temp, &key),
                ) {
                    (Ok(from), Ok(to)) => (from, to),
                    (Err(why), _) | (_, Err(why)) => {
                        self.notes.push(format!(
                            "dropped `{key}` from the previous manifest: not a file inside the \
                             cache ({why})"
                        ));
                        continue;
                    }
                };
                match fs::read(&from) {
                    Ok(bytes) if sha256_hex(&bytes).eq_ignore_ascii_case(&entry.sha256) => {
                        write_synced(&to, &bytes)?;
                        self.entries.insert(key, entry);
                        kept += 1;
                    }
                    Ok(_) => self.notes.push(format!(
                        "dropped `{}`: it does not match its checksum (it changed after it was \
                         written); refresh its service and region to replace it",
                        from.display()
                    )),
                    Err(e) => self.notes.push(format!("dropped `{}`: {e}", from.display())),
                }
            }
        }
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            generator: format!("costplan pricing refresh ({})", self.source),
            files: std::mem::take(&mut self.entries),
        };
        write_synced(&temp.join(cache_dir::MANIFEST), to_json(&manifest)?.as_bytes())?;
        write_synced(&temp.join(cache_dir::MARKER), cache_dir::MARKER_TEXT.as_bytes())?;
        sync_tree(&temp)?;
        // Never install a cache the catalog would refuse.
        Catalog::from_dir(&temp)?;
        swap(&temp, &self.target)?;
        // `temp` now holds the previous cache (or nothing): dropping the TempDir removes it.
        drop(self.temp.take());
        let mut files = std::mem::take(&mut self.files);
        files.sort_by(|a, b| a.file.cmp(&b.file));
        let mut changes = std::mem::take(&mut self.changes);
        changes.sort_by(|a, b| {
            let mag = |c: &PriceChange| c.change_pct.map(|p| p.abs());
            // Largest relative change first; changes from $0 (no percentage) before all.
            match (mag(a), mag(b)) {
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (x, y) => y.cmp(&x),
            }
            .then_with(|| {
                (&a.file, &a.sku, &a.term, a.begin_range).cmp(&(
                    &b.file,
                    &b.sku,
                    &b.term,
                    b.begin_range,
                ))
            })
        });
        changes.truncate(LARGEST_CHANGES);
        let mut skipped = std::mem::take(&mut self.skipped);
        skipped.sort();
        Ok(Summary {
            cache_dir: self.target.clone(),
            source: self.source,
            files,
            largest_changes: changes,
            skipped_items: skipped,
            retries: self.retries,
            files_kept: kept,
            notes: std::mem::take(&mut self.notes),
        })
    }
}

/// Why no item of a file could be used: the common cause when there is one, and an example.
fn no_product_reason(skipped: &[Malformed]) -> String {
    let count = |needle: &str| skipped.iter().filter(|m| m.reason.contains(needle)).count();
    let (negative, nan) = (count("negative USD price"), count("is not a decimal"));
    let cause = if negative == skipped.len() {
        "every product had a negative price".to_string()
    } else if nan == skipped.len() {
        "every product had a price that is not a number (such as NaN)".to_string()
    } else if negative + nan == skipped.len() {
        "every product had a negative or NaN price".to_string()
    } else {
        format!("all {} item(s) were malformed", skipped.len())
    };
    match skipped.first() {
        Some(first) => format!("{cause} (e.g. {first})"),
        None => "the source listed no product of the product families costplan prices".into(),
    }
}

fn to_json<T: Serialize>(v: &T) -> Result<String, RefreshError> {
    let mut s = serde_json::to_string_pretty(v)
        .map_err(|e| RefreshError::Internal(format!("serialising the cache: {e}")))?;
    s.push('\n');
    Ok(s)
}

fn count_dimensions(products: &[Product]) -> usize {
    products
        .iter()
        .flat_map(|p| p.terms.on_demand.iter().chain(&p.terms.reserved))
        .map(|t| t.price_dimensions.len())
        .sum()
}

/// Writes a new file and fsyncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), RefreshError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| RefreshError::io(dir, e))?;
    }
    let mut f = File::create(path).map_err(|e| RefreshError::io(path, e))?;
    f.write_all(bytes).map_err(|e| RefreshError::io(path, e))?;
    f.sync_all().map_err(|e| RefreshError::io(path, e))
}

/// fsyncs every directory of a tree, so the new entries survive a crash after the swap.
fn sync_tree(dir: &Path) -> Result<(), RefreshError> {
    let entries = fs::read_dir(dir).map_err(|e| RefreshError::io(dir, e))?;
    for e in entries.flatten() {
        if e.path().is_dir() {
            sync_tree(&e.path())?;
        }
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), RefreshError> {
    // Directories cannot be opened for fsync on every platform; where they can, it is required.
    match File::open(dir) {
        Ok(f) => match f.sync_all() {
            Ok(()) => Ok(()),
            Err(e) if cfg!(unix) => Err(RefreshError::io(dir, e)),
            Err(_) => Ok(()),
        },
        Err(e) if cfg!(unix) => Err(RefreshError::io(dir, e)),
        Err(_) => Ok(()),
    }
}

/// Puts `new` at `target`; afterwards `new` holds the previous cache (if there was one).
fn swap(new: &Path, target: &Path) -> Result<(), RefreshError> {
    if !target.exists() {
        fs::rename(new, target).map_err(|e| RefreshError::io(target, e))?;
        fs::create_dir_all(new).map_err(|e| RefreshError::io(new, e))?;
    } else if !exchange(new, target)? {
        // No atomic exchange here: move the old cache aside, then the new one in.
        let aside = PathBuf::from(format!("{}{PREVIOUS_SUFFIX}", new.display()));
        fs::rename(target, &aside).map_err(|e| RefreshError::io(target, e))?;
        if let Err(e) = fs::rename(new, target) {
            let _ = fs::rename(&aside, target);
            return Err(RefreshError::io(target, e));
        }
        fs::rename(&aside, new).map_err(|e| RefreshError::io(&aside, e))?;
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Atomically exchanges two directories; `Ok(false)` when the platform cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool, RefreshError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(RefreshError::io(b, e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool, RefreshError> {
    Ok(false)
}

struct Diff {
    added: usize,
    removed: usize,
    changes: Vec<PriceChange>,
}

/// Attributes that tell products apart when skus differ (bundled snapshot vs AWS).
const IDENTITY_ATTRS: &[&str] = &[
    "cacheEngine",
    "databaseEngine",
    "deploymentOption",
    "instanceType",
    "licenseModel",
    "storageClass",
    "volumeApiName",
    "volumeType",
];

fn identity(p: &Product, region: &str) -> String {
    let ut = p.attributes.get("usagetype").map(|u| region::strip_prefix(region, u)).unwrap_or("");
    let mut id = format!("{}|{ut}", p.product_family);
    for a in IDENTITY_ATTRS {
        if let Some(v) = p.attributes.get(*a) {
            id.push('|');
            id.push_str(v);
        }
    }
    id
}

/// (term label, unit, begin) → usd of a product.
fn rates(p: &Product) -> BTreeMap<(String, String, Decimal), Decimal> {
    let mut m = BTreeMap::new();
    for t in p.terms.on_demand.iter().chain(&p.terms.reserved) {
        for d in &t.price_dimensions {
            m.insert((t.label(), d.unit.clone(), d.begin_range), d.usd);
        }
    }
    m
}

/// Products added and removed (by sku, or by identity when the skus differ) and changed prices.
fn diff(file: &str, old: &[Product], new: &[Product]) -> Diff {
    let region = file.rsplit('/').next().and_then(|f| f.strip_suffix(".json")).unwrap_or("");
    let new_skus: BTreeSet<&str> = new.iter().map(|p| p.sku.as_str()).collect();
    let old_skus: BTreeSet<&str> = old.iter().map(|p| p.sku.as_str()).collect();
    let unique = |list: &[Product], skip: &BTreeSet<&str>| -> BTreeMap<String, usize> {
        let mut count: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (i, p) in list.iter().enumerate() {
            if skip.contains(p.sku.as_str()) {
                continue;
            }
            let e = count.entry(identity(p, region)).or_insert((0, i));
            e.0 += 1;
        }
        count.into_iter().filter(|(_, (n, _))| *n == 1).map(|(k, (_, i))| (k, i)).collect()
    };
    // Pairs of (old, new) products that are the same thing.
    let mut pairs: Vec<(&Product, &Product)> = Vec::new();
    let old_by_sku: BTreeMap<&str, &Product> = old.iter().map(|p| (p.sku.as_str(), p)).collect();
    for p in new {
        if let Some(o) = old_by_sku.get(p.sku.as_str()) {
            pairs.push((o, p));
        }
    }
    let old_only = unique(old, &new_skus);
    let new_only = unique(new, &old_skus);
    for (id, &ni) in &new_only {
        if let Some(&oi) = old_only.get(id) {
            pairs.push((&old[oi], &new[ni]));
        }
    }
    let matched = pairs.len();
    let mut changes = Vec::new();
    for (o, n) in pairs {
        let (or, nr) = (rates(o), rates(n));
        for ((term, unit, begin), new_usd) in &nr {
            let Some(old_usd) = or.get(&(term.clone(), unit.clone(), *begin)) else { continue };
            if old_usd != new_usd {
                let change_pct = (!old_usd.is_zero())
                    .then(|| ((*new_usd - *old_usd) / *old_usd * Decimal::ONE_HUNDRED).round_dp(2));
                changes.push(PriceChange {
                    file: file.to_string(),
                    sku: n.sku.clone(),
                    usage_type: n.attributes.get("usagetype").cloned(),
                    term: term.clone(),
                    unit: unit.clone(),
                    begin_range: *begin,
                    old_usd: *old_usd,
                    new_usd: *new_usd,
                    change_pct,
                });
            }
        }
    }
    Diff {
        added: new.len() - matched.min(new.len()),
        removed: old.len() - matched.min(old.len()),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rust_decimal_macros::dec;

    use super::*;
    use crate::pricing::format::{PriceDimension, PriceTerm, Terms};

    fn product(sku: &str, usagetype: &str, usd: Decimal) -> Product {
        Product {
            sku: sku.into(),
            product_family: "NAT Gateway".into(),
            attributes: BTreeMap::from([("usagetype".to_string(), usagetype.to_string())]),
            terms: Terms {
                on_demand: vec![PriceTerm {
                    price_dimensions: vec![PriceDimension {
                        unit: "Hrs".into(),
                        usd,
                        begin_range: Decimal::ZERO,
                        end_range: None,
                        description: String::new(),
                        provenance: None,
                    }],
                    ..PriceTerm::default()
                }],
                reserved: Vec::new(),
            },
            note: None,
        }
    }

    #[test]
    fn a_file_without_any_product_is_refused_and_nothing_is_staged() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut staging =
            Staging::begin(&dir.path().join("cache"), SourceKind::BulkOfferFile, today).unwrap();
        let fetched = |skipped: Vec<Malformed>| Fetched {
            service: "AmazonRDS".into(),
            region: "us-east-1".into(),
            source: SourceKind::BulkOfferFile,
            products: Vec::new(),
            publication_date: None,
            skipped,
            retries: 0,
        };
        let err = staging.add(fetched(Vec::new())).unwrap_err().to_string();
        assert!(err.contains("no valid product for `aws/AmazonRDS/us-east-1.json`"), "{err}");
        assert!(err.contains("listed no product"), "{err}");
        let bad = Malformed {
            sku: Some("S1".into()),
            reason: "price dimension `r`: negative USD price `-1`".into(),
        };
        let err = staging.add(fetched(vec![bad])).unwrap_err().to_string();
        assert!(err.contains("every product had a negative price (e.g. sku `S1`"), "{err}");
        assert!(staging.entries.is_empty() && staging.files.is_empty());
    }

    #[test]
    fn products_match_by_sku_then_by_identity_across_region_prefixes() {
        let old = vec![
            product("A", "NatGateway-Hours", dec!(0.045)),
            product("CP1", "NatGateway-Bytes", dec!(0.045)),
            product("GONE", "NatGateway-Prvd-Hours", dec!(0.01)),
        ];
        let new = vec![
            product("A", "NatGateway-Hours", dec!(0.048)),
            // Same product under AWS's sku and a region-prefixed usage type.
            product("AWS2", "EU-NatGateway-Bytes", dec!(0.045)),
            product("NEW", "RegionalNatGateway-Hours", dec!(0.05)),
        ];
        let d = diff("aws/AmazonEC2/eu-west-1.json", &old, &new);
        assert_eq!((d.added, d.removed), (1, 1));
        assert_eq!(d.changes.len(), 1);
        let c = &d.changes[0];
        assert_eq!((c.sku.as_str(), c.old_usd, c.new_usd), ("A", dec!(0.045), dec!(0.048)));
        assert_eq!(c.change_pct, Some(dec!(6.67)));
    }
}
