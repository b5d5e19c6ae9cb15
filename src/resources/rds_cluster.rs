//! `aws_rds_cluster` (Aurora PostgreSQL and MySQL): the cluster volume's storage per GB-month
//! and, on Aurora Standard, I/O requests per million; Aurora I/O-Optimized
//! (`storage_type = "aurora-iopt1"`) has a higher storage price and no I/O charge. Backup storage
//! beyond the cluster's size is usage `backup_snapshot_size_gb`. The instances (provisioned or
//! Serverless v2) are priced on their `aws_rds_cluster_instance`s.
//!
//! Aurora Serverless v1 (`engine_mode = "serverless"`) has no instances: its capacity is billed
//! on the cluster in ACU-hours, usage `capacity_units_per_hr` (average ACUs) × hours, else the
//! `scaling_configuration`'s `min_capacity` with a `usage-assumed` warning.
//!
//! A Multi-AZ DB cluster (a `mysql` or `postgres` engine with `db_cluster_instance_class`) is
//! one writer and two readable standbys: AWS prices the three together per hour of the
//! `Multi-AZ (readable standbys)` deployment of the class, so the line is one cluster × hours.
//! Its storage (`allocated_storage`, `storage_type`) and provisioned `iops` are billed per
//! GB-month and IOPS-month of that deployment; the snapshot does not import those prices yet,
//! so the lines say "price not found" (never left out).

use rust_decimal::Decimal;

use super::db_instance::engine_name;
use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_dec, attr_quantity, attr_str,
    n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "aurora.storage",
    STORAGE_IO_OPTIMIZED = "aurora.storage.io_optimized",
    IO_REQUESTS = "aurora.io_requests",
    BACKUP = "aurora.backup",
    SERVERLESS_V1 = "aurora.serverless_v1",
    MULTI_AZ_CLUSTER = "rds.multi_az_cluster",
    MULTI_AZ_CLUSTER_STORAGE = "rds.multi_az_cluster.storage",
    MULTI_AZ_CLUSTER_IOPS = "rds.multi_az_cluster.iops",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_rds_cluster", map, reads: &[], component_ids: COMPONENT_IDS };

/// True for Aurora I/O-Optimized clusters.
pub fn io_optimized(cluster: &Instance) -> bool {
    attr_str(cluster, "storage_type") == Some("aurora-iopt1")
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let engine = attr_str(inst, "engine").unwrap_or("aurora-mysql");
    if !engine.starts_with("aurora") {
        return multi_az_cluster(inst, ctx, engine);
    }
    let q = |u: &str| PriceQuery::new("AmazonRDS", &ctx.region).usage_type(u);
    if attr_str(inst, "engine_mode") == Some("serverless") {
        priced.components.push(serverless_v1(inst, ctx, engine, &mut priced.warnings));
    }
    let iopt = io_optimized(inst);
    let (storage_id, storage_label, storage_usage) = if iopt {
        (STORAGE_IO_OPTIMIZED, "Storage (I/O-Optimized)", "Aurora:StorageIOOptimizedUsage")
    } else {
        (STORAGE, "Storage", "Aurora:StorageUsage")
    };
    priced.components.push(ComponentSpec::new(
        storage_id,
        storage_label,
        "GB-months",
        Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, ""),
        q(storage_usage),
    ));
    if !iopt {
        priced.components.push(
            ComponentSpec::new(
                IO_REQUESTS,
                "I/O requests",
                "1M requests",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_io_requests",
                    Decimal::new(1, 6),
                    "÷ 1,000,000",
                ),
                q("Aurora:StorageIOUsage"),
            )
            .multiplier(Decimal::from(1_000_000)),
        );
    }
    // Backups up to the cluster volume's size are free; only a given excess is priced.
    if ctx.usage.get(&inst.address, "backup_snapshot_size_gb").is_some() {
        priced.components.push(ComponentSpec::new(
            BACKUP,
            "Backup storage",
            "GB-months",
            Quantity::usage(inst, ctx, "backup_snapshot_size_gb", Decimal::ONE, ""),
            q("Aurora:BackupUsage"),
        ));
    }
    Mapping::Priced(priced)
}

