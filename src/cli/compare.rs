//! `costplan compare`: an estimate saved as JSON (`costplan estimate --format json`) beside actual
//! spend from any `actuals` source, per service, usage-type family and resource.

use std::process::ExitCode;

use anyhow::Context;
use rust_decimal::Decimal;

use crate::actuals::reconcile::{MatchOptions, reconcile};
use crate::actuals::render::Format;
use crate::actuals::{GroupKey, normalise_tag_key};
use crate::model::Report;

#[derive(Debug, clap::Args)]
#[group(id = "compare_args")]
pub struct Args {
    /// Estimate report JSON (from `costplan estimate --format json`).
    #[arg(long)]
    estimate: String,
    /// Tag whose value is the Terraform address of the resource (e.g. `costplan:address`).
    #[arg(long)]
    address_tag: Option<String>,
    /// JSON file mapping resource ids or ARNs to Terraform addresses.
    #[arg(long)]
    resource_map: Option<String>,
    #[command(flatten)]
    actuals: super::actuals::Args,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.estimate)
        .with_context(|| format!("cannot read the estimate `{}`", args.estimate))?;
    let report = Report::from_json(&text).with_context(|| format!("in `{}`", args.estimate))?;
    let mut query = super::actuals::build_query(&args.actuals)?;
    query.group_by = vec![GroupKey::Service, GroupKey::UsageTypeRaw];
    let opts = MatchOptions {
        address_tag: args.address_tag.as_deref().map(normalise_tag_key),
        resource_ids: match &args.resource_map {
            Some(p) => {
                let t = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read the resource map `{p}`"))?;
                serde_json::from_str(&t).with_context(|| {
                    format!("`{p}` must be a JSON object of resource id → Terraform address")
                })?
            }
            None => Default::default(),
        },
    };
    if !opts.resource_ids.is_empty() {
        query.group_by.push(GroupKey::Resource);
    }
    if let Some(tag) = &opts.address_tag {
        query.group_by.push(GroupKey::Tag(tag.clone()));
    }
    let (_, output) = super::actuals::fetch(&args.actuals, &query)?;
    let lines: Vec<_> = output
        .lines
        .into_iter()
        .filter(|l| query.include_credits || !l.line_type.is_some_and(|t| t.is_credit_or_refund()))
        .collect();
    let period = query.range.to_string();
    let hours = Decimal::from(query.range.hours());
    let rec = reconcile(&report, &lines, &period, hours, query.basis, &opts)?;
    let text = match args.actuals.format() {
        Format::Json => serde_json::to_string_pretty(&rec)?,
        Format::Table => crate::actuals::render::compare_table::render(&rec),
        Format::Csv => anyhow::bail!("`compare` writes table or json"),
    };
    super::print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}
