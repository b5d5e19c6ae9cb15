//! CP141 `database-savings-plan`: steady database usage that Database Savings Plans cover
//! (Aurora Serverless v2 minimum capacity; always-on generation-7+ RDS/Aurora instances and
//! ElastiCache for Valkey nodes), at a stated discount assumption.

use rust_decimal::Decimal;

use crate::advise::commitment::always_on;
use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, PlanSizing, Proposal, RuleDoc};
use crate::advise::savings_plans::{self, Assumption};
use crate::resources::{attr_dec, attr_str, rds_cluster_instance};
use crate::terraform::{Instance, Mode};
use crate::usage::{Payment, SavingsPlanCover};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "Database usage that runs every hour and that Database Savings Plans cover (AWS, December 2025): an Aurora Serverless v2 instance (`db.serverless`) whose cluster keeps a minimum capacity above 0 ACU (the steady part is that minimum); an always-on `aws_db_instance` / provisioned `aws_rds_cluster_instance` of a generation-7-or-newer, non-burstable class (db.m7g, db.r7g, db.r8g ...); an always-on ElastiCache for Valkey node of such a type. Older and burstable classes (db.t3, db.t4g, db.m5, db.r6g ...), Redis OSS and Memcached nodes are not covered: CP130/CP131 (reservations) apply to them. Commitment rule: in production only, unless selected by code (`--select CP141`).",
    why: "A Database Savings Plan is a one-year commitment to spend a fixed amount per hour on database usage, at a lower rate than on demand, across engines, families and regions. Aurora Serverless v2 cannot be reserved at all; for it a Savings Plan is the only commitment discount.",
    example: r#"Before: Aurora Serverless v2, min_capacity = 2 ACU, all on demand
  resource "aws_rds_cluster" "main" {
    serverlessv2_scaling_configuration { min_capacity = 2  max_capacity = 8 }
  }
After: the same Terraform, plus a Database Savings Plan (1-year, No Upfront) whose hourly
commitment covers the 2 steady ACUs at the discounted rate (the finding's `hourly_commitment`),
bought in Billing and Cost Management → Savings Plans, or with
  aws savingsplans create-savings-plan --savings-plan-offering-id <id> --commitment <hourly commitment>"#,
    savings: "The estimate is re-run with the steady usage priced at the on-demand rate less the assumed discount (a purchase option on the resource): the minimum ACUs of a Serverless v2 instance (ACUs above it stay on demand), or the whole instance/node line of an always-on eligible class. The discount is not in the price snapshot: it is the row `database,serverless` (up to 35%) or `database,provisioned` (up to 20%) of `src/advise/data/savings-plans.csv` (AWS's published ceilings, 1-year No Upfront, with sources and the date read), stated on the finding as an assumption; the saving is an upper bound. Hourly commitment = (saving ÷ discount) × (1 − discount) ÷ hours a month.",
    risks: "A commitment: the hourly amount is billed every hour of the year whether the database runs or not (a Serverless v2 cluster that scales to 0 ACU or pauses wastes it, which is why only the minimum capacity is covered). The actual discount for the service, class and region may be below the ceiling: size it with the purchase analyzer. A reservation (CP130) of the same instance is an alternative, not an addition. No downtime.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP141"
    }

    fn name(&self) -> &'static str {
        "database-savings-plan"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn production_only(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let mut out = Vec::new();
        let serverless = savings_plans::assumption("database", "serverless");
        let provisioned = savings_plans::assumption("database", "provisioned");
        for db in ctx.of_type("aws_rds_cluster_instance").chain(ctx.of_type("aws_db_instance")) {
            if has_plan(ctx, db) {
                continue;
            }
            let class = attr_str(db, "instance_class").unwrap_or("");
            if class == "db.serverless" {
                if let (Some(a), Some(acu)) = (serverless, steady_acu(ctx, db))
                    && serverless_priced(ctx, &db.address)
                {
                    out.push(proposal(ctx, db, Some(acu), "ACU", a));
                }
            } else if let Some(a) = provisioned.filter(|_| eligible(class))
                && let Some(on) = always_on(ctx, &db.address, "Database Instance")
            {
                out.push(proposal(ctx, db, None, &format!("{} instance(s)", on.units), a));
            }
        }
        let caches = ctx
            .of_type("aws_elasticache_replication_group")
            .chain(ctx.of_type("aws_elasticache_cluster"));
        for cache in caches {
            let valkey = attr_str(cache, "engine") == Some("valkey");
            let node = attr_str(cache, "node_type").unwrap_or("");
            let Some(a) = provisioned.filter(|_| valkey && eligible(node)) else { continue };
            if has_plan(ctx, cache) {
                continue;
            }
            if let Some(on) = always_on(ctx, &cache.address, "Cache Instance") {
                out.push(proposal(ctx, cache, None, &format!("{} node(s)", on.units), a));
            }
        }
        out
    }
}

