//! Text table of an estimate-vs-actual [`Reconciliation`]: total, per service, per usage-type
//! family, per resource (when matched), spend the estimate does not cover, and estimated
//! resources with no spend. Money rounded to cents here only.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::actuals::reconcile::{Reconciliation, Row};

fn money(d: Decimal) -> String {
    format!("{:.2}", d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

fn section(title: &str, rows: &[Row]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec![title, "estimate", "actual", "delta", "%"]);
    for r in rows {
        t.add_row(vec![
            r.key.clone(),
            money(r.estimate),
            money(r.actual),
            money(r.delta),
            r.percent.map_or_else(|| "n/a".to_string(), |p| format!("{p}%")),
        ]);
    }
    format!("{t}\n")
}

/// Renders the reconciliation as text tables.
pub fn render(r: &Reconciliation) -> String {
    let mut out = format!(
        "Estimate vs actual, {} ({} basis, {}; estimate hourly lines scaled from {} to {} hours)\n",
        r.period, r.basis, r.currency, r.estimate_hours, r.hours
    );
    out.push_str(&section("total", std::slice::from_ref(&r.total)));
    out.push_str(&section("service", &r.by_service));
    out.push_str(&section("usage-type family", &r.by_usage_family));
    if !r.by_resource.is_empty() {
        out.push_str(&section("resource", &r.by_resource));
        out.push_str(&format!(
            "Spend not matched to a Terraform address: {} {}\n",
            money(r.unmatched_actual),
            r.currency
        ));
    }
    if !r.not_estimated.is_empty() {
        out.push_str(&section("not in the estimate", &r.not_estimated));
    }
    if !r.no_spend.is_empty() {
        out.push_str(&format!("Estimated resources with no spend: {}\n", r.no_spend.join(", ")));
    }
    for note in &r.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}
