//! `aws_s3_bucket`: storage per storage class, requests per class, lifecycle transitions (billed
//! as PUT requests of the destination class), retrievals from the infrequent-access classes,
//! S3 Select data scanned and returned (Standard, the IA classes, Intelligent-Tiering, Glacier
//! Instant Retrieval), Glacier Flexible Retrieval and Deep Archive retrievals and restore
//! requests per retrieval tier, early deletes (Intelligent-Tiering within 30 days, Glacier
//! Flexible Retrieval 90, Deep Archive 180: `early_delete_gb` is billed at the class's storage
//! rate, one month, as Infracost prices it), and Intelligent-Tiering monitoring, all from Infracost's per-class usage keys
//! (`standard.storage_gb`, `glacier_flexible_retrieval.storage_gb`,
//! `standard.monthly_tier_1_requests`, ...).
//!
//! Where the bytes sit is the traffic model's job (`usage/`): it reads the bucket's
//! `aws_s3_bucket_lifecycle_configuration` (or inline `lifecycle_rule`) and versioning to split
//! the stored data across classes, including noncurrent versions, the 128 KB lifecycle minimum
//! object size and the 40 KB archive overhead per object (see `docs/usage-model.md`). This file
//! prices what it is given. A bucket with no usage at all shows Standard storage and requests as
//! "depends on usage".

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    STORAGE = "s3.storage",
    STORAGE_FREQUENT_ACCESS = "s3.storage.frequent_access",
    STORAGE_INFREQUENT_ACCESS = "s3.storage.infrequent_access",
    STORAGE_ARCHIVE_ACCESS = "s3.storage.archive_access",
    STORAGE_DEEP_ARCHIVE_ACCESS = "s3.storage.deep_archive_access",
    REQUESTS_TIER1 = "s3.requests.tier1",
    REQUESTS_TIER2 = "s3.requests.tier2",
    LIFECYCLE_TRANSITIONS = "s3.lifecycle_transitions",
    RETRIEVAL = "s3.retrieval",
    SELECT_SCANNED = "s3.select.scanned",
    SELECT_RETURNED = "s3.select.returned",
    MONITORING = "s3.monitoring",
    RETRIEVAL_STANDARD = "s3.retrieval.standard",
    RETRIEVAL_EXPEDITED = "s3.retrieval.expedited",
    RETRIEVAL_BULK = "s3.retrieval.bulk",
    RESTORE_REQUESTS_STANDARD = "s3.restore_requests.standard",
    RESTORE_REQUESTS_EXPEDITED = "s3.restore_requests.expedited",
    RESTORE_REQUESTS_BULK = "s3.restore_requests.bulk",
    EARLY_DELETE = "s3.early_delete",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_s3_bucket", map, reads: &[], component_ids: COMPONENT_IDS };

/// A storage class: usage key prefix, display name, Price List usage-type infix.
struct Class {
    key: &'static str,
    label: &'static str,
    /// Storage usage type(s): (usage key suffix, display, usage type).
    storage: &'static [(&'static str, &'static str, &'static str)],
    /// Infix of the request usage types (`Requests-<infix>Tier1`).
    requests: &'static str,
    retrieval: Option<&'static str>,
    /// Infix of the S3 Select usage types (`Select-Scanned-<infix>Bytes`), where Select works.
    select: Option<&'static str>,
    /// Archive restores: (retrieval tier, infix of `Retrieval-<infix>-<Tier>` and
    /// `Requests-<infix>-Restore-<Tier>`) per tier Infracost has keys for.
    restores: &'static [Restore],
    /// Early deletes, billed at the class's storage rate: (minimum days, storage usage type).
    early_delete: Option<(u32, &'static str)>,
}

/// An archive retrieval tier: Infracost's `monthly_<tier>_data_retrieval_gb` and
/// `monthly_<tier>_data_retrieval_requests` keys.
struct Restore {
    tier: &'static str,
    /// `Standard`, `Expedited` or `Bulk`, as the usage types spell it.
    usage_tier: &'static str,
    gb_id: &'static str,
    requests_id: &'static str,
}

const STANDARD_RESTORE: Restore = Restore {
    tier: "standard",
    usage_tier: "Standard",
    gb_id: RETRIEVAL_STANDARD,
    requests_id: RESTORE_REQUESTS_STANDARD,
};
const EXPEDITED_RESTORE: Restore = Restore {
    tier: "expedited",
    usage_tier: "Expedited",
    gb_id: RETRIEVAL_EXPEDITED,
    requests_id: RESTORE_REQUESTS_EXPEDITED,
};
const BULK_RESTORE: Restore = Restore {
    tier: "bulk",
    usage_tier: "Bulk",
    gb_id: RETRIEVAL_BULK,
    requests_id: RESTORE_REQUESTS_BULK,
};

