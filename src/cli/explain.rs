//! `costplan explain CODE`: the documentation of a recommendation rule, in fixed sections.

use std::process::ExitCode;

use crate::advise;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rule code (`CP101`) or name (`fargate-spot`); `costplan explain list` lists every rule.
    pub code: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.code.eq_ignore_ascii_case("list") {
        let mut out = String::new();
        for r in advise::registry::RULES {
            out.push_str(&format!("{}  {}\n", r.code(), r.name()));
        }
        super::print_out(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rule = advise::rule(&args.code).map_err(|e| super::usage(e.to_string()))?;
    super::print_out(&advise::registry::explain(rule))?;
    Ok(ExitCode::SUCCESS)
}
