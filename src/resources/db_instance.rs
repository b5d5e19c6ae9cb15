//! `aws_db_instance` (PostgreSQL, MySQL, MariaDB; other engines are queried the same way and say
//! "price not found" when the snapshot lacks them): instance hours by class, engine and
//! deployment (Multi-AZ is its own price, about twice Single-AZ), storage by volume type
//! (Multi-AZ storage is billed twice), gp3 IOPS and throughput above the baseline included with
//! the volume (3,000 IOPS / 125 MiB/s below 400 GB; 12,000 / 500 MiB/s from 400 GB), io1/io2
//! provisioned IOPS, and backup storage beyond the free allowance (100% of the provisioned
//! storage) as usage `additional_backup_storage_gb`. A read replica (`replicate_source_db`) is
//! priced as an instance of its own with its own storage; without `engine` it runs its
//! source's engine (and storage size and type when it sets none), found by the source's
//! `identifier`, `id` or `arn`; when the source is not in the configuration the instance line
//! says "price not found" and an `engine-unknown` warning says to set `engine`.
//!
//! An engine RDS no longer sells or costplan does not know (`oracle-se`, `oracle-se1`, `db2-*`
//! ...) still has its storage, IOPS and backup priced (they are the same for every engine); its
//! instance line is queried with the engine's name and says "price not found".
//!
//! io1/io2 storage has AWS's minimums: 100 GB and 1,000 IOPS; a smaller `allocated_storage` or
//! `iops` is priced at the minimum, and the line's formula says so.
//!
//! RDS Extended Support: an `engine_version` whose major version is past RDS standard support
//! ([`STANDARD_SUPPORT_ENDS`], dated) is charged per vCPU-hour of the class ([`vcpus`]), at the year
//! 1–2 or year 3 rate. Performance Insights with `performance_insights_retention_period` above
//! the free 7 days is charged per vCPU-month (long-term retention). Both are asked of the catalog
//! and say "price not found" where the snapshot has no price; never left out.
//!
//! Storage autoscaling (`max_allocated_storage`) only grows storage when it fills: the estimate
//! uses `allocated_storage` unless the usage key `storage_gb` says more is used.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_bool, attr_dec,
    attr_quantity, attr_str, n, purchase_term, same_module, savings_plan_factor,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    INSTANCE = "rds.instance",
    STORAGE_GP2 = "rds.storage.gp2",
    STORAGE_GP3 = "rds.storage.gp3",
    STORAGE_IO1 = "rds.storage.io1",
    STORAGE_IO2 = "rds.storage.io2",
    STORAGE_MAGNETIC = "rds.storage.magnetic",
    IOPS = "rds.iops",
    THROUGHPUT = "rds.throughput",
    BACKUP = "rds.backup",
    EXTENDED_SUPPORT = "rds.extended_support",
    PERFORMANCE_INSIGHTS = "rds.performance_insights",
}

/// Major engine versions past RDS standard support: (Terraform engine, major version, the RDS
/// end of standard support date). From AWS's release calendars (Amazon RDS User Guide, "Using
/// Amazon RDS Extended Support", "Supported MySQL major versions on Amazon RDS", "Release
/// calendar for Amazon RDS for PostgreSQL"; Aurora User Guide for Aurora MySQL 2 and Aurora
/// PostgreSQL), as of [`EXTENDED_SUPPORT_AS_OF`].
pub const STANDARD_SUPPORT_ENDS: &[(&str, &str, &str)] = &[
    ("aurora-mysql", "5.7", "2024-10-31"),
    ("aurora-postgresql", "11", "2024-02-29"),
    ("aurora-postgresql", "12", "2025-02-28"),
    ("aurora-postgresql", "13", "2026-02-28"),
    ("mysql", "5.7", "2024-02-29"),
    ("mysql", "8.0", "2026-07-31"),
    ("postgres", "11", "2024-02-29"),
    ("postgres", "12", "2025-02-28"),
    ("postgres", "13", "2026-02-28"),
];

/// The date [`STANDARD_SUPPORT_ENDS`] was written for: a version whose standard support ended at
/// least two years before it is in year 3 of Extended Support (the higher rate).
pub const EXTENDED_SUPPORT_AS_OF: &str = "2026-12-01";

