//! `costplan report`: the monthly finance report of one month. Estimates the Terraform (the
//! same flags as `estimate`) for the month's calendar hours, reads the month and the previous
//! one from an `actuals` source, runs the `advise` rules for the savings, and writes the report
//! in `--format` and to every `--out FORMAT=FILE` (each file written whole or not at all).
//!
//! Flags are checked before anything is read: a malformed month, a budget that is not a
//! number, a bad `--out` or two outputs to one file fail first.

use std::process::ExitCode;

use anyhow::Context;
use rust_decimal::Decimal;

use super::actuals::{SourceArgs, fetch, source_query};
use super::compare::billing_month;
use super::inputs::EstimateArgs;
use super::output::{self, OutFormat, OutSpec};
use crate::actuals::credits::set_apart;
use crate::actuals::{
    ActualLine, DateRange, Granularity, GroupKey, SourceOutput, cost_explorer, normalise_tag_key,
};
use crate::advise;
use crate::pipeline;
use crate::pricing::Catalog;
use crate::report::model::{Saving, Savings};
use crate::report::{Format, Inputs, build};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Markdown,
    Html,
    Csv,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

impl OutFormat for Format {
    fn from_name(name: &str) -> Option<Self> {
        Format::from_name(name)
    }
    fn names() -> Vec<&'static str> {
        Format::ALL.iter().map(|f| f.name()).collect()
    }
    const EXAMPLE: &'static str = "html=report.html";
}

fn parse_amount(text: &str) -> Result<Decimal, String> {
    crate::diff::guardrail::amount(text).ok_or_else(|| {
        if text.trim().trim_start_matches('$').starts_with('-') {
            format!("`{text}` is negative: give the monthly budget, e.g. 250")
        } else {
            format!(
                "`{text}` is not a number: give the monthly budget in the bill's currency, e.g. 250 or 1,200.50"
            )
        }
    })
}

fn parse_percent(text: &str) -> Result<Decimal, String> {
    match text.trim().trim_end_matches('%').parse::<Decimal>() {
        Ok(d) if d >= Decimal::ZERO => Ok(d),
        _ => Err(format!("`{text}` is not a percentage: give a number such as 20")),
    }
}

#[derive(Debug, clap::Args)]
#[group(id = "report_args")]
pub struct Args {
    #[command(flatten)]
    input: EstimateArgs,
    #[command(flatten)]
    source: SourceArgs,
    /// The month's budget in the bill's currency (`250`, `1,200.50`).
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    budget: Option<Decimal>,
    /// The month to compare with for movers and anomalies: `auto` (the month before), `none`,
    /// or YYYY-MM.
    #[arg(long, value_name = "auto|none|YYYY-MM", default_value = "auto")]
    previous: String,
    /// Allocation tags for the breakdowns and the untagged share (comma-separated or repeated).
    #[arg(long = "tag", value_name = "KEY", value_delimiter = ',', default_value = "env,team")]
    tags: Vec<String>,
    /// A service is an anomaly when it is up more than this percentage on the previous month.
    #[arg(long, value_name = "PERCENT", default_value = "20", value_parser = parse_percent)]
    anomaly_threshold: Decimal,
    /// Do not run the `advise` rules (the savings section then says so).
    #[arg(long)]
    no_savings: bool,
    /// Format printed on standard output.
    #[arg(long, value_enum, default_value = "markdown")]
    format: FormatArg,
    /// Also write FORMAT to FILE (`--out html=report.html --out csv=report.csv`); FORMAT is
    /// markdown, html, csv or json.
    #[arg(long = "out", value_name = "FORMAT=FILE", value_parser = output::parse_out_as::<Format>)]
    outs: Vec<OutSpec<Format>>,
}

/// The previous month per `--previous`.
fn previous_range(spec: &str, month: &DateRange) -> anyhow::Result<Option<DateRange>> {
    match spec {
        "none" => Ok(None),
        "auto" => {
            let day_before = month.start.pred_opt().context("no month before this one")?;
            let m = day_before.format("%Y-%m").to_string();
            Ok(Some(DateRange::month(&m).map_err(anyhow::Error::msg)?))
        }
        m => DateRange::month(m)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("--previous {e}, or auto or none")),
    }
}

