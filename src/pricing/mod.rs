//! Pricing catalog: normalised AWS Price List data (bundled snapshot embedded in the binary,
//! overridden per file by a refreshed cache), and the lookup of a [`PriceQuery`] to exactly one
//! price, or to "not found" / "ambiguous" with candidates. Knows nothing about Terraform.

pub mod query;

pub use query::{AttrMatch, MatchOp, PriceQuery, PurchaseOption, Term};
