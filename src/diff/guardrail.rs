//! Guardrails on a diff: `--fail-on-increase AMOUNT|PCT` (the monthly total may not rise by
//! more than this) and `--budget AMOUNT` (the proposed monthly total may not exceed it). Each
//! gives a [`GuardrailResult`] with a one-line message; the CLI exits with code 3 when one
//! tripped, and the markdown comment says so.
//!
//! Totals add known costs only: when some cost is unknown the message says so, counting each
//! side on its own. A guardrail that holds on known costs while unknown costs could trip it is
//! not a proof: `--on-unknown` ([`OnUnknown`]) makes it a failure (`fail`), a visible "not
//! proven" warning (`warn`, the default) or a hold on known costs (`ignore`).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::model::{DeltaBound, Diff, GuardrailResult, GuardrailStatus};
use crate::render::tabular::{money, plural};

/// The limit of `--fail-on-increase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncreaseLimit {
    /// Dollars per month (`50`, `$50`, `12.5`).
    Amount(Decimal),
    /// Percent of the prior total (`10%`).
    Percent(Decimal),
}

/// Why a guardrail value cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a limit: expected an amount in USD per month (`50`, `$12.50`) or a percentage (`10%`), not negative"
)]
pub struct LimitError {
    pub value: String,
}

/// A non-negative amount as people write it: `250`, `$1,200.50`; `None` otherwise.
pub(crate) fn amount(text: &str) -> Option<Decimal> {
    let t = text.trim().trim_start_matches('$').replace(',', "");
    let d: Decimal = t.parse().ok()?;
    (!d.is_sign_negative()).then_some(d)
}

impl FromStr for IncreaseLimit {
    type Err = LimitError;
    fn from_str(s: &str) -> Result<Self, LimitError> {
        let err = || LimitError { value: s.to_string() };
        match s.trim().strip_suffix('%') {
            Some(p) => amount(p).map(IncreaseLimit::Percent).ok_or_else(err),
            None => amount(s).map(IncreaseLimit::Amount).ok_or_else(err),
        }
    }
}

impl fmt::Display for IncreaseLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IncreaseLimit::Amount(a) => write!(f, "{}", money(*a)),
            IncreaseLimit::Percent(p) => write!(f, "{}%", p.normalize()),
        }
    }
}

/// A monthly budget (`--budget 250`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget(pub Decimal);

impl FromStr for Budget {
    type Err = LimitError;
    fn from_str(s: &str) -> Result<Self, LimitError> {
        amount(s).map(Budget).ok_or_else(|| LimitError { value: s.to_string() })
    }
}

/// What a guardrail does when it holds on known costs but unknown costs could trip it
/// (`--on-unknown`): a cost that became unknown, or a resource costplan does not price, added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnUnknown {
    /// Trip the guardrail (exit code 3): only a proven hold passes.
    Fail,
    /// Say that the guardrail is not proven, in every format and on standard error; exit 0.
    #[default]
    Warn,
    /// Count known costs only: the guardrail holds, with a note that costs are unknown.
    Ignore,
}

/// The guardrails of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Guardrails {
    pub fail_on_increase: Option<IncreaseLimit>,
    pub budget: Option<Budget>,
    pub on_unknown: OnUnknown,
}

/// Signed money: `+$12.00`, `-$3.50`, `$0.00`.
pub fn signed_money(amount: Decimal) -> String {
    // The sign follows the rounded amount: a change of a tenth of a cent reads `$0.00`.
    let cents =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if cents > Decimal::ZERO { format!("+{}", money(amount)) } else { money(amount) }
}

/// Signed percent: `+12.5%`, `-3%`, `0%`.
pub fn signed_percent(p: Decimal) -> String {
    let p = p.normalize();
    if p > Decimal::ZERO { format!("+{p}%") } else { format!("{p}%") }
}