/// Performance Insights keeps 7 days of history for free; a longer retention is long-term.
const PI_FREE_DAYS: i64 = 7;

/// The major version of an `engine_version`: the first number for PostgreSQL 10 and later
/// (`11.22` → `11`), the first two for MySQL, MariaDB and Aurora MySQL (`5.7.44`,
/// `5.7.mysql_aurora.2.11.2` → `5.7`).
fn major_version<'a>(engine: &str, version: &'a str) -> &'a str {
    let two = engine.contains("mysql") || engine == "mariadb" || engine == "aurora";
    let end = version
        .char_indices()
        .filter(|(_, c)| *c == '.')
        .nth(usize::from(two))
        .map_or(version.len(), |(i, _)| i);
    &version[..end]
}

/// vCPUs of an RDS class from its size (`db.t3.large` → 2); `None` for a size not listed.
/// AWS's instance-type tables: micro, small, medium and large have 2 vCPUs; xlarge 4; then
/// `N`xlarge has 4 × N.
pub fn vcpus(class: &str) -> Option<Decimal> {
    let size = class.rsplit('.').next()?;
    match size {
        "micro" | "small" | "medium" | "large" => Some(Decimal::TWO),
        "xlarge" => Some(Decimal::from(4)),
        _ => {
            let n: u32 = size.strip_suffix("xlarge")?.parse().ok()?;
            Some(Decimal::from(4 * n))
        }
    }
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_db_instance", map, reads: &[], component_ids: COMPONENT_IDS };

/// Price List `databaseEngine` of a Terraform `engine`.
pub fn engine_name(engine: &str) -> Option<&'static str> {
    Some(match engine {
        "postgres" => "PostgreSQL",
        "mysql" => "MySQL",
        "mariadb" => "MariaDB",
        "aurora-postgresql" => "Aurora PostgreSQL",
        "aurora-mysql" | "aurora" => "Aurora MySQL",
        "oracle-se2" | "oracle-ee" | "oracle-se2-cdb" | "oracle-ee-cdb" | "oracle-se"
        | "oracle-se1" => "Oracle",
        "sqlserver-ex" | "sqlserver-web" | "sqlserver-se" | "sqlserver-ee" => "SQL Server",
        _ => return None,
    })
}

/// Price List `databaseEdition` of a Terraform `engine`, for the engines AWS sells in editions.
fn edition(engine: &str) -> Option<&'static str> {
    Some(match engine {
        "sqlserver-ex" => "Express",
        "sqlserver-web" => "Web",
        "sqlserver-se" => "Standard",
        "sqlserver-ee" => "Enterprise",
        "oracle-se2" | "oracle-se2-cdb" => "Standard Two",
        "oracle-ee" | "oracle-ee-cdb" => "Enterprise",
        // Retired editions: RDS no longer sells them, so their instance says "price not found".
        "oracle-se" => "Standard",
        "oracle-se1" => "Standard One",
        _ => return None,
    })
}

