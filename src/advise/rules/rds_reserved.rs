//! CP130 `rds-reserved`: always-on RDS instances bought as reserved DB instances; a table of
//! 1yr/3yr × No/Partial/All Upfront, each term priced by re-running the estimate with it.

use crate::advise::commitment::{always_on, reserved_options};
use crate::advise::finding::Risk;
use crate::advise::rule::{self, Ctx, Proposal, RuleDoc};
use crate::resources::{attr_bool, attr_str};
use crate::terraform::Instance;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_db_instance` or provisioned `aws_rds_cluster_instance` that is always on (the estimate prices its instance hours on demand for every hour of the month; an Aurora Serverless v2 instance, priced from ACU usage, is not) and is not already on a reserved term. Commitment rule: in production only, unless selected by code (`--select CP130`), because a non-production instance is often resized or deleted before the term ends.",
    why: "On demand is the highest hourly rate RDS charges. An instance that runs all month anyway costs less as a reserved DB instance: a one- or three-year commitment to the class, engine, region and deployment (Single-AZ or Multi-AZ), paid with no, part or all of it upfront. The reservation applies to the bill automatically; nothing in Terraform changes.",
    example: r#"Before (on demand, 730 h a month):
  resource "aws_db_instance" "main" {
    engine         = "postgres"
    instance_class = "db.t3.micro"
  }
After: the same Terraform, plus a reservation bought once:
  aws rds describe-reserved-db-instances-offerings --region us-east-1 \
    --db-instance-class db.t3.micro --product-description postgresql --multi-az false \
    --duration 1 --offering-type "No Upfront"          # gives the offering id
  aws rds purchase-reserved-db-instances-offering --region us-east-1 \
    --reserved-db-instances-offering-id <id> --db-instance-count 1"#,
    savings: "Each of the six terms (1yr/3yr × No/Partial/All Upfront) is priced by re-running the estimate with the instance bought on it (the purchase option of a scenario's `purchase:` block): the instance line at the catalog's reserved rate, upfront amortised over 8,760 h a year. The table shows each term's effective monthly cost, saving, upfront payment and break-even month (the first month whose cumulative saving, on-demand minus the recurring charge, covers the upfront); a term the snapshot does not price says \"price not found\". The finding's figures are the headline term: the 1-year term with the largest monthly saving (for a 1-year term also the largest net saving over the year), preferring one whose upfront is known; 3-year terms only when no 1-year term is priced.",
    risks: "A commitment: the reservation is billed every hour of the term whether the instance runs or not, cannot be cancelled, and fits only this class, engine, region and deployment (size flexibility within a family applies to some engines). Resizing (Graviton, right-sizing), changing engine or deleting the instance leaves it unused. No downtime: nothing changes on the instance. Partial Upfront prices in the snapshot are effective hourly rates, so their upfront is not shown.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP130"
    }

    fn name(&self) -> &'static str {
        "rds-reserved"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn production_only(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        ctx.of_type("aws_db_instance")
            .chain(ctx.of_type("aws_rds_cluster_instance"))
            .filter_map(|db| {
                let on = always_on(ctx, &db.address, "Database Instance")?;
                Some(proposal(db, &on.units.to_string(), &on.region))
            })
            .collect()
    }
}

fn proposal(db: &Instance, count: &str, region: &str) -> Proposal {
    let class = attr_str(db, "instance_class").unwrap_or("?");
    let engine = attr_str(db, "engine").unwrap_or("aurora-mysql");
    // Aurora reservations are not per deployment; RDS ones are Single-AZ or Multi-AZ.
    let aurora = db.resource_type == "aws_rds_cluster_instance";
    let multi_az = attr_bool(db, "multi_az").unwrap_or(false);
    let (deployment, multi_az_flag) = match (aurora, multi_az) {
        (true, _) => (String::new(), String::new()),
        (false, true) => (", Multi-AZ".to_string(), " --multi-az true".to_string()),
        (false, false) => (", Single-AZ".to_string(), " --multi-az false".to_string()),
    };
    let product = product_description(engine);
    let mut p = Proposal::new(&db.address, "Buy a reserved DB instance", Risk::Safe)
        .note(
            "a commitment: billed every hour of the term whether the instance runs or not; resizing, changing engine or deleting the instance leaves the reservation unused",
        )
        .note("reservations are bought in the account, not declared in Terraform: no patch");
    p.commitments = reserved_options(
        &db.address,
        |label| format!("Buy a reserved DB instance: {label} ({class}{deployment})"),
        |years, payment, label| {
            format!(
                "buy {count} reserved DB instance(s) ({class}, {engine}{deployment}, {region}, {label}): `aws rds describe-reserved-db-instances-offerings --region {region} --db-instance-class {class} --product-description {product}{multi_az_flag} --duration {years} --offering-type \"{payment}\"` gives the offering id, then `aws rds purchase-reserved-db-instances-offering --region {region} --reserved-db-instances-offering-id <id> --db-instance-count {count}`"
            )
        },
    );
    p
}

/// The `--product-description` filter of a Terraform engine (a partial match on the offering's
/// description: `postgresql`, `mysql`, `aurora-postgresql` ...).
fn product_description(engine: &str) -> &str {
    match engine {
        "postgres" => "postgresql",
        "aurora" => "aurora-mysql",
        other => other,
    }
}
