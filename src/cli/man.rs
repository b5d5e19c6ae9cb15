//! `costplan man [--dir DIR]`: the manual page, generated from the clap definition (the same
//! text as `--help`). Without `--dir`, `costplan(1)` on standard output (`costplan man | man -l -`);
//! with it, `costplan.1` and one `costplan-COMMAND.1` per command written into DIR (each file
//! whole or not at all).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write `costplan.1` and a `costplan-COMMAND.1` per command into this directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The page of `cmd` in roff.
fn page(cmd: clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).context("rendering the manual page")?;
    Ok(out)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let cmd = super::Cli::command();
    let Some(dir) = &args.dir else {
        super::print_out(&String::from_utf8_lossy(&page(cmd)?))?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut pages = vec![(dir.join("costplan.1"), page(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("costplan-{}", sub.get_name());
        let sub = sub.clone().name(name.clone());
        pages.push((dir.join(format!("{name}.1")), page(sub)?));
    }
    let files: Vec<(&std::path::Path, &[u8])> =
        pages.iter().map(|(p, b)| (p.as_path(), b.as_slice())).collect();
    crate::safe_write::write_files(&files).context("writing the manual pages")?;
    Ok(ExitCode::SUCCESS)
}