const CLASSES: &[Class] = &[
    Class {
        key: "standard",
        label: "Standard",
        storage: &[("storage_gb", "Storage", "TimedStorage-ByteHrs")],
        requests: "",
        retrieval: None,
        select: Some(""),
        restores: &[],
        early_delete: None,
    },
    Class {
        key: "standard_infrequent_access",
        label: "Standard-IA",
        storage: &[("storage_gb", "Storage", "TimedStorage-SIA-ByteHrs")],
        requests: "SIA-",
        retrieval: Some("Retrieval-SIA"),
        select: Some("SIA-"),
        restores: &[],
        early_delete: None,
    },
    Class {
        key: "one_zone_infrequent_access",
        label: "One Zone-IA",
        storage: &[("storage_gb", "Storage", "TimedStorage-ZIA-ByteHrs")],
        requests: "ZIA-",
        retrieval: Some("Retrieval-ZIA"),
        select: Some("ZIA-"),
        restores: &[],
        early_delete: None,
    },
    Class {
        key: "intelligent_tiering",
        label: "Intelligent-Tiering",
        storage: &[
            (
                "frequent_access_storage_gb",
                "Storage (frequent access)",
                "TimedStorage-INT-FA-ByteHrs",
            ),
            (
                "infrequent_access_storage_gb",
                "Storage (infrequent access)",
                "TimedStorage-INT-IA-ByteHrs",
            ),
            (
                "archive_access_storage_gb",
                "Storage (archive access)",
                "TimedStorage-INT-AA-ByteHrs",
            ),
            (
                "deep_archive_access_storage_gb",
                "Storage (deep archive access)",
                "TimedStorage-INT-DAA-ByteHrs",
            ),
        ],
        requests: "INT-",
        retrieval: None,
        select: Some("INT-"),
        restores: &[],
        early_delete: Some((30, "TimedStorage-INT-FA-ByteHrs")),
    },
    Class {
        key: "glacier_instant_retrieval",
        label: "Glacier Instant Retrieval",
        storage: &[("storage_gb", "Storage", "TimedStorage-GIR-ByteHrs")],
        requests: "GIR-",
        retrieval: Some("Retrieval-GIR"),
        select: Some("GIR-"),
        restores: &[],
        early_delete: None,
    },
    Class {
        key: "glacier_flexible_retrieval",
        label: "Glacier Flexible Retrieval",
        storage: &[("storage_gb", "Storage", "TimedStorage-GlacierByteHrs")],
        requests: "GLACIER-",
        retrieval: None,
        select: None,
        restores: &[STANDARD_RESTORE, EXPEDITED_RESTORE],
        early_delete: Some((90, "TimedStorage-GlacierByteHrs")),
    },
    Class {
        key: "glacier_deep_archive",
        label: "Glacier Deep Archive",
        storage: &[("storage_gb", "Storage", "TimedStorage-GDA-ByteHrs")],
        requests: "GDA-",
        retrieval: None,
        select: None,
        restores: &[STANDARD_RESTORE, BULK_RESTORE],
        early_delete: Some((180, "TimedStorage-GDA-ByteHrs")),
    },
];

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |u: &str| PriceQuery::new("AmazonS3", &ctx.region).usage_type(u);
    let has = |key: &str| ctx.usage.get(&inst.address, key).is_some();
    let thousand = Decimal::new(1, 3);
    let mut priced = Priced::default();
    let any = CLASSES.iter().any(|c| {
        crate::usage::keys::S3_BUCKET
            .iter()
            .any(|k| k.starts_with(&format!("{}.", c.key)) && has(k))
    });
    for class in CLASSES {
        let key = |suffix: &str| format!("{}.{suffix}", class.key);
        // Standard is always shown so that a bucket without usage says "depends on usage".
        let shown = |suffix: &str| has(&key(suffix)) || (!any && class.key == "standard");
        let mut components = Vec::new();
        for (suffix, label, usage_type) in class.storage {
            if shown(suffix) {
                // Intelligent-Tiering's access tiers are storage lines of one class.
                let id = match *suffix {
                    "frequent_access_storage_gb" => STORAGE_FREQUENT_ACCESS,
                    "infrequent_access_storage_gb" => STORAGE_INFREQUENT_ACCESS,
                    "archive_access_storage_gb" => STORAGE_ARCHIVE_ACCESS,
                    "deep_archive_access_storage_gb" => STORAGE_DEEP_ARCHIVE_ACCESS,
                    _ => STORAGE,
                };
                components.push(ComponentSpec::new(
                    id,
                    *label,
                    "GB-months",
                    Quantity::usage(inst, ctx, &key(suffix), Decimal::ONE, ""),
                    q(usage_type),
                ));
            }
        }
        if shown("monthly_tier_1_requests") {
            components.push(
                ComponentSpec::new(
                    REQUESTS_TIER1,
                    "PUT, COPY, POST, LIST requests",
                    "1k requests",
                    Quantity::usage(
                        inst,
                        ctx,
                        &key("monthly_tier_1_requests"),
                        thousand,
                        "÷ 1,000",
                    ),
                    q(&format!("Requests-{}Tier1", class.requests)),
                )
                .multiplier(Decimal::from(1000)),
            );
        }
        if shown("monthly_tier_2_requests") {
            components.push(
                ComponentSpec::new(
                    REQUESTS_TIER2,
                    "GET, SELECT, and all other requests",
                    "1k requests",
                    Quantity::usage(
                        inst,
                        ctx,
                        &key("monthly_tier_2_requests"),
                        thousand,
                        "÷ 1,000",
                    ),
                    q(&format!("Requests-{}Tier2", class.requests)),
                )
                .multiplier(Decimal::from(1000)),
            );
        }
        if has(&key("monthly_lifecycle_transition_requests")) {
            components.push(
                ComponentSpec::new(
                    LIFECYCLE_TRANSITIONS,
                    format!("Lifecycle transitions to {}", class.label),
                    "1k requests",
                    Quantity::usage(
                        inst,
                        ctx,
                        &key("monthly_lifecycle_transition_requests"),
                        thousand,
                        "÷ 1,000",
                    ),
                    q(&format!("Requests-{}Tier1", class.requests)),
                )
                .multiplier(Decimal::from(1000)),
            );
        }
        if let Some(retrieval) = class.retrieval.filter(|_| has(&key("monthly_data_retrieval_gb")))
        {
            components.push(ComponentSpec::new(
                RETRIEVAL,
                "Data retrieval",
                "GB",
                Quantity::usage(inst, ctx, &key("monthly_data_retrieval_gb"), Decimal::ONE, ""),
                q(retrieval),
            ));
        }
        if let Some(infix) = class.select {
            for (id, what, usage_key, ut) in [
                (
                    SELECT_SCANNED,
                    "Select data scanned",
                    "monthly_select_data_scanned_gb",
                    "Scanned",
                ),
                (
                    SELECT_RETURNED,
                    "Select data returned",
                    "monthly_select_data_returned_gb",
                    "Returned",
                ),
            ] {
                if has(&key(usage_key)) {
                    components.push(ComponentSpec::new(
                        id,
                        what,
                        "GB",
                        Quantity::usage(inst, ctx, &key(usage_key), Decimal::ONE, ""),
                        q(&format!("Select-{ut}-{infix}Bytes")),
                    ));
                }
            }
        }
        let infix = class.requests.trim_end_matches('-');
        for restore in class.restores {
            let tier = restore.tier;
            let requests_key = key(&format!("monthly_{tier}_data_retrieval_requests"));
            if has(&requests_key) {
                components.push(
                    ComponentSpec::new(
                        restore.requests_id,
                        format!("Retrieval requests ({tier})"),
                        "1k requests",
                        Quantity::usage(inst, ctx, &requests_key, thousand, "÷ 1,000"),
                        q(&format!("Requests-{infix}-Restore-{}", restore.usage_tier)),
                    )
                    .multiplier(Decimal::from(1000)),
                );
            }
            let gb_key = key(&format!("monthly_{tier}_data_retrieval_gb"));
            if has(&gb_key) {
                components.push(ComponentSpec::new(
                    restore.gb_id,
                    format!("Retrievals ({tier})"),
                    "GB",
                    Quantity::usage(inst, ctx, &gb_key, Decimal::ONE, ""),
                    q(&format!("Retrieval-{infix}-{}", restore.usage_tier)),
                ));
            }
        }
        if let Some((days, storage)) = class.early_delete.filter(|_| has(&key("early_delete_gb"))) {
            components.push(ComponentSpec::new(
                EARLY_DELETE,
                format!("Early delete (within {days} days)"),
                "GB-months",
                Quantity::usage(inst, ctx, &key("early_delete_gb"), Decimal::ONE, ""),
                q(storage),
            ));
        }
        if has(&key("monitored_objects")) {
            components.push(
                ComponentSpec::new(
                    MONITORING,
                    "Monitoring and automation",
                    "1k objects",
                    Quantity::usage(inst, ctx, &key("monitored_objects"), thousand, "÷ 1,000"),
                    q("Monitoring-Automation-INT"),
                )
                .multiplier(Decimal::from(1000)),
            );
        }
        if components.is_empty() {
            continue;
        }
        if class.key == "standard" {
            priced.components.extend(components);
        } else {
            priced.subresources.push((class.label.to_string(), components));
        }
    }
    Mapping::Priced(priced)
}