/// Price List `licenseModel` of an edition-sold engine: `license_model` when set; otherwise
/// the only model RDS offers (SQL Server: license included; Oracle Enterprise: bring your own).
/// Oracle SE2 without `license_model` offers both, so the price stays ambiguous and says so.
fn license(inst: &Instance, engine: &str) -> Option<&'static str> {
    match attr_str(inst, "license_model") {
        Some("license-included") => Some("License included"),
        Some("bring-your-own-license") => Some("Bring your own license"),
        _ if engine.starts_with("sqlserver-") => Some("License included"),
        _ if engine.starts_with("oracle-ee") => Some("Bring your own license"),
        _ => None,
    }
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let replica = inst.attr("replicate_source_db").is_some_and(|v| !v.is_null());
    let source = if replica { replica_source(inst, ctx) } else { None };
    // A replica without its own settings runs its source's engine, version and storage.
    let inherited =
        |path: &str| attr_str(inst, path).or_else(|| source.and_then(|src| attr_str(src, path)));
    let engine_tf = inherited("engine").unwrap_or("");
    let engine = match engine_name(engine_tf) {
        Some(engine) => engine,
        None if replica && engine_tf.is_empty() => {
            priced.warn(
                inst,
                "engine-unknown",
                "read replica: the engine of its `replicate_source_db` is not known (the source \
                 is not in this configuration): its instance is not priced; set `engine` on the \
                 replica",
            );
            "(engine of the replica's source)"
        }
        None => {
            priced.warn(
                inst,
                "unsupported-option",
                format!(
                    "engine `{engine_tf}` has no RDS price costplan knows: its instance is not \
                     priced (storage, IOPS and backup are)"
                ),
            );
            engine_tf
        }
    };
    let class = attr_str(inst, "instance_class").unwrap_or("");
    let multi_az = attr_bool(inst, "multi_az").unwrap_or(false);
    let deployment = if multi_az { "Multi-AZ" } else { "Single-AZ" };
    let q = PriceQuery::new("AmazonRDS", &ctx.region);
    let role = if replica { "read replica, " } else { "" };
    let (term, term_label) = purchase_term(inst, ctx);
    let (sp_factor, sp_label) = savings_plan_factor(inst, ctx, &term);
    let mut instance_query = q
        .clone()
        .family("Database Instance")
        .attr("instanceType", class)
        .attr("databaseEngine", engine)
        .attr("deploymentOption", deployment);
    if let Some(e) = edition(engine_tf) {
        instance_query = instance_query.attr("databaseEdition", e);
    }
    if let Some(l) = license(inst, engine_tf) {
        instance_query = instance_query.attr("licenseModel", l);
    }
    priced.components.push(
        ComponentSpec::new(
            INSTANCE,
            format!("Database instance ({role}{term_label}{sp_label}, {deployment}, {class})"),
            "hours",
            Quantity::hours(Decimal::ONE, "instance", ctx),
            instance_query.term(term),
        )
        .rate_factor(sp_factor),
    );

    let storage_of = if source.is_some() && inst.attr("allocated_storage").is_none() {
        source.unwrap_or(inst)
    } else {
        inst
    };
    let volume = inherited("storage_type").unwrap_or(if attr_dec(storage_of, "iops").is_some() {
        "io1"
    } else {
        "gp2"
    });
    let piops = matches!(volume, "io1" | "io2");
    // Absent: AWS's smallest gp2 volume. Negative or not a number: not known, never 20 GB.
    let allocated =
        attr_quantity(storage_of, "allocated_storage").map(|a| a.unwrap_or(Decimal::from(20)));
    let min_gb = Decimal::from(100);
    let storage = if ctx.usage.get(&inst.address, "storage_gb").is_some() {
        Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, "")
    } else {
        let from = if storage_of.address == inst.address {
            String::new()
        } else {
            format!(" (of the source {})", storage_of.address)
        };
        match &allocated {
            Ok(a) if piops && *a < min_gb => Quantity::fixed(
                min_gb,
                format!("allocated_storage {} GB{from}, below the {volume} minimum: 100 GB", n(*a)),
            ),
            Ok(a) => Quantity::fixed(*a, format!("allocated_storage {} GB{from}", n(*a))),
            Err(why) => Quantity::invalid(why.clone()),
        }
    };
    let stored = storage.value.or(allocated.as_ref().ok().copied()).unwrap_or_default();
    let (id, label, usage_prefix) = match volume {
        "gp3" => (STORAGE_GP3, "general purpose SSD, gp3", "GP3-Storage"),
        "io1" => (STORAGE_IO1, "provisioned IOPS SSD, io1", "PIOPS-Storage"),
        "io2" => (STORAGE_IO2, "provisioned IOPS SSD, io2", "PIOPS-Storage-IO2"),
        "standard" => (STORAGE_MAGNETIC, "magnetic", "StorageUsage"),
        _ => (STORAGE_GP2, "general purpose SSD, gp2", "GP2-Storage"),
    };
    let maz = if multi_az { "Multi-AZ-" } else { "" };
    let rds_usage = |suffix: &str| format!("RDS:{maz}{suffix}");
    priced.components.push(ComponentSpec::new(
        id,
        format!("Storage ({label})"),
        "GB-months",
        storage,
        q.clone()
            .family("Database Storage")
            .attr("deploymentOption", deployment)
            .usage_type(&rds_usage(usage_prefix)),
    ));

    // An IOPS or throughput value that cannot be used leaves its line unknown (shown, with why).
    let iops_attr = attr_quantity(storage_of, "iops");
    let iops = iops_attr.as_ref().ok().copied().flatten();
    match volume {
        "gp3" => {
            let large = stored >= Decimal::from(400);
            let (base_iops, base_tp) = if large { (12_000, 500) } else { (3_000, 125) };
            let extra = match &iops_attr {
                Err(why) => Some(Quantity::invalid(why.clone())),
                Ok(_) => iops
                    .map(|i| i - Decimal::from(base_iops))
                    .filter(|e| e.is_sign_positive() && !e.is_zero())
                    .map(|extra| {
                        Quantity::fixed(
                            extra,
                            format!(
                                "iops {} − {base_iops} included",
                                n(extra + Decimal::from(base_iops))
                            ),
                        )
                    }),
            };
            if let Some(extra) = extra {
                priced.components.push(ComponentSpec::new(
                    IOPS,
                    "Provisioned IOPS (gp3, above baseline)",
                    "IOPS-months",
                    extra,
                    q.clone()
                        .family("Provisioned IOPS")
                        .attr("deploymentOption", deployment)
                        .usage_type(&rds_usage("GP3-PIOPS")),
                ));
            }
            let extra = match attr_quantity(inst, "storage_throughput") {
                Err(why) => Some(Quantity::invalid(why)),
                Ok(throughput) => throughput
                    .map(|t| t - Decimal::from(base_tp))
                    .filter(|e| e.is_sign_positive() && !e.is_zero())
                    .map(|extra| {
                        Quantity::fixed(
                            extra,
                            format!(
                                "storage_throughput {} − {base_tp} included",
                                n(extra + Decimal::from(base_tp))
                            ),
                        )
                    }),
            };
            if let Some(extra) = extra {
                priced.components.push(ComponentSpec::new(
                    THROUGHPUT,
                    "Provisioned throughput (gp3, above baseline)",
                    "MiBps-months",
                    extra,
                    q.clone()
                        .family("Provisioned Throughput")
                        .attr("deploymentOption", deployment)
                        .usage_type(&rds_usage("GP3-Throughput")),
                ));
            }
        }
        "io1" | "io2" => {
            let quantity = match iops_attr {
                Err(why) => Quantity::invalid(why),
                Ok(iops) => {
                    let min = Decimal::from(1000);
                    match iops {
                        None => Quantity::fixed(min, "iops not set: the 1,000 IOPS minimum"),
                        Some(i) if i < min => Quantity::fixed(
                            min,
                            format!("iops {}, below the {volume} minimum: 1,000", n(i)),
                        ),
                        Some(i) => Quantity::fixed(i, format!("iops {}", n(i))),
                    }
                }
            };
            let suffix = if volume == "io2" { "PIOPS-IO2" } else { "PIOPS" };
            priced.components.push(ComponentSpec::new(
                IOPS,
                format!("Provisioned IOPS ({volume})"),
                "IOPS-months",
                quantity,
                q.clone()
                    .family("Provisioned IOPS")
                    .attr("deploymentOption", deployment)
                    .usage_type(&rds_usage(suffix)),
            ));
        }
        _ => {}
    }

    // A retention that cannot be used counts as backups kept, said: the line stays (it is
    // usage-based) rather than vanishing.
    let retention = attr_quantity(inst, "backup_retention_period").unwrap_or_else(|why| {
        priced.warn(inst, "invalid-value", format!("{why}; backups are taken as kept"));
        Some(Decimal::ONE)
    });
    let retention = retention.unwrap_or(if replica { Decimal::ZERO } else { Decimal::ONE });
    if !retention.is_zero() && !replica {
        priced.components.push(ComponentSpec::new(
            BACKUP,
            "Backup storage (beyond 100% of provisioned storage)",
            "GB-months",
            Quantity::usage(inst, ctx, "additional_backup_storage_gb", Decimal::ONE, ""),
            q.clone().family("Storage Snapshot").usage_type("RDS:ChargedBackupUsage"),
        ));
    }

    if let Some(es) = inherited("engine_version")
        .and_then(|v| extended_support_line(ctx, engine_tf, engine, v, class))
    {
        priced.components.push(es);
    }
    if let Some(pi) = performance_insights_line(inst, ctx, engine, class) {
        priced.components.push(pi);
    }
    Mapping::Priced(priced)
}

