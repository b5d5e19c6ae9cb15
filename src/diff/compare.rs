//! Two reports → a [`Diff`]: projects matched by name, resources by address, components by
//! (subresource, name, occurrence) within a resource.
//!
//! Unknown costs stay unknown: a component whose price was not found or whose usage is unknown
//! has a `None` cost in its [`ComponentSide`] and a `None` delta, and the resource is marked
//! `incomplete`; totals and deltas add known costs only and the summary counts the unknown ones
//! on each side, so renderers can say that a total is a lower bound.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::model::{
    Change, ComponentDiff, ComponentSide, CostSplit, DIFF_SCHEMA_VERSION, Diff, DiffSummary,
    ProjectDiff, ResourceDiff, percent,
};
use crate::model::{Bucket, Component, Project, Report, ResourceCost};

/// Compares `prior` (the base) with `proposed`.
///
/// Projects are matched by name. When each report has exactly one project they are compared
/// with each other whatever their names (a single-project diff whose base was estimated from
/// another directory, a temporary checkout or a saved report); the proposed name is kept.
pub fn diff(prior: &Report, proposed: &Report) -> Diff {
    let mut pairs: BTreeMap<&str, (Option<&Project>, Option<&Project>)> = BTreeMap::new();
    if prior.projects.len() == 1 && proposed.projects.len() == 1 {
        let p = &proposed.projects[0];
        pairs.insert(&p.name, (Some(&prior.projects[0]), Some(p)));
    } else {
        for p in &prior.projects {
            pairs.entry(&p.name).or_default().0 = Some(p);
        }
        for p in &proposed.projects {
            pairs.entry(&p.name).or_default().1 = Some(p);
        }
    }
    let projects: Vec<ProjectDiff> =
        pairs.into_iter().map(|(name, (a, b))| project_diff(name, a, b)).collect();

    let mut summary = DiffSummary { projects: projects.len(), ..DiffSummary::default() };
    let mut fixed = CostSplit::default();
    let mut usage_based = CostSplit::default();
    for p in &projects {
        if p.change != Change::Unchanged {
            summary.projects_changed += 1;
        }
        for r in &p.resources {
            match r.change {
                Change::Added => summary.resources_added += 1,
                Change::Removed => summary.resources_removed += 1,
                Change::Changed => summary.resources_changed += 1,
                Change::Unchanged => summary.resources_unchanged += 1,
            }
        }
        summary.resources_unchanged += p.unchanged_resources;
        summary.prior_unknown_costs += p.prior_unknown_costs;
        summary.proposed_unknown_costs += p.proposed_unknown_costs;
        fixed.add(&p.fixed);
        usage_based.add(&p.usage_based);
    }
    summary.proposed_not_supported = proposed.summary.not_supported;

    let prior_total = prior.totals.monthly;
    let proposed_total = proposed.totals.monthly;
    let delta = proposed_total - prior_total;
    Diff {
        schema_version: DIFF_SCHEMA_VERSION,
        currency: proposed.currency.clone(),
        prior_monthly_cost: prior_total,
        proposed_monthly_cost: proposed_total,
        delta_monthly_cost: delta,
        delta_percent: percent(prior_total, delta),
        fixed,
        usage_based,
        summary,
        projects,
        guardrails: Vec::new(),
        warnings: proposed.warnings.clone(),
    }
}

fn unknown_costs(project: Option<&Project>) -> usize {
    project.map_or(0, |p| p.summary.price_not_found + p.summary.usage_unknown)
}

/// Known monthly cost of a resource split into (fixed, usage-based).
fn split(res: &ResourceCost) -> (Decimal, Decimal) {
    let mut fixed = Decimal::ZERO;
    let mut usage = Decimal::ZERO;
    if res.bucket != Bucket::Estimated {
        return (fixed, usage);
    }
    for c in res.all_components() {
        let cost = c.monthly_cost.unwrap_or_default();
        if c.usage_based {
            usage += cost;
        } else {
            fixed += cost;
        }
    }
    (fixed, usage)
}

fn project_diff(name: &str, prior: Option<&Project>, proposed: Option<&Project>) -> ProjectDiff {
    let empty: Vec<ResourceCost> = Vec::new();
    let a: BTreeMap<&str, &ResourceCost> =
        prior.map_or(&empty, |p| &p.resources).iter().map(|r| (r.address.as_str(), r)).collect();
    let b: BTreeMap<&str, &ResourceCost> =
        proposed.map_or(&empty, |p| &p.resources).iter().map(|r| (r.address.as_str(), r)).collect();
    let addresses: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();

    let mut resources = Vec::new();
    let mut unchanged = 0;
    let mut fixed = CostSplit::default();
    let mut usage_based = CostSplit::default();
    for address in addresses {
        let (ra, rb) = (a.get(address).copied(), b.get(address).copied());
        let (fa, ua) = ra.map(split).unwrap_or_default();
        let (fb, ub) = rb.map(split).unwrap_or_default();
        fixed.add(&CostSplit::new(fa, fb));
        usage_based.add(&CostSplit::new(ua, ub));
        match resource_diff(ra, rb) {
            Some(d) if d.change != Change::Unchanged => resources.push(d),
            _ => unchanged += 1,
        }
    }

    let prior_total = prior.map_or(Decimal::ZERO, |p| p.totals.monthly);
    let proposed_total = proposed.map_or(Decimal::ZERO, |p| p.totals.monthly);
    let change = match (prior, proposed) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ if resources.is_empty() => Change::Unchanged,
        _ => Change::Changed,
    };
    ProjectDiff {
        name: name.to_string(),
        change,
        path: proposed.or(prior).and_then(|p| p.path.clone()),
        prior_monthly_cost: prior_total,
        proposed_monthly_cost: proposed_total,
        delta_monthly_cost: proposed_total - prior_total,
        delta_percent: percent(prior_total, proposed_total - prior_total),
        fixed,
        usage_based,
        prior_unknown_costs: unknown_costs(prior),
        proposed_unknown_costs: unknown_costs(proposed),
        resources,
        unchanged_resources: unchanged,
    }
}

