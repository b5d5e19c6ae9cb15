//! `costplan diff --base DIR|GIT_REF|REPORT`: the monthly cost delta of a change, project by
//! project and resource by resource, with guardrails (`--fail-on-increase`, `--budget`: exit
//! code 3 and a one-line reason).
//!
//! Both sides take the same estimate options ([`EstimateArgs`]); the base side's paths (the
//! project directory, var files, usage file, scenario file, `costplan.yml`) are the same paths
//! mapped into the base ([`Rebase`]), falling back to the working-tree file when a var, usage or
//! scenario file does not exist in the base. A project directory missing from the base makes
//! that project all-added; missing from the change, all-removed. Every project of both sides
//! runs in one parallel pool over one price catalog.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::inputs::{EstimateArgs, ProjectInputs, Shared, dir_name};
use super::output::{self, OutFormat, OutSpec};
use crate::config::Config;
use crate::diff::base::{self, BaseSpec, Checkout, Rebase};
use crate::diff::{Budget, DiffFormat, Guardrails, IncreaseLimit, OnUnknown};
use crate::model::Report;
use crate::pipeline::Request;
use crate::projects;

impl OutFormat for DiffFormat {
    fn from_name(name: &str) -> Option<Self> {
        DiffFormat::from_name(name)
    }
    fn names() -> Vec<&'static str> {
        DiffFormat::ALL.iter().map(|f| f.name()).collect()
    }
    const EXAMPLE: &'static str = "markdown=comment.md";
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Diff,
    Json,
    Markdown,
    GithubComment,
}

impl From<FormatArg> for DiffFormat {
    fn from(f: FormatArg) -> DiffFormat {
        match f {
            FormatArg::Diff => DiffFormat::Diff,
            FormatArg::Json => DiffFormat::Json,
            FormatArg::Markdown => DiffFormat::Markdown,
            FormatArg::GithubComment => DiffFormat::GithubComment,
        }
    }
}

/// `--on-unknown` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnUnknownArg {
    /// A guardrail that unknown costs could trip fails (exit code 3).
    Fail,
    /// A guardrail that unknown costs could trip is "not proven": a warning, exit code 0.
    Warn,
    /// Guardrails count known costs only.
    Ignore,
}

