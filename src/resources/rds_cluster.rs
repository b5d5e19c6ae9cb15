//! `aws_rds_cluster` (Aurora PostgreSQL and MySQL): the cluster volume's storage per GB-month
//! and, on Aurora Standard, I/O requests per million; Aurora I/O-Optimized
//! (`storage_type = "aurora-iopt1"`) has a higher storage price and no I/O charge. Backup storage
//! beyond the cluster's size is usage `backup_snapshot_size_gb`. The instances (provisioned or
//! Serverless v2) are priced on their `aws_rds_cluster_instance`s. Multi-AZ DB clusters of
//! non-Aurora engines are not priced yet.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_str};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "aurora.storage",
    STORAGE_IO_OPTIMIZED = "aurora.storage.io_optimized",
    IO_REQUESTS = "aurora.io_requests",
    BACKUP = "aurora.backup",
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
        priced.warn(
            inst,
            "unsupported-option",
            format!("Multi-AZ DB cluster of `{engine}` is not priced"),
        );
        return Mapping::Priced(priced);
    }
    let q = |u: &str| PriceQuery::new("AmazonRDS", &ctx.region).usage_type(u);
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
