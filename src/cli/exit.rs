//! Exit codes, usage errors, and the one-line error message, for every command alike.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | ok |
//! | 1 | error: a file, the network, AWS, or the configuration could not give an answer |
//! | 2 | usage: a flag value or a combination of flags the command cannot take (clap's own parse errors, and [`UsageError`]s raised after parsing) |
//! | 3 | a guardrail tripped (`--budget`, `--fail-on-increase`) |
//!
//! A flag whose value alone decides whether it is valid (`--month`, `--var`, `--requests`) is
//! checked by a clap value parser ([`month_arg`], [`var_arg`], [`requests_arg`]); what needs
//! several flags at once (`report` without `--month`, two `--out` to one file) returns a
//! [`UsageError`] from the handler. Both exit 2.

use std::process::ExitCode;

/// Exit code of a run that went wrong.
pub const EXIT_ERROR: u8 = 1;
/// Exit code of a command line the command cannot take.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of a tripped guardrail (budget or cost increase limit).
pub const EXIT_GUARDRAIL: u8 = 3;

/// A mistake in the command line, found after clap parsed it: the run exits 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] as an `anyhow` error.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// The exit code of a failed run: 2 when a [`UsageError`] is anywhere in the chain, else 1.
pub fn code_of(err: &anyhow::Error) -> ExitCode {
    if err.chain().any(|c| c.is::<UsageError>()) {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}

/// The error and its causes on one line, `: `-separated, leaving out a cause whose text the
/// line already holds (an error that prints its source in its own message, as `cannot read
/// `x`: No such file or directory` does, would otherwise say it twice).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// `--month`: `YYYY-MM` of a real month (clap value parser).
pub fn month_arg(text: &str) -> Result<String, String> {
    let bad = || format!("`{text}` is not a month: write YYYY-MM, e.g. 2026-10");
    if text.len() != 7 {
        return Err(bad());
    }
    crate::actuals::DateRange::month(text).map(|_| text.to_string())
}

/// `--var`: `NAME=VALUE` with a name (clap value parser).
pub fn var_arg(text: &str) -> Result<String, String> {
    match text.split_once('=') {
        Some((name, _)) if !name.trim().is_empty() => Ok(text.to_string()),
        Some(_) => Err(format!("`{text}` has no variable name before `=`: write NAME=VALUE")),
        None => Err(format!(
            "`{text}` must look like NAME=VALUE, e.g. --var {text}=3 (a value file goes in --var-file)"
        )),
    }
}

/// `--requests`: a request rate costplan can count (`100k`, `2.5M`, `50/s`) (clap value parser).
pub fn requests_arg(text: &str) -> Result<String, String> {
    crate::usage::Rate::parse(text).map(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_anywhere_in_the_chain() {
        let err = usage("give --month").context("report");
        assert_eq!(code_of(&err), ExitCode::from(EXIT_USAGE));
        assert_eq!(code_of(&anyhow::anyhow!("disk full")), ExitCode::from(EXIT_ERROR));
    }

    #[test]
    fn a_cause_already_in_the_message_is_said_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read `x`: {source}")]
        struct Read {
            source: std::io::Error,
        }
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        let err = anyhow::Error::new(Read { source: io }).context("loading");
        assert_eq!(one_line(&err), "loading: cannot read `x`: No such file or directory");
    }

    #[test]
    fn flag_values_are_checked() {
        assert_eq!(month_arg("2026-10"), Ok("2026-10".into()));
        for bad in ["2026-13", "2026-1", "October", "2026/10"] {
            assert!(month_arg(bad).is_err_and(|e| e.contains("is not a month")), "{bad}");
        }
        assert_eq!(var_arg("n=3"), Ok("n=3".into()));
        assert!(var_arg("desired_count").is_err_and(|e| e.contains("NAME=VALUE")));
        assert!(var_arg("=3").is_err_and(|e| e.contains("no variable name")));
        assert_eq!(requests_arg("100k"), Ok("100k".into()));
        assert!(requests_arg("lots").is_err());
    }
}
