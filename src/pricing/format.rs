//! The on-disk cache format (documented for users in `pricing-cache/README.md`): one JSON file
//! per service code and region, `aws/<ServiceCode>/<region>.json`, plus `manifest.json`.
//!
//! The shape follows the AWS Price List (`product.sku`, `productFamily`, `attributes`,
//! `terms.OnDemand` / `terms.Reserved` with `termAttributes` and `priceDimensions`), normalised:
//! terms and dimensions are arrays instead of maps keyed by offer/rate codes, units are spelled
//! one way ([`super::unit::normalise`]), prices are decimal strings under `usd`, and `endRange`
//! is `"Inf"` or a decimal string. Writers (the snapshot generator, `pricing refresh`) produce
//! deterministic output: products sorted by sku, attributes in a `BTreeMap`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::price::SourceKind;

/// Version of the file and manifest format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One cache file: the products of one service in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheFile {
    pub format_version: u32,
    pub service_code: String,
    pub region: String,
    /// Price List `location` name (`US East (N. Virginia)`, `EU (Ireland)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub source: SourceKind,
    /// AWS publication or effective date of the prices, when the source states one.
    #[serde(default)]
    pub publication_date: Option<String>,
    /// Date (`YYYY-MM-DD`) the file was written from its source.
    pub fetch_date: String,
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub sku: String,
    pub product_family: String,
    /// Price List attributes (`usagetype`, `instanceType`, `databaseEngine`, ...).
    pub attributes: BTreeMap<String, String>,
    pub terms: Terms,
    /// A caveat that travels with every price of the product (e.g. not in the Price List).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    #[serde(rename = "OnDemand", default, skip_serializing_if = "Vec::is_empty")]
    pub on_demand: Vec<PriceTerm>,
    #[serde(rename = "Reserved", default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<PriceTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceTerm {
    /// Price List `effectiveDate` of the term, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    /// Reserved terms: `LeaseContractLength` (`1yr`, `3yr`), `PurchaseOption` (`No Upfront`,
    /// `Partial Upfront`, `All Upfront`), `OfferingClass` (`standard`, `convertible`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub term_attributes: BTreeMap<String, String>,
    /// True when the source gave only an effective hourly rate with the upfront fee amortised
    /// into it, so the `Hrs` dimension must not be combined with an upfront fee.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hourly_includes_upfront: bool,
    /// Rate dimensions (tiers of one unit) plus, for reserved terms, the upfront fee as a
    /// dimension with unit `Quantity`.
    pub price_dimensions: Vec<PriceDimension>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceDimension {
    /// Normalised unit (`Hrs`, `GB-Mo`, `Quantity` ...).
    pub unit: String,
    /// USD per unit, as a decimal string.
    pub usd: Decimal,
    pub begin_range: Decimal,
    /// `"Inf"` for unbounded.
    #[serde(with = "end_range")]
    pub end_range: Option<Decimal>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Where this number came from when the file was not fetched from AWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Provenance of a published-list-price dimension: the reference-table row it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// Line in `pricing-cache/source/aws-list-prices.csv` (1-based, header is line 1); 0 for a
    /// price from the feed (see `feed`).
    pub csv_line: u64,
    /// Source codes as written in the table (see `pricing-cache/source/SOURCES.md`).
    pub source: String,
    /// Date of the source as written (`2022-01`, `2026`, `-` when unknown).
    pub as_of: String,
    pub verified: bool,
    /// How the stored number was derived from the row, when it is not the row's value as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// For a price imported from the pricing-page feed (`source` `FEED`, `csvLine` 0): the feed
    /// file inside `pricing-cache/feed/` (the dimension's `description` is the feed's label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
}

/// `manifest.json`: what is in a cache directory, and how to trust it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format_version: u32,
    /// What wrote the cache (`build_snapshot from source/aws-list-prices.csv`, `pricing refresh`).
    pub generator: String,
    /// Keyed by the file path relative to the cache root (`aws/AmazonRDS/us-east-1.json`).
    pub files: BTreeMap<String, ManifestEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
    pub service_code: String,
    pub region: String,
    pub source: SourceKind,
    #[serde(default)]
    pub publication_date: Option<String>,
    pub fetch_date: String,
    /// Oldest and newest price date recorded in the file (`2021-01..2026-09`), when prices
    /// carry their own dates (published list prices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices_as_of: Option<String>,
    /// Number of products (rows) in the file.
    pub products: usize,
    /// Number of price dimensions over all products and terms.
    pub price_dimensions: usize,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Prices that must be replaced by a refresh: recalled, or from an unknown source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<UnverifiedMark>,
    /// Caveats for the whole file (effective-hourly reserved prices, prices not in the Price
    /// List).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnverifiedMark {
    pub sku: String,
    pub usagetype: String,
    /// Which term/tier: `OnDemand`, `OnDemand tier 51200..512000`, `Reserved 1yr No Upfront`.
    pub term: String,
    pub csv_line: u64,
    pub reason: String,
}

/// Serialises `Option<Decimal>` the Price List way: `"Inf"` for `None`.
mod end_range {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // serde's `with` passes `&Option<T>`
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_str("Inf"),
            Some(d) => s.serialize_str(&d.to_string()),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let s = String::deserialize(d)?;
        if s == "Inf" {
            return Ok(None);
        }
        s.parse::<Decimal>()
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("endRange `{s}`: {e}")))
    }
}

impl PriceTerm {
    /// `1yr No Upfront standard` style label of a reserved term; `OnDemand` otherwise.
    pub fn label(&self) -> String {
        if self.term_attributes.is_empty() {
            return "OnDemand".to_string();
        }
        let get = |k: &str| self.term_attributes.get(k).map_or("?", String::as_str);
        let mut s = format!("Reserved {} {}", get("LeaseContractLength"), get("PurchaseOption"));
        if let Some(oc) = self.term_attributes.get("OfferingClass") {
            s.push(' ');
            s.push_str(oc);
        }
        s
    }
}