fn has_plan(ctx: &Ctx, inst: &Instance) -> bool {
    ctx.usage.purchase(&inst.address).is_some_and(|p| p.savings_plan.is_some())
}

/// Generation 7 or newer and not burstable: `db.r7g.large`, `cache.m7g.xlarge`, `db.r8g.2xlarge`
/// (Database Savings Plans cover these; `db.t4g`, `db.m5`, `db.r6g` are not covered).
pub fn eligible(class: &str) -> bool {
    let Some(family) = class.split('.').nth(1) else { return false };
    let letters: String = family.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits: String =
        family[letters.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
    !letters.is_empty()
        && !letters.starts_with('t')
        && digits.parse::<u32>().is_ok_and(|generation| generation >= 7)
}

/// The minimum capacity of the Serverless v2 instance's cluster, when above 0 ACU: the cluster
/// named by `cluster_identifier`, else the only `aws_rds_cluster` of the module.
fn steady_acu(ctx: &Ctx, db: &Instance) -> Option<Decimal> {
    let clusters: Vec<&Instance> = ctx
        .instances
        .iter()
        .filter(|c| {
            c.mode == Mode::Managed && c.resource_type == "aws_rds_cluster" && c.module == db.module
        })
        .collect();
    let wanted = attr_str(db, "cluster_identifier");
    let cluster = clusters
        .iter()
        .find(|c| wanted.is_some() && attr_str(c, "cluster_identifier") == wanted)
        .or_else(|| if clusters.len() == 1 { clusters.first() } else { None })?;
    let min = attr_dec(cluster, "serverlessv2_scaling_configuration.0.min_capacity")?;
    (min > Decimal::ZERO).then(|| min.normalize())
}

/// True when the estimate priced the instance's ACU-hours (a known usage and price).
fn serverless_priced(ctx: &Ctx, address: &str) -> bool {
    ctx.cost(address).is_some_and(|rc| {
        rc.components.iter().any(|c| {
            c.id == rds_cluster_instance::SERVERLESS_V2
                && c.monthly_cost.is_some_and(|m| m > Decimal::ZERO)
        })
    })
}

fn proposal(
    ctx: &Ctx,
    inst: &Instance,
    units: Option<Decimal>,
    what: &str,
    a: &Assumption,
) -> Proposal {
    let steady = match units {
        Some(acu) => {
            format!("{acu} {what} (the cluster's min_capacity; ACUs above it stay on demand)")
        }
        None => format!("{what}, running every hour"),
    };
    let mut purchase = ctx.usage.purchase(&inst.address).cloned().unwrap_or_default();
    purchase.savings_plan = Some(SavingsPlanCover {
        discount: a.discount,
        units,
        label: format!("Database Savings Plan, assumed {} off", a.percent()),
    });
    let mut p = Proposal::new(
        &inst.address,
        format!(
            "Cover the steady usage with a Database Savings Plan ({}, up to {} off)",
            a.term(),
            a.percent()
        ),
        Risk::Safe,
    )
    .note(format!("steady usage: {steady}"))
    .note(a.statement())
    .note("a commitment: the hourly amount is billed every hour of the year whether the database runs or not");
    p.changes.push(Change::SetPurchase { address: inst.address.clone(), purchase });
    p.edits.push(Edit::Manual {
        reason: format!(
            "Savings Plans are bought in the account, not declared in Terraform: buy a Database Savings Plan ({}) for the hourly commitment of this finding, after checking the rate with the purchase analyzer (Billing and Cost Management → Savings Plans → Purchase Savings Plans, type Database Savings Plans), or `aws savingsplans create-savings-plan --savings-plan-offering-id <id of the Database Savings Plans offering> --commitment <hourly commitment>`",
            a.term()
        ),
    });
    p.savings_plan =
        Some(PlanSizing { discount: a.discount, years: a.years, payment: Payment::NoUpfront });
    p
}

#[cfg(test)]
mod tests {
    use super::eligible;

    #[test]
    fn generation_7_and_newer_non_burstable_classes_are_eligible() {
        for yes in ["db.r7g.large", "db.m7i.xlarge", "db.r8g.2xlarge", "cache.m7g.large"] {
            assert!(eligible(yes), "{yes}");
        }
        for no in
            ["db.t4g.micro", "db.t3.medium", "db.m5.large", "db.r6g.large", "db.serverless", "x"]
        {
            assert!(!eligible(no), "{no}");
        }
    }
}
