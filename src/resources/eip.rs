//! `aws_eip`: every public IPv4 address is charged by the hour since February 2024, attached
//! or idle (the in-use and idle rates are the same). `domain`/`vpc` do not change the price.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    /// Shared with every resource that bills in-use public IPv4 addresses.
    PUBLIC_IPV4 = "vpc.public_ipv4",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_eip", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(_inst: &Instance, ctx: &Ctx) -> Mapping {
    Mapping::Priced(Priced::new(vec![ComponentSpec::new(
        PUBLIC_IPV4,
        "Public IPv4 address",
        "hours",
        Quantity::hours(Decimal::ONE, "address", ctx),
        PriceQuery::new("AmazonVPC", &ctx.region).usage_type("PublicIPv4:InUseAddress"),
    )]))
}
