//! Import rules for `AmazonRDS` (feed files `rds-<engine>-ondemand.json.gz`,
//! `rds-aurora-ondemand.json.gz`, `rds-storage.json.gz`).
//!
//! Instances (`Database Instance <engine> [<edition>] <license> [Aurora IO Optimization Mode]
//! db <class> ... <deployment> ...`, Aurora labels with the same text in `[...]`): family
//! `Database Instance`; `instanceType` from the location's `Instance Type`; `databaseEngine`,
//! `licenseModel`, `databaseEdition` (when the label names one) and `deploymentOption`
//! (`Single-AZ`, `Multi-AZ`, `Multi-AZ (readable standbys)`) from the label; usage type
//! `InstanceUsage:`, `Multi-AZUsage:` or `Multi-AZClusterUsage:` + class (Aurora I/O-Optimized:
//! `InstanceUsageIOOptimized:` + class, `storage` `Aurora IO Optimization Mode`); `operation`
//! as the hand table's rule writes it, so its reserved terms join the feed's product.
//!
//! Storage (`rds-storage.json.gz`; `Any` engine, as the hand table):
//!
//! | label | family | usage type (`Multi-AZ-` after `RDS:` for Multi AZ) | unit |
//! |---|---|---|---|
//! | `Database Storage <AZ> General Purpose` | Database Storage | `RDS:GP2-Storage` | GB-Mo |
//! | `Database Storage <AZ> General Purpose-GP3` | Database Storage | `RDS:GP3-Storage` | GB-Mo |
//! | `Database Storage <AZ> Provisioned IOPS` | Database Storage | `RDS:PIOPS-Storage` | GB-Mo |
//! | `Database Storage <AZ> Provisioned IOPS-IO2` | Database Storage | `RDS:PIOPS-Storage-IO2` | GB-Mo |
//! | `Database Storage <AZ> Magnetic` | Database Storage | `RDS:StorageUsage` | GB-Mo |
//! | `Provisioned IOPS <AZ>` | Provisioned IOPS | `RDS:PIOPS` | IOPS-Mo |
//! | `Provisioned GP3 IOPS <AZ>` | Provisioned IOPS | `RDS:GP3-PIOPS` | IOPS-Mo |
//! | `Provisioned IO2 IOPS <AZ>` | Provisioned IOPS | `RDS:PIOPS-IO2` | IOPS-Mo |
//! | `Provisioned Throughput <AZ>` | Provisioned Throughput | `RDS:GP3-Throughput` | MiBps-Mo |
//! | `Storage Snapshot` | Storage Snapshot | `RDS:ChargedBackupUsage` | GB-Mo |
//! | `Database Storage Single AZ IO Optimized-Aurora` | Database Storage | `Aurora:StorageIOOptimizedUsage` | GB-Mo |
//! | `Aurora MySQL Serverless`, `Aurora PostgreSQL Serverless` (Serverless v1; `databaseEngine` from the label) | Serverless | `Aurora:ServerlessUsage` | ACU-Hr |
//! | `Database Storage Single AZ General Purpose-Aurora` | Database Storage | `Aurora:StorageUsage` | GB-Mo |
//! | `System Operation` (Aurora Standard I/O; `group` Aurora I/O Operation) | System Operation | `Aurora:StorageIOUsage` | IOs |
//!
//! The per-engine files repeat these labels (and alone carry `Provisioned IO2 IOPS`): the same
//! rules apply, and a product given by two files must have the same price.
//!
//! `<AZ>` is `Single AZ` or `Multi AZ`. Skipped, with the reason in [`rule`]: `Multi AZ
//! readable standbys` and `SQL Server Mirror` storage (deployments costplan's storage lines do
//! not model), Aurora Multi-AZ storage (the feed has no rate), Global Database, snapshots,
//! backtrack and Serverless v2 (kept from the hand table: the feed has no Serverless v2 rate),
//! snapshot export, CDC, Performance Insights, Extended Support (`<engine> Year ...`), and
//! unlabelled rates ([`super::is_unlabelled`]).

use std::collections::BTreeMap;

use super::{Rule, is_unlabelled};

const ENGINES: &[&str] = &[
    "Aurora PostgreSQL",
    "Aurora MySQL",
    "PostgreSQL",
    "SQL Server",
    "MariaDB",
    "MySQL",
    "Oracle",
    "Db2",
];
const EDITIONS: &[&str] = &["Standard Two", "Standard", "Enterprise", "Express", "Web"];
const LICENSES: &[&str] =
    &["No license required", "License included", "Bring your own license", "Marketplace"];

/// True for the feed file whose RDS storage prices win over the per-engine files' copies.
pub(crate) fn is_storage_authority(path: &str) -> bool {
    path.ends_with("rds-storage.json.gz")
}

/// The `operation` of a DB instance, as the hand table's rule writes it.
fn operation(engine: &str) -> &'static str {
    match engine {
        "MySQL" => "CreateDBInstance:0002",
        "PostgreSQL" => "CreateDBInstance:0014",
        "Aurora MySQL" => "CreateDBInstance:0016",
        "Aurora PostgreSQL" => "CreateDBInstance:0021",
        _ => "CreateDBInstance",
    }
}