/// The Performance Insights long-term retention line of an instance of `class` (`engine` the
/// Price List's name) whose `performance_insights_retention_period` is past the free 7 days;
/// `aws_rds_cluster_instance` shares it. Serverless v2 (`db.serverless`) is billed per ACU, not
/// per vCPU: its quantity is not known.
pub fn performance_insights_line(
    inst: &Instance,
    ctx: &Ctx,
    engine: &str,
    class: &str,
) -> Option<ComponentSpec> {
    let pi_days = attr_bool(inst, "performance_insights_enabled")
        .unwrap_or(false)
        .then(|| attr_dec(inst, "performance_insights_retention_period"))
        .flatten()
        .unwrap_or(Decimal::from(PI_FREE_DAYS));
    (pi_days > Decimal::from(PI_FREE_DAYS)).then(|| {
        ComponentSpec::new(
            PERFORMANCE_INSIGHTS,
            format!("Performance Insights long-term retention ({} days, {class})", n(pi_days)),
            "vCPU-months",
            per_vcpu(class, "Performance Insights", Decimal::ONE, ""),
            PriceQuery::new("AmazonRDS", &ctx.region)
                .family("Performance Insights")
                .attr("databaseEngine", engine)
                .usage_type("PI_LTR:FMR"),
        )
    })
}

