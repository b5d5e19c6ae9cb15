//! From traffic to the usage of each resource: every formula of `docs/usage-model.md`, each
//! value recorded with its formula and the numbers filled in.
//!
//! Links between resources: service → task definition → log group follows the references the
//! loader recorded, then known names ([`super::links`]); when there is no link at all, the only
//! candidate in the same module is used with a `usage-link-guessed` warning, and an ambiguity is
//! a `usage-link-ambiguous` warning (the quantity is then left to "depends on usage"). Flow log
//! → log group and autoscaling target → service follow references too; bucket → lifecycle uses
//! known names, then the only candidate.

use rust_decimal::Decimal;

use super::number::{TRAFFIC_LIMIT, num};
use super::profile::Profile;
use super::scenario::Model;
use super::{Usage, UsageError, UsageSource, UsageValue};
use crate::terraform::{Instance, Link, Mode, NoLink, Value, Warning};

const KB_PER_GB: i64 = 1_048_576;
const KB_PER_MB: i64 = 1_024;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Traffic totals per month, all sizes in KB.
#[derive(Debug, Clone, Default)]
struct Totals {
    requests: Decimal,
    request_kb: Decimal,
    response_kb: Decimal,
    log_kb: Decimal,
    s3_puts: Decimal,
    s3_put_kb: Decimal,
    s3_gets: Decimal,
    s3_get_kb: Decimal,
    ext_sent_kb: Decimal,
    ext_received_kb: Decimal,
}

impl Totals {
    /// The month's traffic of `requests` requests split by the mix. Every product and sum is
    /// checked, and each total must stay within [`TRAFFIC_LIMIT`]: an error names the request
    /// count or the mix field that made it too large, never a panic further on.
    fn of(profile: &Profile, requests: Decimal) -> Result<Totals, UsageError> {
        let model = &profile.model;
        let too_large = |(origin, key): (String, String), what: String| UsageError::Invalid {
            origin,
            line: None,
            key,
            message: format!(
                "{what} overflows: it is more than costplan computes with (at most {} a month); \
                 lower the value",
                num(TRAFFIC_LIMIT)
            ),
        };
        let bounded = |v: Result<Decimal, crate::checked::Overflow>| {
            v.ok().filter(|v| v.abs() <= TRAFFIC_LIMIT)
        };
        if bounded(Ok(requests)).is_none() {
            let what = format!("the monthly request count ({})", num(requests));
            return Err(too_large(profile.requests_origin.clone(), what));
        }
        let mut t = Totals { requests, ..Totals::default() };
        for r in &model.mix {
            let n = requests * r.share;
            let fields: [(&mut Decimal, &[Decimal], &str); 9] = [
                (&mut t.request_kb, &[r.request_kb], "request_kb"),
                (&mut t.response_kb, &[r.response_kb], "response_kb"),
                (&mut t.log_kb, &[r.log_kb], "log_kb"),
                (&mut t.s3_puts, &[r.s3_puts], "s3_puts"),
                (&mut t.s3_put_kb, &[r.s3_puts, r.s3_put_kb], "s3_put_kb"),
                (&mut t.s3_gets, &[r.s3_gets], "s3_gets"),
                (&mut t.s3_get_kb, &[r.s3_gets, r.s3_get_kb], "s3_get_kb"),
                (&mut t.ext_sent_kb, &[r.external_sent_kb], "external_sent_kb"),
                (&mut t.ext_received_kb, &[r.external_received_kb], "external_received_kb"),
            ];
            for (total, factors, key) in fields {
                let part =
                    crate::checked::product(std::iter::once(n).chain(factors.iter().copied()));
                let sum = bounded(part.and_then(|p| crate::checked::add(*total, p))).ok_or_else(
                    || {
                        let what = format!(
                            "the monthly total of `{key}` over `{}` ({} requests a month × share \
                             {} × the value)",
                            r.name,
                            num(requests),
                            num(r.share)
                        );
                        too_large((profile.origin.clone(), format!("mix.{}.{key}", r.name)), what)
                    },
                )?;
                *total = sum;
            }
        }
        Ok(t)
    }

    /// `Σ requests × share × field` written out per request type, for formulas.
    fn terms(
        model: &Model,
        requests: Decimal,
        field: impl Fn(&super::scenario::RequestType) -> Decimal,
    ) -> String {
        let parts: Vec<String> = model
            .mix
            .iter()
            .filter(|r| !field(r).is_zero())
            .map(|r| format!("{} {} × {} KB", num(requests * r.share), r.name, num(field(r))))
            .collect();
        if parts.is_empty() { "0".into() } else { parts.join(" + ") }
    }
}

/// What derivation learned about one ECS service.
#[derive(Debug, Clone)]
struct Service<'a> {
    inst: &'a Instance,
    behind_lb: bool,
    via_nat: bool,
    average_tasks: Decimal,
    task_starts: Decimal,
    task_starts_formula: String,
}

struct Ctx<'a> {
    profile: &'a Profile,
    /// Every instance, for [`super::links`].
    instances: &'a [Instance],
    managed: Vec<&'a Instance>,
    usage: Usage,
    source: UsageSource,
    hours: Decimal,
}

impl<'a> Ctx<'a> {
    fn of_type(&self, types: &[&str]) -> Vec<&'a Instance> {
        self.managed.iter().copied().filter(|i| types.contains(&i.resource_type.as_str())).collect()
    }

    fn set(&mut self, inst: &Instance, key: &str, value: Decimal, formula: String) {
        self.usage.set(
            &inst.address,
            key,
            UsageValue { value: value.normalize(), source: self.source, formula },
        );
    }

    fn warn(&mut self, code: &str, message: String, inst: Option<&Instance>) {
        self.usage.warnings.push(Warning::new(code, message, inst.map(|i| i.location.clone())));
    }
}

fn text<'v>(inst: &'v Instance, path: &str) -> Option<&'v str> {
    inst.attr(path).and_then(Value::as_str)
}

/// A count or period of the configuration, read as the resource mappings read it
/// ([`super::number::attr_quantity`]): one that is negative, too large or not a number is
/// not used here (the resource's own mapping warns about it), so that no derived quantity goes
/// below zero or past the range.
fn number(inst: &Instance, path: &str) -> Option<Decimal> {
    super::number::attr_quantity(inst, path).ok().flatten()
}

fn flag(inst: &Instance, path: &str) -> Option<bool> {
    inst.attr(path).and_then(Value::as_bool)
}

fn blocks<'v>(inst: &'v Instance, name: &str) -> Vec<&'v Value> {
    inst.attr(name).map(Value::blocks).unwrap_or_default()
}

/// The only element, or `None` when there are zero or several.
fn only<T: Copy>(items: &[T]) -> Option<T> {
    if items.len() == 1 { Some(items[0]) } else { None }
}

