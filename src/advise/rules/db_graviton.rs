//! CP121 `db-graviton`: RDS instances and ElastiCache nodes on x86 classes with a Graviton
//! equivalent of the same size (t3 → t4g, m5 → m6g, r5 → r6g) move to it when the engine
//! version runs on that Graviton class.
//!
//! The minimum versions are per engine and per Graviton family (`SUPPORT`, with its sources).
//! Oracle, SQL Server and Aurora (`aws_rds_cluster_instance`, not checked here) are not
//! proposed; engines without a row (Valkey) neither. A version below the minimum is listed as
//! skipped with the version it needs ("upgrade the engine first"), never proposed. An engine
//! version that is not set is RDS's / ElastiCache's current default, which supports Graviton:
//! the finding says it assumed so. A version that is computed or not parsable gets no finding.
//!
//! Prices come from the snapshot only: a Graviton class the snapshot does not price (say
//! `db.t4g.large`) makes the re-estimate incomplete and the engine lists the candidate as
//! skipped ("price not found"), never a guess.

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources;
use crate::terraform::{Instance, Value};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_db_instance` (`instance_class`) or ElastiCache `aws_elasticache_replication_group` / `aws_elasticache_cluster` (`node_type`) on an x86 class with a Graviton class of the same size: t3 → t4g, m5 → m6g, r5 → r6g, when the engine version runs on that Graviton class (PostgreSQL 12.7+; MySQL 8.0.23+ on m6g/r6g, 8.0.25+ on t4g; MariaDB 10.4+; Redis OSS 5.0.6+; Memcached 1.5.16+; engine version not set: the current default, which does). An older version is listed as skipped with the version it needs. Oracle, SQL Server and Valkey are not proposed.",
    why: "Graviton database classes cost less per hour than their x86 counterparts of the same vCPU and memory (us-east-1 PostgreSQL: db.m5.large $0.178 vs db.m6g.large $0.159 an hour, about 10%), and managed engines need no image change.",
    example: r#"Before:
  resource "aws_db_instance" "main" {
    engine         = "postgres"
    engine_version = "16.3"
    instance_class = "db.m5.large"
  }
After:
  resource "aws_db_instance" "main" {
    engine         = "postgres"
    engine_version = "16.3"
    instance_class = "db.m6g.large"
  }"#,
    savings: "The resource is re-estimated with the Graviton class: instance (or node) hours at the snapshot's price for that class, engine, deployment and purchase term. Saving = x86 cost − Graviton cost. A Graviton class the snapshot does not price gives no finding (listed as skipped: price not found).",
    risks: "Changing the class restarts the instance or node: a few minutes of downtime for Single-AZ RDS and single-node caches (a failover for Multi-AZ RDS and replicated Redis), applied at the next maintenance window unless `apply_immediately`. Check extensions and plugins that ship native code (they are the engine's, so usually available); performance is comparable but benchmark a busy database first. Reserved instances bought for the x86 class do not cover the Graviton class.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP121"
    }

    fn name(&self) -> &'static str {
        "db-graviton"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let rds =
            ctx.of_type("aws_db_instance").filter_map(|i| propose(i, "instance_class", "postgres"));
        let cache = ["aws_elasticache_replication_group", "aws_elasticache_cluster"]
            .into_iter()
            .flat_map(|t| ctx.of_type(t))
            .filter_map(|i| propose(i, "node_type", "redis"));
        rds.chain(cache).collect()
    }
}

/// The first engine version that runs on a Graviton family: `m6g_r6g` for db./cache.m6g and
/// r6g, `t4g` for t4g (RDS gave t4g later minimums than m6g/r6g for MySQL).
struct Support {
    /// Terraform `engine`.
    engine: &'static str,
    /// The engine as messages name it.
    label: &'static str,
    m6g_r6g: &'static [u64],
    t4g: &'static [u64],
}

// Sources (checked 2026-11 with the stored copies reachable offline; the live pages were not
// readable):
// - RDS: User Guide "Supported DB engines for DB instance classes"
//   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
//   as in https://github.com/awsdocs/amazon-rds-user-guide doc_source/Concepts.DBInstanceClass.md
//   (2022 revision, commit 0219b24f): db.m6g and db.r6g "MySQL 8.0.23 and higher", "All
//   PostgreSQL 14 versions, all PostgreSQL 13 versions, PostgreSQL 12.7 and higher", "All
//   MariaDB 10.6 versions, all MariaDB 10.5 versions, and all MariaDB 10.4 versions"; db.t4g
//   "MySQL 8.0.25 and higher", PostgreSQL and MariaDB as for m6g/r6g. The 2020 revision of the
//   same page (commit 59cf5596, Graviton2 preview) gave 8.0.17 and 12.3 for m6g/r6g, without
//   MariaDB: the later, stricter figures are used. The MariaDB 10.4.13 this rule used before
//   (from memory) is in no source reached; the guide says every 10.4 version. Not checked: the
//   live page may name later minimums as RDS retires old minor versions.
// - ElastiCache: API Reference "CacheNode" (node types), current revision with R7g/M7g
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html
//   M6g, R6g and T4g "available only for Redis OSS engine version 5.0.6 onward and for
//   Memcached engine version 1.5.16 onward"; the Memcached guide's "Supported node types"
//   (https://docs.amazonaws.cn/en_us/AmazonElastiCache/latest/mem-ug/CacheNodes.SupportedTypes.html)
//   says 1.5.16 onward for M6g and T4g too.
// Not covered: Valkey (engine "valkey"; no row, so no finding), Graviton3/4 classes.
const SUPPORT: &[Support] = &[
    Support { engine: "postgres", label: "PostgreSQL", m6g_r6g: &[12, 7], t4g: &[12, 7] },
    Support { engine: "mysql", label: "MySQL", m6g_r6g: &[8, 0, 23], t4g: &[8, 0, 25] },
    Support { engine: "mariadb", label: "MariaDB", m6g_r6g: &[10, 4], t4g: &[10, 4] },
    Support { engine: "redis", label: "Redis OSS", m6g_r6g: &[5, 0, 6], t4g: &[5, 0, 6] },
    Support { engine: "memcached", label: "Memcached", m6g_r6g: &[1, 5, 16], t4g: &[1, 5, 16] },
];

/// x86 family → Graviton family of the same sizes.
const FAMILIES: &[(&str, &str)] = &[("t3", "t4g"), ("m5", "m6g"), ("r5", "r6g")];

/// The engine's row and the first version that runs on the Graviton `family`.
fn minimum(engine: &str, family: &str) -> Option<(&'static Support, &'static [u64])> {
    let row = SUPPORT.iter().find(|s| s.engine == engine)?;
    Some((row, if family == "t4g" { row.t4g } else { row.m6g_r6g }))
}

fn propose(inst: &Instance, class_attr: &str, default_engine: &str) -> Option<Proposal> {
    let class = resources::attr_str(inst, class_attr)?;
    let target = graviton_class(class)?;
    let family = target.split('.').nth(1)?;
    let engine = match inst.attr("engine") {
        None | Some(Value::Null) => default_engine,
        Some(v) => v.as_str()?,
    };
    let (row, min) = minimum(engine, family)?;
    let mut assumed = None;
    match inst.attr("engine_version") {
        None | Some(Value::Null) => {
            assumed = Some(format!(
                "engine_version is not set: assumed the current default {engine} version, which runs on Graviton"
            ));
        }
        Some(v) => {
            let text = v.as_str()?;
            let version = parse_version(text)?;
            if !at_least(&version, min) {
                let min = min.iter().map(u64::to_string).collect::<Vec<_>>().join(".");
                let prefix = target.split('.').next().unwrap_or("db");
                return Some(Proposal::not_recommended(
                    &inst.address,
                    format!(
                        "{} {text} does not run on {prefix}.{family}: AWS supports {} {min} and later on it; upgrade the engine first, then move {class} to {target}",
                        row.label, row.label
                    ),
                ));
            }
        }
    }
    let mut p = Proposal::new(
        &inst.address,
        format!("Move {class} to the Graviton class {target}"),
        Risk::CausesDowntime,
    )
    .set(class_attr, Value::String(target.clone()));
    if let Some(a) = assumed {
        p = p.note(a);
    }
    p = p.note("the class change restarts the instance (a failover where there is a standby or replica); do it in a maintenance window");
    Some(p)
}

/// `db.m5.large` → `db.m6g.large`; `None` for a class without a Graviton equivalent here.
fn graviton_class(class: &str) -> Option<String> {
    let mut parts = class.splitn(3, '.');
    let (prefix, family, size) = (parts.next()?, parts.next()?, parts.next()?);
    if prefix != "db" && prefix != "cache" {
        return None;
    }
    let (_, to) = FAMILIES.iter().find(|(from, _)| *from == family)?;
    Some(format!("{prefix}.{to}.{size}"))
}

/// `16.3` → [16, 3]; `7.x`, `6.x` → the major only (ElastiCache's "latest minor"); `None` when
/// not a version.
fn parse_version(v: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    for part in v.split('.') {
        if part.eq_ignore_ascii_case("x") {
            break;
        }
        out.push(part.parse().ok()?);
    }
    (!out.is_empty()).then_some(out)
}

/// `version >= min`, comparing the given components; a bare major (`12`, `7.x`) stands for
/// that major's latest minor, which AWS picks: `12` ≥ 12.3.
fn at_least(version: &[u64], min: &[u64]) -> bool {
    for (i, m) in min.iter().enumerate() {
        match version.get(i) {
            Some(v) if v > m => return true,
            Some(v) if v < m => return false,
            Some(_) => {}
            // A bare major (`12`, `6.x`) that equals the minimum's: RDS/ElastiCache pick the
            // latest minor, which is above the first supporting one.
            None => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::terraform::{Location, Mode};

    fn instance(resource_type: &str, attributes: &[(&str, &str)]) -> Instance {
        let map: BTreeMap<String, Value> = attributes
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::String((*v).to_string())))
            .collect();
        Instance {
            address: format!("{resource_type}.x"),
            resource_type: resource_type.into(),
            name: "x".into(),
            mode: Mode::Managed,
            module: String::new(),
            region: None,
            provider: "aws".into(),
            attributes: Value::Map(map),
            location: Location::default(),
            references: Default::default(),
            warnings: Vec::new(),
        }
    }

    /// `(engine, x86 class, a version just below the minimum, the minimum)` for every engine
    /// and Graviton family, from the sources next to `SUPPORT` (MariaDB: every 10.4 version).
    const BOUNDARIES: &[(&str, &str, &str, &str)] = &[
        ("postgres", "db.m5.large", "12.6", "12.7"),
        ("postgres", "db.r5.large", "12.6", "12.7"),
        ("postgres", "db.t3.micro", "12.6", "12.7"),
        ("mysql", "db.m5.large", "8.0.22", "8.0.23"),
        ("mysql", "db.r5.large", "8.0.22", "8.0.23"),
        ("mysql", "db.t3.micro", "8.0.24", "8.0.25"),
        ("mariadb", "db.m5.large", "10.3.39", "10.4"),
        ("mariadb", "db.r5.large", "10.3.39", "10.4"),
        ("mariadb", "db.t3.micro", "10.3.39", "10.4"),
        ("redis", "cache.m5.large", "5.0.5", "5.0.6"),
        ("redis", "cache.r5.large", "5.0.5", "5.0.6"),
        ("redis", "cache.t3.micro", "5.0.5", "5.0.6"),
        ("memcached", "cache.m5.large", "1.5.10", "1.5.16"),
        ("memcached", "cache.r5.large", "1.5.10", "1.5.16"),
        ("memcached", "cache.t3.micro", "1.5.10", "1.5.16"),
    ];

    /// Just below each minimum: a skipped candidate naming the version it needs; at the
    /// minimum: the class change.
    #[test]
    fn each_minimum_is_the_first_version_proposed() {
        for (engine, class, below, at) in BOUNDARIES {
            let (resource_type, attr) = match class.starts_with("db.") {
                true => ("aws_db_instance", "instance_class"),
                false => ("aws_elasticache_cluster", "node_type"),
            };
            let target = graviton_class(class).unwrap_or_default();
            let run = |version: &str| {
                let i = instance(
                    resource_type,
                    &[("engine", engine), ("engine_version", version), (attr, class)],
                );
                propose(&i, attr, "redis")
            };

            let skipped = run(below).unwrap_or_else(|| panic!("{engine} {below} on {class}"));
            let reason = skipped.not_recommended.unwrap_or_default();
            let family = target.rsplit_once('.').map(|(f, _)| f).unwrap_or_default();
            assert!(
                reason.contains(&format!("{below} does not run on {family}"))
                    && reason.contains(&format!(" {at} and later"))
                    && reason.contains("upgrade the engine first"),
                "{engine} {below} on {class}: {reason}"
            );
            assert!(skipped.changes.is_empty(), "{engine} {below}: nothing is re-priced");

            let found = run(at).unwrap_or_else(|| panic!("{engine} {at} on {class}"));
            assert_eq!(found.not_recommended, None, "{engine} {at} on {class}");
            assert_eq!(found.title, format!("Move {class} to the Graviton class {target}"));
        }
        // "All MariaDB 10.4 versions": the first 10.4 minor RDS shipped is proposed too.
        let i = instance(
            "aws_db_instance",
            &[
                ("engine", "mariadb"),
                ("engine_version", "10.4.8"),
                ("instance_class", "db.t3.micro"),
            ],
        );
        assert!(
            propose(&i, "instance_class", "redis").is_some_and(|p| p.not_recommended.is_none())
        );
    }

    /// Not proposed at all: engines AWS runs only on x86 here, and Valkey, which has no row.
    #[test]
    fn engines_without_a_row_are_not_candidates() {
        for (engine, class, attr) in [
            ("oracle-se2", "db.m5.large", "instance_class"),
            ("sqlserver-se", "db.m5.large", "instance_class"),
            ("valkey", "cache.t3.micro", "node_type"),
        ] {
            let i = instance("aws_db_instance", &[("engine", engine), (attr, class)]);
            assert_eq!(propose(&i, attr, "redis"), None, "{engine}");
        }
    }

    #[test]
    fn classes_map_to_the_same_size() {
        assert_eq!(graviton_class("db.m5.large").as_deref(), Some("db.m6g.large"));
        assert_eq!(graviton_class("cache.t3.micro").as_deref(), Some("cache.t4g.micro"));
        assert_eq!(graviton_class("db.m6g.large"), None);
        assert_eq!(graviton_class("nonsense"), None);
    }

    #[test]
    fn versions_compare_by_component() {
        let v = |s: &str| parse_version(s).unwrap_or_default();
        assert!(at_least(&v("16.3"), &[12, 7]));
        assert!(at_least(&v("12.7"), &[12, 7]));
        assert!(at_least(&v("12"), &[12, 7]), "a bare major is its latest minor");
        assert!(!at_least(&v("12.6"), &[12, 7]));
        assert!(!at_least(&v("11.22"), &[12, 7]));
        assert!(at_least(&v("7.x"), &[5, 0, 6]));
        assert!(!at_least(&v("5.0.5"), &[5, 0, 6]));
        assert!(!at_least(&v("8.0.22"), &[8, 0, 23]));
        assert!(at_least(&v("8.0.100"), &[8, 0, 23]), "numeric, not text, order");
        assert_eq!(parse_version("latest"), None);
    }
}
