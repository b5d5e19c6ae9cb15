//! `aws_db_instance` (PostgreSQL, MySQL, MariaDB; other engines are queried the same way and say
//! "price not found" when the snapshot lacks them): instance hours by class, engine and
//! deployment (Multi-AZ is its own price, about twice Single-AZ), storage by volume type
//! (Multi-AZ storage is billed twice), gp3 IOPS and throughput above the baseline included with
//! the volume (3,000 IOPS / 125 MiB/s below 400 GB; 12,000 / 500 MiB/s from 400 GB), io1/io2
//! provisioned IOPS, and backup storage beyond the free allowance (100% of the provisioned
//! storage) as usage `additional_backup_storage_gb`. A read replica (`replicate_source_db`) is
//! priced as an instance of its own with its own storage.
//!
//! Storage autoscaling (`max_allocated_storage`) only grows storage when it fills: the estimate
//! uses `allocated_storage` unless the usage key `storage_gb` says more is used.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_bool, attr_dec,
    attr_quantity, attr_str, n, purchase_term, savings_plan_factor,
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
        "oracle-se2" | "oracle-ee" | "oracle-se2-cdb" | "oracle-ee-cdb" => "Oracle",
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
    let replica = attr_str(inst, "replicate_source_db").is_some();
    let engine_tf = attr_str(inst, "engine").unwrap_or(if replica { "postgres" } else { "" });
    let Some(engine) = engine_name(engine_tf) else {
        priced.warn(inst, "unsupported-option", format!("engine `{engine_tf}` is not priced"));
        return Mapping::Priced(priced);
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

    let volume = attr_str(inst, "storage_type").unwrap_or(if attr_dec(inst, "iops").is_some() {
        "io1"
    } else {
        "gp2"
    });
    // Absent: AWS's smallest gp2 volume. Negative or not a number: not known, never 20 GB.
    let allocated =
        attr_quantity(inst, "allocated_storage").map(|a| a.unwrap_or(Decimal::from(20)));
    let storage = if ctx.usage.get(&inst.address, "storage_gb").is_some() {
        Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, "")
    } else {
        match &allocated {
            Ok(a) => Quantity::fixed(*a, format!("allocated_storage {} GB", n(*a))),
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
    let iops_attr = attr_quantity(inst, "iops");
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
                    let iops = iops.unwrap_or(Decimal::from(1000));
                    Quantity::fixed(iops, format!("iops {}", n(iops)))
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
            q.family("Storage Snapshot").usage_type("RDS:ChargedBackupUsage"),
        ));
    }
    Mapping::Priced(priced)
}
