//! CP160 `fargate-rightsizing`: Fargate services whose tasks are larger than the traffic model's
//! load needs get the next smaller valid Fargate CPU size.
//!
//! Evidence, and nothing else: the traffic model's load on the service ([`ServiceLoad`]: the
//! scenario's requests reaching it through its load balancer, its busiest hour, and the
//! scenario's `capacity_per_task`) and the fewest tasks it runs (`min_capacity` of its scaling
//! target, or its fixed `desired_count`). Assumption, stated in every finding: a task's capacity
//! is proportional to its vCPU (half the CPU serves half the requests per second). A service is
//! oversized when its busiest hour fits in its fewest tasks at the smaller size — the task count
//! does not change, each task is smaller. Memory is never reduced: the model knows nothing of
//! memory use, so the memory is kept, and when the smaller CPU does not allow that memory there
//! is no finding (skipped, with the reason).
//!
//! No finding (silently) for services with no load figure: not behind a load balancer (workers),
//! no request count, EC2 launch type. Skipped with a reason: `capacity_per_task` not stated in
//! the scenario (the default profile's 50/s says nothing about this service), a task already at
//! the smallest size, a memory the smaller CPU does not allow, a task definition shared with
//! another service, a task count given explicitly.
//!
//! Valid Fargate sizes (Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition
//! invalid CPU or memory errors"): 256 CPU units with 512, 1024 or 2048 MiB; 512 with 1–4 GB;
//! 1024 with 2–8 GB; 2048 with 4–16 GB; 4096 with 8–30 GB (1 GB steps); 8192 with 16–60 GB
//! (4 GB steps); 16384 with 32–120 GB (8 GB steps); Windows from 1024 to 4096 CPU units.
//!
//! [`ServiceLoad`]: crate::usage::ServiceLoad

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::ecs_service;
use crate::resources::{self, attr_str};
use crate::terraform::{Instance, Value};
use crate::usage::{ServiceLoad, UsageSource, format_number as num};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_ecs_service` on Fargate behind a load balancer whose busiest hour of the scenario's requests fits in its fewest tasks (the scaling target's `min_capacity`, or its fixed `desired_count`) at the next smaller Fargate CPU size, assuming a task's capacity (`capacity_per_task`, which the scenario must state) is proportional to its vCPU. The memory is kept; when the smaller CPU does not allow it, when the task is already at the smallest size (256 CPU units; 1024 on Windows), or when the task definition is shared with another service, the candidate is listed as not recommended with the reason. Services without a load figure (no load balancer, no request count) never get a finding.",
    why: "Fargate bills every task-hour for the task size (vCPU and GB), not for what the containers use. A service kept at its minimum task count by the autoscaler, whose tasks run at under half the capacity_per_task even in the busiest hour, pays for idle vCPU every hour: halving the CPU halves the vCPU part of its bill.",
    example: r#"Before (scenario: 200k requests/month, peak_to_average 3, capacity_per_task 20/s; min_capacity 2):
  resource "aws_ecs_task_definition" "api" {
    cpu    = 1024
    memory = 2048
  }
After (busiest hour 0.23 req/s ≤ 2 tasks × 10 req/s at 512 CPU units):
  resource "aws_ecs_task_definition" "api" {
    cpu    = 512
    memory = 2048
  }"#,
    savings: "The service is re-estimated with the task definition's `cpu` at the next smaller valid size (memory unchanged): the same task count (the load still fits in the fewest tasks) at the smaller vCPU-hours. Saving = (old vCPU − new vCPU) × task-hours × the vCPU-hour price of its capacity (Fargate, ARM64, Spot). Evidence shown on the finding: peak req/s, the fewest tasks, capacity_per_task and the share of the smaller tasks' capacity the busiest hour uses.",
    risks: "capacity_per_task is a figure about today's task size: after the change the scenario still states it for the larger tasks, so halve it there (the finding says the new figure), or the next run steps down again from a capacity the smaller tasks do not have. The proportional-to-vCPU assumption fails for workloads bound by memory, I/O or a single thread, and start-up (JVM warm-up) gets slower with less CPU. Load-test the smaller size at the peak rate first. A new task definition revision rolls the service's tasks (a rolling deployment). When `cpu` comes from a variable the patch changes it where the variable is set: every task definition using that variable shrinks with it.",
};

/// Fargate CPU sizes, in CPU units, smallest first.
const CPU_UNITS: [i64; 7] = [256, 512, 1024, 2048, 4096, 8192, 16384];

/// Whether Fargate runs a task of `cpu` units with `memory` MiB.
fn valid(cpu: i64, memory: i64, windows: bool) -> bool {
    if windows && !(1024..=4096).contains(&cpu) {
        return false;
    }
    let (lo, hi, step) = match cpu {
        256 => return [512, 1024, 2048].contains(&memory),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        8192 => (16384, 61440, 4096),
        16384 => (32768, 122880, 8192),
        _ => return false,
    };
    (lo..=hi).contains(&memory) && (memory - lo) % step == 0
}

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP160"
    }

    fn name(&self) -> &'static str {
        "fargate-rightsizing"
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
    // Only Fargate task-hours (on-demand, Spot, ARM64, Windows) shrink with the task size.
    if !cost.all_components().any(|c| ecs_service::is_fargate_vcpu(&c.id)) {
        return None;
    }
    let load = ctx.usage.service_load.get(&svc.address)?;
    let skip = |reason: String| Some(Proposal::not_recommended(&svc.address, reason));
    if !load.capacity_given {
        return skip(format!(
            "capacity_per_task is the default profile's assumption ({} req/s), not a figure for this service: state `capacity_per_task` in the scenario to size its tasks",
            num(load.capacity_per_task)
        ));
    }
    if ctx
        .usage
        .get(&svc.address, "desired_count")
        .is_some_and(|u| u.source == UsageSource::Explicit)
    {
        return skip(
            "its task count is given explicitly, so the traffic model's load is not what is priced"
                .into(),
        );
    }
    let rctx = ctx.resources_ctx(svc);
    let task_def = resources::ecs_task_definition(&rctx, svc)?;
    let cpu_value = task_def.attr("cpu")?;
    let units = resources::parse_cpu(Some(cpu_value))? * Decimal::from(1024);
    let memory = resources::parse_memory(task_def.attr("memory"))? * Decimal::from(1024);
    if !units.fract().is_zero() || !memory.fract().is_zero() {
        return None;
    }
    let (Ok(units), Ok(memory)) = (i64::try_from(units), i64::try_from(memory)) else {
        return None;
    };
    let os = attr_str(task_def, "runtime_platform.0.operating_system_family").unwrap_or("LINUX");
    let windows = os.to_ascii_uppercase().starts_with("WINDOWS");
    let at = CPU_UNITS.iter().position(|c| *c == units)?;
    let floor = load.floor_tasks;
    if floor <= Decimal::ZERO {
        return None;
    }
    // The evidence: the busiest hour's requests fit in the fewest tasks at half the CPU (every
    // smaller Fargate size is half the next one), capacity assumed proportional to vCPU.
    let half_capacity = load.capacity_per_task / Decimal::TWO;
    if load.peak_rps > floor * half_capacity {
        return None;
    }
    let evidence = evidence(load, units);
    let Some(to) = at.checked_sub(1).map(|i| CPU_UNITS[i]).filter(|s| !windows || *s >= 1024)
    else {
        return skip(format!(
            "{evidence}, but {} is already at the smallest Fargate size ({units} CPU units{})",
            task_def.address,
            if windows { " on Windows" } else { "" }
        ));
    };
    if !valid(to, memory, windows) {
        return skip(format!(
            "{evidence}, but Fargate does not run {memory} MiB with {to} CPU units, and the traffic model says nothing about memory use: reduce the memory by hand only if you measured it"
        ));
    }
    let others: Vec<&str> = ctx
        .of_type("aws_ecs_service")
        .filter(|o| o.address != svc.address)
        .filter(|o| {
            resources::ecs_task_definition(&rctx, o).is_some_and(|t| t.address == task_def.address)
        })
        .map(|o| o.address.as_str())
        .collect();
    if !others.is_empty() {
        return skip(format!(
            "{evidence}, but {} is also used by {}: size it per service",
            task_def.address,
            others.join(", ")
        ));
    }
    let value = match cpu_value {
        Value::String(_) => Value::String(to.to_string()),
        _ => Value::Number(Decimal::from(to)),
    };
    let mut p = Proposal::new(
        &svc.address,
        format!(
            "Run {} at {to} CPU units instead of {units} (memory {memory} MiB kept)",
            task_def.address
        ),
        Risk::NeedsTesting,
    );
    p.changes.push(Change::Set {
        address: task_def.address.clone(),
        attribute: "cpu".into(),
        value: value.clone(),
    });
    p.edits.push(Edit::SetAttribute {
        address: task_def.address.clone(),
        attribute: "cpu".into(),
        value,
    });
    p = p.note(format!("{evidence} ({})", load.formula));
    p = p.note(format!(
        "assumes a task's capacity is proportional to its vCPU: {to} CPU units serve {} req/s at the autoscaling target; load-test the smaller size at the peak rate first, then set `capacity_per_task: {}/s` in the scenario (today's figure describes {units}-unit tasks)",
        num(load.capacity_per_task * Decimal::from(to) / Decimal::from(units)),
        num(load.capacity_per_task * Decimal::from(to) / Decimal::from(units))
    ));
    Some(p)
}

/// What the model says, as the finding states it.
fn evidence(load: &ServiceLoad, units: i64) -> String {
    let capacity = load.floor_tasks * load.capacity_per_task;
    let share = if capacity.is_zero() {
        Decimal::ZERO
    } else {
        (load.peak_rps / capacity * Decimal::from(100)).round_dp(1)
    };
    format!(
        "in the busiest hour {} req/s reach {} {} task(s) of {units} CPU units, each able to serve {} req/s (capacity_per_task): {}% of their capacity{}",
        num(load.peak_rps),
        if load.autoscaled { "its minimum of" } else { "its" },
        num(load.floor_tasks),
        num(load.capacity_per_task),
        num(share),
        if load.autoscaled { "; the autoscaler never adds a task" } else { "" }
    )
}
