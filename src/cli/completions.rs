//! `costplan completions bash|zsh|fish|powershell|elvish`: the shell completion script,
//! generated from the clap definition (so it always knows every command and flag), on standard
//! output. Install, e.g. bash: `costplan completions bash > ~/.local/share/bash-completion/completions/costplan`.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "costplan", &mut script);
    super::print_out(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