/// Computes per-address usage from the profile's traffic, then applies explicit values.
pub fn derive(profile: &Profile, instances: &[Instance]) -> Result<Usage, UsageError> {
    let mut ctx = Ctx {
        profile,
        instances,
        managed: instances.iter().filter(|i| i.mode == Mode::Managed).collect(),
        usage: Usage::default(),
        source: profile.derived_source,
        hours: profile.hours_per_month,
    };
    ctx.usage.warnings.extend(profile.warnings.iter().cloned());
    if let Some(rate) = profile.requests {
        let (origin, key) = profile.requests_origin.clone();
        let requests = rate.per_month(ctx.hours).map_err(|e| UsageError::Invalid {
            origin,
            line: None,
            key,
            message: format!("`{rate}`: the monthly request count overflows: {e}; lower the rate"),
        })?;
        derive_traffic(&mut ctx, requests)?;
    }
    apply_overrides(&mut ctx);
    apply_scaling_capacity(&mut ctx);
    apply_ignored(&mut ctx);
    for inst in &ctx.managed {
        if let Some(p) = profile.purchase_for(&inst.address, &inst.resource_type) {
            ctx.usage.purchase.insert(inst.address.clone(), p);
        }
    }
    Ok(ctx.usage)
}

fn apply_overrides(ctx: &mut Ctx) {
    let mut overrides: Vec<_> = ctx.profile.overrides.iter().enumerate().collect();
    // Least specific first, so that the more specific (and, among equals, the later) wins.
    overrides.sort_by_key(|(i, o)| (o.scope, *i));
    for (_, o) in &overrides {
        let targets: Vec<&Instance> = ctx
            .managed
            .iter()
            .copied()
            .filter(|i| o.applies(&i.address, &i.resource_type))
            .collect();
        if targets.is_empty() {
            ctx.warn(
                "usage-address-unmatched",
                format!(
                    "{}: no resource matches `{}`; its `{}` is unused",
                    o.origin, o.pattern, o.key
                ),
                None,
            );
        }
        for inst in targets {
            ctx.usage.set(
                &inst.address,
                &o.key,
                UsageValue {
                    value: o.value,
                    source: UsageSource::Explicit,
                    formula: format!("{} (given in {})", num(o.value), o.origin),
                },
            );
        }
    }
}

/// Infracost's `capacity` of the `aws_appautoscaling_target` scaling an ECS service is the
/// service's task count (`desired_count`), unless the service's own `desired_count` is given.
/// (ElastiCache and DynamoDB read the target's `capacity` in their own mappings.)
fn apply_scaling_capacity(ctx: &mut Ctx) {
    let services: Vec<&Instance> = ctx.of_type(&["aws_ecs_service"]);
    for svc in services {
        let Some(link) = super::links::autoscaling_target(ctx.instances, svc) else { continue };
        let Some(capacity) = ctx.usage.get(&link.target.address, "capacity").cloned() else {
            continue;
        };
        let own = ctx.usage.get(&svc.address, "desired_count");
        if own.is_some_and(|v| v.source == UsageSource::Explicit) {
            continue;
        }
        ctx.usage.set(
            &svc.address,
            "desired_count",
            UsageValue {
                value: capacity.value,
                source: UsageSource::Explicit,
                formula: format!(
                    "capacity {} of {} ({})",
                    num(capacity.value),
                    link.target.address,
                    capacity.formula
                ),
            },
        );
    }
}

/// Records, per resource, the usage-file values of keys costplan does not read (the file already
/// warned about each key once); a more specific scope replaces a value of the same key.
fn apply_ignored(ctx: &mut Ctx) {
    let mut ignored: Vec<_> = ctx.profile.ignored.iter().enumerate().collect();
    ignored.sort_by_key(|(i, g)| (g.scope, *i));
    for (_, g) in ignored {
        for inst in ctx.managed.iter().filter(|i| g.applies(&i.address, &i.resource_type)) {
            let list = ctx.usage.ignored.entry(inst.address.clone()).or_default();
            list.retain(|v| v.key != g.key);
            list.push(super::IgnoredValue {
                key: g.key.clone(),
                value: g.value.clone(),
                origin: g.origin.clone(),
            });
        }
    }
    for list in ctx.usage.ignored.values_mut() {
        list.sort_by(|a, b| a.key.cmp(&b.key));
    }
}

fn derive_traffic(ctx: &mut Ctx, requests: Decimal) -> Result<(), UsageError> {
    let model = ctx.profile.model.clone();
    let totals = Totals::of(ctx.profile, requests)?;
    let endpoints: Vec<String> = ctx
        .of_type(&["aws_vpc_endpoint"])
        .iter()
        .filter_map(|e| text(e, "service_name").map(str::to_string))
        .collect();
    // Image layers are downloaded from S3 (ECR returns the manifest, the layers come from an
    // S3 bucket of ECR's): the S3 endpoint carries them; the ECR endpoints only carry the
    // registry API calls and manifests, which are not modelled.
    let has_s3_endpoint = endpoints.iter().any(|s| s.ends_with(".s3"));
    let has_logs_endpoint = endpoints.iter().any(|s| s.ends_with(".logs"));

    let services = derive_services(ctx, &model, requests)?;
    let lbs = derive_load_balancers(ctx, &model, &totals, &services);
    derive_nat(ctx, &model, &totals, &services, has_s3_endpoint, has_logs_endpoint);
    derive_logs_endpoints(ctx, &totals, &services);
    derive_logs(ctx, &model, &totals, &services, &lbs, has_s3_endpoint);
    derive_s3(ctx, &model, &totals);
    derive_ecr(ctx, &model);
    derive_secrets(ctx, &services);
    derive_waf(ctx, &totals, &lbs);
    derive_lambda(ctx, &model, requests);
    derive_dynamodb(ctx, &model, requests);
    derive_api_gateway(ctx, requests);
    derive_cloudfront(ctx, &model, &totals);
    Ok(())
}

