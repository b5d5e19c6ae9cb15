//! Recommendations: rules that find savings in an estimated configuration, each finding with
//! its monthly saving, risk and the Terraform patch that makes it.
//!
//! Contract:
//! - A rule ([`rule::Rule`], one file in `rules/`) only proposes: what to change in the
//!   evaluated instances ([`rule::Change`]) and in the source ([`rule::Edit`]). Figures come
//!   from re-running the estimate with the change applied ([`simulate`]): "cost after" is
//!   computed by the same code and prices as the estimate. Costs the estimate does not model
//!   (cross-AZ transfer after sharing a NAT gateway) are priced through the catalog as
//!   adjustments and shown apart.
//! - Findings on one resource are also computed together (applying every change at once), and
//!   the total applies every finding at once: no double counting.
//! - Rules that trade resilience for money only run outside production
//!   ([`environment::detect`]) unless `include_resilience` is set; their candidates are listed as
//!   skipped otherwise.
//! - Commitment rules ([`rule::Rule::production_only`]: reservations) only run in production
//!   unless selected by code; their candidates are listed as skipped otherwise. Their terms are
//!   priced by re-running the estimate with each purchase option ([`commitment`]); the finding
//!   carries the table and the headline term's figures.
//! - Patches ([`patch`]) edit only the spans they change; `--apply` refuses files changed since
//!   the analysis.
//! - Deterministic: findings sorted by saving (largest first), code, address.
//!
//! # How to add a rule
//! 1. Write `src/advise/rules/<name>.rs`: a unit struct implementing [`rule::Rule`] with the
//!    next free code (`CP1xx`, never reuse one), a kebab-case name, a [`rule::RuleDoc`] with
//!    every section filled in, and `check`, which returns [`rule::Proposal`]s built with
//!    `Proposal::new(...).set(attribute, value)` (or explicit `changes`/`edits`; a new resource
//!    is `Change::Add` + `Edit::AddResource`). Do not compute savings in the rule: the engine
//!    does. A candidate the rule looked at and rejects for a reason the user should hear (objects
//!    too small to tier) is `Proposal::not_recommended(address, reason)`: listed as skipped.
//!    A rule that reads the estimate recognises components by id, with the constants of the
//!    resource file (`ecs_service::VCPU_SPOT`), never by display name, which may change.
//! 2. Add `mod <name>;` in `rules/mod.rs` and one line `&<name>::Rule` to [`registry::RULES`]
//!    (kept sorted by code).
//! 3. Add a fixture directory `tests/advise/<CODE>/` with `main.tf` (and, when needed,
//!    `options`: `key = value` lines, `environment = nonprod|prod`, `var_file = dev.tfvars`,
//!    `workspace = dev`, `scenario = scenario.yaml` (a file of the fixture, or a built-in
//!    name), `include_resilience = true`) that makes the rule fire.
//! 4. Run `INSTA_UPDATE=always cargo test --no-default-features --test advise` and review the
//!    new snapshot `tests/snapshots/advise__rules__<CODE>.snap` (findings and patch) before
//!    committing it. The registry tests fail until the docs, fixture and snapshot exist.
//! 5. Add the rule to the table in `docs/advise.md`.

pub mod commitment;
pub mod environment;
/// The findings' data types live below the report model, in [`crate::advice`].
pub use crate::advice as finding;
pub mod patch;
pub mod registry;
pub mod render;
pub mod rule;
pub mod rules;
pub mod savings_plans;
pub mod simulate;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

pub use finding::{
    Adjustment, Advice, Combined, CommitmentRow, EnvironmentInfo, Finding, Risk, Skipped,
    TotalSaving,
};
use patch::{FileEdit, PatchError, PatchSet, Sources};
use rule::{AdjustmentSpec, Change, Ctx, Proposal, Rule};

use crate::checked;
use crate::estimate::{Lookup, PriceLookup};
use crate::pipeline::{Outcome, Request, Source};
use crate::usage::UsageError;

