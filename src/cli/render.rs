//! `costplan render report.json --format html`: re-renders a report saved with
//! `costplan estimate --format json` in any format, without Terraform, scenario or prices. A
//! report of another schema version is refused with the version found and what to do.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::output::{self, OutputArgs};
use crate::model::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A report saved with `costplan estimate --format json` (`-` reads standard input).
    #[arg(value_name = "REPORT.json")]
    pub report: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = args.output.resolve()?;
    let shown = args.report.display().to_string();
    let text = if shown == "-" {
        crate::input_file::read_stdin_to_string()
            .context("reading the report from standard input")?
    } else {
        crate::input_file::read_to_string(&args.report).context("reading the report")?
    };
    let report = Report::from_json(&text).with_context(|| format!("reading report `{shown}`"))?;
    output::emit(&report, &settings)?;
    Ok(ExitCode::SUCCESS)
}