fn derive_services<'a>(
    ctx: &mut Ctx<'a>,
    model: &Model,
    requests: Decimal,
) -> Result<Vec<Service<'a>>, UsageError> {
    let hours = ctx.hours;
    let seconds = hours * d(3_600);
    let services = ctx.of_type(&["aws_ecs_service"]);
    let targets: Vec<&Instance> = ctx
        .of_type(&["aws_appautoscaling_target"])
        .into_iter()
        .filter(|t| text(t, "service_namespace") == Some("ecs"))
        .collect();
    let behind: usize =
        services.iter().filter(|s| !blocks(s, "load_balancer").is_empty()).count().max(1);
    let mut out = Vec::new();
    for svc in services {
        let behind_lb = !blocks(svc, "load_balancer").is_empty();
        let via_nat = !blocks(svc, "network_configuration")
            .first()
            .and_then(|n| n.get("assign_public_ip"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let name = text(svc, "name").unwrap_or(&svc.name);
        let target = super::links::autoscaling_target(ctx.instances, svc)
            .map(|l| l.target)
            .or_else(|| {
                targets.iter().copied().find(|t| {
                    text(t, "resource_id").is_some_and(|r| r.ends_with(&format!("/{name}")))
                })
            })
            .or_else(|| {
                let unknown: Vec<&Instance> = targets
                    .iter()
                    .copied()
                    .filter(|t| text(t, "resource_id").is_none() && t.module == svc.module)
                    .collect();
                only(&unknown)
            });
        let share_requests = if behind_lb { requests / d(behind as i64) } else { Decimal::ZERO };
        let (tasks, formula) = match target {
            Some(t) => {
                let min = number(t, "min_capacity").unwrap_or(Decimal::ONE);
                let max = number(t, "max_capacity").unwrap_or(min).max(min);
                let cap = model.capacity_per_task;
                // A tiny `capacity_per_task` can make the task count overflow.
                let tasks = model
                    .daily_profile
                    .iter()
                    .map(|w| {
                        let rps = share_requests / seconds * w;
                        crate::checked::div(rps, cap).map(|t| t.ceil().max(min).min(max))
                    })
                    .collect::<Result<Vec<Decimal>, _>>()
                    .map_err(|e| UsageError::Invalid {
                        origin: ctx.profile.origin.clone(),
                        line: None,
                        key: "capacity_per_task".into(),
                        message: format!(
                            "{}: the tasks needed for {} req/s at {} req/s per task overflow: {e}; \
                             raise the capacity",
                            svc.address,
                            num(share_requests / seconds),
                            num(cap)
                        ),
                    })?;
                let peak_rps = share_requests / seconds
                    * model.daily_profile.iter().copied().max().unwrap_or(Decimal::ONE);
                let avg = tasks.iter().copied().sum::<Decimal>() / d(24);
                let formula = format!(
                    "hour by hour ({}): tasks = clamp(ceil(req/s ÷ {} req/s per task), {}, {}); \
                     {} requests/month ÷ {} s = {} req/s average, {} req/s in the peak hour → \
                     {} to {} tasks; average {}",
                    model.profile_text,
                    num(cap),
                    num(min),
                    num(max),
                    num(share_requests),
                    num(seconds),
                    num(share_requests / seconds),
                    num(peak_rps),
                    num(tasks.iter().copied().min().unwrap_or_default()),
                    num(tasks.iter().copied().max().unwrap_or_default()),
                    num(avg)
                );
                (tasks, Some(formula))
            }
            None => {
                let n = number(svc, "desired_count").unwrap_or(Decimal::ZERO);
                (vec![n; 24], None)
            }
        };
        let average = tasks.iter().copied().sum::<Decimal>() / d(24);
        if behind_lb {
            record_load(ctx, svc, model, share_requests, seconds, target, &tasks);
        }
        if let Some(f) = formula {
            ctx.set(svc, "desired_count", average, f);
        }
        let min_tasks = tasks.iter().copied().min().unwrap_or_default();
        let scale_outs: Decimal =
            (0..24).map(|i| (tasks[i] - tasks[(i + 23) % 24]).max(Decimal::ZERO)).sum::<Decimal>()
                * hours
                / d(24);
        let starts = model.deploys_per_month * min_tasks + scale_outs;
        let starts_formula = if scale_outs.is_zero() {
            format!(
                "{} deploys × {} tasks = {} task starts",
                num(model.deploys_per_month),
                num(min_tasks),
                num(starts)
            )
        } else {
            format!(
                "{} deploys × {} tasks + {} scale-out starts = {} task starts",
                num(model.deploys_per_month),
                num(min_tasks),
                num(scale_outs),
                num(starts)
            )
        };
        out.push(Service {
            inst: svc,
            behind_lb,
            via_nat,
            average_tasks: average,
            task_starts: starts,
            task_starts_formula: starts_formula,
        });
    }
    Ok(out)
}

/// Records the load on a service that receives the scenario's requests, for sizing rules: the
/// request rate, the capacity per task and the fewest tasks it runs (the scaling target's
/// `min_capacity`, or a known fixed `desired_count`; none known: nothing recorded).
fn record_load(
    ctx: &mut Ctx,
    svc: &Instance,
    model: &Model,
    requests: Decimal,
    seconds: Decimal,
    target: Option<&Instance>,
    tasks: &[Decimal],
) {
    let floor = match target {
        Some(t) => number(t, "min_capacity").unwrap_or(Decimal::ONE),
        None => match number(svc, "desired_count") {
            Some(n) => n,
            None => return,
        },
    };
    let peak_weight = model.daily_profile.iter().copied().max().unwrap_or(Decimal::ONE);
    let average_rps = requests / seconds;
    let peak_rps = average_rps * peak_weight;
    let peak_tasks = tasks.iter().copied().max().unwrap_or(floor);
    let given = if model.capacity_per_task_given { "scenario" } else { "default profile" };
    let formula = format!(
        "{} requests/month ÷ {} s = {} req/s average × {} (peak hour, {}) = {} req/s; capacity_per_task {} req/s ({given}); {} {} tasks",
        num(requests),
        num(seconds),
        num(average_rps),
        num(peak_weight),
        model.profile_text,
        num(peak_rps),
        num(model.capacity_per_task),
        if target.is_some() { "min_capacity" } else { "desired_count" },
        num(floor),
    );
    ctx.usage.service_load.insert(
        svc.address.clone(),
        super::ServiceLoad {
            average_rps: average_rps.normalize(),
            peak_rps: peak_rps.normalize(),
            capacity_per_task: model.capacity_per_task,
            capacity_given: model.capacity_per_task_given,
            floor_tasks: floor,
            peak_tasks,
            autoscaled: target.is_some(),
            formula,
        },
    );
}

/// Internet-facing application load balancers and the health checks they send.
struct LoadBalancers {
    count: usize,
    /// Load balancer nodes (one per subnet) × targets × checks per month.
    health_checks: Decimal,
    health_checks_formula: String,
}

fn derive_load_balancers(
    ctx: &mut Ctx,
    model: &Model,
    totals: &Totals,
    services: &[Service],
) -> LoadBalancers {
    let hours = ctx.hours;
    let seconds = hours * d(3_600);
    let lbs: Vec<&Instance> = ctx
        .of_type(&["aws_lb", "aws_alb"])
        .into_iter()
        .filter(|lb| text(lb, "load_balancer_type").unwrap_or("application") == "application")
        .filter(|lb| flag(lb, "internal") != Some(true))
        .collect();
    let n = lbs.len();
    let rules =
        Decimal::from(ctx.of_type(&["aws_lb_listener_rule", "aws_alb_listener_rule"]).len());
    if n > 1 {
        ctx.warn(
            "usage-split-evenly",
            format!("{n} internet-facing load balancers: the scenario's requests are split evenly"),
            None,
        );
    }
    let targets: Decimal = services.iter().filter(|s| s.behind_lb).map(|s| s.average_tasks).sum();
    let groups = ctx.of_type(&["aws_lb_target_group", "aws_alb_target_group"]);
    let given = only(&groups).and_then(|g| {
        let interval = blocks(g, "health_check").first().and_then(|h| h.get("interval"));
        interval.and_then(Value::as_decimal).map(|i| (g, i))
    });
    // AWS allows 5 to 300 seconds; below 1 s (0 would divide by zero) is not a health check
    // interval: said, and AWS's default of 30 s used instead.
    let interval = match given {
        Some((_, i)) if i >= Decimal::ONE => i,
        Some((g, i)) => {
            let message = format!(
                "{}: health_check interval `{}` is not a number of seconds (5 to 300); 30 s is \
                 used for the health checks",
                g.address,
                num(i)
            );
            ctx.warn("invalid-value", message, Some(g));
            d(30)
        }
        None => d(30),
    };
    let mut health_checks = Decimal::ZERO;
    let mut health_checks_formula = String::new();
    for lb in &lbs {
        let share = Decimal::ONE / d(n as i64);
        let req = totals.requests * share;
        let gb = (totals.request_kb + totals.response_kb) * share / d(KB_PER_GB);
        let out_gb = totals.response_kb * share / d(KB_PER_GB);
        let free_rules = (rules - d(10)).max(Decimal::ZERO);
        // Each dimension as LCU-hours per month if it were the largest in every hour.
        let totals_lcu = [
            req / model.requests_per_connection / seconds / d(25) * hours,
            req / model.requests_per_connection / seconds * model.connection_seconds / d(3_000)
                * hours,
            gb,
            req / seconds * free_rules / d(1_000) * hours,
        ];
        // Hour by hour, the largest dimension is billed. Every dimension here follows the same
        // traffic profile, so one dimension usually wins all day; the sum over the hours is then
        // that dimension's monthly total, computed exactly rather than as 24 rounded parts.
        let mut weight_won = [Decimal::ZERO; 4];
        let mut dominant = [0usize; 4];
        for w in &model.daily_profile {
            let (best, _) = totals_lcu
                .iter()
                .map(|t| t * w)
                .enumerate()
                .max_by_key(|(_, v)| *v)
                .unwrap_or((0, Decimal::ZERO));
            dominant[best] += 1;
            weight_won[best] += w;
        }
        let winners = dominant.iter().filter(|c| **c > 0).count();
        let names =
            ["new connections", "active connections", "processed bytes", "rule evaluations"];
        let which: Vec<String> = dominant
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| format!("{} in {c} of 24 hours", names[i]))
            .collect();
        let lcu_hours = if winners == 1 {
            dominant.iter().position(|c| *c > 0).map_or(Decimal::ZERO, |k| totals_lcu[k])
        } else {
            (0..4).map(|k| totals_lcu[k] * weight_won[k] / d(24)).sum()
        };
        let new_conn = req / model.requests_per_connection / seconds;
        ctx.set(
            lb,
            "new_connections",
            new_conn,
            format!(
                "{} requests ÷ {} requests per connection ÷ {} s = {} new connections/s",
                num(req),
                num(model.requests_per_connection),
                num(seconds),
                num(new_conn)
            ),
        );
        ctx.set(
            lb,
            "active_connections",
            new_conn * model.connection_seconds,
            format!(
                "{} new connections/s × {} s open = {} active connections",
                num(new_conn),
                num(model.connection_seconds),
                num(new_conn * model.connection_seconds)
            ),
        );
        ctx.set(
            lb,
            "processed_bytes_gb",
            gb,
            format!(
                "requests ({}) + responses ({}) = {} KB ÷ 1,048,576 KB/GB = {} GB",
                Totals::terms(model, req, |r| r.request_kb),
                Totals::terms(model, req, |r| r.response_kb),
                num(gb * d(KB_PER_GB)),
                num(gb)
            ),
        );
        ctx.set(
            lb,
            "rule_evaluations",
            req / seconds * free_rules,
            format!(
                "{} req/s × max(0, {} listener rules − 10 free) = {}",
                num(req / seconds),
                num(rules),
                num(req / seconds * free_rules)
            ),
        );
        ctx.set(
            lb,
            "monthly_lcu_hrs",
            lcu_hours,
            format!(
                "hour by hour ({}), LCU = max(new conn/s ÷ 25, active conn ÷ 3,000, GB/h ÷ 1, rule evals/s ÷ 1,000); \
                 as monthly LCU-hours: new connections {}, active connections {}, processed bytes {}, \
                 rule evaluations {}; largest: {}; = {} LCU-hours",
                model.profile_text,
                num(totals_lcu[0]),
                num(totals_lcu[1]),
                num(totals_lcu[2]),
                num(totals_lcu[3]),
                which.join(", "),
                num(lcu_hours)
            ),
        );
        ctx.set(
            lb,
            "monthly_outbound_internet_gb",
            out_gb,
            format!(
                "responses {} = {} KB ÷ 1,048,576 KB/GB = {} GB",
                Totals::terms(model, req, |r| r.response_kb),
                num(out_gb * d(KB_PER_GB)),
                num(out_gb)
            ),
        );
        let nodes = lb
            .attr("subnets")
            .and_then(Value::as_list)
            .map(<[Value]>::len)
            .or_else(|| lb.attr("subnet_mapping").map(|v| v.blocks().len()))
            .filter(|n| *n > 0)
            .unwrap_or(2);
        let checks = d(nodes as i64) * targets * seconds / interval;
        health_checks += checks;
        health_checks_formula = format!(
            "{nodes} load balancer nodes × {} targets × {} s ÷ {} s interval = {} health checks",
            num(targets),
            num(seconds),
            num(interval),
            num(checks)
        );
    }
    LoadBalancers { count: n, health_checks, health_checks_formula }
}

