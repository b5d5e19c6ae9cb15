//! One rule per kind of row in the reference table: which Price List product family, attributes
//! and usage type the row's price belongs to, and how its unit converts to the Price List's
//! (S3 and API requests are priced per request there, not per 1,000).
//!
//! The attribute names and usage types are the Price List's; us-east-1 usage types are
//! unprefixed for the EC2-era services (EC2, ELB, RDS, ElastiCache, S3, CloudWatch) and carry
//! `USE1-` for the others (ECS/Fargate, VPC, Secrets Manager, WAF, ECR, API Gateway, EFS, EKS,
//! MemoryDB, and RDS Proxy among the RDS usage types); KMS writes the region
//! code. A usage type given as `*Suffix` in the table gets the region's prefix.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Row, Spec};
use crate::pricing::format::{PriceDimension, Provenance};
use crate::pricing::region;

/// Source codes defined in `source/SOURCES.md` (longest first, so prefixes do not shadow).
const KNOWN_CODES: &[&str] = &[
    "aws-samples table",
    "offer-2026-07",
    "derived-ARM",
    "BILL-EUC1",
    "V22-CACHE",
    "test stub",
    "BILL-EU",
    "V22-RDS",
    "I-EBS",
    "ECSX",
    "NATX",
    "SG2",
    "CH",
    "FG",
    "IT",
    "SG",
    "VB",
    "I",
    "R",
];

const FARGATE_SPOT_NOTE: &str = "Fargate Spot is not in the AWS Price List: a dated snapshot of \
     AWS's Fargate Spot price feed (it changes weekly); a scenario can override it with a \
     discount";
const GATEWAY_ENDPOINT_NOTE: &str = "Gateway VPC endpoints (S3, DynamoDB) have no charge and no \
     Price List product; kept so an estimate can show them as priced at $0 rather than unknown";

