//! Athena source: the aggregation expressed as SQL over a CUR 2.0 table and run through
//! aws-sdk-athena, so billions of rows stay in S3 and only aggregated rows come back.
//!
//! Flow: `StartQueryExecution` → `GetQueryExecution` polled with exponential backoff (200 ms
//! doubling to 5 s) until SUCCEEDED/FAILED/CANCELLED → `GetQueryResults` paginated with
//! `NextToken`. Money is summed as `DECIMAL(38,10)` in SQL so no binary floating point is involved,
//! and parsed into `Decimal`. A failed query reports Athena's reason.

use std::str::FromStr;
use std::time::Duration;

use aws_sdk_athena::Client;
use aws_sdk_athena::error::ProvideErrorMetadata;
use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};
use rust_decimal::Decimal;

use super::line::{ActualLine, Costs};
use super::query::{Basis, Granularity, GroupKey, Query};
use super::{ActualsError, SourceOutput};

/// Where the CUR 2.0 table lives.
#[derive(Debug, Clone)]
pub struct AthenaTarget {
    pub database: String,
    pub table: String,
    pub catalog: Option<String>,
    pub workgroup: Option<String>,
    /// `s3://bucket/prefix/` for results; required unless the workgroup sets one.
    pub output_location: Option<String>,
    /// Give up waiting after this long.
    pub timeout: Duration,
}

/// Quotes an SQL identifier (`"a""b"`).
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Quotes an SQL string literal (`'it''s'`).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The amortised cost as SQL, the same rule as [`super::line::cur_amortized`].
const AMORTIZED_SQL: &str = "CASE line_item_line_item_type \
WHEN 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost \
WHEN 'DiscountedUsage' THEN reservation_effective_cost \
WHEN 'SavingsPlanNegation' THEN 0 \
WHEN 'SavingsPlanUpfrontFee' THEN 0 \
WHEN 'RIFee' THEN coalesce(reservation_unused_amortized_upfront_fee_for_billing_period, 0) + coalesce(reservation_unused_recurring_fee, 0) \
WHEN 'SavingsPlanRecurringFee' THEN coalesce(savings_plan_total_commitment_to_date - savings_plan_used_commitment, line_item_unblended_cost) \
ELSE line_item_unblended_cost END";

fn tag_sql(key: &str) -> String {
    // CUR 2.0 keeps tag keys as `user:Key` in the `resource_tags` map; some exports normalise to
    // `user_key`. element_at returns NULL for a missing key.
    format!(
        "coalesce(element_at(resource_tags, {}), element_at(resource_tags, {}), element_at(resource_tags, {}))",
        lit(&format!("user:{key}")),
        lit(&format!("user_{key}")),
        lit(key)
    )
}

fn key_sql(key: &GroupKey) -> String {
    match key {
        GroupKey::Service => "line_item_product_code".into(),
        // A CUR table is AWS's own billing data.
        GroupKey::Provider => "'AWS'".into(),
        GroupKey::UsageType | GroupKey::UsageTypeRaw => "line_item_usage_type".into(),
        GroupKey::Operation => "line_item_operation".into(),
        GroupKey::Resource => "line_item_resource_id".into(),
        GroupKey::Account => "line_item_usage_account_id".into(),
        GroupKey::Region => "product_region_code".into(),
        GroupKey::LineType => "line_item_line_item_type".into(),
        GroupKey::Tag(k) => tag_sql(k),
    }
}