#[allow(clippy::too_many_arguments)]
fn derive_nat(
    ctx: &mut Ctx,
    model: &Model,
    totals: &Totals,
    services: &[Service],
    has_s3_endpoint: bool,
    has_logs_endpoint: bool,
) {
    let nats = ctx.of_type(&["aws_nat_gateway"]);
    if nats.is_empty() {
        return;
    }
    let n = d(nats.len() as i64);
    let private: Vec<&Service> = services.iter().filter(|s| s.via_nat).collect();
    let mut parts: Vec<(String, Decimal)> = Vec::new();
    if !private.is_empty() {
        if !has_s3_endpoint {
            let starts: Decimal = private.iter().map(|s| s.task_starts).sum();
            let gb = starts * model.image_mb / d(KB_PER_MB);
            let how: Vec<String> = private.iter().map(|s| s.task_starts_formula.clone()).collect();
            parts.push((
                format!(
                    "image pulls ({}) × {} MB = {} GB",
                    how.join(" + "),
                    num(model.image_mb),
                    num(gb)
                ),
                gb,
            ));
        }
        if !has_s3_endpoint {
            let kb = totals.s3_put_kb + totals.s3_get_kb;
            parts.push((
                format!(
                    "S3 (no gateway endpoint) {} PUT KB + {} GET KB = {} GB",
                    num(totals.s3_put_kb),
                    num(totals.s3_get_kb),
                    num(kb / d(KB_PER_GB))
                ),
                kb / d(KB_PER_GB),
            ));
        }
        if !has_logs_endpoint {
            let gb = totals.log_kb / d(KB_PER_GB);
            parts.push((
                format!(
                    "CloudWatch Logs (no interface endpoint) {} KB = {} GB",
                    num(totals.log_kb),
                    num(gb)
                ),
                gb,
            ));
        }
        let ext = (totals.ext_sent_kb + totals.ext_received_kb) / d(KB_PER_GB);
        if !ext.is_zero() {
            parts.push((format!("external calls {} GB", num(ext)), ext));
        }
    }
    let total: Decimal = parts.iter().map(|(_, v)| *v).sum();
    let what = if parts.is_empty() {
        "no ECS service sends traffic through NAT".to_string()
    } else {
        parts.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>().join(" + ")
    };
    let sent = totals.ext_sent_kb / d(KB_PER_GB);
    for nat in nats {
        ctx.set(
            nat,
            "monthly_data_processed_gb",
            total / n,
            format!(
                "({what}) = {} GB ÷ {} NAT gateways = {} GB",
                num(total),
                num(n),
                num(total / n)
            ),
        );
        if !sent.is_zero() && !private.is_empty() {
            ctx.set(
                nat,
                "monthly_outbound_internet_gb",
                sent / n,
                format!("external calls sent {} GB ÷ {} NAT gateways", num(sent), num(n)),
            );
        }
    }
}

