//! `aws_autoscaling_group`: the instances the group keeps running, priced as `aws_instance`
//! ([`super::instance`]) from its launch template: instance-hours, the template's EBS volumes
//! (`block_device_mappings`), detailed monitoring and public IPv4 addresses, each × the
//! instance count.
//!
//! - Count: the usage key `instances` (Infracost's), else `desired_capacity`, else `min_size`.
//! - Launch template: `launch_template`, or `mixed_instances_policy`'s
//!   `launch_template_specification`, linked to an `aws_launch_template` of the
//!   configuration. With `override`s, the first override's instance type is priced (the one an
//!   on-demand `prioritized` strategy launches first) and a `mixed-instances` warning names the
//!   others; a Spot share (`on_demand_percentage_above_base_capacity` below 100) is priced
//!   on demand, an upper bound, and said so. Never priced below what the template says.
//! - No template found, or a launch configuration: the hours are "price not found" with a
//!   warning, never $0.

use rust_decimal::Decimal;

use super::ebs_volume::{self, Volume};
use super::instance::{self, detailed_monitoring};
use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, blocks,
    find_referenced, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value, Warning};

pub const TYPE: ResourceType = ResourceType {
    name: "aws_autoscaling_group",
    map,
    reads: &["aws_launch_template", "aws_ami"],
    component_ids: instance::IDS,
};

/// Size assumed for a template's volume that does not set one (the AMI's snapshot decides).
const ASSUMED_GB: i64 = 8;

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let (count, count_formula) = if ctx.usage.get(&inst.address, "instances").is_some() {
        let q = Quantity::usage(inst, ctx, "instances", Decimal::ONE, "");
        match q.value {
            Some(v) => (v, q.formula.unwrap_or_default()),
            None => return Priced::invalid(inst, "usage `instances` is not a number"),
        }
    } else {
        let pick = ["desired_capacity", "min_size"].into_iter().find_map(|k| {
            attr_quantity(inst, k).map(|v| v.map(|v| (v, format!("{k} = {}", n(v))))).transpose()
        });
        match pick {
            Some(Ok(v)) => v,
            Some(Err(e)) => return Priced::invalid(inst, &e),
            None => {
                return Priced::invalid(
                    inst,
                    "neither `desired_capacity` nor `min_size` is known: set the usage key \
                     `instances`",
                );
            }
        }
    };
    let mixed = blocks(inst, "mixed_instances_policy");
    let template = find_referenced(ctx, inst, "launch_template", "aws_launch_template", &["id"])
        .or_else(|| {
            find_referenced(ctx, inst, "mixed_instances_policy", "aws_launch_template", &["id"])
        });
    let Some(lt) = template else {
        let why = if inst.attr("launch_configuration").is_some() {
            "launch configurations are not priced (AWS deprecated them): use a launch template"
        } else {
            "the launch template is not in the configuration"
        };
        priced.warn(inst, "not-priced", format!("{why}; the instances are not priced"));
        priced.components.push(ComponentSpec::new(
            instance::HOURS,
            "Instance usage (unknown instance type)",
            "hours",
            Quantity::invalid(format!("{count_formula}: {why}")),
            PriceQuery::new("AmazonEC2", &ctx.region).family("Compute Instance"),
        ));
        return Mapping::Priced(priced);
    };
    let overrides: Vec<String> = mixed
        .first()
        .and_then(|m| m.get("launch_template"))
        .map(Value::blocks)
        .unwrap_or_default()
        .iter()
        .flat_map(|b| b.get("override").map(Value::blocks).unwrap_or_default())
        .filter_map(|o| o.get("instance_type").and_then(Value::as_str).map(str::to_string))
        .collect();
    let template_type = lt.attr("instance_type").and_then(Value::as_str).map(str::to_string);
    let instance_type = overrides.first().cloned().or(template_type);
    let Some(instance_type) = instance_type else {
        return Priced::invalid(
            inst,
            &format!("{} sets no known `instance_type` and the group no override", lt.address),
        );
    };
    if overrides.len() > 1 {
        priced.warn(
            inst,
            "mixed-instances",
            format!(
                "mixed instances policy: priced as {} (the first override); the group may also \
                 launch {}",
                instance_type,
                overrides[1..].join(", ")
            ),
        );
    }
    let on_demand_pct = mixed
        .first()
        .and_then(|m| m.get("instances_distribution"))
        .map(Value::blocks)
        .unwrap_or_default()
        .first()
        .and_then(|d| d.get("on_demand_percentage_above_base_capacity"))
        .and_then(Value::as_decimal);
    if on_demand_pct.is_some_and(|p| p < Decimal::from(100)) {
        priced.warn(
            inst,
            "spot-not-priced",
            "part of the group runs on Spot, whose prices are not in the Price List: every \
             instance is priced on demand (an upper bound)",
        );
    }
    let spot = instance::on_spot(lt);
    let Some(os) = instance::operating_system(inst, lt, ctx, &mut priced.warnings) else {
        return Mapping::Priced(priced);
    };
    let tenancy = blocks(lt, "placement")
        .first()
        .and_then(|p| p.get("tenancy"))
        .and_then(Value::as_str)
        .unwrap_or("default")
        .to_string();
    let launch =
        instance::Launch { instance_type: &instance_type, os: &os, tenancy: &tenancy, spot, count };
    let mut hours = instance::hours(inst, ctx, &launch, &mut priced.warnings);
    if let Some(f) = hours.quantity.formula.as_mut() {
        *f = format!("{count_formula}; {f}");
    }
    priced.components.push(hours);
    priced.components.extend(template_volumes(inst, ctx, lt, count, &mut priced.warnings));
    let monitoring =
        blocks(lt, "monitoring").first().and_then(|m| m.get("enabled")).and_then(Value::as_bool);
    if monitoring == Some(true) {
        priced.components.push(detailed_monitoring(ctx, count));
    }
    let ebs_optimized = lt
        .attr("ebs_optimized")
        .and_then(|v| v.as_bool().or_else(|| v.as_str().and_then(|s| s.parse::<bool>().ok())));
    if ebs_optimized == Some(true) {
        priced.components.extend(instance::ebs_optimized_fee(ctx, &instance_type, count));
    }
    let public_ip = blocks(lt, "network_interfaces")
        .iter()
        .any(|ni| ni.get("associate_public_ip_address").and_then(Value::as_bool) == Some(true));
    if public_ip {
        priced.components.push(instance::public_ipv4(ctx, count));
    }
    Mapping::Priced(priced)
}