/// What to run and report.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these codes (empty: all).
    pub select: Vec<String>,
    /// Not these codes.
    pub ignore: Vec<String>,
    /// Drop findings saving less than this a month.
    pub min_savings: Decimal,
    /// `--environment`: `Some(true)` production, `Some(false)` not, `None` detect.
    pub environment: Option<bool>,
    /// Run resilience-reducing rules in production too.
    pub include_resilience: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AdviseError {
    #[error(
        "unknown rule code `{code}` (known codes: {known}); `costplan explain CODE` documents each"
    )]
    UnknownCode { code: String, known: String },
    #[error("re-deriving usage with a change applied")]
    Usage(#[from] UsageError),
    #[error("re-pricing with a change applied")]
    Estimate(#[from] crate::estimate::EstimateError),
    /// A saving, or a sum of savings, too large to compute.
    #[error("{what} overflows: {}; check the usage values and the price files", checked::Overflow)]
    Overflow { what: String },
    #[error(transparent)]
    Patch(#[from] PatchError),
}

/// The findings and what is needed to apply their patches.
pub struct Analysis {
    pub advice: Advice,
    sources: Option<Sources>,
    /// Text edits of each finding, in `advice.findings` order (empty when it has no patch).
    edits: Vec<Vec<FileEdit>>,
}

impl Analysis {
    /// The patches of every finding that has one, merged per file.
    pub fn patch_set(&self) -> Result<PatchSet, PatchError> {
        let all: Vec<FileEdit> = self.edits.iter().flatten().cloned().collect();
        match &self.sources {
            Some(sources) => PatchSet::build(sources, &all),
            None => Ok(PatchSet::default()),
        }
    }
}

/// Looks a rule up by code (case-insensitive) or by name.
pub fn rule(code: &str) -> Result<&'static dyn Rule, AdviseError> {
    // By code (`CP101`) or by name (`fargate-spot`, the slug printed beside the code).
    let wanted = |r: &&dyn Rule| r.code().eq_ignore_ascii_case(code) || r.name() == code;
    registry::RULES.iter().copied().find(wanted).ok_or_else(|| AdviseError::UnknownCode {
        code: code.to_string(),
        known: registry::RULES.iter().map(|r| r.code()).collect::<Vec<_>>().join(", "),
    })
}

/// Runs the registered rules over an estimate.
pub fn advise(
    outcome: &Outcome,
    request: &Request,
    prices: &dyn PriceLookup,
    opts: &Options,
) -> Result<Analysis, AdviseError> {
    advise_with(registry::RULES, outcome, request, prices, opts)
}

/// Runs the given rules (the registry's, or test rules) over an estimate.
pub fn advise_with(
    rules: &[&dyn Rule],
    outcome: &Outcome,
    request: &Request,
    prices: &dyn PriceLookup,
    opts: &Options,
) -> Result<Analysis, AdviseError> {
    let select: BTreeSet<&str> =
        opts.select.iter().map(|c| rule(c).map(|r| r.code())).collect::<Result<_, _>>()?;
    let ignore: BTreeSet<&str> =
        opts.ignore.iter().map(|c| rule(c).map(|r| r.code())).collect::<Result<_, _>>()?;
    let (workspace, var_files) = match &request.source {
        Source::Dir(o) => (o.workspace.as_str(), o.var_files.as_slice()),
        Source::Plan(_) => ("default", &[][..]),
    };
    let environment =
        environment::detect(opts.environment, workspace, var_files, &outcome.loaded.instances);
    let baseline = simulate::Baseline {
        loaded: &outcome.loaded,
        profile: &outcome.profile,
        prices,
        options: &request.options,
        report: &outcome.report,
    };
    let ctx = Ctx {
        instances: &outcome.loaded.instances,
        usage: &outcome.usage,
        report: &outcome.report,
        production: environment.production,
        hours_per_month: request.options.hours_per_month,
    };
    let mut sources = match &request.source {
        Source::Dir(o) => Some(Sources::new(o)),
        Source::Plan(_) => None,
    };
    let mut rules_run = Vec::new();
    let mut found: Vec<(Finding, Vec<Change>, Vec<FileEdit>)> = Vec::new();
    let mut skipped = Vec::new();
    for rule in rules {
        let code = rule.code();
        if (!select.is_empty() && !select.contains(code)) || ignore.contains(code) {
            continue;
        }
        rules_run.push(code.to_string());
        let held = held_back(*rule, environment.production, opts, &select);
        for proposal in rule.check(&ctx) {
            if let Some(reason) = proposal.not_recommended.clone().or_else(|| held.clone()) {
                skipped.push(Skipped {
                    code: code.to_string(),
                    address: proposal.address.clone(),
                    reason,
                });
                continue;
            }
            match evaluate(*rule, proposal, &baseline, &ctx, prices, sources.as_mut())? {
                Ok(f) if f.0.monthly_saving < opts.min_savings => skipped.push(Skipped {
                    code: code.to_string(),
                    address: f.0.address.clone(),
                    reason: format!(
                        "saves {} a month, under --min-savings",
                        f.0.monthly_saving.round_dp(2)
                    ),
                }),
                Ok(f) => found.push(f),
                Err(s) => skipped.push(s),
            }
        }
    }
    found.sort_by(|a, b| {
        b.0.monthly_saving
            .cmp(&a.0.monthly_saving)
            .then_with(|| a.0.code.cmp(&b.0.code))
            .then_with(|| a.0.address.cmp(&b.0.address))
    });
    let mut found = drop_unpriced_combinations(found, &baseline, &mut skipped)?;
    note_shared_patches(&mut found);
    skipped.sort();
    let combined = combined(&found, &baseline)?;
    let total = total_saving(&found, &baseline, outcome)?;
    let (findings, edits): (Vec<Finding>, Vec<Vec<FileEdit>>) =
        found.into_iter().map(|(f, _, e)| (f, e)).unzip();
    Ok(Analysis {
        advice: Advice { environment, rules_run, findings, combined, total, skipped },
        sources,
        edits,
    })
}

/// Why every proposal of `rule` is held back in this environment, if it is: a rule that reduces
/// resilience in production (unless `--include-resilience`), a commitment outside production
/// (unless selected by code).
fn held_back(
    rule: &dyn Rule,
    production: bool,
    opts: &Options,
    select: &BTreeSet<&str>,
) -> Option<String> {
    let code = rule.code();
    if rule.reduces_resilience() && production && !opts.include_resilience {
        return Some(
            "reduces resilience and the environment is production (pass --include-resilience to see it)"
                .into(),
        );
    }
    if rule.production_only() && !production && !select.contains(code) {
        return Some(format!(
            "a commitment of one or three years, and the environment is not production (a non-production resource is often resized or deleted before the term ends): --select {code} to see it"
        ));
    }
    None
}

/// Findings on the same resource, applied together: their saving against the sum of the
/// separate savings.
fn combined(
    found: &[Found],
    baseline: &simulate::Baseline<'_>,
) -> Result<Vec<Combined>, AdviseError> {
    let mut by_address: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        by_address.entry(f.0.address.as_str()).or_default().push(i);
    }
    let mut combined = Vec::new();
    for (address, idx) in by_address.iter().filter(|(_, idx)| idx.len() > 1) {
        let changes: Vec<Change> = idx.iter().flat_map(|i| found[*i].1.clone()).collect();
        let what = || format!("the combined saving of the findings on {address}");
        let adjustments = idx
            .iter()
            .map(|i| adjustment_sum(&found[*i].0))
            .try_fold(Decimal::ZERO, |a, b| checked::add(a, b?))
            .map_err(|_| overflow(what()))?;
        let out = baseline.run(&changes)?;
        let separate_monthly_saving = checked::sum(idx.iter().map(|i| found[*i].0.monthly_saving))
            .map_err(|_| overflow(what()))?;
        let monthly_saving = checked::sub(out.before, out.after)
            .and_then(|d| checked::sub(d, adjustments))
            .map_err(|_| overflow(what()))?;
        combined.push(Combined {
            address: address.to_string(),
            codes: idx.iter().map(|i| found[*i].0.code.clone()).collect(),
            separate_monthly_saving,
            monthly_saving,
        });
    }
    Ok(combined)
}

