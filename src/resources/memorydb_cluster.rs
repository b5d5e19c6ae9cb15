//! `aws_memorydb_cluster`: node hours, data written and snapshot storage.
//!
//! - Nodes: `num_shards` (1 when unset) × (1 primary + `num_replicas_per_shard`, 1 when unset)
//!   nodes of `node_type`, at the rate of `engine` (`redis`, Redis OSS, when unset; `valkey`).
//! - Data written: `monthly_data_written_gb` (Infracost's key), Redis OSS per GB; Valkey: the
//!   first 10 TB (10,000 GB, the feed's tier) a month are free. Above that the feed's rate is
//!   also $0 where AWS's pricing page charges per GB, so more than 10,000 GB of Valkey writes is
//!   "quantity not known" with why, never priced at $0.
//! - Snapshots: with `snapshot_retention_limit = R` > 1, (R − 1) × `snapshot_storage_size_gb`
//!   GB-months (Infracost's key and meaning: one snapshot is free).
//!
//! Reserved nodes are not priced (no MemoryDB reserved rates in the catalog): a usage file's
//! `reserved_instance_term` is accepted and priced on demand with a warning. `--requests`
//! derives nothing.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, attr_str, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    NODE = "memorydb.node",
    DATA_WRITTEN = "memorydb.data_written",
    SNAPSHOT = "memorydb.snapshot",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_memorydb_cluster", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let count = |attr: &str, default: Decimal| match attr_quantity(inst, attr) {
        Ok(v) => Ok(v.unwrap_or(default)),
        Err(why) => Err(why),
    };
    let (shards, replicas, retention) = match (
        count("num_shards", Decimal::ONE),
        count("num_replicas_per_shard", Decimal::ONE),
        count("snapshot_retention_limit", Decimal::ZERO),
    ) {
        (Ok(s), Ok(r), Ok(k)) => (s, r, k),
        (Err(why), ..) | (_, Err(why), _) | (.., Err(why)) => return Priced::invalid(inst, &why),
    };
    let engine = match attr_str(inst, "engine").unwrap_or("redis") {
        "valkey" => "Valkey",
        _ => "Redis",
    };
    let node_type = attr_str(inst, "node_type").unwrap_or("");
    let nodes = shards * (Decimal::ONE + replicas);
    let hours = ctx.hours_per_month;
    let q = PriceQuery::new("AmazonMemoryDB", &ctx.region);
    let mut priced = Priced::default();
    let reserved = |p: &crate::usage::Purchase| {
        matches!(p.term, Some(crate::usage::Term::OneYear | crate::usage::Term::ThreeYear))
    };
    if ctx.usage.purchase(&inst.address).is_some_and(reserved) {
        priced.warn(
            inst,
            "unsupported-option",
            "reserved MemoryDB nodes are not in the catalog: the nodes are priced on demand",
        );
    }
    let why = format!("{} shards × (1 + {} replicas) = {} nodes", n(shards), n(replicas), n(nodes));
    priced.components.push(ComponentSpec::new(
        NODE,
        format!("MemoryDB node ({}, on-demand, {node_type})", engine.to_lowercase()),
        "hours",
        match crate::checked::mul(nodes, hours) {
            Ok(total) => Quantity::fixed(total, format!("{why} × {} h = {}", n(hours), n(total))),
            Err(e) => Quantity::invalid(format!("{why} × {} h: {e}", n(hours))),
        },
        q.clone().family("MemoryDB").attr("instanceType", node_type).attr("engine", engine),
    ));
    let mut written = Quantity::usage(inst, ctx, "monthly_data_written_gb", Decimal::ONE, "");
    if engine == "Valkey" && written.value.is_some_and(|v| v > Decimal::from(10_000)) {
        written = Quantity::invalid(format!(
            "{}: Valkey writes above the free 10,000 GB are not priced (the feed's rate there \
             is $0, AWS's pricing page charges per GB)",
            written.formula.unwrap_or_default()
        ));
    }
    priced.components.push(ComponentSpec::new(
        DATA_WRITTEN,
        "Data written",
        "GB",
        written,
        q.clone().family("Data Written").attr("engine", engine),
    ));
    if retention > Decimal::ONE {
        let paid = retention - Decimal::ONE;
        priced.components.push(ComponentSpec::new(
            SNAPSHOT,
            "Snapshot storage",
            "GB-months",
            Quantity::usage(
                inst,
                ctx,
                "snapshot_storage_size_gb",
                paid,
                &format!("× ({} snapshots − 1 free)", n(retention)),
            ),
            q.family("Snapshot Storage"),
        ));
    }
    Mapping::Priced(priced)
}