/// Source tokens of a row that are not codes from SOURCES.md (e.g. `S`, `public notes`).
pub(crate) fn unknown_codes(source: &str) -> Vec<String> {
    tokens(source)
        .into_iter()
        .filter(|t| !t.is_empty())
        .filter(|t| !is_recall_marker(t))
        .filter(|t| {
            !KNOWN_CODES.iter().any(|c| {
                t.strip_prefix(c).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
        })
        .map(str::to_string)
        .collect()
}

/// The `;`-separated source codes of a row; `;` inside parentheses is part of a comment
/// (`V22-RDS (ec2instances.info, unchanged since; spot-checked 2026 bills)`).
fn tokens(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in source.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth <= 0 => {
                out.push(source[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(source[start..].trim());
    out
}

fn is_recall_marker(t: &str) -> bool {
    t == "R" || t.starts_with("R ") || t.starts_with("R(") || t == "multi R"
}

/// Whether the row's price is verified. `R` marks the whole row; `R(LCU)` only LCU rows;
/// `multi R` only Multi-AZ rows; a source code missing from SOURCES.md counts as unverified.
fn verified(row: &Row, multi_az: bool) -> bool {
    if !unknown_codes(&row.source).is_empty() {
        return false;
    }
    for t in tokens(&row.source) {
        if t == "multi R" {
            if multi_az {
                return false;
            }
        } else if let Some(what) = t.strip_prefix("R(").and_then(|r| r.strip_suffix(')')) {
            if row.item.contains(what) || row.unit.contains(what) {
                return false;
            }
        } else if t == "R" || t.starts_with("R ") {
            return false;
        }
    }
    true
}

/// The row's unit converted to the Price List unit: (unit, divisor of the CSV price).
fn unit_of(row: &Row) -> Result<(&'static str, Decimal), String> {
    Ok(match row.unit.as_str() {
        "hour" | "node-hour" | "vCPU-hour" => ("Hrs", Decimal::ONE),
        "GB-hour" => ("GB-Hours", Decimal::ONE),
        "GB-month" => ("GB-Mo", Decimal::ONE),
        "GB" => ("GB", Decimal::ONE),
        "LCU-hour" | "NLCU-hour" => ("LCU-Hrs", Decimal::ONE),
        "IOPS-month" => ("IOPS-Mo", Decimal::ONE),
        "GiBps-month" => ("GiBps-mo", Decimal::ONE),
        "DSU-hour" => ("DSU-Hours", Decimal::ONE),
        "1M IOs" => ("IOs", Decimal::from(1_000_000)),
        "ACU-hour" => ("ACU-Hr", Decimal::ONE),
        "1M requests" => ("Requests", Decimal::from(1_000_000)),
        "10k requests" => ("Requests", Decimal::from(10_000)),
        "1k requests" => ("Requests", Decimal::from(1_000)),
        "1k objects-month" => ("Objects", Decimal::from(1_000)),
        "metric-month" => ("Metrics", Decimal::ONE),
        "alarm-metric-month" => ("Alarms", Decimal::ONE),
        "dashboard-month" => ("Dashboards", Decimal::ONE),
        "key-month" => ("Keys", Decimal::ONE),
        "secret-month" => ("Secrets", Decimal::ONE),
        "web ACL-month" => ("WebACLs", Decimal::ONE),
        "rule-month" => ("Rules", Decimal::ONE),
        other => return Err(format!("unit `{other}` has no Price List equivalent in the rules")),
    })
}

/// Usage type with the region's prefix, the way the service writes it (the registry's
/// [`crate::services::Service::usage_prefix`]).
pub(super) fn usage_type(service: &str, region: &str, suffix: &str) -> String {
    use crate::services::UsagePrefix;
    let mut rule =
        crate::services::by_code(service).map_or(UsagePrefix::NoneInUsEast1, |s| s.usage_prefix);
    // RDS Proxy's usage types carry the prefix in us-east-1 too (`USE1-RDS:ProxyUsage`), unlike
    // the rest of RDS.
    if service == "AmazonRDS" && super::feed::rdsproxy::USAGE_TYPES.contains(&suffix) {
        rule = UsagePrefix::Always;
    }
    match rule {
        UsagePrefix::RegionCode => return format!("{region}-{suffix}"),
        UsagePrefix::NoneInUsEast1 if region == "us-east-1" => return suffix.to_string(),
        UsagePrefix::NoneInUsEast1 | UsagePrefix::Always => {}
    }
    match region::prefix(region) {
        Some(p) => format!("{p}-{suffix}"),
        None => suffix.to_string(),
    }
}

/// The usage type the table gives: `*Suffix` gets the region prefix; a literal is kept.
fn table_usage_type(row: &Row) -> Option<String> {
    let u = row.attrs.get("usagetype")?;
    Some(match u.strip_prefix('*') {
        Some(suffix) => usage_type(&row.service, &row.region, suffix),
        None => u.clone(),
    })
}

struct Builder<'a> {
    row: &'a Row,
    family: String,
    attrs: BTreeMap<String, String>,
    term: BTreeMap<String, String>,
    begin: Decimal,
    end: Option<Decimal>,
    unit_override: Option<&'static str>,
    note: Option<&'static str>,
    derivation: Option<String>,
    multi_az: bool,
}

impl<'a> Builder<'a> {
    fn new(row: &'a Row, family: &str) -> Self {
        Self {
            row,
            family: family.to_string(),
            attrs: BTreeMap::new(),
            term: BTreeMap::new(),
            begin: Decimal::ZERO,
            end: None,
            unit_override: None,
            note: None,
            derivation: None,
            multi_az: false,
        }
    }
    fn attr(mut self, k: &str, v: &str) -> Self {
        self.attrs.insert(k.to_string(), v.to_string());
        self
    }
    fn ut(self, suffix: &str) -> Self {
        let u = usage_type(&self.row.service, &self.row.region, suffix);
        self.attr("usagetype", &u)
    }
    fn table_ut(self, fallback_suffix: &str) -> Self {
        let u = table_usage_type(self.row)
            .unwrap_or_else(|| usage_type(&self.row.service, &self.row.region, fallback_suffix));
        self.attr("usagetype", &u)
    }
    fn tier(mut self, begin: i64, end: Option<i64>) -> Self {
        self.begin = Decimal::from(begin);
        self.end = end.map(Decimal::from);
        self
    }
    fn unit(mut self, u: &'static str) -> Self {
        self.unit_override = Some(u);
        self
    }
    fn note(mut self, n: &'static str) -> Self {
        self.note = Some(n);
        self
    }
    fn derived(mut self, d: String) -> Self {
        self.derivation = Some(d);
        self
    }
    fn multi_az(mut self, m: bool) -> Self {
        self.multi_az = m;
        self
    }

    fn provenance(&self, derivation: Option<String>) -> Provenance {
        Provenance {
            csv_line: self.row.line,
            source: self.row.source.clone(),
            as_of: self.row.as_of.clone(),
            verified: verified(self.row, self.multi_az),
            derivation,
            feed: None,
        }
    }

    /// An OnDemand (or, with reserved term attributes set, a reserved) price.
    fn build(self) -> Result<Spec, String> {
        let (unit, divisor) = unit_of(self.row)?;
        let unit = self.unit_override.unwrap_or(unit);
        let usd = self.row.usd / divisor;
        let derivation = if divisor == Decimal::ONE {
            self.derivation.clone()
        } else {
            let per = format!(
                "USD {} per {}; stored per single unit as in the Price List",
                self.row.usd, self.row.unit
            );
            Some(match &self.derivation {
                Some(d) => format!("{d}; {per}"),
                None => per,
            })
        };
        let dim = PriceDimension {
            unit: unit.to_string(),
            usd: usd.normalize(),
            begin_range: self.begin,
            end_range: self.end,
            description: self.row.item.clone(),
            provenance: Some(self.provenance(derivation)),
        };
        Ok(Spec {
            family: self.family,
            attrs: self.attrs,
            term: self.term,
            dims: vec![dim],
            hourly_includes_upfront: false,
            note: self.note.map(str::to_string),
        })
    }

    /// A reserved price from the table's `term=1yr No Upfront` and effective hourly rate.
    fn reserved(mut self, term: &str) -> Result<Spec, String> {
        let (lease, po) = term
            .split_once(' ')
            .ok_or_else(|| format!("term `{term}` is not `<n>yr <purchase option>`"))?;
        let years: u32 = lease
            .strip_suffix("yr")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("lease `{lease}` is not `1yr` or `3yr`"))?;
        self.term.insert("LeaseContractLength".into(), lease.to_string());
        self.term.insert("PurchaseOption".into(), po.to_string());
        // RDS and ElastiCache reserved nodes are sold in the standard offering class only.
        self.term.insert("OfferingClass".into(), "standard".into());
        let eff = self.row.usd;
        let hours = Decimal::from(8760 * years);
        let dim = |unit: &str, usd: Decimal, d: String, s: &Self| PriceDimension {
            unit: unit.to_string(),
            usd,
            begin_range: Decimal::ZERO,
            end_range: None,
            description: s.row.item.clone(),
            provenance: Some(s.provenance(Some(d))),
        };
        let (dims, includes) = match po {
            "No Upfront" => (
                vec![dim(
                    "Hrs",
                    eff,
                    "No Upfront has no upfront fee: the effective hourly rate is the hourly rate"
                        .into(),
                    &self,
                )],
                false,
            ),
            "All Upfront" => (
                vec![
                    dim(
                        "Quantity",
                        (eff * hours).normalize(),
                        format!(
                            "upfront = effective hourly {eff} × 8760 h × {years} yr (the source \
                             gives only the effective hourly rate, rounded to 4 decimals)"
                        ),
                        &self,
                    ),
                    dim("Hrs", Decimal::ZERO, "All Upfront has no hourly charge".into(), &self),
                ],
                false,
            ),
            "Partial Upfront" => (
                vec![dim(
                    "Hrs",
                    eff,
                    "effective hourly rate including the amortised upfront fee; the source \
                     does not split it"
                        .into(),
                    &self,
                )],
                true,
            ),
            other => return Err(format!("purchase option `{other}` is unknown")),
        };
        Ok(Spec {
            family: self.family,
            attrs: self.attrs,
            term: self.term,
            dims,
            hourly_includes_upfront: includes,
            note: None,
        })
    }
}

fn req<'r>(row: &'r Row, key: &str) -> Result<&'r str, String> {
    row.attrs.get(key).map(String::as_str).ok_or_else(|| format!("attribute `{key}` is missing"))
}

/// PostgreSQL, MySQL, Aurora: the `operation` code of a DB instance in the Price List.
fn rds_operation(engine: &str) -> &'static str {
    match engine {
        "MySQL" => "CreateDBInstance:0002",
        "PostgreSQL" => "CreateDBInstance:0014",
        "Aurora MySQL" => "CreateDBInstance:0016",
        "Aurora PostgreSQL" => "CreateDBInstance:0021",
        _ => "CreateDBInstance",
    }
}