/// The saving of every finding applied at once: the estimate's change less the adjustments.
fn total_saving(
    found: &[Found],
    baseline: &simulate::Baseline<'_>,
    outcome: &Outcome,
) -> Result<TotalSaving, AdviseError> {
    let all: Vec<Change> = found.iter().flat_map(|f| f.1.clone()).collect();
    Ok(if found.is_empty() {
        TotalSaving::default()
    } else {
        let out = baseline.run(&all)?;
        let what = || "the total saving of every finding".to_string();
        let estimate_change =
            checked::sub(outcome.report.totals.monthly, out.report.totals.monthly)
                .map_err(|_| overflow(what()))?;
        let adjustments = found
            .iter()
            .map(|f| adjustment_sum(&f.0))
            .try_fold(Decimal::ZERO, |a, b| checked::add(a, b?))
            .map_err(|_| overflow(what()))?;
        let monthly = checked::sub(estimate_change, adjustments).map_err(|_| overflow(what()))?;
        TotalSaving {
            monthly_saving: monthly,
            yearly_saving: checked::mul(monthly, Decimal::from(12))
                .map_err(|_| overflow(what()))?,
            estimate_change,
            adjustments,
        }
    })
}

/// Findings whose patches make the same edit (one variable sets several resources) say so:
/// applying one applies the others.
fn note_shared_patches(found: &mut [(Finding, Vec<Change>, Vec<FileEdit>)]) {
    type Key = (std::path::PathBuf, usize, usize, String);
    let mut by_edit: BTreeMap<Key, BTreeSet<usize>> = BTreeMap::new();
    for (i, (_, _, edits)) in found.iter().enumerate() {
        for e in edits {
            let key = (e.path.clone(), e.range.start, e.range.end, e.text.clone());
            by_edit.entry(key).or_default().insert(i);
        }
    }
    let mut shared: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for set in by_edit.values().filter(|s| s.len() > 1) {
        for i in set {
            shared.entry(*i).or_default().extend(set.iter().filter(|j| *j != i));
        }
    }
    for (i, others) in shared {
        let names: Vec<String> = others
            .iter()
            .map(|j| format!("{} {}", found[*j].0.code, found[*j].0.address))
            .collect();
        found[i].0.notes.push(format!(
            "the patch is shared with {} (the same value sets both): applying one applies both; their combined saving is in the total",
            names.join(", ")
        ));
    }
}

