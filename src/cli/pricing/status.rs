//! `costplan pricing status [--max-age-days 90] [--format table|json]`.

use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use super::{Format, PricingDirArg};
use crate::cli::print_out;
use crate::pricing::status::{self as st, DEFAULT_MAX_AGE_DAYS, FileStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files written more than this many days ago are reported as stale.
    #[arg(long, default_value_t = DEFAULT_MAX_AGE_DAYS, value_name = "DAYS")]
    max_age_days: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Date to compute ages from (YYYY-MM-DD); defaults to today (UTC). For reproducible output.
    #[arg(long, hide = true)]
    today: Option<String>,
    #[command(flatten)]
    dir: PricingDirArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let catalog = args.dir.load()?;
    let today = match &args.today {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--today `{s}` is not a YYYY-MM-DD date"))?,
        None => chrono::Utc::now().date_naive(),
    };
    let rows = st::status(&catalog, today, args.max_age_days);
    match args.format {
        Format::Json => print_out(&serde_json::to_string_pretty(&rows)?)?,
        Format::Table => print_out(&table(&rows, args.max_age_days))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn table(rows: &[FileStatus], max_age: u32) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "file",
        "source",
        "fetched",
        "age (days)",
        "age from",
        "prices as of",
        "products",
        "unverified",
        "from",
    ]);
    for r in rows {
        let age = match r.age_days {
            Some(a) if r.stale => format!("{a} (stale)"),
            Some(a) => a.to_string(),
            None => "unknown".to_string(),
        };
        t.add_row([
            r.info.file.clone(),
            r.info.source.to_string(),
            r.info.fetch_date.clone(),
            age,
            r.age_from.to_string(),
            r.info
                .publication_date
                .clone()
                .or_else(|| r.info.prices_as_of.clone())
                .unwrap_or_else(|| "unknown".to_string()),
            r.info.products.to_string(),
            r.info.unverified.to_string(),
            r.info.origin.clone(),
        ]);
    }
    let mut out = t.to_string();
    let old = rows.iter().filter(|r| r.stale && r.age_days.is_some()).count();
    let undated = rows.iter().filter(|r| r.age_days.is_none()).count();
    let unverified: usize = rows.iter().map(|r| r.info.unverified).sum();
    out.push('\n');
    if old + undated > 0 {
        out.push_str(&format!(
            "warning: of {} files, {old} hold prices older than {max_age} days and {undated} hold \
             prices of unknown date; run `costplan pricing refresh` for current AWS prices\n",
            rows.len()
        ));
    }
    if unverified > 0 {
        out.push_str(&format!(
            "warning: {unverified} prices are unverified (recalled, not read from a stored \
             source); a refresh replaces them\n"
        ));
    }
    out.push_str(
        "not in the bundled snapshot (\"price not found\" until `costplan pricing refresh`):\n",
    );
    for (service, what, wher) in crate::pricing::snapshot::GAPS {
        out.push_str(&format!("  {service}: {what}; {wher}\n"));
    }
    out
}
