//! Import of AWS's pricing-page feed (the project's copy in `pricing-cache/feed/`, see its
//! `PROVENANCE.md`) into snapshot products.
//!
//! Contract:
//! - Input: the decompressed text of each feed file the rules know ([`FILES`]), with its date.
//!   The generator (`examples/build_snapshot.rs`) and the tests read them from
//!   `pricing-cache/feed/`; nothing here touches the file system.
//! - A processed feed file is `{label: {"<Location>[ (<attr>: <value>, ...)]": "<price>"}}`.
//!   Every label goes through the service's import-rules file ([`rds`], [`elasticache`],
//!   [`fargate`], [`elb`], [`vpc`], [`nat`], whose file has another layout that it first turns into
//!   this one): it maps to a product (family, attributes, usage type, unit) or to an explicit
//!   skip with its reason. A label no rule knows, a location that is neither in the region table
//!   ([`crate::pricing::region::REGIONS`]) nor on its skip-list
//!   ([`crate::pricing::region::is_skipped_feed_location`]), an unreadable price, or one product
//!   given two different prices is an error naming the file, the label and the location (except
//!   RDS storage, where `rds-storage.json.gz`, read first, wins over the per-engine files'
//!   copies of its labels; each such case is counted as skipped).
//! - Every imported dimension carries provenance: `source` `FEED`, `asOf` the file's date, and
//!   `feed` = the file inside `pricing-cache/feed/`, and the label as `description`.

pub(super) mod elasticache;
pub(super) mod elb;
pub(super) mod fargate;
pub(super) mod nat;
pub(super) mod rds;
pub(super) mod vpc;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Spec;
use crate::pricing::format::{PriceDimension, Provenance};
use crate::pricing::region;

/// Folder of the feed copy inside `pricing-cache/`.
pub const FEED_DIR: &str = "feed";

/// The feed files the import reads (path inside [`FEED_DIR`], service code, feed date).
/// Dates: the source repository's capture dates per `PROVENANCE.md`.
pub const FILES: &[(&str, &str, &str)] = &[
    ("aws-price-watcher/processed/elasticache.json.gz", "AmazonElastiCache", "2025-05"),
    ("aws-price-watcher/processed/ecs.json.gz", "AmazonECS", "2025-03-13"),
    ("aws-price-watcher/processed/elb.json.gz", "AWSELB", "2025-05-20"),
    ("aws-price/pricing/natgateway-transformed.json.gz", "AmazonEC2", "2025-11-04"),
    ("aws-price-watcher/processed/vpc.json.gz", "AmazonVPC", "2025-05"),
    ("aws-price-watcher/processed/rds-storage.json.gz", "AmazonRDS", "2025-05-23"),
    ("aws-price-watcher/processed/rds-postgresql-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-mysql-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-mariadb-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-oracle-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-sqlserver-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-db2-ondemand.json.gz", "AmazonRDS", "2025-05"),
    ("aws-price-watcher/processed/rds-aurora-ondemand.json.gz", "AmazonRDS", "2025-05"),
];

/// One decompressed feed file.
#[derive(Debug, Clone)]
pub struct FeedFile {
    /// Path inside [`FEED_DIR`] (one of [`FILES`]).
    pub path: String,
    /// Its JSON text.
    pub text: String,
}

