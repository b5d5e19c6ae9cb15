//! `aws_ecs_service` with its `aws_ecs_task_definition`: Fargate tasks are charged per vCPU-hour
//! and per GB-hour of the task size (not of the containers), plus ephemeral storage above the
//! 20 GB every task gets. EC2 and EXTERNAL launch types cost nothing here: the instances are
//! priced on their own resources.
//!
//! Which capacity runs the tasks, in ECS's order: `launch_type` when set (the cluster's strategy
//! is then ignored); else the service's `capacity_provider_strategy`; else the cluster's default
//! strategy from `aws_ecs_cluster_capacity_providers`; else the EC2 launch type. A strategy
//! splits the tasks over FARGATE and FARGATE_SPOT: the provider with a `base` runs the first
//! `base` tasks, the rest are shared in proportion to `weight` (averaged, so shares may be
//! fractional).
//!
//! Task count: `desired_count`, or, when an `aws_appautoscaling_target` scales the service, the
//! traffic model's `desired_count` (bounded by the target's min and max capacity; when the
//! model gives none, the minimum capacity, with a warning).
//!
//! Task size: `cpu` in CPU units (`256`, `"512"`) or vCPU (`"1 vCPU"`, `"0.25 vcpu"`); `memory`
//! in MiB (`512`, `"2048"`) or GB (`"2 GB"`, `"0.5GB"`). `runtime_platform` selects ARM64
//! (Graviton prices) and Windows (own vCPU and memory prices plus an OS license per vCPU-hour).
//! Fargate Spot runs Linux tasks, x86 and (since September 2024, AWS What's New "Amazon ECS now
//! supports AWS Graviton-based Spot compute with AWS Fargate") ARM64, but not Windows. ARM64 Spot
//! is priced with the `SpotUsage-Fargate-ARM-*` usage types; the bundled snapshot has no such
//! price, so it shows "price not found" rather than an x86 or on-demand stand-in. A
//! `spot_share` purchase option moves that share of the on-demand Fargate tasks to Fargate Spot.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, LinkView, Mapping, Priced, Quantity, ResourceType, attr_quantity, attr_str,
    blocks, link_target, n, same_module,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Link, NoLink, Value, Via};
use crate::usage::links;

super::component_ids! {
    VCPU = "fargate.vcpu",
    VCPU_SPOT = "fargate.vcpu.spot",
    VCPU_ARM = "fargate.vcpu.arm",
    VCPU_ARM_SPOT = "fargate.vcpu.arm.spot",
    VCPU_WINDOWS = "fargate.vcpu.windows",
    MEMORY = "fargate.memory",
    MEMORY_SPOT = "fargate.memory.spot",
    MEMORY_ARM = "fargate.memory.arm",
    MEMORY_ARM_SPOT = "fargate.memory.arm.spot",
    MEMORY_WINDOWS = "fargate.memory.windows",
    WINDOWS_LICENSE = "fargate.windows_license",
    EPHEMERAL_STORAGE = "fargate.ephemeral_storage",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_ecs_service",
    map,
    reads: &[
        "aws_ecs_task_definition",
        "aws_ecs_cluster",
        "aws_ecs_cluster_capacity_providers",
        "aws_appautoscaling_target",
    ],
    component_ids: COMPONENT_IDS,
};

/// The task definition a service runs ([`links::task_definition`]: by reference, ARN, family
/// or ARN without revision); shared with the advise rules on Fargate services so they read the
/// same task definition the estimate priced.
pub fn ecs_task_definition<'a>(ctx: &'a Ctx, svc: &Instance) -> Option<&'a Instance> {
    links::task_definition(ctx.instances, svc).ok().map(|l| l.target)
}

