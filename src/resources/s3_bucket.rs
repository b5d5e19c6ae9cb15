//! `aws_s3_bucket`: storage per storage class, requests, lifecycle transitions, the archive
//! overhead per object and Intelligent-Tiering monitoring.
//!
//! Where the bytes sit comes from, in order:
//! 1. explicit per-class usage, Infracost's keys (`standard.storage_gb`,
//!    `standard_infrequent_access.storage_gb`, `glacier_flexible_retrieval.storage_gb` ...);
//! 2. the steady state of the lifecycle (from `aws_s3_bucket_lifecycle_configuration` or inline
//!    `lifecycle_rule` blocks; the first enabled rule) with the traffic model's inflow
//!    `monthly_storage_added_gb`: an object written today sits in STANDARD until the first
//!    transition day, then in each class until the next transition or the expiration day, so a
//!    class holds `inflow × days in the class ÷ days per month` GB (a class is charged at least
//!    its minimum storage duration: 30 days IA/Glacier IR, 90 Glacier, 180 Deep Archive). With
//!    versioning on, an expired object stays as a noncurrent version for
//!    `noncurrent_version_expiration` days in the class it expired from. Without an expiration
//!    the last class keeps growing: its size is `storage_gb` minus the earlier classes;
//! 3. `storage_gb` in STANDARD when there is no lifecycle.
//!
//! Objects archived to Glacier Flexible Retrieval or Deep Archive carry 40 KB of overhead each
//! (32 KB at the archive price, 8 KB at STANDARD), counted from `monthly_objects_added`; each
//! transition is a request priced per 1,000. Requests: `monthly_tier_1_requests`
//! (PUT/COPY/POST/LIST) and `monthly_tier_2_requests` (GET and others), at STANDARD prices.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_str, blocks, n, referencing,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};
use crate::usage::UsageSource;

pub const TYPE: ResourceType = ResourceType {
    name: "aws_s3_bucket",
    map,
    usage_keys: &[
        "storage_gb",
        "monthly_storage_added_gb",
        "monthly_objects_added",
        "monthly_tier_1_requests",
        "monthly_tier_2_requests",
        "standard.storage_gb",
        "standard_infrequent_access.storage_gb",
        "one_zone_infrequent_access.storage_gb",
        "intelligent_tiering.storage_gb",
        "glacier_instant_retrieval.storage_gb",
        "glacier_flexible_retrieval.storage_gb",
        "glacier_deep_archive.storage_gb",
    ],
    reads: &["aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_versioning"],
};

/// A storage class: Terraform name, display name, Infracost usage prefix, storage usage type,
/// transition request usage type, minimum storage days, archive overhead.
struct Class {
    tf: &'static str,
    label: &'static str,
    key: &'static str,
    storage: &'static str,
    transition: &'static str,
    min_days: u32,
    archive: bool,
}

const CLASSES: &[Class] = &[
    Class {
        tf: "STANDARD",
        label: "Standard",
        key: "standard",
        storage: "TimedStorage-ByteHrs",
        transition: "Requests-Tier1",
        min_days: 0,
        archive: false,
    },
    Class {
        tf: "STANDARD_IA",
        label: "Standard-IA",
        key: "standard_infrequent_access",
        storage: "TimedStorage-SIA-ByteHrs",
        transition: "Requests-SIA-Tier1",
        min_days: 30,
        archive: false,
    },
    Class {
        tf: "ONEZONE_IA",
        label: "One Zone-IA",
        key: "one_zone_infrequent_access",
        storage: "TimedStorage-ZIA-ByteHrs",
        transition: "Requests-ZIA-Tier1",
        min_days: 30,
        archive: false,
    },
    Class {
        tf: "INTELLIGENT_TIERING",
        label: "Intelligent-Tiering",
        key: "intelligent_tiering",
        storage: "TimedStorage-INT-FA-ByteHrs",
        transition: "Requests-INT-Tier1",
        min_days: 0,
        archive: false,
    },
    Class {
        tf: "GLACIER_IR",
        label: "Glacier Instant Retrieval",
        key: "glacier_instant_retrieval",
        storage: "TimedStorage-GIR-ByteHrs",
        transition: "Requests-GIR-Tier1",
        min_days: 90,
        archive: false,
    },
    Class {
        tf: "GLACIER",
        label: "Glacier Flexible Retrieval",
        key: "glacier_flexible_retrieval",
        storage: "TimedStorage-GlacierByteHrs",
        transition: "Requests-GLACIER-Tier1",
        min_days: 90,
        archive: true,
    },
    Class {
        tf: "DEEP_ARCHIVE",
        label: "Glacier Deep Archive",
        key: "glacier_deep_archive",
        storage: "TimedStorage-GDA-ByteHrs",
        transition: "Requests-GDA-Tier1",
        min_days: 180,
        archive: true,
    },
];

