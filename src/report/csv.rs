//! CSV for spreadsheets: one long table `section,item,metric,value` (a pivot table turns it
//! into any layout), amounts at full precision in the report currency, percentages as numbers.
//! Pure function of the model.

use rust_decimal::Decimal;

use super::model::{Change, MonthlyReport, Savings};

struct Out {
    w: csv::Writer<Vec<u8>>,
}

impl Out {
    fn put(&mut self, section: &str, item: &str, metric: &str, value: &str) {
        // Writing to a Vec cannot fail.
        let _ = self.w.write_record([section, item, metric, value]);
    }

    fn dec(&mut self, section: &str, item: &str, metric: &str, value: Decimal) {
        self.put(section, item, metric, &value.normalize().to_string());
    }

    fn opt(&mut self, section: &str, item: &str, metric: &str, value: Option<Decimal>) {
        if let Some(v) = value {
            self.dec(section, item, metric, v);
        }
    }

    fn changes(&mut self, section: &str, rows: &[Change]) {
        for c in rows {
            self.dec(section, &c.service, "previous", c.previous);
            self.dec(section, &c.service, "actual", c.actual);
            self.dec(section, &c.service, "change", c.change);
            self.opt(section, &c.service, "percent", c.percent);
        }
    }
}

/// The report as CSV.
pub fn render(r: &MonthlyReport) -> String {
    let mut o = Out { w: csv::Writer::from_writer(Vec::new()) };
    o.put("section", "item", "metric", "value");
    o.put("report", "month", "value", &r.month);
    o.put("report", "project", "value", &r.project);
    o.put("report", "source", "value", &r.source);
    o.put("report", "basis", "value", &r.basis.to_string());
    o.put("report", "currency", "value", &r.currency);
    let h = &r.headline;
    o.opt("headline", "budget", "amount", h.budget);
    o.dec("headline", "estimate", "amount", h.estimate);
    o.dec("headline", "actual", "amount", h.actual);
    o.dec("headline", "forecast", "amount", h.forecast);
    o.put("headline", "forecast", "method", &h.forecast_method);
    o.dec("headline", "days_with_data", "count", Decimal::from(h.days_with_data));
    o.dec("headline", "days_in_month", "count", Decimal::from(h.days_in_month));
    o.opt("headline", "budget_variance", "amount", h.budget_variance);
    for s in &r.by_service {
        o.dec("service", &s.service, "estimate", s.estimate);
        o.dec("service", &s.service, "actual", s.actual);
        o.dec("service", &s.service, "delta", s.delta);
        o.opt("service", &s.service, "percent", s.percent);
        o.opt("service", &s.service, "previous", s.previous);
    }
    for t in &r.by_tag {
        let section = format!("tag:{}", t.key);
        for x in &t.rows {
            o.dec(&section, &x.label, "actual", x.amount);
            o.opt(&section, &x.label, "percent", x.percent);
        }
    }
    if let Some(m) = &r.movers {
        o.put("movers", "previous_month", "value", &m.previous_month);
        o.dec("movers", "previous_total", "amount", m.previous_total);
        o.changes("movers", &m.rows);
    }
    if let Some(u) = &r.unit_cost {
        o.dec("unit_cost", "requests", "count", u.requests);
        o.put("unit_cost", "requests", "source", &u.requests_source);
        o.dec("unit_cost", "estimate", "per_1000_requests", u.estimate_per_1000);
        o.dec("unit_cost", "actual", "per_1000_requests", u.actual_per_1000);
        o.dec("unit_cost", "forecast", "per_1000_requests", u.forecast_per_1000);
    }
    if let Some(c) = &r.commitments {
        o.dec("commitments", "coverage", "covered_on_demand", c.covered_on_demand);
        o.dec("commitments", "coverage", "eligible_on_demand", c.eligible_on_demand);
        o.opt("commitments", "coverage", "percent", c.coverage_percent);
        o.dec("commitments", "utilisation", "used", c.used);
        o.dec("commitments", "utilisation", "unused", c.unused);
        o.opt("commitments", "utilisation", "percent", c.utilisation_percent);
    }
    let a = &r.allocation;
    o.put("allocation", "tags", "value", &a.tag_keys.join(" "));
    o.dec("allocation", "untagged", "amount", a.untagged);
    o.opt("allocation", "untagged", "percent", a.percent);
    o.dec("anomalies", "threshold", "percent", r.anomalies.threshold_percent);
    o.changes("anomalies", &r.anomalies.rows);
    match &r.savings {
        Savings::NotComputed { reason } => o.put("savings", "status", "not_computed", reason),
        Savings::Computed { findings, total } => {
            o.dec("savings", "total", "monthly", *total);
            for f in findings {
                let item = format!("{} {}", f.code, f.resource);
                o.put("savings", &item, "title", &f.title);
                o.dec("savings", &item, "monthly", f.monthly_saving);
            }
        }
    }
    for w in &r.warnings {
        o.put("warning", "", "text", w);
    }
    for n in &r.notes {
        o.put("note", "", "text", n);
    }
    let bytes = o.w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