/// The links this mapping follows, for `costplan resources`: the task definition, the cluster,
/// the cluster's capacity providers and the log group of the task definition's containers.
pub fn links(instances: &[Instance], svc: &Instance) -> Vec<LinkView> {
    let mut out = Vec::new();
    if let Ok(td) = links::task_definition(instances, svc) {
        out.push(LinkView::new("task_definition", "task_definition", &td));
        if let Ok(group) = links::log_group(instances, td.target) {
            let at = format!("{}: container_definitions", td.target.address);
            out.push(LinkView::new("log_group", at, &group));
        }
    }
    if let Ok(cluster) = links::cluster(instances, svc) {
        out.push(LinkView::new("cluster", "cluster", &cluster));
        if let Some(cp) = links::capacity_providers(instances, cluster.target) {
            let at = format!("{}: cluster_name", cp.target.address);
            out.push(LinkView::new("capacity_providers", at, &cp));
        }
    }
    out
}

/// One capacity provider's share of the tasks.
struct Share {
    spot: bool,
    tasks: Decimal,
    why: String,
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let task_def = links::task_definition(ctx.instances, inst);
    let Some(task_def) = link_target(inst, task_def, "`task_definition`", &mut priced) else {
        priced.warn(
            inst,
            "reference-not-found",
            "task definition not found in the configuration: the task size is unknown",
        );
        return Mapping::Priced(priced);
    };
    let Some((tasks, tasks_formula, source)) = task_count(inst, ctx, &mut priced) else {
        return Mapping::Priced(priced);
    };
    let Some(shares) = capacity(inst, ctx, tasks, &tasks_formula, &mut priced) else {
        return Mapping::Free(
            "EC2 launch type: the tasks run on EC2 instances, which are priced on their own resources".into(),
        );
    };
    let vcpu = parse_cpu(task_def.attr("cpu"));
    let memory = parse_memory(task_def.attr("memory"));
    let (Some(vcpu), Some(memory)) = (vcpu, memory) else {
        // Set to something that is not a size (a negative number, a word): invalid, not
        // merely unknown until apply.
        let given = |a: &str| task_def.attr(a).is_some_and(|v| !v.contains_unknown());
        let (code, what) = if given("cpu") && given("memory") {
            ("invalid-value", "not a valid size: cpu and memory must be positive numbers")
        } else {
            ("value-unknown", "not known")
        };
        priced.warn(
            inst,
            code,
            format!(
                "task size of {} is {what} (cpu = {}, memory = {})",
                task_def.address,
                task_def.attr("cpu").map_or("unset".into(), ToString::to_string),
                task_def.attr("memory").map_or("unset".into(), ToString::to_string)
            ),
        );
        return Mapping::Priced(priced);
    };
    let arch = attr_str(task_def, "runtime_platform.0.cpu_architecture").unwrap_or("X86_64");
    let os = attr_str(task_def, "runtime_platform.0.operating_system_family").unwrap_or("LINUX");
    let arm = arch.eq_ignore_ascii_case("ARM64");
    let windows = os.to_ascii_uppercase().starts_with("WINDOWS");
    // Absent: the 20 GB every task gets. Negative or not a number: said, and no extra storage.
    let storage = attr_quantity(task_def, "ephemeral_storage.0.size_in_gib")
        .unwrap_or_else(|why| {
            let why = format!("{}: {why}; storage above 20 GB is not priced", task_def.address);
            priced.warn(inst, "invalid-value", why);
            None
        })
        .unwrap_or(Decimal::from(20));
    // A Spot share from the purchase options moves that part of each on-demand share to
    // FARGATE_SPOT (Spot runs only Linux tasks).
    let spot_share = ctx
        .usage
        .purchase(&inst.address)
        .and_then(|p| p.spot_share)
        .filter(|s| !s.is_zero() && !windows)
        .map(|s| s.clamp(Decimal::ZERO, Decimal::ONE));
    let spot_discount = ctx
        .usage
        .purchase(&inst.address)
        .and_then(|p| p.spot_discount)
        .map(|d| d.clamp(Decimal::ZERO, Decimal::ONE));
    let shares: Vec<Share> = match spot_share {
        None => shares,
        Some(s) => shares
            .into_iter()
            .flat_map(|share| {
                if share.spot {
                    return vec![share];
                }
                let pct = n(s * Decimal::from(100));
                vec![
                    Share {
                        spot: false,
                        tasks: share.tasks * (Decimal::ONE - s),
                        why: format!("{} × (1 − {pct}% Spot share)", share.why),
                    },
                    Share {
                        spot: true,
                        tasks: share.tasks * s,
                        why: format!("{} × {pct}% Spot share", share.why),
                    },
                ]
            })
            .collect(),
    };
    // A Savings Plan (advise's commitment what-if) covers a steady number of on-demand tasks:
    // their vCPU and memory at the on-demand rate less the discount (ephemeral storage and the
    // Windows license are not covered).
    let plan = super::savings_plan(inst, ctx).and_then(|sp| Some((sp, sp.units?)));
    let mut left = plan.map_or(Decimal::ZERO, |(_, units)| units);
    let mut split: Vec<(Share, bool)> = Vec::new();
    for share in shares {
        if share.spot || left <= Decimal::ZERO {
            split.push((share, false));
            continue;
        }
        let covered = share.tasks.min(left);
        left -= covered;
        if share.tasks > covered {
            split.push((
                Share {
                    spot: false,
                    tasks: share.tasks - covered,
                    why: format!("{} − {} covered", share.why, n(covered)),
                },
                false,
            ));
        }
        split.push((
            Share { spot: false, tasks: covered, why: format!("{} covered", n(covered)) },
            true,
        ));
    }
    let hours = ctx.hours_per_month;
    let q = |u: &str| PriceQuery::new("AmazonECS", &ctx.region).usage_type(u);
    for (share, covered) in split.iter().filter(|(s, _)| !s.tasks.is_zero()) {
        if share.spot && windows {
            priced.warn(
                inst,
                "unsupported-option",
                "Fargate Spot does not run Windows tasks; the Spot share is priced as on-demand",
            );
        }
        let spot = share.spot && !windows;
        // A Spot discount from the purchase options prices Spot off the on-demand rate (of the
        // same architecture) instead of the snapshot's dated Spot price.
        let discounted_spot = spot_discount.filter(|_| spot);
        let spot_label;
        // The ids say what is billed (capacity and architecture or OS); the label also says
        // any discount, which the ids leave to the price.
        let (vcpu_id, memory_id) = match (spot, arm, windows) {
            (true, true, _) => (VCPU_ARM_SPOT, MEMORY_ARM_SPOT),
            (true, false, _) => (VCPU_SPOT, MEMORY_SPOT),
            (false, true, _) => (VCPU_ARM, MEMORY_ARM),
            (false, false, true) => (VCPU_WINDOWS, MEMORY_WINDOWS),
            (false, false, false) => (VCPU, MEMORY),
        };
        let (label, prefix) = match (spot, arm, windows) {
            (true, _, _) => {
                let (arch, on_demand, spot_prefix) = if arm {
                    (", ARM64", "Fargate-ARM", "SpotUsage-Fargate-ARM")
                } else {
                    ("", "Fargate", "SpotUsage-Fargate")
                };
                match discounted_spot {
                    Some(d) => {
                        let pct = n(d * Decimal::from(100));
                        spot_label = format!("Fargate Spot{arch}, on-demand less {pct}%");
                        (spot_label.as_str(), on_demand)
                    }
                    None => {
                        spot_label = format!("Fargate Spot{arch}");
                        (spot_label.as_str(), spot_prefix)
                    }
                }
            }
            (false, true, _) => ("Fargate, ARM64", "Fargate-ARM"),
            (false, false, true) => ("Fargate, Windows", "Fargate-Windows"),
            _ => ("Fargate", "Fargate"),
        };
        let plan = plan.filter(|_| *covered).map(|(sp, _)| sp);
        // Ephemeral storage is not covered by a Savings Plan: its line keeps the plain label.
        let storage_label = label;
        let covered_label;
        let label = match plan {
            Some(sp) => {
                covered_label = format!("{label}, {}", sp.label);
                covered_label.as_str()
            }
            None => label,
        };
        let factor = match plan {
            Some(sp) => Decimal::ONE - sp.discount,
            None => discounted_spot.map_or(Decimal::ONE, |d| Decimal::ONE - d),
        };
        let basis = format!("{} ({}) × {} h", n(share.tasks), share.why, n(hours));
        let quantity = |per_task: Decimal, unit: &str| {
            // A task count from a usage value can be too large to multiply out: not known.
            let total = crate::checked::product([share.tasks, hours, per_task]);
            let mut q = match total {
                Ok(total) => Quantity::fixed(
                    total,
                    format!("{basis} × {} {unit} = {}", n(per_task), n(total)),
                ),
                Err(e) => Quantity::invalid(format!("{basis} × {} {unit}: {e}", n(per_task))),
            };
            q.usage_based = source.is_some();
            q.usage_source = source;
            if source.is_some() {
                q.usage_key = Some("desired_count".into());
            }
            q
        };
        priced.components.push(
            ComponentSpec::new(
                vcpu_id,
                format!("vCPU ({label})"),
                "vCPU-hours",
                quantity(vcpu, "vCPU"),
                q(&format!("{prefix}-vCPU-Hours:perCPU")),
            )
            .rate_factor(factor),
        );
        priced.components.push(
            ComponentSpec::new(
                memory_id,
                format!("Memory ({label})"),
                "GB-hours",
                quantity(memory, "GB"),
                q(&format!("{prefix}-GB-Hours")),
            )
            .rate_factor(factor),
        );
        if windows && !spot {
            priced.components.push(ComponentSpec::new(
                WINDOWS_LICENSE,
                "Windows OS license (Fargate)",
                "vCPU-hours",
                quantity(vcpu, "vCPU"),
                q("Fargate-Windows-OS-Hours:perCPU"),
            ));
        }
        if storage > Decimal::from(20) {
            let extra = storage - Decimal::from(20);
            priced.components.push(ComponentSpec::new(
                EPHEMERAL_STORAGE,
                format!("Ephemeral storage above 20 GB ({storage_label})"),
                "GB-hours",
                quantity(extra, "GB above the free 20 GB"),
                q("Fargate-EphemeralStorage-GB-Hours"),
            ));
        }
    }
    Mapping::Priced(priced)
}