fn class(tf: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|c| c.tf.eq_ignore_ascii_case(tf))
}

/// The steady-state lifecycle of current versions: the class and the days an object spends in
/// it, in order; and the noncurrent retention in days (when versioning is on).
struct Lifecycle {
    /// A negative end day means "never expires".
    segments: Vec<(&'static Class, Decimal, Decimal)>,
    noncurrent_days: Option<Decimal>,
    rule: String,
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let q = |u: &str| PriceQuery::new("AmazonS3", &ctx.region).usage_type(u);
    let days_per_month = ctx.hours_per_month / Decimal::from(24);
    let versioned = versioning(inst, ctx);
    let lifecycle = lifecycle(inst, ctx, &mut priced);

    let explicit: Vec<&Class> = CLASSES
        .iter()
        .filter(|c| ctx.usage.get(&inst.address, &format!("{}.storage_gb", c.key)).is_some())
        .collect();
    if !explicit.is_empty() {
        for c in explicit {
            let key = format!("{}.storage_gb", c.key);
            priced.subresources.push((
                format!("Storage class {}", c.label),
                vec![ComponentSpec::new(
                    format!("Storage ({})", c.label),
                    "GB-months",
                    Quantity::usage(inst, ctx, &key, Decimal::ONE, ""),
                    q(c.storage),
                )],
            ));
        }
    } else if let Some(lc) = lifecycle {
        steady_state(inst, ctx, &lc, versioned, days_per_month, &mut priced);
    } else {
        priced.components.push(ComponentSpec::new(
            "Storage (Standard)",
            "GB-months",
            Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, ""),
            q("TimedStorage-ByteHrs"),
        ));
    }
    let thousand = Decimal::new(1, 3);
    priced.components.push(
        ComponentSpec::new(
            "PUT, COPY, POST, LIST requests",
            "1k requests",
            Quantity::usage(inst, ctx, "monthly_tier_1_requests", thousand, "÷ 1,000"),
            q("Requests-Tier1"),
        )
        .multiplier(Decimal::from(1000)),
    );
    priced.components.push(
        ComponentSpec::new(
            "GET, SELECT, and all other requests",
            "1k requests",
            Quantity::usage(inst, ctx, "monthly_tier_2_requests", thousand, "÷ 1,000"),
            q("Requests-Tier2"),
        )
        .multiplier(Decimal::from(1000)),
    );
    Mapping::Priced(priced)
}

