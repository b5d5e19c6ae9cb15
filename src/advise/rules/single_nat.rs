//! CP102 `single-nat-gateway`: one NAT gateway per AZ outside production becomes one shared
//! gateway.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, AdjustmentSpec, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};
use crate::usage::{UsageSource, UsageValue};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "Two or more `aws_nat_gateway` instances of one resource (one per AZ, `count`/`for_each`) in an environment that is not production (resilience rule: in production only with --include-resilience).",
    why: "Every NAT gateway is billed per hour whether traffic flows or not, and its Elastic IP is a public IPv4 address billed per hour too. One gateway per AZ multiplies both by the number of AZs; a development VPC rarely needs to survive the loss of an AZ.",
    example: r#"Before (terraform-aws-modules/vpc or a module with the same input):
  module "vpc" {
    source             = "./modules/vpc"
    single_nat_gateway = var.single_nat_gateway   # false by default
  }
After (environments/dev.tfvars):
  single_nat_gateway = true"#,
    savings: "The configuration is re-estimated without the other gateways and their Elastic IPs; the traffic model then sends all NAT traffic through the remaining gateway (same GB, one gateway). Against the saving: traffic from the other AZs now crosses an AZ boundary to reach the gateway: NAT GB × (gateways − 1) ÷ gateways, billed in each direction at the snapshot's intra-region transfer price (DataTransfer-Regional-Bytes). Saving = hours + public IPv4 of the removed gateways − the added transfer.",
    risks: "An outage of the AZ holding the gateway cuts outbound internet access for every private subnet. Changing the routes of the other AZs drops the connections open through their old gateway. Only modules with a `single_nat_gateway` input get a patch; otherwise the finding says what to change.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP102"
    }

    fn name(&self) -> &'static str {
        "single-nat-gateway"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn reduces_resilience(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let mut groups: BTreeMap<(&str, &str), Vec<&Instance>> = BTreeMap::new();
        for nat in ctx.of_type("aws_nat_gateway") {
            groups.entry((nat.module.as_str(), nat.name.as_str())).or_default().push(nat);
        }
        groups.into_values().filter(|nats| nats.len() > 1).map(|nats| propose(ctx, &nats)).collect()
    }
}

fn propose(ctx: &Ctx, nats: &[&Instance]) -> Proposal {
    let keep = nats[0];
    let removed = &nats[1..];
    let n = Decimal::from(nats.len() as i64);
    let mut p = Proposal::new(
        &keep.address,
        format!("Share one NAT gateway between the {} AZs", nats.len()),
        Risk::NeedsTesting,
    );
    for nat in removed {
        p.changes.push(Change::Delete { address: nat.address.clone() });
    }
    // The gateways' Elastic IPs: the `aws_eip` resource of the module with one instance per
    // gateway, matched by index.
    let mut eips: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
    for eip in ctx.of_type("aws_eip").filter(|e| e.module == keep.module) {
        eips.entry(eip.name.as_str()).or_default().push(eip);
    }
    let index = |address: &str| address.rfind('[').map(|i| address[i..].to_string());
    if let Some(group) = eips.values().find(|g| g.len() == nats.len()) {
        for nat in removed {
            if let Some(eip) = group.iter().find(|e| index(&e.address) == index(&nat.address)) {
                p.changes.push(Change::Delete { address: eip.address.clone() });
            }
        }
    }
    let usages: Vec<&UsageValue> = nats
        .iter()
        .filter_map(|nat| ctx.usage.get(&nat.address, "monthly_data_processed_gb"))
        .collect();
    let total_gb: Decimal = usages.iter().map(|u| u.value).sum();
    // Derived traffic is re-split over the gateways left; explicit values are not, so the
    // removed gateways' GB move to the one kept.
    if usages.iter().any(|u| u.source == UsageSource::Explicit) {
        p.changes.push(Change::SetUsage {
            address: keep.address.clone(),
            key: "monthly_data_processed_gb".into(),
            value: total_gb,
            formula: format!(
                "{} GB given for the {} gateways, now through one",
                total_gb.normalize(),
                nats.len()
            ),
        });
    }
    if !total_gb.is_zero() {
        let crossing = total_gb * (n - Decimal::ONE) / n;
        p.adjustments.push(AdjustmentSpec {
            name: "Cross-AZ transfer to the shared gateway".into(),
            quantity: crossing * Decimal::TWO,
            unit: "GB".into(),
            query: PriceQuery::new(
                "AmazonEC2",
                &crate::region::priced_in(keep.region.as_deref()).0,
            )
            .usage_type("DataTransfer-Regional-Bytes"),
            formula: format!(
                "{} GB through NAT × {}/{} from the other AZs × 2 directions",
                total_gb.round_dp(6).normalize(),
                n - Decimal::ONE,
                n
            ),
        });
    } else {
        p = p.note("NAT traffic is not known (no scenario): the cross-AZ transfer it would add is not counted");
    }
    if keep.module.is_empty() {
        p.edits.push(Edit::Manual {
            reason: format!(
                "set the count of {} to 1 and route every private route table through it",
                keep.address.split('[').next().unwrap_or(&keep.address)
            ),
        });
    } else {
        p.edits.push(Edit::SetModuleVariable {
            address: keep.address.clone(),
            variable: "single_nat_gateway".into(),
            value: Value::Bool(true),
        });
    }
    p.note("private subnets of every AZ route through the remaining gateway")
}
