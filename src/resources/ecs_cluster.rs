//! `aws_ecs_cluster`: the cluster itself is free; with Container Insights (`setting
//! { name = "containerInsights", value = "enabled" | "enhanced" }`) CloudWatch charges the
//! metrics it publishes as custom metrics and the performance log events it writes as log
//! ingestion (into `/aws/ecs/containerinsights/<cluster>/performance`). How many metrics depends
//! on the services and tasks, so both are usage: `custom_metrics` and
//! `monthly_data_ingested_gb`. They are not derived from the configuration: AWS's list of
//! Container Insights metrics changes over time and the size of a performance log event is not
//! documented (docs/usage-model.md, "Container Insights").

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, blocks};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    INSIGHTS_METRICS = "ecs.insights_metrics",
    INSIGHTS_LOGS = "ecs.insights_logs",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_ecs_cluster", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let insights = blocks(inst, "setting").iter().find_map(|s| {
        (s.get("name").and_then(Value::as_str) == Some("containerInsights"))
            .then(|| s.get("value").and_then(Value::as_str).unwrap_or("disabled").to_string())
    });
    let Some(mode) = insights.filter(|m| m == "enabled" || m == "enhanced") else {
        return Mapping::Free("ECS clusters have no charge (Container Insights is off)".into());
    };
    let q = |u: &str| PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type(u);
    let components = vec![
        ComponentSpec::new(
            INSIGHTS_METRICS,
            "Custom metrics",
            "metric-months",
            Quantity::usage(inst, ctx, "custom_metrics", Decimal::ONE, ""),
            q("CW:MetricMonitorUsage"),
        )
        .free_tier(FreeTierPool::CloudWatchMetrics),
        ComponentSpec::new(
            INSIGHTS_LOGS,
            "Performance log events ingested",
            "GB",
            Quantity::usage(inst, ctx, "monthly_data_ingested_gb", Decimal::ONE, ""),
            q("DataProcessing-Bytes"),
        )
        .free_tier(FreeTierPool::CloudWatchLogsIngestion),
    ];
    let mut priced = Priced::default();
    priced.subresources.push((format!("Container Insights ({mode})"), components));
    Mapping::Priced(priced)
}