fn steady_state(
    inst: &Instance,
    ctx: &Ctx,
    lc: &Lifecycle,
    versioned: bool,
    days_per_month: Decimal,
    priced: &mut Priced,
) {
    let q = |u: &str| PriceQuery::new("AmazonS3", &ctx.region).usage_type(u);
    let inflow = ctx.usage.get(&inst.address, "monthly_storage_added_gb");
    let objects = ctx.usage.get(&inst.address, "monthly_objects_added");
    let dpm = n(days_per_month.round_dp(4));
    let source = inflow.map(|u| u.source);
    let derived =
        |value: Decimal, formula: String, key: &str, source: Option<UsageSource>| Quantity {
            value: Some(value),
            usage_based: true,
            usage_key: Some(key.to_string()),
            usage_source: source,
            formula: Some(formula),
        };
    let mut earlier = Decimal::ZERO;
    let last = lc.segments.len().saturating_sub(1);
    for (i, (c, from, to)) in lc.segments.iter().enumerate() {
        let mut components = Vec::new();
        let open = to.is_sign_negative();
        let days = if open { Decimal::ZERO } else { *to - *from };
        let billed_days = days.max(Decimal::from(c.min_days));
        let noncurrent = if i == last && versioned { lc.noncurrent_days } else { None };
        let storage = match inflow {
            Some(u) if !open => {
                let current = u.value * billed_days / days_per_month;
                let mut formula = format!(
                    "{} GB/month added ({}) × {} days in {} ({}) ÷ {dpm} days/month",
                    n(u.value),
                    lc.rule,
                    n(billed_days),
                    c.label,
                    if billed_days > days {
                        format!(
                            "day {}–{}, billed at the {}-day minimum",
                            n(*from),
                            n(*to),
                            c.min_days
                        )
                    } else {
                        format!("day {}–{}", n(*from), n(*to))
                    }
                );
                let mut total = current;
                if let Some(nc) = noncurrent {
                    total += u.value * nc / days_per_month;
                    formula.push_str(&format!(
                        " + {} GB/month × {} noncurrent days ÷ {dpm}",
                        n(u.value),
                        n(nc)
                    ));
                }
                formula.push_str(&format!(" = {} GB", n(total.round_dp(10))));
                earlier += total;
                derived(total, formula, "monthly_storage_added_gb", source)
            }
            _ if open => match ctx.usage.get(&inst.address, "storage_gb") {
                Some(total) => {
                    let rest = (total.value - earlier).max(Decimal::ZERO);
                    derived(
                        rest,
                        format!(
                            "storage_gb {} − {} GB in earlier classes = {} GB (no expiration: grows)",
                            n(total.value),
                            n(earlier.round_dp(10)),
                            n(rest.round_dp(10))
                        ),
                        "storage_gb",
                        Some(total.source),
                    )
                }
                None => Quantity::unknown("storage_gb"),
            },
            _ => Quantity::unknown("monthly_storage_added_gb"),
        };
        components.push(ComponentSpec::new(
            format!("Storage ({})", c.label),
            "GB-months",
            storage,
            q(c.storage),
        ));
        if i > 0 {
            let transitions = match objects {
                Some(o) => derived(
                    o.value / Decimal::from(1000),
                    format!("{} objects added a month, each transitioned once ÷ 1,000", n(o.value)),
                    "monthly_objects_added",
                    Some(o.source),
                ),
                None => Quantity::unknown("monthly_objects_added"),
            };
            components.push(
                ComponentSpec::new(
                    format!("Lifecycle transitions to {}", c.label),
                    "1k requests",
                    transitions,
                    q(c.transition),
                )
                .multiplier(Decimal::from(1000)),
            );
        }
        if c.archive {
            let stay = if open { None } else { Some(billed_days + noncurrent.unwrap_or_default()) };
            let kb = Decimal::from(1_048_576);
            let (archive, staging) = match (objects, stay) {
                (Some(o), Some(stay)) => {
                    let held = o.value * stay / days_per_month;
                    let a = held * Decimal::from(32) / kb;
                    let s = held * Decimal::from(8) / kb;
                    let base = format!(
                        "{} objects/month × {} days ÷ {dpm} = {} objects",
                        n(o.value),
                        n(stay),
                        n(held.round_dp(4))
                    );
                    (
                        derived(
                            a,
                            format!("{base} × 32 KB ÷ 1,048,576 KB/GB = {} GB", n(a.round_dp(10))),
                            "monthly_objects_added",
                            Some(o.source),
                        ),
                        derived(
                            s,
                            format!("{base} × 8 KB ÷ 1,048,576 KB/GB = {} GB", n(s.round_dp(10))),
                            "monthly_objects_added",
                            Some(o.source),
                        ),
                    )
                }
                _ => (
                    Quantity::unknown("monthly_objects_added"),
                    Quantity::unknown("monthly_objects_added"),
                ),
            };
            components.push(ComponentSpec::new(
                format!("Archive overhead, 32 KB per object ({})", c.label),
                "GB-months",
                archive,
                q(c.storage),
            ));
            components.push(ComponentSpec::new(
                "Archive overhead, 8 KB per object (Standard)",
                "GB-months",
                staging,
                q("TimedStorage-ByteHrs"),
            ));
        }
        priced.subresources.push((format!("Storage class {}", c.label), components));
    }
    if versioned && lc.noncurrent_days.is_none() {
        priced.warn(
            inst,
            "usage-assumed",
            "versioning is on and no rule expires noncurrent versions: they accumulate and are not counted",
        );
    }
}

