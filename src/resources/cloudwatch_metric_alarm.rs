//! `aws_cloudwatch_metric_alarm`: priced per alarm metric-month. A standard alarm watches one
//! metric at 60 s or more; a period under 60 s is high resolution (3× the price); a metric math
//! alarm is charged for each metric it reads (`metric_query` blocks with `metric`); an anomaly
//! detection alarm for 3 metrics (the metric and the two bands). The first 10 standard alarm
//! metrics per account are free with `--free-tier`.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_dec, blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    ALARM = "cloudwatch.alarm",
    ALARM_HIGH_RESOLUTION = "cloudwatch.alarm.high_resolution",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_cloudwatch_metric_alarm",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let queries = blocks(inst, "metric_query");
    let anomaly = queries.iter().any(|q| {
        q.get("expression")
            .and_then(Value::as_str)
            .is_some_and(|e| e.contains("ANOMALY_DETECTION_BAND"))
    }) || inst.attr("threshold_metric_id").and_then(Value::as_str).is_some();
    let metric_queries: Vec<&&Value> =
        queries.iter().filter(|q| !q.blocks_at("metric").is_empty()).collect();
    let period = if queries.is_empty() {
        attr_dec(inst, "period")
    } else {
        metric_queries
            .iter()
            .filter_map(|q| {
                q.blocks_at("metric")
                    .first()
                    .and_then(|m| m.get("period"))
                    .and_then(Value::as_decimal)
            })
            .min()
    };
    let high_res = period.is_some_and(|p| p < Decimal::from(60));
    let (metrics, why) = if anomaly {
        (
            Decimal::from(3),
            "anomaly detection alarm: 3 metrics (metric + upper and lower band)".to_string(),
        )
    } else if !queries.is_empty() {
        let count = Decimal::from(metric_queries.len().max(1));
        (count, format!("metric math alarm reading {} metric(s)", n(count)))
    } else {
        (Decimal::ONE, "1 alarm on 1 metric".to_string())
    };
    let (id, name, usage, resolution) = if high_res {
        (
            ALARM_HIGH_RESOLUTION,
            "High-resolution alarm",
            "CW:HighResAlarmMonitorUsage",
            "period under 60 s",
        )
    } else {
        (ALARM, "Standard resolution alarm", "CW:AlarmMonitorUsage", "period 60 s or more")
    };
    let mut spec = ComponentSpec::new(
        id,
        name,
        "alarm metrics",
        Quantity::fixed(metrics, format!("{why}, {resolution}")),
        PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type(usage),
    );
    if !high_res {
        spec = spec.free_tier(FreeTierPool::CloudWatchAlarms);
    }
    Mapping::Priced(Priced::new(vec![spec]))
}

/// Nested blocks inside a block value.
trait BlocksAt {
    fn blocks_at(&self, key: &str) -> Vec<&Value>;
}

impl BlocksAt for Value {
    fn blocks_at(&self, key: &str) -> Vec<&Value> {
        self.get(key).map(Value::blocks).unwrap_or_default()
    }
}