/// The billed requests of every query of one report, said once for all in the notes.
#[derive(Default)]
struct Paid {
    requests: usize,
}

impl Paid {
    /// Counts `out`'s requests and takes away its own note of them.
    fn count(&mut self, mut out: SourceOutput) -> SourceOutput {
        if out.paid_requests > 0 {
            self.requests += out.paid_requests;
            let own = cost_explorer::requests_note(out.paid_requests);
            out.notes.retain(|n| *n != own);
        }
        out
    }
}

/// The `--tag` keys, normalised; at most two when Cost Explorer is asked (`split`).
fn allocation_tags(tags: &[String], split: bool) -> anyhow::Result<Vec<String>> {
    let tag_keys: Vec<String> =
        tags.iter().map(|t| normalise_tag_key(t)).filter(|t| !t.is_empty()).collect();
    if split && tag_keys.len() > 2 {
        anyhow::bail!(
            "Cost Explorer groups by at most two keys, so `report --from cost-explorer` takes at most two --tag ({} given: {}): give two, or use --from cur, focus or athena",
            tag_keys.len(),
            tag_keys.join(", ")
        );
    }
    Ok(tag_keys)
}

/// The savings `advise` finds in the estimate, or why there are none.
fn savings(outcome: &pipeline::Outcome, request: &pipeline::Request, catalog: &Catalog) -> Savings {
    match advise::advise(outcome, request, catalog, &advise::Options::default()) {
        Ok(analysis) => Savings::Computed {
            findings: analysis
                .advice
                .findings
                .iter()
                .map(|f| Saving {
                    code: f.code.clone(),
                    title: f.title.clone(),
                    resource: f.address.clone(),
                    monthly_saving: f.monthly_saving,
                })
                .collect(),
            total: analysis.advice.total.monthly_saving,
        },
        Err(e) => Savings::NotComputed { reason: format!("the advise rules failed: {e}") },
    }
}

/// A warning for each allocation tag on none of `lines` (misspelt, or not activated).
fn missing_tags(tag_keys: &[String], lines: &[ActualLine], month: &str) -> Vec<String> {
    tag_keys
        .iter()
        .filter(|key| !lines.iter().any(|l| l.tags.contains_key(*key)))
        .map(|key| format!(
            "tag `{key}` appears on no line of {month}: check the spelling and that it is activated as a cost allocation tag"
        ))
        .collect()
}

/// The last day of the month that has spend (`0`: none), from daily lines.
fn last_day(lines: &[ActualLine]) -> u32 {
    lines
        .iter()
        .filter_map(|l| l.period.rsplit('-').next().and_then(|d| d.parse::<u32>().ok()))
        .max()
        .unwrap_or(0)
}

