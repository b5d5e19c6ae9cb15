//! `aws_route53_zone`: a monthly charge per hosted zone, public or private. AWS tiers it per
//! account ($0.50 for each of the first 25 zones, $0.10 beyond); costplan prices each zone on
//! its own, so every zone is in the first tier (an account with more than 25 zones is
//! over-estimated by $0.40 a zone beyond the 25th, never under-estimated). Route 53 is global:
//! its prices are queried in [`crate::pricing::region::GLOBAL`] whatever the provider's region.
//! DNS queries are priced on the records (`aws_route53_record`). No usage keys.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::pricing::region::GLOBAL;
use crate::terraform::Instance;

super::component_ids! {
    HOSTED_ZONE = "route53.hosted_zone",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_route53_zone", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(_inst: &Instance, _ctx: &Ctx) -> Mapping {
    Mapping::Priced(Priced::new(vec![ComponentSpec::new(
        HOSTED_ZONE,
        "Hosted zone",
        "months",
        Quantity::fixed(Decimal::ONE, "1 zone (first 25 of the account: tier 0..25)"),
        PriceQuery::new("AmazonRoute53", GLOBAL).usage_type("HostedZone"),
    )]))
}