/// The template's `block_device_mappings` (each `ebs` block a volume, `count` times); with
/// none, the AMI's root volume, 8 GB gp2 assumed.
fn template_volumes(
    inst: &Instance,
    ctx: &Ctx,
    lt: &Instance,
    count: Decimal,
    warnings: &mut Vec<Warning>,
) -> Vec<ComponentSpec> {
    let assumed = Some((Decimal::from(ASSUMED_GB), "the AMI's snapshot decides; not shown"));
    let mut devices: Vec<(String, &Value)> = blocks(lt, "block_device_mappings")
        .into_iter()
        .filter_map(|m| {
            let name = m.get("device_name").and_then(Value::as_str).unwrap_or("?");
            let ebs = m.get("ebs").map(Value::blocks).unwrap_or_default();
            ebs.first().map(|e| (format!("EBS volume {name}"), *e))
        })
        .collect();
    if devices.is_empty() {
        devices.push(("root volume".into(), &Value::Null));
    }
    let mut out = Vec::new();
    for (label, block) in devices {
        match Volume::read(label.clone(), block, "volume_type", "volume_size", assumed) {
            Ok((vol, note)) => {
                if let Some(a) = note {
                    warnings.push(Warning::new("size-assumed", a, Some(inst.location.clone())));
                }
                let prefix = format!("{label}: ");
                out.extend(ebs_volume::components(inst, ctx, &vol, count, &prefix, warnings));
            }
            Err(why) => {
                let why = format!("{}: {label}: {why}; not priced: fix it", lt.address);
                out.push(ebs_volume::unpriced(inst, ctx, &label, why, warnings));
            }
        }
    }
    out
}