/// The products (one, or one per engine for rows that name two) a table row prices.
pub(crate) fn classify(row: &Row) -> Result<Vec<Spec>, String> {
    let item = row.item.as_str();
    let one = |s: Result<Spec, String>| s.map(|s| vec![s]);
    match row.service.as_str() {
        "AmazonECS" => one(fargate(row)),
        "AmazonEC2" => one(ec2(row)),
        "AWSELB" => one(elb(row)),
        "AmazonRDS" => rds(row),
        "AmazonElastiCache" => one(elasticache(row)),
        "AmazonS3" => one(s3(row)),
        "AmazonCloudWatch" => one(cloudwatch(row)),
        "AmazonVPC" => one(vpc(row)),
        "AWSKMS" if item.starts_with("KMS customer managed key") => {
            one(Builder::new(row, "Encryption Key").ut("KMS-Keys").build())
        }
        "AWSKMS" if item.starts_with("KMS requests") => {
            // The row prices requests beyond the 20,000 free per month: a free first tier.
            let free = Builder::new(row, "API Request")
                .ut("KMS-Requests")
                .tier(0, Some(20_000))
                .derived("first 20,000 requests free per the row".into())
                .build()?;
            let mut paid =
                Builder::new(row, "API Request").ut("KMS-Requests").tier(20_000, None).build()?;
            let mut free_dim = free.dims[0].clone();
            free_dim.usd = Decimal::ZERO;
            paid.dims.insert(0, free_dim);
            Ok(vec![paid])
        }
        "AWSSecretsManager" if item.contains("API calls") => {
            one(Builder::new(row, "API Request").ut("AWSSecretsManager-APIRequest").build())
        }
        "AWSSecretsManager" => {
            one(Builder::new(row, "Secret").ut("AWSSecretsManager-Secrets").build())
        }
        "awswaf" => {
            let (ut, group) = if item.contains("web ACL") {
                ("WebACL", "Web ACL")
            } else if item.contains("rule") {
                ("Rule", "Rule")
            } else if item.contains("requests") {
                ("Request", "Request")
            } else {
                return Err(format!("no rule for WAF item `{item}`"));
            };
            one(Builder::new(row, "Web Application Firewall").ut(ut).attr("group", group).build())
        }
        "AmazonECR" => {
            one(Builder::new(row, "EC2 Container Registry").ut("TimedStorage-ByteHrs").build())
        }
        other => Err(format!("no snapshot rule for service `{other}`")),
    }
}

