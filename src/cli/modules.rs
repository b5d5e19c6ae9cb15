//! `costplan modules get [--path DIR]`: fetches every registry, git and HTTP module the
//! configuration calls into the costplan module cache (see [`crate::modules`]), and lists them:
//! module call, source, version, and whether it was downloaded now or already cached.
//!
//! Exit code 1 when any module could not be fetched (each named with its `file:line`); the
//! others are cached all the same.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::modules::{self, Options, Report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Download the configuration's registry, git and HTTP modules into the costplan cache
    /// (`$XDG_CACHE_HOME/costplan/modules`); what is cached already is not downloaded again.
    Get {
        /// Root module directory of the Terraform configuration.
        #[arg(long, conflicts_with = "config")]
        path: Option<PathBuf>,
        /// A costplan.yml: the modules of every project it lists.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Get { path, config } => {
            let paths = match config {
                Some(file) => crate::config::Config::load(&file)?
                    .projects
                    .into_iter()
                    .map(|p| p.path)
                    .collect(),
                None => vec![path.unwrap_or_else(|| PathBuf::from("."))],
            };
            get(&paths)
        }
    }
}

#[allow(clippy::print_stderr)]
fn get(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let opts = Options::from_process()?;
    let mut failed = false;
    for path in paths {
        let report = modules::get(path, &opts)
            .with_context(|| format!("fetching the modules of `{}`", path.display()))?;
        let text = render(&report);
        if paths.len() > 1 {
            super::print_out(&format!("{}:\n{text}\n", path.display()))?;
        } else {
            super::print_out(&text)?;
        }
        for f in &report.failures {
            let l = &f.location;
            let file = if paths.len() > 1 {
                path.join(&l.file).display().to_string()
            } else {
                l.file.clone()
            };
            eprintln!("error: {file}:{}:{}: `{}`: {}", l.line, l.column, f.call, f.message);
        }
        failed |= !report.failures.is_empty();
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    if !report.modules.is_empty() {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(vec!["module", "source", "version", ""]);
        for m in &report.modules {
            let state = if m.downloaded { "downloaded" } else { "cached" };
            table.add_row(vec![m.call.as_str(), m.source.as_str(), m.version.as_str(), state]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    let cached = report.modules.iter().filter(|m| !m.downloaded).count();
    let failed = report.failures.len();
    out.push_str(&format!(
        "{} remote module call{}: {} downloaded, {} already cached{}",
        report.modules.len() + failed,
        if report.modules.len() + failed == 1 { "" } else { "s" },
        report.downloads,
        cached,
        if failed == 0 { String::new() } else { format!(", {failed} failed") }
    ));
    out
}