/// CloudWatch Logs interface endpoints (`com.amazonaws.<region>.logs`, private DNS on by
/// default) carry the awslogs traffic of the tasks that would otherwise send it through NAT:
/// the same GB, split evenly over such endpoints.
fn derive_logs_endpoints(ctx: &mut Ctx, totals: &Totals, services: &[Service]) {
    let endpoints: Vec<&Instance> = ctx
        .of_type(&["aws_vpc_endpoint"])
        .into_iter()
        .filter(|e| text(e, "service_name").is_some_and(|s| s.ends_with(".logs")))
        .filter(|e| {
            text(e, "vpc_endpoint_type").is_some_and(|t| t.eq_ignore_ascii_case("Interface"))
        })
        .collect();
    if endpoints.is_empty() || !services.iter().any(|s| s.via_nat) {
        return;
    }
    let n = d(endpoints.len() as i64);
    let gb = totals.log_kb / d(KB_PER_GB);
    for e in endpoints {
        ctx.set(
            e,
            "monthly_data_processed_gb",
            gb / n,
            format!(
                "CloudWatch Logs of tasks without a public IP {} KB = {} GB ÷ {} logs endpoint(s) = {} GB",
                num(totals.log_kb),
                num(gb),
                num(n),
                num(gb / n)
            ),
        );
    }
}

/// Stored volume within retention at the horizon: `monthly × min(retention months, horizon)`.
fn retained_months(
    retention_days: Option<Decimal>,
    hours: Decimal,
    horizon: Decimal,
) -> (Decimal, String) {
    match retention_days.filter(|r| !r.is_zero()) {
        Some(days) => {
            let months = days * d(24) / hours;
            let held = months.min(horizon);
            (
                held,
                format!(
                    "min({} days × 24 h ÷ {} h, {} months horizon) = {} months",
                    num(days),
                    num(hours),
                    num(horizon),
                    num(held)
                ),
            )
        }
        None => (horizon, format!("never expires: {} months horizon", num(horizon))),
    }
}

fn derive_logs(
    ctx: &mut Ctx,
    model: &Model,
    totals: &Totals,
    services: &[Service],
    lbs: &LoadBalancers,
    has_s3_endpoint: bool,
) {
    let hours = ctx.hours;
    let groups = ctx.of_type(&["aws_cloudwatch_log_group"]);
    let group_named = |name: &str| groups.iter().copied().find(|g| text(g, "name") == Some(name));
    // Flow logs first: their groups are not application log groups.
    let mut claimed: Vec<String> = Vec::new();
    let mut flow_targets = Vec::new();
    for fl in ctx.of_type(&["aws_flow_log"]) {
        if text(fl, "log_destination_type").unwrap_or("cloud-watch-logs") != "cloud-watch-logs" {
            continue;
        }
        // The group `log_destination` (or the older `log_group_name`) refers to, else names.
        let by_reference = ["log_destination", "log_group_name"].iter().find_map(|a| {
            match crate::terraform::refs::referenced(
                ctx.instances,
                fl,
                a,
                "aws_cloudwatch_log_group",
            )
            .as_slice()
            {
                [one] => Some(*one),
                _ => None,
            }
        });
        let by_name = by_reference
            .or_else(|| text(fl, "log_group_name").and_then(group_named))
            .or_else(|| {
                text(fl, "log_destination").and_then(|arn| {
                    groups.iter().copied().find(|g| {
                        text(g, "name").is_some_and(|n| arn.contains(&format!(":log-group:{n}")))
                    })
                })
            });
        let same_module: Vec<&Instance> =
            groups.iter().copied().filter(|g| g.module == fl.module).collect();
        match by_name.or_else(|| only(&same_module)) {
            Some(g) => {
                claimed.push(g.address.clone());
                flow_targets.push((fl, g));
            }
            None => ctx.warn(
                "usage-link-ambiguous",
                format!("{}: cannot tell which log group receives the flow log; its volume is not derived", fl.address),
                Some(fl),
            ),
        }
    }
    for (fl, group) in flow_targets {
        let traffic = text(fl, "traffic_type").unwrap_or("ALL");
        let connections = totals.requests / model.requests_per_connection;
        let s3_requests = totals.s3_puts + totals.s3_gets;
        let s3_enis = if has_s3_endpoint { d(1) } else { d(2) };
        let flows =
            connections + d(2) * connections + d(2) * lbs.health_checks + s3_enis * s3_requests;
        let records = if traffic == "REJECT" { Decimal::ZERO } else { d(2) * flows };
        let gb = records * model.flow_log_record_bytes / d(KB_PER_GB) / d(1_024);
        let formula = if traffic == "REJECT" {
            "traffic_type REJECT: the modelled flows are all accepted, 0 records".to_string()
        } else {
            format!(
                "2 records per flow (one per direction) × ({} client connections at the load balancer \
                 + 2 × {} load balancer→task connections + 2 × {} health checks ({}) + {} × {} S3 requests) \
                 = {} records × {} bytes = {} GB",
                num(connections),
                num(connections),
                num(lbs.health_checks),
                lbs.health_checks_formula,
                num(s3_enis),
                num(s3_requests),
                num(records),
                num(model.flow_log_record_bytes),
                num(gb)
            )
        };
        set_log_group(ctx, group, gb, formula, hours, model.horizon_months);
    }
    // Application logs: awslogs group of each service's task definition.
    let front: Vec<&Service> = services.iter().filter(|s| s.behind_lb).collect();
    if front.is_empty() || lbs.count == 0 && services.is_empty() {
        return;
    }
    let instances = ctx.instances;
    let mut per_group: Vec<(&Instance, Decimal, Vec<String>)> = Vec::new();
    for svc in &front {
        let group = match service_log_group(instances, svc.inst) {
            Ok(link) => Some(link.target),
            // No link (no task definition, or its containers neither refer to nor name a log
            // group): the only group of the module no flow log writes to, said as a guess.
            Err(NoLink::Absent) => {
                let unclaimed: Vec<&Instance> = groups
                    .iter()
                    .copied()
                    .filter(|g| !claimed.contains(&g.address) && g.module == svc.inst.module)
                    .collect();
                let guess = only(&unclaimed);
                if let Some(g) = guess {
                    ctx.warn(
                        "usage-link-guessed",
                        format!(
                            "{}: its task definition does not refer to a log group; its log volume is assumed to go to {}, the only other log group of the module",
                            svc.inst.address, g.address
                        ),
                        Some(svc.inst),
                    );
                }
                guess
            }
            Err(NoLink::Ambiguous(_)) => None,
        };
        let Some(group) = group else {
            ctx.warn(
                "usage-link-ambiguous",
                format!(
                    "{}: cannot tell which log group its tasks write to; log volume is not derived",
                    svc.inst.address
                ),
                Some(svc.inst),
            );
            continue;
        };
        let share = totals.log_kb / d(front.len() as i64);
        match per_group.iter_mut().find(|(g, _, _)| g.address == group.address) {
            Some(entry) => {
                entry.1 += share;
                entry.2.push(svc.inst.address.clone());
            }
            None => per_group.push((group, share, vec![svc.inst.address.clone()])),
        }
    }
    for (group, kb, from) in per_group {
        let gb = kb / d(KB_PER_GB);
        // The application's log volume is shared evenly by the services behind a load balancer.
        let split = if front.len() > 1 {
            format!(
                "{} KB × {}/{} (services behind a load balancer) = ",
                num(totals.log_kb),
                from.len(),
                front.len()
            )
        } else {
            String::new()
        };
        let formula = format!(
            "awslogs of {}: {} = {split}{} KB ÷ 1,048,576 KB/GB = {} GB",
            from.join(", "),
            Totals::terms(model, totals.requests, |r| r.log_kb),
            num(kb),
            num(gb)
        );
        set_log_group(ctx, group, gb, formula, hours, model.horizon_months);
    }
}

