//! CP121 `db-graviton`: RDS instances and ElastiCache nodes on x86 classes with a Graviton
//! equivalent of the same size (t3 → t4g, m5 → m6g, r5 → r6g) move to it when the engine
//! version supports Graviton.
//!
//! Support table (AWS RDS User Guide "Supported DB engines for DB instance classes" and the
//! ElastiCache User Guide "Supported node types"; minimum versions that run on Graviton2):
//! PostgreSQL 12.3 (and every 13+), MySQL 8.0.17, MariaDB 10.4.13, Redis OSS 5.0.6, Memcached
//! 1.5.16. Oracle, SQL Server and Aurora (`aws_rds_cluster_instance`, not checked here) are not
//! proposed. An engine version that is not set is RDS's / ElastiCache's current default, which
//! supports Graviton: the finding says it assumed so. A version that is computed or not parsable
//! gets no finding.
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
    detects: "An `aws_db_instance` (`instance_class`) or ElastiCache `aws_elasticache_replication_group` / `aws_elasticache_cluster` (`node_type`) on an x86 class with a Graviton class of the same size: t3 → t4g, m5 → m6g, r5 → r6g, when the engine version runs on Graviton (PostgreSQL 12.3+, MySQL 8.0.17+, MariaDB 10.4.13+, Redis 5.0.6+, Memcached 1.5.16+; engine version not set: the current default, which does). Oracle and SQL Server are never proposed.",
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

/// Minimum engine version running on Graviton, per Terraform `engine`.
const SUPPORT: &[(&str, &[u64])] = &[
    ("postgres", &[12, 3]),
    ("mysql", &[8, 0, 17]),
    ("mariadb", &[10, 4, 13]),
    ("redis", &[5, 0, 6]),
    ("memcached", &[1, 5, 16]),
];

/// x86 family → Graviton family of the same sizes.
const FAMILIES: &[(&str, &str)] = &[("t3", "t4g"), ("m5", "m6g"), ("r5", "r6g")];

fn propose(inst: &Instance, class_attr: &str, default_engine: &str) -> Option<Proposal> {
    let class = resources::attr_str(inst, class_attr)?;
    let target = graviton_class(class)?;
    let engine = match inst.attr("engine") {
        None | Some(Value::Null) => default_engine,
        Some(v) => v.as_str()?,
    };
    let (_, min) = SUPPORT.iter().find(|(e, _)| *e == engine)?;
    let mut assumed = None;
    match inst.attr("engine_version") {
        None | Some(Value::Null) => {
            assumed = Some(format!(
                "engine_version is not set: assumed the current default {engine} version, which runs on Graviton"
            ));
        }
        Some(v) => {
            let version = parse_version(v.as_str()?)?;
            if !at_least(&version, min) {
                return None;
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
    use super::*;

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
        assert!(at_least(&v("16.3"), &[12, 3]));
        assert!(at_least(&v("12.3"), &[12, 3]));
        assert!(!at_least(&v("12.2"), &[12, 3]));
        assert!(!at_least(&v("11.22"), &[12, 3]));
        assert!(at_least(&v("7.x"), &[5, 0, 6]));
        assert!(!at_least(&v("5.0.5"), &[5, 0, 6]));
        assert!(!at_least(&v("8.0.16"), &[8, 0, 17]));
        assert_eq!(parse_version("latest"), None);
    }
}