/// The task count, its formula, and the usage source when it came from the traffic model;
/// `None` (with an `invalid-value` warning) when a count attribute is negative or not a number.
fn task_count(
    inst: &Instance,
    ctx: &Ctx,
    priced: &mut Priced,
) -> Option<(Decimal, String, Option<crate::usage::UsageSource>)> {
    let target = autoscaling_target(inst, ctx.instances);
    let counts = [(inst, "desired_count"), (inst, "min_capacity"), (inst, "max_capacity")];
    let mut values = [None; 3];
    for (i, (of, attr)) in counts.into_iter().enumerate() {
        let of = if i == 0 { Some(of) } else { target };
        let Some(of) = of else { continue };
        match attr_quantity(of, attr) {
            Ok(v) => values[i] = v,
            Err(why) => {
                let of = if of.address == inst.address {
                    String::new()
                } else {
                    format!("{}: ", of.address)
                };
                let why = format!("{of}{why}; the task count is not known");
                priced.warn(inst, "invalid-value", why);
                return None;
            }
        }
    }
    let [desired, min, max] = values;
    // The usage value (explicit, or the traffic model's average for an autoscaled service)
    // wins over the attribute, which the autoscaler overrides anyway.
    if let Some(u) = ctx.usage.get(&inst.address, "desired_count") {
        let mut count = u.value;
        let mut note = String::new();
        if let Some(min) = min.filter(|m| count < *m) {
            count = min;
            note = format!(", raised to min_capacity {}", n(min));
        }
        if let Some(max) = max.filter(|m| count > *m) {
            count = max;
            note = format!(", capped at max_capacity {}", n(max));
        }
        let formula = if u.formula.is_empty() {
            format!("desired_count (usage) {}{note}", n(u.value))
        } else {
            format!("desired_count (usage) {} ({}){note}", n(u.value), u.formula)
        };
        return Some((count, formula, Some(u.source)));
    }
    if let Some(target) = target {
        let count = min.or(desired).unwrap_or(Decimal::ONE);
        priced.warn(
            inst,
            "usage-assumed",
            format!(
                "autoscaled by {} but the traffic model gives no `desired_count`: priced at {} task(s) (min_capacity)",
                target.address,
                n(count)
            ),
        );
        return Some((count, format!("min_capacity {} of {}", n(count), target.address), None));
    }
    Some(match desired {
        Some(d) => (d, format!("desired_count {}", n(d)), None),
        None => {
            if inst.attr("desired_count").is_some_and(Value::contains_unknown) {
                priced.warn(
                    inst,
                    "value-unknown",
                    "`desired_count` is not known until apply: priced at 1 task",
                );
                (Decimal::ONE, "1 task (desired_count unknown)".into(), None)
            } else {
                // Terraform's default desired_count is 0: a service that runs nothing.
                (Decimal::ZERO, "desired_count 0 (default)".into(), None)
            }
        }
    })
}