fn versioning(inst: &Instance, ctx: &Ctx) -> bool {
    let inline = blocks(inst, "versioning")
        .iter()
        .any(|v| v.get("enabled").and_then(Value::as_bool) == Some(true));
    let separate = referencing(ctx, inst, "aws_s3_bucket_versioning", "bucket", &["id", "bucket"])
        .iter()
        .any(|v| attr_str(v, "versioning_configuration.0.status") == Some("Enabled"));
    inline || separate
}

fn lifecycle(inst: &Instance, ctx: &Ctx, priced: &mut Priced) -> Option<Lifecycle> {
    let configs = referencing(
        ctx,
        inst,
        "aws_s3_bucket_lifecycle_configuration",
        "bucket",
        &["id", "bucket"],
    );
    let (rule, origin) = if let Some(cfg) = configs.first() {
        let rule = blocks(cfg, "rule")
            .into_iter()
            .find(|r| r.get("status").and_then(Value::as_str) == Some("Enabled"))?;
        (rule, cfg.address.clone())
    } else {
        let rule = blocks(inst, "lifecycle_rule")
            .into_iter()
            .find(|r| r.get("enabled").and_then(Value::as_bool).unwrap_or(true))?;
        (rule, format!("{} lifecycle_rule", inst.address))
    };
    let id = rule.get("id").and_then(Value::as_str).map(|s| format!(" `{s}`")).unwrap_or_default();
    let filtered = rule.get("filter").map(Value::blocks).unwrap_or_default().iter().any(|f| {
        f.as_map().is_some_and(|m| {
            m.values().any(|v| {
                !v.is_null() && v.as_str() != Some("") && v.as_list().is_none_or(|l| !l.is_empty())
            })
        })
    }) || rule.get("prefix").and_then(Value::as_str).is_some_and(|p| !p.is_empty());
    if filtered {
        priced.warn(
            inst,
            "usage-assumed",
            format!("lifecycle rule{id} has a filter: assumed to apply to every object"),
        );
    }
    let mut transitions: Vec<(Decimal, &'static Class)> = rule
        .get("transition")
        .map(Value::blocks)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            let days = t.get("days").and_then(Value::as_decimal)?;
            let class = class(t.get("storage_class").and_then(Value::as_str)?)?;
            Some((days, class))
        })
        .collect();
    transitions.sort_by_key(|t| t.0);
    let expires = rule
        .get("expiration")
        .map(Value::blocks)
        .unwrap_or_default()
        .iter()
        .find_map(|e| e.get("days").and_then(Value::as_decimal));
    let noncurrent_days = rule
        .get("noncurrent_version_expiration")
        .map(Value::blocks)
        .unwrap_or_default()
        .iter()
        .find_map(|e| {
            e.get("noncurrent_days").or_else(|| e.get("days")).and_then(Value::as_decimal)
        });
    if transitions.is_empty() && expires.is_none() && noncurrent_days.is_none() {
        return None;
    }
    let standard = &CLASSES[0];
    let mut segments = Vec::new();
    let mut from = Decimal::ZERO;
    let mut current = standard;
    let end = expires.unwrap_or(Decimal::NEGATIVE_ONE);
    for (day, class) in transitions {
        if expires.is_some_and(|e| day >= e) {
            break;
        }
        segments.push((current, from, day));
        from = day;
        current = class;
    }
    segments.push((current, from, end));
    Some(Lifecycle { segments, noncurrent_days, rule: format!("rule{id} of {origin}") })
}
