//! `aws_sns_topic`: publishes (API requests), each metered in 64 KB chunks of payload. A
//! standard topic bills requests (the account's first 1M a month free, applied with
//! `--free-tier`); a FIFO topic (`fifo_topic = true`) bills FIFO requests and the published
//! payload per GB. Deliveries are priced on each `aws_sns_topic_subscription` by protocol.
//!
//! Usage keys (Infracost's): `monthly_requests`, `request_size_kb` (average payload; when not
//! given, each request is one chunk and the FIFO payload is not known).
//!
//! Without `monthly_requests` the topic is free: a topic has no charge by itself, and (as for
//! KMS and Secrets Manager requests) an unknown line for every alarm topic would hide the real
//! unknowns; its publishes are priced once the usage gives them.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_bool,
    million_requests_in_chunks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    REQUESTS = "sns.requests",
    FIFO_REQUESTS = "sns.fifo_requests",
    FIFO_PAYLOAD = "sns.fifo_payload",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_sns_topic", map, reads: &[], component_ids: COMPONENT_IDS };

const KB_PER_GB: i64 = 1_048_576;

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    if ctx.usage.get(&inst.address, "monthly_requests").is_none() {
        return Mapping::Free(
            "a topic has no charge by itself; its publishes are priced when `monthly_requests` \
             is given (usage file or scenario)"
                .into(),
        );
    }
    let q = |ut: &str| PriceQuery::new("AmazonSNS", &ctx.region).usage_type(ut);
    let million = Decimal::from(1_000_000);
    if attr_bool(inst, "fifo_topic") == Some(true) {
        let mut components = vec![
            ComponentSpec::new(
                FIFO_REQUESTS,
                "FIFO publish requests",
                "1M requests",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_requests",
                    Decimal::ONE / million,
                    "÷ 1,000,000",
                ),
                q("FIFO-Requests"),
            )
            .multiplier(million),
        ];
        // Payload: requests × size; without a size it is not known (never a silent 0).
        let payload = match (
            ctx.usage.get(&inst.address, "monthly_requests"),
            ctx.usage.get(&inst.address, "request_size_kb"),
        ) {
            (Some(r), Some(s)) => {
                let gb = r.value * s.value / Decimal::from(KB_PER_GB);
                let mut qty = Quantity::usage(inst, ctx, "monthly_requests", Decimal::ONE, "");
                qty.value = Some(gb);
                qty.formula = Some(format!(
                    "monthly_requests {} × request_size_kb {} KB ÷ 1,048,576 KB/GB = {} GB",
                    n(r.value),
                    n(s.value),
                    n(gb)
                ));
                qty
            }
            _ => Quantity::unknown("request_size_kb"),
        };
        components.push(ComponentSpec::new(
            FIFO_PAYLOAD,
            "FIFO published payload",
            "GB",
            payload,
            q("FIFO-Publish-Bytes"),
        ));
        return Mapping::Priced(Priced::new(components));
    }
    Mapping::Priced(Priced::new(vec![
        ComponentSpec::new(
            REQUESTS,
            "Publish requests (64 KB chunks)",
            "1M requests",
            million_requests_in_chunks(inst, ctx, 64),
            q("Requests-Tier1"),
        )
        .multiplier(million)
        .free_tier(FreeTierPool::SnsRequests),
    ]))
}
