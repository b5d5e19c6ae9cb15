//! Cost Explorer source: `GetCostAndUsage` through aws-sdk-costexplorer.
//!
//! One request per page (each costs $0.01, so the count is reported in the notes). Group-by
//! keys map to at most two Cost Explorer `GroupBy` definitions (SERVICE, USAGE_TYPE, OPERATION,
//! LINKED_ACCOUNT, REGION, RECORD_TYPE or a TAG); resource-level data is not available from
//! `GetCostAndUsage`. Credits and refunds are excluded with a `RECORD_TYPE` filter unless asked
//! for. Periods Cost Explorer marks `Estimated` are flagged on every line.

use aws_sdk_costexplorer::Client;
use aws_sdk_costexplorer::error::SdkError;
use aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageError;
use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, DimensionValues, Expression, Granularity as CeGranularity,
    GroupDefinition, GroupDefinitionType, MatchOption, TagValues,
};
use rust_decimal::Decimal;
use std::str::FromStr;

use super::line::{ActualLine, Costs};
use super::query::{Basis, Granularity, GroupKey, Query, normalise_tag_key};
use super::{ActualsError, SourceOutput};

/// Price of one `GetCostAndUsage` request (each page is a request).
pub const REQUEST_PRICE_USD: &str = "0.01";

/// Upper bound on pages, so a misbehaving endpoint cannot make us spend without limit.
const MAX_PAGES: usize = 1000;

fn metric_name(basis: Basis) -> Result<&'static str, ActualsError> {
    match basis {
        Basis::Invoice => Ok("UnblendedCost"),
        Basis::Amortized => Ok("AmortizedCost"),
        Basis::List => Err(ActualsError::Unsupported(
            "Cost Explorer has no list (public on-demand) cost: use --basis invoice or amortized, or read a CUR/FOCUS export for list cost".into(),
        )),
    }
}

fn group_definition(key: &GroupKey) -> Result<GroupDefinition, ActualsError> {
    let (ty, k) = match key {
        GroupKey::Service => (GroupDefinitionType::Dimension, "SERVICE".to_string()),
        GroupKey::UsageType | GroupKey::UsageTypeRaw => {
            (GroupDefinitionType::Dimension, "USAGE_TYPE".to_string())
        }
        GroupKey::Operation => (GroupDefinitionType::Dimension, "OPERATION".to_string()),
        GroupKey::Account => (GroupDefinitionType::Dimension, "LINKED_ACCOUNT".to_string()),
        GroupKey::Region => (GroupDefinitionType::Dimension, "REGION".to_string()),
        GroupKey::LineType => (GroupDefinitionType::Dimension, "RECORD_TYPE".to_string()),
        GroupKey::Tag(t) => (GroupDefinitionType::Tag, t.clone()),
        GroupKey::Provider => {
            return Err(ActualsError::Unsupported(
                "Cost Explorer holds AWS's spend only, so it has no provider to group by: --group-by provider is for FOCUS exports (--from focus)".into(),
            ));
        }
        GroupKey::Resource => {
            return Err(ActualsError::Unsupported(
                "Cost Explorer's GetCostAndUsage cannot group by resource: use --from cur, focus or athena for per-resource spend".into(),
            ));
        }
    };
    Ok(GroupDefinition::builder().r#type(ty).key(k).build())
}

/// The request filter: tag filters and, unless credits are asked for, `RECORD_TYPE` not in
/// Credit/Refund.
fn filter(query: &Query) -> Result<Option<Expression>, ActualsError> {
    let mut parts = Vec::new();
    for f in &query.filters {
        parts.push(
            Expression::builder()
                .tags(
                    TagValues::builder()
                        .key(&f.key)
                        .values(&f.value)
                        .match_options(MatchOption::Equals)
                        .build(),
                )
                .build(),
        );
    }
    if !query.include_credits {
        let dims = DimensionValues::builder()
            .key(Dimension::RecordType)
            .values("Credit")
            .values("Refund")
            .build();
        parts.push(
            Expression::builder().not(Expression::builder().dimensions(dims).build()).build(),
        );
    }
    Ok(match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Expression::builder().set_and(Some(parts)).build()),
    })
}

fn describe_error(err: SdkError<GetCostAndUsageError>) -> ActualsError {
    if let Some(GetCostAndUsageError::DataUnavailableException(e)) = err.as_service_error() {
        return ActualsError::CostExplorer(format!(
            "no data available (DataUnavailableException: {}). Cost Explorer must be enabled for the account and data appears about 24 hours later; check --month/--start",
            e.message().unwrap_or("no message")
        ));
    }
    ActualsError::CostExplorer(format!(
        "GetCostAndUsage: {}",
        crate::aws::describe_failure(
            &err,
            "the IAM permission `ce:GetCostAndUsage` (from a member account, the management account must also allow Cost Explorer access)"
        )
    ))
}

fn parse_amount(s: &str) -> Result<Decimal, ActualsError> {
    Decimal::from_str(s)
        .or_else(|_| Decimal::from_scientific(s))
        .map_err(|_| ActualsError::CostExplorer(format!("amount `{s}` is not a number")))
}

/// The note saying how many billed requests were made and what they cost: one per [`fetch`],
/// or one for the total of several (a caller that splits a query replaces theirs with it).
pub fn requests_note(requests: usize) -> String {
    let price = Decimal::from_str(REQUEST_PRICE_USD).unwrap_or_default();
    format!(
        "Cost Explorer charges ${REQUEST_PRICE_USD} per GetCostAndUsage request: {requests} request(s) made (${})",
        (price * Decimal::from(requests)).normalize()
    )
}