fn fargate(row: &Row) -> Result<Spec, String> {
    let ut = table_usage_type(row).ok_or("Fargate rows need a usagetype")?;
    let mut b = Builder::new(row, "Compute").attr("usagetype", &ut);
    if ut.contains("SpotUsage") {
        b = b.note(FARGATE_SPOT_NOTE);
    }
    if ut.contains("vCPU") || ut.contains("OS-Hours") {
        b = b.attr("cputype", "perCPU");
    } else {
        b = b.attr("memorytype", "perGB");
    }
    b.build()
}

fn ec2(row: &Row) -> Result<Spec, String> {
    let item = row.item.as_str();
    if item.starts_with("NAT Gateway") {
        let ut = table_usage_type(row).ok_or("NAT rows need a usagetype")?;
        return Builder::new(row, "NAT Gateway")
            .attr("usagetype", &ut)
            .attr("operation", "NatGateway")
            .attr("group", "NGW:NatGateway")
            .build();
    }
    if item.starts_with("EBS ") {
        // EBS volumes, IOPS, throughput and snapshots: family, usage type and volume API name
        // as the Price List writes them, all from the row.
        let family = req(row, "productFamily")?;
        let ut = table_usage_type(row).ok_or("EBS rows need a usagetype")?;
        let mut b = Builder::new(row, family).attr("usagetype", &ut);
        if let Some(v) = row.attrs.get("volumeApiName") {
            b = b.attr("volumeApiName", v);
        }
        return b.build();
    }
    let here = region::location(&row.region).unwrap_or("unknown");
    if item.starts_with("Data transfer out to internet") {
        // The row is the first paid tier (first 10 TB/month; 100 GB/month are free per account).
        return Builder::new(row, "Data Transfer")
            .ut("DataTransfer-Out-Bytes")
            .attr("transferType", "AWS Outbound")
            .attr("fromLocation", here)
            .attr("toLocation", "External")
            .tier(0, Some(10_240))
            .build();
    }
    if item.starts_with("Data transfer between AZs") {
        return Builder::new(row, "Data Transfer")
            .ut("DataTransfer-Regional-Bytes")
            .attr("transferType", "IntraRegion")
            .attr("fromLocation", here)
            .attr("toLocation", here)
            .build();
    }
    Err(format!("no rule for EC2 item `{item}`"))
}