pub(crate) fn rule(file: &str, label: &str, loc: &BTreeMap<&str, &str>) -> Result<Rule, String> {
    if is_unlabelled(label) {
        return Ok(Rule::Skip("unlabelled rate: the feed gives only a regionless rate code"));
    }
    let text = match label.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map(|(b, _)| b).ok_or("unclosed `[` in the label")?,
        None => label,
    };
    if let Some(rest) = text.strip_prefix("Database Instance ") {
        return instance(rest, loc);
    }
    if file.ends_with("rds-storage.json.gz") {
        return storage(label);
    }
    // Per-engine files repeat the storage labels (and alone carry io2 IOPS): the same rules; a
    // product given twice must have the same price (checked by the import).
    let repeated = ["Database Storage ", "Provisioned ", "Storage Snapshot", "System Operation"];
    if repeated.iter().any(|p| label.starts_with(p)) {
        return storage(label);
    }
    if label.starts_with("RDS Snapshot Export") || label.starts_with("RDS CDC") {
        return Ok(Rule::Skip("snapshot export and CDC are not priced"));
    }
    if label.starts_with("Performance Insights") {
        return Ok(Rule::Skip("Performance Insights is not priced"));
    }
    if label.contains(" Year ") {
        return Ok(Rule::Skip("Extended Support is not priced"));
    }
    Err("no RDS import rule for this label".into())
}

fn instance(rest: &str, loc: &BTreeMap<&str, &str>) -> Result<Rule, String> {
    let rest = rest.split(';').next().unwrap_or(rest);
    let engine = ENGINES
        .iter()
        .find(|e| rest.starts_with(&format!("{e} ")))
        .ok_or("the label names no known database engine")?;
    let mut tail = &rest[engine.len() + 1..];
    let edition = EDITIONS.iter().find(|e| tail.starts_with(&format!("{e} ")));
    if let Some(e) = edition {
        tail = &tail[e.len() + 1..];
    }
    let license = LICENSES
        .iter()
        .find(|l| tail.starts_with(*l))
        .ok_or("the label names no known license model")?;
    tail = &tail[license.len()..];
    let io_optimized = tail.starts_with(" Aurora IO Optimization Mode");
    let deployment = if tail.contains(" Multi-AZ readable standbys ") {
        "Multi-AZ (readable standbys)"
    } else if tail.contains(" Multi-AZ ") {
        "Multi-AZ"
    } else if tail.contains(" Single-AZ ") {
        "Single-AZ"
    } else {
        return Err("the label names no deployment (Single-AZ, Multi-AZ)".into());
    };
    let class = loc.get("Instance Type").ok_or("the location gives no `Instance Type`")?;
    if !class.starts_with("db.") {
        return Err(format!("instance type `{class}` is not a db.* class"));
    }
    let head = match (deployment, io_optimized) {
        (_, true) => "InstanceUsageIOOptimized",
        ("Multi-AZ", _) => "Multi-AZUsage",
        ("Multi-AZ (readable standbys)", _) => "Multi-AZClusterUsage",
        _ => "InstanceUsage",
    };
    let mut attrs = BTreeMap::new();
    attrs.insert("instanceType".to_string(), class.to_string());
    attrs.insert("databaseEngine".to_string(), engine.to_string());
    attrs.insert("deploymentOption".to_string(), deployment.to_string());
    attrs.insert("licenseModel".to_string(), license.to_string());
    attrs.insert("operation".to_string(), operation(engine).to_string());
    if let Some(e) = edition {
        attrs.insert("databaseEdition".to_string(), e.to_string());
    }
    if io_optimized {
        attrs.insert("storage".to_string(), "Aurora IO Optimization Mode".to_string());
    }
    Ok(Rule::Product {
        family: "Database Instance",
        attrs,
        ut: format!("{head}:{class}"),
        unit: "Hrs",
    })
}

/// Aurora storage and I/O labels imported as they are: label, product family, the one attribute
/// that tells the product apart, usage type, unit. `System Operation` alone is Aurora Standard
/// I/O ($0.20 per million in us-east-1); `System Operation Magnetic` (magnetic storage I/O) and
/// `System Operation DB Engine ...` (change records) are other labels.
const AURORA: &[AuroraLabel] = &[
    AuroraLabel {
        label: "Database Storage Single AZ IO Optimized-Aurora",
        family: "Database Storage",
        attr: ("volumeType", "IO Optimized-Aurora"),
        ut: "Aurora:StorageIOOptimizedUsage",
        unit: "GB-Mo",
    },
    AuroraLabel {
        label: "Database Storage Single AZ General Purpose-Aurora",
        family: "Database Storage",
        attr: ("volumeType", "General Purpose-Aurora"),
        ut: "Aurora:StorageUsage",
        unit: "GB-Mo",
    },
    AuroraLabel {
        label: "System Operation",
        family: "System Operation",
        attr: ("group", "Aurora I/O Operation"),
        ut: "Aurora:StorageIOUsage",
        unit: "IOs",
    },
];

