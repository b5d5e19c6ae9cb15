//! CP103 `rds-single-az`: Multi-AZ RDS instances outside production run Single-AZ.

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources::attr_bool;
use crate::terraform::Value;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_db_instance` with `multi_az = true` in an environment that is not production (resilience rule: in production only with --include-resilience).",
    why: "A Multi-AZ instance runs a synchronous standby in a second Availability Zone: the instance hours and the storage are billed twice (the price list has a Multi-AZ price for each, about double the Single-AZ one). A development or test database rarely needs a standby.",
    example: r#"Before:
  resource "aws_db_instance" "this" {
    instance_class = "db.t3.micro"
    multi_az       = var.db_multi_az   # true by default
  }
After (environments/dev.tfvars, the file that sets the variable for this environment):
  db_multi_az = false"#,
    savings: "The instance is re-estimated with `multi_az = false`: instance hours and storage at the Single-AZ prices (deploymentOption Single-AZ) of the snapshot. Saving = Multi-AZ cost − Single-AZ cost; backups and IOPS follow the same deployment option.",
    risks: "No standby: an instance or AZ failure means downtime until the instance is recovered or restored from a backup (minutes to hours), and maintenance that would fail over causes a short outage instead. The change itself is applied online (at the next maintenance window unless apply_immediately).",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP103"
    }

    fn name(&self) -> &'static str {
        "rds-single-az"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn reduces_resilience(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        ctx.of_type("aws_db_instance")
            .filter(|db| attr_bool(db, "multi_az") == Some(true))
            .map(|db| {
                Proposal::new(
                    &db.address,
                    "Run the database Single-AZ (no standby)",
                    Risk::NeedsTesting,
                )
                .set("multi_az", Value::Bool(false))
                .note(
                    "no automatic failover: an instance or AZ failure is an outage until recovery",
                )
            })
            .collect()
    }
}
