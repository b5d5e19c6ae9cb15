//! CLI tests: the exit code, standard output and standard error of whole `costplan` runs, as
//! snapshots, with temporary paths replaced by `[TMP]`.

use std::path::Path;

use assert_cmd::Command;

const REPORT: &str = "tests/fixtures/render/report.json";

/// Runs `costplan args` in the package directory and returns one text with the exit code,
/// stdout and stderr, temporary paths filtered out.
fn run(args: &[&str], tmp: Option<&Path>) -> String {
    let output = match Command::cargo_bin("costplan") {
        Ok(mut cmd) => cmd.args(args).env_remove("RUST_BACKTRACE").output(),
        Err(e) => panic!("costplan binary not built: {e}"),
    };
    let output = match output {
        Ok(o) => o,
        Err(e) => panic!("could not run costplan: {e}"),
    };
    let mut text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().map_or_else(|| "signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if let Some(tmp) = tmp {
        text = text.replace(&tmp.display().to_string(), "[TMP]");
    }
    text
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

mod render {
    use super::*;
    use costplan::model::Report;
    use costplan::render::{Format, Options};

    #[test]
    fn markdown_of_a_saved_report() {
        insta::assert_snapshot!(run(&["render", REPORT, "--format", "markdown"], None));
    }

    #[test]
    fn several_formats_in_one_run_are_written_whole() {
        let dir = tempdir();
        let html = dir.path().join("estimate.html");
        let csv = dir.path().join("estimate.csv");
        let out_html = format!("html={}", html.display());
        let out_csv = format!("csv={}", csv.display());
        let text = run(
            &["render", REPORT, "--format", "json", "--out", &out_html, "--out", &out_csv],
            Some(dir.path()),
        );
        let report = Report::from_json(&read(Path::new(REPORT))).ok();
        let Some(report) = report else { panic!("fixture does not parse") };
        assert!(text.starts_with("exit: 0\n"), "{text}");
        assert_eq!(read(&html), Format::Html.render(&report, &Options::default()));
        assert_eq!(read(&csv), Format::Csv.render(&report, &Options::default()));
        // stdout has the --format output.
        assert!(text.contains(r#""schema_version": 1"#), "{text}");
        // No temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .map(|d| d.filter_map(Result::ok).count())
            .into_iter()
            .collect();
        assert_eq!(left, vec![2]);
    }

    #[test]
    fn a_report_of_another_schema_version_is_refused() {
        let dir = tempdir();
        let path = dir.path().join("old.json");
        let text =
            read(Path::new(REPORT)).replacen(r#""schema_version": 1"#, r#""schema_version": 7"#, 1);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("{e}");
        }
        insta::assert_snapshot!(run(&["render", &path.display().to_string()], Some(dir.path())));
    }

    #[test]
    fn a_file_that_is_not_a_report_is_an_error() {
        let dir = tempdir();
        let path = dir.path().join("notes.json");
        if let Err(e) = std::fs::write(&path, "{\"hello\": ") {
            panic!("{e}");
        }
        insta::assert_snapshot!(run(&["render", &path.display().to_string()], Some(dir.path())));
    }

    #[test]
    fn a_missing_report_is_an_error() {
        let dir = tempdir();
        let path = dir.path().join("missing.json");
        insta::assert_snapshot!(run(&["render", &path.display().to_string()], Some(dir.path())));
    }

    #[test]
    fn a_bad_out_flag_is_a_usage_error() {
        insta::assert_snapshot!(run(&["render", REPORT, "--out", "pdf=estimate.pdf"], None));
    }

    #[test]
    fn two_outs_to_one_file_are_refused() {
        insta::assert_snapshot!(run(
            &["render", REPORT, "--out", "html=x.out", "--out", "csv=x.out"],
            None
        ));
    }
}

mod estimate {
    use super::*;

    /// The README's first command (debug build): prints a table with a total, the summary and
    /// the price sources; and --out writes the other formats in the same run.
    #[test]
    fn the_readme_command_estimates_the_example_and_writes_outputs() {
        let dir = tempdir();
        let json = dir.path().join("estimate.json");
        let html = dir.path().join("estimate.html");
        let out_json = format!("json={}", json.display());
        let out_html = format!("html={}", html.display());
        let text = run(
            &[
                "estimate",
                "--path",
                "examples/credlink",
                "--scenario",
                "scenarios/credlink-100k.yaml",
                "--out",
                &out_json,
                "--out",
                &out_html,
            ],
            Some(dir.path()),
        );
        assert!(text.starts_with("exit: 0\n"), "{text}");
        assert!(text.contains("\nTotal: "), "{text}");
        assert!(text.contains("resources estimated"), "{text}");
        assert!(text.contains("Prices: AWS list prices in USD"), "{text}");
        let report = costplan::model::Report::from_json(&read(&json));
        let Ok(report) = report else { panic!("--out json is not a report: {report:?}") };
        assert!(report.summary.estimated > 0);
        // Re-rendering the saved report gives what the estimate wrote.
        let again = costplan::render::Format::Html.render(&report, &Default::default());
        assert_eq!(read(&html), again);
    }

    #[test]
    fn a_bad_month_fails_before_reading_anything() {
        insta::assert_snapshot!(run(
            &["estimate", "--path", "examples/credlink", "--month", "2026-13"],
            None
        ));
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempdir();
        let path = dir.path().join("nowhere");
        insta::assert_snapshot!(run(
            &["estimate", "--path", &path.display().to_string()],
            Some(dir.path())
        ));
    }

    #[test]
    fn path_and_plan_are_exclusive() {
        insta::assert_snapshot!(run(&["estimate", "--path", "a", "--plan", "b.json"], None));
    }
}
