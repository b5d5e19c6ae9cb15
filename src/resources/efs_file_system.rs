//! `aws_efs_file_system`: storage by class, Infrequent Access and Archive access, and
//! throughput by mode.
//!
//! - Storage: `storage_gb` GB-months at the Standard rate, or One Zone when
//!   `availability_zone_name` is set (Infracost's key).
//! - Infrequent Access: `infrequent_access_storage_gb` GB-months (One Zone-IA when One Zone), and
//!   IA reads and writes `monthly_infrequent_access_read_gb` / `_write_gb` (Infracost's keys),
//!   when a `lifecycle_policy` has `transition_to_ia` or the usage gives a value.
//! - Archive (Regional only): `archive_storage_gb` GB-months when a `lifecycle_policy` has
//!   `transition_to_archive` or the usage gives it (costplan's key; Infracost has none).
//! - Throughput: `throughput_mode = "provisioned"`: `provisioned_throughput_in_mibps` beyond
//!   what bursting would give the Standard storage (`storage_gb` ÷ 20 MiB/s: 50 KiB/s per GiB),
//!   in MiB/s-months (as Infracost computes it; storage unknown counts as 0, which prices the
//!   whole provisioned throughput). `"elastic"`: data read and written through the file system,
//!   `monthly_elastic_read_gb` / `monthly_elastic_write_gb` (costplan's keys), per GB.
//!   `"bursting"` (the default): included in the storage price.
//!
//! `--requests` derives nothing: the bytes a request moves through EFS are not in the traffic
//! model. Every usage-based line without its key is "usage unknown", never $0.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, attr_str, blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "efs.storage",
    IA_STORAGE = "efs.storage.infrequent_access",
    ARCHIVE_STORAGE = "efs.storage.archive",
    IA_READ = "efs.read.infrequent_access",
    IA_WRITE = "efs.write.infrequent_access",
    PROVISIONED_THROUGHPUT = "efs.throughput.provisioned",
    ELASTIC_READ = "efs.throughput.elastic_read",
    ELASTIC_WRITE = "efs.throughput.elastic_write",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_efs_file_system", map, reads: &[], component_ids: COMPONENT_IDS };

/// Whether a `lifecycle_policy` block sets `attr`.
fn lifecycle(inst: &Instance, attr: &str) -> bool {
    blocks(inst, "lifecycle_policy").iter().any(|b| b.get(attr).is_some_and(|v| !v.is_null()))
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let q = PriceQuery::new("AmazonEFS", &ctx.region);
    let one_zone = attr_str(inst, "availability_zone_name").is_some();
    let given = |key: &str| ctx.usage.get(&inst.address, key).is_some();
    let usage = |key: &str| Quantity::usage(inst, ctx, key, Decimal::ONE, "");
    let (class, ia_class, label) = if one_zone {
        ("One Zone-General Purpose", "One Zone-Infrequent Access", "one zone")
    } else {
        ("General Purpose", "Infrequent Access", "standard")
    };
    let storage =
        |q: &PriceQuery, class: &str| q.clone().family("Storage").attr("storageClass", class);
    priced.components.push(ComponentSpec::new(
        STORAGE,
        format!("Storage ({label})"),
        "GB-months",
        usage("storage_gb"),
        storage(&q, class),
    ));
    if lifecycle(inst, "transition_to_ia") || given("infrequent_access_storage_gb") {
        priced.components.push(ComponentSpec::new(
            IA_STORAGE,
            format!("Storage ({label}, infrequent access)"),
            "GB-months",
            usage("infrequent_access_storage_gb"),
            storage(&q, ia_class).usage_type(if one_zone {
                "IATimedStorage-Z-ByteHrs"
            } else {
                "IATimedStorage-ByteHrs"
            }),
        ));
    }
    let ia_access = lifecycle(inst, "transition_to_ia")
        || given("monthly_infrequent_access_read_gb")
        || given("monthly_infrequent_access_write_gb");
    if ia_access {
        for (id, name, key, access) in [
            (
                IA_READ,
                "Read requests (infrequent access)",
                "monthly_infrequent_access_read_gb",
                "Read",
            ),
            (
                IA_WRITE,
                "Write requests (infrequent access)",
                "monthly_infrequent_access_write_gb",
                "Write",
            ),
        ] {
            priced.components.push(ComponentSpec::new(
                id,
                name,
                "GB",
                usage(key),
                storage(&q, "Infrequent Access").attr("accessType", access),
            ));
        }
    }
    if !one_zone && (lifecycle(inst, "transition_to_archive") || given("archive_storage_gb")) {
        priced.components.push(ComponentSpec::new(
            ARCHIVE_STORAGE,
            "Storage (archive)",
            "GB-months",
            usage("archive_storage_gb"),
            storage(&q, "Archive").usage_type("ArchiveTimedStorage-ByteHrs"),
        ));
    }
    match attr_str(inst, "throughput_mode").unwrap_or("bursting") {
        "provisioned" => {
            let mibps = match attr_quantity(inst, "provisioned_throughput_in_mibps") {
                Ok(m) => m,
                Err(why) => return Priced::invalid(inst, &why),
            };
            let quantity = match mibps {
                None => Quantity::invalid(
                    "throughput_mode provisioned without `provisioned_throughput_in_mibps`".into(),
                ),
                Some(p) => {
                    let stored = ctx.usage.get(&inst.address, "storage_gb").map(|u| u.value);
                    let included = stored.unwrap_or_default() / Decimal::from(20);
                    let billable = (p - included).max(Decimal::ZERO);
                    let storage_how = match stored {
                        Some(s) => format!("storage_gb {} ÷ 20", n(s)),
                        None => "storage_gb not given: 0".into(),
                    };
                    Quantity::fixed(
                        billable,
                        format!(
                            "{} MiB/s provisioned − {} MiB/s included ({storage_how}) = {}",
                            n(p),
                            n(included),
                            n(billable)
                        ),
                    )
                }
            };
            priced.components.push(ComponentSpec::new(
                PROVISIONED_THROUGHPUT,
                "Provisioned throughput",
                "MiBps-months",
                quantity,
                q.family("Provisioned Throughput"),
            ));
        }
        "elastic" => {
            for (id, name, key, access) in [
                (ELASTIC_READ, "Elastic throughput reads", "monthly_elastic_read_gb", "Read"),
                (ELASTIC_WRITE, "Elastic throughput writes", "monthly_elastic_write_gb", "Write"),
            ] {
                priced.components.push(ComponentSpec::new(
                    id,
                    name,
                    "GB",
                    usage(key),
                    q.clone()
                        .family("Throughput")
                        .attr("throughputClass", "Elastic")
                        .attr("accessType", access),
                ));
            }
        }
        "bursting" => {}
        other => priced.warn(
            inst,
            "unsupported-option",
            format!("throughput_mode `{other}` is not one EFS has (bursting, provisioned, elastic): throughput not priced"),
        ),
    }
    Mapping::Priced(priced)
}
