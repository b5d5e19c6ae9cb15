//! CSV: one row per component, for spreadsheets. Amounts at full precision (a spreadsheet rounds
//! for itself); empty cells where the model has no value, and `price_status` saying why a cost is
//! empty (`not_found`, `ambiguous`, `usage_unknown`), so that an empty cost never reads as $0.
//! Free and not-supported resources get one row each with an empty component, so the file lists
//! every resource; the `monthly_cost` column sums to the report total.

use rust_decimal::Decimal;

use crate::model::{Bucket, Component, PriceStatus, Project, Report, ResourceCost};
use crate::usage::UsageSource;

const HEADER: [&str; 19] = [
    "project",
    "address",
    "resource_type",
    "bucket",
    "subresource",
    "component",
    "quantity",
    "unit",
    "price",
    "monthly_cost",
    "upfront",
    "price_status",
    "usage_based",
    "usage_key",
    "usage_source",
    "formula",
    "free_allowance",
    "region",
    "note",
];

/// The report as CSV with a header row.
pub fn render(report: &Report) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for project in &report.projects {
        for res in &project.resources {
            rows_of(project, res, &mut rows);
        }
    }
    // Writing into a Vec cannot fail; a failure would only lose rows, which the tests catch.
    let _ = writer.write_record(HEADER);
    for row in &rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn rows_of(project: &Project, res: &ResourceCost, rows: &mut Vec<Vec<String>>) {
    let bucket = match res.bucket {
        Bucket::Estimated => "estimated",
        Bucket::Free => "free",
        Bucket::NotSupported => "not_supported",
    };
    let base = |sub: &str| {
        vec![
            project.name.clone(),
            res.address.clone(),
            res.resource_type.clone(),
            bucket.to_string(),
            sub.to_string(),
        ]
    };
    if res.bucket != Bucket::Estimated || (res.components.is_empty() && res.subresources.is_empty())
    {
        let mut row = base("");
        row.extend(std::iter::repeat_n(String::new(), 12));
        row.push(res.region.clone().unwrap_or_default());
        row.push(res.note.clone().unwrap_or_default());
        rows.push(row);
        return;
    }
    for c in &res.components {
        let mut row = base("");
        row.extend(component_cells(c));
        row.push(res.region.clone().unwrap_or_default());
        row.push(String::new());
        rows.push(row);
    }
    for sub in &res.subresources {
        for c in &sub.components {
            let mut row = base(&sub.name);
            row.extend(component_cells(c));
            row.push(res.region.clone().unwrap_or_default());
            row.push(String::new());
            rows.push(row);
        }
    }
}

fn dec(d: Option<Decimal>) -> String {
    d.map(|v| v.to_string()).unwrap_or_default()
}

fn component_cells(c: &Component) -> Vec<String> {
    let status = match &c.price_status {
        PriceStatus::Found => "found",
        PriceStatus::NotFound { .. } => "not_found",
        PriceStatus::Ambiguous { .. } => "ambiguous",
        PriceStatus::UsageUnknown => "usage_unknown",
    };
    let source = c.usage_source.map(|s| match s {
        UsageSource::Explicit => "explicit",
        UsageSource::Scenario => "scenario",
        UsageSource::Default => "default",
    });
    vec![
        c.name.clone(),
        dec(c.quantity),
        c.unit.clone(),
        dec(c.price),
        dec(c.monthly_cost),
        dec(c.upfront),
        status.to_string(),
        c.usage_based.to_string(),
        c.usage_key.clone().unwrap_or_default(),
        source.unwrap_or_default().to_string(),
        c.formula.clone().unwrap_or_default(),
        c.free_allowance
            .as_ref()
            .map(|f| format!("{} ({})", f.quantity, f.note))
            .unwrap_or_default(),
    ]
}
