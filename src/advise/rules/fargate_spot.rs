//! CP101 `fargate-spot`: x86 Linux Fargate services running only on on-demand Fargate that can
//! take interruption — outside production, or with more than one task — get a capacity provider
//! strategy that keeps a FARGATE base and puts the other tasks on FARGATE_SPOT.

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::ecs_service;
use crate::resources::{self, parse_cpu};
use crate::terraform::{Instance, Value};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_ecs_service` whose tasks all run on on-demand Fargate (`launch_type = \"FARGATE\"`, or a capacity provider strategy without FARGATE_SPOT), on x86 Linux (Fargate Spot runs neither ARM64 nor Windows tasks), that can take interruption: outside production, or running more than one task.",
    why: "Fargate Spot runs the same task on spare capacity at about 70% off the on-demand vCPU and memory prices. A service pinned to `launch_type = \"FARGATE\"` ignores every capacity provider strategy, so a cluster that lists FARGATE_SPOT still pays on-demand for it.",
    example: r#"Before:
  resource "aws_ecs_service" "api" {
    launch_type   = "FARGATE"
    desired_count = 2
  }
After (launch_type removed: a strategy only applies without it):
  resource "aws_ecs_service" "api" {
    desired_count = 2

    capacity_provider_strategy {
      capacity_provider = "FARGATE"
      base              = 1
      weight            = 0
    }

    capacity_provider_strategy {
      capacity_provider = "FARGATE_SPOT"
      weight            = 1
    }
  }"#,
    savings: "The service is re-estimated with the strategy: the FARGATE base (1 task when the service runs more than one; 0 for a one-task service outside production) stays on-demand, the other task-hours are priced at the Fargate Spot vCPU-hour and GB-hour prices of the snapshot. Saving = on-demand cost − (base on-demand + Spot) cost.",
    risks: "Spot tasks get a two-minute warning and are stopped when AWS needs the capacity; the service must tolerate losing a task (stateless, behind a load balancer, SIGTERM handled). Removing `launch_type` makes Terraform replace the service (the attribute forces a new resource): plan it as a short outage or a blue/green switch. The cluster must list FARGATE_SPOT among its capacity providers (the patch adds it when it can).",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP101"
    }

    fn name(&self) -> &'static str {
        "fargate-spot"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        ctx.of_type("aws_ecs_service").filter_map(|svc| propose(ctx, svc)).collect()
    }
}

fn propose(ctx: &Ctx, svc: &Instance) -> Option<Proposal> {
    let cost = ctx.cost(&svc.address)?;
    // Already on Spot, or not on x86 Linux Fargate at all: nothing to do.
    if cost.all_components().any(|c| ecs_service::is_spot(&c.id)) {
        return None;
    }
    let vcpu_hours: Decimal = cost
        .all_components()
        .filter(|c| ecs_service::is_on_demand_x86_vcpu(&c.id))
        .filter_map(|c| c.quantity)
        .sum();
    if vcpu_hours.is_zero() {
        return None;
    }
    let rctx = ctx.resources_ctx(svc);
    let task_def = resources::ecs_task_definition(&rctx, svc)?;
    let per_task = parse_cpu(task_def.attr("cpu")).filter(|v| !v.is_zero())?;
    let tasks = vcpu_hours / ctx.hours_per_month / per_task;
    let base = if tasks > Decimal::ONE {
        1
    } else if !ctx.production {
        0
    } else {
        // One production task: nothing can be interrupted safely.
        return None;
    };
    let has_own_strategy = !resources::blocks(svc, "capacity_provider_strategy").is_empty();
    let strategy = Value::List(vec![entry("FARGATE", base, 0), entry("FARGATE_SPOT", 0, 1)]);
    let title = if base == 1 {
        "Run the tasks beyond the first on Fargate Spot (capacity provider strategy, FARGATE base 1)"
    } else {
        "Run the service on Fargate Spot (capacity provider strategy with FARGATE_SPOT)"
    };
    let risk = if resources::attr_str(svc, "launch_type").is_some() {
        Risk::CausesDowntime
    } else {
        Risk::NeedsTesting
    };
    let mut p = Proposal::new(&svc.address, title, risk);
    p.changes
        .push(Change::Remove { address: svc.address.clone(), attribute: "launch_type".into() });
    p.changes.push(Change::Set {
        address: svc.address.clone(),
        attribute: "capacity_provider_strategy".into(),
        value: strategy,
    });
    if has_own_strategy {
        p.edits.push(Edit::Manual {
            reason: "the service has its own capacity_provider_strategy blocks: replace them with a FARGATE base and a FARGATE_SPOT entry".into(),
        });
    } else {
        p.edits.push(Edit::RemoveAttribute {
            address: svc.address.clone(),
            attribute: "launch_type".into(),
        });
        p.edits.push(Edit::AddBlock { address: svc.address.clone(), text: strategy_text(base) });
    }
    if resources::attr_str(svc, "launch_type").is_some() {
        p = p.note("`launch_type` must go: ECS ignores every capacity provider strategy while it is set; Terraform replaces the service to remove it");
    }
    if base == 0 {
        p = p.note("one task outside production: it runs entirely on Spot and stops for a few minutes when interrupted, until ECS starts a replacement");
    }
    match cluster_providers(ctx, &rctx, svc) {
        Some(cp) => {
            let list = cp.attr("capacity_providers").and_then(Value::as_list).unwrap_or_default();
            if !list.iter().any(|v| v.as_str() == Some("FARGATE_SPOT")) {
                let mut providers: Vec<Value> = list.to_vec();
                providers.push(Value::String("FARGATE_SPOT".into()));
                p.edits.push(Edit::SetAttribute {
                    address: cp.address.clone(),
                    attribute: "capacity_providers".into(),
                    value: Value::List(providers),
                });
                p = p.note(format!("FARGATE_SPOT is added to {}", cp.address));
            }
        }
        None => {
            p = p.note("the cluster must list FARGATE_SPOT among its capacity providers (aws_ecs_cluster_capacity_providers)");
        }
    }
    Some(p)
}

fn entry(provider: &str, base: i64, weight: i64) -> Value {
    Value::Map(
        [
            ("capacity_provider".to_string(), Value::String(provider.into())),
            ("base".to_string(), Value::Number(Decimal::from(base))),
            ("weight".to_string(), Value::Number(Decimal::from(weight))),
        ]
        .into_iter()
        .collect(),
    )
}

fn strategy_text(base: i64) -> String {
    format!(
        "capacity_provider_strategy {{\n  capacity_provider = \"FARGATE\"\n  base              = {base}\n  weight            = 0\n}}\n\ncapacity_provider_strategy {{\n  capacity_provider = \"FARGATE_SPOT\"\n  weight            = 1\n}}"
    )
}

/// The `aws_ecs_cluster_capacity_providers` of the service's cluster.
fn cluster_providers<'a>(
    ctx: &Ctx<'a>,
    rctx: &resources::Ctx<'a>,
    svc: &Instance,
) -> Option<&'a Instance> {
    let cluster =
        resources::find_referenced(rctx, svc, "cluster", "aws_ecs_cluster", &["arn", "id", "name"]);
    let name = cluster.and_then(|c| resources::attr_str(c, "name"));
    let candidates: Vec<&Instance> = ctx
        .of_type("aws_ecs_cluster_capacity_providers")
        .filter(|c| c.module == svc.module)
        .collect();
    candidates
        .iter()
        .copied()
        .find(|c| name.is_some() && resources::attr_str(c, "cluster_name") == name)
        .or_else(|| (candidates.len() == 1).then(|| candidates[0]))
}
