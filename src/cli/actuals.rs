//! `costplan actuals`: read actual spend from Cost Explorer, CUR 2.0 / legacy CUR files, FOCUS
//! exports or Athena, and print it aggregated by the requested keys.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use crate::actuals::athena::AthenaTarget;
use crate::actuals::render::{Format, render};
use crate::actuals::{
    Basis, DateRange, Granularity, GroupKey, Query, SourceOutput, TagFilter, aggregate,
};
use anyhow::{Context, bail};

/// Where the spend comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// Cost Explorer GetCostAndUsage (each request costs $0.01).
    CostExplorer,
    /// CUR 2.0 or legacy CUR files: Parquet or CSV (gzip too); a file, a directory or a glob.
    Cur,
    /// FOCUS 1.0/1.1/1.2 exports: Parquet or CSV.
    Focus,
    /// A CUR 2.0 table queried through Athena (the aggregation runs in Athena).
    Athena,
}

/// The period of `actuals`. (`compare` and `report` take the month from the estimate flags'
/// `--month`, which is both the estimated and the billed month there.)
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("period").required(true).args(["month", "start"])))]
pub struct PeriodArgs {
    /// Calendar month, YYYY-MM.
    #[arg(long, conflicts_with_all = ["start", "end"], value_parser = super::exit::month_arg)]
    pub month: Option<String>,
    /// First day, YYYY-MM-DD (inclusive).
    #[arg(long, requires = "end")]
    pub start: Option<String>,
    /// Last day, YYYY-MM-DD (exclusive, like Cost Explorer).
    #[arg(long, requires = "start")]
    pub end: Option<String>,
}

/// Where the spend comes from: shared by `actuals`, `compare` and `report`, so that a source is
/// spelled the same everywhere.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// Source of the spend.
    #[arg(long, value_enum)]
    pub from: From,
    /// CUR / FOCUS input: a file, a directory or a glob (quote it).
    #[arg(value_name = "INPUT")]
    pub input: Option<String>,
    /// The same as INPUT, as a flag (`--actuals billing/2026-10/`).
    #[arg(long = "actuals", value_name = "INPUT", conflicts_with = "input")]
    pub actuals: Option<String>,
    /// Cost basis: invoice (unblended/billed), amortized (effective) or list (public on-demand).
    #[arg(long, default_value = "invoice")]
    pub basis: String,
    /// Count credits and refunds (excluded by default).
    #[arg(long)]
    pub include_credits: bool,
    /// Keep only the spend of this provider (FOCUS `ProviderName`, e.g. AWS); CUR, Athena and
    /// Cost Explorer data is AWS's.
    #[arg(long)]
    pub provider: Option<String>,
    /// AWS endpoint override (Cost Explorer / Athena), e.g. a local test server.
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// AWS region of the Athena workgroup; Cost Explorer always uses us-east-1 unless given.
    #[arg(long)]
    pub aws_region: Option<String>,
    /// AWS profile from the shared config.
    #[arg(long)]
    pub profile: Option<String>,
    /// Athena database holding the CUR 2.0 table.
    #[arg(long)]
    pub database: Option<String>,
    /// Athena CUR 2.0 table.
    #[arg(long)]
    pub table: Option<String>,
    /// Athena workgroup.
    #[arg(long)]
    pub workgroup: Option<String>,
    /// Athena query result location, s3://bucket/prefix/ (unless the workgroup sets one).
    #[arg(long)]
    pub output_location: Option<String>,
    /// Athena data catalog (default AwsDataCatalog).
    #[arg(long)]
    pub catalog: Option<String>,
    /// Give up waiting for Athena after this many seconds.
    #[arg(long, default_value_t = 1800)]
    pub athena_timeout: u64,
    /// Seconds to wait for a connection to Cost Explorer or Athena.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::aws::DEFAULT_CONNECT_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub connect_timeout: u64,
    /// Seconds one Cost Explorer or Athena request may take to answer before it fails (the SDK
    /// retries it, each attempt bounded the same way).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::aws::DEFAULT_REQUEST_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// Group by: service, provider, usage-type, usage-type-raw, operation, resource, account, region,
    /// line-type or tag:KEY. Repeat or separate with commas. Default: service.
    #[arg(long = "group-by", value_delimiter = ',')]
    group_by: Vec<String>,
    /// Keep only lines with this tag value: tag:KEY=VALUE (repeatable).
    #[arg(long)]
    filter: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Time buckets.
    #[arg(long, value_enum, default_value = "monthly")]
    granularity: GranularityArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum GranularityArg {
    Monthly,
    Daily,
}

/// The period the flags give.
fn date_range(period: &PeriodArgs) -> anyhow::Result<DateRange> {
    match (&period.month, &period.start, &period.end) {
        (Some(m), _, _) => DateRange::month(m),
        (None, Some(s), Some(e)) => DateRange::between(s, e),
        _ => Err("give --month YYYY-MM or --start and --end".to_string()),
    }
    .map_err(anyhow::Error::msg)
}

