//! `aws_cloudwatch_log_group`: ingestion per GB by log class (Standard or Infrequent Access),
//! storage per GB-month, and Logs Insights queries per GB scanned.
//!
//! Storage at steady state: with `retention_in_days = R` and `M` GB ingested a month, the group
//! holds `M × R ÷ (hours_per_month ÷ 24)` GB (R days of ingestion). Stored size is taken equal to
//! ingested size (AWS bills the compressed size, which is smaller: this errs high). Without a
//! retention the group grows forever and the usage key `storage_gb` must say how much it holds.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_quantity,
    attr_str, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    INGESTION = "logs.ingestion",
    STORAGE = "logs.storage",
    INSIGHTS_SCANNED = "logs.insights_scanned",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_cloudwatch_log_group",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |u: &str| PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type(u);
    let infrequent = attr_str(inst, "log_group_class") == Some("INFREQUENT_ACCESS");
    let (class, ingest_usage) = if infrequent {
        ("Infrequent Access", "DataProcessingIA-Bytes")
    } else {
        ("Standard", "DataProcessing-Bytes")
    };
    let ingested = Quantity::usage(inst, ctx, "monthly_data_ingested_gb", Decimal::ONE, "");
    let retention = attr_quantity(inst, "retention_in_days").map(|r| r.filter(|d| !d.is_zero()));
    let storage = if ctx.usage.get(&inst.address, "storage_gb").is_some() {
        Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, "")
    } else {
        match (ingested.value, retention) {
            // Negative or not a number: how long logs are kept is not known.
            (_, Err(why)) => Quantity::invalid(why),
            (Some(gb), Ok(Some(days))) => {
                let days_per_month = ctx.hours_per_month / Decimal::from(24);
                // Both factors are bounded (usage 10^20, attributes 10^12), not their product.
                let stored = crate::checked::mul(gb, days)
                    .and_then(|held| crate::checked::div(held, days_per_month));
                match stored {
                    Err(e) => Quantity::invalid(format!(
                        "monthly_data_ingested_gb {} × `retention_in_days` {} ÷ {} days/month: {e}",
                        n(gb),
                        n(days),
                        n(days_per_month.round_dp(4))
                    )),
                    Ok(stored) => Quantity {
                        value: Some(stored),
                        usage_based: true,
                        usage_key: Some("monthly_data_ingested_gb".into()),
                        usage_source: ingested.usage_source,
                        formula: Some(format!(
                            "{} GB/month × {} days retention ÷ {} days/month = {} GB",
                            n(gb),
                            n(days),
                            n(days_per_month.round_dp(4)),
                            n(stored.round_dp(10))
                        )),
                    },
                }
            }
            _ => Quantity::unknown("storage_gb"),
        }
    };
    let mut components = vec![
        ComponentSpec::new(
            INGESTION,
            format!("Data ingested ({class})"),
            "GB",
            ingested,
            q(ingest_usage),
        )
        .free_tier(FreeTierPool::CloudWatchLogsIngestion),
        ComponentSpec::new(
            STORAGE,
            "Archival storage",
            "GB-months",
            storage,
            q("TimedStorage-ByteHrs"),
        )
        .free_tier(FreeTierPool::CloudWatchLogsStorage),
    ];
    if ctx.usage.get(&inst.address, "monthly_data_scanned_gb").is_some() {
        components.push(ComponentSpec::new(
            INSIGHTS_SCANNED,
            "Insights queries data scanned",
            "GB",
            Quantity::usage(inst, ctx, "monthly_data_scanned_gb", Decimal::ONE, ""),
            q("DataScanned-Bytes"),
        ));
    }
    Mapping::Priced(Priced::new(components))
}
