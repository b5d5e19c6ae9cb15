//! `aws_elasticache_cluster`: `num_cache_nodes` nodes of `node_type`, plus snapshot storage as
//! for a replication group. A cluster that joins a replication group (`replication_group_id`)
//! is one of the group's nodes and is priced on the group.

use rust_decimal::Decimal;

use super::elasticache_replication_group::{COMPONENT_IDS, components};
use super::{Ctx, Mapping, Priced, ResourceType, attr_quantity, attr_str, n};
use crate::terraform::Instance;

pub const TYPE: ResourceType =
    ResourceType { name: "aws_elasticache_cluster", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    if inst.attr("replication_group_id").is_some_and(|v| !v.is_null()) {
        return Mapping::Free(
            "a member of a replication group: its node is priced on the group".into(),
        );
    }
    let engine = attr_str(inst, "engine").unwrap_or("redis");
    let nodes = match attr_quantity(inst, "num_cache_nodes") {
        Ok(nodes) => nodes.unwrap_or(Decimal::ONE),
        Err(why) => return Priced::invalid(inst, &why),
    };
    let why = format!("{} nodes (num_cache_nodes)", n(nodes));
    Mapping::Priced(Priced::new(components(inst, ctx, engine, nodes, Decimal::ONE, &why)))
}