/// The log group a service's tasks write to: its task definition's `awslogs` group
/// ([`super::links`]).
fn service_log_group<'a>(instances: &'a [Instance], svc: &Instance) -> Result<Link<'a>, NoLink> {
    let td = super::links::task_definition(instances, svc)?;
    super::links::log_group(instances, td.target)
}

fn set_log_group(
    ctx: &mut Ctx,
    group: &Instance,
    gb: Decimal,
    formula: String,
    hours: Decimal,
    horizon: Decimal,
) {
    let (held, held_formula) = retained_months(number(group, "retention_in_days"), hours, horizon);
    ctx.set(group, "monthly_data_ingested_gb", gb, formula);
    ctx.set(
        group,
        "storage_gb",
        gb * held,
        format!("{} GB/month × {held_formula} = {} GB (uncompressed)", num(gb), num(gb * held)),
    );
}

/// S3 storage classes as lifecycle rules name them → Infracost usage-file class names.
fn s3_class(storage_class: &str) -> Option<&'static str> {
    Some(match storage_class {
        "STANDARD_IA" => "standard_infrequent_access",
        "ONEZONE_IA" => "one_zone_infrequent_access",
        "INTELLIGENT_TIERING" => "intelligent_tiering",
        "GLACIER_IR" => "glacier_instant_retrieval",
        "GLACIER" => "glacier_flexible_retrieval",
        "DEEP_ARCHIVE" => "glacier_deep_archive",
        _ => return None,
    })
}

fn enabled(rule: &Value) -> bool {
    rule.get("status").and_then(Value::as_str).map_or_else(
        || rule.get("enabled").and_then(Value::as_bool).unwrap_or(true),
        |s| s == "Enabled",
    )
}

fn first_days(rule: &Value, block: &str, field: &str) -> Option<Decimal> {
    rule.get(block)?.blocks().first()?.get(field)?.as_decimal()
}