/// A query of `source` over `range` by `group_by` (empty: by service), no tag filter, monthly.
pub(crate) fn source_query(
    source: &SourceArgs,
    range: DateRange,
    group_by: Vec<GroupKey>,
) -> anyhow::Result<Query> {
    Ok(Query {
        range,
        granularity: Granularity::Monthly,
        group_by: if group_by.is_empty() { vec![GroupKey::Service] } else { group_by },
        filters: Vec::new(),
        basis: source.basis.parse::<Basis>().map_err(anyhow::Error::msg)?,
        include_credits: source.include_credits,
    })
}

fn build_query(args: &Args) -> anyhow::Result<Query> {
    let group_by = args
        .group_by
        .iter()
        .map(|g| g.trim().parse::<GroupKey>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let filters = args
        .filter
        .iter()
        .map(|f| f.parse::<TagFilter>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let mut query = source_query(&args.source, date_range(&args.period)?, group_by)?;
    query.filters = filters;
    query.granularity = match args.granularity {
        GranularityArg::Monthly => Granularity::Monthly,
        GranularityArg::Daily => Granularity::Daily,
    };
    Ok(query)
}

/// Cost Explorer's one endpoint is in us-east-1: an AWS fact, not a default region.
const COST_EXPLORER_REGION: &str = "us-east-1";

async fn sdk_config(args: &SourceArgs, default_region: Option<&str>) -> aws_config::SdkConfig {
    crate::aws::load(&crate::aws::SdkOptions {
        region: args.aws_region.clone().or_else(|| default_region.map(str::to_string)),
        endpoint_url: args.endpoint_url.clone(),
        profile: args.profile.clone(),
        timeouts: crate::aws::Timeouts {
            connect: Duration::from_secs(args.connect_timeout),
            request: Duration::from_secs(args.request_timeout),
        },
        no_sdk_retries: false,
    })
    .await
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn spinner(what: String) -> Option<indicatif::ProgressBar> {
    if super::quiet() || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message(what);
    pb.enable_steady_tick(Duration::from_millis(120));
    Some(pb)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let query = build_query(&args)?;
    let (label, output) = fetch(&args.source, &query)?;
    let agg = aggregate(&label, output, &query);
    super::print_out(&render(&agg, args.format))?;
    if args.format != Format::Table && !super::quiet() {
        #[allow(clippy::print_stderr)]
        {
            for n in &agg.notes {
                eprintln!("note: {n}");
            }
            for w in &agg.warnings {
                eprintln!("warning: {w}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the source chosen in `args` for `query`; returns a label for the output and the lines.
pub(crate) fn fetch(args: &SourceArgs, query: &Query) -> anyhow::Result<(String, SourceOutput)> {
    let need_path = || {
        args.input
            .clone()
            .or_else(|| args.actuals.clone())
            .context("give the CUR/FOCUS location: a file, a directory or a glob")
    };
    let pb;
    let (label, output): (String, SourceOutput) = match args.from {
        From::Cur => {
            let path = need_path()?;
            pb = spinner(format!("reading CUR {path}"));
            (format!("CUR `{path}`"), crate::actuals::cur::read(&path, query)?)
        }
        From::Focus => {
            let path = need_path()?;
            pb = spinner(format!("reading FOCUS {path}"));
            (format!("FOCUS `{path}`"), crate::actuals::focus::read(&path, query)?)
        }
        From::CostExplorer => {
            pb = spinner("querying Cost Explorer".into());
            let rt = runtime()?;
            let out = rt.block_on(async {
                let conf = sdk_config(args, Some(COST_EXPLORER_REGION)).await;
                let client = aws_sdk_costexplorer::Client::new(&conf);
                crate::actuals::cost_explorer::fetch(&client, query).await
            })?;
            ("Cost Explorer".to_string(), out)
        }
        From::Athena => {
            let (Some(database), Some(table)) = (args.database.clone(), args.table.clone()) else {
                bail!("--from athena needs --database and --table (the CUR 2.0 table)");
            };
            pb = spinner(format!("querying Athena {database}.{table}"));
            let target = AthenaTarget {
                database: database.clone(),
                table: table.clone(),
                catalog: args.catalog.clone(),
                workgroup: args.workgroup.clone(),
                output_location: args.output_location.clone(),
                timeout: Duration::from_secs(args.athena_timeout),
            };
            let rt = runtime()?;
            let out = rt.block_on(async {
                let conf = sdk_config(args, None).await;
                let client = aws_sdk_athena::Client::new(&conf);
                crate::actuals::athena::fetch(&client, &target, query).await
            })?;
            (format!("Athena {database}.{table}"), out)
        }
    };
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let mut output = output;
    match &args.provider {
        Some(p) => crate::actuals::provider::keep(&mut output, p)?,
        None => {
            if let Some(w) = crate::actuals::provider::several(&output.lines, query) {
                output.warnings.push(w);
            }
        }
    }
    Ok((label, output))
}
