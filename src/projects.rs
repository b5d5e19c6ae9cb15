//! Several estimates at once: every project of a `costplan.yml` (and both sides of a diff) run
//! through [`pipeline::run`] in parallel over one shared price [`Catalog`], then
//! [`merge`] puts them into one report with a project each.
//!
//! Contract: results come back in the order of the requests whatever the order the threads
//! finish in, so output stays deterministic; a failing project does not stop the others (each
//! result is its own), and the caller decides what a failure means.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::checked;
use crate::model::{AmountOverflow, Inputs, Report, Summary, Totals};
use crate::pipeline::{self, PipelineError, Request};
use crate::pricing::Catalog;

/// Runs every request, on up to `threads` threads (at least one), and returns the reports in
/// request order.
pub fn run_all(
    requests: &[Request],
    catalog: &Catalog,
    threads: usize,
) -> Vec<Result<Report, PipelineError>> {
    let slots: Vec<Mutex<Option<Result<Report, PipelineError>>>> =
        requests.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = threads.clamp(1, requests.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else { break };
                    let result = pipeline::run(request, catalog).map(|o| o.report);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| {
            let inner = match s.into_inner() {
                Ok(v) => v,
                Err(poisoned) => poisoned.into_inner(),
            };
            // Every slot was filled unless a worker panicked, which `scope` re-raises.
            inner.unwrap_or_else(|| unreachable!("every request runs exactly once"))
        })
        .collect()
}

/// Threads to use: the machine's parallelism.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// One report from the reports of several projects (one project each, in the given order):
/// totals and counts summed, price sources and warnings united. With more than one project,
/// `totals.by_resource` keys are `project/address` and warning messages start with the project
/// name, so that two projects' identical addresses stay apart. Sums are checked: projects whose
/// amounts together leave the range costplan computes in are an error naming where.
pub fn merge(reports: Vec<Report>, inputs: Inputs) -> Result<Report, AmountOverflow> {
    let multi = reports.len() > 1;
    let mut totals = Totals::default();
    let mut summary = Summary::default();
    let mut sources = BTreeSet::new();
    let mut warnings = BTreeSet::new();
    let mut projects = Vec::new();
    let mut hours = None;
    let mut currency = None;
    for report in reports {
        hours.get_or_insert(report.hours_per_month);
        currency.get_or_insert(report.currency.clone());
        sources.extend(report.pricing_sources);
        for mut w in report.warnings {
            if multi && let Some(p) = report.projects.first() {
                w.message = format!("{}: {}", p.name, w.message);
            }
            warnings.insert(w);
        }
        for project in report.projects {
            let t = &project.totals;
            let at = || AmountOverflow { at: format!("project {} in the totals", project.name) };
            checked::add_to(&mut totals.monthly, t.monthly).map_err(|_| at())?;
            checked::add_to(&mut totals.upfront, t.upfront).map_err(|_| at())?;
            for (k, v) in &t.by_service {
                checked::add_to(totals.by_service.entry(k.clone()).or_default(), *v)
                    .map_err(|_| at())?;
            }
            for (k, v) in &t.by_resource {
                let key = if multi { format!("{}/{k}", project.name) } else { k.clone() };
                totals.by_resource.insert(key, *v);
            }
            add_summary(&mut summary, &project.summary);
            projects.push(project);
        }
    }
    let merged = Report {
        schema_version: crate::model::SCHEMA_VERSION,
        currency: currency.unwrap_or_else(|| "USD".into()),
        hours_per_month: hours.unwrap_or_else(|| crate::estimate::DEFAULT_HOURS_PER_MONTH.into()),
        inputs,
        pricing_sources: sources.into_iter().collect(),
        projects,
        totals,
        summary,
        warnings: warnings.into_iter().collect(),
        advice: None,
    };
    merged.check_amounts()?;
    Ok(merged)
}

fn add_summary(into: &mut Summary, s: &Summary) {
    into.resources += s.resources;
    into.estimated += s.estimated;
    into.free += s.free;
    into.not_supported += s.not_supported;
    into.unknown_type += s.unknown_type;
    into.price_not_found += s.price_not_found;
    into.usage_unknown += s.usage_unknown;
    into.modules_not_loaded += s.modules_not_loaded;
    let types: &BTreeMap<String, usize> = &s.not_supported_types;
    for (k, v) in types {
        *into.not_supported_types.entry(k.clone()).or_default() += v;
    }
}
