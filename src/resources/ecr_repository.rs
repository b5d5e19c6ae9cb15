//! `aws_ecr_repository`: storage of the images kept in the repository (a lifecycle policy
//! bounds it). Data transfer of image pulls is free inside the region (through NAT it is priced
//! as NAT data processed).

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "ecr.storage",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_ecr_repository", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    Mapping::Priced(Priced::new(vec![ComponentSpec::new(
        STORAGE,
        "Storage",
        "GB-months",
        Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, ""),
        PriceQuery::new("AmazonECR", &ctx.region).usage_type("TimedStorage-ByteHrs"),
    )]))
}