/// The `aws_appautoscaling_target` scaling this service ([`links::autoscaling_target`]: by
/// reference from its `resource_id`, else by the service name at its end).
pub fn autoscaling_target<'a>(inst: &Instance, instances: &'a [Instance]) -> Option<&'a Instance> {
    links::autoscaling_target(instances, inst).map(|l| l.target)
}

/// How the tasks split over Fargate and Fargate Spot; `None` for the EC2/EXTERNAL launch type.
fn capacity(
    inst: &Instance,
    ctx: &Ctx,
    tasks: Decimal,
    tasks_formula: &str,
    priced: &mut Priced,
) -> Option<Vec<Share>> {
    if let Some(launch) = attr_str(inst, "launch_type") {
        return match launch {
            "FARGATE" => Some(vec![Share {
                spot: false,
                tasks,
                why: format!("{tasks_formula}, launch_type FARGATE"),
            }]),
            _ => None,
        };
    }
    let mut strategy = blocks(inst, "capacity_provider_strategy");
    let mut origin = "service capacity_provider_strategy".to_string();
    if let Some(cp) = cluster_providers(inst, ctx, priced).filter(|_| strategy.is_empty()) {
        strategy = blocks(cp, "default_capacity_provider_strategy");
        origin = format!("default strategy of {}", cp.address);
    }
    if strategy.is_empty() {
        return None;
    }
    let entries: Vec<(String, Decimal, Decimal)> = strategy
        .iter()
        .map(|b| {
            (
                b.get("capacity_provider").and_then(Value::as_str).unwrap_or("").to_string(),
                b.get("base").and_then(Value::as_decimal).unwrap_or_default(),
                b.get("weight").and_then(Value::as_decimal).unwrap_or_default(),
            )
        })
        .collect();
    if !entries.iter().any(|(p, _, _)| p == "FARGATE" || p == "FARGATE_SPOT") {
        return None;
    }
    let base_total: Decimal = entries.iter().map(|(_, b, _)| *b).sum::<Decimal>().min(tasks);
    let rest = tasks - base_total;
    let weights: Decimal = entries.iter().map(|(_, _, w)| *w).sum();
    let mut shares = Vec::new();
    let mut base_left = tasks;
    for (provider, base, weight) in &entries {
        let base_here = (*base).min(base_left);
        base_left -= base_here;
        let weighted = if weights.is_zero() { Decimal::ZERO } else { rest * weight / weights };
        let count = base_here + weighted;
        let why = format!(
            "{tasks_formula}; {origin}: {provider} base {} + weight {}/{} of {}",
            n(*base),
            n(*weight),
            n(weights),
            n(rest)
        );
        match provider.as_str() {
            "FARGATE" => shares.push(Share { spot: false, tasks: count, why }),
            "FARGATE_SPOT" => shares.push(Share { spot: true, tasks: count, why }),
            // Tasks on an EC2 capacity provider run on instances priced elsewhere.
            _ => {}
        }
    }
    Some(shares)
}

