//! `aws_route53_health_check`: a monthly charge per health check, at the AWS-endpoint or the
//! non-AWS-endpoint rate, plus one monthly charge per optional feature it uses, at the same
//! endpoint kind's rate: HTTPS (`type` `HTTPS`/`HTTPS_STR_MATCH`), string matching
//! (`*_STR_MATCH`), fast interval (`request_interval = 10`) and latency measurement
//! (`measure_latency = true`). Calculated and CloudWatch-metric health checks are billed as
//! health checks of AWS endpoints, without optional features. The account's first 50 health
//! checks of AWS endpoints are free (applied with `--free-tier`).
//!
//! Usage key: Infracost's `endpoint_type` (`aws` or `non_aws`). Terraform does not say whether
//! an endpoint is in AWS: without the key, the check is priced at the non-AWS rate (the higher
//! one, never an under-estimate) and a `usage-assumed` warning says so.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_bool, attr_dec,
    attr_str,
};
use crate::pricing::PriceQuery;
use crate::pricing::region::GLOBAL;
use crate::terraform::Instance;

super::component_ids! {
    HEALTH_CHECK = "route53.health_check",
    OPTIONAL_FEATURES = "route53.health_check_features",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_route53_health_check",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let Some(kind) = attr_str(inst, "type") else {
        return Priced::invalid(inst, "`type` is not known");
    };
    let mut priced = Priced::default();
    let aggregate = matches!(kind, "CALCULATED" | "CLOUDWATCH_METRIC");
    let (aws, why) = if aggregate {
        (true, format!("type {kind}: billed as an AWS endpoint"))
    } else {
        match ctx.usage.get(&inst.address, "endpoint_type") {
            Some(u) if u.value == Decimal::ONE => (true, "endpoint_type aws".to_string()),
            Some(_) => (false, "endpoint_type non_aws".to_string()),
            None => {
                priced.warn(
                    inst,
                    "usage-assumed",
                    "endpoint_type not given: priced at the non-AWS endpoint rate (the higher \
                     one); set `endpoint_type: aws` for an endpoint in AWS",
                );
                (false, "endpoint_type not given: non-AWS assumed (the higher rate)".to_string())
            }
        }
    };
    let (suffix, label) =
        if aws { ("AWS", "AWS endpoint") } else { ("Non-AWS", "non-AWS endpoint") };
    let q = |ut: String| PriceQuery::new("AmazonRoute53", GLOBAL).usage_type(&ut);
    let mut check = ComponentSpec::new(
        HEALTH_CHECK,
        format!("Health check ({label})"),
        "months",
        Quantity::fixed(Decimal::ONE, format!("1 health check; {why}")),
        q(format!("Health-Check-{suffix}")),
    );
    if aws {
        check = check.free_tier(FreeTierPool::Route53HealthChecks);
    }
    priced.components.push(check);
    if !aggregate {
        let features: Vec<&str> = [
            (kind.starts_with("HTTPS"), "HTTPS"),
            (kind.ends_with("_STR_MATCH"), "string matching"),
            (attr_dec(inst, "request_interval") == Some(Decimal::from(10)), "fast interval"),
            (attr_bool(inst, "measure_latency") == Some(true), "latency measurement"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if !features.is_empty() {
            priced.components.push(ComponentSpec::new(
                OPTIONAL_FEATURES,
                format!("Optional features ({label})"),
                "features",
                Quantity::fixed(
                    Decimal::from(features.len() as i64),
                    format!("{} ({})", features.len(), features.join(", ")),
                ),
                q(format!("Health-Check-Option-{suffix}")),
            ));
        }
    }
    Mapping::Priced(priced)
}
