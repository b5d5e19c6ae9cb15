//! `aws_lambda_provisioned_concurrency_config`: provisioned concurrency is billed for as long
//! as it is configured, per GB-second of the function's memory:
//! `provisioned_concurrent_executions × memory_size ÷ 1,024 × hours × 3,600`, at the rate of the
//! function's architecture. The function (`function_name`) gives the memory and the
//! architecture; when it is not in the configuration, 128 MB x86_64 is assumed with a warning.
//! Invocations served by provisioned concurrency are priced on the function (see
//! `lambda_function`).

use rust_decimal::Decimal;

use super::lambda_function::{is_arm, memory_mb};
use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, find_referenced, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    PROVISIONED = "lambda.provisioned_concurrency",
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
    let (memory, arm) = match function {
        Some(f) => match memory_mb(f) {
            Ok(m) => (m, is_arm(f)),
            Err(why) => return Priced::invalid(inst, &format!("{}: {why}", f.address)),
        },
        None => {
            priced.warn(
                inst,
                "usage-assumed",
                "its function is not in the configuration: 128 MB x86_64 assumed",
            );
            (Decimal::from(super::lambda_function::DEFAULT_MEMORY_MB), false)
        }
    };
    let (suffix, arch) = if arm { ("-ARM", "arm64") } else { ("", "x86_64") };
    let seconds = ctx.hours_per_month * Decimal::from(3_600);
    let gb_seconds = executions * memory / Decimal::from(1_024) * seconds;
    priced.components.push(ComponentSpec::new(
        PROVISIONED,
        format!("Provisioned concurrency ({arch}, {} MB)", n(memory)),
        "GB-seconds",
        Quantity::fixed(
            gb_seconds,
            format!(
                "{} executions × {} MB ÷ 1,024 × {} h × 3,600 s = {}",
                n(executions),
                n(memory),
                n(ctx.hours_per_month),
                n(gb_seconds)
            ),
        ),
        PriceQuery::new("AWSLambda", &ctx.region)
            .family("Serverless")
            .usage_type(&format!("Lambda-Provisioned-Concurrency{suffix}")),
    ));
    Mapping::Priced(priced)
}
