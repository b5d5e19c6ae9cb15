//! `costplan comment github --repo OWNER/NAME --pr N`: posts the markdown written by
//! `costplan diff --format markdown` (a file, or standard input) as costplan's pull-request
//! comment: updates the previous one in place (found by its hidden marker), or creates a new
//! one, or deletes the old ones first. The `github-comment` JSON (`{"body": ...}`) is accepted
//! too. Token from `GITHUB_TOKEN`, API base from `GITHUB_API_URL`. `--dry-run` prints what would
//! be posted (the body with its marker) and where, with no token and no request.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::github::{self, Behavior, Client, Posted, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub target: Platform,
}

#[derive(Debug, clap::Subcommand)]
pub enum Platform {
    /// Post or update the cost comment on a GitHub pull request. The token comes from
    /// GITHUB_TOKEN, the API base from GITHUB_API_URL (default https://api.github.com).
    Github(GithubArgs),
}

/// `--behavior` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BehaviorArg {
    /// Update costplan's latest comment in place, or create one.
    Update,
    /// Always add a new comment.
    New,
    /// Delete costplan's previous comments, then add a new one.
    DeleteAndNew,
}

#[derive(Debug, clap::Args)]
pub struct GithubArgs {
    /// The repository, OWNER/NAME.
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: String,
    /// The pull request number.
    #[arg(long, value_name = "N")]
    pub pr: u64,
    /// What to do with costplan's previous comment.
    #[arg(long, value_enum, default_value_t = BehaviorArg::Update)]
    pub behavior: BehaviorArg,
    /// The markdown to post (from `costplan diff --format markdown`); `-` or none: standard input.
    #[arg(long, value_name = "FILE")]
    pub path_to_markdown: Option<PathBuf>,
    /// Longest GitHub rate-limit wait to sit out before failing, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub max_rate_limit_wait: u64,
    /// Print what would be posted, and where, without a token or any request to GitHub.
    #[arg(long)]
    pub dry_run: bool,
}

/// The token: a GitHub Actions `GITHUB_TOKEN` or a personal token. Read from the environment
/// only, never a flag, so that it stays out of process listings and shell history.
pub const TOKEN_ENV: &str = "GITHUB_TOKEN";
/// The API base URL (GitHub Enterprise: `https://HOST/api/v3`); default `https://api.github.com`.
pub const API_URL_ENV: &str = "GITHUB_API_URL";

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Platform::Github(args) = args.target;
    let target = Target::new(&args.repo, args.pr)?;
    if args.dry_run {
        let body = read_body(args.path_to_markdown.as_deref())?;
        let what = match args.behavior {
            BehaviorArg::Update => "update costplan's comment in place (or create it)",
            BehaviorArg::New => "add a new comment",
            BehaviorArg::DeleteAndNew => "delete costplan's previous comments and add a new one",
        };
        let body = github::with_marker(&body);
        let len = body.chars().count();
        if len > crate::diff::render::markdown::GITHUB_COMMENT_LIMIT {
            return Err(github::GitHubError::TooLong { len }.into());
        }
        super::print_out(&format!(
            "dry run: would {what} on {}#{} ({} bytes):\n\n{body}",
            args.repo,
            args.pr,
            body.len()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let token = std::env::var(TOKEN_ENV).ok().filter(|t| !t.trim().is_empty()).context(
        "GITHUB_TOKEN is not set: export a token that may write pull-request comments (in GitHub Actions: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`)",
    )?;
    let api_url = std::env::var(API_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| github::DEFAULT_API_URL.to_string());
    let body = read_body(args.path_to_markdown.as_deref())?;
    let client = Client::new(&api_url, &token, Duration::from_secs(args.max_rate_limit_wait))?;
    let behavior = match args.behavior {
        BehaviorArg::Update => Behavior::Update,
        BehaviorArg::New => Behavior::New,
        BehaviorArg::DeleteAndNew => Behavior::DeleteAndNew,
    };
    let posted = github::post(&client, &target, &body, behavior)
        .with_context(|| format!("commenting on {}#{}", args.repo, args.pr))?;
    let line = match posted {
        Posted::Created { url } => format!("created comment {url}"),
        Posted::Updated { url } => format!("updated comment {url}"),
        Posted::Unchanged { url } => format!("comment unchanged {url}"),
        Posted::Replaced { deleted, url } => {
            format!("deleted {deleted} previous comment(s), created comment {url}")
        }
    };
    super::print_out(&line)?;
    Ok(ExitCode::SUCCESS)
}

/// The markdown from a file or standard input; the `github-comment` JSON gives its `body`.
fn read_body(path: Option<&std::path::Path>) -> anyhow::Result<String> {
    let text = match path {
        Some(p) if p.as_os_str() != "-" => {
            crate::input_file::read_to_string(p).context("reading the markdown")?
        }
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                anyhow::bail!(
                    "no markdown: give --path-to-markdown FILE or pipe `costplan diff --format markdown` into this command"
                );
            }
            crate::input_file::read_stdin_to_string()
                .context("reading the markdown from standard input")?
        }
    };
    if text.trim().is_empty() {
        anyhow::bail!("the markdown is empty: nothing to post");
    }
    if text.trim_start().starts_with('{')
        && let Ok(serde_json::Value::Object(o)) = serde_json::from_str(&text)
        && let Some(serde_json::Value::String(body)) = o.get("body")
    {
        return Ok(body.clone());
    }
    Ok(text)
}
