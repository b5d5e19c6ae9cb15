//! `aws_nat_gateway`: an hourly charge per gateway and a charge per GB processed (both
//! directions), whether the gateway is public or private. The Elastic IP of a public gateway is
//! priced on its `aws_eip` (public IPv4).

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    HOURS = "nat.hours",
    DATA_PROCESSED = "nat.data_processed",
    /// Shared with every resource that bills internet egress.
    INTERNET_OUT = "data_transfer.internet_out",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_nat_gateway", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let query = |usage: &str| {
        PriceQuery::new("AmazonEC2", &ctx.region).family("NAT Gateway").usage_type(usage)
    };
    let mut priced = Priced::new(vec![
        ComponentSpec::new(
            HOURS,
            "NAT gateway",
            "hours",
            Quantity::hours(Decimal::ONE, "gateway", ctx),
            query("NatGateway-Hours"),
        ),
        ComponentSpec::new(
            DATA_PROCESSED,
            "Data processed",
            "GB",
            Quantity::usage(inst, ctx, "monthly_data_processed_gb", Decimal::ONE, ""),
            query("NatGateway-Bytes"),
        ),
    ]);
    // Traffic that leaves for the internet through the gateway is also data transfer out.
    if ctx.usage.get(&inst.address, "monthly_outbound_internet_gb").is_some() {
        priced.components.push(
            ComponentSpec::new(
                INTERNET_OUT,
                "Data transfer out to the internet",
                "GB",
                Quantity::usage(inst, ctx, "monthly_outbound_internet_gb", Decimal::ONE, ""),
                PriceQuery::new("AmazonEC2", &ctx.region)
                    .family("Data Transfer")
                    .usage_type("DataTransfer-Out-Bytes"),
            )
            .free_tier(FreeTierPool::InternetEgress),
        );
    }
    Mapping::Priced(priced)
}