impl From<OnUnknownArg> for OnUnknown {
    fn from(a: OnUnknownArg) -> OnUnknown {
        match a {
            OnUnknownArg::Fail => OnUnknown::Fail,
            OnUnknownArg::Warn => OnUnknown::Warn,
            OnUnknownArg::Ignore => OnUnknown::Ignore,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to compare with: a directory (the base version of `--path`, or of the directory
    /// holding `--config`), a report saved with `estimate --format json`, or a git ref
    /// (`main`, `origin/main`, `HEAD~1`, a SHA) materialised without touching the working tree.
    #[arg(long, value_name = "DIR|GIT_REF|REPORT")]
    pub base: String,
    #[command(flatten)]
    pub estimate: EstimateArgs,
    /// Format printed on standard output.
    #[arg(long, value_enum, default_value_t = FormatArg::Diff)]
    pub format: FormatArg,
    /// Also write FORMAT to FILE (`--out markdown=comment.md --out json=diff.json`); each file is
    /// written whole or not at all. FORMAT is diff, json, markdown or github-comment.
    #[arg(long = "out", value_name = "FORMAT=FILE", value_parser = output::parse_out_as::<DiffFormat>)]
    pub outs: Vec<OutSpec<DiffFormat>>,
    /// Exit with code 3 when the monthly total rises by more than this: an amount in USD
    /// (`50`) or a percentage of the base (`10%`).
    #[arg(long, value_name = "AMOUNT|PCT")]
    pub fail_on_increase: Option<IncreaseLimit>,
    /// Exit with code 3 when the proposed monthly total is over this amount in USD.
    #[arg(long, value_name = "AMOUNT")]
    pub budget: Option<Budget>,
    /// What a guardrail does when it holds on known costs but costs not known (price not
    /// found, usage unknown, resource not supported) could trip it.
    #[arg(long, value_enum, default_value_t = OnUnknownArg::Warn)]
    pub on_unknown: OnUnknownArg,
}

/// The base side: its requests and what must live until they ran.
struct BaseSide {
    requests: Vec<Request>,
    /// A saved report, used instead of running anything.
    report: Option<Report>,
    /// Keeps a git checkout until the base has been estimated.
    _checkout: Option<Checkout>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let result = run_diff(args);
    // Whatever the outcome, an interrupt wins: an error it caused (a checkout removed under the
    // estimate, a git killed by the same Ctrl-C) is not the run's outcome.
    if let Some((code, _held)) = base::take_interrupt() {
        std::process::exit(i32::from(code));
    }
    result
}

fn run_diff(args: Args) -> anyhow::Result<ExitCode> {
    output::check_distinct(&args.outs)?;
    let guardrails = Guardrails {
        fail_on_increase: args.fail_on_increase,
        budget: args.budget,
        on_unknown: args.on_unknown.into(),
    };
    let est = &args.estimate;
    let shared = est.shared()?;
    let config = est.load_config()?;
    let proposed_inputs = match &config {
        Some(c) => est.config_projects(c),
        None => {
            let mut single = est.single();
            // Both sides carry the same name and shown path, whatever directory they ran in.
            if let Some(path) = &single.path {
                single.name = Some(dir_name(path));
                single.shown_path = Some(path.display().to_string());
            }
            vec![single]
        }
    };
    let proposed: Vec<Request> =
        proposed_inputs.iter().map(|p| p.request(&shared)).collect::<anyhow::Result<_>>()?;

    install_interrupt_cleanup();
    let base = base_side(&args, config.as_ref(), &proposed_inputs, &shared)?;

    let catalog = est.pricing.load()?;
    let all: Vec<Request> = base.requests.iter().chain(&proposed).cloned().collect();
    let mut results = projects::run_all(&all, &catalog, projects::default_threads()).into_iter();
    let mut side = |requests: &[Request], what: &str| -> anyhow::Result<Vec<Report>> {
        let mut out = Vec::with_capacity(requests.len());
        for request in requests {
            let result = results.next().context("a project did not run")?;
            let name = &request.options.project_name;
            out.push(result.with_context(|| format!("{what}: project `{name}`"))?);
        }
        Ok(out)
    };
    let base_reports = side(&base.requests, &format!("base `{}`", args.base))?;
    let proposed_reports = side(&proposed, "proposed")?;
    drop(base._checkout);

    // The same inputs on both sides (they came from the same flags, and paths mapped into the
    // base would only differ by the checkout's place), but the workspace each single project
    // was evaluated in: a base checkout lacks the data directory that selects one.
    let inputs = |reports: &[Report]| {
        let mut inputs = est.config_inputs(&shared);
        if let [one] = reports {
            inputs.workspace.clone_from(&one.inputs.workspace);
        }
        inputs
    };
    let prior = match base.report {
        Some(r) => r,
        None => {
            let i = inputs(&base_reports);
            projects::merge(base_reports, i).with_context(|| format!("base `{}`", args.base))?
        }
    };
    let i = inputs(&proposed_reports);
    let current = projects::merge(proposed_reports, i).context("proposed")?;
    let mut diff = crate::diff::diff(&prior, &current);
    guardrails.apply(&mut diff);

    let stdout = DiffFormat::from(args.format).render(&diff);
    output::write_all(&args.outs, |f| f.render(&diff), &stdout)?;
    if let Some(g) = diff.tripped().next() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("costplan: guardrail {} tripped: {}", g.guardrail, g.message);
        }
        return Ok(ExitCode::from(super::EXIT_GUARDRAIL));
    }
    for g in diff.not_proven() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("costplan: guardrail {} not proven: {}", g.guardrail, g.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn base_side(
    args: &Args,
    config: Option<&Config>,
    proposed: &[ProjectInputs],
    shared: &Shared,
) -> anyhow::Result<BaseSide> {
    let est = &args.estimate;
    let spec = BaseSpec::classify(&args.base);
    if let BaseSpec::Report(file) = &spec {
        let text = crate::input_file::read_to_string(file).context("reading the base report")?;
        let report = Report::from_json(&text)
            .with_context(|| format!("base report `{}`", file.display()))?;
        return Ok(BaseSide { requests: Vec::new(), report: Some(report), _checkout: None });
    }
    if est.plan.is_some() {
        anyhow::bail!(
            "with --plan, --base must be a report saved with `costplan estimate --plan BASE.json --format json`"
        );
    }
    // The directory the base stands for: the config file's, or the project's.
    let root: PathBuf = match config {
        Some(c) => c.dir.clone(),
        None => proposed.first().and_then(|p| p.path.clone()).unwrap_or_else(|| ".".into()),
    };
    let (rebase, checkout) = match &spec {
        BaseSpec::Dir(dir) => (Rebase::new(&root, dir), None),
        BaseSpec::GitRef(reference) => {
            let checkout = base::checkout(&root, reference)?;
            (checkout.rebase(), Some(checkout))
        }
        BaseSpec::Report(_) => unreachable!("handled above"),
    };
    let mapped = |p: &Path, what: &str| -> anyhow::Result<PathBuf> {
        rebase.map(p).with_context(|| {
            format!(
                "{what} `{}` is outside `{}`, which --base stands for",
                p.display(),
                rebase.from.display()
            )
        })
    };
    // The base's own costplan.yml when it has one (a project added to the config in the change
    // is then all-added), else the change's projects at the same paths.
    let base_projects: Vec<ProjectInputs> = match config {
        Some(c) => {
            let file = mapped(&c.file, "--config")?;
            if file.is_file() {
                let base_config = Config::load(&file)
                    .with_context(|| format!("the base's `{}`", c.file.display()))?;
                est.config_projects(&base_config)
            } else {
                proposed.iter().map(|p| map_project(p, &rebase)).collect()
            }
        }
        None => proposed.iter().map(|p| map_project(p, &rebase)).collect(),
    };
    let mut requests = Vec::new();
    for p in base_projects {
        // A project whose directory is not in the base is all-added.
        if p.path.as_ref().is_some_and(|d| !d.is_dir()) {
            continue;
        }
        requests.push(p.request(shared)?);
    }
    Ok(BaseSide { requests, report: None, _checkout: checkout })
}

/// A proposed project's inputs with every path mapped into the base; var, usage and scenario
/// files missing from the base are taken from the working tree.
fn map_project(p: &ProjectInputs, rebase: &Rebase) -> ProjectInputs {
    let file = |f: &Path| match rebase.map(f) {
        Some(m) if m.is_file() => m,
        _ => f.to_path_buf(),
    };
    let mut out = p.clone();
    out.path = p.path.as_ref().map(|d| rebase.map(d).unwrap_or_else(|| d.clone()));
    out.var_files = p.var_files.iter().map(|f| file(f)).collect();
    out.usage_file = p.usage_file.as_deref().map(file);
    out.scenario = p.scenario.as_ref().map(|s| {
        let path = Path::new(s);
        if path.is_file() { file(path).display().to_string() } else { s.clone() }
    });
    out
}

/// On Ctrl-C (SIGINT) or SIGTERM, remove the temporary base checkouts, then exit with 128 +
/// the signal number (130, 143). The handler itself only records the interrupt
/// ([`base::INTERRUPT`]); a thread then removes the checkouts and exits, unless git is writing
/// into one, in which case the thread running git stops after it and [`run`] exits.
fn install_interrupt_cleanup() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        let code = exit_code(signal);
        if signal_hook::flag::register_usize(signal, &base::INTERRUPT, code.into()).is_err() {
            return;
        }
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if let Some(_held) = base::on_interrupt(exit_code(signal)) {
                std::process::exit(i32::from(exit_code(signal)));
            }
        }
    });
}

/// The shell's convention: 128 + the signal number.
fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(130)
}
