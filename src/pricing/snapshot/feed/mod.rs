//! Import of AWS's pricing-page feed (the project's copy in `pricing-cache/feed/`, see its
//! `PROVENANCE.md`) into snapshot products.
//!
//! Contract:
//! - Input: the decompressed text of each feed file the rules know ([`files`]), with its date.
//!   The generator (`examples/build_snapshot.rs`) and the tests read them from
//!   `pricing-cache/feed/`; nothing here touches the file system.
//! - A processed feed file is `{label: {"<Location>[ (<attr>: <value>, ...)]": "<price>"}}`.
//!   Every label goes through the service's import-rules file ([`rds`], [`elasticache`],
//!   [`fargate`], [`elb`], [`vpc`], [`nat`] (whose file has another layout that it first turns
//!   into this one), [`cloudwatch`], [`s3`], [`kms`], [`secretsmanager`], [`waf`], [`ecr`],
//!   [`datatransfer`], [`lambda`], [`dynamodb`], [`apigateway`], [`efs`], [`memorydb`],
//!   [`rdsproxy`], [`eks`], [`cloudfront`], [`route53`], [`sns`], [`ec2`]): it maps to a
//!   product (family, attributes, usage type, unit), to one tier
//!   of a tiered product ([`Rule::Tier`]), or to an explicit skip with its reason. A label no
//!   rule knows, a location that is neither in the region table
//!   ([`crate::pricing::region::REGIONS`]) nor on its skip-list
//!   ([`crate::pricing::region::is_skipped_feed_location`]), an unreadable price, or one product
//!   (or tier) given two different prices is an error naming the file, the label and the
//!   location (except RDS storage, where `rds-storage.json.gz`, read first, wins over the
//!   per-engine files' copies of its labels; each such case is counted as skipped).
//! - Tiers: the tiers of one product must run from 0 without gaps or overlaps, the last one
//!   open-ended (`Inf`), as the Price List's `beginRange`/`endRange` do; otherwise the import
//!   fails naming the product. A tier rule may name a free first tier the feed does not list
//!   (KMS's 20,000 free requests), added at $0 with the rule's derivation.
//! - Location `Any` (one price for every region) is imported only for the services in
//!   the registry (`feed_any_is_every_region`), into every commercial region of the table, with a derivation
//!   saying so; elsewhere, and a location left empty, it is skipped and counted.
//! - Every imported dimension carries provenance: `source` `FEED`, `asOf` the file's date, and
//!   `feed` = the file inside `pricing-cache/feed/`, and the label as `description`.

pub(super) mod apigateway;
pub(super) mod cloudfront;
pub(super) mod cloudwatch;
pub(super) mod datatransfer;
pub(super) mod dynamodb;
pub(super) mod ec2;
pub(super) mod ecr;
pub(super) mod efs;
pub(super) mod eks;
pub(super) mod elasticache;
pub(super) mod elb;
pub(super) mod fargate;
pub(super) mod kms;
pub(super) mod lambda;
pub(super) mod memorydb;
pub(super) mod nat;
pub(super) mod rds;
pub(super) mod rdsproxy;
pub(super) mod route53;
pub(super) mod s3;
pub(super) mod secretsmanager;
pub(super) mod sns;
pub(super) mod vpc;
pub(super) mod waf;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Spec;
use crate::pricing::format::{PriceDimension, Provenance};
use crate::pricing::region;

/// Folder of the feed copy inside `pricing-cache/`.
pub const FEED_DIR: &str = "feed";

/// The feed files the import reads (path inside [`FEED_DIR`], service code, feed date), in
/// import order: each service's files of the registry ([`crate::services::Service::feed`]).
/// Dates: the source repository's capture dates per `PROVENANCE.md`.
pub fn files() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    crate::services::feed_files()
}

/// The RDS Proxy file: `AmazonRDS`, but its own import rules ([`rdsproxy`]).
const RDS_PROXY_FILE: &str = "aws-price-watcher/processed/rds-proxy.json.gz";

/// Global services: prices at location `Any` or none (and CloudFront's edge geographies) are
/// stored in [`GLOBAL_REGION`].
pub const GLOBAL_SERVICES: &[&str] = &["AmazonCloudFront", "AmazonRoute53"];

