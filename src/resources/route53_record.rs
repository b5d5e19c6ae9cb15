//! `aws_route53_record`: DNS queries, priced by the record's routing policy (standard, latency,
//! geolocation, geoproximity, IP-based), each tiered at 1 billion queries a month. Records
//! themselves are included in the hosted zone (up to 10,000 a zone).
//!
//! An alias record that points at an AWS resource (CloudFront, a load balancer, an S3 website,
//! API Gateway, a VPC endpoint ...) is free: AWS does not charge for queries to such aliases.
//! An alias to another record of Route 53 is priced like that record's queries.
//!
//! Usage keys: Infracost's `monthly_standard_queries`, `monthly_latency_based_queries`,
//! `monthly_geo_queries`, and costplan's `monthly_geoproximity_queries` and
//! `monthly_ip_based_queries`; the record reads the one its routing policy bills, and any other
//! given in a usage file (priced at that policy's rate, as Infracost does). Prices are
//! global ([`crate::pricing::region::GLOBAL`]); in GovCloud they are GovCloud's own.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, blocks};
use crate::pricing::PriceQuery;
use crate::pricing::region::GLOBAL;
use crate::terraform::Instance;

super::component_ids! {
    QUERIES = "route53.queries",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_route53_record", map, reads: &[], component_ids: COMPONENT_IDS };

/// Routing-policy block → (name, usage key, usage type); the first one present wins, standard
/// otherwise.
const POLICIES: &[(&str, &str, &str, &str)] = &[
    (
        "latency_routing_policy",
        "Latency-based queries",
        "monthly_latency_based_queries",
        "LBR-Queries",
    ),
    ("geolocation_routing_policy", "Geo DNS queries", "monthly_geo_queries", "Geo-Queries"),
    (
        "geoproximity_routing_policy",
        "Geoproximity queries",
        "monthly_geoproximity_queries",
        "Geoproximity-Queries",
    ),
    ("cidr_routing_policy", "IP-based queries", "monthly_ip_based_queries", "IP-Queries"),
];

/// True when the alias points at another Route 53 record (queries then billed), false for an
/// AWS resource or a target not known (AWS resources are what aliases are for).
fn alias_to_record(inst: &Instance) -> bool {
    inst.references
        .iter()
        .filter(|(path, _)| path.starts_with("alias"))
        .flat_map(|(_, targets)| targets)
        .any(|t| t.contains("aws_route53_record."))
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    if !blocks(inst, "alias").is_empty() && !alias_to_record(inst) {
        return Mapping::Free(
            "an alias to an AWS resource: Route 53 does not charge for queries to it, and the \
             record is included in the hosted zone"
                .into(),
        );
    }
    const STANDARD: (&str, &str, &str) =
        ("Standard queries", "monthly_standard_queries", "DNS-Queries");
    let policy = POLICIES
        .iter()
        .find(|(block, ..)| !blocks(inst, block).is_empty())
        .map_or(STANDARD, |(_, n, k, u)| (*n, *k, *u));
    // The routing policy's queries always (unknown without usage); the queries of another
    // policy too when a usage file gives them, as Infracost prices every key given: a value
    // given is never dropped.
    let given = std::iter::once(STANDARD)
        .chain(POLICIES.iter().map(|(_, n, k, u)| (*n, *k, *u)))
        .filter(|(_, key, _)| *key != policy.1 && ctx.usage.get(&inst.address, key).is_some());
    let region = if ctx.region.starts_with("us-gov-") { ctx.region.as_str() } else { GLOBAL };
    let million = Decimal::from(1_000_000);
    let components = std::iter::once(policy)
        .chain(given)
        .map(|(name, key, ut)| {
            ComponentSpec::new(
                QUERIES,
                name,
                "1M queries",
                Quantity::usage(inst, ctx, key, Decimal::ONE / million, "÷ 1,000,000"),
                PriceQuery::new("AmazonRoute53", region).usage_type(ut),
            )
            .multiplier(million)
        })
        .collect();
    Mapping::Priced(Priced::new(components))
}