/// The SQL for `query` over `"database"."table"`. Output columns, in order: period, currency,
/// one `k{i}` per group-by key, [unit, usage], cost.
pub fn build_sql(query: &Query, database: &str, table: &str) -> String {
    let period_fmt = match query.granularity {
        Granularity::Monthly => "%Y-%m",
        Granularity::Daily => "%Y-%m-%d",
    };
    let cost = match query.basis {
        Basis::Invoice => "line_item_unblended_cost".to_string(),
        Basis::Amortized => AMORTIZED_SQL.to_string(),
        Basis::List => "pricing_public_on_demand_cost".to_string(),
    };
    let mut select = vec![
        format!("date_format(line_item_usage_start_date, '{period_fmt}') AS period"),
        "line_item_currency_code AS currency".to_string(),
    ];
    for (i, key) in query.group_by.iter().enumerate() {
        select.push(format!("{} AS k{i}", key_sql(key)));
    }
    let usage = query.wants_usage();
    if usage {
        select.push("pricing_unit AS unit".into());
        select.push(
            "CAST(SUM(CAST(line_item_usage_amount AS DECIMAL(38,10))) AS VARCHAR) AS usage".into(),
        );
    }
    select.push(format!("CAST(SUM(CAST({cost} AS DECIMAL(38,10))) AS VARCHAR) AS cost"));
    let n_keys = 2 + query.group_by.len() + usize::from(usage);
    let group: Vec<String> = (1..=n_keys).map(|i| i.to_string()).collect();
    let mut wher = vec![
        format!("line_item_usage_start_date >= TIMESTAMP '{} 00:00:00'", query.range.start),
        format!("line_item_usage_start_date < TIMESTAMP '{} 00:00:00'", query.range.end),
    ];
    if !query.include_credits {
        wher.push("line_item_line_item_type NOT IN ('Credit', 'Refund')".into());
    }
    for f in &query.filters {
        wher.push(format!("{} = {}", tag_sql(&f.key), lit(&f.value)));
    }
    format!(
        "SELECT {}\nFROM {}.{}\nWHERE {}\nGROUP BY {}\nORDER BY {}",
        select.join(",\n  "),
        ident(database),
        ident(table),
        wher.join("\n  AND "),
        group.join(", "),
        group.join(", ")
    )
}

fn err<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    what: &str,
    e: aws_sdk_athena::error::SdkError<E, R>,
) -> ActualsError {
    ActualsError::Athena(format!(
        "{what}: {}",
        crate::aws::describe_failure(
            &e,
            "athena:StartQueryExecution, athena:GetQueryExecution, athena:GetQueryResults, glue:GetTable and S3 access to the CUR data and the output location"
        )
    ))
}

fn parse_dec(s: &str, row: usize) -> Result<Decimal, ActualsError> {
    Decimal::from_str(s)
        .or_else(|_| Decimal::from_scientific(s))
        .map_err(|_| ActualsError::Athena(format!("result row {row}: `{s}` is not a number")))
}

