//! CP140 `compute-savings-plan`: the steady part of on-demand Fargate usage covered by a
//! Compute Savings Plan, at a stated discount assumption.

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, PlanSizing, Proposal, RuleDoc};
use crate::advise::savings_plans;
use crate::resources::attr_dec;
use crate::resources::ecs_service;
use crate::terraform::Instance;
use crate::usage::{Payment, SavingsPlanCover};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_ecs_service` with Fargate tasks on demand (not Spot) whose steady task count is at least one: the autoscaling target's `min_capacity` when an `aws_appautoscaling_target` scales it (the floor it never goes under), else `desired_count`. Only the steady tasks are covered: peaks stay on demand. Commitment rule: in production only, unless selected by code (`--select CP140`).",
    why: "A Compute Savings Plan is a commitment to spend a fixed amount per hour on compute (EC2, Fargate, Lambda) for one or three years, in exchange for a lower rate on that spend. Tasks that run every hour anyway pay the on-demand rate for nothing. The plan is bought in the account, nothing in Terraform changes, and it follows the usage across regions, sizes and architectures.",
    example: r#"Before: 2 tasks at least (autoscaling min_capacity = 2), all on demand
  resource "aws_appautoscaling_target" "api" { min_capacity = 2  max_capacity = 6 ... }
After: the same Terraform, plus a Compute Savings Plan whose hourly commitment covers the 2
steady tasks' vCPU and memory at the discounted rate (the finding's `hourly_commitment`):
  aws savingsplans describe-savings-plans-offerings --plan-types Compute \
    --durations 94608000 --payment-options "All Upfront" --currencies USD
  aws savingsplans create-savings-plan --savings-plan-offering-id <id> \
    --commitment <hourly commitment> --upfront-payment-amount <commitment × 26,280 h>"#,
    savings: "The estimate is re-run with the steady tasks' vCPU and memory priced at the on-demand rate less the assumed discount (a purchase option on the service, like Spot's): saving = discount × the steady tasks' vCPU and memory cost. The discount is not in the price snapshot: it is the row `compute,fargate` of `src/advise/data/savings-plans.csv` (AWS's published ceiling, up to 50% for a 3-year All Upfront plan, with its sources and the date read), stated on the finding as an assumption; the saving is an upper bound. Hourly commitment = (saving ÷ discount) × (1 − discount) ÷ hours a month; upfront = commitment × 26,280 h; break-even as for reservations.",
    risks: "A commitment: the hourly amount is billed every hour of the term whether the tasks run or not, and cannot be cancelled. Fewer or smaller tasks, Fargate Spot (CP101) or a move off Fargate leaves it unused (it also covers EC2 and Lambda in the same account, which softens that). The actual discount for the region, architecture and term may be well below the ceiling: size the plan with the purchase analyzer before buying. No downtime.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP140"
    }

    fn name(&self) -> &'static str {
        "compute-savings-plan"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn production_only(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let Some(assumption) = savings_plans::assumption("compute", "fargate") else {
            return Vec::new();
        };
        ctx.of_type("aws_ecs_service")
            .filter_map(|svc| {
                on_demand_fargate(ctx, &svc.address)?;
                let purchase = ctx.usage.purchase(&svc.address).cloned().unwrap_or_default();
                if purchase.savings_plan.is_some() {
                    return None;
                }
                let (steady, why) = steady_tasks(ctx, svc)?;
                Some(proposal(svc, purchase, steady, &why, assumption))
            })
            .collect()
    }
}

/// True when the estimate prices on-demand (not Spot) Fargate vCPU for the service.
fn on_demand_fargate(ctx: &Ctx, address: &str) -> Option<()> {
    let rc = ctx.cost(address)?;
    rc.components
        .iter()
        .any(|c| {
            ecs_service::is_fargate_vcpu(&c.id)
                && !ecs_service::is_spot(&c.id)
                && c.monthly_cost.is_some_and(|m| m > Decimal::ZERO)
        })
        .then_some(())
}

/// The task count the service never goes under: the autoscaling target's `min_capacity`, else
/// `desired_count`; `None` when it is zero or not known.
fn steady_tasks(ctx: &Ctx, svc: &Instance) -> Option<(Decimal, String)> {
    let (tasks, why) = match ecs_service::autoscaling_target(svc, ctx.instances) {
        Some(t) => (attr_dec(t, "min_capacity")?, format!("min_capacity of {}", t.address)),
        None => (attr_dec(svc, "desired_count")?, "desired_count".to_string()),
    };
    let tasks = tasks.floor();
    (tasks >= Decimal::ONE).then(|| (tasks.normalize(), why))
}

fn proposal(
    svc: &Instance,
    mut purchase: crate::usage::Purchase,
    steady: Decimal,
    why: &str,
    a: &savings_plans::Assumption,
) -> Proposal {
    let payment = a.payment;
    let hours = a.years as u32 * 8760;
    let payment_name = a.term().split_once(' ').map_or(String::new(), |(_, p)| p.to_string());
    purchase.savings_plan = Some(SavingsPlanCover {
        discount: a.discount,
        units: Some(steady),
        label: format!("Compute Savings Plan, assumed {} off", a.percent()),
    });
    let mut p = Proposal::new(
        &svc.address,
        format!(
            "Cover the steady {steady} task(s) with a Compute Savings Plan ({}, up to {} off)",
            a.term(),
            a.percent()
        ),
        Risk::Safe,
    )
    .note(format!("steady usage: {steady} task(s) ({why}); tasks above it stay on demand"))
    .note(a.statement())
    .note("a commitment: the hourly amount is billed every hour of the term whether the tasks run or not");
    p.changes.push(Change::SetPurchase { address: svc.address.clone(), purchase });
    p.edits.push(Edit::Manual {
        reason: format!(
            "Savings Plans are bought in the account, not declared in Terraform: buy a Compute Savings Plan ({term}) for the hourly commitment of this finding, after checking the rate with the purchase analyzer: `aws savingsplans describe-savings-plans-offerings --plan-types Compute --durations {seconds} --payment-options \"{payment_name}\" --currencies USD` gives the offering id, then `aws savingsplans create-savings-plan --savings-plan-offering-id <id> --commitment <hourly commitment>{upfront}`",
            term = a.term(),
            seconds = u64::from(hours) * 3600,
            upfront = match payment {
                Payment::NoUpfront => String::new(),
                _ => " --upfront-payment-amount <the finding's upfront>".to_string(),
            },
        ),
    });
    p.savings_plan = Some(PlanSizing { discount: a.discount, years: a.years, payment });
    p
}
