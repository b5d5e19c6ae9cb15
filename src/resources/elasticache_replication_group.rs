//! `aws_elasticache_replication_group`: node hours for every node of the group, and snapshot
//! storage beyond the one free snapshot per node group.
//!
//! Nodes: cluster mode (`num_node_groups`) has node groups × (1 primary + `replicas_per_node_group`);
//! otherwise `num_cache_clusters` nodes (1 when unset). Snapshots: `snapshot_retention_limit = R`
//! keeps R daily snapshots, the first free, each the size of the data (`snapshot_storage_size_gb`,
//! per node group): (R − 1) × size GB-months.
//!
//! Autoscaling: an `aws_appautoscaling_target` of the `elasticache` namespace whose
//! `resource_id` is `replication-group/<replication_group_id>` scales the node groups
//! (`elasticache:replication-group:NodeGroups`) or the replicas per node group
//! (`elasticache:replication-group:Replicas`). Its `capacity` usage (Infracost's key) is the
//! count the group runs at; without it, its `min_capacity` is a floor: the nodes are priced at
//! no fewer than that (the formula says so).

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, Scaled, attr_quantity, attr_str,
    autoscaled, n, purchase_term, savings_plan_factor,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    NODE = "elasticache.node",
    BACKUP = "elasticache.backup",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_elasticache_replication_group",
    map,
    reads: &["aws_appautoscaling_target"],
    component_ids: COMPONENT_IDS,
};

/// Price List `cacheEngine` of a Terraform `engine`.
pub fn cache_engine(engine: &str) -> &'static str {
    match engine {
        "memcached" => "Memcached",
        "valkey" => "Valkey",
        _ => "Redis",
    }
}

/// Node hours and snapshot storage for `nodes` nodes in `groups` node groups.
pub fn components(
    inst: &Instance,
    ctx: &Ctx,
    engine: &str,
    nodes: Decimal,
    groups: Decimal,
    nodes_why: &str,
) -> Vec<ComponentSpec> {
    let node_type = attr_str(inst, "node_type").unwrap_or("");
    let q = PriceQuery::new("AmazonElastiCache", &ctx.region);
    let hours = ctx.hours_per_month;
    let (term, term_label) = purchase_term(inst, ctx);
    let (sp_factor, sp_label) = savings_plan_factor(inst, ctx, &term);
    let mut out = vec![
        ComponentSpec::new(
            NODE,
            format!("ElastiCache ({term_label}{sp_label}, {node_type})"),
            "hours",
            Quantity::fixed(
                nodes * hours,
                format!("{nodes_why} × {} h = {}", n(hours), n(nodes * hours)),
            ),
            q.clone()
                .family("Cache Instance")
                .attr("instanceType", node_type)
                .attr("cacheEngine", cache_engine(engine))
                .term(term),
        )
        .rate_factor(sp_factor),
    ];
    let retention = match attr_quantity(inst, "snapshot_retention_limit") {
        Ok(retention) => retention.unwrap_or_default(),
        // Whether snapshots are kept is not known: the backup line is shown as such.
        Err(why) => {
            out.push(ComponentSpec::new(
                BACKUP,
                "Backup storage",
                "GB-months",
                Quantity::invalid(why),
                q.family("Storage Snapshot").usage_type("BackupUsage"),
            ));
            return out;
        }
    };
    if retention > Decimal::ONE && engine != "memcached" {
        let paid = (retention - Decimal::ONE) * groups;
        let how = format!("× ({} snapshots − 1 free) × {} node group(s)", n(retention), n(groups));
        out.push(ComponentSpec::new(
            BACKUP,
            "Backup storage",
            "GB-months",
            Quantity::usage(inst, ctx, "snapshot_storage_size_gb", paid, &how),
            q.family("Storage Snapshot").usage_type("BackupUsage"),
        ));
    }
    out
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let engine = attr_str(inst, "engine").unwrap_or("redis");
    let count = |attr: &str| attr_quantity(inst, attr);
    let ids: Vec<String> = ["replication_group_id", "id"]
        .iter()
        .filter_map(|k| attr_str(inst, k))
        .map(|id| format!("replication-group/{id}"))
        .collect();
    // The count of `dimension` the group runs: an autoscaling target's `capacity` usage, else
    // the configured count raised to the target's `min_capacity`; and how, for the formula.
    let scaled = |dimension: &str, configured: Decimal, what: &str| {
        let dimension = format!("elasticache:replication-group:{dimension}");
        match autoscaled(inst, ctx, "elasticache", &dimension, &ids) {
            Err(why) => Err(Priced::invalid(inst, &why)),
            Ok(Some(Scaled::Capacity { count, how })) => {
                Ok((count, format!("{} {what} ({how})", n(count))))
            }
            Ok(Some(Scaled::Floor { min, .. })) if min > configured => {
                Ok((min, format!("{} {what} (autoscaling min_capacity)", n(min))))
            }
            Ok(_) => Ok((configured, format!("{} {what}", n(configured)))),
        }
    };
    let (nodes, groups, why) = match count("num_node_groups") {
        Err(why) => return Priced::invalid(inst, &why),
        Ok(Some(groups)) => {
            let replicas = match count("replicas_per_node_group") {
                Ok(replicas) => replicas.unwrap_or_default(),
                Err(why) => return Priced::invalid(inst, &why),
            };
            let (groups, groups_why) = match scaled("NodeGroups", groups, "node groups") {
                Ok(v) => v,
                Err(invalid) => return invalid,
            };
            let (replicas, replicas_why) = match scaled("Replicas", replicas, "replicas") {
                Ok(v) => v,
                Err(invalid) => return invalid,
            };
            let nodes = groups * (Decimal::ONE + replicas);
            (nodes, groups, format!("{groups_why} × (1 + {replicas_why}) = {} nodes", n(nodes)))
        }
        Ok(None) => {
            let nodes = match count("num_cache_clusters") {
                Ok(nodes) => nodes.unwrap_or(Decimal::ONE).max(Decimal::ONE),
                Err(why) => return Priced::invalid(inst, &why),
            };
            match scaled("Replicas", nodes - Decimal::ONE, "replicas") {
                Ok((replicas, _)) if replicas + Decimal::ONE == nodes => {
                    (nodes, Decimal::ONE, format!("{} nodes (num_cache_clusters)", n(nodes)))
                }
                Ok((replicas, how)) => {
                    let nodes = replicas + Decimal::ONE;
                    (nodes, Decimal::ONE, format!("1 primary + {how} = {} nodes", n(nodes)))
                }
                Err(invalid) => return invalid,
            }
        }
    };
    Mapping::Priced(Priced::new(components(inst, ctx, engine, nodes, groups, &why)))
}