/// Where the snapshot files the prices of [`GLOBAL_SERVICES`]: the region AWS bills them in
/// (the Price List's `Global` location has no region of its own).
pub const GLOBAL_REGION: &str = region::GLOBAL;

/// The NAT gateway file, the one feed file in the transformed layout (see [`nat`]).
const NAT_FILE: &str = "aws-price/pricing/natgateway-transformed.json.gz";

/// The EC2 instance file (see [`ec2`]).
const EC2_FILE: &str = "aws-price-watcher/processed/ec2.json.gz";

/// One decompressed feed file.
#[derive(Debug, Clone)]
pub struct FeedFile {
    /// Path inside [`FEED_DIR`] (one of [`files`]).
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
    /// One tier of a tiered product: the tiers of one product come from several labels (or
    /// from the location's `StartingRange`/`EndingRange`), each its own `[begin, end)` range in
    /// the product's unit; `end` `None` is open-ended (`Inf`).
    Tier {
        family: &'static str,
        attrs: BTreeMap<String, String>,
        ut: String,
        unit: &'static str,
        begin: Decimal,
        end: Option<Decimal>,
        /// A free first tier `[0, begin)` the feed does not list, with why it exists.
        free_below: Option<&'static str>,
    },
    /// Deliberately not imported, with why.
    Skip(&'static str),
}

/// `Inf` → `None`, a number → its value; anything else is an error.
pub(crate) fn range_bound(s: &str) -> Result<Option<Decimal>, String> {
    if s == "Inf" {
        return Ok(None);
    }
    s.parse::<Decimal>().map(Some).map_err(|e| format!("range bound `{s}`: {e}"))
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

/// `EU (Ireland) (Instance Type: db.t3.micro, vCPU: 2)` → (`EU (Ireland)`, {Instance Type: ..});
/// a value may itself hold parentheses (`EU (London) (To Location: EU (Ireland))`).
pub(crate) fn split_location(key: &str) -> (&str, BTreeMap<&str, &str>) {
    let mut attrs = BTreeMap::new();
    // The attribute list is the first ` (` whose text up to its first `: ` is a bare key.
    let is_list = |inner: &str| {
        inner.split_once(": ").is_some_and(|(k, _)| !k.contains('(') && !k.contains(')'))
    };
    if let Some(body) = key.strip_suffix(')')
        && let Some(open) =
            body.match_indices(" (").map(|(i, _)| i).find(|i| is_list(&body[i + 2..]))
    {
        let inner = &body[open + 2..];
        {
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

/// One imported tier: (service, region, family, attributes, tier begin).
type Id = (String, String, String, BTreeMap<String, String>, Decimal);

/// Imported tiers → (price, the spec holding it, the feed file it came from).
type Out<'a> = BTreeMap<Id, (Decimal, Spec, &'a str)>;

/// Imports every file; errors name the file, label and location.
pub(crate) fn import(files: &[FeedFile]) -> Result<(Vec<Imported>, Skipped), String> {
    let mut skipped = Skipped::new();
    let mut out: Out = BTreeMap::new();
    for (path, service, date) in crate::services::feed_files() {
        let file = files
            .iter()
            .find(|f| f.path == path)
            .ok_or_else(|| format!("feed file {FEED_DIR}/{path} is missing"))?;
        let data: BTreeMap<String, BTreeMap<String, String>> = if path == NAT_FILE {
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
                let every_region = loc == "Any"
                    && crate::services::by_code(service)
                        .is_some_and(|s| s.feed_any_is_every_region);
                let global = GLOBAL_SERVICES.contains(&service)
                    && (loc.is_empty()
                        || loc == "Any"
                        || (service == "AmazonCloudFront" && cloudfront::geography(loc).is_some()));
                let regions: Vec<&region::Region> = if every_region {
                    region::REGIONS
                        .iter()
                        .filter(|r| r.partition == region::Partition::Commercial)
                        .collect()
                } else if global {
                    region::get(GLOBAL_REGION).into_iter().collect()
                } else if let Some(reg) = region::by_feed_location(loc) {
                    vec![reg]
                } else if loc.is_empty() || region::is_skipped_feed_location(loc) {
                    let loc = if loc.is_empty() { "(none)" } else { loc };
                    *skipped.entry(format!("{path}: location {loc}")).or_default() += 1;
                    continue;
                } else {
                    return Err(format!(
                        "{}: location `{loc}` is neither in the region table \
                         (src/pricing/region.rs) nor on its skip-list",
                        here()
                    ));
                };
                let rule = match service {
                    "AmazonRDS" if path == RDS_PROXY_FILE => rdsproxy::rule(label),
                    "AmazonRDS" => rds::rule(path, label, &loc_attrs),
                    "AmazonElastiCache" => elasticache::rule(label, &loc_attrs),
                    "AmazonECS" => fargate::rule(label),
                    "AWSELB" => elb::rule(label),
                    "AmazonEC2" if path == NAT_FILE => nat::rule(label),
                    "AmazonEC2" if path == EC2_FILE => ec2::rule(label),
                    "AmazonEC2" => datatransfer::rule(label, &loc_attrs, regions[0].location),
                    "AmazonVPC" => vpc::rule(label),
                    "AmazonCloudWatch" => cloudwatch::rule(label),
                    "AmazonS3" => s3::rule(label),
                    "AWSKMS" => kms::rule(label),
                    "AWSSecretsManager" => secretsmanager::rule(label),
                    "awswaf" => waf::rule(label),
                    "AmazonECR" => ecr::rule(label),
                    "AWSLambda" => lambda::rule(label),
                    "AmazonDynamoDB" => dynamodb::rule(label),
                    "AmazonApiGateway" => apigateway::rule(label),
                    "AmazonEFS" => efs::rule(label),
                    "AmazonMemoryDB" => memorydb::rule(label, &loc_attrs),
                    "AmazonEKS" => eks::rule(label),
                    "AmazonCloudFront" => {
                        cloudfront::rule(label, loc, loc_attrs.get("Per Month").copied())
                    }
                    "AmazonRoute53" => route53::rule(label),
                    "AmazonSNS" => sns::rule(label),
                    other => Err(format!("no import rules for service `{other}`")),
                }
                .map_err(|e| format!("{}: {e}", here()))?;
                let (family, attrs, ut, unit, begin, end, free_below) = match rule {
                    Rule::Product { family, attrs, ut, unit } => {
                        (family, attrs, ut, unit, Decimal::ZERO, None, None)
                    }
                    Rule::Tier { family, attrs, ut, unit, begin, end, free_below } => {
                        (family, attrs, ut, unit, begin, end, free_below)
                    }
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
                // The readable part of the label (Aurora labels repeat it in `[...]`).
                let description =
                    label.split_once("] ").map_or(label.as_str(), |(_, rest)| rest).to_string();
                let any = if every_region {
                    Some(
                        "the feed gives one price for every location (`Any`); stored in every \
                         commercial region"
                            .to_string(),
                    )
                } else if global {
                    let at =
                        if loc.is_empty() { "no location".to_string() } else { format!("`{loc}`") };
                    Some(format!(
                        "a global price (the feed gives it at {at}); stored in {GLOBAL_REGION}, \
                         where costplan files global services"
                    ))
                } else {
                    None
                };
                let mut tiers = vec![(begin, end, usd, any.clone())];
                if let (Some(why), false) = (free_below, begin.is_zero()) {
                    let why = match &any {
                        Some(a) => format!("{why}; {a}"),
                        None => why.to_string(),
                    };
                    tiers.push((Decimal::ZERO, Some(begin), Decimal::ZERO, Some(why)));
                }
                for reg in regions {
                    let mut attrs = attrs.clone();
                    attrs.insert(
                        "usagetype".into(),
                        super::rules::usage_type(service, reg.code, &ut),
                    );
                    for (begin, end, usd, derivation) in &tiers {
                        let dim = PriceDimension {
                            unit: unit.to_string(),
                            usd: usd.normalize(),
                            begin_range: *begin,
                            end_range: *end,
                            description: description.clone(),
                            provenance: Some(Provenance {
                                csv_line: 0,
                                source: "FEED".into(),
                                as_of: date.to_string(),
                                verified: true,
                                derivation: derivation.clone(),
                                feed: Some(path.to_string()),
                            }),
                        };
                        let id = (
                            service.to_string(),
                            reg.code.to_string(),
                            family.to_string(),
                            attrs.clone(),
                            *begin,
                        );
                        if let Some((prev, prev_spec, prev_path)) = out.get(&id) {
                            if prev != usd && rds::is_storage_authority(prev_path) {
                                // The storage file is newer than the per-engine copies of its
                                // labels.
                                let why =
                                    format!("{path}: storage priced from rds-storage.json.gz");
                                *skipped.entry(why).or_default() += 1;
                                continue;
                            }
                            let prev_end = prev_spec.dims[0].end_range;
                            if prev != usd || prev_end != *end {
                                let first = &prev_spec.dims[0].description;
                                return Err(format!(
                                    "{}: price {usd} (tier from {begin}) for a product already \
                                     priced {prev} by label `{first}`",
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
                        out.insert(id, (*usd, spec, path));
                    }
                }
            }
        }
    }
    check_tiers(&out)?;
    Ok((out.into_iter().map(|((s, r, ..), (_, spec, _))| (s, r, spec)).collect(), skipped))
}

/// The tiers of every product run from 0 to an open end without gaps or overlaps.
fn check_tiers(out: &Out) -> Result<(), String> {
    let name = |(s, r, f, a, _): &Id| {
        let ut = a.get("usagetype").map_or("?", String::as_str);
        format!("{s} {r} `{f}` `{ut}`")
    };
    let open_end = |(id, end): (&Id, Option<Decimal>)| match end {
        Some(e) => {
            Err(format!("{}: the last tier ends at {e}; it must be open-ended (`Inf`)", name(id)))
        }
        None => Ok(()),
    };
    // The previous tier: its id and end.
    let mut last: Option<(&Id, Option<Decimal>)> = None;
    for (id, (_, spec, path)) in out {
        let dim = &spec.dims[0];
        let same_product =
            last.is_some_and(|(l, _)| (&l.0, &l.1, &l.2, &l.3) == (&id.0, &id.1, &id.2, &id.3));
        let expected = match last {
            Some((_, Some(end))) if same_product => end,
            Some((_, None)) if same_product => {
                return Err(format!(
                    "{FEED_DIR}/{path}: {}: a tier from {} after an open-ended tier",
                    name(id),
                    dim.begin_range
                ));
            }
            Some(prev) => {
                open_end(prev)?;
                Decimal::ZERO
            }
            None => Decimal::ZERO,
        };
        if dim.begin_range != expected {
            return Err(format!(
                "{FEED_DIR}/{path}: {}: a tier starts at {} where {expected} was expected (a gap \
                 or overlap in the tiers)",
                name(id),
                dim.begin_range
            ));
        }
        last = Some((id, dim.end_range));
    }
    last.map_or(Ok(()), open_end)
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::{FeedFile, files, import, is_unlabelled, split_location};

    /// Every feed file empty except `ecs.json.gz`, which holds `body`.
    fn with_ecs(body: &str) -> Vec<FeedFile> {
        with("/ecs.json.gz", body)
    }

    /// Every feed file empty except the one whose path ends with `file`, which holds `body`.
    fn with(file: &str, body: &str) -> Vec<FeedFile> {
        files()
            .map(|(path, _, _)| FeedFile {
                path: path.to_string(),
                text: if path.ends_with(file) {
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
    fn tiers_must_run_from_zero_to_an_open_end() {
        let gap = r#"{"Metric for the first 10000": {"EU (Ireland)": "0.3"},
                      "Metric for over 1000000": {"EU (Ireland)": "0.02"}}"#;
        let err = import(&with("cloudwatch.json.gz", gap)).expect_err("a gap is an error");
        assert!(err.contains("CW:MetricMonitorUsage") && err.contains("gap"), "{err}");
        let closed = r#"{"Metric for the first 10000": {"EU (Ireland)": "0.3"}}"#;
        let err = import(&with("cloudwatch.json.gz", closed)).expect_err("no open end");
        assert!(err.contains("open-ended"), "{err}");
        let all = r#"{"Metric for the first 10000": {"EU (Ireland)": "0.3"},
                      "Metric for the next 240000": {"EU (Ireland)": "0.1"},
                      "Metric for the next 750000": {"EU (Ireland)": "0.05"},
                      "Metric for over 1000000": {"EU (Ireland)": "0.02"}}"#;
        let (prices, _) = import(&with("cloudwatch.json.gz", all)).expect("contiguous tiers");
        let ends: Vec<_> = prices.iter().map(|p| p.2.dims[0].end_range).collect();
        assert_eq!(ends.len(), 4);
        assert_eq!(ends.last(), Some(&None), "the last tier is open-ended");
    }

    #[test]
    fn kms_gets_its_free_tier_and_any_prices_every_commercial_region() {
        let kms = r#"{"API request - Non Free Tier": {"EU (London)": "0.000003"}}"#;
        let (prices, _) = import(&with("kms.json.gz", kms)).expect("imports");
        let tiers: Vec<_> = prices
            .iter()
            .map(|p| (p.2.dims[0].begin_range, p.2.dims[0].end_range, p.2.dims[0].usd))
            .collect();
        assert_eq!(
            tiers,
            vec![(dec!(0), Some(dec!(20000)), dec!(0)), (dec!(20000), None, dec!(0.000003))]
        );
        assert!(prices[0].2.dims[0].provenance.as_ref().unwrap().derivation.is_some());
        let any = r#"{"Dashboard Basic Dashboard": {"Any": "3"}}"#;
        let (prices, _) = import(&with("cloudwatch.json.gz", any)).expect("imports");
        let commercial = crate::pricing::region::REGIONS
            .iter()
            .filter(|r| r.partition == crate::pricing::region::Partition::Commercial)
            .count();
        assert_eq!(prices.len(), commercial);
        assert!(prices.iter().any(|p| p.1 == "eu-west-2"));
        // `Any` of other services stays skipped.
        let (prices, skipped) =
            import(&with_ecs(r#"{"perCPU per hour": {"Any": "0.04"}}"#)).expect("imports");
        assert!(prices.is_empty() && skipped.keys().any(|k| k.contains("location Any")));
    }

    #[test]
    fn cloudfront_geographies_go_to_the_global_region_and_unknown_ones_fail() {
        let body = r#"{"Request HTTP Methods": {"Japan": "0.0000009"},
                       "Request HTTP Methods from Japan": {"": "0.0000009"}}"#;
        let (prices, _) = import(&with("cloudfront.json.gz", body)).expect("imports");
        assert_eq!(prices.len(), 1, "both spellings are one product");
        assert_eq!(prices[0].1, super::GLOBAL_REGION);
        let derivation = prices[0].2.dims[0].provenance.as_ref().unwrap().derivation.clone();
        assert!(derivation.is_some_and(|d| d.contains("global price")));
        let body = r#"{"Request HTTP Methods": {"Japan": "0.0000009"},
                       "Request HTTP Methods from Japan": {"": "0.000001"}}"#;
        let err = import(&with("cloudfront.json.gz", body)).expect_err("two prices, one product");
        assert!(err.contains("Request HTTP Methods from Japan"), "{err}");
        let body = r#"{"Request HTTP Methods": {"Atlantis": "0.0000009"}}"#;
        let err = import(&with("cloudfront.json.gz", body)).expect_err("unknown geography");
        assert!(err.contains("cloudfront.json.gz") && err.contains("Atlantis"), "{err}");
    }

    #[test]
    fn locations_with_and_without_attributes() {
        let (loc, a) = split_location("AWS GovCloud (US) (Instance Type: db.t3.micro, vCPU: 2)");
        assert_eq!(loc, "AWS GovCloud (US)");
        assert_eq!(a.get("Instance Type"), Some(&"db.t3.micro"));
        assert_eq!(split_location("EU (Ireland)").0, "EU (Ireland)");
        let (loc, a) = split_location("EU (London) (To Location: AWS GovCloud (US))");
        assert_eq!(loc, "EU (London)");
        assert_eq!(a.get("To Location"), Some(&"AWS GovCloud (US)"));
        assert!(is_unlabelled("-BU-3-Up-QlkGTKkSicX5ypPfFoSOMp6tSQ0o9D1T80 V1"));
        assert!(!is_unlabelled("Storage Snapshot"));
    }
}
