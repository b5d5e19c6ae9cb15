//! Commitments (reserved instances and nodes): which resources qualify, and the table of terms
//! a finding shows.
//!
//! Contract:
//! - A resource qualifies when it is *always on*: the estimate prices its instance (or node)
//!   line by the hour for every hour of the month, on demand, for a whole number of instances
//!   ([`always_on`]). A line priced from usage (Aurora Serverless v2 ACU-hours) or for part of
//!   the month is not always on: a reservation is billed every hour whether used or not.
//! - Every term of a proposal is priced by re-running the estimate with the resource bought on
//!   that term ([`super::rule::Change::SetPurchase`]): the resource's own code prices the term
//!   from the catalog, as a scenario's `purchase:` block would. A term the snapshot does not
//!   price is a row marked "price not found", never $0 and never guessed.
//! - The headline ([`compare`]) is the shortest term that saves money (1 year before 3 years:
//!   a longer commitment binds a class the team may change), preferring a term whose upfront
//!   payment is known, then the largest monthly saving, then the smaller upfront. For a 1-year
//!   term the largest monthly saving is also the largest net saving over the year, since the
//!   upfront is amortised over the same twelve months.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::finding::CommitmentRow;
use super::rule::{self, Change, CommitmentOption, Ctx, Edit, Proposal};
use super::simulate::Baseline;
use crate::checked;
use crate::model::{Bucket, PriceStatus, ResourceCost};
use crate::pricing::Term;
use crate::usage::{Payment, Purchase, Term as UsageTerm};

/// The terms AWS sells RDS and ElastiCache reservations on, in table order.
pub const RESERVED_TERMS: [(u8, Payment); 6] = [
    (1, Payment::NoUpfront),
    (1, Payment::PartialUpfront),
    (1, Payment::AllUpfront),
    (3, Payment::NoUpfront),
    (3, Payment::PartialUpfront),
    (3, Payment::AllUpfront),
];

/// One [`CommitmentOption`] per reserved term for `address`: re-priced with the term as its
/// purchase option, bought by hand. `title` and `how_to_buy` get the years, the Price List
/// payment name (`No Upfront`) and the term label (`1yr No Upfront`).
pub fn reserved_options(
    address: &str,
    title: impl Fn(&str) -> String,
    how_to_buy: impl Fn(u8, &str, &str) -> String,
) -> Vec<CommitmentOption> {
    RESERVED_TERMS
        .iter()
        .map(|&(years, payment)| {
            let label = rule::term_label(years, payment);
            let payment_name = label.split_once(' ').map_or("", |(_, p)| p);
            let purchase = Purchase {
                term: Some(if years == 1 { UsageTerm::OneYear } else { UsageTerm::ThreeYear }),
                payment: Some(payment),
                ..Purchase::default()
            };
            CommitmentOption {
                years,
                payment,
                title: title(&label),
                changes: vec![Change::SetPurchase { address: address.to_string(), purchase }],
                edits: vec![Edit::Manual { reason: how_to_buy(years, payment_name, &label) }],
            }
        })
        .collect()
}

/// Hours in a year of a reserved term (AWS amortises upfront fees over 8,760 h a year).
const HOURS_PER_YEAR: i64 = 8760;

/// An always-on resource's reservable line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlwaysOn {
    /// Instances (nodes) running every hour of the month.
    pub units: Decimal,
    /// The region the line is priced in.
    pub region: String,
}

/// The instances (nodes) of `address` the estimate runs every hour of the month, on demand, on
/// its line of `family` (`Database Instance`, `Cache Instance`); `None` when the resource is not
/// always on, is already on a reserved term, or its on-demand price is unknown.
pub fn always_on(ctx: &Ctx, address: &str, family: &str) -> Option<AlwaysOn> {
    let rc = ctx.cost(address)?;
    if rc.bucket != Bucket::Estimated {
        return None;
    }
    let line = rc
        .components
        .iter()
        .find(|c| c.price_query.product_family.as_deref() == Some(family) && c.unit == "hours")?;
    if line.price_query.term != Term::OnDemand
        || line.usage_based
        || line.monthly_cost.is_none()
        || ctx.hours_per_month <= Decimal::ZERO
    {
        return None;
    }
    let units = line.quantity? / ctx.hours_per_month;
    (units >= Decimal::ONE && units.fract().is_zero())
        .then(|| AlwaysOn { units: units.normalize(), region: line.price_query.region.clone() })
}