type Found = (Finding, Vec<Change>, Vec<FileEdit>);

/// Findings on one resource whose changes cannot be priced together (the price after both is
/// not in the snapshot: Fargate Spot on ARM64) are alternatives: the larger saving stays (they
/// arrive sorted by saving), the other is listed as skipped with both savings, so neither the
/// combined figure, the total nor `--apply` rests on an unknown price.
fn drop_unpriced_combinations(
    found: Vec<Found>,
    baseline: &simulate::Baseline<'_>,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<Found>, AdviseError> {
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let same: Vec<&Found> = kept.iter().filter(|k| k.0.address == f.0.address).collect();
        if same.is_empty() {
            kept.push(f);
            continue;
        }
        let mut changes: Vec<Change> = same.iter().flat_map(|k| k.1.clone()).collect();
        changes.extend(f.1.iter().cloned());
        let out = baseline.run(&changes)?;
        if out.newly_incomplete.is_empty() {
            kept.push(f);
            continue;
        }
        let others: Vec<String> = same
            .iter()
            .map(|k| format!("{} (saves {} alone)", k.0.code, k.0.monthly_saving.round_dp(2)))
            .collect();
        skipped.push(Skipped {
            code: f.0.code.clone(),
            address: f.0.address.clone(),
            reason: format!(
                "saves {} a month alone, but together with {} the cost after is not known (price not found for {}): the larger saving is recommended instead",
                f.0.monthly_saving.round_dp(2),
                others.join(", "),
                out.newly_incomplete.join(", ")
            ),
        });
    }
    Ok(kept)
}

fn adjustment_sum(f: &Finding) -> Result<Decimal, checked::Overflow> {
    checked::sum(f.adjustments.iter().map(|a| a.monthly_cost))
}

fn overflow(what: String) -> AdviseError {
    AdviseError::Overflow { what }
}

type Evaluated = Result<(Finding, Vec<Change>, Vec<FileEdit>), Skipped>;

