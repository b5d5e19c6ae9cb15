//! Several estimates at once: every project of a `costplan.yml` (and both sides of a diff) run
//! through [`pipeline::run`] in parallel over one shared price [`Catalog`], then
//! [`merge`] puts them into one report with a project each; [`combine`] does the same for
//! reports saved earlier (`costplan render a.json b.json`), which may hold several projects each.
//!
//! Contract: results come back in the order of the requests whatever the order the threads
//! finish in, so output stays deterministic; a failing project does not stop the others (each
//! result is its own), and the caller decides what a failure means.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rust_decimal::Decimal;

use crate::checked;
use crate::model::{AmountOverflow, Inputs, Report, ReportWarning, Summary, Totals};
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
    let parts = reports
        .into_iter()
        .map(|r| {
            let prefix = if multi { r.projects.first().map(|p| p.name.clone()) } else { None };
            (r, prefix)
        })
        .collect();
    merge_parts(parts, inputs)
}

/// Why saved reports cannot be combined; each names the files.
#[derive(Debug, thiserror::Error)]
pub enum CombineError {
    #[error(
        "`{file}` is in {currency} but `{first}` is in {first_currency}: reports in different \
         currencies cannot be added up"
    )]
    Currency { file: String, currency: String, first: String, first_currency: String },
    #[error(
        "`{file}` was estimated for a month of {hours} hours but `{first}` for {first_hours}: \
         re-run the estimates with the same `--month` (or none) before combining them"
    )]
    Hours { file: String, hours: Decimal, first: String, first_hours: Decimal },
    #[error(transparent)]
    Amount(#[from] AmountOverflow),
}

/// One report from several saved reports (`(file name, report)`, in the given order), as
/// `infracost output` combines its JSON files: projects concatenated (a project name already
/// used gets ` (FILE)` after it), totals and counts summed. Unknowns are kept: the counts of
/// prices not found, usages unknown, resources not supported and modules not loaded add up, so a
/// total over an "at least" is itself "at least". The reports must share currency and month
/// length (else an error naming both files); the inputs are kept when every report has the
/// same, and otherwise replaced by none and an `inputs-differ` warning; savings findings are not
/// combined (an `advice-not-combined` warning says to run `costplan advise`).
pub fn combine(reports: Vec<(String, Report)>) -> Result<Report, CombineError> {
    let Some((first, head)) = reports.first() else {
        return Ok(merge_parts(Vec::new(), Inputs::default())?);
    };
    let (first, first_currency, first_hours) =
        (first.clone(), head.currency.clone(), head.hours_per_month);
    for (file, r) in &reports {
        if r.currency != first_currency {
            return Err(CombineError::Currency {
                file: file.clone(),
                currency: r.currency.clone(),
                first,
                first_currency,
            });
        }
        if r.hours_per_month != first_hours {
            return Err(CombineError::Hours {
                file: file.clone(),
                hours: r.hours_per_month,
                first,
                first_hours,
            });
        }
    }
    let same_inputs = reports.iter().all(|(_, r)| r.inputs == head.inputs);
    let inputs = if same_inputs { head.inputs.clone() } else { Inputs::default() };
    let mut notes = Vec::new();
    if !same_inputs {
        let files: Vec<&str> = reports.iter().map(|(f, _)| f.as_str()).collect();
        notes.push(ReportWarning {
            code: "inputs-differ".into(),
            message: format!(
                "the reports combined were estimated from different inputs (path, scenario, \
                 requests, usage file, variables or region): {}",
                files.join(", ")
            ),
            address: None,
            location: None,
        });
    }
    let with_advice: Vec<&str> =
        reports.iter().filter(|(_, r)| r.advice.is_some()).map(|(f, _)| f.as_str()).collect();
    if !with_advice.is_empty() {
        notes.push(ReportWarning {
            code: "advice-not-combined".into(),
            message: format!(
                "the savings findings of {} are not combined; run `costplan advise` on the \
                 projects for findings over all of them",
                with_advice.join(", ")
            ),
            address: None,
            location: None,
        });
    }
    let multi = reports.iter().map(|(_, r)| r.projects.len()).sum::<usize>() > 1;
    let mut names = BTreeSet::new();
    let mut parts = Vec::new();
    for (file, mut r) in reports {
        for p in &mut r.projects {
            if !names.insert(p.name.clone()) {
                p.name = format!("{} ({file})", p.name);
                names.insert(p.name.clone());
            }
        }
        // A report of several projects has its warnings prefixed with their project already.
        let prefix =
            if multi && r.projects.len() == 1 { Some(r.projects[0].name.clone()) } else { None };
        parts.push((r, prefix));
    }
    let mut combined = merge_parts(parts, inputs)?;
    combined.warnings.extend(notes);
    combined.warnings.sort();
    Ok(combined)
}

/// [`merge`] with, per report, the project name its warning messages are prefixed with (none:
/// kept as they are).
fn merge_parts(
    reports: Vec<(Report, Option<String>)>,
    inputs: Inputs,
) -> Result<Report, AmountOverflow> {
    let multi = reports.iter().map(|(r, _)| r.projects.len()).sum::<usize>() > 1;
    let mut totals = Totals::default();
    let mut summary = Summary::default();
    let mut sources = BTreeSet::new();
    let mut warnings = BTreeSet::new();
    let mut projects = Vec::new();
    let mut hours = None;
    let mut currency = None;
    for (report, prefix) in reports {
        hours.get_or_insert(report.hours_per_month);
        currency.get_or_insert(report.currency.clone());
        sources.extend(report.pricing_sources);
        for mut w in report.warnings {
            if let Some(name) = &prefix {
                w.message = format!("{name}: {}", w.message);
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
