//! `aws_lambda_function`: requests, compute duration in GB-seconds, and ephemeral storage above
//! the free 512 MB, each at the rate of the function's architecture (`architectures =
//! ["arm64"]` is Graviton, otherwise x86_64).
//!
//! - Requests: `monthly_requests`, priced per 1M requests.
//! - Duration: `monthly_requests × request_duration_ms ÷ 1,000 × memory_size ÷ 1,024`
//!   GB-seconds (`memory_size` defaults to 128 MB, as in the provider). Tiered by monthly
//!   GB-seconds (x86: 6 and 15 billion; Arm: 7.5 and 18.75 billion); AWS applies the tiers to
//!   the account's aggregate in the region, this estimate to each function, so a fleet of
//!   functions past 6 billion GB-seconds together is priced at the first tier's rate (an upper
//!   bound).
//! - Ephemeral storage: `(ephemeral_storage.size − 512) ÷ 1,024` GB × the duration in seconds,
//!   only when the size is above the free 512 MB.
//! - The monthly free tier (1M requests, 400,000 GB-seconds, account-wide) is subtracted only
//!   with `--free-tier`, from account pools shared by all functions.
//!
//! Provisioned concurrency is priced on `aws_lambda_provisioned_concurrency_config`; the
//! function's duration stays at the on-demand rate even for invocations served by provisioned
//! concurrency (AWS bills those at the lower provisioned-duration rate), so the duration of such
//! a function is an upper bound.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_quantity,
    blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    REQUESTS = "lambda.requests",
    DURATION = "lambda.duration",
    EPHEMERAL_STORAGE = "lambda.ephemeral_storage",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_lambda_function", map, reads: &[], component_ids: COMPONENT_IDS };

/// Memory of a function that does not set `memory_size` (the provider's default), MB.
pub const DEFAULT_MEMORY_MB: i64 = 128;
/// Ephemeral storage every function gets at no charge, MB.
pub const FREE_EPHEMERAL_MB: i64 = 512;

/// The function's architecture: `true` for arm64.
pub fn is_arm(inst: &Instance) -> bool {
    inst.attr("architectures")
        .and_then(Value::as_list)
        .is_some_and(|l| l.iter().any(|v| v.as_str() == Some("arm64")))
}

/// `memory_size` in MB (the default when not set); `Err` with why when unusable.
pub fn memory_mb(inst: &Instance) -> Result<Decimal, String> {
    attr_quantity(inst, "memory_size").map(|m| m.unwrap_or(Decimal::from(DEFAULT_MEMORY_MB)))
}

/// The `monthly_requests` line, per million requests.
pub(super) fn requests(
    inst: &Instance,
    ctx: &Ctx,
    id: &'static str,
    arch: &str,
    query: PriceQuery,
) -> ComponentSpec {
    ComponentSpec::new(
        id,
        format!("Requests ({arch})"),
        "1M requests",
        Quantity::usage(inst, ctx, "monthly_requests", Decimal::new(1, 6), "÷ 1,000,000"),
        query,
    )
    .multiplier(Decimal::from(1_000_000))
}

/// GB-seconds of the invocations: `monthly_requests × request_duration_ms × memory MB ÷ 1,024 ÷
/// 1,000` (not known when either usage is missing).
pub(super) fn invocation_gb_seconds(inst: &Instance, ctx: &Ctx, memory: Decimal) -> Quantity {
    product_of_usage(
        inst,
        ctx,
        &["monthly_requests", "request_duration_ms"],
        memory / Decimal::from(1_024_000),
        &format!("× {} MB ÷ 1,024 ÷ 1,000 ms", n(memory)),
    )
}

/// A product of usage values and configuration factors, not known when a usage is missing.
fn product_of_usage(
    inst: &Instance,
    ctx: &Ctx,
    keys: &[&str],
    factor: Decimal,
    how: &str,
) -> Quantity {
    let mut value = factor;
    let mut parts = Vec::new();
    let mut source = None;
    for key in keys {
        let Some(u) = ctx.usage.get(&inst.address, key) else {
            return Quantity::unknown(key);
        };
        let Ok(v) = crate::checked::mul(value, u.value) else {
            return Quantity::invalid(format!(
                "{key} = {}: {}",
                n(u.value),
                crate::checked::Overflow
            ));
        };
        value = v;
        parts.push(format!("{key} {}", super::with_formula(u.value, &u.formula)));
        // The least certain source wins (explicit, then scenario, then default).
        source = Some(source.map_or(u.source, |s: crate::usage::UsageSource| s.max(u.source)));
    }
    Quantity {
        value: Some(value),
        usage_based: true,
        usage_key: keys.first().map(|k| (*k).to_string()),
        usage_source: source,
        formula: Some(format!("{} {how} = {}", parts.join(" × "), n(value))),
    }
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let memory = match memory_mb(inst) {
        Ok(m) => m,
        Err(why) => return Priced::invalid(inst, &why),
    };
    let storage = match blocks(inst, "ephemeral_storage").first() {
        Some(b) => match b.get("size").and_then(Value::as_decimal) {
            Some(s) if s >= Decimal::ZERO => s,
            Some(s) => {
                return Priced::invalid(
                    inst,
                    &format!("`ephemeral_storage.size` is `{s}`: it cannot be negative"),
                );
            }
            None => Decimal::from(FREE_EPHEMERAL_MB),
        },
        None => Decimal::from(FREE_EPHEMERAL_MB),
    };
    let arm = is_arm(inst);
    let (suffix, arch) = if arm { ("-ARM", "arm64") } else { ("", "x86_64") };
    let q = |ut: &str| {
        PriceQuery::new("AWSLambda", &ctx.region)
            .family("Serverless")
            .usage_type(&format!("{ut}{suffix}"))
    };
    let mut components = vec![
        requests(inst, ctx, REQUESTS, arch, q("Request")).free_tier(FreeTierPool::LambdaRequests),
    ];
    components.push(
        ComponentSpec::new(
            DURATION,
            format!("Duration ({arch}, {} MB)", n(memory)),
            "GB-seconds",
            invocation_gb_seconds(inst, ctx, memory),
            q("Lambda-GB-Second"),
        )
        .free_tier(FreeTierPool::LambdaGbSeconds),
    );
    let extra = storage - Decimal::from(FREE_EPHEMERAL_MB);
    if extra > Decimal::ZERO {
        components.push(ComponentSpec::new(
            EPHEMERAL_STORAGE,
            format!("Ephemeral storage ({arch}, {} MB)", n(storage)),
            "GB-seconds",
            product_of_usage(
                inst,
                ctx,
                &["monthly_requests", "request_duration_ms"],
                extra / Decimal::from(1_024_000),
                &format!("× ({} − 512 free) MB ÷ 1,024 ÷ 1,000 ms", n(storage)),
            ),
            q("Lambda-Storage-GB-Second"),
        ));
    }
    Mapping::Priced(Priced::new(components))
}
