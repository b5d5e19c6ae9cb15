//! Credits and refunds: set apart from spend unless `--include-credits`, and every output that
//! sets them apart says how much (`actuals`, `compare`, `report` all go through [`set_apart`]
//! and [`SetApart::note`], so they say it alike). FOCUS `Adjustment` lines are neither: the
//! spec's category for corrections of billing data, positive or negative, they count as spend,
//! and the note says how much of the spend they are.
//!
//! Contract: the line type decides, never the sign ([`LineType::is_credit_or_refund`]); amounts
//! are per currency, at the query's basis; a line without a cost at that basis adds nothing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::line::{ActualLine, LineType};
use super::query::Basis;

/// What [`set_apart`] took out, and the adjustments it kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetApart {
    /// Whether credits and refunds were counted (`--include-credits`).
    pub included: bool,
    /// Credits and refunds by currency (excluded, or counted when `included`).
    pub credits: BTreeMap<String, Decimal>,
    /// FOCUS adjustments by currency, always counted.
    pub adjustments: BTreeMap<String, Decimal>,
}

/// Splits `lines` into the spend that counts and what was set apart: credit and refund lines
/// are dropped unless `include`, and summed either way.
pub fn set_apart(
    lines: Vec<ActualLine>,
    include: bool,
    basis: Basis,
) -> (Vec<ActualLine>, SetApart) {
    let mut apart = SetApart { included: include, ..SetApart::default() };
    let mut kept = Vec::with_capacity(lines.len());
    for line in lines {
        let cost = line.costs.get(basis).unwrap_or_default();
        match line.line_type {
            Some(t) if t.is_credit_or_refund() => {
                *apart.credits.entry(line.currency.clone()).or_default() += cost;
                if include {
                    kept.push(line);
                }
            }
            Some(LineType::Adjustment) => {
                *apart.adjustments.entry(line.currency.clone()).or_default() += cost;
                kept.push(line);
            }
            _ => kept.push(line),
        }
    }
    (kept, apart)
}

/// `-10` (one currency, as the lines spell it) or `-10 EUR, -3 USD`.
fn amounts(by_currency: &BTreeMap<String, Decimal>) -> String {
    let nonzero: Vec<(&String, &Decimal)> =
        by_currency.iter().filter(|(_, a)| !a.is_zero()).collect();
    match nonzero.as_slice() {
        [] => "0".to_string(),
        [(_, a)] => a.normalize().to_string(),
        many => many
            .iter()
            .map(|(c, a)| format!("{} {c}", a.normalize()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl SetApart {
    /// Adds what another read of the same data set apart (a source read in several requests).
    pub fn add(&mut self, other: &SetApart) {
        for (c, a) in &other.credits {
            *self.credits.entry(c.clone()).or_default() += a;
        }
        for (c, a) in &other.adjustments {
            *self.adjustments.entry(c.clone()).or_default() += a;
        }
    }

    /// The notes every output shows: what was excluded (always, even nothing, so a total is
    /// never read as including credits it left out), what was counted, and the adjustments
    /// counted when there are any.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let any = self.credits.values().any(|a| !a.is_zero());
        if self.included {
            if any {
                out.push(format!("credits and refunds are counted: {}", amounts(&self.credits)));
            }
        } else {
            let mut note =
                "credits and refunds are excluded (--include-credits to count them)".to_string();
            if any {
                note.push_str(&format!("; excluded: {}", amounts(&self.credits)));
            }
            out.push(note);
        }
        if self.adjustments.values().any(|a| !a.is_zero()) {
            out.push(format!(
                "adjustments (FOCUS ChargeCategory Adjustment) are counted as spend: {}",
                amounts(&self.adjustments)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::actuals::line::Costs;

    fn line(t: LineType, cost: Decimal) -> ActualLine {
        ActualLine {
            period: "2026-10".into(),
            currency: "USD".into(),
            line_type: Some(t),
            costs: Costs { invoice: Some(cost), ..Costs::default() },
            ..ActualLine::default()
        }
    }

    #[test]
    fn the_type_decides_not_the_sign() {
        // A positive credit is still a credit; a negative adjustment is still spend.
        let lines = vec![
            line(LineType::Usage, dec!(100)),
            line(LineType::Credit, dec!(-10)),
            line(LineType::Credit, dec!(2)),
            line(LineType::Refund, dec!(-1.5)),
            line(LineType::Adjustment, dec!(4)),
            line(LineType::Adjustment, dec!(-1)),
            line(LineType::Discount, dec!(-3)),
        ];
        let (kept, apart) = set_apart(lines.clone(), false, Basis::Invoice);
        let types: Vec<_> = kept.iter().filter_map(|l| l.line_type).collect();
        assert_eq!(
            types,
            [LineType::Usage, LineType::Adjustment, LineType::Adjustment, LineType::Discount]
        );
        assert_eq!(
            apart.notes(),
            [
                "credits and refunds are excluded (--include-credits to count them); excluded: -9.5",
                "adjustments (FOCUS ChargeCategory Adjustment) are counted as spend: 3",
            ]
        );
        let (kept, apart) = set_apart(lines, true, Basis::Invoice);
        assert_eq!(kept.len(), 7);
        assert_eq!(apart.notes()[0], "credits and refunds are counted: -9.5");
    }

    #[test]
    fn nothing_excluded_is_still_said() {
        let (_, apart) = set_apart(vec![line(LineType::Usage, dec!(1))], false, Basis::Invoice);
        assert_eq!(
            apart.notes(),
            ["credits and refunds are excluded (--include-credits to count them)"]
        );
    }
}
