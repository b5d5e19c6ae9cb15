//! Output flags shared by `estimate` and `render`: `--format`, `--out FORMAT=FILE` (several
//! formats in one run), `--show-skipped`, `--explain`; and the writing of the `--out` files.
//!
//! `--out FORMAT=FILE` is one implementation for every command that has it (`estimate`,
//! `render`, `diff`, `report`), generic over the command's format enum through [`OutFormat`]:
//! the same parsing, the same check that no two outputs write one file, the same messages, and
//! the same write (all files or none, through [`crate::safe_write`], all files before stdout).

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::Report;
use crate::render::{self, Format};
use crate::safe_write;

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Markdown,
    Html,
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// An output format `--out FORMAT=FILE` can name (the estimate formats, the diff formats, the
/// monthly report formats).
pub trait OutFormat: Copy + std::fmt::Display + Sized {
    fn from_name(name: &str) -> Option<Self>;
    fn names() -> Vec<&'static str>;
    /// The example in the "must look like" message.
    const EXAMPLE: &'static str;
}

impl OutFormat for Format {
    fn from_name(name: &str) -> Option<Self> {
        Format::from_name(name)
    }
    fn names() -> Vec<&'static str> {
        Format::ALL.iter().map(|f| f.name()).collect()
    }
    const EXAMPLE: &'static str = "html=estimate.html";
}

/// One `--out FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutSpec<F = Format> {
    pub format: F,
    pub path: PathBuf,
}

/// Parses `html=report.html` (clap value parser, so a bad value is a usage error).
pub fn parse_out(spec: &str) -> Result<OutSpec, String> {
    parse_out_as::<Format>(spec)
}

/// Parses `FORMAT=FILE` for any format family.
pub fn parse_out_as<F: OutFormat>(spec: &str) -> Result<OutSpec<F>, String> {
    let (name, path) = spec
        .split_once('=')
        .ok_or_else(|| format!("`{spec}` must look like FORMAT=FILE, e.g. {}", F::EXAMPLE))?;
    let format = F::from_name(name).ok_or_else(|| {
        format!("unknown format `{name}` (expected one of {})", F::names().join(", "))
    })?;
    if path.trim().is_empty() {
        return Err(format!("`{spec}` has no file name after `=`"));
    }
    Ok(OutSpec { format, path: PathBuf::from(path) })
}

/// Two `--out` to one file would silently keep only the last one. Paths are compared made
/// absolute, with `.` components and repeated separators removed (`r.md`, `./r.md`).
pub fn check_distinct<F: OutFormat>(outs: &[OutSpec<F>]) -> anyhow::Result<()> {
    let same = |a: &Path, b: &Path| match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    for (i, a) in outs.iter().enumerate() {
        if let Some(b) = outs[..i].iter().find(|b| same(&b.path, &a.path)) {
            return Err(super::usage(format!(
                "--out {}={} and --out {}={} write the same file: give each format its own file",
                b.format,
                b.path.display(),
                a.format,
                a.path.display()
            )));
        }
    }
    Ok(())
}

/// Writes every `--out` file (each whole or not at all), then prints `stdout` text.
pub fn write_all<F: OutFormat>(
    outs: &[OutSpec<F>],
    render: impl Fn(F) -> String,
    stdout: &str,
) -> anyhow::Result<()> {
    write_files(outs, render)?;
    super::print_out(stdout)
}

/// Writes every `--out` file, all or none (see [`crate::safe_write`]: a symbolic link is
/// followed and its target written, which is said on stderr; anything but a regular, writable
/// file is refused).
#[allow(clippy::print_stderr)]
fn write_files<F: OutFormat>(
    outs: &[OutSpec<F>],
    render: impl Fn(F) -> String,
) -> anyhow::Result<()> {
    let texts: Vec<String> = outs.iter().map(|out| render(out.format)).collect();
    let files: Vec<(&Path, &[u8])> =
        outs.iter().zip(&texts).map(|(out, text)| (out.path.as_path(), text.as_bytes())).collect();
    let written = safe_write::write_files(&files).context("writing the --out files")?;
    for w in written {
        if let Some(real) = w.through_link {
            eprintln!(
                "note: `{}` is a symbolic link: wrote the file it points to, `{}`",
                w.path.display(),
                real.display()
            );
        }
    }
    Ok(())
}

/// The output flags, shared by the commands that render a report.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Format printed on standard output.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Also write FORMAT to FILE (`--out html=estimate.html --out json=estimate.json`); each
    /// file is written whole or not at all. FORMAT is table, json, markdown, html or csv.
    #[arg(long = "out", value_name = "FORMAT=FILE", value_parser = parse_out)]
    pub outs: Vec<OutSpec>,
    /// List free and not-supported resources one by one (otherwise they are only counted).
    #[arg(long)]
    pub show_skipped: bool,
    /// Show how every derived quantity was computed, with its numbers, under its component.
    #[arg(long)]
    pub explain: bool,
}