fn elb(row: &Row) -> Result<Spec, String> {
    let family = req(row, "productFamily")?;
    let op = match family {
        "Load Balancer-Application" => "LoadBalancing:Application",
        "Load Balancer-Network" => "LoadBalancing:Network",
        other => return Err(format!("no rule for ELB family `{other}`")),
    };
    let ut = table_usage_type(row).ok_or("ELB rows need a usagetype")?;
    Builder::new(row, family).attr("usagetype", &ut).attr("operation", op).build()
}

fn rds(row: &Row) -> Result<Vec<Spec>, String> {
    let item = row.item.as_str();
    let family = row.attrs.get("productFamily").map(String::as_str);
    if row.attrs.contains_key("instanceType") {
        let class = req(row, "instanceType")?;
        let engine = req(row, "databaseEngine")?;
        let engines: Vec<&str> = if item.starts_with("Aurora PostgreSQL/MySQL") {
            vec!["Aurora MySQL", "Aurora PostgreSQL"]
        } else {
            vec![engine]
        };
        let deployment = row.attrs.get("deploymentOption").map_or("Single-AZ", String::as_str);
        let multi = deployment == "Multi-AZ";
        let suffix =
            if multi { format!("Multi-AZUsage:{class}") } else { format!("InstanceUsage:{class}") };
        let mut out = Vec::new();
        for e in engines {
            let mut b = Builder::new(row, "Database Instance")
                .table_ut(&suffix)
                .attr("instanceType", class)
                .attr("databaseEngine", e)
                .attr("deploymentOption", deployment)
                .attr("licenseModel", "No license required")
                .attr("operation", rds_operation(e))
                .multi_az(multi);
            if e != engine {
                b = b.derived(format!(
                    "the row prices `{item}` for both Aurora engines; stored for `{e}` too"
                ));
            }
            out.push(match row.attrs.get("term") {
                Some(term) => b.reserved(term)?,
                None => b.build()?,
            });
        }
        return Ok(out);
    }
    let deployment = if item.contains("Multi-AZ") { "Multi-AZ" } else { "Single-AZ" };
    let multi = deployment == "Multi-AZ";
    let maz = if multi { "Multi-AZ-" } else { "" };
    if family == Some("Database Storage") || item.starts_with("RDS storage") {
        let volume = req(row, "volume")?;
        let (volume_type, ut) = match volume {
            "gp2" => ("General Purpose", format!("RDS:{maz}GP2-Storage")),
            "gp3" => ("General Purpose-GP3", format!("RDS:{maz}GP3-Storage")),
            "io1" => ("Provisioned IOPS", format!("RDS:{maz}PIOPS-Storage")),
            "magnetic" => ("Magnetic", format!("RDS:{maz}StorageUsage")),
            other => return Err(format!("RDS volume `{other}` has no rule")),
        };
        return Ok(vec![
            Builder::new(row, "Database Storage")
                .ut(&ut)
                .attr("volumeType", volume_type)
                .attr("databaseEngine", "Any")
                .attr("deploymentOption", deployment)
                .multi_az(multi)
                .build()?,
        ]);
    }
    if family == Some("Provisioned IOPS") {
        let (volume_type, ut) = if item.contains("gp3") {
            ("General Purpose-GP3", format!("RDS:{maz}GP3-PIOPS"))
        } else if item.contains("io1") {
            ("Provisioned IOPS", format!("RDS:{maz}PIOPS"))
        } else {
            return Err(format!("no rule for RDS IOPS item `{item}`"));
        };
        return Ok(vec![
            Builder::new(row, "Provisioned IOPS")
                .ut(&ut)
                .attr("volumeType", volume_type)
                .attr("databaseEngine", "Any")
                .attr("deploymentOption", deployment)
                .multi_az(multi)
                .build()?,
        ]);
    }
    if family == Some("Storage Snapshot") {
        return Ok(vec![
            Builder::new(row, "Storage Snapshot").table_ut("RDS:ChargedBackupUsage").build()?,
        ]);
    }
    if item == "Aurora storage" {
        return Ok(vec![
            Builder::new(row, "Database Storage")
                .table_ut("Aurora:StorageUsage")
                .attr("volumeType", "General Purpose-Aurora")
                .build()?,
        ]);
    }
    if item == "Aurora I/O" {
        return Ok(vec![
            Builder::new(row, "System Operation")
                .table_ut("Aurora:StorageIOUsage")
                .attr("group", "Aurora I/O Operation")
                .unit("IOs")
                .build()?,
        ]);
    }
    if family == Some("ServerlessV2") {
        let mut out = Vec::new();
        for e in ["Aurora MySQL", "Aurora PostgreSQL"] {
            out.push(
                Builder::new(row, "ServerlessV2")
                    .ut("Aurora:ServerlessV2Usage")
                    .attr("databaseEngine", e)
                    .derived(format!(
                        "the row gives one Aurora Serverless v2 price; stored for `{e}`"
                    ))
                    .build()?,
            );
        }
        return Ok(out);
    }
    Err(format!("no rule for RDS item `{item}`"))
}

