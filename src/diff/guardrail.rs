//! Guardrails on a diff: `--fail-on-increase AMOUNT|PCT` (the monthly total may not rise by
//! more than this) and `--budget AMOUNT` (the proposed monthly total may not exceed it). Each
//! gives a [`GuardrailResult`] with a one-line message; the CLI exits with code 3 when one
//! tripped, and the markdown comment says so.
//!
//! Totals add known costs only: when some cost is unknown the message says that the figure is a
//! lower bound, so a guardrail that holds on a lower bound is not mistaken for a proof.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::model::{Diff, GuardrailResult};
use crate::render::tabular::money;

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

/// The guardrails of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Guardrails {
    pub fail_on_increase: Option<IncreaseLimit>,
    pub budget: Option<Budget>,
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

impl Guardrails {
    /// Checks every configured guardrail and records the results in `diff.guardrails`.
    pub fn apply(&self, diff: &mut Diff) {
        diff.guardrails = self.check(diff);
    }

    /// The result of every configured guardrail.
    pub fn check(&self, diff: &Diff) -> Vec<GuardrailResult> {
        let mut out = Vec::new();
        let lower = if diff.summary.has_unknown_costs() {
            format!(
                " (known costs only: {} cost(s) unknown)",
                diff.summary.prior_unknown_costs + diff.summary.proposed_unknown_costs
            )
        } else {
            String::new()
        };
        let delta = diff.delta_monthly_cost;
        if let Some(limit) = self.fail_on_increase {
            let change = match diff.delta_percent {
                Some(p) => format!("{} ({})", signed_money(delta), signed_percent(p)),
                None => format!("{} (from $0.00)", signed_money(delta)),
            };
            let tripped = match limit {
                IncreaseLimit::Amount(a) => delta > a,
                // From a zero base any increase is an infinite percentage.
                IncreaseLimit::Percent(p) => match diff.delta_percent {
                    Some(actual) => actual > p,
                    None => delta > Decimal::ZERO,
                },
            };
            let message = if tripped {
                format!(
                    "monthly cost changes by {change}, more than the allowed increase of {limit}{lower}"
                )
            } else {
                format!(
                    "monthly cost changes by {change}, within the allowed increase of {limit}{lower}"
                )
            };
            out.push(GuardrailResult {
                guardrail: "fail-on-increase".into(),
                limit: limit.to_string(),
                tripped,
                message,
            });
        }
        if let Some(Budget(budget)) = self.budget {
            let total = diff.proposed_monthly_cost;
            let tripped = total > budget;
            let message = if tripped {
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
            out.push(GuardrailResult {
                guardrail: "budget".into(),
                limit: money(budget),
                tripped,
                message,
            });
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