/// What an import rule makes of one label.
pub(crate) enum Rule {
    /// A product: family, attributes (usage type given as its suffix, without region prefix),
    /// unit of the price.
    Product {
        family: &'static str,
        attrs: BTreeMap<String, String>,
        ut: String,
        unit: &'static str,
    },
    /// Deliberately not imported, with why.
    Skip(&'static str),
}

/// A label of the form `<43-character regionless rate code> V<n>`: the feed gives no readable
/// label for these rates (they repeat rates of other labels), so they cannot be mapped.
pub(crate) fn is_unlabelled(label: &str) -> bool {
    label.rsplit_once(" V").is_some_and(|(code, version)| {
        !version.is_empty()
            && version.bytes().all(|b| b.is_ascii_digit())
            && code.len() == 43
            && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// `EU (Ireland) (Instance Type: db.t3.micro, vCPU: 2)` → (`EU (Ireland)`, {Instance Type: ..}).
pub(crate) fn split_location(key: &str) -> (&str, BTreeMap<&str, &str>) {
    let mut attrs = BTreeMap::new();
    if let Some(body) = key.strip_suffix(')')
        && let Some(open) = body.rfind(" (")
    {
        let inner = &body[open + 2..];
        if inner.contains(": ") && !inner.contains('(') {
            for part in inner.split(", ") {
                if let Some((k, v)) = part.split_once(": ") {
                    attrs.insert(k, v);
                }
            }
            return (&key[..open], attrs);
        }
    }
    (key, attrs)
}

/// One imported price: service code, region, and the product it prices.
pub(crate) type Imported = (String, String, Spec);

/// Prices deliberately not imported: `<file>: <reason>` → count (label × location pairs; skipped
/// locations counted as `location <name>`).
pub type Skipped = BTreeMap<String, usize>;

/// Imports every file; errors name the file, label and location.
pub(crate) fn import(files: &[FeedFile]) -> Result<(Vec<Imported>, Skipped), String> {
    let mut skipped = Skipped::new();
    type Id = (String, String, String, BTreeMap<String, String>);
    let mut out: BTreeMap<Id, (Decimal, Spec, &str)> = BTreeMap::new();
    for (path, service, date) in FILES {
        let file = files
            .iter()
            .find(|f| f.path == *path)
            .ok_or_else(|| format!("feed file {FEED_DIR}/{path} is missing"))?;
        let data: BTreeMap<String, BTreeMap<String, String>> = if *service == "AmazonEC2" {
            nat::processed(&file.text, &mut skipped, path)
                .map_err(|e| format!("{FEED_DIR}/{path}: {e}"))?
        } else {
            serde_json::from_str(&file.text)
                .map_err(|e| format!("{FEED_DIR}/{path}: not a processed feed file: {e}"))?
        };
        for (label, prices) in &data {
            for (key, price) in prices {
                let here = || format!("{FEED_DIR}/{path}: label `{label}`, location `{key}`");
                let (loc, loc_attrs) = split_location(key);
                let Some(reg) = region::by_feed_location(loc) else {
                    if region::is_skipped_feed_location(loc) {
                        *skipped.entry(format!("{path}: location {loc}")).or_default() += 1;
                        continue;
                    }
                    return Err(format!(
                        "{}: location `{loc}` is neither in the region table \
                         (src/pricing/region.rs) nor on its skip-list",
                        here()
                    ));
                };
                let rule = match *service {
                    "AmazonRDS" => rds::rule(path, label, &loc_attrs),
                    "AmazonElastiCache" => elasticache::rule(label, &loc_attrs),
                    "AmazonECS" => fargate::rule(label),
                    "AWSELB" => elb::rule(label),
                    "AmazonEC2" => nat::rule(label),
                    "AmazonVPC" => vpc::rule(label),
                    other => Err(format!("no import rules for service `{other}`")),
                }
                .map_err(|e| format!("{}: {e}", here()))?;
                let (family, mut attrs, ut, unit) = match rule {
                    Rule::Product { family, attrs, ut, unit } => (family, attrs, ut, unit),
                    Rule::Skip(why) => {
                        *skipped.entry(format!("{path}: {why}")).or_default() += 1;
                        continue;
                    }
                };
                let usd: Decimal =
                    price.parse().map_err(|e| format!("{}: price `{price}`: {e}", here()))?;
                if usd.is_sign_negative() {
                    return Err(format!("{}: negative price `{price}`", here()));
                }
                attrs.insert("usagetype".into(), super::rules::usage_type(service, reg.code, &ut));
                let dim = PriceDimension {
                    unit: unit.to_string(),
                    usd: usd.normalize(),
                    begin_range: Decimal::ZERO,
                    end_range: None,
                    // The readable part of the label (Aurora labels repeat it in `[...]`).
                    description: label
                        .split_once("] ")
                        .map_or(label.as_str(), |(_, rest)| rest)
                        .to_string(),
                    provenance: Some(Provenance {
                        csv_line: 0,
                        source: "FEED".into(),
                        as_of: (*date).to_string(),
                        verified: true,
                        derivation: None,
                        feed: Some((*path).to_string()),
                    }),
                };
                let id = (service.to_string(), reg.code.to_string(), family.to_string(), attrs);
                if let Some((prev, prev_spec, prev_path)) = out.get(&id) {
                    if *prev != usd && rds::is_storage_authority(prev_path) {
                        // The storage file is newer than the per-engine copies of its labels.
                        let why = format!("{path}: storage priced from rds-storage.json.gz");
                        *skipped.entry(why).or_default() += 1;
                        continue;
                    }
                    if *prev != usd {
                        let first = &prev_spec.dims[0].description;
                        return Err(format!(
                            "{}: price {price} for a product already priced {prev} by label \
                             `{first}`",
                            here()
                        ));
                    }
                    continue;
                }
                let spec = Spec {
                    family: family.to_string(),
                    attrs: id.3.clone(),
                    term: BTreeMap::new(),
                    dims: vec![dim],
                    hourly_includes_upfront: false,
                    note: None,
                };
                out.insert(id, (usd, spec, path));
            }
        }
    }
    Ok((out.into_iter().map(|((s, r, _, _), (_, spec, _))| (s, r, spec)).collect(), skipped))
}

#[cfg(test)]
mod tests {
    use super::{FILES, FeedFile, import, is_unlabelled, split_location};

    /// Every feed file empty except `ecs.json.gz`, which holds `body`.
    fn with_ecs(body: &str) -> Vec<FeedFile> {
        FILES
            .iter()
            .map(|(path, _, _)| FeedFile {
                path: (*path).to_string(),
                text: if path.ends_with("ecs.json.gz") {
                    body.into()
                } else if path.ends_with("natgateway-transformed.json.gz") {
                    "[]".into()
                } else {
                    "{}".into()
                },
            })
            .collect()
    }

    #[test]
    fn unknown_labels_and_locations_fail_loudly_and_skips_are_counted() {
        let err = import(&with_ecs(r#"{"perCPU per fortnight": {"EU (Ireland)": "1"}}"#))
            .expect_err("an unknown label is an error");
        assert!(err.contains("ecs.json.gz") && err.contains("perCPU per fortnight"), "{err}");
        let err = import(&with_ecs(r#"{"perCPU per hour": {"Moon (Tranquility)": "1"}}"#))
            .expect_err("an unknown location is an error");
        assert!(err.contains("Moon (Tranquility)") && err.contains("skip-list"), "{err}");
        let err = import(&with_ecs(r#"{"perCPU per hour": {"EU (Ireland)": "-1"}}"#))
            .expect_err("a negative price is an error");
        assert!(err.contains("negative"), "{err}");
        let (prices, skipped) = import(&with_ecs(
            r#"{"perCPU per hour": {"EU (Ireland)": "0.04", "US West (Los Angeles)": "0.05"},
                "per hour": {"EU (Ireland)": "0.01"}}"#,
        ))
        .expect("imports");
        assert_eq!(prices.len(), 1);
        assert_eq!(prices[0].1, "eu-west-1");
        assert_eq!(
            prices[0].2.attrs.get("usagetype").map(String::as_str),
            Some("EU-Fargate-vCPU-Hours:perCPU")
        );
        assert_eq!(skipped.len(), 2, "{skipped:?}");
    }

    #[test]
    fn locations_with_and_without_attributes() {
        let (loc, a) = split_location("AWS GovCloud (US) (Instance Type: db.t3.micro, vCPU: 2)");
        assert_eq!(loc, "AWS GovCloud (US)");
        assert_eq!(a.get("Instance Type"), Some(&"db.t3.micro"));
        assert_eq!(split_location("EU (Ireland)").0, "EU (Ireland)");
        assert!(is_unlabelled("-BU-3-Up-QlkGTKkSicX5ypPfFoSOMp6tSQ0o9D1T80 V1"));
        assert!(!is_unlabelled("Storage Snapshot"));
    }
}