/// Aurora Serverless v1 capacity: ACU-hours from `capacity_units_per_hr`, else the
/// `scaling_configuration`'s `min_capacity` (said in a warning), else usage unknown.
fn serverless_v1(
    inst: &Instance,
    ctx: &Ctx,
    engine: &str,
    warnings: &mut Vec<crate::terraform::Warning>,
) -> ComponentSpec {
    let hours = ctx.hours_per_month;
    let key = "capacity_units_per_hr";
    let min_path = "scaling_configuration.0.min_capacity";
    let quantity = if ctx.usage.get(&inst.address, key).is_some() {
        Quantity::usage(inst, ctx, key, hours, &format!("ACU × {} h", n(hours)))
    } else if let Err(why) = attr_quantity(inst, min_path) {
        Quantity::invalid(why)
    } else if let Some(min) = attr_dec(inst, min_path) {
        warnings.push(crate::terraform::Warning::new(
            "usage-assumed",
            format!("no `{key}`: Aurora Serverless v1 priced at min_capacity {} ACU", n(min)),
            Some(inst.location.clone()),
        ));
        Quantity::fixed(
            min * hours,
            format!("min_capacity {} ACU × {} h = {}", n(min), n(hours), n(min * hours)),
        )
    } else {
        Quantity::unknown(key)
    };
    ComponentSpec::new(
        SERVERLESS_V1,
        "Aurora Serverless v1 capacity",
        "ACU-hours",
        quantity,
        PriceQuery::new("AmazonRDS", &ctx.region)
            .family("Serverless")
            .attr("databaseEngine", engine_name(engine).unwrap_or(engine))
            .usage_type("Aurora:ServerlessUsage"),
    )
}

/// A Multi-AZ DB cluster of `mysql` or `postgres`: the writer and two readable standbys
/// (priced together per hour) and their storage.
fn multi_az_cluster(inst: &Instance, ctx: &Ctx, engine: &str) -> Mapping {
    let mut priced = Priced::default();
    let Some(class) = attr_str(inst, "db_cluster_instance_class") else {
        priced.warn(
            inst,
            "invalid-value",
            format!(
                "a `{engine}` cluster is a Multi-AZ DB cluster and needs \
                 `db_cluster_instance_class`; the cluster is not priced: set it"
            ),
        );
        return Mapping::Priced(priced);
    };
    let deployment = "Multi-AZ (readable standbys)";
    let q = PriceQuery::new("AmazonRDS", &ctx.region);
    let hours = ctx.hours_per_month;
    priced.components.push(ComponentSpec::new(
        MULTI_AZ_CLUSTER,
        format!("Multi-AZ DB cluster (on-demand, writer + 2 readable standbys, {class})"),
        "hours",
        Quantity::fixed(
            hours,
            format!("1 cluster of 3 instances (priced together) × {} h", n(hours)),
        ),
        q.clone()
            .family("Database Instance")
            .attr("instanceType", class)
            .attr("databaseEngine", engine_name(engine).unwrap_or(engine))
            .attr("deploymentOption", deployment),
    ));
    let volume = attr_str(inst, "storage_type").unwrap_or("io1");
    let storage = match attr_quantity(inst, "allocated_storage") {
        Ok(Some(gb)) => Quantity::fixed(gb, format!("allocated_storage {} GB", n(gb))),
        Ok(None) => Quantity::invalid("`allocated_storage` is not set".into()),
        Err(why) => Quantity::invalid(why),
    };
    priced.components.push(ComponentSpec::new(
        MULTI_AZ_CLUSTER_STORAGE,
        format!("Storage ({volume}, Multi-AZ DB cluster)"),
        "GB-months",
        storage,
        q.clone()
            .family("Database Storage")
            .attr("deploymentOption", deployment)
            .attr("volumeType", volume),
    ));
    let iops = match attr_quantity(inst, "iops") {
        Ok(Some(iops)) => Some(Quantity::fixed(iops, format!("iops {}", n(iops)))),
        Ok(None) => None,
        Err(why) => Some(Quantity::invalid(why)),
    };
    if let Some(iops) = iops {
        priced.components.push(ComponentSpec::new(
            MULTI_AZ_CLUSTER_IOPS,
            format!("Provisioned IOPS ({volume}, Multi-AZ DB cluster)"),
            "IOPS-months",
            iops,
            q.family("Provisioned IOPS")
                .attr("deploymentOption", deployment)
                .attr("volumeType", volume),
        ));
    }
    Mapping::Priced(priced)
}
