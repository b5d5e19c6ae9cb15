//! Two reports → a [`Diff`]: projects matched by name, resources by address, components by
//! their stable id within a resource (see `component_diffs`); display names are never what
//! makes two components the same, except for a report saved before components had ids.
//!
//! A component whose name holds a value that changed (`Database instance (on-demand,
//! Multi-AZ, db.t3.micro)` → `(…, db.t4g.micro)`: one id, `rds.instance`) is the same line of
//! the bill priced differently, and is shown as one changed component (old → new quantity,
//! price and cost, with `prior_name`), not as one removed and one added; a label that changed
//! with nothing else is no change at all. Components whose ids differ but are of the same kind
//! ([`Kind`]: same subresource, same first two words of the id, same unit, same AWS service and
//! product family: `fargate.vcpu` → `fargate.vcpu.spot`) are paired when the pairing is
//! unambiguous: exactly one unmatched component of that kind on each side. Anything else stays
//! removed + added (a Fargate service split between Fargate and Fargate Spot keeps its Fargate
//! lines, changed, and adds the Spot ones).
//!
//! Unknown costs stay unknown: a component whose price was not found or whose usage is unknown
//! has a `None` cost in its [`ComponentSide`] and a `None` delta, and the resource is marked
//! `incomplete`; totals and deltas add known costs only and the summary counts the unknown ones
//! on each side, so renderers can say that a total is a lower bound.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::model::{
    Change, ComponentDiff, ComponentSide, CostSplit, DIFF_SCHEMA_VERSION, DeltaUnknowns, Diff,
    DiffSummary, ProjectDiff, ResourceDiff, percent,
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
    let mut unknowns = DeltaUnknowns::default();
    let multi = projects.len() > 1;
    for p in &projects {
        let mut own = p.unknowns.clone();
        if multi {
            // Addresses repeat across projects: name the project, as `totals.by_resource` does.
            for a in own.not_supported_added.iter_mut().chain(&mut own.not_supported_removed) {
                *a = format!("{}/{a}", p.name);
            }
        }
        unknowns.add(&own);
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
    summary.prior_not_supported = prior.summary.not_supported;
    summary.proposed_not_supported = proposed.summary.not_supported;
    unknowns.not_supported_added.sort();
    unknowns.not_supported_removed.sort();

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
        delta_bound: unknowns.bound(),
        unknowns,
        input_differences: super::inputs::differences(prior, proposed),
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
    let mut unknowns = DeltaUnknowns::default();
    for address in addresses {
        let (ra, rb) = (a.get(address).copied(), b.get(address).copied());
        let (fa, ua) = ra.map(split).unwrap_or_default();
        let (fb, ub) = rb.map(split).unwrap_or_default();
        fixed.add(&CostSplit::new(fa, fb));
        usage_based.add(&CostSplit::new(ua, ub));
        match resource_diff(ra, rb) {
            Some(d) if d.change != Change::Unchanged => {
                unknowns.add(&resource_unknowns(&d));
                resources.push(d);
            }
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
        delta_bound: unknowns.bound(),
        unknowns,
        fixed,
        usage_based,
        prior_unknown_costs: unknown_costs(prior),
        proposed_unknown_costs: unknown_costs(proposed),
        resources,
        unchanged_resources: unchanged,
    }
}

/// The unknown costs a changed resource adds to or takes from the delta: its components whose
/// cost is not known on one side or changed while unknown on both, and the resource itself
/// when it is not supported on one side only.
fn resource_unknowns(r: &ResourceDiff) -> DeltaUnknowns {
    let mut u = DeltaUnknowns::default();
    let unknown = |s: &Option<ComponentSide>| s.as_ref().is_some_and(|s| s.monthly_cost.is_none());
    for c in &r.components {
        match (unknown(&c.prior), unknown(&c.proposed)) {
            (false, true) => u.unknown_costs_added += 1,
            (true, false) => u.unknown_costs_removed += 1,
            (true, true) => u.unknown_costs_changed += 1,
            (false, false) => {}
        }
    }
    let unpriced = |b: Option<Bucket>| b == Some(Bucket::NotSupported);
    match (unpriced(r.prior_bucket), unpriced(r.proposed_bucket)) {
        (false, true) => u.not_supported_added.push(r.address.clone()),
        (true, false) => u.not_supported_removed.push(r.address.clone()),
        _ => {}
    }
    u
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

/// The components of a resource with the subresource each belongs to, in estimate order.
fn listed(res: Option<&ResourceCost>) -> Vec<(Option<&str>, &Component)> {
    let Some(res) = res else { return Vec::new() };
    if res.bucket != Bucket::Estimated {
        return Vec::new();
    }
    let own = res.components.iter().map(|c| (None, c));
    let subs = res
        .subresources
        .iter()
        .flat_map(|s| s.components.iter().map(move |c| (Some(s.name.as_str()), c)));
    own.chain(subs).collect()
}

fn side(c: &Component) -> ComponentSide {
    ComponentSide {
        quantity: c.quantity,
        price: c.price,
        monthly_cost: c.monthly_cost,
        price_status: c.price_status.clone(),
    }
}

/// What makes two components with different ids the same line of the bill: the subresource,
/// the id's first two words (its service and what is billed: `rds.storage` for
/// `rds.storage.gp2` and `rds.storage.gp3`, `fargate.vcpu` for `fargate.vcpu` and
/// `fargate.vcpu.spot`), the display unit, and the AWS service and product family of the price
/// query. For a report saved before ids, the label before the name's parenthesised qualifiers
/// (`Database instance`, `Storage`) stands in for the id's words.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Kind<'a> {
    subresource: Option<&'a str>,
    family: &'a str,
    unit: &'a str,
    service: &'a str,
    product_family: Option<&'a str>,
}

fn kind<'a>(sub: Option<&'a str>, c: &'a Component, by_name: bool) -> Kind<'a> {
    let family = if by_name {
        c.name.split_once(" (").map_or(c.name.as_str(), |(label, _)| label).trim_end()
    } else {
        // The end of the second word: the whole id when it has two.
        let end = c.id.match_indices('.').nth(1).map_or(c.id.len(), |(i, _)| i);
        &c.id[..end]
    };
    Kind {
        subresource: sub,
        family,
        unit: &c.unit,
        service: &c.price_query.service,
        product_family: c.price_query.product_family.as_deref(),
    }
}

/// Pairs, among the components `left_a` and `left_b` not yet paired, those that share a group
/// and are the only one of it on each side (proposed index → prior index): a group with more
/// than one on a side is a guess, and stays removed + added.
fn pair_unique<K: Ord>(
    left_a: &[usize],
    left_b: &[usize],
    group_a: impl Fn(usize) -> K,
    group_b: impl Fn(usize) -> K,
) -> BTreeMap<usize, usize> {
    let mut groups: BTreeMap<K, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for &i in left_a {
        groups.entry(group_a(i)).or_default().0.push(i);
    }
    for &j in left_b {
        groups.entry(group_b(j)).or_default().1.push(j);
    }
    groups
        .into_values()
        .filter_map(|(olds, news)| match (olds.as_slice(), news.as_slice()) {
            ([i], [j]) => Some((*j, *i)),
            _ => None,
        })
        .collect()
}

/// Matches the components of one resource in three passes, each over what the one before left:
/// 1. same subresource, id and name (the n-th of a repeated one with the n-th);
/// 2. same subresource and id, when it is the only one left with that id on each side (the
///    display name changed, the component did not: `db.t3.micro` → `db.t4g.micro`);
/// 3. same [`Kind`], when it is the only one left of that kind on each side (`Storage (gp2)`
///    → `Storage (gp3)`, `vCPU (Fargate)` → `vCPU (Fargate Spot)`).
///
/// A report saved before components had ids (any component of either side with an empty id)
/// is matched by name instead: pass 1 on the name alone, no pass 2, and pass 3 with the name's
/// label for the id's words, as `diff` did before ids.
fn component_diffs(
    prior: Option<&ResourceCost>,
    proposed: Option<&ResourceCost>,
) -> Vec<ComponentDiff> {
    let a = listed(prior);
    let b = listed(proposed);
    let by_name = a.iter().chain(&b).any(|(_, c)| c.id.is_empty());
    let id = |c: &Component| if by_name { String::new() } else { c.id.clone() };
    // Pass 1: exact keys, numbered by occurrence.
    let numbered = |list: &[(Option<&str>, &Component)]| {
        let mut seen: BTreeMap<(Option<String>, String, String), usize> = BTreeMap::new();
        list.iter()
            .map(|(sub, c)| {
                let n = seen.entry((sub.map(str::to_string), id(c), c.name.clone())).or_default();
                *n += 1;
                (sub.map(str::to_string), id(c), c.name.clone(), *n)
            })
            .collect::<Vec<_>>()
    };
    let (keys_a, keys_b) = (numbered(&a), numbered(&b));
    let index_a: BTreeMap<_, usize> = keys_a.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut pairs: BTreeMap<usize, usize> = BTreeMap::new();
    for (j, k) in keys_b.iter().enumerate() {
        if let Some(&i) = index_a.get(k) {
            pairs.insert(j, i);
        }
    }
    let left = |pairs: &BTreeMap<usize, usize>| {
        let used_a: BTreeSet<usize> = pairs.values().copied().collect();
        let left_a: Vec<usize> = (0..a.len()).filter(|i| !used_a.contains(i)).collect();
        let left_b: Vec<usize> = (0..b.len()).filter(|j| !pairs.contains_key(j)).collect();
        (left_a, left_b)
    };
    if !by_name {
        let (left_a, left_b) = left(&pairs);
        pairs.extend(pair_unique(
            &left_a,
            &left_b,
            |i| (a[i].0, a[i].1.id.as_str()),
            |j| (b[j].0, b[j].1.id.as_str()),
        ));
    }
    let (left_a, left_b) = left(&pairs);
    pairs.extend(pair_unique(
        &left_a,
        &left_b,
        |i| kind(a[i].0, a[i].1, by_name),
        |j| kind(b[j].0, b[j].1, by_name),
    ));
    let (unpaired_a, _) = left(&pairs);
    let mut out = Vec::new();
    // Proposed order first, so the diff reads like the estimate; base-only components after.
    for (j, (sub, new)) in b.iter().enumerate() {
        let old = pairs.get(&j).map(|&i| a[i].1);
        out.push(component_diff(*sub, old, Some(new)));
    }
    for i in unpaired_a {
        let (sub, old) = a[i];
        out.push(component_diff(sub, Some(old), None));
    }
    out.retain(|c| c.change != Change::Unchanged);
    out
}

/// `old` and `new` are the same component; `old` may have another name.
fn component_diff(
    sub: Option<&str>,
    old: Option<&Component>,
    new: Option<&Component>,
) -> ComponentDiff {
    let prior_name = old.map(|o| &o.name).filter(|n| new.is_some_and(|c| c.name != **n));
    let (prior, proposed) = (old.map(side), new.map(side));
    let change = match (&prior, &proposed, old, new) {
        (None, _, _, _) => Change::Added,
        (_, None, _, _) => Change::Removed,
        // Names are for people: the same id at the same quantity and price is unchanged
        // whatever its label (a report saved before ids has only the name to go by).
        (Some(x), Some(y), Some(o), Some(n))
            if x == y
                && o.unit == n.unit
                && (if o.id.is_empty() || n.id.is_empty() {
                    o.name == n.name
                } else {
                    o.id == n.id
                }) =>
        {
            Change::Unchanged
        }
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
        id: any.map(|c| c.id.clone()).unwrap_or_default(),
        name: any.map(|c| c.name.clone()).unwrap_or_default(),
        prior_name: prior_name.cloned(),
        subresource: sub.map(str::to_string),
        unit: any.map(|c| c.unit.clone()).unwrap_or_default(),
        usage_based: any.is_some_and(|c| c.usage_based),
        change,
        prior,
        proposed,
        delta_monthly_cost: delta,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::model::PriceStatus;
    use crate::pricing::query::PriceQuery;

    fn comp(
        id: &str,
        name: &str,
        unit: &str,
        family: &str,
        hours: Decimal,
        price: Decimal,
    ) -> Component {
        let mut query = PriceQuery::new("AmazonRDS", "us-east-1");
        query.product_family = Some(family.into());
        Component {
            id: id.into(),
            name: name.into(),
            unit: unit.into(),
            quantity: Some(hours),
            usage_based: false,
            usage_key: None,
            usage_source: None,
            formula: None,
            price: Some(price),
            tiers: Vec::new(),
            monthly_cost: Some(hours * price),
            upfront: None,
            free_allowance: None,
            price_status: PriceStatus::Found,
            price_query: query,
            sku: None,
        }
    }

    fn res(components: Vec<Component>) -> ResourceCost {
        let monthly_cost = components.iter().filter_map(|c| c.monthly_cost).sum();
        ResourceCost {
            address: "aws_db_instance.this".into(),
            resource_type: "aws_db_instance".into(),
            location: Default::default(),
            region: Some("us-east-1".into()),
            bucket: Bucket::Estimated,
            note: None,
            unsupported: None,
            components,
            subresources: Vec::new(),
            monthly_cost,
            upfront: None,
            incomplete: false,
            warnings: Vec::new(),
        }
    }

    fn instance(class: &str, price: Decimal) -> Component {
        let name = format!("Database instance (on-demand, Single-AZ, {class})");
        comp("rds.instance", &name, "hours", "Database Instance", dec!(730), price)
    }

    fn storage(volume: &str, gb: Decimal) -> Component {
        let id = format!("rds.storage.{volume}");
        comp(&id, &format!("Storage ({volume})"), "GB-months", "Database Storage", gb, dec!(0.115))
    }

    type Row = (Change, String, Option<String>, Option<Decimal>);

    fn rows(a: Vec<Component>, b: Vec<Component>) -> Vec<Row> {
        component_diffs(Some(&res(a)), Some(&res(b)))
            .into_iter()
            .map(|c| (c.change, c.name, c.prior_name, c.delta_monthly_cost))
            .collect()
    }

    #[test]
    fn a_renamed_component_of_the_same_kind_is_one_changed_row() {
        let a = vec![instance("db.t3.micro", dec!(0.017)), storage("gp2", dec!(20))];
        let b = vec![instance("db.t4g.micro", dec!(0.016)), storage("gp2", dec!(20))];
        let d = component_diffs(Some(&res(a)), Some(&res(b)));
        assert_eq!(d.len(), 1, "{d:?}");
        let c = &d[0];
        assert_eq!(c.change, Change::Changed);
        assert_eq!(c.name, "Database instance (on-demand, Single-AZ, db.t4g.micro)");
        assert_eq!(
            c.prior_name.as_deref(),
            Some("Database instance (on-demand, Single-AZ, db.t3.micro)")
        );
        assert_eq!(c.prior.as_ref().and_then(|s| s.price), Some(dec!(0.017)));
        assert_eq!(c.proposed.as_ref().and_then(|s| s.price), Some(dec!(0.016)));
        assert_eq!(c.delta_monthly_cost, Some(dec!(-0.730)));
    }

    #[test]
    fn a_renamed_component_with_the_same_cost_is_still_a_change() {
        let a = vec![storage("gp2", dec!(20))];
        let b = vec![storage("gp3", dec!(20))];
        assert_eq!(
            rows(a, b),
            vec![(
                Change::Changed,
                "Storage (gp3)".to_string(),
                Some("Storage (gp2)".to_string()),
                Some(dec!(0))
            )]
        );
    }

    #[test]
    fn components_of_different_kinds_are_not_paired() {
        // Same unit and family, another label: not the same line of the bill.
        let a = vec![comp(
            "rds.backup",
            "Backup storage (gp2)",
            "GB-months",
            "Database Storage",
            dec!(5),
            dec!(0.095),
        )];
        let b = vec![storage("gp2", dec!(20))];
        let r = rows(a, b);
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!((r[0].0, r[0].2.clone()), (Change::Added, None));
        assert_eq!((r[1].0, r[1].2.clone()), (Change::Removed, None));
        // Same label, another unit.
        let a = vec![comp(
            "rds.storage.gp2",
            "Storage (gp2)",
            "GB",
            "Database Storage",
            dec!(5),
            dec!(0.1),
        )];
        let b = vec![storage("gp3", dec!(20))];
        let changes: Vec<Change> = rows(a, b).into_iter().map(|r| r.0).collect();
        assert_eq!(changes, vec![Change::Added, Change::Removed]);
    }

    #[test]
    fn an_ambiguous_rename_stays_removed_and_added() {
        // One instance line becomes two of the same kind: which one it became is a guess.
        let a = vec![instance("db.t3.micro", dec!(0.017))];
        let b = vec![instance("db.t4g.micro", dec!(0.016)), instance("db.t4g.small", dec!(0.032))];
        let changes: Vec<(Change, Option<String>)> =
            rows(a, b).into_iter().map(|r| (r.0, r.2)).collect();
        assert_eq!(
            changes,
            vec![(Change::Added, None), (Change::Added, None), (Change::Removed, None)]
        );
    }

    #[test]
    fn a_component_matched_by_name_is_never_paired_again() {
        // The t3 line stays (matched by name, quantity changed); the t4g line is new.
        let a = vec![instance("db.t3.micro", dec!(0.017))];
        let half = comp(
            "rds.instance",
            "Database instance (on-demand, Single-AZ, db.t3.micro)",
            "hours",
            "Database Instance",
            dec!(365),
            dec!(0.017),
        );
        let b = vec![half, instance("db.t4g.micro", dec!(0.016))];
        let r: Vec<(Change, Option<String>)> = rows(a, b).into_iter().map(|r| (r.0, r.2)).collect();
        assert_eq!(r, vec![(Change::Changed, None), (Change::Added, None)]);
    }

    #[test]
    fn a_changed_display_name_with_the_same_id_is_no_change() {
        // A newer costplan labels the same line of the bill differently: nothing changed.
        let relabelled = |c: Component| Component { name: format!("{} (renamed)", c.name), ..c };
        let a = vec![instance("db.t3.micro", dec!(0.017)), storage("gp2", dec!(20))];
        let b = vec![
            relabelled(instance("db.t3.micro", dec!(0.017))),
            relabelled(storage("gp2", dec!(20))),
        ];
        assert_eq!(rows(a, b), Vec::<Row>::new());
    }

    #[test]
    fn a_changed_display_name_and_price_with_the_same_id_is_one_changed_row() {
        // Two storage lines of different ids, and an instance line renamed out of recognition:
        // the id still pairs it, and nothing is added or removed.
        let a = vec![instance("db.t3.micro", dec!(0.017)), storage("gp2", dec!(20))];
        let mut moved = instance("db.t3.micro", dec!(0.034));
        moved.name = "Instance usage (db.t3.small)".into();
        let b = vec![moved, storage("gp2", dec!(20))];
        assert_eq!(
            rows(a, b),
            vec![(
                Change::Changed,
                "Instance usage (db.t3.small)".to_string(),
                Some("Database instance (on-demand, Single-AZ, db.t3.micro)".to_string()),
                Some(dec!(12.410))
            )]
        );
    }

    #[test]
    fn components_of_a_report_saved_before_ids_are_matched_by_name() {
        // The base has no ids: its components are matched by name, as before ids.
        let unnamed = |c: Component| Component { id: String::new(), ..c };
        let a =
            vec![unnamed(instance("db.t3.micro", dec!(0.017))), unnamed(storage("gp2", dec!(20)))];
        let b = vec![instance("db.t4g.micro", dec!(0.016)), storage("gp2", dec!(20))];
        let r = rows(a, b);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, Change::Changed);
        assert_eq!(
            r[0].2.as_deref(),
            Some("Database instance (on-demand, Single-AZ, db.t3.micro)")
        );
    }
}