/// Prices one proposal and resolves its patch.
fn evaluate(
    rule: &dyn Rule,
    mut proposal: Proposal,
    baseline: &simulate::Baseline<'_>,
    ctx: &Ctx<'_>,
    prices: &dyn PriceLookup,
    sources: Option<&mut Sources>,
) -> Result<Evaluated, AdviseError> {
    let address = proposal.address.clone();
    let skip = |reason: String| Skipped {
        code: rule.code().to_string(),
        address: address.clone(),
        reason,
    };
    // Commitments: price every term; the headline term becomes the proposal.
    let mut table = Vec::new();
    let mut headline = None;
    if !proposal.commitments.is_empty() {
        match commitment::compare(&proposal, baseline, ctx.hours_per_month)? {
            Ok((rows, i)) => {
                let chosen = proposal.commitments[i].clone();
                proposal.changes = chosen.changes;
                proposal.edits = chosen.edits;
                proposal.title = chosen.title;
                headline = Some(rows[i].clone());
                table = rows;
            }
            Err(reason) => return Ok(Err(skip(reason))),
        }
    }
    let out = baseline.run(&proposal.changes)?;
    if !out.newly_incomplete.is_empty() {
        return Ok(Err(skip(format!(
            "the cost after the change is not known (price not found for {})",
            out.newly_incomplete.join(", ")
        ))));
    }
    let adjustments = match price_adjustments(&proposal, prices)? {
        Ok(a) => a,
        Err(reason) => return Ok(Err(skip(reason))),
    };
    let what = || format!("{}: the saving of {}", proposal.address, rule.code());
    let after = checked::sum(adjustments.iter().map(|a| a.monthly_cost))
        .and_then(|a| checked::add(out.after, a))
        .map_err(|_| overflow(what()))?;
    let saving = checked::sub(out.before, after).map_err(|_| overflow(what()))?;
    let yearly_saving = checked::mul(saving, Decimal::from(12)).map_err(|_| overflow(what()))?;
    if let Some(reason) = no_saving(&proposal, &out, adjustments.is_empty(), saving, after, ctx) {
        return Ok(Err(skip(reason)));
    }
    let mut notes = proposal.notes.clone();
    if !out.incomplete_before.is_empty() {
        notes.push(format!(
            "the saving is a lower bound: part of the cost of {} depends on usage not given",
            out.incomplete_before.join(", ")
        ));
    }
    // A change that adds a resource (a VPC endpoint) trades its cost against what it saves
    // elsewhere: both figures are said, resource by resource.
    if proposal.changes.iter().any(|c| matches!(c, Change::Add { .. })) {
        notes.push(itemise(&out, ctx.report));
    }
    let mut affected = vec![proposal.address.clone()];
    affected.extend(out.affected.iter().filter(|a| **a != proposal.address).cloned());
    let location = ctx.instance(&proposal.address).map(|i| i.location.clone()).unwrap_or_default();
    let (patch, no_patch_reason, edits) = resolve_patch(&proposal, sources, ctx)?;
    let (hourly_commitment, plan_upfront, plan_break_even) = match &proposal.savings_plan {
        Some(plan) => commitment::size_plan(plan, saving, ctx.hours_per_month)
            .map_err(|_| overflow(format!("{}: the Savings Plan commitment", proposal.address)))?,
        None => (None, None, None),
    };
    let finding = Finding {
        code: rule.code().to_string(),
        rule: rule.name().to_string(),
        address: proposal.address.clone(),
        location,
        title: proposal.title.clone(),
        monthly_cost: out.before,
        monthly_cost_after: after,
        monthly_saving: saving,
        yearly_saving,
        upfront: headline.as_ref().and_then(|h| h.upfront).or(plan_upfront),
        break_even_month: headline.as_ref().and_then(|h| h.break_even_month).or(plan_break_even),
        risk: proposal.risk,
        reduces_resilience: rule.reduces_resilience(),
        affected,
        adjustments,
        patch,
        no_patch_reason,
        notes,
        commitment_options: table,
        hourly_commitment,
    };
    Ok(Ok((finding, proposal.changes, edits)))
}

/// Why a re-priced proposal is not a saving, if it is not: the cost before is not known, the
/// estimate does not change, or it does not go down.
fn no_saving(
    proposal: &Proposal,
    out: &simulate::Outcome,
    no_adjustments: bool,
    saving: Decimal,
    after: Decimal,
    ctx: &Ctx<'_>,
) -> Option<String> {
    if saving <= Decimal::ZERO && !out.incomplete_before.is_empty() {
        return Some(format!(
            "the cost before the change is not known (usage not given for {}): give it in the scenario or a usage file",
            out.incomplete_before.join(", ")
        ));
    }
    if out.affected.is_empty() && no_adjustments {
        let now = ctx.report.totals.by_resource.get(&proposal.address).copied().unwrap_or_default();
        return Some(format!(
            "saves nothing: the estimate is the same after the change ({} a month, the same prices)",
            now.round_dp(2)
        ));
    }
    if saving <= Decimal::ZERO {
        let mut reason = format!(
            "saves nothing here (monthly {} before, {} after)",
            out.before.round_dp(2),
            after.round_dp(2)
        );
        // A proposal that adds a resource: which one, and what it costs against what it saves.
        if proposal.changes.iter().any(|c| matches!(c, Change::Add { .. })) {
            reason = format!("{}: {reason}; {}", proposal.title, itemise(out, ctx.report));
        }
        return Some(reason);
    }
    None
}

