//! `aws_eks_node_group`: the EC2 instances of a managed node group, `scaling_config`
//! `desired_size` of them (usage `instances`, Infracost's key, overrides it) × hours, at the
//! on-demand Linux rate of the first of `instance_types` (`t3.medium` when unset, EKS's
//! default), plus their root volumes (`disk_size` GB of gp2 each, 20 when unset, EKS's
//! default) when no launch template sets the disk; with a launch template, the volumes line
//! says its quantity is not known (the template's disks are not priced for node groups yet).
//!
//! The instance price is asked of the catalog with the AWS Price List's attributes for EC2
//! compute (`AmazonEC2`, family `Compute Instance`, `instanceType`, `operatingSystem` `Linux`,
//! `tenancy` `Shared`, `preInstalledSw` `NA`, `capacitystatus` `Used`; the region gives the
//! `location`), the volume with `Storage` / `volumeApiName` `gp2`: where the catalog has no EC2
//! price the line says "price not found" naming the instance type, never $0. `capacity_type =
//! "SPOT"` is priced at the on-demand rate with a `usage-assumed` warning (Spot prices are not
//! in the Price List); an instance type set through a launch template only (no
//! `instance_types`) cannot be priced: "quantity not known". `--requests` derives nothing.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, attr_str, blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    INSTANCE = "ec2.instance",
    ROOT_VOLUME = "ebs.volume.gp2",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_eks_node_group", map, reads: &[], component_ids: COMPONENT_IDS };

/// The Price List query of an on-demand, shared-tenancy Linux instance of `instance_type`.
pub fn linux_instance_query(region: &str, instance_type: &str) -> PriceQuery {
    PriceQuery::new("AmazonEC2", region)
        .family("Compute Instance")
        .attr("instanceType", instance_type)
        .attr("operatingSystem", "Linux")
        .attr("tenancy", "Shared")
        .attr("preInstalledSw", "NA")
        .attr("capacitystatus", "Used")
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let (count, count_why) = match ctx.usage.get(&inst.address, "instances") {
        Some(u) => (u.value, format!("instances = {}", n(u.value))),
        None => match attr_quantity(inst, "scaling_config.0.desired_size") {
            Ok(Some(d)) => (d, format!("{} instances (scaling_config desired_size)", n(d))),
            Ok(None) => match attr_quantity(inst, "scaling_config.0.min_size") {
                Ok(Some(m)) => (m, format!("{} instances (scaling_config min_size)", n(m))),
                Ok(None) => return Priced::invalid(inst, "`scaling_config` gives no desired_size"),
                Err(why) => return Priced::invalid(inst, &why),
            },
            Err(why) => return Priced::invalid(inst, &why),
        },
    };
    let types: Vec<&str> = inst
        .attr("instance_types")
        .and_then(Value::as_list)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let has_template = !blocks(inst, "launch_template").is_empty();
    let instance_type = match (types.first(), has_template) {
        (Some(t), _) => Some(*t),
        (None, false) => Some("t3.medium"),
        (None, true) => None,
    };
    let spot = attr_str(inst, "capacity_type") == Some("SPOT");
    if spot {
        priced.warn(
            inst,
            "usage-assumed",
            "capacity_type SPOT: priced at the on-demand rate (Spot prices are not in the AWS \
             Price List); Spot usually costs less",
        );
    }
    let hours = ctx.hours_per_month;
    let quantity = match instance_type {
        Some(_) => match crate::checked::mul(count, hours) {
            Ok(total) => {
                Quantity::fixed(total, format!("{count_why} × {} h = {}", n(hours), n(total)))
            }
            Err(e) => Quantity::invalid(format!("{count_why} × {} h: {e}", n(hours))),
        },
        None => Quantity::invalid(
            "the instance type is set by the launch template only: not priced (set \
             `instance_types`)"
                .into(),
        ),
    };
    let itype = instance_type.unwrap_or("set by the launch template");
    priced.components.push(ComponentSpec::new(
        INSTANCE,
        format!("Instance usage (Linux, on-demand, {itype})"),
        "hours",
        quantity,
        linux_instance_query(&ctx.region, itype),
    ));
    if has_template {
        // The template's block devices (or its AMI's root volume) are the nodes' disks: not
        // priced yet, and never left out silently.
        priced.components.push(ComponentSpec::new(
            ROOT_VOLUME,
            "Volumes (set by the launch template)",
            "GB-months",
            Quantity::invalid(
                "the disks come from the launch template, whose volumes are not priced for \
                 node groups yet"
                    .into(),
            ),
            PriceQuery::new("AmazonEC2", &ctx.region).family("Storage"),
        ));
    } else {
        let disk = match attr_quantity(inst, "disk_size") {
            Ok(d) => d.unwrap_or(Decimal::from(20)),
            Err(why) => return Priced::invalid(inst, &why),
        };
        priced.components.push(ComponentSpec::new(
            ROOT_VOLUME,
            "Root volume (gp2)",
            "GB-months",
            Quantity::fixed(
                count * disk,
                format!("{count_why} × {} GB (disk_size) = {}", n(disk), n(count * disk)),
            ),
            PriceQuery::new("AmazonEC2", &ctx.region)
                .family("Storage")
                .attr("volumeApiName", "gp2"),
        ));
    }
    Mapping::Priced(priced)
}