/// Prices every term of `proposal.commitments` and picks the headline: the rows (in the
/// proposal's order) and the headline's index, or why none is recommended.
pub fn compare(
    proposal: &Proposal,
    baseline: &Baseline<'_>,
    hours_per_month: Decimal,
) -> Result<Result<(Vec<CommitmentRow>, usize), String>, super::AdviseError> {
    let address = proposal.address.as_str();
    let before = baseline.report.totals.by_resource.get(address).copied().unwrap_or_default();
    let mut rows = Vec::new();
    for option in &proposal.commitments {
        let out = baseline.run(&option.changes)?;
        let term = option.label();
        let resource = out.report.resources().find(|r| r.address == address);
        if out.newly_incomplete.iter().any(|a| a == address) || resource.is_none() {
            rows.push(CommitmentRow {
                term,
                years: option.years,
                payment: option.payment,
                priced: false,
                monthly_cost: None,
                monthly_saving: None,
                upfront: None,
                break_even_month: None,
                recommended: false,
                note: Some(not_found(resource)),
            });
            continue;
        }
        let after = out.report.totals.by_resource.get(address).copied().unwrap_or_default();
        let what = format!("{address}: the saving of the {term} commitment");
        let overflow = || super::AdviseError::Overflow { what: what.clone() };
        let saving = checked::sub(before, after).map_err(|_| overflow())?;
        let upfront = match option.payment {
            Payment::NoUpfront => Some(Decimal::ZERO),
            _ => resource.and_then(|r| r.upfront),
        };
        let note = upfront.is_none().then(|| {
            "upfront not known: the snapshot gives only the effective hourly rate of this term \
             (upfront folded in), so the monthly figures hold but the payment and break-even \
             are not shown"
                .to_string()
        });
        rows.push(CommitmentRow {
            term,
            years: option.years,
            payment: option.payment,
            priced: true,
            monthly_cost: Some(after),
            monthly_saving: Some(saving),
            upfront,
            break_even_month: match upfront {
                Some(u) => {
                    break_even(u, saving, option.years, hours_per_month).map_err(|_| overflow())?
                }
                None => None,
            },
            recommended: false,
            note,
        });
    }
    let best = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.monthly_saving.is_some_and(|s| s > Decimal::ZERO))
        .min_by_key(|(_, r)| {
            (r.years, r.upfront.is_none(), std::cmp::Reverse(r.monthly_saving), r.upfront)
        })
        .map(|(i, _)| i);
    match best {
        Some(i) => {
            rows[i].recommended = true;
            Ok(Ok((rows, i)))
        }
        None if rows.iter().all(|r| !r.priced) => Ok(Err(format!(
            "no reserved term is priced in the snapshot (price not found for {})",
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>().join(", ")
        ))),
        None => Ok(Err(format!(
            "no priced reserved term saves money ({})",
            rows.iter()
                .filter_map(|r| r.monthly_cost.map(|c| format!("{} {}", r.term, c.round_dp(2))))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A Savings Plan's hourly commitment, upfront payment and break-even month.
pub type PlanSize = (Option<Decimal>, Option<Decimal>, Option<u32>);

/// A Savings Plan's hourly commitment, upfront payment and break-even month from the
/// re-estimated monthly saving: the covered usage costs `saving ÷ discount` a month on demand,
/// so the commitment is that × (1 − discount) per hour; All Upfront pays the whole term
/// upfront (8,760 h a year), Partial Upfront half of it.
pub fn size_plan(
    plan: &super::rule::PlanSizing,
    saving: Decimal,
    hours_per_month: Decimal,
) -> Result<PlanSize, checked::Overflow> {
    if plan.discount <= Decimal::ZERO || hours_per_month <= Decimal::ZERO {
        return Ok((None, None, None));
    }
    let commitment = checked::div(saving, plan.discount)
        .and_then(|c| checked::mul(c, Decimal::ONE - plan.discount))
        .and_then(|c| checked::div(c, hours_per_month))?;
    let term_hours = Decimal::from(HOURS_PER_YEAR * i64::from(plan.years));
    let upfront = match plan.payment {
        Payment::NoUpfront => Decimal::ZERO,
        Payment::PartialUpfront => checked::mul(commitment, term_hours)? / Decimal::TWO,
        Payment::AllUpfront => checked::mul(commitment, term_hours)?,
        // Savings Plans have no legacy reservation types: no upfront to show.
        Payment::HeavyUtilization | Payment::MediumUtilization | Payment::LightUtilization => {
            return Ok((Some(commitment), None, None));
        }
    };
    let month = break_even(upfront, saving, plan.years, hours_per_month)?;
    Ok((Some(commitment), Some(upfront), month))
}

/// The first month whose cumulative cash saving covers the upfront payment: each month saves
/// the on-demand cost less the recurring charge (the effective cost less the amortised
/// upfront). `None` when it is never covered within the term.
fn break_even(
    upfront: Decimal,
    saving: Decimal,
    years: u8,
    hours_per_month: Decimal,
) -> Result<Option<u32>, checked::Overflow> {
    let term_hours = Decimal::from(HOURS_PER_YEAR * i64::from(years));
    let amortised = checked::mul(upfront, hours_per_month)? / term_hours;
    let per_month = checked::add(saving, amortised)?;
    if per_month <= Decimal::ZERO {
        return Ok(None);
    }
    let month = checked::div(upfront, per_month)?.ceil().max(Decimal::ONE).to_u32();
    Ok(month.filter(|m| *m <= u32::from(years) * 12))
}

/// "price not found" with the catalog's reason for the line that lost its price.
fn not_found(resource: Option<&ResourceCost>) -> String {
    let hint = resource.and_then(|r| {
        r.all_components().find_map(|c| match &c.price_status {
            PriceStatus::NotFound { hint, .. } => Some(hint.clone()),
            _ => None,
        })
    });
    match hint {
        Some(h) => format!("price not found: {h}"),
        None => "price not found".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_even_counts_whole_months_of_cash_saving() {
        let h = Decimal::from(730);
        // 3yr All Upfront of $223.38 (0.0085/h effective): no recurring charge, so each month
        // saves the whole on-demand cost; effective 6.205 vs on-demand 13.14 a month.
        let saving = Decimal::new(1314, 2) - Decimal::new(6205, 3);
        assert_eq!(break_even(Decimal::new(22338, 2), saving, 3, h), Ok(Some(17)));
        // No upfront: ahead from the first month.
        assert_eq!(break_even(Decimal::ZERO, Decimal::ONE, 1, h), Ok(Some(1)));
        // Costs more than on demand: never breaks even.
        assert_eq!(break_even(Decimal::from(100), Decimal::from(-20), 1, h), Ok(None));
    }
}
