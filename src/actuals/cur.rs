//! CUR source: AWS Cost and Usage Report files, CUR 2.0 (Data Exports, snake_case columns,
//! `resource_tags` map) or legacy CUR (`lineItem/UnblendedCost`, one `resourceTags/user:Key`
//! column per tag), Parquet or CSV (gzip too), a file, a directory or a glob.
//!
//! Costs: invoice = unblended; list = `pricing_public_on_demand_cost`; amortised per the CUR rule
//! in [`super::line::cur_amortized`]. Each file is detected on its own (CUR 2.0 or legacy) so a
//! directory may mix both. Requires the `polars` feature.

use super::query::Query;
use super::{ActualsError, SourceOutput};

/// Required CUR 2.0 columns.
pub const CUR2_REQUIRED: &[&str] = &[
    "line_item_usage_start_date",
    "line_item_line_item_type",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_unblended_cost",
    "line_item_currency_code",
];

/// Every CUR 2.0 column the reader uses, in the order Data Exports writes them: the required
/// ones ([`CUR2_REQUIRED`]) and the optional ones (operation, resource, account, region, unit,
/// usage amount, list cost, the Savings Plan and reservation columns of the amortised rule and
/// of commitment utilisation, `resource_tags`). A CUR 2.0 file with these columns serves every
/// basis and every group-by; the test fixtures and `examples/credlink_cur.rs` write them (plus
/// a few columns real exports have and costplan does not read).
pub const CUR2_COLUMNS: &[&str] = &[
    "line_item_usage_start_date",
    "line_item_line_item_type",
    "line_item_usage_account_id",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_operation",
    "line_item_resource_id",
    "line_item_usage_amount",
    "line_item_currency_code",
    "line_item_unblended_cost",
    "pricing_unit",
    "pricing_public_on_demand_cost",
    "product_region_code",
    "savings_plan_savings_plan_effective_cost",
    "savings_plan_total_commitment_to_date",
    "savings_plan_used_commitment",
    "reservation_effective_cost",
    "reservation_unused_amortized_upfront_fee_for_billing_period",
    "reservation_unused_recurring_fee",
    "resource_tags",
];

/// Required legacy CUR columns.
pub const LEGACY_REQUIRED: &[&str] = &[
    "lineItem/UsageStartDate",
    "lineItem/LineItemType",
    "lineItem/ProductCode",
    "lineItem/UsageType",
    "lineItem/UnblendedCost",
    "lineItem/CurrencyCode",
];

/// Reads CUR files at `spec` and aggregates them for `query`.
#[cfg(feature = "polars")]
pub fn read(spec: &str, query: &Query) -> Result<SourceOutput, ActualsError> {
    use super::polars_frame::{Amortized, FileSchema, Mapping, Tags, first_present, run};
    use super::query::{Basis, normalise_tag_key};
    use std::path::Path;

    let detect = |path: &Path, schema: &FileSchema| -> Result<Mapping, ActualsError> {
        let legacy = !schema.contains_key("line_item_unblended_cost")
            && schema.contains_key("lineItem/UnblendedCost");
        let (required, kind) =
            if legacy { (LEGACY_REQUIRED, "legacy CUR") } else { (CUR2_REQUIRED, "CUR 2.0") };
        let mut missing: Vec<String> = required
            .iter()
            .filter(|c| !schema.contains_key(**c))
            .map(|c| (*c).to_string())
            .collect();
        let n = |cur2: &str, leg: &str| -> Option<String> {
            first_present(schema, &[if legacy { leg } else { cur2 }])
        };
        let list = n("pricing_public_on_demand_cost", "pricing/publicOnDemandCost");
        if query.basis == Basis::List && list.is_none() {
            missing.push(
                if legacy { "pricing/publicOnDemandCost" } else { "pricing_public_on_demand_cost" }
                    .into(),
            );
        }
        if !legacy && query.basis == Basis::Amortized {
            for c in ["savings_plan_savings_plan_effective_cost", "reservation_effective_cost"] {
                if !schema.contains_key(c) {
                    missing.push(c.into());
                }
            }
        }
        if !missing.is_empty() {
            return Err(ActualsError::MissingColumns {
                path: path.display().to_string(),
                kind,
                missing,
                required,
            });
        }
        let tags = if legacy {
            Tags::PerColumn(
                schema
                    .keys()
                    .filter(|k| k.starts_with("resourceTags/"))
                    .map(|k| (normalise_tag_key(k), k.clone()))
                    .collect(),
            )
        } else {
            Tags::Single("resource_tags".into())
        };
        let req = |c: &str| c.to_string();
        Ok(Mapping {
            kind,
            start: req(required[0]),
            currency: Some(req(required[5])),
            line_type: req(required[1]),
            focus_categories: false,
            service: Some(req(required[2])),
            provider: None,
            fallbacks: Vec::new(),
            usage_type: Some(req(required[3])),
            operation: n("line_item_operation", "lineItem/Operation"),
            resource: n("line_item_resource_id", "lineItem/ResourceId"),
            account: n("line_item_usage_account_id", "lineItem/UsageAccountId"),
            region: n("product_region_code", "product/region"),
            unit: n("pricing_unit", "pricing/unit"),
            usage: n("line_item_usage_amount", "lineItem/UsageAmount"),
            invoice: req(required[4]),
            list,
            amortized: Amortized::CurRule {
                sp_effective: n(
                    "savings_plan_savings_plan_effective_cost",
                    "savingsPlan/SavingsPlanEffectiveCost",
                ),
                ri_effective: n("reservation_effective_cost", "reservation/EffectiveCost"),
                ri_unused_upfront: n(
                    "reservation_unused_amortized_upfront_fee_for_billing_period",
                    "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
                ),
                ri_unused_recurring: n(
                    "reservation_unused_recurring_fee",
                    "reservation/UnusedRecurringFee",
                ),
                sp_total_commitment: n(
                    "savings_plan_total_commitment_to_date",
                    "savingsPlan/TotalCommitmentToDate",
                ),
                sp_used_commitment: n("savings_plan_used_commitment", "savingsPlan/UsedCommitment"),
            },
            tags,
        })
    };
    run(spec, query, &detect)
}

/// Without polars: a clear error.
#[cfg(not(feature = "polars"))]
pub fn read(_spec: &str, _query: &Query) -> Result<SourceOutput, ActualsError> {
    Err(ActualsError::PolarsDisabled("cur"))
}

#[cfg(test)]
mod tests {
    use super::{CUR2_COLUMNS, CUR2_REQUIRED};

    #[test]
    fn the_cur2_column_list_holds_the_required_columns_once_each() {
        for c in CUR2_REQUIRED {
            assert!(CUR2_COLUMNS.contains(c), "{c}");
        }
        let mut sorted = CUR2_COLUMNS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CUR2_COLUMNS.len(), "a column listed twice");
    }

    /// The list must not name a column the reader does not read: each name appears in the
    /// reader's code too (the reader is polars code; this check runs without polars).
    #[test]
    fn every_listed_column_is_read_by_the_reader() {
        let source = include_str!("cur.rs");
        let reader = &source[source.find("pub fn read").expect("the reader")..];
        for c in CUR2_COLUMNS {
            let in_required = CUR2_REQUIRED.contains(c);
            assert!(
                in_required || reader.contains(&format!("\"{c}\"")),
                "`{c}` is listed but the reader does not read it"
            );
        }
    }
}