/// vCPUs of `class` × `per` (`per_label` says what `per` is), or not known with why.
fn per_vcpu(class: &str, what: &str, per: Decimal, per_label: &str) -> Quantity {
    match vcpus(class) {
        Some(v) => {
            Quantity::fixed(v * per, format!("{} vCPU ({class}){per_label} = {}", n(v), n(v * per)))
        }
        None => Quantity::invalid(format!(
            "{what}: the vCPUs of instance class `{class}` are not known to costplan"
        )),
    }
}

/// The RDS Extended Support line of an instance of `class` running `engine_tf` (Terraform's
/// name; `engine` the Price List's) at `version`, when that version is past standard support.
pub fn extended_support_line(
    ctx: &Ctx,
    engine_tf: &str,
    engine: &str,
    version: &str,
    class: &str,
) -> Option<ComponentSpec> {
    let (major, end, year) = extended_support(engine_tf, version)?;
    let hours = ctx.hours_per_month;
    Some(ComponentSpec::new(
        EXTENDED_SUPPORT,
        format!("Extended Support ({engine} {major}, {year}; standard support ended {end})"),
        "vCPU-hours",
        per_vcpu(class, "Extended Support", hours, &format!(" × {} h", n(hours))),
        PriceQuery::new("AmazonRDS", &ctx.region)
            .family("Extended Support")
            .attr("databaseEngine", engine)
            .attr("engineMajorVersion", &major)
            .attr("extendedSupportYear", year),
    ))
}

/// The source instance of a read replica: the `aws_db_instance` whose `identifier`, `id` or
/// `arn` `replicate_source_db` names (an ARN of another region matches by its last part).
fn replica_source<'a>(inst: &Instance, ctx: &'a Ctx) -> Option<&'a Instance> {
    let text = attr_str(inst, "replicate_source_db")?;
    same_module(ctx, inst, "aws_db_instance").into_iter().find(|c| {
        c.address != inst.address
            && ["identifier", "id", "arn"].iter().any(|k| {
                attr_str(c, k).is_some_and(|v| v == text || text.ends_with(&format!(":{v}")))
            })
    })
}

/// For an engine version past standard support: (major version, end of standard support,
/// `year 1-2` or `year 3` as of [`EXTENDED_SUPPORT_AS_OF`]).
fn extended_support(engine: &str, version: &str) -> Option<(String, &'static str, &'static str)> {
    let engine = if engine == "aurora" { "aurora-mysql" } else { engine };
    let major = major_version(engine, version);
    let (_, _, end) = STANDARD_SUPPORT_ENDS.iter().find(|(e, m, _)| *e == engine && *m == major)?;
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (ended, as_of) = (date(end)?, date(EXTENDED_SUPPORT_AS_OF)?);
    if ended > as_of {
        return None;
    }
    let year3 = ended.checked_add_months(chrono::Months::new(24)).is_some_and(|d| d <= as_of);
    Some((major.to_string(), end, if year3 { "year 3" } else { "year 1-2" }))
}
