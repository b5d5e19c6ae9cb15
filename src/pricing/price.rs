//! The answer to a [`PriceQuery`](super::PriceQuery): exactly one price with every tier and its
//! provenance, or "not found" / "ambiguous" with what the catalog does have. A caller never gets
//! a guessed price: it must handle all three outcomes.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where the prices of a cache file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// Published list prices gathered by hand (the bundled snapshot's reference table).
    PublishedListPrices,
    /// The AWS Price List Query API (`GetProducts`).
    PriceListApi,
    /// The public AWS bulk offer files.
    BulkOfferFile,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::PublishedListPrices => "published-list-prices",
            SourceKind::PriceListApi => "price-list-api",
            SourceKind::BulkOfferFile => "bulk-offer-file",
        }
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Provenance of one resolved price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSource {
    /// Cache file relative to the cache root: `aws/AmazonRDS/us-east-1.json`.
    pub file: String,
    pub source: SourceKind,
    /// When the price was valid: the AWS effective/publication date when known, otherwise the
    /// date(s) the published price was recorded (`2022-01`, or `2024-07; unknown` when tiers
    /// differ).
    pub as_of: String,
    /// When the cache file was written.
    pub fetch_date: String,
    /// False when any tier of this price is recalled rather than read from a stored source
    /// (marked `R` in the reference table): replace it by refreshing.
    pub verified: bool,
}

/// One tier of a price: `usd` per unit for quantities in `[begin, end)`; `end = None` is
/// unbounded. Untiered prices have one tier starting at 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub begin: Decimal,
    pub end: Option<Decimal>,
    pub usd: Decimal,
}

/// A resolved price: the product, its normalised unit, every tier, and for reserved terms the
/// upfront fee kept apart from the recurring rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub sku: String,
    pub product_family: String,
    /// The product's `usagetype` attribute as stored (with its region prefix), if it has one.
    pub usage_type: Option<String>,
    /// Normalised unit of the recurring rate (`Hrs`, `GB-Mo`, `GB`, `Requests`, `LCU-Hrs` ...);
    /// see `pricing-cache/README.md` for the list.
    pub unit: String,
    /// All tiers, sorted by `begin`. The caller splits quantities across them.
    pub tiers: Vec<Tier>,
    /// Reserved terms: the one-time fee per unit (instance/node) for the whole lease, when the
    /// source gives it apart from the hourly rate.
    pub upfront_usd: Option<Decimal>,
    /// Reserved terms only: true when the source gave only the effective hourly rate, with the
    /// upfront fee already amortised into it (`upfront_usd` is then `None`). Do not add an
    /// upfront fee on top.
    pub hourly_includes_upfront: bool,
    /// Caveats that travel with the price (e.g. "not in the AWS Price List").
    pub note: Option<String>,
    pub source: PriceSource,
}

/// Outcome of [`Catalog::resolve`](super::Catalog::resolve).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Resolution {
    Found(Price),
    NotFound {
        /// Which part of the query matched nothing, in words, with the query values in
        /// backticks.
        hint: String,
        /// The closest values the catalog does have for the attribute that failed (other
        /// instance types, regions, terms ...), best first, at most 8.
        closest: Vec<String>,
    },
    Ambiguous {
        /// One line per matching product: sku plus the attributes that tell them apart.
        candidates: Vec<String>,
    },
}

impl Resolution {
    /// The price when found.
    pub fn found(&self) -> Option<&Price> {
        match self {
            Resolution::Found(p) => Some(p),
            _ => None,
        }
    }
}

/// One cache file used (or available), for "priced with AWS list prices of <date>".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    pub service: String,
    pub region: String,
    pub source: SourceKind,
    /// AWS publication/effective date when known.
    pub publication_date: Option<String>,
    pub fetch_date: String,
    /// Oldest and newest recorded price dates in the file (`2021-01..2026-09`), when the source
    /// records them per price.
    pub prices_as_of: Option<String>,
    /// Products in the file.
    pub products: usize,
    /// Number of prices marked unverified.
    pub unverified: usize,
    /// `bundled`, or the directory the file was read from.
    pub origin: String,
}
