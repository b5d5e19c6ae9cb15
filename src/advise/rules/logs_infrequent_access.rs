//! CP108 `logs-infrequent-access`: CloudWatch log groups in the Standard class that nothing in
//! the configuration reads with a Standard-only feature move to the Infrequent Access class.
//!
//! How "rarely queried" is known: Terraform cannot see who reads logs, but it does see what the
//! Infrequent Access (IA) class cannot serve. A group is a candidate when no resource of the
//! configuration depends on a Standard-only feature for it: a metric filter (IA has no metric
//! extraction, so no alarm on a log pattern), a subscription filter, a data protection policy,
//! a field index policy, an anomaly detector, an account-wide log policy — and when nothing
//! queries it routinely: a dashboard whose Logs Insights widget names it, a saved query
//! definition naming it. A filter whose log group is not known until apply blocks every group
//! of its module (it may be any of them). What stays unknown (people tailing the group with Live
//! Tail, ad-hoc filter-pattern searches) is said in the finding.

use std::collections::BTreeSet;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources::attr_str;
use crate::terraform::{Instance, Value};

pub struct Rule;

/// The class value Terraform and the CloudWatch Logs API use.
const INFREQUENT_ACCESS: &str = "INFREQUENT_ACCESS";

/// Resources that attach a Standard-only feature to one log group, and the attribute naming it.
const NEEDS_STANDARD: &[(&str, &str, &str)] = &[
    ("aws_cloudwatch_log_metric_filter", "log_group_name", "a metric filter"),
    ("aws_cloudwatch_log_subscription_filter", "log_group_name", "a subscription filter"),
    ("aws_cloudwatch_log_data_protection_policy", "log_group_name", "a data protection policy"),
    ("aws_cloudwatch_log_index_policy", "log_group_name", "a field index policy"),
    ("aws_cloudwatch_log_anomaly_detector", "log_group_arn_list", "an anomaly detector"),
];

/// Resources showing that the group is queried routinely (Logs Insights works on IA, but a
/// group read every day is not "rarely queried").
const QUERIED_BY: &[(&str, &str, &str)] = &[
    ("aws_cloudwatch_dashboard", "dashboard_body", "a dashboard's Logs Insights widget"),
    ("aws_cloudwatch_query_definition", "log_group_names", "a saved Logs Insights query"),
];

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_cloudwatch_log_group` in the Standard class (no `log_group_class`, or `STANDARD`) that no resource of the configuration uses with a feature the Infrequent Access class lacks — no `aws_cloudwatch_log_metric_filter`, `aws_cloudwatch_log_subscription_filter`, data protection policy, field index policy or anomaly detector on it, no `aws_cloudwatch_log_account_policy` in the configuration — and that no dashboard Logs Insights widget or saved query definition names (those are read routinely). Groups whose ingestion is not known are listed as skipped.",
    why: "CloudWatch Logs bills ingestion per GB, and ingestion is most of a log bill (storage is $0.03/GB-month, ingestion $0.50/GB in us-east-1). The Infrequent Access class ingests at half that price ($0.25/GB) with the same storage price and the same Logs Insights query price. Logs kept for incidents, audits and the occasional investigation do not need the Standard class's real-time features.",
    example: r#"Before:
  resource "aws_cloudwatch_log_group" "audit" {
    name              = "/sandbox/audit"
    retention_in_days = 90
  }
After:
  resource "aws_cloudwatch_log_group" "audit" {
    name              = "/sandbox/audit"
    retention_in_days = 90
    log_group_class   = "INFREQUENT_ACCESS"
  }"#,
    savings: "The log group is re-estimated with `log_group_class = \"INFREQUENT_ACCESS\"`: the ingestion component is priced at the snapshot's Infrequent Access ingestion price (usage type DataProcessingIA-Bytes) instead of the Standard one (DataProcessing-Bytes), for the same GB. Storage and Logs Insights scans cost the same in both classes, so the saving is half the ingestion line. A group whose ingestion is not known (no traffic scenario, no usage) saves an unknown amount and is listed as skipped.",
    risks: "Causes downtime and loses the stored logs: the class cannot be changed on an existing group, and the Terraform AWS provider marks `log_group_class` as forcing a new resource, so `terraform apply` deletes the group with every log event in it and creates an empty one with the same name (writes fail in between; with `skip_destroy = true` the old group is kept outside the state and the create fails on the existing name). Export what must be kept to S3 first. The Infrequent Access class has no Live Tail, no metric filters (so no alarms on log patterns), no embedded metric format extraction, no subscription filters, no data protection masking, no anomaly detection, no field indexes, and Logs Insights there lacks the `pattern`, `diff`, `filterIndex` and `unmask` commands and runs at most five concurrent queries. costplan only sees what the Terraform declares: check that nobody relies on Live Tail or on filters made outside this configuration.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP108"
    }

    fn name(&self) -> &'static str {
        "logs-infrequent-access"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        // An account policy (subscription filter or data protection for every group) makes any
        // group a possible user of a Standard-only feature.
        if ctx.of_type("aws_cloudwatch_log_account_policy").next().is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for lg in ctx.of_type("aws_cloudwatch_log_group") {
            match lg.attr("log_group_class") {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.eq_ignore_ascii_case("STANDARD") => {}
                // Already Infrequent Access, the Delivery class, or not known until apply.
                Some(_) => continue,
            }
            if !users(ctx, lg, NEEDS_STANDARD).is_empty() || !users(ctx, lg, QUERIED_BY).is_empty()
            {
                continue;
            }
            let mut p = Proposal::new(
                &lg.address,
                "Use the Infrequent Access log class (half the ingestion price; no filter or dashboard uses this group)",
                Risk::CausesDowntime,
            )
            .set("log_group_class", Value::String(INFREQUENT_ACCESS.into()))
            .note("Terraform replaces the log group (log_group_class forces a new resource): the logs stored in it are deleted; export them to S3 first if they must be kept")
            .note("no Live Tail, metric filters, subscription filters or data protection on Infrequent Access; Logs Insights queries still work (without pattern, diff, filterIndex, unmask)");
            if lg.attr("skip_destroy").and_then(Value::as_bool) == Some(true) {
                p = p.note("`skip_destroy = true`: the old group is left in place and the create of the new one fails on the existing name: delete the old group (or rename) when applying");
            }
            out.push(p);
        }
        out
    }
}