fn elasticache(row: &Row) -> Result<Spec, String> {
    if let Some(class) = row.attrs.get("instanceType") {
        let engine = req(row, "cacheEngine")?;
        let b = Builder::new(row, "Cache Instance")
            .table_ut(&format!("NodeUsage:{class}"))
            .attr("instanceType", class)
            .attr("cacheEngine", engine)
            .attr("operation", "CreateCacheCluster:0002");
        return match row.attrs.get("term") {
            Some(term) => b.reserved(term),
            None => b.build(),
        };
    }
    if row.item.contains("backup storage") {
        return Builder::new(row, "Storage Snapshot").table_ut("BackupUsage").build();
    }
    Err(format!("no rule for ElastiCache item `{}`", row.item))
}

fn s3(row: &Row) -> Result<Spec, String> {
    let item = row.item.as_str();
    let storage = |volume: &str, class: &str, ut: &str| {
        Builder::new(row, "Storage").ut(ut).attr("volumeType", volume).attr("storageClass", class)
    };
    let standard = || storage("Standard", "General Purpose", "TimedStorage-ByteHrs");
    let requests =
        |group: &str, ut: &str| Builder::new(row, "API Request").ut(ut).attr("group", group);
    let b = match item {
        "S3 Standard storage first 50 TB" => standard().tier(0, Some(51_200)),
        "S3 Standard storage next 450 TB" => standard().tier(51_200, Some(512_000)),
        "S3 Standard storage over 500 TB" => standard().tier(512_000, None),
        "S3 Standard-IA storage" => {
            storage("Standard - Infrequent Access", "Infrequent Access", "TimedStorage-SIA-ByteHrs")
        }
        "S3 One Zone-IA storage" => {
            storage("One Zone - Infrequent Access", "Infrequent Access", "TimedStorage-ZIA-ByteHrs")
        }
        "S3 Intelligent-Tiering frequent access" => storage(
            "Intelligent-Tiering Frequent Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-FA-ByteHrs",
        ),
        "S3 Intelligent-Tiering infrequent access" => storage(
            "Intelligent-Tiering Infrequent Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-IA-ByteHrs",
        ),
        "S3 Intelligent-Tiering archive access" => storage(
            "Intelligent-Tiering Archive Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-AA-ByteHrs",
        ),
        "S3 Intelligent-Tiering deep archive access" => storage(
            "Intelligent-Tiering Deep Archive Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-DAA-ByteHrs",
        ),
        "S3 Intelligent-Tiering monitoring" => Builder::new(row, "Fee")
            .ut("Monitoring-Automation-INT")
            .attr("feeDescription", "Intelligent-Tiering monitoring and automation"),
        "S3 Glacier Flexible Retrieval storage" => {
            storage("Amazon Glacier", "Archive", "TimedStorage-GlacierByteHrs")
        }
        "S3 Glacier Deep Archive storage" => {
            storage("Glacier Deep Archive", "Archive", "TimedStorage-GDA-ByteHrs")
        }
        "S3 Glacier Instant Retrieval storage" => storage(
            "Glacier Instant Retrieval",
            "Archive Instant Retrieval",
            "TimedStorage-GIR-ByteHrs",
        ),
        "S3 Standard PUT/COPY/POST/LIST requests" => requests("S3-API-Tier1", "Requests-Tier1"),
        "S3 Standard GET and other requests" => requests("S3-API-Tier2", "Requests-Tier2"),
        "S3 Standard-IA PUT requests" => requests("S3-API-SIA-Tier1", "Requests-SIA-Tier1"),
        "S3 Standard-IA GET requests" => requests("S3-API-SIA-Tier2", "Requests-SIA-Tier2"),
        "S3 Standard-IA retrieval" => Builder::new(row, "Data Retrieval")
            .ut("Retrieval-SIA")
            .attr("group", "S3-SIA-Retrieval"),
        "S3 Glacier Flexible PUT (lifecycle transition)" => {
            requests("S3-API-GLACIER-Tier1", "Requests-GLACIER-Tier1")
        }
        "S3 Deep Archive PUT" => requests("S3-API-GDA-Tier1", "Requests-GDA-Tier1"),
        other => return Err(format!("no rule for S3 item `{other}`")),
    };
    b.build()
}

