//! CP131 `elasticache-reserved`: always-on ElastiCache nodes bought as reserved cache nodes; a
//! table of 1yr/3yr × No/Partial/All Upfront, each term priced by re-running the estimate.

use crate::advise::commitment::{always_on, reserved_options};
use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources::attr_str;
use crate::terraform::Instance;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_elasticache_replication_group` or a stand-alone `aws_elasticache_cluster` whose nodes are always on (the estimate prices every node on demand for every hour of the month) and not already on a reserved term. A cluster that is a member of a replication group is priced (and reserved) on the group. Commitment rule: in production only, unless selected by code (`--select CP131`).",
    why: "Cache nodes run all month and on demand is the highest hourly rate ElastiCache charges. Reserved cache nodes (one or three years, No/Partial/All Upfront) cost less for the same node type and engine in the region; they apply to the bill automatically and nothing in Terraform changes.",
    example: r#"Before (2 nodes on demand, 730 h a month each):
  resource "aws_elasticache_replication_group" "this" {
    engine             = "redis"
    node_type          = "cache.t3.micro"
    num_cache_clusters = 2
  }
After: the same Terraform, plus a reservation for both nodes bought once:
  aws elasticache describe-reserved-cache-nodes-offerings --region us-east-1 \
    --cache-node-type cache.t3.micro --product-description redis \
    --duration 1 --offering-type "No Upfront"          # gives the offering id
  aws elasticache purchase-reserved-cache-nodes-offering --region us-east-1 \
    --reserved-cache-nodes-offering-id <id> --cache-node-count 2"#,
    savings: "Each of the six terms (1yr/3yr × No/Partial/All Upfront) is priced by re-running the estimate with the group bought on it (a scenario's `purchase:` option): every node line at the catalog's reserved rate, upfront amortised over 8,760 h a year. The table shows each term's effective monthly cost, saving, upfront payment and break-even month; a term the snapshot does not price says \"price not found\". The finding's figures are the headline term: the 1-year term with the largest monthly saving, preferring one whose upfront is known; 3-year terms only when no 1-year term is priced.",
    risks: "A commitment: reserved nodes are billed every hour of the term whether the nodes run or not, cannot be cancelled and fit only this node type family, engine and region. Fewer nodes (CP104 outside production), a Graviton node type (CP121) or a move to ElastiCache Serverless leaves them unused. No downtime: nothing changes on the cluster. The bundled snapshot prices Redis reservations only; Valkey and Memcached nodes say \"price not found\".",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP131"
    }

    fn name(&self) -> &'static str {
        "elasticache-reserved"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn production_only(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        ctx.of_type("aws_elasticache_replication_group")
            .chain(ctx.of_type("aws_elasticache_cluster"))
            .filter_map(|cache| {
                // A group member is priced on its group (always_on finds no line for it).
                let on = always_on(ctx, &cache.address, "Cache Instance")?;
                Some(proposal(cache, &on.units.to_string(), &on.region))
            })
            .collect()
    }
}

fn proposal(cache: &Instance, count: &str, region: &str) -> Proposal {
    let node_type = attr_str(cache, "node_type").unwrap_or("?");
    let engine = attr_str(cache, "engine").unwrap_or("redis");
    let mut p = Proposal::new(&cache.address, "Buy reserved cache nodes", Risk::Safe)
        .note(
            "a commitment: billed every hour of the term whether the nodes run or not; fewer nodes, another node type or ElastiCache Serverless leaves the reservation unused",
        )
        .note("reservations are bought in the account, not declared in Terraform: no patch");
    p.commitments = reserved_options(
        &cache.address,
        |label| format!("Buy {count} reserved cache node(s): {label} ({node_type}, {engine})"),
        |years, payment, label| {
            format!(
                "buy {count} reserved cache node(s) ({node_type}, {engine}, {region}, {label}): `aws elasticache describe-reserved-cache-nodes-offerings --region {region} --cache-node-type {node_type} --product-description {engine} --duration {years} --offering-type \"{payment}\"` gives the offering id, then `aws elasticache purchase-reserved-cache-nodes-offering --region {region} --reserved-cache-nodes-offering-id <id> --cache-node-count {count}`"
            )
        },
    );
    p
}
