//! CP104 `redis-single-node`: ElastiCache replication groups with replicas outside production
//! keep one node.

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::{attr_bool, attr_dec};
use crate::terraform::Value;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_elasticache_replication_group` with more than one node per shard (`num_cache_clusters` > 1, or `replicas_per_node_group` > 0 in cluster mode) in an environment that is not production (resilience rule: in production only with --include-resilience).",
    why: "Every node of a replication group is billed per node-hour at the full node price: a primary with one replica costs twice a single node. Replicas buy read capacity and failover, which development and test caches rarely need.",
    example: r#"Before:
  resource "aws_elasticache_replication_group" "this" {
    node_type                  = "cache.t3.micro"
    num_cache_clusters         = 2
    automatic_failover_enabled = true
    multi_az_enabled           = true
  }
After:
  resource "aws_elasticache_replication_group" "this" {
    node_type                  = "cache.t3.micro"
    num_cache_clusters         = 1
    automatic_failover_enabled = false
    multi_az_enabled           = false
  }"#,
    savings: "The group is re-estimated with one node per shard (`num_cache_clusters = 1`, or `replicas_per_node_group = 0`): node-hours at the snapshot's node price. Saving = the replicas' node-hours. Snapshot storage is unchanged.",
    risks: "No replica: a node failure loses the cache contents (or everything since the last snapshot) and the endpoint is down until the node is replaced. A one-node group cannot have automatic failover or Multi-AZ: the patch turns them off where they are plain values; where they are computed (`var.nodes > 1`) they follow the node count.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP104"
    }

    fn name(&self) -> &'static str {
        "redis-single-node"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn reduces_resilience(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let mut out = Vec::new();
        for rg in ctx.of_type("aws_elasticache_replication_group") {
            let replicas = attr_dec(rg, "replicas_per_node_group").filter(|r| *r > Decimal::ZERO);
            let clusters = attr_dec(rg, "num_cache_clusters").filter(|n| *n > Decimal::ONE);
            let mut p = match (replicas, clusters) {
                (Some(_), _) => Proposal::new(
                    &rg.address,
                    "Run one node per shard (no replicas)",
                    Risk::NeedsTesting,
                )
                .set("replicas_per_node_group", Value::Number(Decimal::ZERO)),
                (None, Some(_)) => {
                    Proposal::new(&rg.address, "Run a single node (no replica)", Risk::NeedsTesting)
                        .set("num_cache_clusters", Value::Number(Decimal::ONE))
                }
                (None, None) => continue,
            };
            for flag in ["automatic_failover_enabled", "multi_az_enabled"] {
                if attr_bool(rg, flag) == Some(true) {
                    p.changes.push(Change::Set {
                        address: rg.address.clone(),
                        attribute: flag.into(),
                        value: Value::Bool(false),
                    });
                    p.edits.push(Edit::SetAttributeIfPlain {
                        address: rg.address.clone(),
                        attribute: flag.into(),
                        value: Value::Bool(false),
                    });
                }
            }
            out.push(p.note("no replica: a node failure empties the cache and stops the endpoint until the node is replaced"));
        }
        out
    }
}