fn derive_s3(ctx: &mut Ctx, model: &Model, totals: &Totals) {
    if totals.s3_puts.is_zero() && totals.s3_gets.is_zero() {
        return;
    }
    let hours = ctx.hours;
    let buckets = ctx.of_type(&["aws_s3_bucket"]);
    let bucket = match &model.s3_bucket {
        Some(address) => buckets.iter().copied().find(|b| &b.address == address),
        None => only(&buckets),
    };
    let Some(bucket) = bucket else {
        if !buckets.is_empty() {
            ctx.warn(
                "usage-link-ambiguous",
                format!("{} S3 buckets: set `s3_bucket:` in the scenario to say which one the requests use", buckets.len()),
                None,
            );
        }
        return;
    };
    let name = text(bucket, "bucket");
    let linked = |types: &[&str]| -> Option<&Instance> {
        let all = ctx.of_type(types);
        all.iter()
            .copied()
            .find(|c| name.is_some() && text(c, "bucket") == name)
            .or_else(|| if buckets.len() == 1 { only(&all) } else { None })
    };
    let lifecycle = linked(&["aws_s3_bucket_lifecycle_configuration"]);
    let versioning = linked(&["aws_s3_bucket_versioning"]);
    let versioned = versioning
        .and_then(|v| {
            blocks(v, "versioning_configuration")
                .first()
                .and_then(|c| c.get("status"))
                .and_then(Value::as_str)
                .map(|s| s == "Enabled")
        })
        .or_else(|| {
            blocks(bucket, "versioning")
                .first()
                .and_then(|v| v.get("enabled"))
                .and_then(Value::as_bool)
        })
        .unwrap_or(false);
    let rules: Vec<&Value> =
        lifecycle.map_or_else(|| blocks(bucket, "lifecycle_rule"), |l| blocks(l, "rule"));
    let rule = rules.into_iter().find(|r| enabled(r));
    let expiration = rule.and_then(|r| first_days(r, "expiration", "days"));
    let transition = rule.and_then(|r| {
        let t = r.get("transition")?.blocks().into_iter().next()?;
        Some((t.get("days")?.as_decimal()?, t.get("storage_class")?.as_str()?.to_string()))
    });
    let noncurrent_days =
        rule.and_then(|r| first_days(r, "noncurrent_version_expiration", "noncurrent_days"));
    let min_size_rule = lifecycle
        .and_then(|l| text(l, "transition_default_minimum_object_size"))
        .unwrap_or("all_storage_classes_128K")
        .to_string();

    let horizon = model.horizon_months;
    let object_kb =
        if totals.s3_puts.is_zero() { Decimal::ZERO } else { totals.s3_put_kb / totals.s3_puts };
    if !totals.s3_puts.is_zero() {
        ctx.usage.s3_objects.insert(
            bucket.address.clone(),
            super::ObjectSizes {
                objects_per_month: totals.s3_puts.normalize(),
                kb_per_month: totals.s3_put_kb.normalize(),
                average_kb: object_kb.normalize(),
                formula: format!(
                    "{} KB written by {} PUTs a month = {} KB per object",
                    num(totals.s3_put_kb),
                    num(totals.s3_puts),
                    num(object_kb)
                ),
            },
        );
    }
    let (held, held_formula) = retained_months(expiration, hours, horizon);
    let mut notes = vec![format!("objects kept {held_formula}")];

    // Months a month's objects spend in Standard and in the transition class (if any).
    let mut standard_months = held;
    let mut moved: Option<(&'static str, bool, Decimal, Decimal)> = None; // key, archive, months, days
    if let Some((days, class)) = &transition {
        let t_months = days * d(24) / hours;
        let too_small = object_kb < d(128)
            && (min_size_rule == "all_storage_classes_128K"
                || matches!(class.as_str(), "STANDARD_IA" | "ONEZONE_IA" | "INTELLIGENT_TIERING"));
        if too_small {
            notes.push(format!(
                "no transition to {class}: objects of {} KB are under the 128 KB lifecycle minimum ({min_size_rule})",
                num(object_kb)
            ));
        } else if let Some(key) = s3_class(class)
            && t_months < held
        {
            standard_months = t_months;
            // Glacier Flexible Retrieval and Deep Archive keep 32 KB of index per object at
            // their rate and 8 KB of metadata at the Standard rate.
            let archive = matches!(class.as_str(), "GLACIER" | "DEEP_ARCHIVE");
            moved = Some((key, archive, held - t_months, *days));
            ctx.set(
                bucket,
                &format!("{key}.monthly_lifecycle_transition_requests"),
                totals.s3_puts,
                format!("{} objects a month reach {} days", num(totals.s3_puts), num(*days)),
            );
        }
    }
    // With versioning, an expired object stays as a noncurrent version in the class it expired
    // from, until `noncurrent_version_expiration`.
    let mut noncurrent_months = Decimal::ZERO;
    if versioned && expiration.is_some() {
        let after = (horizon - held).max(Decimal::ZERO);
        noncurrent_months = noncurrent_days.map_or(after, |nd| after.min(nd * d(24) / hours));
        notes.push(format!(
            "noncurrent versions after expiry: min({} months past expiry, {}) = {} months",
            num(after),
            noncurrent_days.map_or("never expire".to_string(), |n| format!("{} days", num(n))),
            num(noncurrent_months)
        ));
    }
    let mut standard_kb = totals.s3_put_kb * standard_months;
    let mut standard_parts = format!("{} months in Standard", num(standard_months));
    match moved {
        None => {
            standard_kb += totals.s3_put_kb * noncurrent_months;
            standard_parts = format!("{standard_parts} + {} noncurrent", num(noncurrent_months));
        }
        Some((key, archive, months, days)) => {
            let months = months + noncurrent_months;
            let objects = totals.s3_puts * months;
            let mut class_kb = totals.s3_put_kb * months;
            let mut extra = String::new();
            if archive {
                class_kb += objects * d(32);
                standard_kb += objects * d(8);
                extra = format!(" + {} objects × 32 KB index", num(objects));
                standard_parts = format!(
                    "{standard_parts}, + {} archived objects × 8 KB metadata",
                    num(objects)
                );
            }
            let gb = class_kb / d(KB_PER_GB);
            // Intelligent-Tiering has no single storage key: its tier depends on when each
            // object was last read, which the traffic model does not know. Priced at the Frequent
            // Access rate (an upper bound: objects unread for 30 days bill at the Infrequent
            // Access rate), plus the monitoring fee for every object (all are 128 KB or more
            // here, smaller ones were not transitioned).
            let intelligent = key == "intelligent_tiering";
            let storage_key = if intelligent {
                "intelligent_tiering.frequent_access_storage_gb".to_string()
            } else {
                format!("{key}.storage_gb")
            };
            let tier_note = if intelligent {
                " (at the Frequent Access rate: when objects are read is not known, so an upper bound)"
            } else {
                ""
            };
            ctx.set(
                bucket,
                &storage_key,
                gb,
                format!(
                    "{} KB/month × {} months after {} days (incl. {} noncurrent){extra} = {} GB at month {}{tier_note}",
                    num(totals.s3_put_kb),
                    num(months),
                    num(days),
                    num(noncurrent_months),
                    num(gb),
                    num(horizon)
                ),
            );
            if intelligent {
                let objects = totals.s3_puts * months;
                ctx.set(
                    bucket,
                    "intelligent_tiering.monitored_objects",
                    objects,
                    format!(
                        "{} objects a month × {} months in Intelligent-Tiering = {} objects monitored at month {}",
                        num(totals.s3_puts),
                        num(months),
                        num(objects),
                        num(horizon)
                    ),
                );
            }
        }
    }
    let standard_gb = standard_kb / d(KB_PER_GB);
    ctx.set(
        bucket,
        "standard.storage_gb",
        standard_gb,
        format!(
            "{} PUTs × {} KB = {} KB/month × ({standard_parts}) = {} GB at month {}; {}",
            num(totals.s3_puts),
            num(object_kb),
            num(totals.s3_put_kb),
            num(standard_gb),
            num(horizon),
            notes.join("; ")
        ),
    );
    ctx.set(
        bucket,
        "standard.monthly_tier_1_requests",
        totals.s3_puts,
        format!("PUT: {}", Totals::terms(model, totals.requests, |r| r.s3_puts).replace(" KB", "")),
    );
    ctx.set(
        bucket,
        "standard.monthly_tier_2_requests",
        totals.s3_gets,
        format!("GET: {}", Totals::terms(model, totals.requests, |r| r.s3_gets).replace(" KB", "")),
    );
}

fn derive_ecr(ctx: &mut Ctx, model: &Model) {
    let repos = ctx.of_type(&["aws_ecr_repository"]);
    let policies = ctx.of_type(&["aws_ecr_lifecycle_policy"]);
    for repo in repos.clone() {
        let name = text(repo, "name");
        let policy = policies
            .iter()
            .copied()
            .find(|p| name.is_some() && text(p, "repository") == name)
            .or_else(|| if repos.len() == 1 { only(&policies) } else { None });
        let kept = policy.and_then(|p| text(p, "policy")).and_then(images_kept);
        let pushed = model.deploys_per_month * model.horizon_months;
        let images = kept.map_or(pushed, |k| pushed.min(k));
        let gb = images * model.image_mb / d(KB_PER_MB);
        let kept_text = kept
            .map_or("no lifecycle policy".to_string(), |k| format!("lifecycle keeps {}", num(k)));
        ctx.set(
            repo,
            "storage_gb",
            gb,
            format!(
                "min({} deploys × {} months, {kept_text}) = {} images × {} MB ÷ 1,024 = {} GB",
                num(model.deploys_per_month),
                num(model.horizon_months),
                num(images),
                num(model.image_mb),
                num(gb)
            ),
        );
    }
}

/// The smallest `countNumber` of an `imageCountMoreThan` rule in an ECR lifecycle policy.
fn images_kept(policy: &str) -> Option<Decimal> {
    let v: serde_json::Value = serde_json::from_str(policy).ok()?;
    v.get("rules")?
        .as_array()?
        .iter()
        .filter_map(|r| {
            let s = r.get("selection")?;
            (s.get("countType")?.as_str()? == "imageCountMoreThan").then_some(())?;
            s.get("countNumber")?.as_u64().map(Decimal::from)
        })
        .min()
}

fn derive_secrets(ctx: &mut Ctx, services: &[Service]) {
    if services.is_empty() {
        return;
    }
    for secret in ctx.of_type(&["aws_secretsmanager_secret"]) {
        let local: Vec<&Service> =
            services.iter().filter(|s| s.inst.module == secret.module).collect();
        let users = if local.is_empty() { services.iter().collect() } else { local };
        let starts: Decimal = users.iter().map(|s| s.task_starts).sum();
        let how: Vec<String> = users
            .iter()
            .map(|s| format!("{}: {}", s.inst.address, s.task_starts_formula))
            .collect();
        ctx.set(
            secret,
            "monthly_requests",
            starts,
            format!(
                "one GetSecretValue per task start ({}) = {} requests",
                how.join("; "),
                num(starts)
            ),
        );
    }
}

fn derive_waf(ctx: &mut Ctx, totals: &Totals, lbs: &LoadBalancers) {
    if lbs.count == 0 || ctx.of_type(&["aws_wafv2_web_acl_association"]).is_empty() {
        return;
    }
    let acls: Vec<&Instance> = ctx
        .of_type(&["aws_wafv2_web_acl"])
        .into_iter()
        .filter(|a| text(a, "scope").unwrap_or("REGIONAL") == "REGIONAL")
        .collect();
    let n = d(acls.len().max(1) as i64);
    for acl in acls {
        ctx.set(
            acl,
            "monthly_requests",
            totals.requests / n,
            format!(
                "every request to the load balancer: {} ÷ {} web ACLs",
                num(totals.requests),
                num(n)
            ),
        );
    }
}

/// `Σ share × field` over the request types that state the field, and the formula; `None`
/// when no request type states it (then nothing is derived from it: never a silent 0).
fn mix_average(
    model: &Model,
    field: impl Fn(&super::scenario::RequestType) -> Option<Decimal>,
    what: &str,
) -> Option<(Decimal, String)> {
    if model.mix.iter().all(|r| field(r).is_none()) {
        return None;
    }
    let mut total = Decimal::ZERO;
    let mut parts = Vec::new();
    for r in &model.mix {
        let v = field(r).unwrap_or_default();
        total += r.share * v;
        parts.push(format!("{} {} × {} {what}", r.name, num(r.share), num(v)));
    }
    Some((total, parts.join(" + ")))
}

/// Lambda: each request invokes one function, the requests split evenly over the functions
/// (`R ÷ N`); the duration of an invocation is the mix's average `lambda_ms`.
fn derive_lambda(ctx: &mut Ctx, model: &Model, requests: Decimal) {
    let functions = ctx.of_type(&["aws_lambda_function"]);
    if functions.is_empty() {
        return;
    }
    let n = d(functions.len() as i64);
    let duration = mix_average(model, |r| r.lambda_ms, "ms");
    for f in functions {
        ctx.set(
            f,
            "monthly_requests",
            requests / n,
            format!(
                "each request invokes one of the {} functions: {} ÷ {}",
                num(n),
                num(requests),
                num(n)
            ),
        );
        if let Some((ms, how)) = &duration {
            ctx.set(f, "request_duration_ms", *ms, format!("mix average: {how} = {} ms", num(*ms)));
        }
    }
}

/// DynamoDB on-demand tables: the requests' read and write request units (`R × Σ share ×
/// dynamodb_reads`, likewise writes), split evenly over the on-demand tables.
fn derive_dynamodb(ctx: &mut Ctx, model: &Model, requests: Decimal) {
    let tables: Vec<&Instance> = ctx
        .of_type(&["aws_dynamodb_table"])
        .into_iter()
        .filter(|t| text(t, "billing_mode") == Some("PAY_PER_REQUEST"))
        .collect();
    if tables.is_empty() {
        return;
    }
    let n = d(tables.len() as i64);
    for (key, field, what) in [
        (
            "monthly_read_request_units",
            (|r: &super::scenario::RequestType| r.dynamodb_reads) as fn(&_) -> _,
            "reads",
        ),
        ("monthly_write_request_units", |r| r.dynamodb_writes, "writes"),
    ] {
        let Some((per_request, how)) = mix_average(model, field, what) else { continue };
        let Some(total) = crate::checked::mul(requests, per_request).ok() else { continue };
        for t in &tables {
            ctx.set(
                t,
                key,
                total / n,
                format!(
                    "{} requests × ({how} = {} per request) ÷ {} on-demand tables",
                    num(requests),
                    num(per_request),
                    num(n)
                ),
            );
        }
    }
}

/// API Gateway: every request enters through one HTTP or REST API (`R ÷ N`); WebSocket APIs
/// are not derived.
fn derive_api_gateway(ctx: &mut Ctx, requests: Decimal) {
    let apis: Vec<&Instance> = ctx
        .of_type(&["aws_apigatewayv2_api", "aws_api_gateway_rest_api"])
        .into_iter()
        .filter(|a| text(a, "protocol_type") != Some("WEBSOCKET"))
        .collect();
    if apis.is_empty() {
        return;
    }
    let n = d(apis.len() as i64);
    for api in apis {
        ctx.set(
            api,
            "monthly_requests",
            requests / n,
            format!(
                "every request enters through one of the {} APIs: {} ÷ {}",
                num(n),
                num(requests),
                num(n)
            ),
        );
    }
}

/// CloudFront: every request reaches the viewers through one of the N distributions (`R ÷ N`
/// requests, and the responses' KB ÷ N as data out). The scenario does not say where the viewers
/// are: the traffic goes to the price class's fallback geography
/// ([`super::keys::cloudfront_fallback_geography`], the highest first-tier rate, never an
/// under-estimate), as HTTPS requests unless the default cache behaviour allows plain HTTP
/// (`viewer_protocol_policy = "allow-all"`).
fn derive_cloudfront(ctx: &mut Ctx, model: &Model, totals: &Totals) {
    let dists = ctx.of_type(&["aws_cloudfront_distribution"]);
    if dists.is_empty() {
        return;
    }
    let n = d(dists.len() as i64);
    for dist in dists {
        let class_name = text(dist, "price_class").unwrap_or("PriceClass_All");
        let Some(class) = super::keys::cloudfront_price_class(class_name) else { continue };
        let geo = super::keys::cloudfront_fallback_geography(class);
        let allow_http = dist
            .attr("default_cache_behavior")
            .map(Value::blocks)
            .and_then(|b| b.first().and_then(|b| b.path("viewer_protocol_policy")))
            .and_then(Value::as_str)
            == Some("allow-all");
        let kind = if allow_http { "monthly_http_requests" } else { "monthly_https_requests" };
        let why = format!(
            "viewers' geography not known: {class_name} priced as {geo}, its highest first-tier rate"
        );
        ctx.set(
            dist,
            &format!("{kind}.{geo}"),
            totals.requests / n,
            format!(
                "every request is served by one of the {} distributions: {} ÷ {}; {why}",
                num(n),
                num(totals.requests),
                num(n)
            ),
        );
        let gb = totals.response_kb / n / d(KB_PER_GB);
        ctx.set(
            dist,
            &format!("monthly_data_transfer_to_internet_gb.{geo}"),
            gb,
            format!(
                "responses {} ÷ {} distributions ÷ 1,048,576 KB/GB = {} GB; {why}",
                Totals::terms(model, totals.requests, |r| r.response_kb),
                num(n),
                num(gb)
            ),
        );
    }
}
