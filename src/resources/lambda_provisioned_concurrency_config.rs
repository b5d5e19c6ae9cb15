//! `aws_lambda_provisioned_concurrency_config`: provisioned concurrency is billed for as long
//! as it is configured, per GB-second of the function's memory:
//! `provisioned_concurrent_executions × memory_size ÷ 1,024 × hours × 3,600`, at the rate of the
//! function's architecture; the hours are the month's unless Infracost's `monthly_duration_hrs`
//! says how many hours it is enabled. The function (`function_name`) gives the memory and the
//! architecture; when it is not in the configuration, Infracost's `memory_mb` and
//! `architecture` (`x86_64` or `arm64`) usage keys give them, else 128 MB x86_64 is assumed
//! with a warning. Invocations served by provisioned concurrency are priced on the function
//! (see `lambda_function`); when the function is not in the configuration, Infracost's
//! `monthly_requests` and `request_duration_ms` price them here: requests at the request rate
//! and `monthly_requests × request_duration_ms × memory ÷ 1,024 ÷ 1,000` GB-seconds at the
//! provisioned-duration rate of the architecture.

use rust_decimal::Decimal;

use super::lambda_function::{invocation_gb_seconds, is_arm, memory_mb, requests};
use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, find_referenced, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;
use crate::usage::keys::ARCHITECTURE_ARM64;

super::component_ids! {
    PROVISIONED = "lambda.provisioned_concurrency",
    REQUESTS = "lambda.provisioned_concurrency.requests",
    DURATION = "lambda.provisioned_concurrency.duration",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_lambda_provisioned_concurrency_config",
    map,
    reads: &["aws_lambda_function"],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let executions = match attr_quantity(inst, "provisioned_concurrent_executions") {
        Ok(Some(e)) => e,
        Ok(None) => {
            return Priced::invalid(inst, "`provisioned_concurrent_executions` is not known");
        }
        Err(why) => return Priced::invalid(inst, &why),
    };
    let mut priced = Priced::default();
    let function = find_referenced(
        ctx,
        inst,
        "function_name",
        "aws_lambda_function",
        &["function_name", "arn"],
    );
    let usage = |key: &str| ctx.usage.get(&inst.address, key).map(|u| u.value);
    let (memory, arm) = match function {
        Some(f) => {
            if usage("monthly_requests").is_some() {
                priced.warn(
                    inst,
                    "usage-ignored",
                    format!(
                        "`monthly_requests` is priced on its function {}: give it there",
                        f.address
                    ),
                );
            }
            match memory_mb(f) {
                Ok(m) => (m, is_arm(f)),
                Err(why) => return Priced::invalid(inst, &format!("{}: {why}", f.address)),
            }
        }
        None => {
            let memory = usage("memory_mb");
            let arm = usage("architecture");
            if memory.is_none() || arm.is_none() {
                priced.warn(
                    inst,
                    "usage-assumed",
                    format!(
                        "its function is not in the configuration: {} assumed (usage keys `memory_mb`, `architecture`)",
                        match (memory, arm) {
                            (None, None) => "128 MB x86_64",
                            (None, Some(_)) => "128 MB",
                            _ => "x86_64",
                        }
                    ),
                );
            }
            (
                memory.unwrap_or(Decimal::from(super::lambda_function::DEFAULT_MEMORY_MB)),
                arm == Some(ARCHITECTURE_ARM64),
            )
        }
    };
    if memory <= Decimal::ZERO {
        return Priced::invalid(inst, &format!("memory is {} MB: it must be positive", n(memory)));
    }
    let (suffix, arch) = if arm { ("-ARM", "arm64") } else { ("", "x86_64") };
    let q = |ut: &str| {
        PriceQuery::new("AWSLambda", &ctx.region)
            .family("Serverless")
            .usage_type(&format!("{ut}{suffix}"))
    };
    let (hours, hours_how) = match ctx.usage.get(&inst.address, "monthly_duration_hrs") {
        Some(u) => (u.value, format!("monthly_duration_hrs = {} h", n(u.value))),
        None => (ctx.hours_per_month, format!("{} h", n(ctx.hours_per_month))),
    };
    let gb_seconds = executions * memory / Decimal::from(1_024) * hours * Decimal::from(3_600);
    let formula = format!(
        "{} executions × {} MB ÷ 1,024 × {hours_how} × 3,600 s = {}",
        n(executions),
        n(memory),
        n(gb_seconds)
    );
    let quantity = match ctx.usage.get(&inst.address, "monthly_duration_hrs") {
        Some(u) => Quantity {
            value: Some(gb_seconds),
            usage_based: true,
            usage_key: Some("monthly_duration_hrs".into()),
            usage_source: Some(u.source),
            formula: Some(formula),
        },
        None => Quantity::fixed(gb_seconds, formula),
    };
    priced.components.push(ComponentSpec::new(
        PROVISIONED,
        format!("Provisioned concurrency ({arch}, {} MB)", n(memory)),
        "GB-seconds",
        quantity,
        q("Lambda-Provisioned-Concurrency"),
    ));
    if function.is_none() && usage("monthly_requests").is_some() {
        priced.components.push(requests(inst, ctx, REQUESTS, arch, q("Request")));
        priced.components.push(ComponentSpec::new(
            DURATION,
            format!("Duration, provisioned ({arch}, {} MB)", n(memory)),
            "GB-seconds",
            invocation_gb_seconds(inst, ctx, memory),
            q("Lambda-Provisioned-GB-Second"),
        ));
    }
    Mapping::Priced(priced)
}