/// Runs `GetCostAndUsage` for `query`, following `NextPageToken`.
pub async fn fetch(client: &Client, query: &Query) -> Result<SourceOutput, ActualsError> {
    let metric = metric_name(query.basis)?;
    if query.group_by.len() > 2 {
        return Err(ActualsError::Unsupported(format!(
            "Cost Explorer groups by at most two keys, {} given: drop some --group-by or use --from cur/athena",
            query.group_by.len()
        )));
    }
    let groups = query.group_by.iter().map(group_definition).collect::<Result<Vec<_>, _>>()?;
    let interval = DateInterval::builder()
        .start(query.range.start.format("%Y-%m-%d").to_string())
        .end(query.range.end.format("%Y-%m-%d").to_string())
        .build()
        .map_err(|e| ActualsError::CostExplorer(e.to_string()))?;
    let granularity = match query.granularity {
        Granularity::Monthly => CeGranularity::Monthly,
        Granularity::Daily => CeGranularity::Daily,
    };
    let filter = filter(query)?;
    let with_usage = query.wants_usage();

    let mut out = SourceOutput::default();
    let mut token: Option<String> = None;
    let mut requests = 0usize;
    let mut estimated_periods = Vec::new();
    loop {
        let mut req = client
            .get_cost_and_usage()
            .time_period(interval.clone())
            .granularity(granularity.clone())
            .metrics(metric)
            .set_group_by(if groups.is_empty() { None } else { Some(groups.clone()) })
            .set_filter(filter.clone())
            .set_next_page_token(token.clone());
        if with_usage {
            req = req.metrics("UsageQuantity");
        }
        requests += 1;
        let resp = req.send().await.map_err(describe_error)?;
        for result in resp.results_by_time() {
            let start = result.time_period().map(|p| p.start()).unwrap_or_default();
            let period = match query.granularity {
                Granularity::Monthly => start.get(..7).unwrap_or(start).to_string(),
                Granularity::Daily => start.to_string(),
            };
            if result.estimated() && !estimated_periods.contains(&period) {
                estimated_periods.push(period.clone());
            }
            if groups.is_empty() {
                if let Some(total) = result.total() {
                    out.lines.push(line_from_metrics(
                        query,
                        &period,
                        &[],
                        total,
                        metric,
                        result.estimated(),
                    )?);
                }
                continue;
            }
            for group in result.groups() {
                let Some(metrics) = group.metrics() else { continue };
                out.lines.push(line_from_metrics(
                    query,
                    &period,
                    group.keys(),
                    metrics,
                    metric,
                    result.estimated(),
                )?);
            }
        }
        token = resp.next_page_token().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() || requests >= MAX_PAGES {
            break;
        }
    }
    out.paid_requests = requests;
    out.notes.push(requests_note(requests));
    if !estimated_periods.is_empty() {
        out.warnings.push(format!(
            "Cost Explorer marks {} as estimated (not final)",
            estimated_periods.join(", ")
        ));
    }
    if !query.include_credits {
        out.notes.push("RECORD_TYPE Credit and Refund filtered out in the request".into());
    }
    // Tag presence: Cost Explorer returns `Key$` for untagged spend, so a key with only empty
    // values never appears; the aggregator warns from the lines' tags.
    Ok(out)
}

fn line_from_metrics(
    query: &Query,
    period: &str,
    keys: &[String],
    metrics: &std::collections::HashMap<String, aws_sdk_costexplorer::types::MetricValue>,
    metric: &str,
    estimated: bool,
) -> Result<ActualLine, ActualsError> {
    let mut line = ActualLine { period: period.to_string(), estimated, ..Default::default() };
    let cost = metrics.get(metric);
    let amount = cost.and_then(|m| m.amount()).map(parse_amount).transpose()?;
    line.currency = cost.and_then(|m| m.unit()).unwrap_or("USD").to_string();
    line.costs = match query.basis {
        Basis::Invoice => Costs { invoice: amount, ..Default::default() },
        Basis::Amortized => Costs { amortized: amount, ..Default::default() },
        Basis::List => Costs::default(),
    };
    if let Some(u) = metrics.get("UsageQuantity") {
        line.usage_quantity = u.amount().map(parse_amount).transpose()?;
        line.usage_unit = u.unit().filter(|u| *u != "N/A").map(str::to_string);
    }
    for (key, value) in query.group_by.iter().zip(keys) {
        match key {
            GroupKey::Service => line.service = Some(value.clone()),
            GroupKey::Provider => line.provider = Some(value.clone()),
            GroupKey::UsageType | GroupKey::UsageTypeRaw => line.usage_type = Some(value.clone()),
            GroupKey::Operation => line.operation = Some(value.clone()),
            GroupKey::Account => line.account = Some(value.clone()),
            GroupKey::Region => line.region = Some(value.clone()),
            GroupKey::LineType => line.line_type = Some(super::LineType::from_cur(value)),
            GroupKey::Tag(t) => {
                // Tag group keys come back as `Key$value`; `Key$` is untagged spend.
                let v = value.split_once('$').map_or(value.as_str(), |(_, v)| v);
                if !v.is_empty() {
                    line.tags.insert(normalise_tag_key(t), v.to_string());
                }
            }
            GroupKey::Resource => {}
        }
    }
    // Tag filters were applied by Cost Explorer; record them so the aggregator keeps the line.
    for f in &query.filters {
        line.tags.insert(f.key.clone(), f.value.clone());
    }
    Ok(line)
}
