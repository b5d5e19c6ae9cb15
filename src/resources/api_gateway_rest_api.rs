//! `aws_api_gateway_rest_api`: REST API requests, tiered by the month's count (333 million,
//! 1 billion, 20 billion; AWS applies the tiers per account and region, this estimate per API).
//! The cache is priced on `aws_api_gateway_stage`.
//!
//! Usage key (Infracost's): `monthly_requests`.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    REQUESTS = "apigateway.rest_requests",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_rest_api",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    Mapping::Priced(Priced::new(vec![
        ComponentSpec::new(
            REQUESTS,
            "Requests (REST API)",
            "1M requests",
            Quantity::usage(inst, ctx, "monthly_requests", Decimal::new(1, 6), "÷ 1,000,000"),
            PriceQuery::new("AmazonApiGateway", &ctx.region).usage_type("ApiGatewayRequest"),
        )
        .multiplier(Decimal::from(1_000_000)),
    ]))
}