fn cloudwatch(row: &Row) -> Result<Spec, String> {
    let item = row.item.as_str();
    let metrics = || Builder::new(row, "Metric").ut("CW:MetricMonitorUsage");
    let b = match item {
        "CloudWatch Logs ingestion (Standard class)" => Builder::new(row, "Data Payload")
            .ut("DataProcessing-Bytes")
            .attr("group", "Ingested Logs"),
        "CloudWatch Logs ingestion (Infrequent Access class)" => Builder::new(row, "Data Payload")
            .ut("DataProcessingIA-Bytes")
            .attr("group", "Ingested Logs Infrequent Access"),
        "CloudWatch Logs storage" => Builder::new(row, "Storage Snapshot")
            .ut("TimedStorage-ByteHrs")
            .attr("group", "Archived Logs"),
        "CloudWatch Logs Insights data scanned" => Builder::new(row, "Data Payload")
            .ut("DataScanned-Bytes")
            .attr("group", "Logs Insights queries"),
        "CloudWatch custom metrics first 10k" => metrics().tier(0, Some(10_000)),
        "CloudWatch custom metrics next 240k" => metrics().tier(10_000, Some(250_000)),
        "CloudWatch custom metrics next 750k" => metrics().tier(250_000, Some(1_000_000)),
        "CloudWatch custom metrics over 1M" => metrics().tier(1_000_000, None),
        "CloudWatch standard-resolution alarm" => {
            Builder::new(row, "Alarm").ut("CW:AlarmMonitorUsage").attr("alarmType", "Standard")
        }
        "CloudWatch high-resolution alarm" => Builder::new(row, "Alarm")
            .ut("CW:HighResAlarmMonitorUsage")
            .attr("alarmType", "High Resolution"),
        "CloudWatch dashboard (first 3 free per account)" => {
            Builder::new(row, "Dashboard").ut("DashboardsUsageHour")
        }
        other => return Err(format!("no rule for CloudWatch item `{other}`")),
    };
    b.build()
}

fn vpc(row: &Row) -> Result<Spec, String> {
    let item = row.item.as_str();
    if row.attrs.contains_key("usagetype") {
        let ut = table_usage_type(row).unwrap_or_default();
        return Builder::new(row, "IP Address")
            .attr("usagetype", &ut)
            .attr("group", "VPCPublicIPv4Address")
            .build();
    }
    let b = match item {
        "Interface VPC endpoint per AZ" => Builder::new(row, "VpcEndpoint")
            .ut("VpcEndpoint-Hours")
            .attr("endpointType", "PrivateLink"),
        "Interface VPC endpoint data processed (first 1 PB)" => Builder::new(row, "VpcEndpoint")
            .ut("VpcEndpoint-Bytes")
            .attr("endpointType", "PrivateLink")
            .tier(0, Some(1_048_576)),
        "S3/DynamoDB gateway VPC endpoint (no charge)" => Builder::new(row, "VpcEndpoint")
            .ut("VpcEndpoint-Gateway-Hours")
            .attr("endpointType", "Gateway")
            .note(GATEWAY_ENDPOINT_NOTE),
        other => return Err(format!("no rule for VPC item `{other}`")),
    };
    b.build()
}
