//! The bundled snapshot generator: turns the project's copy of AWS's pricing-page feed
//! (`pricing-cache/feed/`, imported by [`feed`]) and of the published list prices
//! (`pricing-cache/source/aws-list-prices.csv`, the hand table) into Price-List-shaped cache
//! files and the manifest. The feed's prices come first; a hand-table OnDemand price of a
//! product the feed prices is superseded (listed in [`Snapshot::superseded`] and the manifest
//! entry's notes); the hand table's other prices (reserved terms, Fargate Spot, services not yet
//! imported) stay. Pure (text in, text out) and deterministic, so a test can check that the committed
//! `pricing-cache/` is exactly what the generator produces; `cargo run --example build_snapshot`
//! rewrites it.
//!
//! Every CSV row must be claimed by a rule in [`rules`] (an unclaimed row is an error naming its
//! line). Rows describing the same product (tiers of one usage type, reserved terms of an
//! instance) merge into one product, as in the Price List.

pub mod feed;
mod rules;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Deserialize;

use super::catalog::sha256_hex;
use super::error::PricingError;
use super::format::{
    CacheFile, FORMAT_VERSION, Manifest, ManifestEntry, PriceDimension, PriceTerm, Product, Terms,
    UnverifiedMark,
};
use super::price::SourceKind;
use super::region;

/// Path of the source table inside `pricing-cache/`, as cited in provenance and errors.
pub const SOURCE_CSV: &str = "source/aws-list-prices.csv";

/// Prices the bundled snapshot does not have, because neither the feed nor a cited source gives
/// them: (service code, what, where it is missing and why). An estimate that needs one says
/// "price not found"; `costplan pricing status` lists them; a `pricing refresh` fills them in.
/// Keep in step with the feed's skip lists and the hand table (docs/resources.md explains them).
pub const GAPS: &[(&str, &str, &str)] = &[
    (
        "AmazonEC2",
        "EBS volumes (gp2, gp3, io1, io2, st1, sc1, standard; gp3/io1/io2 IOPS; gp3 \
         throughput) and EBS snapshots",
        "every region but us-east-1: not in the pricing-page feed; us-east-1's come from \
         Infracost's golden test outputs (source I-EBS)",
    ),
    (
        "AmazonEC2",
        "EBS io2 IOPS above 32,000 (the second and third tiers), snapshot archive tier",
        "every region: no dated source found",
    ),
    (
        "AmazonEC2",
        "instance-hours of every operating system but Linux (Windows, RHEL, SUSE, Ubuntu Pro, \
         SQL Server), dedicated tenancy and hosts, Spot",
        "every region: the feed's EC2 files hold Linux shared-tenancy on-demand only",
    ),
    (
        "AmazonEC2",
        "data transfer between Availability Zones",
        "every region but us-east-1: not in the feed",
    ),
    ("AmazonElastiCache", "backup storage", "every region but us-east-1: not in the feed"),
    (
        "AmazonRDS, AmazonElastiCache",
        "reserved terms",
        "every region but us-east-1: not in the feed",
    ),
    (
        "AmazonECS",
        "Fargate Spot",
        "every region but us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1: not \
         in the feed",
    ),
    (
        "AmazonRDS",
        "RDS Extended Support (engine versions past standard support, per vCPU-hour)",
        "every region: the feed's labels (`Any Year 1 Year 2 13`) do not name the engine, so \
         they are not imported",
    ),
    (
        "AmazonRDS",
        "Performance Insights long-term retention (per vCPU-month)",
        "every region: the feed's `ProvisionedAMR`/`ProvisionedFMR` rates are not imported \
         until their meaning is confirmed",
    ),
    ("AmazonRDS", "Aurora Serverless v2 ACU-hours", "every region but us-east-1: not in the feed"),
    (
        "AWSQueueService",
        "SQS requests (standard and FIFO)",
        "every region: SQS is not in the pricing-page feed, and no AWS-published SQS price \
         (pricing page or Price List offer file) is copied into the project yet",
    ),
    (
        "AmazonSNS",
        "SMS and mobile push deliveries",
        "every region: SMS is priced by destination country (not in the feed); mobile push \
         labels are not imported yet",
    ),
];

/// `pricing-cache/source/snapshot.json`: facts about the copy that the generator records.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotMeta {
    /// Date the reference table was copied into the project; the files' `fetchDate`.
    pub fetch_date: String,
}