/// The capacity providers (default strategy) of the service's cluster: the cluster the
/// service links to, and the `aws_ecs_cluster_capacity_providers` linking to that cluster. A
/// service that names no cluster runs in the `default` cluster: then the only capacity
/// providers of the module are assumed, with a warning.
fn cluster_providers<'a>(
    inst: &Instance,
    ctx: &'a Ctx,
    priced: &mut Priced,
) -> Option<&'a Instance> {
    let cluster = links::cluster(ctx.instances, inst);
    if matches!(cluster, Err(NoLink::Absent)) && inst.attr("cluster").is_none() {
        let candidates = same_module(ctx, inst, "aws_ecs_cluster_capacity_providers");
        let only = (candidates.len() == 1).then(|| candidates[0]);
        let guess = only.map(|target| Link { target, via: Via::Guess });
        return link_target(inst, guess.ok_or(NoLink::Absent), "`cluster` (unset)", priced);
    }
    let cluster = link_target(inst, cluster, "`cluster`", priced)?;
    links::capacity_providers(ctx.instances, cluster).map(|l| l.target)
}

/// The task-hour vCPU components this file prices, asked by component id (never by display
/// name, which may change): rules that read an estimate ask these instead of spelling ids again.
/// An estimate prices Savings Plan coverage only in `advise`'s commitment what-ifs, never in the
/// estimate the rules read, so the plain ids are the plain rates.
///
/// Any Fargate vCPU component.
pub fn is_fargate_vcpu(id: &str) -> bool {
    [VCPU, VCPU_SPOT, VCPU_ARM, VCPU_ARM_SPOT, VCPU_WINDOWS].contains(&id)
}

