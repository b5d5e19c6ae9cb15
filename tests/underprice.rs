//! No silent under-price (issue 19): invariants over every resource fixture and every component
//! the estimate prices against the bundled snapshot.
//!
//! - quantity × price = cost: for a tiered price, tier by tier (each tier's quantity × its
//!   price is its cost, the tiers' quantities add up to the chargeable quantity and their costs
//!   to the monthly cost); otherwise the chargeable quantity (after any free allowance) × the
//!   price is the monthly cost.
//! - Every component of a supported resource is priced, "price not found", or "usage unknown"
//!   (with the warning that says so, and counted in the summary); a line priced at $0 is a
//!   documented free allowance or a price of $0 whose component name or product says why.
//! - Every resource is estimated, free with a reason, or not supported with a warning; an
//!   estimated resource without components, or with one not priced, is incomplete.
//! - The totals are the sum of the known costs, and the summary counts every unknown.

mod resource_fixtures;

use costplan::model::{Bucket, Component, PriceStatus, Report};
use resource_fixtures::{NOT_PRICED, fixture_names, run_fixture};
use rust_decimal::Decimal;

/// Component ids priced at $0 on purpose, with where the reason is documented. None today:
/// free resources are in the free bucket with their reason, and free allowances are shown
/// on the line (`free_allowance`).
const DOCUMENTED_FREE: &[(&str, &str)] = &[(
    "memorydb.data_written",
    "Valkey: the first 10 TB written a month are free (AWS's MemoryDB pricing page; the feed's \
     `Data Written per GB-Mo Valkey 0 to 10000` is $0); above 10 TB the line is not priced",
)];

/// Rounding slack for rates that are not exact decimals (a reserved term's upfront fee
/// amortised over 8,760 × years hours).
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 9)
}

/// Problems of one component of `address`, in words.
fn component_problems(address: &str, c: &Component, out: &mut Vec<String>) {
    let at = format!("{address} `{}` ({})", c.name, c.id);
    match (&c.price_status, c.monthly_cost) {
        (PriceStatus::Found, Some(cost)) => {
            let Some(quantity) = c.quantity else {
                out.push(format!("{at}: priced at ${cost} without a quantity"));
                return;
            };
            let free = c.free_allowance.as_ref().map_or(Decimal::ZERO, |a| a.quantity);
            let chargeable = quantity - free;
            if c.tiers.is_empty() {
                let Some(price) = c.price else {
                    out.push(format!("{at}: priced at ${cost} without a price"));
                    return;
                };
                if !close(chargeable * price, cost) {
                    out.push(format!("{at}: {chargeable} × ${price} ≠ ${cost}"));
                }
            } else {
                let mut quantities = Decimal::ZERO;
                let mut costs = Decimal::ZERO;
                for t in &c.tiers {
                    if !close(t.quantity * t.price, t.cost) {
                        out.push(format!(
                            "{at}: tier {}..: {} × ${} ≠ ${}",
                            t.begin, t.quantity, t.price, t.cost
                        ));
                    }
                    quantities += t.quantity;
                    costs += t.cost;
                }
                if !close(quantities, chargeable) {
                    out.push(format!(
                        "{at}: tiers hold {quantities}, the quantity is {chargeable}"
                    ));
                }
                if !close(costs, cost) {
                    out.push(format!("{at}: tiers cost ${costs}, the line ${cost}"));
                }
            }
            if cost.is_zero() && !chargeable.is_zero() {
                let documented = DOCUMENTED_FREE.iter().any(|(id, _)| *id == c.id);
                if !documented {
                    out.push(format!(
                        "{at}: {chargeable} {} priced at $0 with no documented reason",
                        c.unit
                    ));
                }
            }
        }
        (PriceStatus::Found, None) => out.push(format!("{at}: found but has no cost")),
        (status, Some(cost)) => out.push(format!("{at}: {status:?} but priced at ${cost}")),
        (PriceStatus::UsageUnknown, None) => {
            if c.usage_key.is_none() && c.formula.is_none() {
                out.push(format!("{at}: usage unknown without the key or why"));
            }
        }
        (PriceStatus::NotFound { hint, .. }, None) => {
            if hint.is_empty() {
                out.push(format!("{at}: price not found without a hint"));
            }
        }
        (PriceStatus::Ambiguous { candidates }, None) => {
            if candidates.is_empty() {
                out.push(format!("{at}: ambiguous without candidates"));
            }
        }
    }
}

