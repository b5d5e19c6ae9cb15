//! `aws_lb` and `aws_alb`: an hourly charge per load balancer and capacity units per hour
//! (application: LCU; network: NLCU; gateway: GLCU). LCU-hours come from the traffic model
//! (`monthly_lcu_hrs`, computed hour by hour over the scenario's profile) or, as in Infracost,
//! from average rates (`new_connections` per second, `active_connections` per minute,
//! `processed_bytes_gb` per month, `rule_evaluations` per second) where the largest dimension
//! sets the LCUs of every hour.
//!
//! An internet-facing load balancer also has a public IPv4 address per Availability Zone
//! (one per subnet), charged by the hour, and sends its responses out to the internet
//! (`monthly_outbound_internet_gb`, data transfer out). The addresses: one per entry of
//! `subnets`, or one per `subnet_mapping` block without `allocation_id` (a mapping with an
//! Elastic IP uses that address, priced as its `aws_eip`, so it is not counted twice);
//! none for `ip_address_type = "dualstack-without-public-ipv4"`. Subnets not known until
//! apply (or not given) are an assumption stated as a `usage-assumed` warning: the fewest AWS
//! allows (two Availability Zones for an application load balancer, one for a network one).

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
        let hours = ctx.hours_per_month;
        let no_ipv4 = attr_str(inst, "ip_address_type") == Some("dualstack-without-public-ipv4");
        let addresses = if no_ipv4 {
            None
        } else {
            match public_ipv4_addresses(inst) {
                Ok(known) => Some(known),
                Err(why) => {
                    let (fewest, which) = if kind == "network" {
                        (Decimal::ONE, "a network")
                    } else {
                        (Decimal::TWO, "an application")
                    };
                    priced.warn(
                        inst,
                        "usage-assumed",
                        format!(
                            "{why}: priced for {} public IPv4 address(es), the fewest Availability \
                             Zones {which} load balancer can have; set `subnets` to price the \
                             real number",
                            n(fewest)
                        ),
                    );
                    Some((fewest, format!("{why}; assumed {} AZ(s)", n(fewest))))
                }
            }
        };
        if let Some((count, why)) = addresses.filter(|(count, _)| !count.is_zero()) {
            priced.components.push(ComponentSpec::new(
                PUBLIC_IPV4,
                "Public IPv4 addresses",
                "hours",
                Quantity::fixed(
                    count * hours,
                    format!("{why} × {} h = {}", n(hours), n(count * hours)),
                ),
                PriceQuery::new("AmazonVPC", &ctx.region).usage_type("PublicIPv4:InUseAddress"),
            ));
        }
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

/// The public IPv4 addresses the load balancer holds itself, with how they were counted: one
/// per subnet; a `subnet_mapping` with `allocation_id` uses its Elastic IP (priced as the
/// `aws_eip`). `Err` with why when the subnets are not known.
fn public_ipv4_addresses(inst: &Instance) -> Result<(Decimal, String), String> {
    let mappings = inst.attr("subnet_mapping").map(Value::blocks).unwrap_or_default();
    if !mappings.is_empty() {
        let total = mappings.len();
        let with_eip = mappings
            .iter()
            .filter(|b| b.get("allocation_id").is_some_and(|v| !v.is_null()))
            .count();
        let own = total - with_eip;
        let why = if with_eip == 0 {
            format!("{total} subnet_mapping(s), one address each")
        } else {
            format!(
                "{total} subnet_mapping(s) − {with_eip} with an Elastic IP (priced as its \
                 aws_eip) = {own} address(es)"
            )
        };
        return Ok((Decimal::from(own), why));
    }
    match inst.attr("subnets") {
        Some(Value::List(items)) if !items.is_empty() => {
            Ok((Decimal::from(items.len()), format!("{} subnet(s), one address each", items.len())))
        }
        Some(v) if v.contains_unknown() => Err("`subnets` is not known until apply".into()),
        _ => Err("no `subnets` or `subnet_mapping` given".into()),
    }
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
