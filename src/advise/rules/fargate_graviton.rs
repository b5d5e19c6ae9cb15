//! CP120 `fargate-graviton`: Fargate services whose task definition runs Linux on x86 get
//! `runtime_platform { cpu_architecture = "ARM64" }` (Graviton, about 20% cheaper per vCPU-hour
//! and GB-hour).
//!
//! The finding is on the service (its cost changes); the edit is on the task definition. Tasks
//! already on Fargate Spot: AWS runs ARM64 tasks on Spot since September 2024 (AWS What's New
//! "Amazon ECS now supports AWS Graviton-based Spot compute with AWS Fargate"), but the bundled
//! snapshot has no ARM Spot price, so the re-estimate cannot price them and the engine skips the
//! candidate as "cost after not known" rather than guessing. For the same reason, on a service
//! that also gets a Spot finding (CP101) the two are alternatives: the engine keeps the larger
//! saving and lists the other as skipped with both savings.

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources;
use crate::resources::ecs_service;
use crate::terraform::{Instance, Value};

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_ecs_service` running on Fargate whose `aws_ecs_task_definition` has no `runtime_platform`, or one with `cpu_architecture = \"X86_64\"` and a Linux `operating_system_family` (Fargate runs ARM64 only for Linux). A task definition whose architecture or OS is not known (computed) gets no finding.",
    why: "Fargate on Graviton (ARM64) costs about 20% less per vCPU-hour and per GB-hour than x86 (us-east-1: $0.03238 vs $0.04048 per vCPU-hour, $0.00356 vs $0.004445 per GB-hour), for the same task size; most interpreted and JVM workloads run unchanged on a multi-architecture image.",
    example: r#"Before:
  resource "aws_ecs_task_definition" "api" {
    family = "api"
    cpu    = 512
    memory = 1024
  }
After:
  resource "aws_ecs_task_definition" "api" {
    family = "api"
    cpu    = 512
    memory = 1024

    runtime_platform {
      operating_system_family = "LINUX"
      cpu_architecture        = "ARM64"
    }
  }"#,
    savings: "The service is re-estimated with the task definition on ARM64: its task-hours are priced at the snapshot's `Fargate-ARM-vCPU-Hours:perCPU` and `Fargate-ARM-GB-Hours` prices instead of the x86 ones (ephemeral storage keeps its price). Saving = x86 cost − ARM64 cost. Task-hours on Fargate Spot would need an ARM Spot price, which the snapshot does not have: such services are skipped (cost after not known), and on a service that also gets CP101 the two cannot be priced together: the larger saving is recommended and the other listed as not recommended, with both savings alone.",
    risks: "Every container image must have a linux/arm64 variant (a multi-architecture manifest), including sidecars (log routers, agents); native dependencies and binaries built for x86 fail to start. Changing `runtime_platform` creates a new task definition revision and the service rolls its tasks (a rolling deployment, no outage when the service has more than one task and health checks). Test the image on ARM64 first.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP120"
    }

    fn name(&self) -> &'static str {
        "fargate-graviton"
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
    // Only x86 Linux Fargate task-hours (on-demand or Spot) move; ARM64 and Windows components
    // have ids of their own (`fargate.vcpu.arm`, `fargate.vcpu.windows`).
    if !cost.all_components().any(|c| ecs_service::is_x86_vcpu(&c.id)) {
        return None;
    }
    let rctx = ctx.resources_ctx(svc);
    let task_def = resources::ecs_task_definition(&rctx, svc)?;
    let platform = resources::blocks(task_def, "runtime_platform");
    let (os, has_block) = match platform.first() {
        None => ("LINUX".to_string(), false),
        Some(block) => {
            // A computed architecture or OS: the estimate assumed x86 Linux, but the rule does
            // not guess what the configuration will really run.
            let arch = known(block.get("cpu_architecture"))?;
            let os = known(block.get("operating_system_family"))?;
            if !arch.as_deref().unwrap_or("X86_64").eq_ignore_ascii_case("X86_64") {
                return None;
            }
            let os = os.unwrap_or_else(|| "LINUX".into());
            if !os.eq_ignore_ascii_case("LINUX") {
                return None;
            }
            (os, true)
        }
    };
    let value = Value::List(vec![Value::Map(
        [
            ("cpu_architecture".to_string(), Value::String("ARM64".into())),
            ("operating_system_family".to_string(), Value::String(os)),
        ]
        .into_iter()
        .collect(),
    )]);
    let mut p = Proposal::new(
        &svc.address,
        format!(
            "Run {} on Graviton (runtime_platform cpu_architecture = \"ARM64\")",
            task_def.address
        ),
        Risk::NeedsTesting,
    );
    p.changes.push(Change::Set {
        address: task_def.address.clone(),
        attribute: "runtime_platform".into(),
        value,
    });
    if has_block {
        p.edits.push(Edit::Manual {
            reason: format!(
                "{} has its own runtime_platform block: set cpu_architecture = \"ARM64\" in it",
                task_def.address
            ),
        });
    } else {
        p.edits.push(Edit::AddBlock {
            address: task_def.address.clone(),
            text: "runtime_platform {\n  operating_system_family = \"LINUX\"\n  cpu_architecture        = \"ARM64\"\n}".into(),
        });
    }
    p = p.note("every container image (sidecars included) must have a linux/arm64 variant: a multi-architecture image");
    let others: Vec<&str> = ctx
        .of_type("aws_ecs_service")
        .filter(|o| o.address != svc.address)
        .filter(|o| {
            resources::ecs_task_definition(&rctx, o).is_some_and(|t| t.address == task_def.address)
        })
        .map(|o| o.address.as_str())
        .collect();
    if !others.is_empty() {
        p = p.note(format!(
            "{} is also used by {}: they move to ARM64 with it",
            task_def.address,
            others.join(", ")
        ));
    }
    Some(p)
}

/// `Some(None)` when absent or null, `Some(Some(s))` for a known string, `None` when the value is
/// computed or not a string.
fn known(v: Option<&Value>) -> Option<Option<String>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}
