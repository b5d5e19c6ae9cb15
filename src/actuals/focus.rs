//! FOCUS source: FinOps Open Cost and Usage Specification exports 1.0, 1.1 and 1.2 (the later
//! versions only add columns), Parquet or CSV (gzip too). Real exports write nulls as empty or
//! `NULL` and may omit the `Z` of timestamps; both are accepted.
//!
//! Costs: invoice = `BilledCost`, amortised = `EffectiveCost`, list = `ListCost`. Service is
//! AWS's `x_ServiceCode` when the row has it (so it matches CUR's product code), else
//! `ServiceName`; usage type is `x_UsageType` when the row has it, else `ChargeDescription`,
//! else `SkuId` (other providers' rows have no `x_` columns); operation is `x_Operation`.
//! Provider is `ProviderName` (`ServiceProviderName` in FOCUS 1.3, else `PublisherName`), for
//! `--group-by provider` and `--provider` (see [`super::provider`]). Line type comes from
//! `ChargeCategory`. Tags is a JSON object (CSV) or a map (Parquet). Requires `polars`.

use super::query::Query;
use super::{ActualsError, SourceOutput};

/// Columns every FOCUS version has and costplan needs.
pub const FOCUS_REQUIRED: &[&str] = &[
    "ChargePeriodStart",
    "ChargeCategory",
    "BillingCurrency",
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ServiceName",
];

/// Reads FOCUS files at `spec` and aggregates them for `query`.
#[cfg(feature = "polars")]
pub fn read(spec: &str, query: &Query) -> Result<SourceOutput, ActualsError> {
    use super::polars_frame::{Amortized, FileSchema, Mapping, Tags, first_present, run};
    use std::path::Path;

    let detect = |path: &Path, schema: &FileSchema| -> Result<Mapping, ActualsError> {
        let missing: Vec<String> = FOCUS_REQUIRED
            .iter()
            .filter(|c| !schema.contains_key(**c))
            .map(|c| (*c).to_string())
            .collect();
        if !missing.is_empty() {
            return Err(ActualsError::MissingColumns {
                path: path.display().to_string(),
                kind: "FOCUS",
                missing,
                required: FOCUS_REQUIRED,
            });
        }
        let p = |names: &[&str]| first_present(schema, names);
        Ok(Mapping {
            kind: "FOCUS",
            start: "ChargePeriodStart".into(),
            currency: Some("BillingCurrency".into()),
            line_type: "ChargeCategory".into(),
            focus_categories: true,
            service: p(&["x_ServiceCode", "ServiceName"]),
            provider: p(&["ProviderName", "ServiceProviderName", "PublisherName"]),
            usage_type: p(&["x_UsageType"]),
            fallbacks: [
                ("service", "ServiceName"),
                ("usage_type", "ChargeDescription"),
                ("usage_type", "SkuId"),
            ]
            .into_iter()
            .filter(|(_, c)| schema.contains_key(*c))
            .map(|(k, c)| (k, c.to_string()))
            .collect(),
            operation: p(&["x_Operation"]),
            resource: p(&["ResourceId"]),
            account: p(&["SubAccountId", "BillingAccountId"]),
            region: p(&["RegionId", "Region"]),
            unit: p(&["ConsumedUnit", "PricingUnit"]),
            usage: p(&["ConsumedQuantity", "PricingQuantity"]),
            invoice: "BilledCost".into(),
            list: Some("ListCost".into()),
            amortized: Amortized::Column("EffectiveCost".into()),
            tags: Tags::Single("Tags".into()),
        })
    };
    run(spec, query, &detect)
}

/// Without polars: a clear error.
#[cfg(not(feature = "polars"))]
pub fn read(_spec: &str, _query: &Query) -> Result<SourceOutput, ActualsError> {
    Err(ActualsError::PolarsDisabled("focus"))
}
