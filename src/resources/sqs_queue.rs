//! `aws_sqs_queue`: requests, standard or FIFO (`fifo_queue = true`, or a name ending in
//! `.fifo`), each API call metered in 64 KB chunks of payload. A queue itself has no charge.
//! The account's first 1M requests a month are free (applied with `--free-tier`).
//!
//! Usage keys (Infracost's): `monthly_requests`, `request_size_kb` (average payload; when not
//! given, each request is one chunk).
//!
//! SQS is not in the pricing-page feed and no AWS-published SQS price is copied into the
//! project: the bundled snapshot has no SQS prices, so a queue with requests says "price not
//! found" (listed by `costplan pricing status` under the snapshot's gaps) until `costplan pricing
//! refresh` fetches `AWSQueueService`. Usage types are the Price List's (`Requests-Tier1`,
//! `Requests-FIFO-Tier1`).

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, ResourceType, attr_bool, attr_str,
    million_requests_in_chunks,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    REQUESTS = "sqs.requests",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_sqs_queue", map, reads: &[], component_ids: COMPONENT_IDS };

/// Whether the queue is FIFO: `fifo_queue`, else a name ending in `.fifo`.
fn is_fifo(inst: &Instance) -> bool {
    attr_bool(inst, "fifo_queue")
        .unwrap_or_else(|| attr_str(inst, "name").is_some_and(|n| n.ends_with(".fifo")))
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let (kind, ut) = if is_fifo(inst) {
        ("FIFO", "Requests-FIFO-Tier1")
    } else {
        ("standard", "Requests-Tier1")
    };
    let million = Decimal::from(1_000_000);
    Mapping::Priced(Priced::new(vec![
        ComponentSpec::new(
            REQUESTS,
            format!("Requests ({kind}, 64 KB chunks)"),
            "1M requests",
            million_requests_in_chunks(inst, ctx, 64),
            PriceQuery::new("AWSQueueService", &ctx.region).usage_type(ut),
        )
        .multiplier(million)
        .free_tier(FreeTierPool::SqsRequests),
    ]))
}
