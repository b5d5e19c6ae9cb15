//! The Savings Plans discounts the commitment rules assume (CP140, CP141), from
//! `src/advise/data/savings-plans.csv`, compiled in.
//!
//! The price snapshot has no Savings Plans rates (they are a separate AWS offer, per region,
//! class and term). What AWS publishes in a form we could store is the *ceiling* of each plan
//! ("up to 50%" for Fargate, "up to 20%" / "35%" for Database Savings Plans), so each row says
//! `kind = published-ceiling`, where it comes from and when it was read. Findings built on a row
//! state the figure as an assumption and an upper bound, and say how to get the exact rate (the
//! Savings Plans purchase analyzer in Billing and Cost Management). Replacing a row with a real
//! rate only means editing the CSV.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::usage::Payment;

const CSV: &str = include_str!("data/savings-plans.csv");

/// One discount assumption.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Assumption {
    /// `compute` or `database`.
    pub plan: String,
    /// What it covers: `fargate`, `provisioned`, `serverless`.
    pub covers: String,
    pub years: u8,
    /// `no_upfront`, `partial_upfront` or `all_upfront` in the file.
    pub payment: Payment,
    /// Share off the on-demand rate, 0..1.
    pub discount: Decimal,
    /// `published-ceiling`: AWS's "up to" figure, not a rate for a given class or region.
    pub kind: String,
    /// When the source was read.
    pub as_of: String,
    /// Source URLs, ` ; `-separated.
    pub source: String,
    pub note: String,
}

impl Assumption {
    /// `20%`.
    pub fn percent(&self) -> String {
        format!("{}%", (self.discount * Decimal::from(100)).normalize())
    }

    /// `1-year No Upfront`.
    pub fn term(&self) -> String {
        format!("{}-year {}", self.years, self.payment.label())
    }

    /// The sentence a finding's notes carry: the figure, that it is an assumption, its source
    /// and date, and how to get the exact rate.
    pub fn statement(&self) -> String {
        format!(
            "discount assumed: {} off on-demand ({} {} Savings Plan), an assumption: it is AWS's published ceiling ({}), not the rate for this class, region and term, so the saving is an upper bound; source: {} (read {}). The exact rate and a sized commitment: Billing and Cost Management → Savings Plans → Purchase analyzer, or `aws ce get-savings-plans-purchase-recommendation`",
            self.percent(),
            self.term(),
            self.plan,
            self.note,
            self.source,
            self.as_of
        )
    }
}

/// Every row of the data file.
pub fn all() -> &'static [Assumption] {
    static ROWS: OnceLock<Vec<Assumption>> = OnceLock::new();
    ROWS.get_or_init(|| parse(CSV).unwrap_or_default())
}

/// The assumption for a plan and what it covers.
pub fn assumption(plan: &str, covers: &str) -> Option<&'static Assumption> {
    all().iter().find(|a| a.plan == plan && a.covers == covers)
}

fn parse(text: &str) -> Result<Vec<Assumption>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled-in file parses, every row has a source and a date, and discounts are shares.
    #[test]
    fn every_row_has_a_discount_a_source_and_a_date() {
        let rows = parse(CSV).expect("savings-plans.csv parses");
        assert_eq!(rows.len(), 3);
        for r in &rows {
            assert!(r.discount > Decimal::ZERO && r.discount < Decimal::ONE, "{r:?}");
            assert!(r.source.starts_with("https://") && r.as_of.len() == 10, "{r:?}");
            assert_eq!(r.kind, "published-ceiling");
        }
        let fargate = assumption("compute", "fargate").expect("fargate row");
        assert_eq!(
            (fargate.percent(), fargate.term()),
            ("50%".into(), "3-year All Upfront".into())
        );
        assert!(fargate.statement().contains("Purchase analyzer"));
    }

    /// A payment option the file does not know is an error, not a silent No Upfront.
    #[test]
    fn an_unknown_payment_option_does_not_parse() {
        let header = CSV.lines().next().unwrap();
        let row = "compute,fargate,1,monthly,0.2,published-ceiling,2026-11-26,https://x,n";
        assert!(parse(&format!("{header}\n{row}\n")).is_err());
        let row = row.replace("monthly", "partial_upfront");
        let rows = parse(&format!("{header}\n{row}\n")).unwrap();
        assert_eq!(rows[0].payment, Payment::PartialUpfront);
        assert_eq!(rows[0].term(), "1-year Partial Upfront");
    }
}