/// The proposal's adjustments (costs outside the re-priced resources) priced; `Err` names the
/// first one without a price.
fn price_adjustments(
    proposal: &Proposal,
    prices: &dyn PriceLookup,
) -> Result<Result<Vec<Adjustment>, String>, AdviseError> {
    let mut adjustments = Vec::new();
    for spec in &proposal.adjustments {
        match price_adjustment(spec, prices).map_err(|_| {
            overflow(format!("{}: the cost of {} ({})", proposal.address, spec.name, spec.formula))
        })? {
            Some(a) => adjustments.push(a),
            None => return Ok(Err(format!("no price for {} ({})", spec.name, spec.formula))),
        }
    }
    Ok(Ok(adjustments))
}

/// A finding's unified diff, why it has none, and the file edits behind the diff.
type ResolvedPatch = (Option<String>, Option<String>, Vec<FileEdit>);

/// The proposal's edits resolved against the Terraform source: the unified diff and the file
/// edits, or why there is no patch (a manual step, a plan input, nothing found to edit).
fn resolve_patch(
    proposal: &Proposal,
    sources: Option<&mut Sources>,
    ctx: &Ctx<'_>,
) -> Result<ResolvedPatch, AdviseError> {
    let manual: Vec<String> = proposal
        .edits
        .iter()
        .filter_map(|e| match e {
            rule::Edit::Manual { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    Ok(match sources {
        // Only a manual step (a purchase): the same reason whatever the input.
        _ if !manual.is_empty() && manual.len() == proposal.edits.len() => {
            (None, Some(manual.join("; ")), Vec::new())
        }
        None => (
            None,
            Some(
                "the configuration was read from a plan JSON: run with --path to get patches"
                    .to_string(),
            ),
            Vec::new(),
        ),
        Some(sources) => {
            let mut edits = Vec::new();
            let mut reasons = Vec::new();
            for edit in &proposal.edits {
                match sources.resolve(edit, ctx.instances) {
                    Ok(e) => edits.extend(e),
                    Err(reason) => reasons.push(reason),
                }
            }
            if reasons.is_empty() && !edits.is_empty() {
                let set = PatchSet::build(sources, &edits)?;
                (Some(set.diff()), None, edits)
            } else if reasons.is_empty() {
                (None, Some("nothing to edit was found in the Terraform source".into()), Vec::new())
            } else {
                (None, Some(reasons.join("; ")), Vec::new())
            }
        }
    })
}

/// `address $before → $after` for every resource whose cost changes (`new` when it did not
/// exist), rounded to cents.
fn itemise(out: &simulate::Outcome, before: &crate::model::Report) -> String {
    let parts: Vec<String> = out
        .affected
        .iter()
        .map(|a| {
            let after = out.report.totals.by_resource.get(a).copied().unwrap_or_default();
            match before.totals.by_resource.get(a) {
                // Cents, or more digits when the change is smaller than a cent.
                Some(b) if b.round_dp(2) == after.round_dp(2) => format!(
                    "{a} ${} → ${}",
                    b.round_dp(4).normalize(),
                    after.round_dp(4).normalize()
                ),
                Some(b) => format!("{a} ${} → ${}", b.round_dp(2), after.round_dp(2)),
                None => format!("{a} (new) ${}", after.round_dp(2)),
            }
        })
        .collect();
    format!("monthly cost by resource, now → after: {}", parts.join("; "))
}

/// Prices an adjustment with the catalog, splitting the quantity over the price's tiers
/// (`None` when no price is found).
fn price_adjustment(
    spec: &AdjustmentSpec,
    prices: &dyn PriceLookup,
) -> Result<Option<Adjustment>, checked::Overflow> {
    let Lookup::Found(price) = prices.lookup(&spec.query) else { return Ok(None) };
    let mut cost = Decimal::ZERO;
    let mut rates = Vec::new();
    for t in &price.tiers {
        let upper = t.end.map_or(spec.quantity, |e| e.min(spec.quantity));
        if upper > t.begin {
            let part = checked::mul(checked::sub(upper, t.begin)?, t.usd)?;
            checked::add_to(&mut cost, part)?;
            rates.push(t.usd.normalize().to_string());
        }
    }
    Ok(Some(Adjustment {
        name: spec.name.clone(),
        monthly_cost: cost,
        formula: format!(
            "{} = {} {} × ${} ({})",
            spec.formula,
            spec.quantity.round_dp(6).normalize(),
            spec.unit,
            rates.join("/"),
            price.sku
        ),
    }))
}
