//! `aws_api_gateway_stage`: a stage is free unless it has a cache (`cache_cluster_enabled`),
//! billed by the hour at the rate of its `cache_cluster_size` (0.5 to 237 GB). Requests are
//! priced on the REST API.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_bool, attr_str};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    CACHE = "apigateway.cache",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_api_gateway_stage", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    if attr_bool(inst, "cache_cluster_enabled") != Some(true) {
        return Mapping::Free(
            "a stage without a cache has no charge; requests are priced on the REST API".into(),
        );
    }
    // The provider reads the size as a string (`"0.5"`); a number is accepted as well.
    let size = attr_str(inst, "cache_cluster_size").map(str::to_string).or_else(|| {
        inst.attr("cache_cluster_size")
            .and_then(Value::as_decimal)
            .map(|d| d.normalize().to_string())
    });
    let Some(size) = size else {
        let mut priced = Priced::default();
        priced.warn(
            inst,
            "invalid-value",
            "`cache_cluster_size` is not known: the cache is not priced; set it",
        );
        return Mapping::Priced(priced);
    };
    Mapping::Priced(Priced::new(vec![ComponentSpec::new(
        CACHE,
        format!("Cache ({size} GB)"),
        "hours",
        Quantity::hours(Decimal::ONE, "cache", ctx),
        PriceQuery::new("AmazonApiGateway", &ctx.region)
            .family("Amazon API Gateway Cache")
            .attr("cacheMemorySizeGb", &size),
    )]))
}