struct AuroraLabel {
    label: &'static str,
    family: &'static str,
    attr: (&'static str, &'static str),
    ut: &'static str,
    unit: &'static str,
}

fn one_attr_product(
    family: &'static str,
    (key, value): (&str, &str),
    ut: &str,
    unit: &'static str,
) -> Rule {
    let attrs = BTreeMap::from([(key.to_string(), value.to_string())]);
    Rule::Product { family, attrs, ut: ut.into(), unit }
}

fn storage(label: &str) -> Result<Rule, String> {
    if label.contains("readable standbys") || label.contains("SQL Server Mirror") {
        return Ok(Rule::Skip(
            "storage of Multi-AZ DB clusters and SQL Server Mirror is not modelled",
        ));
    }
    if label.ends_with(" Advanced") {
        return Ok(Rule::Skip("`... Advanced` storage variants (Db2 file) are not modelled"));
    }
    if let Some(a) = AURORA.iter().find(|a| a.label == label) {
        return Ok(one_attr_product(a.family, a.attr, a.ut, a.unit));
    }
    if let Some(engine) = label.strip_suffix(" Serverless") {
        // Aurora Serverless v1 capacity, per ACU-hour of the engine the label names.
        if engine == "Aurora MySQL" || engine == "Aurora PostgreSQL" {
            let attr = ("databaseEngine", engine);
            return Ok(one_attr_product("Serverless", attr, "Aurora:ServerlessUsage", "ACU-Hr"));
        }
    }
    if label.contains("Aurora") || label.starts_with("System Operation") {
        return Ok(Rule::Skip(
            "Aurora Multi-AZ storage (no rate), Global Database, snapshots, backtrack and Serverless v2 are kept from the hand table",
        ));
    }
    if label.starts_with("RDS Snapshot Export") {
        return Ok(Rule::Skip("snapshot export is not priced"));
    }
    let product = |family: &'static str, ut: String, volume: Option<&str>, multi, unit| {
        let mut attrs = BTreeMap::new();
        if family != "Storage Snapshot" {
            attrs.insert("databaseEngine".to_string(), "Any".to_string());
            let d = if multi { "Multi-AZ" } else { "Single-AZ" };
            attrs.insert("deploymentOption".to_string(), d.to_string());
        }
        if let Some(v) = volume {
            attrs.insert("volumeType".to_string(), v.to_string());
        }
        Rule::Product { family, attrs, ut, unit }
    };
    if label == "Storage Snapshot" {
        return Ok(product(
            "Storage Snapshot",
            "RDS:ChargedBackupUsage".into(),
            None,
            false,
            "GB-Mo",
        ));
    }
    let (body, multi, storage) = if let Some(b) = label.strip_prefix("Database Storage Single AZ ")
    {
        (b, false, true)
    } else if let Some(b) = label.strip_prefix("Database Storage Multi AZ ") {
        (b, true, true)
    } else if let Some(b) = label.strip_suffix(" Single AZ") {
        (b, false, false)
    } else if let Some(b) = label.strip_suffix(" Multi AZ") {
        (b, true, false)
    } else {
        return Err("no RDS storage import rule for this label".into());
    };
    let maz = if multi { "Multi-AZ-" } else { "" };
    let ut = |s: &str| format!("RDS:{maz}{s}");
    let (family, suffix, volume, unit) = match (storage, body) {
        (true, "General Purpose") => {
            ("Database Storage", "GP2-Storage", "General Purpose", "GB-Mo")
        }
        (true, "General Purpose-GP3") => {
            ("Database Storage", "GP3-Storage", "General Purpose-GP3", "GB-Mo")
        }
        (true, "Provisioned IOPS") => {
            ("Database Storage", "PIOPS-Storage", "Provisioned IOPS", "GB-Mo")
        }
        (true, "Provisioned IOPS-IO2") => {
            ("Database Storage", "PIOPS-Storage-IO2", "Provisioned IOPS-IO2", "GB-Mo")
        }
        (true, "Magnetic") => ("Database Storage", "StorageUsage", "Magnetic", "GB-Mo"),
        (false, "Provisioned IOPS") => ("Provisioned IOPS", "PIOPS", "Provisioned IOPS", "IOPS-Mo"),
        (false, "Provisioned GP3 IOPS") => {
            ("Provisioned IOPS", "GP3-PIOPS", "General Purpose-GP3", "IOPS-Mo")
        }
        (false, "Provisioned IO2 IOPS") => {
            ("Provisioned IOPS", "PIOPS-IO2", "Provisioned IOPS-IO2", "IOPS-Mo")
        }
        (false, "Provisioned Throughput") => {
            ("Provisioned Throughput", "GP3-Throughput", "General Purpose-GP3", "MiBps-Mo")
        }
        _ => return Err("no RDS storage import rule for this label".into()),
    };
    Ok(product(family, ut(suffix), Some(volume), multi, unit))
}