/// Runs the aggregation on Athena.
pub async fn fetch(
    client: &Client,
    target: &AthenaTarget,
    query: &Query,
) -> Result<SourceOutput, ActualsError> {
    let sql = build_sql(query, &target.database, &target.table);
    let mut ctx = QueryExecutionContext::builder().database(&target.database);
    if let Some(c) = &target.catalog {
        ctx = ctx.catalog(c);
    }
    let mut start = client
        .start_query_execution()
        .query_string(&sql)
        .query_execution_context(ctx.build())
        .set_work_group(target.workgroup.clone());
    if let Some(loc) = &target.output_location {
        start =
            start.result_configuration(ResultConfiguration::builder().output_location(loc).build());
    }
    let started = start.send().await.map_err(|e| err("StartQueryExecution", e))?;
    let id = started
        .query_execution_id()
        .ok_or_else(|| ActualsError::Athena("StartQueryExecution returned no id".into()))?
        .to_string();

    let mut delay = Duration::from_millis(200);
    let began = std::time::Instant::now();
    let scanned = loop {
        let exec = client
            .get_query_execution()
            .query_execution_id(&id)
            .send()
            .await
            .map_err(|e| err("GetQueryExecution", e))?;
        let qe = exec.query_execution();
        let status = qe.and_then(|q| q.status());
        match status.and_then(|s| s.state()) {
            Some(QueryExecutionState::Succeeded) => {
                break qe.and_then(|q| q.statistics()).and_then(|s| s.data_scanned_in_bytes());
            }
            Some(QueryExecutionState::Failed) | Some(QueryExecutionState::Cancelled) => {
                let state = status.and_then(|s| s.state()).map(|s| s.as_str().to_string());
                let reason = status
                    .and_then(|s| s.state_change_reason())
                    .or_else(|| {
                        status.and_then(|s| s.athena_error()).and_then(|e| e.error_message())
                    })
                    .unwrap_or("Athena gave no reason");
                return Err(ActualsError::Athena(format!(
                    "query {id} {}: {reason}",
                    state.unwrap_or_default().to_lowercase()
                )));
            }
            _ => {}
        }
        if began.elapsed() > target.timeout {
            return Err(ActualsError::Athena(format!(
                "query {id} still running after {}s: check it in the Athena console",
                target.timeout.as_secs()
            )));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    };

    let mut out = SourceOutput::default();
    let mut token: Option<String> = None;
    let mut row_no = 0usize;
    let mut pages = 0usize;
    let usage = query.wants_usage();
    let n_cols = 3 + query.group_by.len() + if usage { 2 } else { 0 };
    loop {
        let page = client
            .get_query_results()
            .query_execution_id(&id)
            .max_results(1000)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| err("GetQueryResults", e))?;
        pages += 1;
        let rows = page.result_set().map(|r| r.rows()).unwrap_or_default();
        for row in rows {
            let cells: Vec<Option<&str>> = row.data().iter().map(|d| d.var_char_value()).collect();
            // The first row of the first page repeats the column names.
            if row_no == 0 && cells.first() == Some(&Some("period")) {
                row_no += 1;
                continue;
            }
            row_no += 1;
            if cells.len() != n_cols {
                return Err(ActualsError::Athena(format!(
                    "result row {row_no} has {} columns, expected {n_cols}",
                    cells.len()
                )));
            }
            out.lines.push(line_from_row(query, &cells, row_no)?);
        }
        token = page.next_token().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    out.notes.push(format!(
        "Athena query {id}: {} result page(s){}",
        pages,
        scanned.map_or(String::new(), |b| format!(
            ", {b} bytes scanned (Athena bills per TB scanned)"
        ))
    ));
    Ok(out)
}

fn line_from_row(
    query: &Query,
    cells: &[Option<&str>],
    row: usize,
) -> Result<ActualLine, ActualsError> {
    let s =
        |i: usize| cells.get(i).copied().flatten().filter(|v| !v.is_empty()).map(str::to_string);
    let mut line = ActualLine {
        period: s(0).unwrap_or_default(),
        currency: s(1).unwrap_or_else(|| "USD".into()),
        ..Default::default()
    };
    for (i, key) in query.group_by.iter().enumerate() {
        let v = s(2 + i);
        match key {
            GroupKey::Service => line.service = v,
            GroupKey::Provider => line.provider = v,
            GroupKey::UsageType | GroupKey::UsageTypeRaw => line.usage_type = v,
            GroupKey::Operation => line.operation = v,
            GroupKey::Resource => line.resource_id = v,
            GroupKey::Account => line.account = v,
            GroupKey::Region => line.region = v,
            GroupKey::LineType => line.line_type = v.as_deref().map(super::LineType::from_cur),
            GroupKey::Tag(k) => {
                if let Some(v) = v {
                    line.tags.insert(k.clone(), v);
                }
            }
        }
    }
    let mut next = 2 + query.group_by.len();
    if query.wants_usage() {
        line.usage_unit = s(next);
        line.usage_quantity = s(next + 1).map(|v| parse_dec(&v, row)).transpose()?;
        next += 2;
    }
    let cost = s(next).map(|v| parse_dec(&v, row)).transpose()?.unwrap_or_default();
    line.costs = match query.basis {
        Basis::Invoice => Costs { invoice: Some(cost), ..Default::default() },
        Basis::Amortized => Costs { amortized: Some(cost), ..Default::default() },
        Basis::List => Costs { list: Some(cost), ..Default::default() },
    };
    // Filters ran in SQL.
    for f in &query.filters {
        line.tags.insert(f.key.clone(), f.value.clone());
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actuals::query::{DateRange, TagFilter};

    #[test]
    fn sql_quotes_names_and_values_and_pushes_filters() {
        let q = Query {
            range: DateRange::month("2026-10").unwrap(),
            granularity: Granularity::Monthly,
            group_by: vec![GroupKey::Service, GroupKey::Tag("Team".into())],
            filters: vec![TagFilter { key: "env".into(), value: "it's".into() }],
            basis: Basis::Amortized,
            include_credits: false,
        };
        let sql = build_sql(&q, "cur", "data\"x");
        assert!(sql.contains("FROM \"cur\".\"data\"\"x\""), "{sql}");
        assert!(sql.contains("= 'it''s'"), "{sql}");
        assert!(sql.contains("TIMESTAMP '2026-10-01 00:00:00'"), "{sql}");
        assert!(sql.contains("TIMESTAMP '2026-11-01 00:00:00'"), "{sql}");
        assert!(sql.contains(
            "WHEN 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost"
        ));
        assert!(sql.contains("NOT IN ('Credit', 'Refund')"));
        assert!(sql.contains("GROUP BY 1, 2, 3, 4"), "{sql}");
    }
}
