//! Import rules for `AmazonCloudWatch` (feed file `cloudwatch.json.gz`). Labels → the product
//! families, attributes and usage types of the hand table's rule (`snapshot::rules`), so
//! `resources::cloudwatch_*` and `resources::ecs_cluster` resolve them; us-east-1 usage types
//! have no prefix, as the Price List writes them for CloudWatch.
//!
//! | label | family | attribute | usage type | unit | tier |
//! |---|---|---|---|---|---|
//! | `Logs Collected Data Ingestion` | `Data Payload` | group `Ingested Logs` | `DataProcessing-Bytes` | GB | |
//! | `IA Custom ingested Logs from 0 upto Inf` | `Data Payload` | group `Ingested Logs Infrequent Access` | `DataProcessingIA-Bytes` | GB | 0..Inf |
//! | `Stored Data` | `Storage Snapshot` | group `Archived Logs` | `TimedStorage-ByteHrs` | GB-Mo | |
//! | `Queried Logs Insights` | `Data Payload` | group `Logs Insights queries` | `DataScanned-Bytes` | GB | |
//! | `Metric for the first 10000` | `Metric` | | `CW:MetricMonitorUsage` | Metrics | 0..10,000 |
//! | `Metric for the next 240000` | `Metric` | | `CW:MetricMonitorUsage` | Metrics | 10,000..250,000 |
//! | `Metric for the next 750000` | `Metric` | | `CW:MetricMonitorUsage` | Metrics | 250,000..1,000,000 |
//! | `Metric for over 1000000` | `Metric` | | `CW:MetricMonitorUsage` | Metrics | 1,000,000..Inf |
//! | `Alarm Standard` | `Alarm` | alarmType `Standard` | `CW:AlarmMonitorUsage` | Alarms | |
//! | `Alarm High Resolution` | `Alarm` | alarmType `High Resolution` | `CW:HighResAlarmMonitorUsage` | Alarms | |
//! | `Dashboard Basic Dashboard` (location `Any`) | `Dashboard` | | `DashboardsUsageHour` | Dashboards | |
//!
//! Dashboards are priced once for every location (`Any`); the import stores that price in every
//! commercial region (the registry row's `feed_any_is_every_region`, `src/services.rs`). The 3 free dashboards, 10 free metrics
//! and alarms are the account-wide free tier (`usage::free_tier`), not tiers of these products.
//!
//! Skipped, each with why ([`SKIPS`]): vended and delivered logs (tiered per log source, not
//! priced by costplan), the free-dashboard and free-canary rows, the second dashboard kind,
//! API requests, Contributor Insights, Application Signals, canaries, RUM, Internet and
//! Network Monitor, metric streams, events, live tail, Parquet conversion, logs data
//! protection, composite and Metrics Insights alarms, the per-observation metric rates
//! (`Metric for the first 1000000000` ..., Container Insights observations) and the flat
//! `Metric 0 upto Inf` rate, which the pricing page does not name as custom metrics.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// Label fragments skipped on purpose, with why (first match wins).
const SKIPS: &[(&str, &str)] = &[
    ("Vended", "vended logs are not priced by costplan"),
    ("Delivered Logs", "logs delivered to S3/Firehose are not priced by costplan"),
    ("Dashboard Basic Free", "the 3 free dashboards are the account free tier"),
    ("Dashboard Extended", "one dashboard kind is priced (`Dashboard Basic Dashboard`)"),
    ("Canaries", "Synthetics canaries are not priced by costplan"),
    ("API Request", "CloudWatch API requests are not priced by costplan"),
    ("Contributor Insights", "Contributor Insights is not priced by costplan"),
    ("Application Signals", "Application Signals is not priced by costplan"),
    ("CW RUM", "CloudWatch RUM is not priced by costplan"),
    ("Internet Monitor", "Internet Monitor is not priced by costplan"),
    ("Network Monitor", "Network Monitor is not priced by costplan"),
    ("CityNetwork", "Internet Monitor city networks are not priced by costplan"),
    ("Metric Streams", "metric streams are not priced by costplan"),
    ("Event ", "CloudWatch events are not priced by costplan"),
    ("StartLiveTail", "Live Tail is not priced by costplan"),
    ("Parquet Conversion", "Parquet conversion is not priced by costplan"),
    ("DataProtection", "logs data protection is not priced by costplan"),
    ("Alarm Composite", "composite alarms are not priced by costplan"),
    ("Metrics Insights Alarms", "Metrics Insights alarms are not priced by costplan"),
    ("ObservationCount", "Container Insights observations are not priced by costplan"),
    ("Metric for the first 1000000000", "per-observation metric rates are not priced"),
    ("Metric 1000000000 upto", "per-observation metric rates are not priced"),
    ("Metric 4000000000 upto", "per-observation metric rates are not priced"),
    ("Metric 0 upto Inf", "a flat metric rate the pricing page does not name as custom metrics"),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let one = |family, attr: Option<(&str, &str)>, ut: &str, unit| {
        let mut attrs = BTreeMap::new();
        if let Some((k, v)) = attr {
            attrs.insert(k.to_string(), v.to_string());
        }
        Ok(Rule::Product { family, attrs, ut: ut.to_string(), unit })
    };
    let metric = |begin: i64, end: Option<i64>| {
        Ok(Rule::Tier {
            family: "Metric",
            attrs: BTreeMap::new(),
            ut: "CW:MetricMonitorUsage".to_string(),
            unit: "Metrics",
            begin: Decimal::from(begin),
            end: end.map(Decimal::from),
            free_below: None,
        })
    };
    match label {
        "Logs Collected Data Ingestion" => {
            one("Data Payload", Some(("group", "Ingested Logs")), "DataProcessing-Bytes", "GB")
        }
        "IA Custom ingested Logs from 0 upto Inf" => one(
            "Data Payload",
            Some(("group", "Ingested Logs Infrequent Access")),
            "DataProcessingIA-Bytes",
            "GB",
        ),
        "Stored Data" => one(
            "Storage Snapshot",
            Some(("group", "Archived Logs")),
            "TimedStorage-ByteHrs",
            "GB-Mo",
        ),
        "Queried Logs Insights" => {
            one("Data Payload", Some(("group", "Logs Insights queries")), "DataScanned-Bytes", "GB")
        }
        "Metric for the first 10000" => metric(0, Some(10_000)),
        "Metric for the next 240000" => metric(10_000, Some(250_000)),
        "Metric for the next 750000" => metric(250_000, Some(1_000_000)),
        "Metric for over 1000000" => metric(1_000_000, None),
        "Alarm Standard" => {
            one("Alarm", Some(("alarmType", "Standard")), "CW:AlarmMonitorUsage", "Alarms")
        }
        "Alarm High Resolution" => one(
            "Alarm",
            Some(("alarmType", "High Resolution")),
            "CW:HighResAlarmMonitorUsage",
            "Alarms",
        ),
        "Dashboard Basic Dashboard" => one("Dashboard", None, "DashboardsUsageHour", "Dashboards"),
        _ => match SKIPS.iter().find(|(fragment, _)| label.contains(fragment)) {
            Some((_, why)) => Ok(Rule::Skip(why)),
            None => Err("no CloudWatch import rule for this label".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn metric_tiers_map_the_rest_is_skipped_or_fails() {
        assert!(matches!(rule("Metric for over 1000000"), Ok(Rule::Tier { end: None, .. })));
        assert!(matches!(
            rule("Stored Data"),
            Ok(Rule::Product { family: "Storage Snapshot", .. })
        ));
        assert!(matches!(rule("Vended Logs First 10TB"), Ok(Rule::Skip(_))));
        assert!(rule("Metric for the next 9000").is_err());
    }
}
