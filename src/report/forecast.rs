//! The forecast of a partial month from its daily lines.
//!
//! Contract (a pure function of the lines):
//! - A charge billed once a month is a one-off, counted once and never extrapolated: a line
//!   whose charge (service, usage type, line type) has spend on the 1st of the month and on no
//!   other day, while other days have data (RI fees, support, a monthly subscription, tax billed
//!   up front).
//! - Everything else recurs: its daily rate is the average of the last [`RECENT_DAYS`] days with
//!   data (fewer when the month has fewer), so that a usage change mid-month is forecast at the
//!   new rate, not at the month's average.
//! - Forecast = spend to date (one-offs included) + recurring daily rate × days without data.
//! - The days with data are the distinct `YYYY-MM-DD` periods of the lines; lines of another
//!   shape (a monthly line) are counted in the spend to date, never in a rate.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::actuals::{ActualLine, Basis};

/// Days the recurring rate is averaged over: a week, so weekday/weekend cycles even out.
pub const RECENT_DAYS: usize = 7;

/// A forecast and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub forecast: Decimal,
    /// Spend to date.
    pub to_date: Decimal,
    /// One-off charges (billed on the 1st only) within `to_date`.
    pub one_offs: Decimal,
    /// Recurring spend per day, over the last `rate_days` days with data.
    pub daily_rate: Decimal,
    pub rate_days: usize,
    pub days_with_data: u32,
}

type ChargeKey<'a> = (Option<&'a str>, Option<&'a str>, Option<&'static str>);

/// The charge a line is part of: its service, usage type and line type.
fn key(l: &ActualLine) -> ChargeKey<'_> {
    (l.service.as_deref(), l.usage_type.as_deref(), l.line_type.map(|t| t.as_str()))
}

fn day(period: &str) -> Option<u32> {
    // `YYYY-MM-DD` only.
    (period.len() == 10).then(|| period[8..].parse().ok()).flatten()
}

/// Forecasts the month of `days_in_month` days from its `daily` lines at `basis`.
pub fn forecast(daily: &[ActualLine], days_in_month: u32, basis: Basis) -> Forecast {
    let cost = |l: &ActualLine| l.costs.get(basis).unwrap_or_default();
    let days: BTreeSet<u32> = daily.iter().filter_map(|l| day(&l.period)).collect();
    let mut days_of: BTreeMap<ChargeKey<'_>, BTreeSet<u32>> = BTreeMap::new();
    for l in daily {
        if let Some(d) = day(&l.period) {
            days_of.entry(key(l)).or_default().insert(d);
        }
    }
    let others = days.iter().any(|d| *d != 1);
    let one_off = |l: &ActualLine| {
        others && days_of.get(&key(l)).is_some_and(|ds| ds.len() == 1 && ds.contains(&1))
    };
    let recent: BTreeSet<u32> = days.iter().rev().take(RECENT_DAYS).copied().collect();
    let mut to_date = Decimal::ZERO;
    let mut one_offs = Decimal::ZERO;
    let mut recent_spend = Decimal::ZERO;
    for l in daily {
        let c = cost(l);
        to_date += c;
        if one_off(l) {
            one_offs += c;
        } else if day(&l.period).is_some_and(|d| recent.contains(&d)) {
            recent_spend += c;
        }
    }
    let rate_days = recent.len();
    let daily_rate = if rate_days == 0 {
        Decimal::ZERO
    } else {
        recent_spend / Decimal::from(u32::try_from(rate_days).unwrap_or(u32::MAX))
    };
    let days_with_data = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let missing = days_in_month.saturating_sub(days.last().copied().unwrap_or(0));
    Forecast {
        forecast: to_date + daily_rate * Decimal::from(missing),
        to_date,
        one_offs,
        daily_rate,
        rate_days,
        days_with_data,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::actuals::{Costs, LineType};

    fn line(day: u32, service: &str, usage: &str, t: LineType, cost: Decimal) -> ActualLine {
        ActualLine {
            period: format!("2026-11-{day:02}"),
            service: Some(service.into()),
            usage_type: Some(usage.into()),
            line_type: Some(t),
            currency: "USD".into(),
            costs: Costs { invoice: Some(cost), ..Costs::default() },
            ..ActualLine::default()
        }
    }

    /// A 30-day November whose full month is known: on the 1st an RI fee ($30), Business
    /// support ($100) and a monthly subscription ($20); NAT at $2/day all month; Fargate at
    /// $3/day until the 5th, then $6/day from the 6th (a second task); a $5 credit on the 3rd
    /// (excluded before the forecast, as the report does). Full month: 150 + 30 × 2 + 5 × 3 +
    /// 25 × 6 = 150 + 60 + 15 + 150 = $375.
    fn november(last_day: u32) -> Vec<ActualLine> {
        let mut out = vec![
            line(1, "AmazonRDS", "HeavyUsage:db.t4g.micro", LineType::CommitmentFee, dec!(30)),
            line(1, "AWSSupportBusiness", "Dollar", LineType::Other, dec!(100)),
            line(1, "AWSMarketplace", "Subscription", LineType::Usage, dec!(20)),
        ];
        for d in 1..=last_day {
            out.push(line(d, "AmazonEC2", "NatGateway-Hours", LineType::Usage, dec!(2)));
            let fargate = if d <= 5 { dec!(3) } else { dec!(6) };
            out.push(line(d, "AmazonECS", "Fargate-vCPU-Hours", LineType::Usage, fargate));
        }
        out
    }

    #[test]
    fn twelve_days_forecast_the_known_month_within_five_percent() {
        let full = dec!(375);
        let f = forecast(&november(12), 30, Basis::Invoice);
        // To date: 150 + 12 × 2 + 5 × 3 + 7 × 6 = 150 + 24 + 15 + 42 = 231; one-offs 150; the
        // last 7 days (6th–12th) recur at 2 + 6 = $8/day; 18 days left: 231 + 144 = 375.
        assert_eq!(f.to_date, dec!(231));
        assert_eq!(f.one_offs, dec!(150));
        assert_eq!((f.daily_rate, f.rate_days, f.days_with_data), (dec!(8), 7, 12));
        assert_eq!(f.forecast, dec!(375));
        let off = (f.forecast - full).abs() / full;
        assert!(off <= dec!(0.05), "{off}");
        // The plain run-rate (231 ÷ 12 × 30 = 577.50) is 54% high.
        assert_eq!(f.to_date / dec!(12) * dec!(30), dec!(577.50));
    }

    #[test]
    fn the_first_day_alone_has_no_one_off_to_tell_apart() {
        // With only the 1st, nothing tells a monthly charge from a daily one: all recur.
        let f = forecast(&november(1), 30, Basis::Invoice);
        assert_eq!(f.one_offs, dec!(0));
        assert_eq!(f.forecast, dec!(155) * dec!(30));
        // A complete month forecasts itself.
        let f = forecast(&november(30), 30, Basis::Invoice);
        assert_eq!(f.forecast, dec!(375));
    }
}
