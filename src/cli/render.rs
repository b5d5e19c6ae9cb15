//! `costplan render report.json --format html`: re-renders a report saved with
//! `costplan estimate --format json` in any format, without Terraform, scenario or prices. A
//! report of another schema version is refused with the version found and what to do.
//!
//! Several reports (`costplan render a.json b.json`) are combined into one first, as
//! `infracost output` does ([`crate::projects::combine`]): projects concatenated, totals summed,
//! unknowns kept; reports in different currencies or month lengths are refused, naming the files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::output::{self, OutputArgs};
use crate::model::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports saved with `costplan estimate --format json` (`-` reads standard input); several
    /// are combined into one: projects one after the other, totals summed.
    #[arg(value_name = "REPORT.json", required = true, num_args = 1..)]
    pub reports: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = args.output.resolve()?;
    if args.reports.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("standard input (`-`) is given twice; it can be read only once");
    }
    let mut reports = Vec::new();
    for path in &args.reports {
        let shown = path.display().to_string();
        let text = if shown == "-" {
            crate::input_file::read_stdin_to_string()
                .context("reading the report from standard input")?
        } else {
            crate::input_file::read_to_string(path).context("reading the report")?
        };
        let report =
            Report::from_json(&text).with_context(|| format!("reading report `{shown}`"))?;
        reports.push((shown, report));
    }
    let report = if reports.len() == 1 {
        reports.remove(0).1
    } else {
        crate::projects::combine(reports).context("combining the reports")?
    };
    output::emit(&report, &settings)?;
    Ok(ExitCode::SUCCESS)
}