/// The generated cache: file path (relative to `pricing-cache/`) → contents, plus the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub files: BTreeMap<String, String>,
    pub manifest: String,
    /// Hand-table CSV lines whose OnDemand price the feed supersedes → the file it went to.
    pub superseded: BTreeMap<u64, String>,
    /// Feed prices deliberately not imported, by file and reason (see [`feed::Skipped`]).
    pub skipped: feed::Skipped,
}

/// Reads the feed files [`feed::files`] from `pricing-cache/feed/` (gzip-compressed JSON).
/// Errors name the file.
pub fn read_feed(cache_root: &std::path::Path) -> Result<Vec<feed::FeedFile>, PricingError> {
    use std::io::Read as _;
    let mut out = Vec::new();
    for (path, _, _) in feed::files() {
        let full = cache_root.join(feed::FEED_DIR).join(path);
        let err =
            |detail: String| PricingError::Corrupt { file: full.display().to_string(), detail };
        let bytes = std::fs::read(&full).map_err(|e| err(e.to_string()))?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .map_err(|e| err(format!("not gzip-compressed UTF-8 JSON: {e}")))?;
        out.push(feed::FeedFile { path: (*path).to_string(), text });
    }
    Ok(out)
}

/// One row of the reference table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub service: String,
    pub region: String,
    pub item: String,
    pub attrs: BTreeMap<String, String>,
    pub unit: String,
    pub usd: Decimal,
    pub source: String,
    pub as_of: String,
}

/// What one row contributes to one product.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub family: String,
    /// Attributes besides location/regionCode/servicecode, `usagetype` already with its region
    /// prefix.
    pub attrs: BTreeMap<String, String>,
    /// Reserved term attributes; empty for OnDemand.
    pub term: BTreeMap<String, String>,
    pub dims: Vec<PriceDimension>,
    pub hourly_includes_upfront: bool,
    pub note: Option<String>,
}

#[derive(Default)]
struct ProductAcc {
    family: String,
    attrs: BTreeMap<String, String>,
    terms: BTreeMap<BTreeMap<String, String>, PriceTerm>,
    note: Option<String>,
}

/// Builds the snapshot from the feed files and the CSV text.
pub fn build(
    csv_text: &str,
    meta: &SnapshotMeta,
    feed_files: &[feed::FeedFile],
) -> Result<Snapshot, PricingError> {
    let rows = parse_rows(csv_text)?;
    // (service, region) → product key → product.
    type Key = (String, BTreeMap<String, String>);
    let mut files: BTreeMap<(String, String), BTreeMap<Key, ProductAcc>> = BTreeMap::new();
    let (imported, skipped) = feed::import(feed_files).map_err(|message| {
        PricingError::SourceRow { file: "pricing-cache/feed".to_string(), line: 0, message }
    })?;
    for (service, region, spec) in imported {
        let products = files.entry((service, region)).or_default();
        let acc = products.entry((spec.family.clone(), spec.attrs.clone())).or_default();
        acc.family = spec.family;
        acc.attrs = spec.attrs;
        acc.terms.entry(BTreeMap::new()).or_default().price_dimensions.extend(spec.dims);
    }
    let from_feed: BTreeSet<(String, String, Key)> = files
        .iter()
        .flat_map(|((s, r), p)| p.keys().map(move |k| (s.clone(), r.clone(), k.clone())))
        .collect();
    let mut superseded: BTreeMap<u64, String> = BTreeMap::new();
    for row in &rows {
        let specs = rules::classify(row).map_err(|message| PricingError::SourceRow {
            file: SOURCE_CSV.to_string(),
            line: row.line,
            message,
        })?;
        for spec in specs {
            let key = (spec.family.clone(), spec.attrs.clone());
            if spec.term.is_empty()
                && from_feed.contains(&(row.service.clone(), row.region.clone(), key))
            {
                superseded.insert(row.line, format!("aws/{}/{}.json", row.service, row.region));
                continue;
            }
            let products = files.entry((row.service.clone(), row.region.clone())).or_default();
            let acc = products.entry((spec.family.clone(), spec.attrs.clone())).or_default();
            acc.family = spec.family.clone();
            acc.attrs = spec.attrs.clone();
            if spec.note.is_some() {
                acc.note = spec.note.clone();
            }
            let term = acc.terms.entry(spec.term.clone()).or_default();
            term.term_attributes = spec.term.clone();
            term.hourly_includes_upfront |= spec.hourly_includes_upfront;
            for d in spec.dims {
                if let Some(prev) = term
                    .price_dimensions
                    .iter()
                    .find(|p| p.unit == d.unit && p.begin_range == d.begin_range)
                {
                    let prev_line = prev.provenance.as_ref().map_or(0, |p| p.csv_line);
                    return Err(PricingError::SourceRow {
                        file: SOURCE_CSV.to_string(),
                        line: row.line,
                        message: format!(
                            "price for `{}` tier starting at {} already given on line {prev_line}",
                            spec.attrs.get("usagetype").map_or("?", String::as_str),
                            d.begin_range
                        ),
                    });
                }
                term.price_dimensions.push(d);
            }
        }
    }

    let mut out = BTreeMap::new();
    let mut manifest = Manifest {
        format_version: FORMAT_VERSION,
        generator: generator_label(),
        files: BTreeMap::new(),
    };
    for ((service, region), products) in files {
        let file_key = format!("aws/{service}/{region}.json");
        let lines: Vec<String> = superseded
            .iter()
            .filter(|(_, f)| **f == file_key)
            .map(|(l, _)| l.to_string())
            .collect();
        let (file, entry_text, entry) = render_file(&service, &region, products, meta, &lines)?;
        manifest.files.insert(file.clone(), entry);
        out.insert(file, entry_text);
    }
    let manifest = to_json(&manifest)?;
    Ok(Snapshot { files: out, manifest, superseded, skipped })
}