/// The previous month by service, for movers and anomalies.
fn previous_month(
    source: &SourceArgs,
    range: DateRange,
    paid: &mut Paid,
    include_credits: bool,
) -> anyhow::Result<(String, Vec<ActualLine>, Vec<String>)> {
    let query = source_query(source, range, vec![GroupKey::Service])?;
    let (_, out) = fetch(source, &query)?;
    let out = paid.count(out);
    let (lines, apart) = set_apart(out.lines, include_credits, query.basis);
    // Said for the previous month too: its total is beside this month's.
    let notes = apart.notes().into_iter().map(|n| format!("{range}: {n}")).collect();
    Ok((range.to_string(), lines, notes))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Flags first.
    let (month, range) = billing_month(&args.input)?;
    let previous = previous_range(&args.previous, &range)?;
    output::check_distinct(&args.outs)?;
    // Cost Explorer groups by at most two keys: the month is asked for by service and usage
    // type, by the (at most two) tags, and by usage and line type (see `report::build`).
    let split = args.source.from == super::actuals::From::CostExplorer;
    let tag_keys = allocation_tags(&args.tags, split)?;
    let days_in_month = u32::try_from((range.end - range.start).num_days()).unwrap_or(0);
    let hours = Decimal::from(range.hours());

    // The estimate for the month, and the savings.
    let (request, pricing) = args.input.resolve()?;
    let catalog = pricing.load()?;
    let outcome = pipeline::run(&request, &catalog)?;
    let savings = if args.no_savings {
        Savings::NotComputed { reason: "skipped with --no-savings".into() }
    } else {
        savings(&outcome, &request, &catalog)
    };
    // The pipeline derived usage from this rate and month already, so the count is in range.
    let requests = outcome.profile.requests.and_then(|r| {
        let source = match &request.requests {
            Some(given) => format!("--requests {given}"),
            None => outcome.profile.origin.clone(),
        };
        Some((r.per_month(hours).ok()?, source))
    });

    // The month (by service, usage type, line type and the allocation tags), its days with
    // data, and the previous month by service (Cost Explorer: `split` above, each request
    // billed and counted once in the notes).
    let mut keys = vec![GroupKey::Service, GroupKey::UsageTypeRaw];
    if !split {
        keys.push(GroupKey::LineType);
        keys.extend(tag_keys.iter().cloned().map(GroupKey::Tag));
    }
    let mut query = source_query(&args.source, range, keys)?;
    // Files are read once, by day, and the days summed into the month. Cost Explorer is asked
    // twice instead: by day for services only, since every request is billed.
    let one_read =
        matches!(args.source.from, super::actuals::From::Cur | super::actuals::From::Focus);
    if one_read {
        query.granularity = Granularity::Daily;
    }
    let (label, out) = fetch(&args.source, &query)?;
    let mut paid = Paid::default();
    let out = paid.count(out);
    let (mut current, apart) = set_apart(out.lines, query.include_credits, query.basis);
    // The month by day, for the days with data and the forecast of a partial month.
    let daily: Vec<ActualLine> = if one_read {
        current.clone()
    } else {
        let mut daily = source_query(&args.source, range, vec![GroupKey::Service])?;
        daily.granularity = Granularity::Daily;
        let lines = paid.count(fetch(&args.source, &daily)?.1).lines;
        set_apart(lines, query.include_credits, daily.basis).0
    };
    let days_with_data = last_day(&daily);
    if one_read {
        for line in &mut current {
            line.period.clone_from(&month);
        }
    }
    let mut notes = out.notes;
    notes.extend(apart.notes());
    let mut warnings = out.warnings;
    // The same month by the tags and by usage and line type, for a source that cannot give
    // them with the service and usage type.
    let (tagged, by_line_type) = if split {
        let mut again = |keys: Vec<GroupKey>| -> anyhow::Result<Vec<ActualLine>> {
            let (_, out) = fetch(&args.source, &source_query(&args.source, range, keys)?)?;
            let out = paid.count(out);
            notes.extend(out.notes);
            warnings.extend(out.warnings);
            // The same month again, split another way: set apart alike, said once above.
            Ok(set_apart(out.lines, query.include_credits, query.basis).0)
        };
        let tagged = if tag_keys.is_empty() {
            Vec::new()
        } else {
            again(tag_keys.iter().cloned().map(GroupKey::Tag).collect())?
        };
        let by_line_type = again(vec![GroupKey::UsageTypeRaw, GroupKey::LineType])?;
        (Some(tagged), Some(by_line_type))
    } else {
        (None, None)
    };
    let previous_lines = match &previous {
        Some(p) => {
            let (m, lines, own) =
                previous_month(&args.source, *p, &mut paid, query.include_credits)?;
            notes.extend(own);
            Some((m, lines))
        }
        None => None,
    };
    if paid.requests > 0 {
        notes.push(cost_explorer::requests_note(paid.requests));
    }
    warnings.extend(missing_tags(&tag_keys, tagged.as_deref().unwrap_or(&current), &month));
    if current.is_empty() {
        warnings.push(format!("no spend found for {month} in {label}"));
    }
    notes.sort();
    notes.dedup();

    let report = build(Inputs {
        month: &month,
        days_in_month,
        days_with_data,
        source: label,
        basis: query.basis,
        estimate: &outcome.report,
        requests,
        current: &current,
        daily: &daily,
        tagged: tagged.as_deref(),
        by_line_type: by_line_type.as_deref(),
        previous: previous_lines.as_ref().map(|(m, l)| (m.clone(), l.as_slice())),
        budget: args.budget,
        tag_keys: &tag_keys,
        anomaly_threshold_percent: args.anomaly_threshold,
        savings,
        notes,
        warnings,
    })?;
    output::write_all(
        &args.outs,
        |f| f.render(&report),
        &Format::from(args.format).render(&report),
    )?;
    Ok(ExitCode::SUCCESS)
}