/// ` (known costs only: 2 costs unknown in the change, 1 in the base)`, each side counted on
/// its own; empty when every cost is known.
fn known_only(diff: &Diff) -> String {
    let s = &diff.summary;
    let mut parts = Vec::new();
    if s.proposed_unknown_costs + s.proposed_not_supported > 0 {
        parts.push(format!(
            "{} in the change",
            plural(s.proposed_unknown_costs + s.proposed_not_supported, "cost", "costs")
        ));
    }
    if s.prior_unknown_costs + s.prior_not_supported > 0 {
        parts.push(format!(
            "{} in the base",
            plural(s.prior_unknown_costs + s.prior_not_supported, "cost", "costs")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" (known costs only; not known: {})", parts.join(", "))
    }
}

/// One guardrail's outcome: `over` is whether it trips on known costs, `could_trip` whether
/// unknown costs could trip it when it holds on known costs.
fn outcome(
    guardrail: &str,
    limit: String,
    over: bool,
    could_trip: bool,
    policy: OnUnknown,
    message: String,
    unknown_why: &str,
) -> GuardrailResult {
    let status = match (over, could_trip, policy) {
        (true, _, _) => GuardrailStatus::Tripped,
        (false, true, OnUnknown::Fail) => GuardrailStatus::Tripped,
        (false, true, OnUnknown::Warn) => GuardrailStatus::NotProven,
        (false, _, _) => GuardrailStatus::Holds,
    };
    let message = match status {
        GuardrailStatus::Tripped if !over => {
            format!("{message}, but {unknown_why} could take it over the limit (--on-unknown fail)")
        }
        GuardrailStatus::NotProven => {
            format!("{message}, but {unknown_why} could take it over the limit: not proven")
        }
        _ => message,
    };
    GuardrailResult {
        guardrail: guardrail.into(),
        limit,
        tripped: status == GuardrailStatus::Tripped,
        status,
        message,
    }
}

impl Guardrails {
    /// Checks every configured guardrail and records the results in `diff.guardrails`.
    pub fn apply(&self, diff: &mut Diff) {
        diff.guardrails = self.check(diff);
    }

    /// The result of every configured guardrail.
    ///
    /// Totals add known costs only. An unknown cost is never negative, so a guardrail that
    /// trips on known costs trips; one that holds is proven only when no unknown cost could
    /// raise what it limits: for `--fail-on-increase`, no new unknown cost in the delta
    /// ([`DeltaBound::AtLeast`] or [`DeltaBound::NotKnown`]); for `--budget`, no unknown cost
    /// in the proposed side. Otherwise [`OnUnknown`] decides.
    pub fn check(&self, diff: &Diff) -> Vec<GuardrailResult> {
        let mut out = Vec::new();
        let lower = known_only(diff);
        let delta = diff.delta_monthly_cost;
        if let Some(limit) = self.fail_on_increase {
            let at_least = match diff.delta_bound {
                DeltaBound::AtLeast => "at least ",
                DeltaBound::AtMost => "at most ",
                DeltaBound::Exact | DeltaBound::NotKnown => "",
            };
            let change = match diff.delta_percent {
                Some(p) => format!("{at_least}{} ({})", signed_money(delta), signed_percent(p)),
                None => format!("{at_least}{} (from $0.00)", signed_money(delta)),
            };
            let over = match limit {
                IncreaseLimit::Amount(a) => delta > a,
                // From a zero base any increase is an infinite percentage.
                IncreaseLimit::Percent(p) => match diff.delta_percent {
                    Some(actual) => actual > p,
                    None => delta > Decimal::ZERO,
                },
            };
            let could_trip = matches!(diff.delta_bound, DeltaBound::AtLeast | DeltaBound::NotKnown);
            let message = if over {
                format!(
                    "monthly cost changes by {change}, more than the allowed increase of {limit}{lower}"
                )
            } else {
                format!(
                    "monthly cost changes by {change}, within the allowed increase of {limit}{lower}"
                )
            };
            let u = &diff.unknowns;
            let why = plural(
                u.new_unknowns() + u.unknown_costs_changed,
                "cost not known in the change",
                "costs not known in the change",
            );
            out.push(outcome(
                "fail-on-increase",
                limit.to_string(),
                over,
                could_trip,
                self.on_unknown,
                message,
                &why,
            ));
        }
        if let Some(Budget(budget)) = self.budget {
            let total = diff.proposed_monthly_cost;
            let over = total > budget;
            let s = &diff.summary;
            let unknown = s.proposed_unknown_costs + s.proposed_not_supported;
            let message = if over {
                format!(
                    "proposed monthly cost {} is over the budget of {} by {}{lower}",
                    money(total),
                    money(budget),
                    money(total - budget)
                )
            } else {
                format!(
                    "proposed monthly cost {} is within the budget of {}{lower}",
                    money(total),
                    money(budget)
                )
            };
            let why = plural(unknown, "cost not known", "costs not known");
            out.push(outcome(
                "budget",
                money(budget),
                over,
                unknown > 0,
                self.on_unknown,
                message,
                &why,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_amounts_and_percentages_and_refuse_the_rest() {
        assert_eq!("10%".parse(), Ok(IncreaseLimit::Percent(Decimal::from(10))));
        assert_eq!("$1,250".parse(), Ok(IncreaseLimit::Amount(Decimal::from(1250))));
        assert_eq!("12.5".parse::<IncreaseLimit>().map(|l| l.to_string()), Ok("$12.50".into()));
        assert!("-5".parse::<IncreaseLimit>().is_err());
        assert!("ten".parse::<IncreaseLimit>().is_err_and(|e| e.to_string().contains("`ten`")));
        assert!("abc%".parse::<Budget>().is_err());
    }
}