/// Output settings resolved from the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSettings {
    pub stdout: Format,
    pub files: Vec<OutSpec>,
    pub options: render::Options,
}

impl OutputArgs {
    pub fn resolve(&self) -> anyhow::Result<OutputSettings> {
        check_distinct(&self.outs)?;
        Ok(OutputSettings {
            stdout: self.format.into(),
            files: self.outs.clone(),
            options: render::Options {
                show_skipped: self.show_skipped,
                explain: self.explain,
                width: None,
            },
        })
    }
}

/// Writes every `--out` file, then prints the `--format` output, fitted to the terminal's width
/// ([`super::terminal::width`]); files are never fitted.
pub fn emit(report: &Report, settings: &OutputSettings) -> anyhow::Result<()> {
    let shown = render::Options { width: super::terminal::width(), ..settings.options };
    write_all(
        &settings.files,
        |f| f.render(report, &settings.options),
        &settings.stdout.render(report, &shown),
    )
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use super::*;
    use crate::diff::DiffFormat;
    use crate::report::Format as ReportFormat;

    #[test]
    fn out_specs_parse_and_bad_ones_say_what_is_expected() {
        assert_eq!(
            parse_out("md=r.md"),
            Ok(OutSpec { format: Format::Markdown, path: PathBuf::from("r.md") })
        );
        assert!(parse_out("r.html").is_err_and(|e| e.contains("FORMAT=FILE")));
        assert!(parse_out("pdf=r.pdf").is_err_and(|e| e.contains("`pdf`")));
        assert!(parse_out("html=").is_err_and(|e| e.contains("no file name")));
    }

    /// The same checks and messages for every format family; `good` is a valid format name.
    fn bad_input_is_refused_alike<F: OutFormat + Debug + PartialEq>(good: &str, example: &str) {
        let names = F::names().join(", ");
        // Missing `=`.
        assert_eq!(
            parse_out_as::<F>("report.html"),
            Err(format!("`report.html` must look like FORMAT=FILE, e.g. {example}"))
        );
        // Unknown format, listing the family's own formats.
        assert_eq!(
            parse_out_as::<F>("pdf=r.pdf"),
            Err(format!("unknown format `pdf` (expected one of {names})"))
        );
        // No file name.
        assert_eq!(
            parse_out_as::<F>(&format!("{good}= ")),
            Err(format!("`{good}= ` has no file name after `=`"))
        );
        // Only the first `=` splits: a file name may hold one.
        let spec = parse_out_as::<F>(&format!("{good}=a=b.txt")).expect("valid");
        assert_eq!(spec.path, PathBuf::from("a=b.txt"));
        // Two outputs to one file, also spelt differently.
        let first = F::from_name(good).expect("a format of the family");
        let second = F::from_name(F::names()[1]).expect("a second format");
        let outs = |a: &str, b: &str| {
            vec![
                OutSpec { format: first, path: PathBuf::from(a) },
                OutSpec { format: second, path: PathBuf::from(b) },
            ]
        };
        let err = check_distinct(&outs("x.out", "./x.out")).expect_err("one file twice");
        assert_eq!(
            err.to_string(),
            format!(
                "--out {first}=x.out and --out {second}=./x.out write the same file: give each format its own file"
            )
        );
        assert!(check_distinct(&outs("dir/x.out", "dir//./x.out")).is_err());
        assert!(check_distinct(&outs("x.out", "y.out")).is_ok());
    }

    #[test]
    fn estimate_outs_refuse_bad_input() {
        bad_input_is_refused_alike::<Format>("html", "html=estimate.html");
    }

    #[test]
    fn diff_outs_refuse_bad_input() {
        bad_input_is_refused_alike::<DiffFormat>("markdown", "markdown=comment.md");
    }

    #[test]
    fn report_outs_refuse_bad_input() {
        bad_input_is_refused_alike::<ReportFormat>("html", "html=report.html");
    }

    #[test]
    fn every_file_is_written_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outs = vec![
            OutSpec { format: ReportFormat::Csv, path: dir.path().join("r.csv") },
            OutSpec { format: ReportFormat::Json, path: dir.path().join("r.json") },
        ];
        write_files(&outs, |f| format!("as {f}")).expect("written");
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).expect("read");
        assert_eq!((read("r.csv"), read("r.json")), ("as csv".into(), "as json".into()));
        // No temporary file left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
    }
}