fn generator_label() -> String {
    format!(
        "costplan pricing::snapshot (cargo run --example build_snapshot) from {}/ and {SOURCE_CSV}",
        feed::FEED_DIR
    )
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, PricingError> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| PricingError::Corrupt {
        file: "(generated snapshot)".to_string(),
        detail: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}

fn render_file(
    service: &str,
    region: &str,
    products: BTreeMap<(String, BTreeMap<String, String>), ProductAcc>,
    meta: &SnapshotMeta,
    superseded_lines: &[String],
) -> Result<(String, String, ManifestEntry), PricingError> {
    let location = region::location(region).map(str::to_string);
    let mut list: Vec<Product> = Vec::new();
    let mut unverified: Vec<UnverifiedMark> = Vec::new();
    let mut dates: BTreeSet<String> = BTreeSet::new();
    let mut dims = 0usize;
    let mut effective_hourly = false;
    let mut notes: BTreeSet<String> = BTreeSet::new();
    for ((family, attrs), acc) in products {
        let mut attributes = attrs.clone();
        attributes.insert("servicecode".into(), service.to_string());
        attributes.insert("regionCode".into(), region.to_string());
        attributes.insert("locationType".into(), "AWS Region".into());
        if let Some(l) = &location {
            attributes.insert("location".into(), l.clone());
        }
        let sku = sku_for(service, region, &family, &attrs);
        let mut terms = Terms::default();
        for (term_attrs, mut term) in acc.terms {
            term.price_dimensions.sort_by(|a, b| {
                (a.unit != "Quantity", &a.unit, a.begin_range).cmp(&(
                    b.unit != "Quantity",
                    &b.unit,
                    b.begin_range,
                ))
            });
            effective_hourly |= term.hourly_includes_upfront;
            for d in &term.price_dimensions {
                dims += 1;
                if let Some(pv) = &d.provenance {
                    for date in date_tokens(&pv.as_of) {
                        dates.insert(date);
                    }
                    if !pv.verified {
                        let tier = match (d.begin_range.is_zero(), d.end_range) {
                            (true, None) => String::new(),
                            (_, Some(e)) => format!(" tier {}..{e}", d.begin_range),
                            (false, None) => format!(" tier {}..", d.begin_range),
                        };
                        let upfront = if d.unit == "Quantity" { " upfront" } else { "" };
                        unverified.push(UnverifiedMark {
                            sku: sku.clone(),
                            usagetype: attrs.get("usagetype").cloned().unwrap_or_default(),
                            term: format!("{}{tier}{upfront}", term.label()),
                            csv_line: pv.csv_line,
                            reason: unverified_reason(&pv.source, pv.csv_line),
                        });
                    }
                }
            }
            if term_attrs.is_empty() {
                terms.on_demand.push(term);
            } else {
                terms.reserved.push(term);
            }
        }
        if let Some(n) = &acc.note {
            notes.insert(format!(
                "{sku} ({}): {n}",
                attrs.get("usagetype").map_or("", String::as_str)
            ));
        }
        list.push(Product { sku, product_family: family, attributes, terms, note: acc.note });
    }
    list.sort_by(|a, b| a.sku.cmp(&b.sku));
    let mut seen = BTreeSet::new();
    for p in &list {
        if !seen.insert(p.sku.clone()) {
            return Err(PricingError::Corrupt {
                file: format!("aws/{service}/{region}.json"),
                detail: format!("generated sku `{}` twice", p.sku),
            });
        }
    }
    if !superseded_lines.is_empty() {
        notes.insert(format!(
            "OnDemand prices from AWS's pricing-page feed (pricing-cache/feed/PROVENANCE.md) \
             supersede the hand table's lines {}",
            superseded_lines.join(", ")
        ));
    }
    if effective_hourly {
        notes.insert(
            "Reserved Partial Upfront prices are effective hourly rates with the upfront fee \
             amortised in (`hourlyIncludesUpfront`), because the source gives no split; All \
             Upfront fees are derived as effective hourly × 8760 × years with a $0 hourly rate; \
             No Upfront rates are hourly rates as given."
                .to_string(),
        );
    }
    unverified.sort();
    let file = format!("aws/{service}/{region}.json");
    let data = CacheFile {
        format_version: FORMAT_VERSION,
        service_code: service.to_string(),
        region: region.to_string(),
        location,
        source: SourceKind::PublishedListPrices,
        publication_date: None,
        fetch_date: meta.fetch_date.clone(),
        products: list,
    };
    let text = to_json(&data)?;
    let prices_as_of = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => Some(a.clone()),
        (Some(a), Some(b)) => Some(format!("{a}..{b}")),
        _ => None,
    };
    let entry = ManifestEntry {
        service_code: service.to_string(),
        region: region.to_string(),
        source: SourceKind::PublishedListPrices,
        publication_date: None,
        fetch_date: meta.fetch_date.clone(),
        prices_as_of,
        products: data.products.len(),
        price_dimensions: dims,
        sha256: sha256_hex(text.as_bytes()),
        unverified,
        notes: notes.into_iter().collect(),
    };
    Ok((file, text, entry))
}