/// What in the configuration uses `lg` through one of `kinds` (type, attribute, description).
/// An attribute that refers to log groups (as the loader recorded) uses those; one that refers
/// to none may still name `lg` by a known value, and an unknown one with no reference (from a
/// variable) may be any group of the module.
fn users(ctx: &Ctx, lg: &Instance, kinds: &[(&str, &str, &str)]) -> BTreeSet<String> {
    use crate::terraform::refs::referenced;
    let name = attr_str(lg, "name");
    let mut found = BTreeSet::new();
    for (resource_type, attribute, what) in kinds {
        for user in ctx.of_type(resource_type) {
            let groups = referenced(ctx.instances, user, attribute, "aws_cloudwatch_log_group");
            let value = user.attr(attribute);
            let uses = if groups.is_empty() {
                match (name, attr_str(lg, "name_prefix"), value) {
                    // A generated name starts with its prefix: a known text that does not
                    // contain the prefix cannot name the group.
                    (None, Some(prefix), Some(v)) if !v.contains_unknown() => mentions(v, prefix),
                    _ => refers_to(value, name, user.module == lg.module),
                }
            } else {
                groups.iter().any(|g| g.address == lg.address) || refers_to(value, name, false)
            };
            if uses {
                found.insert(format!("{what} ({})", user.address));
            }
        }
    }
    found
}

/// Whether a value naming log groups (a name, an ARN, a list of them, a JSON body) may name the
/// group called `name`. Unknown values (an ARN known after apply) name any group of the module.
fn refers_to(value: Option<&Value>, name: Option<&str>, same_module: bool) -> bool {
    let Some(value) = value else { return false };
    match value {
        Value::Unknown => same_module,
        Value::String(s) => match name {
            Some(n) => s == n || names_in(s).contains(n),
            None => same_module,
        },
        Value::List(items) => items.iter().any(|v| refers_to(Some(v), name, same_module)),
        _ => value.contains_unknown() && same_module,
    }
}

/// Whether any string in `value` contains `text`.
fn mentions(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s.contains(text),
        Value::List(items) => items.iter().any(|v| mentions(v, text)),
        Value::Map(map) => map.values().any(|v| mentions(v, text)),
        _ => false,
    }
}

/// Log group names inside a text: an ARN (`…:log-group:NAME` or `NAME:*`) or a JSON dashboard
/// body quoting it (`SOURCE 'NAME'` or `"logGroupNames": ["NAME"]` style strings).
fn names_in(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    if let Some(rest) = text.split(":log-group:").nth(1) {
        out.insert(rest.trim_end_matches(":*"));
    }
    for part in text.split(['"', '\'']) {
        if part.starts_with('/') || part.contains('/') {
            out.insert(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_in_arns_lists_and_dashboard_bodies() {
        let name = Some("/app/api");
        let arn = Value::String("arn:aws:logs:us-east-1:1:log-group:/app/api:*".into());
        assert!(refers_to(Some(&arn), name, false));
        let body = Value::String(r#"{"query":"SOURCE '/app/api' | stats count(*)"}"#.into());
        assert!(refers_to(Some(&body), name, false));
        let other = Value::String("/app/worker".into());
        assert!(!refers_to(Some(&other), name, true));
        assert!(refers_to(Some(&Value::List(vec![other.clone(), arn])), name, false));
        // Not known until apply: any group of the same module.
        assert!(refers_to(Some(&Value::Unknown), name, true));
        assert!(!refers_to(Some(&Value::Unknown), name, false));
    }
}
