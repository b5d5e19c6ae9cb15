//! `aws_lb` and `aws_alb`: an hourly charge per load balancer and capacity units per hour
//! (application: LCU; network: NLCU; gateway: GLCU). LCU-hours come from the traffic model
//! (`monthly_lcu_hrs`, computed hour by hour over the scenario's profile) or, as in Infracost,
//! from average rates (`new_connections` per second, `active_connections` per minute,
//! `processed_bytes_gb` per month, `rule_evaluations` per second) where the largest dimension
//! sets the LCUs of every hour.
//!
//! An internet-facing load balancer also has a public IPv4 address per Availability Zone
//! (one per subnet), charged by the hour, and sends its responses out to the internet
//! (`monthly_outbound_internet_gb`, data transfer out).

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, LinkView, Mapping, Priced, Quantity, ResourceType, attr_bool,
    attr_str, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    HOURS = "lb.hours",
    LCU = "lb.lcu",
    PUBLIC_IPV4 = super::eip::PUBLIC_IPV4,
    INTERNET_OUT = super::nat_gateway::INTERNET_OUT,
}

pub const LB: ResourceType =
    ResourceType { name: "aws_lb", map, reads: &[], component_ids: COMPONENT_IDS };
pub const ALB: ResourceType =
    ResourceType { name: "aws_alb", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let kind = attr_str(inst, "load_balancer_type").unwrap_or("application");
    let (family, label, cu) = match kind {
        "network" => ("Load Balancer-Network", "Network load balancer", "NLCU"),
        "gateway" => ("Load Balancer-Gateway", "Gateway load balancer", "GLCU"),
        _ => ("Load Balancer-Application", "Application load balancer", "LCU"),
    };
    let q = |u: &str| PriceQuery::new("AWSELB", &ctx.region).family(family).usage_type(u);
    let mut priced = Priced::default();
    priced.components.push(ComponentSpec::new(
        HOURS,
        label,
        "hours",
        Quantity::hours(Decimal::ONE, "load balancer", ctx),
        q("LoadBalancerUsage"),
    ));
    priced.components.push(ComponentSpec::new(
        LCU,
        "Load balancer capacity units",
        &format!("{cu}-hours"),
        capacity_units(inst, ctx, kind),
        q("LCUUsage"),
    ));
    let internal = attr_bool(inst, "internal").unwrap_or(false);
    if !internal && kind != "gateway" {
        let azs = availability_zones(inst);
        let hours = ctx.hours_per_month;
        priced.components.push(ComponentSpec::new(
            PUBLIC_IPV4,
            "Public IPv4 addresses",
            "hours",
            Quantity::fixed(
                azs * hours,
                format!(
                    "{} AZ(s) (one address per subnet) × {} h = {}",
                    n(azs),
                    n(hours),
                    n(azs * hours)
                ),
            ),
            PriceQuery::new("AmazonVPC", &ctx.region).usage_type("PublicIPv4:InUseAddress"),
        ));
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

fn availability_zones(inst: &Instance) -> Decimal {
    let subnets = inst.attr("subnets").and_then(Value::as_list).map_or(0, <[Value]>::len);
    let mappings = inst.attr("subnet_mapping").map_or(0, |v| v.blocks().len());
    // An application load balancer needs at least two AZs.
    Decimal::from(subnets.max(mappings).max(2))
}

fn capacity_units(inst: &Instance, ctx: &Ctx, kind: &str) -> Quantity {
    if ctx.usage.get(&inst.address, "monthly_lcu_hrs").is_some() {
        return Quantity::usage(inst, ctx, "monthly_lcu_hrs", Decimal::ONE, "");
    }
    // Infracost's average rates: each dimension converted to capacity units per hour
    // (`processed_bytes_gb` is GB per month here, as the traffic model gives it).
    let hours = ctx.hours_per_month;
    let per_lcu: &[(&str, Decimal, &str)] = if kind == "application" {
        &[
            ("new_connections", Decimal::from(25), "new connections/s ÷ 25"),
            ("active_connections", Decimal::from(3000), "active connections/min ÷ 3,000"),
            ("processed_bytes_gb", hours, "GB/month ÷ hours ÷ 1 GB/h"),
            ("rule_evaluations", Decimal::from(1000), "rule evaluations/s ÷ 1,000"),
        ]
    } else {
        &[
            ("new_connections", Decimal::from(800), "new flows/s ÷ 800"),
            ("active_connections", Decimal::from(100_000), "active flows/min ÷ 100,000"),
            ("processed_bytes_gb", hours, "GB/month ÷ hours ÷ 1 GB/h"),
        ]
    };
    let mut best: Option<(Decimal, String, crate::usage::UsageSource)> = None;
    for (key, divisor, how) in per_lcu {
        if let Some(u) = ctx.usage.get(&inst.address, key) {
            let units = u.value / divisor;
            if best.as_ref().is_none_or(|(b, _, _)| units > *b) {
                best =
                    Some((units, format!("{key} {} {how} = {}", n(u.value), n(units)), u.source));
            }
        }
    }
    match best {
        Some((units, why, _)) if crate::checked::mul(units, hours).is_err() => Quantity::invalid(
            format!("{why} per hour × {} h: {}", n(hours), crate::checked::Overflow),
        ),
        Some((units, why, source)) => Quantity {
            value: Some(units * hours),
            usage_based: true,
            usage_key: Some("monthly_lcu_hrs".into()),
            usage_source: Some(source),
            formula: Some(format!(
                "largest dimension: {why} per hour × {} h = {}",
                n(hours),
                n(units * hours)
            )),
        },
        None => Quantity::unknown("monthly_lcu_hrs"),
    }
}

/// The subnets (`subnets`, `subnet_mapping.N.subnet_id`) and Elastic IPs
/// (`subnet_mapping.N.allocation_id`) a load balancer refers to, for `costplan resources`.
/// Subnet ids and allocation ids are only known after apply, so only references link them.
pub fn links(instances: &[Instance], lb: &Instance) -> Vec<LinkView> {
    let mut out = Vec::new();
    for (path, addresses) in &lb.references {
        let role = match path.rsplit('.').next() {
            Some("subnets" | "subnet_id") => "subnet",
            Some("allocation_id") => "eip",
            _ => continue,
        };
        let target_type = if role == "eip" { "aws_eip" } else { "aws_subnet" };
        for target in instances.iter().filter(|i| {
            i.resource_type == target_type
                && addresses.iter().any(|a| crate::terraform::refs::covers(a, &i.address))
        }) {
            let link = crate::terraform::Link { target, via: crate::terraform::Via::Reference };
            out.push(LinkView::new(role, path.clone(), &link));
        }
    }
    out
}
