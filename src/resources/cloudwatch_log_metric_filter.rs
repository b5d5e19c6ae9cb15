//! `aws_cloudwatch_log_metric_filter`: each metric transformation publishes a custom metric,
//! priced per metric-month (tiered per account; the first 10 are free with `--free-tier`). A
//! transformation with dimensions creates one metric per distinct dimension value combination,
//! which only the data knows: the usage key `custom_metrics` overrides the count.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, blocks, n};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    CUSTOM_METRICS = "cloudwatch.custom_metrics",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_cloudwatch_log_metric_filter",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let transformations = blocks(inst, "metric_transformation");
    let with_dimensions = transformations
        .iter()
        .filter(|t| t.get("dimensions").and_then(|d| d.as_map()).is_some_and(|d| !d.is_empty()))
        .count();
    let count = Decimal::from(transformations.len().max(1));
    let quantity = if ctx.usage.get(&inst.address, "custom_metrics").is_some() {
        Quantity::usage(inst, ctx, "custom_metrics", Decimal::ONE, "")
    } else {
        Quantity::fixed(count, format!("{} metric transformation(s), no dimensions", n(count)))
    };
    let mut priced = Priced::new(vec![
        ComponentSpec::new(
            CUSTOM_METRICS,
            "Custom metrics",
            "metric-months",
            quantity,
            PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type("CW:MetricMonitorUsage"),
        )
        .free_tier(FreeTierPool::CloudWatchMetrics),
    ]);
    if with_dimensions > 0 && ctx.usage.get(&inst.address, "custom_metrics").is_none() {
        priced.warn(
            inst,
            "usage-assumed",
            "metric transformation with dimensions: one metric per dimension value combination; \
             counted as one, set the usage key `custom_metrics` for the real count",
        );
    }
    Mapping::Priced(priced)
}
