//! Human table: rows with cost rounded to cents, then per-currency totals, notes and warnings.

use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::actuals::Aggregation;

fn money(d: Decimal) -> String {
    format!("{:.2}", d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// Renders the aggregation as a text table.
pub fn render(agg: &Aggregation) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec!["period".to_string()];
    header.extend(agg.group_by.iter().cloned());
    let with_usage = agg.rows.iter().any(|r| r.usage_quantity.is_some());
    if with_usage {
        header.push("usage".into());
    }
    header.push(format!("{} cost", agg.query.basis));
    table.set_header(header);
    for row in &agg.rows {
        let mut cells = vec![if row.estimated {
            format!("{} (estimated)", row.period)
        } else {
            row.period.clone()
        }];
        cells.extend(row.keys.iter().cloned());
        if with_usage {
            cells.push(match (&row.usage_quantity, &row.usage_unit) {
                (Some(q), Some(u)) => format!("{} {u}", q.round_dp(4).normalize()),
                (Some(q), None) => q.round_dp(4).normalize().to_string(),
                _ => String::new(),
            });
        }
        cells.push(format!("{} {}", money(row.cost), row.currency));
        table.add_row(cells);
    }
    let last = table.column_count().saturating_sub(1);
    if let Some(col) = table.column_mut(last) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    let mut out = format!(
        "Actual spend from {}, {} ({} basis)\n",
        agg.source, agg.query.range, agg.query.basis
    );
    out.push_str(&table.to_string());
    out.push('\n');
    if agg.totals.is_empty() {
        out.push_str("Total: nothing\n");
    }
    for (currency, total) in &agg.totals {
        out.push_str(&format!("Total: {} {currency}\n", money(*total)));
    }
    for note in &agg.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for warning in &agg.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}