/// Problems of one fixture's report, in words.
fn report_problems(name: &str, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut known = Decimal::ZERO;
    let (mut not_found, mut unknown) = (0, 0);
    for r in report.resources() {
        let warned = |codes: &[&str]| {
            report.warnings.iter().any(|w| {
                w.address.as_deref() == Some(r.address.as_str()) && codes.contains(&w.code.as_str())
            })
        };
        match r.bucket {
            Bucket::Free => {
                if r.note.as_deref().is_none_or(str::is_empty) || !r.components.is_empty() {
                    out.push(format!("{name}: {} is free without a reason", r.address));
                }
                continue;
            }
            Bucket::NotSupported => {
                if !warned(&["unsupported-resource"]) {
                    out.push(format!("{name}: {} is not supported, unsaid", r.address));
                }
                continue;
            }
            Bucket::Estimated => {}
        }
        let mut sum = Decimal::ZERO;
        for c in r.all_components() {
            component_problems(&format!("{name}: {}", r.address), c, &mut out);
            sum += c.monthly_cost.unwrap_or_default();
            match &c.price_status {
                PriceStatus::Found => {}
                PriceStatus::UsageUnknown => {
                    unknown += 1;
                    if !warned(&["usage-unknown", "invalid-value"]) {
                        out.push(format!(
                            "{name}: {} `{}`: usage unknown, unsaid",
                            r.address, c.name
                        ));
                    }
                }
                PriceStatus::NotFound { .. } | PriceStatus::Ambiguous { .. } => {
                    not_found += 1;
                    if !warned(&["price-not-found", "price-ambiguous"]) {
                        out.push(format!("{name}: {} `{}`: no price, unsaid", r.address, c.name));
                    }
                }
            }
        }
        if r.monthly_cost != sum {
            out.push(format!("{name}: {} costs ${} ≠ its lines ${sum}", r.address, r.monthly_cost));
        }
        let complete = r.all_components().count() > 0
            && r.all_components().all(|c| c.price_status == PriceStatus::Found);
        if r.incomplete == complete {
            out.push(format!("{name}: {} incomplete = {} is wrong", r.address, r.incomplete));
        }
        if r.all_components().count() == 0 && r.warnings.is_empty() {
            out.push(format!("{name}: {} has no lines and no warning saying why", r.address));
        }
        known += sum;
    }
    if report.totals.monthly != known {
        out.push(format!("{name}: total ${} ≠ the lines' ${known}", report.totals.monthly));
    }
    let s = &report.summary;
    if (s.price_not_found, s.usage_unknown) != (not_found, unknown) {
        out.push(format!(
            "{name}: summary counts {} not found, {} usage unknown; the lines {not_found}, {unknown}",
            s.price_not_found, s.usage_unknown
        ));
    }
    out
}

#[test]
fn every_component_of_every_fixture_is_priced_exactly_or_says_why_not() {
    let mut problems = Vec::new();
    let mut components = 0;
    for name in fixture_names() {
        let report = run_fixture(&name);
        components += report.resources().flat_map(|r| r.all_components()).count();
        problems.extend(report_problems(&name, &report));
    }
    assert!(components > 100, "only {components} components: are the fixtures there?");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The fixtures that must resolve every price do: nothing in them is "price not found" (the
/// known gaps live in `snapshot_gaps`, bad input in `bad_input`).
#[test]
fn priced_fixtures_have_no_price_not_found() {
    for name in fixture_names().into_iter().filter(|n| !NOT_PRICED.contains(&n.as_str())) {
        let report = run_fixture(&name);
        assert_eq!(report.summary.price_not_found, 0, "{name}: {:?}", report.warnings);
    }
}

/// The checks catch what they are for: a line whose cost is not quantity × price, a $0 line
/// with no reason, and a line past the tiers priced as found.
#[test]
fn the_invariants_catch_an_under_price() {
    let report = run_fixture("aws_nat_gateway");
    assert!(report_problems("aws_nat_gateway", &report).is_empty());
    let mut bad = report.clone();
    let line = bad.projects[0]
        .resources
        .iter_mut()
        .flat_map(|r| r.components.iter_mut())
        .find(|c| c.monthly_cost.is_some_and(|m| m > Decimal::ZERO))
        .expect("a priced line");
    line.monthly_cost = Some(Decimal::ZERO);
    let problems = report_problems("aws_nat_gateway", &bad);
    assert!(problems.iter().any(|p| p.contains("≠")), "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("no documented reason")), "{problems:#?}");
}