fn unverified_reason(source: &str, line: u64) -> String {
    if rules::unknown_codes(source).is_empty() {
        format!(
            "line {line}: recalled, not read from a stored source (`{source}`); replace on the first refresh"
        )
    } else {
        format!(
            "line {line}: source `{source}` is not a code listed in source/SOURCES.md; verify on \
             the first refresh"
        )
    }
}

/// `2022-11/2025-07` → [`2022-11`, `2025-07`]; `2023–2026` → [`2023`, `2026`]; `-` → [].
fn date_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut end = i + 4;
            if end + 3 <= b.len()
                && b[end] == b'-'
                && b[end + 1..end + 3].iter().all(u8::is_ascii_digit)
            {
                end += 3;
            }
            out.push(s[i..end].to_string());
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// A stable, clearly non-AWS sku: `CP` + 14 hex digits of a hash of the product's identity.
fn sku_for(service: &str, region: &str, family: &str, attrs: &BTreeMap<String, String>) -> String {
    let mut id = format!("{service}|{region}|{family}");
    for (k, v) in attrs {
        id.push('|');
        id.push_str(k);
        id.push('=');
        id.push_str(v);
    }
    format!("CP{}", &sha256_hex(id.as_bytes())[..14]).to_ascii_uppercase()
}

fn parse_rows(text: &str) -> Result<Vec<Row>, PricingError> {
    let err = |line: u64, message: String| PricingError::SourceRow {
        file: SOURCE_CSV.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let expected =
        ["service_code", "region", "item", "attributes", "unit", "usd", "source", "as_of"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(err(1, format!("header must be `{}`", expected.join(","))));
    }
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        // The table has one record per line (checked below), so the line is the index + 2.
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| err(line, format!("unreadable row: {e}")))?;
        if rec.iter().any(|f| f.contains('\n')) {
            return Err(err(line, "a field spans lines; keep one row per line".into()));
        }
        let field = |i: usize| rec.get(i).unwrap_or_default().trim().to_string();
        let mut attrs = BTreeMap::new();
        for part in field(3).split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err(line, format!("attribute `{part}` is not key=value")))?;
            attrs.insert(k.trim().to_string(), v.trim().to_string());
        }
        let usd: Decimal =
            field(5).parse().map_err(|e| err(line, format!("usd `{}`: {e}", field(5))))?;
        rows.push(Row {
            line,
            service: field(0),
            region: field(1),
            item: field(2),
            attrs,
            unit: field(4),
            usd,
            source: field(6),
            as_of: field(7),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::date_tokens;

    #[test]
    fn dates_in_as_of() {
        assert_eq!(date_tokens("2022-11/2025-07"), vec!["2022-11", "2025-07"]);
        assert_eq!(date_tokens("2023–2026"), vec!["2023", "2026"]);
        assert!(date_tokens("-").is_empty());
    }
}