/// A component priced on Fargate Spot.
pub fn is_spot(id: &str) -> bool {
    [VCPU_SPOT, VCPU_ARM_SPOT, MEMORY_SPOT, MEMORY_ARM_SPOT].contains(&id)
}

/// On-demand x86 Linux Fargate vCPU.
pub fn is_on_demand_x86_vcpu(id: &str) -> bool {
    id == VCPU
}

/// x86 Linux Fargate vCPU, on-demand or Spot.
pub fn is_x86_vcpu(id: &str) -> bool {
    id == VCPU || id == VCPU_SPOT
}

/// vCPU of a task: CPU units (1024 = 1 vCPU) or a `"N vCPU"` string.
pub fn parse_cpu(value: Option<&Value>) -> Option<Decimal> {
    let value = value?;
    if let Some(units) = value.as_decimal() {
        return positive(units / Decimal::from(1024));
    }
    let text = value.as_str()?.trim().to_ascii_lowercase();
    let number = text.strip_suffix("vcpu")?.trim();
    number.parse::<Decimal>().ok().and_then(positive)
}

/// A task size is above zero: `-256` or `0` is not a size (and would price negative hours).
fn positive(size: Decimal) -> Option<Decimal> {
    (size > Decimal::ZERO).then_some(size)
}

/// Memory of a task in GB: MiB (`512`) or a `"N GB"` string.
pub fn parse_memory(value: Option<&Value>) -> Option<Decimal> {
    let value = value?;
    if let Some(mib) = value.as_decimal() {
        return positive(mib / Decimal::from(1024));
    }
    let text = value.as_str()?.trim().to_ascii_lowercase();
    let number = text.strip_suffix("gb")?.trim();
    number.parse::<Decimal>().ok().and_then(positive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn task_sizes_in_every_accepted_form() {
        let s = |t: &str| Value::String(t.into());
        assert_eq!(parse_cpu(Some(&Value::Number(dec!(256)))), Some(dec!(0.25)));
        assert_eq!(parse_cpu(Some(&s("512"))), Some(dec!(0.5)));
        assert_eq!(parse_cpu(Some(&s("1 vCPU"))), Some(dec!(1)));
        assert_eq!(parse_cpu(Some(&s("0.25vcpu"))), Some(dec!(0.25)));
        assert_eq!(parse_cpu(Some(&s("lots"))), None);
        assert_eq!(parse_memory(Some(&Value::Number(dec!(512)))), Some(dec!(0.5)));
        assert_eq!(parse_memory(Some(&s("2 GB"))), Some(dec!(2)));
        assert_eq!(parse_memory(Some(&s("3072"))), Some(dec!(3)));
        assert_eq!(parse_memory(Some(&Value::Unknown)), None);
        // Not a size: never a negative or zero number of hours.
        assert_eq!(parse_cpu(Some(&s("-256"))), None);
        assert_eq!(parse_cpu(Some(&s("-1 vCPU"))), None);
        assert_eq!(parse_memory(Some(&Value::Number(dec!(-512)))), None);
        assert_eq!(parse_memory(Some(&s("0 GB"))), None);
    }
}
