//! `aws_ebs_snapshot`: snapshot storage per GB-month (standard tier), plus Infracost's usage
//! components: fast snapshot restore (DSU-hours) and the EBS direct API requests.
//!
//! Stored GB: the usage key `monthly_storage_gb` when given; else the size of the source
//! volume (`volume_id` linked to an `aws_ebs_volume` of the configuration), since a first
//! snapshot is a full copy of the volume's used blocks (an upper bound: AWS bills only the
//! blocks written, later snapshots only the changed ones); else not known.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_dec, find_referenced, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "ebs.snapshot_storage",
    FAST_RESTORE = "ebs.fast_snapshot_restore",
    API_REQUESTS = "ebs.direct_api_requests",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_ebs_snapshot",
    map,
    reads: &["aws_ebs_volume"],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |family: &str, ut: &str| {
        PriceQuery::new("AmazonEC2", &ctx.region).family(family).usage_type(ut)
    };
    let storage = if ctx.usage.get(&inst.address, "monthly_storage_gb").is_some() {
        Quantity::usage(inst, ctx, "monthly_storage_gb", Decimal::ONE, "")
    } else {
        let volume = find_referenced(ctx, inst, "volume_id", "aws_ebs_volume", &["id"]);
        match volume.and_then(|v| attr_dec(v, "size").map(|s| (v, s))) {
            Some((v, size)) => Quantity::fixed(
                size,
                format!(
                    "size of {} = {} GB (a full copy; set `monthly_storage_gb` for the blocks \
                     actually stored)",
                    v.address,
                    n(size)
                ),
            ),
            None => Quantity::unknown("monthly_storage_gb"),
        }
    };
    let thousand = Decimal::from(1000);
    let api = |key: &str, name: &str, ut: &str| {
        ComponentSpec::new(
            API_REQUESTS,
            name,
            "1k requests",
            Quantity::usage(inst, ctx, key, Decimal::ONE / thousand, "÷ 1,000"),
            q("EBS direct API Requests", ut),
        )
        .multiplier(thousand)
    };
    Mapping::Priced(Priced::new(vec![
        ComponentSpec::new(
            STORAGE,
            "Snapshot storage",
            "GB-months",
            storage,
            q("Storage Snapshot", "EBS:SnapshotUsage"),
        ),
        ComponentSpec::new(
            FAST_RESTORE,
            "Fast snapshot restore",
            "DSU-hours",
            Quantity::usage(inst, ctx, "fast_snapshot_restore_hours", Decimal::ONE, ""),
            q("Fast Snapshot Restore", "EBS:FastSnapshotRestore"),
        ),
        api(
            "monthly_list_block_requests",
            "ListChangedBlocks and ListSnapshotBlocks requests",
            "EBS:directAPI.snapshot.List",
        ),
        api(
            "monthly_get_block_requests",
            "GetSnapshotBlock requests",
            "EBS:directAPI.snapshot.Get",
        ),
        api(
            "monthly_put_block_requests",
            "PutSnapshotBlock requests",
            "EBS:directAPI.snapshot.Put",
        ),
    ]))
}