/// The known monthly cost a resource contributes to the totals (0 unless estimated).
fn counted_cost(res: &ResourceCost) -> Decimal {
    if res.bucket == Bucket::Estimated { res.monthly_cost } else { Decimal::ZERO }
}

fn resource_diff(
    prior: Option<&ResourceCost>,
    proposed: Option<&ResourceCost>,
) -> Option<ResourceDiff> {
    let any = proposed.or(prior)?;
    let components = component_diffs(prior, proposed);
    let (fa, ua) = prior.map(split).unwrap_or_default();
    let (fb, ub) = proposed.map(split).unwrap_or_default();
    let prior_cost = prior.map(counted_cost);
    let proposed_cost = proposed.map(counted_cost);
    let change = match (prior, proposed) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        (Some(x), Some(y)) => {
            if components.is_empty()
                && x.bucket == y.bucket
                && prior_cost == proposed_cost
                && x.upfront == y.upfront
                && x.incomplete == y.incomplete
            {
                Change::Unchanged
            } else {
                Change::Changed
            }
        }
    };
    Some(ResourceDiff {
        address: any.address.clone(),
        resource_type: any.resource_type.clone(),
        change,
        prior_bucket: prior.map(|r| r.bucket),
        proposed_bucket: proposed.map(|r| r.bucket),
        prior_monthly_cost: prior_cost,
        proposed_monthly_cost: proposed_cost,
        delta_monthly_cost: proposed_cost.unwrap_or_default() - prior_cost.unwrap_or_default(),
        fixed_delta: fb - fa,
        usage_delta: ub - ua,
        incomplete: prior.is_some_and(|r| r.incomplete) || proposed.is_some_and(|r| r.incomplete),
        components,
    })
}

/// Key of a component within its resource: subresource, name, and which occurrence of that
/// name it is (names are unique in practice; the index keeps a repeated one from vanishing).
type ComponentKey = (Option<String>, String, usize);

fn keyed(res: Option<&ResourceCost>) -> Vec<(ComponentKey, &Component)> {
    let Some(res) = res else { return Vec::new() };
    if res.bucket != Bucket::Estimated {
        return Vec::new();
    }
    let mut seen: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
    let own = res.components.iter().map(|c| (None, c));
    let subs = res
        .subresources
        .iter()
        .flat_map(|s| s.components.iter().map(move |c| (Some(s.name.clone()), c)));
    own.chain(subs)
        .map(|(sub, c)| {
            let n = seen.entry((sub.clone(), c.name.clone())).or_default();
            *n += 1;
            ((sub, c.name.clone(), *n), c)
        })
        .collect()
}

fn side(c: &Component) -> ComponentSide {
    ComponentSide {
        quantity: c.quantity,
        price: c.price,
        monthly_cost: c.monthly_cost,
        price_status: c.price_status.clone(),
    }
}

fn component_diffs(
    prior: Option<&ResourceCost>,
    proposed: Option<&ResourceCost>,
) -> Vec<ComponentDiff> {
    let a = keyed(prior);
    let b = keyed(proposed);
    let prior_by_key: BTreeMap<&ComponentKey, &Component> =
        a.iter().map(|(k, c)| (k, *c)).collect();
    let proposed_keys: BTreeSet<&ComponentKey> = b.iter().map(|(k, _)| k).collect();
    let mut out = Vec::new();
    // Proposed order first, so the diff reads like the estimate; base-only components after.
    for (key, new) in &b {
        let old = prior_by_key.get(key).copied();
        out.push(component_diff(key, old, Some(new)));
    }
    for (key, old) in &a {
        if !proposed_keys.contains(key) {
            out.push(component_diff(key, Some(old), None));
        }
    }
    out.retain(|c| c.change != Change::Unchanged);
    out
}

fn component_diff(
    key: &ComponentKey,
    old: Option<&Component>,
    new: Option<&Component>,
) -> ComponentDiff {
    let (prior, proposed) = (old.map(side), new.map(side));
    let change = match (&prior, &proposed, old, new) {
        (None, _, _, _) => Change::Added,
        (_, None, _, _) => Change::Removed,
        (Some(x), Some(y), Some(o), Some(n)) if x == y && o.unit == n.unit => Change::Unchanged,
        _ => Change::Changed,
    };
    // An absent side costs nothing; a present side with an unknown cost makes the delta unknown.
    let cost = |s: &Option<ComponentSide>| match s {
        None => Some(Decimal::ZERO),
        Some(s) => s.monthly_cost,
    };
    let delta = match (cost(&prior), cost(&proposed)) {
        (Some(x), Some(y)) => Some(y - x),
        _ => None,
    };
    let any = new.or(old);
    ComponentDiff {
        name: key.1.clone(),
        subresource: key.0.clone(),
        unit: any.map(|c| c.unit.clone()).unwrap_or_default(),
        usage_based: any.is_some_and(|c| c.usage_based),
        change,
        prior,
        proposed,
        delta_monthly_cost: delta,
    }
}
