//! CP106 `log-retention`: CloudWatch log groups that keep logs forever, or far longer than the
//! environment needs, get a retention.

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources::attr_dec;
use crate::terraform::Value;

pub struct Rule;

/// Retention proposed outside production, days.
const NON_PRODUCTION_DAYS: i64 = 14;
/// Retention proposed in production, days.
const PRODUCTION_DAYS: i64 = 365;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_cloudwatch_log_group` without `retention_in_days` (or 0: never expire), or with a retention at least twice what the environment needs: 14 days outside production, 365 days in production.",
    why: "CloudWatch Logs bills every GB stored per month, for as long as it is kept. Without a retention a log group grows forever: the stored volume (and the bill) rises every month. Development logs older than two weeks are almost never read.",
    example: r#"Before:
  resource "aws_cloudwatch_log_group" "api" {
    name = "/ecs/api"
  }
After:
  resource "aws_cloudwatch_log_group" "api" {
    name              = "/ecs/api"
    retention_in_days = 14
  }"#,
    savings: "The log group is re-estimated with the proposed retention: stored GB = monthly ingestion × min(retention, the scenario's horizon) in months, at the snapshot's storage price (uncompressed, an upper bound). Saving = storage before − storage after; ingestion is unchanged. Small log volumes save cents, which is said as it is.",
    risks: "Logs older than the retention are deleted for good: check audit and compliance requirements (export to S3 first if they ask for longer). Nothing else changes.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP106"
    }

    fn name(&self) -> &'static str {
        "log-retention"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let target = if ctx.production { PRODUCTION_DAYS } else { NON_PRODUCTION_DAYS };
        let mut out = Vec::new();
        for lg in ctx.of_type("aws_cloudwatch_log_group") {
            let days = attr_dec(lg, "retention_in_days").filter(|d| !d.is_zero());
            let title = match days {
                None => format!("Set a retention of {target} days (logs are kept forever now)"),
                Some(d) if d >= Decimal::from(target * 2) => {
                    format!("Keep logs {target} days instead of {}", d.normalize())
                }
                Some(_) => continue,
            };
            out.push(
                Proposal::new(&lg.address, title, Risk::Safe)
                    .set("retention_in_days", Value::Number(Decimal::from(target)))
                    .note(format!(
                        "{target} days is costplan's default for a {} environment; choose another CloudWatch retention value if audits need more",
                        if ctx.production { "production" } else { "non-production" }
                    )),
            );
        }
        out
    }
}
