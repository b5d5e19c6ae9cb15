//! `aws_kms_key`: a monthly charge per customer managed key, and API requests beyond the
//! account's free 20,000 per month. Automatic rotation adds $1 per month for each of the first
//! two rotations (one a year by default), so a rotated key costs the same in its first year:
//! the estimate prices the first year.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    KEY = "kms.key",
    REQUESTS = "kms.requests",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_kms_key", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |u: &str| PriceQuery::new("AWSKMS", &ctx.region).usage_type(u);
    let mut components = vec![ComponentSpec::new(
        KEY,
        "Customer master key",
        "months",
        Quantity::fixed(Decimal::ONE, "1 key"),
        q("KMS-Keys"),
    )];
    // Requests are only shown when given: S3 bucket keys and SDK caching make them negligible
    // for most stacks, and an unknown line per key would hide the real unknowns.
    if ctx.usage.get(&inst.address, "monthly_requests").is_some() {
        components.push(
            ComponentSpec::new(
                REQUESTS,
                "Requests",
                "10k requests",
                Quantity::usage(inst, ctx, "monthly_requests", Decimal::new(1, 4), "÷ 10,000"),
                q("KMS-Requests"),
            )
            .multiplier(Decimal::from(10_000)),
        );
    }
    Mapping::Priced(Priced::new(components))
}
