//! `costplan compare`: an estimate beside actual spend from any `actuals` source, per service,
//! usage-type family and resource, for one `--month`. The estimate is either computed here from
//! the Terraform (`--path`/`--plan`, the same flags as `estimate`) for the calendar hours of the
//! month, or read from a saved report (`--estimate est.json`, hourly lines rescaled to the
//! month).

use std::process::ExitCode;

use anyhow::Context;
use rust_decimal::Decimal;

use super::actuals::{SourceArgs, fetch, source_query};
use super::inputs::EstimateArgs;
use crate::actuals::credits::set_apart;
use crate::actuals::reconcile::{MatchOptions, reconcile};
use crate::actuals::{DateRange, GroupKey, normalise_tag_key, resource_map};
use crate::model::Report;
use crate::pipeline;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
}

/// How actual lines are matched to Terraform addresses (shared with `report`).
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Tag whose value is the Terraform address of the resource (e.g. `costplan:address`).
    #[arg(long, value_name = "KEY")]
    pub address_tag: Option<String>,
    /// Resource id / ARN → Terraform address: a plan or state JSON (`terraform show -json`),
    /// a state file, or a JSON object of id → address.
    #[arg(long, value_name = "FILE")]
    pub resource_map: Option<String>,
}

impl MatchArgs {
    pub fn resolve(&self) -> anyhow::Result<MatchOptions> {
        Ok(MatchOptions {
            address_tag: self.address_tag.as_deref().map(normalise_tag_key),
            resource_ids: match &self.resource_map {
                Some(p) => resource_map::read(p)?,
                None => Default::default(),
            },
        })
    }
}

#[derive(Debug, clap::Args)]
#[group(id = "compare_args")]
pub struct Args {
    /// A saved estimate (`costplan estimate --format json`) instead of estimating the Terraform.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["path", "plan", "config", "scenario", "requests"])]
    estimate: Option<String>,
    #[command(flatten)]
    input: EstimateArgs,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    source: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: CompareFormat,
}

/// The billing month of `compare` and `report`: the estimate flags' `--month` (required), which
/// also makes the estimate use the month's calendar hours.
pub(crate) fn billing_month(input: &EstimateArgs) -> anyhow::Result<(String, DateRange)> {
    let Some(month) = input.month.clone() else {
        return Err(super::usage("give the billing month with --month YYYY-MM"));
    };
    if input.hours_per_month.is_some() {
        return Err(super::usage(
            "--hours-per-month does not apply here: the month's calendar hours are used",
        ));
    }
    let range = DateRange::month(&month).map_err(|e| anyhow::anyhow!("--month {e}"))?;
    Ok((month, range))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Flags first: a bad month or map fails before Terraform or billing data is read.
    let (_, range) = billing_month(&args.input)?;
    let opts = args.matching.resolve()?;
    let mut group_by = vec![GroupKey::Service, GroupKey::UsageTypeRaw];
    if !opts.resource_ids.is_empty() {
        group_by.push(GroupKey::Resource);
    }
    if let Some(tag) = &opts.address_tag {
        group_by.push(GroupKey::Tag(tag.clone()));
    }
    let query = source_query(&args.source, range, group_by)?;
    let report = match &args.estimate {
        Some(path) => {
            let text = crate::input_file::read_to_string(std::path::Path::new(path))
                .context("reading the estimate")?;
            Report::from_json(&text).with_context(|| format!("in `{path}`"))?
        }
        None => {
            let (request, pricing) = args.input.resolve()?;
            pipeline::run(&request, &pricing.load()?)?.report
        }
    };
    let (_, output) = fetch(&args.source, &query)?;
    let (lines, apart) = set_apart(output.lines, query.include_credits, query.basis);
    let period = query.range.to_string();
    let hours = Decimal::from(query.range.hours());
    let mut rec = reconcile(&report, &lines, &period, hours, query.basis, &opts)?;
    // What the actual side leaves out is part of the comparison (issue 21: credits were
    // excluded silently here).
    rec.notes = apart.notes();
    rec.notes.extend(output.notes);
    let text = match args.format {
        CompareFormat::Json => {
            crate::model::versioned_json(crate::actuals::reconcile::SCHEMA_VERSION, &rec)
        }
        CompareFormat::Table => crate::actuals::render::compare_table::render(&rec),
    };
    super::print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}
