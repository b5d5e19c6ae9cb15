//! Pricing catalog: normalised AWS Price List data (bundled snapshot embedded in the binary,
//! overridden per file by a refreshed cache), and the lookup of a [`PriceQuery`] to exactly one
//! price, or to "not found" / "ambiguous" with candidates. Knows nothing about Terraform.
//!
//! Contract for callers (`resources/`, `estimate`):
//! - build a [`Catalog`] once ([`Catalog::load`] with [`CatalogOptions`], or
//!   [`Catalog::bundled`] in tests), then call [`Catalog::resolve`] per cost component;
//! - a [`Price`] is in Price List units (`Hrs`, `GB-Mo`, `Requests` per request, not per
//!   1,000), with all tiers; reserved prices keep the upfront fee apart
//!   ([`Price::upfront_usd`]) unless [`Price::hourly_includes_upfront`] says the source only gave
//!   an effective hourly rate;
//! - [`Catalog::sources_used`] lists the files (source, dates) behind the resolved prices.
//!
//! The cache format is documented in `pricing-cache/README.md` and typed in [`format`].

mod bundled;
pub mod cache_dir;
pub mod catalog;
pub mod error;
pub mod format;
pub mod index;
pub mod price;
pub mod query;
pub mod refresh;
pub mod region;
pub mod show;
pub mod snapshot;
pub mod status;
pub mod unit;

pub use catalog::{Catalog, CatalogOptions, ENV_PRICING_DIR};
pub use error::PricingError;
pub use price::{Price, PriceSource, Resolution, SourceInfo, SourceKind, Tier};
pub use query::{AttrMatch, MatchOp, PriceQuery, PurchaseOption, Term};
