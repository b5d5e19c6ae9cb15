//! CLI tests: the exit code, standard output and standard error of whole `costplan` runs, as
//! snapshots, with temporary paths replaced by `[TMP]`.

use std::path::Path;

use assert_cmd::Command;

const REPORT: &str = "tests/fixtures/render/report.json";

/// Runs `costplan args` in the package directory and returns one text with the exit code,
/// stdout and stderr, temporary paths filtered out.
fn run(args: &[&str], tmp: Option<&Path>) -> String {
    run_env(args, tmp, &[])
}

/// [`run`] with `env` set after the developer's environment is cleared.
fn run_env(args: &[&str], tmp: Option<&Path>, env: &[(&str, &str)]) -> String {
    let output = match Command::cargo_bin("costplan") {
        Ok(mut cmd) => {
            // No AWS, Terraform or costplan settings from the developer's environment, no HOME
            // and no user pricing cache (as `pricing_refresh::common::refresh`).
            for (k, _) in std::env::vars_os() {
                let k = k.to_string_lossy().into_owned();
                if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
                    cmd.env_remove(&k);
                }
            }
            // Nor the terminal's width or colour settings (each test sets the ones it needs).
            for k in ["COLUMNS", "NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
                cmd.env_remove(k);
            }
            cmd.env("HOME", "/nonexistent/costplan-test/home")
                .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
                .envs(env.iter().copied())
                .args(args)
                .env_remove("RUST_BACKTRACE")
                .output()
        }
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

/// The standard output part of a [`run`] text.
fn stdout(text: &str) -> &str {
    text.split_once("--- stdout\n")
        .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
        .map(|(out, _)| out)
        .unwrap_or_default()
}

/// `costplan estimate --path DIR --format json ARGS`, which must exit 0, as a report.
fn json_report(dir: &str, args: &[&str]) -> costplan::model::Report {
    let mut all = vec!["estimate", "--path", dir, "--format", "json"];
    all.extend_from_slice(args);
    let text = run(&all, None);
    assert!(text.starts_with("exit: 0\n"), "{text}");
    let json = stdout(&text);
    costplan::model::Report::from_json(json).unwrap_or_else(|e| panic!("not a report: {e}\n{text}"))
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

    /// `--out` to anything but a regular file (a FIFO, a directory, a socket) is refused before
    /// any file is written, and the thing stays what it was.
    #[cfg(unix)]
    #[test]
    fn out_refuses_targets_that_are_not_regular_files() {
        let dir = tempdir();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let sub = dir.path().join("sub");
        if let Err(e) = std::fs::create_dir(&sub) {
            panic!("{e}");
        }
        let socket = dir.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket);
        let html = dir.path().join("r.html");
        for (target, kind) in
            [(&fifo, "a named pipe (FIFO)"), (&sub, "a directory"), (&socket, "a socket")]
        {
            // The good file first: it is not written either.
            let out_html = format!("html={}", html.display());
            let out_bad = format!("csv={}", target.display());
            let text =
                run(&["render", REPORT, "--out", &out_html, "--out", &out_bad], Some(dir.path()));
            assert!(text.starts_with("exit: 1\n"), "{text}");
            let shown =
                target.display().to_string().replace(&dir.path().display().to_string(), "[TMP]");
            assert!(text.contains(&format!("`{shown}` is {kind}, not a regular file")), "{text}");
            assert!(!html.exists(), "{text}");
            let meta = std::fs::symlink_metadata(target);
            assert!(meta.is_ok_and(|m| !m.file_type().is_file()), "{text}");
        }
    }

    /// `--out` to a symbolic link writes the file it points to, keeps the link, and says so.
    #[cfg(unix)]
    #[test]
    fn out_through_a_symlink_writes_its_target() {
        let dir = tempdir();
        let real = dir.path().join("real.html");
        let link = dir.path().join("link.html");
        if let Err(e) =
            std::fs::write(&real, "old").and_then(|()| std::os::unix::fs::symlink(&real, &link))
        {
            panic!("{e}");
        }
        let out = format!("html={}", link.display());
        let text = run(&["render", REPORT, "--out", &out], Some(dir.path()));
        assert!(text.starts_with("exit: 0\n"), "{text}");
        assert!(text.contains("`[TMP]/link.html` is a symbolic link"), "{text}");
        assert!(read(&real).contains("<html"), "the target is written");
        let meta = std::fs::symlink_metadata(&link);
        assert!(meta.is_ok_and(|m| m.file_type().is_symlink()), "{text}");
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

    /// A saved report of one project `edge` whose only cost is known: $10.00 a month of
    /// Amazon VPC, nothing unknown (written by hand, not by costplan).
    fn exact_report(currency: &str, schema_version: u32) -> String {
        let totals = r#"{"monthly": "10.00", "upfront": "0", "by_service": {"AmazonVPC": "10.00"},
            "by_resource": {}}"#;
        let summary = r#"{"resources": 0, "estimated": 0, "free": 0, "not_supported": 0,
            "price_not_found": 0, "usage_unknown": 0, "modules_not_loaded": 0}"#;
        format!(
            r#"{{"schema_version": {schema_version}, "currency": "{currency}",
            "hours_per_month": "730", "inputs": {{"free_tier": false}}, "pricing_sources": [],
            "projects": [{{"name": "edge", "resources": [], "totals": {totals},
            "summary": {summary}}}], "totals": {totals}, "summary": {summary}, "warnings": []}}"#
        )
    }

    /// Writes `text` to `dir/name` and returns the path as an argument.
    fn saved(dir: &Path, name: &str, text: &str) -> String {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("{e}");
        }
        path.display().to_string()
    }

    /// `costplan render a b` of two reports saved as `(file name, text)`, temporary paths as
    /// `[TMP]`.
    fn render_two(a: (&str, &str), b: (&str, &str)) -> String {
        let dir = tempdir();
        let a = saved(dir.path(), a.0, a.1);
        let b = saved(dir.path(), b.0, b.1);
        run(&["render", &a, &b], Some(dir.path()))
    }

    fn json_of(output: &str) -> serde_json::Value {
        let body = output.split("--- stdout\n").nth(1).and_then(|o| o.split("--- stderr").next());
        match serde_json::from_str(body.unwrap_or_default()) {
            Ok(v) => v,
            Err(e) => panic!("not JSON ({e}): {output}"),
        }
    }

    #[test]
    fn several_reports_are_combined_and_a_total_over_an_at_least_is_at_least() {
        let dir = tempdir();
        let a = saved(dir.path(), "a.json", &read(Path::new(REPORT)));
        let b = saved(dir.path(), "b.json", &exact_report("USD", 1));
        let out = run(&["render", &a, &b, "--format", "json"], Some(dir.path()));
        assert!(out.starts_with("exit: 0"), "{out}");
        let json = json_of(&out);
        // The fixture's total (its `totals.monthly`, 111.82220574875, with 1 price not found, 1
        // usage unknown and 1 resource not supported) + the exact report's 10.00 = 121.82220574875.
        let monthly: rust_decimal::Decimal =
            json["totals"]["monthly"].as_str().unwrap_or_default().parse().unwrap_or_default();
        assert_eq!(monthly, rust_decimal_macros::dec!(121.82220574875), "{out}");
        // Amazon VPC appears in the second report only: 10.00; Amazon RDS in the first only.
        assert_eq!(json["totals"]["by_service"]["AmazonVPC"], "10.00", "{out}");
        assert_eq!(json["totals"]["by_service"]["AmazonRDS"], "30.880", "{out}");
        // The unknowns of the first report are kept.
        assert_eq!(json["summary"]["price_not_found"], 1, "{out}");
        assert_eq!(json["summary"]["usage_unknown"], 1, "{out}");
        assert_eq!(json["summary"]["not_supported"], 1, "{out}");
        let names: Vec<&str> = json["projects"]
            .as_array()
            .map(|ps| ps.iter().filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["main", "edge"], "{out}");

        // In the table: $121.82 (rounded to cents), "at least", and what it leaves out.
        let table = run(&["render", &a, &b], Some(dir.path()));
        assert!(
            table.contains(
                "Total: at least $121.82 per month (not included: 1 price not found, 1 usage \
                 unknown, 1 resource not supported; see below)"
            ),
            "{table}"
        );
    }

    #[test]
    fn reports_that_are_all_exact_combine_into_an_exact_total_and_names_stay_apart() {
        let exact = exact_report("USD", 1);
        let out = render_two(("b.json", &exact), ("c.json", &exact));
        // 10.00 + 10.00 = 20.00, nothing unknown: no "at least".
        assert!(out.contains("Total: $20.00 per month\n"), "{out}");
        assert!(!out.contains("at least"), "{out}");
        // Two projects named `edge`: the second is told apart by its file.
        assert!(out.contains("Project: edge\n"), "{out}");
        assert!(out.contains("Project: edge ([TMP]/c.json)\n"), "{out}");
    }

    #[test]
    fn reports_that_cannot_be_combined_are_refused_naming_the_file() {
        let cases = [
            // Another currency: both files named.
            (
                "e.json",
                exact_report("EUR", 1),
                "`[TMP]/e.json` is in EUR but `[TMP]/b.json` is in USD",
            ),
            // Another schema version: the file and the version named.
            ("old.json", exact_report("USD", 7), "reading report `[TMP]/old.json`"),
            ("old.json", exact_report("USD", 7), "schema version `7`"),
        ];
        for (name, second, expected) in cases {
            let out = render_two(("b.json", &exact_report("USD", 1)), (name, &second));
            assert!(out.starts_with("exit: 1"), "{out}");
            assert!(out.contains(expected), "{expected}: {out}");
        }
    }

    #[test]
    fn standard_input_given_twice_is_refused() {
        let out = run(&["render", "-", "-"], None);
        assert!(out.starts_with("exit: 1"), "{out}");
        assert!(out.contains("standard input (`-`) is given twice"), "{out}");
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

    /// Lines wider than `max` characters (not bytes: the tree is drawn with `├─`).
    fn too_wide(text: &str, max: usize) -> Vec<&str> {
        text.lines().filter(|l| l.chars().count() > max).collect()
    }

    #[test]
    fn the_table_fits_an_80_column_terminal_and_keeps_every_column_and_amount() {
        let args = ["estimate", "--path", "examples/credlink", "--scenario", "credlink-100k"];
        let wide = run(&args, None);
        let narrow = run_env(&args, None, &[("COLUMNS", "80")]);
        assert!(narrow.starts_with("exit: 0"), "{narrow}");
        // Piped with no COLUMNS, nothing is wrapped (the credlink table is wider than 80).
        assert!(!too_wide(&wide, 80).is_empty(), "{wide}");
        assert_eq!(too_wide(&narrow, 80), Vec::<&str>::new(), "{narrow}");
        // At 80 columns every column is kept.
        let header = narrow.lines().find(|l| l.starts_with("Name")).unwrap_or_default();
        for column in ["Monthly qty", "Unit", "Price", "Monthly cost"] {
            assert!(header.contains(column), "{header}");
        }
        // Wrapping moves text, never drops it: every amount, in the same order, and the same
        // characters (tree drawing and spaces aside).
        let amounts = |t: &str| -> Vec<String> {
            t.split_whitespace().filter(|w| w.contains('$')).map(str::to_string).collect()
        };
        assert_eq!(amounts(&narrow), amounts(&wide));
        let chars = |t: &str| {
            let mut c: Vec<char> = t
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '│' | '├' | '└' | '─'))
                .collect();
            c.sort_unstable();
            c
        };
        assert_eq!(chars(&narrow), chars(&wide));
    }

    #[test]
    fn resources_fits_80_columns_in_the_style_of_the_estimate() {
        let args = ["resources", "--path", "examples/credlink"];
        let text = run_env(&args, None, &[("COLUMNS", "80")]);
        assert!(text.starts_with("exit: 0"), "{text}");
        assert_eq!(too_wide(&text, 80), Vec::<&str>::new(), "{text}");
        // No boxes and no pipes: a header underlined with `─`, as the estimate's.
        assert!(!text.contains('│') && !text.contains('┌') && !text.contains('|'), "{text}");
        assert!(text.contains("\n──"), "{text}");
    }

    #[test]
    fn colour_follows_no_color_and_clicolor_force() {
        // Tables are plain text; the colour is clap's in usage errors (exit 2).
        let forced = run_env(&["nope"], None, &[("CLICOLOR_FORCE", "1")]);
        assert!(forced.starts_with("exit: 2"), "{forced}");
        assert!(forced.contains("\u{1b}["), "CLICOLOR_FORCE=1 colours even piped: {forced}");
        let plain = run_env(&["nope"], None, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
        assert!(!plain.contains('\u{1b}'), "NO_COLOR=1 wins: {plain}");
        let estimate = run_env(
            &["estimate", "--path", "examples/credlink", "--scenario", "credlink-100k"],
            None,
            &[("CLICOLOR_FORCE", "1")],
        );
        assert!(!estimate.contains('\u{1b}'), "tables never carry escape codes: {estimate}");
    }

    #[test]
    fn a_very_narrow_terminal_drops_the_price_column_first() {
        let args = ["estimate", "--path", "examples/credlink", "--scenario", "credlink-100k"];
        let text = run_env(&args, None, &[("COLUMNS", "60")]);
        assert!(text.starts_with("exit: 0"), "{text}");
        assert_eq!(too_wide(&text, 60), Vec::<&str>::new(), "{text}");
        let header = text.lines().find(|l| l.starts_with("Name")).unwrap_or_default();
        assert!(!header.contains("Price"), "{header}");
        assert!(header.contains("Monthly cost"), "{header}");
    }

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

    /// A resource costplan does not price and a module it could not load are not in the total:
    /// every headline says "at least" and names them, not only the warnings below.
    #[test]
    fn the_total_is_a_lower_bound_when_a_resource_or_module_is_left_out() {
        let dir = tempdir();
        let tf = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}
"#;
        if let Err(e) = std::fs::write(dir.path().join("main.tf"), tf) {
            panic!("{e}");
        }
        let path = dir.path().display().to_string();
        // The only priced cost: one public IPv4 address, $0.005 an hour in us-east-1 (VPC
        // pricing page, "In-use public IPv4 address"), 730 hours = $3.65.
        let headline = "at least $3.65 per month (not included: 1 resource not supported, \
                        1 module not loaded; see below)";
        let text = run(&["estimate", "--path", &path], Some(dir.path()));
        assert!(text.starts_with("exit: 0\n"), "{text}");
        assert!(text.contains(&format!("\nTotal: {headline}\n")), "{text}");
        let md = run(&["estimate", "--path", &path, "--format", "markdown"], Some(dir.path()));
        assert!(md.contains(&format!("**Total: {headline}**")), "{md}");
        let html = run(&["estimate", "--path", &path, "--format", "html"], Some(dir.path()));
        assert!(html.contains("<title>Cost estimate: at least $3.65</title>"), "{html}");
        let json = run(&["estimate", "--path", &path, "--format", "json"], Some(dir.path()));
        let body = json.split("--- stdout\n").nth(1).and_then(|s| s.split("--- stderr").next());
        let report = costplan::model::Report::from_json(body.unwrap_or_default());
        let Ok(report) = report else { panic!("not a report: {json}") };
        assert_eq!(report.summary.not_supported, 1);
        assert_eq!(report.summary.modules_not_loaded, 1);
        assert_eq!(report.totals.monthly, rust_decimal_macros::dec!(3.65));
    }
}

/// `costplan estimate --usage-file F`: an Infracost usage file over the credlink example.
mod usage_file {
    use super::*;
    use costplan::model::{Component, Report};

    /// Writes `text` as `usage.yml` in `dir` and runs the credlink estimate with it.
    fn estimate_with(dir: &Path, text: &str, extra: &[&str]) -> String {
        let file = dir.join("usage.yml");
        if let Err(e) = std::fs::write(&file, text) {
            panic!("writing {}: {e}", file.display());
        }
        let file = file.display().to_string();
        let mut args = vec![
            "estimate",
            "--path",
            "examples/credlink",
            "--scenario",
            "scenarios/credlink-100k.yaml",
            "--usage-file",
            &file,
        ];
        args.extend_from_slice(extra);
        run(&args, Some(dir))
    }

    fn component<'a>(report: &'a Report, address: &str, name: &str) -> &'a Component {
        let resource = report.resources().find(|r| r.address == address);
        let Some(resource) = resource else { panic!("{address} not in the report") };
        let found = resource.all_components().find(|c| c.name == name);
        found.unwrap_or_else(|| panic!("{address} has no component `{name}`"))
    }

    #[test]
    fn values_override_the_scenario_and_name_the_file_and_line() {
        let dir = tempdir();
        let text = estimate_with(
            dir.path(),
            "version: 0.1\nresource_usage:\n  aws_ecs_cluster.this:\n    custom_metrics: 32\n    \
             monthly_data_ingested_gb: 0.5\n  aws_lb.api:\n    monthly_outbound_internet_gb: 150\n",
            &["--format", "json"],
        );
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let report = Report::from_json(stdout(&text));
        let Ok(report) = report else { panic!("not a report: {report:?}") };
        // Container Insights, usage unknown without the file, is now priced from it.
        let metrics = component(&report, "aws_ecs_cluster.this", "Custom metrics");
        assert_eq!(metrics.quantity, Some(rust_decimal::Decimal::from(32)));
        assert_eq!(metrics.monthly_cost, Some(rust_decimal::Decimal::new(96, 1)));
        assert!(
            metrics.formula.as_deref().unwrap_or_default().contains("[TMP]/usage.yml:4"),
            "{:?}",
            metrics.formula
        );
        let logs = component(&report, "aws_ecs_cluster.this", "Performance log events ingested");
        assert_eq!(logs.monthly_cost, Some(rust_decimal::Decimal::new(25, 2)));
        assert!(
            logs.formula.as_deref().unwrap_or_default().contains("[TMP]/usage.yml:5"),
            "{:?}",
            logs.formula
        );
        // An explicit value beats the scenario's derived one.
        let egress = component(&report, "aws_lb.api", "Data transfer out to the internet");
        assert_eq!(egress.quantity, Some(rust_decimal::Decimal::from(150)));
        assert!(
            egress.formula.as_deref().unwrap_or_default().contains("[TMP]/usage.yml:7"),
            "{:?}",
            egress.formula
        );
        assert_eq!(report.summary.usage_unknown, 0, "{:?}", report.summary);
    }

    /// A usage value costplan does not price is never dropped silently: the resource gets a
    /// "not priced" line (no cost, price not found), is incomplete, and the total says it leaves
    /// it out; what is priced is unchanged. The value is a key of Infracost's that costplan does
    /// not read (`monthly_cpu_credit_hrs`, CPU credits of burstable database classes).
    #[test]
    fn a_usage_value_costplan_does_not_price_makes_the_total_a_lower_bound() {
        let dir = tempdir();
        let report_of = |text: &str| {
            let out = estimate_with(dir.path(), text, &["--format", "json"]);
            assert!(out.starts_with("exit: 0\n"), "{out}");
            let json = out
                .split_once("--- stdout\n")
                .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
                .map(|(out, _)| out.to_string())
                .unwrap_or_default();
            Report::from_json(&json).unwrap_or_else(|e| panic!("not a report: {e}\n{out}"))
        };
        let plain = report_of("version: 0.1\n");
        let with = report_of(
            "version: 0.1\nresource_usage:\n  aws_db_instance.this:\n    monthly_cpu_credit_hrs: 200\n",
        );
        let line = component(
            &with,
            "aws_db_instance.this",
            "monthly_cpu_credit_hrs (usage given, not priced by costplan)",
        );
        assert_eq!(line.id, "usage.not_priced");
        assert_eq!(
            (line.quantity, line.monthly_cost),
            (Some(rust_decimal::Decimal::from(200)), None)
        );
        assert!(
            matches!(line.price_status, costplan::model::PriceStatus::NotFound { .. }),
            "{line:?}"
        );
        assert!(
            line.formula.as_deref().unwrap_or_default().contains("[TMP]/usage.yml:4"),
            "{:?}",
            line.formula
        );
        let db = with.resources().find(|r| r.address == "aws_db_instance.this").expect("db");
        assert!(db.incomplete, "{db:?}");
        assert!(
            with.warnings.iter().any(|w| w.code == "usage-key-unknown"
                && w.message.contains("monthly_cpu_credit_hrs")
                && w.message.contains("not in the estimate")),
            "{:?}",
            with.warnings
        );
        assert_eq!(with.totals.monthly, plain.totals.monthly);
        assert_eq!(with.summary.price_not_found, plain.summary.price_not_found + 1);
        let table = estimate_with(
            dir.path(),
            "version: 0.1\nresource_usage:\n  aws_db_instance.this:\n    monthly_cpu_credit_hrs: 200\n",
            &[],
        );
        assert!(table.contains("Total: at least $"), "{table}");
    }

    #[test]
    fn a_key_typo_is_a_warning_with_file_line_and_suggestion() {
        let dir = tempdir();
        insta::assert_snapshot!(estimate_with(
            dir.path(),
            "version: 0.1\nresource_usage:\n  aws_ecs_cluster.this:\n    custom_metric: 32\n",
            &[],
        ));
    }

    #[test]
    fn wrong_types_are_errors_with_file_line_and_key() {
        let dir = tempdir();
        let cases = [
            ("a list", "    monthly_outbound_internet_gb: [1, 2]\n"),
            ("a word", "    monthly_outbound_internet_gb: lots\n"),
            ("a negative number", "    monthly_outbound_internet_gb: -5\n"),
            ("a map", "    monthly_outbound_internet_gb: {gb: 5}\n"),
        ];
        let mut all = String::new();
        for (what, line) in cases {
            let text = format!("version: 0.1\nresource_usage:\n  aws_lb.api:\n{line}");
            all.push_str(&format!("== {what}\n{}\n", estimate_with(dir.path(), &text, &[])));
        }
        // A misspelt top-level section is an error too, not an empty file.
        let text =
            "version: 0.1\nresource_usages:\n  aws_lb.api:\n    monthly_outbound_internet_gb: 5\n";
        all.push_str(&format!("== a misspelt section\n{}", estimate_with(dir.path(), text, &[])));
        insta::assert_snapshot!(all);
    }
}

/// The region a plan's resources are priced in when its provider configuration sets none.
mod plan_region {
    use super::*;
    use costplan::model::Report;

    fn priced_regions(env: &[(&str, &str)], extra: &[&str]) -> (Report, Vec<Option<String>>) {
        let mut args = vec!["estimate", "--plan", "tests/fixtures/plan/state.json"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--format", "json"]);
        let text = run_env(&args, None, env);
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let report = Report::from_json(stdout(&text));
        let Ok(report) = report else { panic!("not a report: {report:?}") };
        let regions = report.resources().map(|r| r.region.clone()).collect();
        (report, regions)
    }

    #[test]
    fn the_environment_and_profile_name_it_as_for_the_provider_and_the_flag_wins() {
        // AWS_REGION, as the provider would read it (was ignored for plans: us-east-1 assumed).
        let (report, regions) = priced_regions(&[("AWS_REGION", "eu-west-3")], &[]);
        assert_eq!(regions, [Some("eu-west-3".to_string()), Some("eu-west-3".to_string())]);
        assert!(
            report.warnings.iter().all(|w| w.code != "region-assumed"),
            "{:?}",
            report.warnings
        );
        // The default profile's region in the shared config file under HOME.
        let home = tempdir();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).expect("mkdir .aws");
        std::fs::write(aws.join("config"), "[default]\nregion = ap-northeast-1\n").expect("config");
        let home_dir = home.path().display().to_string();
        let (_, regions) = priced_regions(&[("HOME", &home_dir)], &[]);
        assert_eq!(
            regions,
            [Some("ap-northeast-1".to_string()), Some("ap-northeast-1".to_string())]
        );
        // `--region` stands in for the environment and comes first.
        let (_, regions) =
            priced_regions(&[("AWS_REGION", "eu-west-3")], &["--region", "eu-central-1"]);
        assert_eq!(regions, [Some("eu-central-1".to_string()), Some("eu-central-1".to_string())]);
        // Nothing: priced in the assumed region, and the report says so, naming the resources.
        let (report, regions) = priced_regions(&[], &[]);
        let assumed = costplan::region::ASSUMED.to_string();
        assert_eq!(regions, [Some(assumed.clone()), Some(assumed.clone())]);
        let warning = report.warnings.iter().find(|w| w.code == "region-assumed");
        let Some(warning) = warning else { panic!("no region-assumed: {:?}", report.warnings) };
        assert!(warning.message.contains(&assumed), "{}", warning.message);
        assert!(warning.message.contains("aws_nat_gateway.main[0]"), "{}", warning.message);
    }
}

/// A configuration in a China region is told China is not covered, on every priced line, and is
/// never sent to `pricing refresh` (which cannot fetch China prices either).
#[test]
fn china_region_says_it_is_not_covered() {
    let out = run(&["estimate", "--path", "examples/credlink", "--var", "region=cn-north-1"], None);
    assert!(out.contains("is in AWS China, which costplan does not cover"), "{out}");
    assert!(!out.contains("pricing refresh --region cn-north-1"), "{out}");
    assert!(!out.contains("no prices for"), "{out}");
}

/// The serverless example (`examples/serverless`): an HTTP API, an arm64 Lambda function, an
/// on-demand DynamoDB table and an EC2 bastion with a gp3 root volume and a gp3 data volume, with
/// an Infracost usage file, priced component by component; EBS outside us-east-1 says "price not
/// found" (no sourced price), never a silent $0.
mod serverless {
    use super::*;
    use costplan::model::{Bucket, Report};
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn report(args: &[&str]) -> Report {
        super::json_report("examples/serverless", args)
    }

    fn cost(r: &Report, address: &str, id: &str) -> Option<Decimal> {
        r.resources()
            .find(|x| x.address == address)
            .and_then(|x| x.all_components().find(|c| c.id == id))
            .unwrap_or_else(|| panic!("{address} `{id}` missing"))
            .monthly_cost
    }

    /// Hand-computed from the feed (pricing-cache/feed/aws-price-watcher/processed/):
    /// Lambda arm64 (`Lambda Requests-ARM` 0.0000002, `Lambda Duration-ARM` 0.0000133334 in all
    /// three regions): 3M requests = $0.60; 3M × 0.12 s × 0.5 GB = 180,000 GB-s = $2.400012.
    /// HTTP API (`ApiGatewayHttpApi First 300 million`): 3M × 0.000001 / 0.00000111 /
    /// 0.00000129. DynamoDB (`PayPerRequest Read/Write Request Units`, `Data Storage Indexed
    /// GB-Mo`, `PITR Backup Storage GB-Mo`): 6M reads, 1.5M writes, 12 GB, 12 GB PITR.
    /// EC2 (`ec2.json.gz` `OnDemand Linux-instancetype-t4g.micro`: 0.0084 / 0.0092 / 0.0108 an
    /// hour): 730 h = $6.132 / $6.716 / $7.884. EBS gp3 in us-east-1 (source I-EBS, Infracost's
    /// golden: $3.20 for 40 GB = $0.08 per GB-month): root 20 GB = $1.60, data 100 GB = $8.00;
    /// not sourced elsewhere: those two lines say "price not found".
    #[test]
    fn priced_component_by_component_in_three_regions() {
        let cases = [
            // us-east-1: reads 0.000000125, writes 0.000000625, 0.25, 0.20.
            (
                "us-east-1",
                dec!(3),
                [dec!(0.75), dec!(0.9375), dec!(3), dec!(2.4)],
                dec!(6.132),
                Some((dec!(1.6), dec!(8))),
            ),
            // EU (Ireland): 0.0000001415, 0.000000705, 0.283, 0.22.
            (
                "eu-west-1",
                dec!(3.33),
                [dec!(0.849), dec!(1.0575), dec!(3.396), dec!(2.64)],
                dec!(6.716),
                None,
            ),
            // Asia Pacific (Tokyo): 0.0000001425, 0.000000715, 0.285, 0.228.
            (
                "ap-northeast-1",
                dec!(3.87),
                [dec!(0.855), dec!(1.0725), dec!(3.42), dec!(2.736)],
                dec!(7.884),
                None,
            ),
        ];
        for (region, api, ddb, bastion, ebs) in cases {
            let r = report(&[
                "--region",
                region,
                "--usage-file",
                "examples/serverless/infracost-usage.yml",
            ]);
            let f = "aws_lambda_function.orders";
            assert_eq!(cost(&r, f, "lambda.requests"), Some(dec!(0.6)), "{region}");
            assert_eq!(cost(&r, f, "lambda.duration"), Some(dec!(2.400012)), "{region}");
            assert_eq!(
                cost(&r, "aws_apigatewayv2_api.api", "apigateway.http_requests"),
                Some(api),
                "{region}"
            );
            let t = "aws_dynamodb_table.orders";
            let got = [
                cost(&r, t, "dynamodb.read_request_units"),
                cost(&r, t, "dynamodb.write_request_units"),
                cost(&r, t, "dynamodb.storage"),
                cost(&r, t, "dynamodb.pitr_storage"),
            ];
            assert_eq!(got, ddb.map(Some), "{region}");
            let b = "aws_instance.bastion";
            assert_eq!(cost(&r, b, "ec2.instance_hours"), Some(bastion), "{region}");
            let volumes =
                (cost(&r, b, "ebs.storage"), cost(&r, "aws_ebs_volume.data", "ebs.storage"));
            let mut total = dec!(3.000012) + api + ddb.iter().sum::<Decimal>() + bastion;
            match ebs {
                Some((root, data)) => {
                    assert_eq!(volumes, (Some(root), Some(data)), "{region}");
                    total += root + data;
                    assert_eq!(r.summary.price_not_found, 0, "{region}");
                }
                None => {
                    assert_eq!(volumes, (None, None), "{region}: EBS is not sourced here");
                    assert_eq!(r.summary.price_not_found, 2, "{region}");
                }
            }
            assert_eq!(r.totals.monthly, total, "{region}");
            assert_eq!(r.summary.usage_unknown, 0, "{region}");
            assert!(r.resources().all(|x| x.bucket != Bucket::NotSupported), "{region}");
            // `operating_system: linux` is read; `monthly_cpu_credit_hrs` is not: a warning
            // naming it, not an error.
            assert!(
                r.warnings.iter().all(|w| w.code != "os-assumed"),
                "{region}: {:?}",
                r.warnings
            );
            assert!(
                r.warnings.iter().any(|w| w.code == "usage-key-unknown"
                    && w.message.contains("monthly_cpu_credit_hrs")),
                "{region}"
            );
        }
    }

    /// `--requests 1M` derives Lambda invocations, API requests and DynamoDB request units
    /// from the default profile, each with its formula in `--explain`.
    #[test]
    fn requests_derive_invocations_api_requests_and_request_units_with_formulas() {
        let r = report(&["--region", "us-east-1", "--requests", "1M"]);
        let qty = |address: &str, id: &str| {
            let c = r
                .resources()
                .find(|x| x.address == address)
                .and_then(|x| x.all_components().find(|c| c.id == id))
                .unwrap_or_else(|| panic!("{address} `{id}`"));
            (c.quantity, c.formula.clone().unwrap_or_default())
        };
        // 1M requests ÷ 1 function = 1 (1M requests); 1M × 0.1 s × 0.5 GB = 50,000 GB-s.
        let (q, f) = qty("aws_lambda_function.orders", "lambda.requests");
        assert_eq!(q, Some(dec!(1)));
        assert!(f.contains("each request invokes one of the 1 functions"), "{f}");
        assert_eq!(qty("aws_lambda_function.orders", "lambda.duration").0, Some(dec!(50000)));
        let (q, f) = qty("aws_apigatewayv2_api.api", "apigateway.http_requests");
        assert_eq!(q, Some(dec!(1)));
        assert!(f.contains("every request enters through one of the 1 APIs"), "{f}");
        // Default profile: 1 read and 0.25 writes per request.
        let (q, f) = qty("aws_dynamodb_table.orders", "dynamodb.read_request_units");
        assert_eq!(q, Some(dec!(1)));
        assert!(f.contains("api 1 × 1 reads"), "{f}");
        assert_eq!(
            qty("aws_dynamodb_table.orders", "dynamodb.write_request_units").0,
            Some(dec!(0.25))
        );
        let text = run(
            &[
                "estimate",
                "--path",
                "examples/serverless",
                "--region",
                "us-east-1",
                "--requests",
                "1M",
                "--explain",
            ],
            None,
        );
        for formula in [
            "each request invokes one of the 1 functions",
            "every request enters through one of the 1 APIs",
            "on-demand tables",
            "mix average",
        ] {
            assert!(text.contains(formula), "--explain lacks `{formula}`:\n{text}");
        }
    }
}

/// EC2 and EBS (`tests/fixtures/ec2`) priced component by component in three regions, from the
/// feed's Linux on-demand rates (`ec2.json.gz`, `OnDemand Linux-instancetype-<type>`) and the
/// public IPv4 rate (`vpc.json.gz`, $0.005 an hour everywhere); EBS from source I-EBS
/// (us-east-1 only: gp3 $0.08, gp2 $0.10 per GB-month), "price not found" elsewhere.
mod ec2 {
    use super::*;
    use costplan::model::Report;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn report(region: &str) -> Report {
        let text = run(
            &[
                "estimate",
                "--path",
                "tests/fixtures/ec2",
                "--region",
                region,
                "--usage-file",
                "tests/fixtures/ec2/infracost-usage.yml",
                "--format",
                "json",
            ],
            None,
        );
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let json = text
            .split_once("--- stdout\n")
            .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
            .map(|(out, _)| out)
            .unwrap_or_default();
        Report::from_json(json).unwrap_or_else(|e| panic!("not a report: {e}\n{text}"))
    }

    /// The costs of the components of `address` with `id`, in order.
    fn costs(r: &Report, address: &str, id: &str) -> Vec<Option<Decimal>> {
        r.resources()
            .find(|x| x.address == address)
            .unwrap_or_else(|| panic!("{address} missing"))
            .all_components()
            .filter(|c| c.id == id)
            .map(|c| c.monthly_cost)
            .collect()
    }

    #[test]
    fn instances_groups_and_volumes_in_three_regions() {
        // (region, m6i.large, c7g.xlarge, t3.micro an hour)
        let cases = [
            ("us-east-1", dec!(0.096), dec!(0.145), dec!(0.0104)),
            ("eu-west-1", dec!(0.107), dec!(0.155), dec!(0.0114)),
            ("ap-northeast-1", dec!(0.124), dec!(0.1819), dec!(0.0136)),
        ];
        for (region, m6i, c7g, t3) in cases {
            let r = report(region);
            // app: 730 h; public IPv4 730 h × 0.005 = 3.65.
            let app = "aws_instance.app";
            assert_eq!(costs(&r, app, "ec2.instance_hours"), [Some(dec!(730) * m6i)], "{region}");
            assert_eq!(costs(&r, app, "vpc.public_ipv4"), [Some(dec!(3.65))], "{region}");
            // workers: desired_capacity 2 × 730 h = 1,460 h.
            let asg = "aws_autoscaling_group.workers";
            assert_eq!(costs(&r, asg, "ec2.instance_hours"), [Some(dec!(1460) * c7g)], "{region}");
            // legacy: monthly_hrs 100 from the usage file.
            let legacy = "aws_instance.legacy";
            assert_eq!(costs(&r, legacy, "ec2.instance_hours"), [Some(dec!(100) * t3)], "{region}");
            // Volumes: app 30 GB gp3 = 2.40; workers 2 × 20 GB gp3 = 3.20; legacy 8 GB gp2 = 0.80.
            let volumes = [
                costs(&r, app, "ebs.storage"),
                costs(&r, asg, "ebs.storage"),
                costs(&r, legacy, "ebs.storage"),
            ];
            if region == "us-east-1" {
                assert_eq!(volumes, [[Some(dec!(2.4))], [Some(dec!(3.2))], [Some(dec!(0.8))]]);
                assert_eq!(r.summary.price_not_found, 0);
            } else {
                assert_eq!(volumes, [[None], [None], [None]], "{region}: EBS not sourced");
                assert_eq!(r.summary.price_not_found, 3, "{region}");
            }
            // The OS came from the AMI name (Ubuntu: Linux) and the usage file: no assumption.
            assert!(r.warnings.iter().all(|w| w.code != "os-assumed"), "{:?}", r.warnings);
        }
    }
}

/// Exit codes, one test per command: 0 ok, 1 error, 2 usage (a flag value or combination the
/// command cannot take), 3 guardrail (tested in `tests/diff/credlink.rs`). Every usage error
/// here fails before any file is read.
#[path = "cli/edge_messaging.rs"]
mod edge_messaging;

mod exit_codes {
    use super::*;

    const CREDLINK: &str = "examples/credlink";

    /// The exit code and standard error of `costplan args`.
    fn exit(args: &[&str]) -> (i32, String) {
        let text = run(args, None);
        let code = text
            .strip_prefix("exit: ")
            .and_then(|t| t.split('\n').next())
            .and_then(|c| c.parse().ok())
            .unwrap_or(-1);
        let stderr = text.split("--- stderr\n").nth(1).unwrap_or_default().to_string();
        (code, stderr)
    }

    #[track_caller]
    fn usage(args: &[&str], says: &str) {
        let (code, err) = exit(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: `{says}` not in {err}");
    }

    #[test]
    fn resources() {
        usage(&["resources", "--path", CREDLINK, "--var", "desired_count"], "NAME=VALUE");
        assert_eq!(exit(&["resources", "--path", "no-such-dir"]).0, 1);
    }

    #[test]
    fn estimate() {
        usage(&["estimate", "--path", CREDLINK, "--month", "2026-13"], "`2026-13` is not a month");
        usage(&["estimate", "--path", CREDLINK, "--var", "desired_count"], "NAME=VALUE");
        usage(&["estimate", "--path", CREDLINK, "--requests", "lots"], "`lots`");
        usage(
            &["estimate", "--path", CREDLINK, "--out", "html=x.html", "--out", "csv=./x.html"],
            "write the same file",
        );
        assert_eq!(exit(&["estimate", "--path", "no-such-dir"]).0, 1);
    }

    #[test]
    fn diff() {
        usage(&["diff", "--base", CREDLINK, "--requests", "lots"], "`lots`");
        usage(&["diff", "--base", CREDLINK, "--month", "2026-13"], "is not a month");
    }

    #[test]
    fn comment() {
        usage(&["comment", "github", "--repo", "o/n", "--pr", "abc"], "abc");
        // No token: an error, not a usage mistake.
        assert_eq!(exit(&["comment", "github", "--repo", "o/n", "--pr", "1"]).0, 1);
    }

    #[test]
    fn pricing() {
        usage(&["pricing", "status", "--no-such-flag"], "--no-such-flag");
    }

    #[test]
    fn actuals() {
        usage(&["actuals", "--from", "cur", "x.csv", "--month", "2026-13"], "is not a month");
        usage(&["actuals", "--from", "cur", "x.csv"], "--month");
    }

    #[test]
    fn compare() {
        let args = ["compare", "--path", CREDLINK, "--from", "cur", "x.csv"];
        usage(&args, "--month YYYY-MM");
        usage(&[&args[..], &["--month", "2026-13"]].concat(), "is not a month");
        usage(&[&args[..], &["--month", "2026-10", "--requests", "lots"]].concat(), "`lots`");
    }

    #[test]
    fn report() {
        let args = ["report", "--path", CREDLINK, "--from", "cur", "x.csv"];
        usage(&args, "--month YYYY-MM");
        usage(&[&args[..], &["--month", "2026-13"]].concat(), "is not a month");
        usage(
            &[&args[..], &["--month", "2026-10", "--var", "desired_count"]].concat(),
            "NAME=VALUE",
        );
        usage(
            &[&args[..], &["--month", "2026-10", "--hours-per-month", "700"]].concat(),
            "cannot be used with",
        );
    }

    #[test]
    fn render() {
        usage(&["render"], "<REPORT");
        assert_eq!(exit(&["render", "no-such-report.json"]).0, 1);
    }

    #[test]
    fn advise() {
        usage(&["advise", "--path", CREDLINK, "--var", "desired_count"], "NAME=VALUE");
        usage(&["advise", "--path", CREDLINK, "--select", "CP999"], "CP999");
    }

    #[test]
    fn explain() {
        usage(&["explain", "CP999"], "CP999");
        assert_eq!(exit(&["explain", "CP101"]).0, 0);
    }

    /// `-q` and `-v` are global: accepted before or after the command, not together.
    #[test]
    fn quiet_and_verbose_are_global() {
        assert_eq!(exit(&["-q", "explain", "CP101"]).0, 0);
        assert_eq!(exit(&["explain", "CP101", "--verbose"]).0, 0);
        usage(&["-q", "-v", "explain", "CP101"], "cannot be used with");
        // -v prints every cause on its own line; the default is one line.
        let (code, err) = exit(&["-v", "render", "no-such-report.json"]);
        assert_eq!(code, 1);
        assert!(err.contains("Caused by:"), "{err}");
        let (_, err) = exit(&["render", "no-such-report.json"]);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

/// The error defects of issue 23, one test each: the right path and line, said once, no
/// internal wording.
mod error_defects {
    use super::*;

    /// `costplan args` run from `dir`: exit code and standard error.
    fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
        let mut cmd = match Command::cargo_bin("costplan") {
            Ok(c) => c,
            Err(e) => panic!("costplan binary not built: {e}"),
        };
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().into_owned();
            if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
                cmd.env_remove(&k);
            }
        }
        let out = cmd
            .env("HOME", "/nonexistent/costplan-test/home")
            .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run costplan: {e}"));
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// A copy of the example with a working directory two levels under it.
    fn example_with_subdir() -> (tempfile::TempDir, std::path::PathBuf) {
        let tmp = tempdir();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let stack = tmp.path().join("stack");
        copy(&root.join("examples/credlink"), &stack);
        let work = tmp.path().join("work/deeper");
        std::fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
        (tmp, work)
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
        for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(entry.file_name()));
            } else if path.extension().is_some_and(|e| e == "tf" || e == "tfvars") {
                std::fs::copy(&path, to.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }

    #[test]
    fn a_bad_var_file_is_named_as_given_with_line_and_column() {
        let (_tmp, work) = example_with_subdir();
        std::fs::write(work.join("bad.tfvars"), "desired_count = = 3\n").expect("write");
        let (code, err) =
            run_in(&work, &["resources", "--path", "../../stack", "--var-file", "bad.tfvars"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(" bad.tfvars:1:17: invalid HCL"), "{err}");
        assert!(!err.contains("../bad.tfvars"), "{err}");
    }

    #[test]
    fn a_missing_var_file_says_no_such_file_once() {
        let (_tmp, work) = example_with_subdir();
        let (code, err) =
            run_in(&work, &["estimate", "--path", "../../stack", "--var-file", "missing.tfvars"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("cannot read `missing.tfvars`"), "{err}");
        assert_eq!(err.matches("No such file").count(), 1, "{err}");
    }

    #[test]
    fn a_missing_scenario_file_is_one_clean_message() {
        let (code, err) =
            exit_of(&["estimate", "--path", "examples/credlink", "--scenario", "nope.yaml"]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            err,
            "error: --scenario `nope.yaml`: no such file; give the path of a scenario YAML file, or a built-in scenario: `credlink-100k`, `default`\n"
        );
    }

    /// Terraform refuses `"yes"` for a bool; the error points at the tfvars line that wrote it,
    /// not at the module that uses the variable.
    #[test]
    fn a_bool_given_yes_is_reported_at_the_tfvars_line() {
        let (_tmp, work) = example_with_subdir();
        std::fs::write(work.join("prod.tfvars"), "# prod\nsingle_nat_gateway = \"yes\"\n")
            .expect("write");
        let (code, err) =
            run_in(&work, &["resources", "--path", "../../stack", "--var-file", "prod.tfvars"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("prod.tfvars:2:1: variable `single_nat_gateway`"), "{err}");
        assert!(err.contains("(declared at variables.tf:40)"), "{err}");
        assert!(err.contains("a bool is required"), "{err}");
        assert!(!err.contains("modules/vpc"), "{err}");
    }

    fn exit_of(args: &[&str]) -> (i32, String) {
        run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
    }
}

/// First run: no traffic given gives one line saying how to give it, not one warning per
/// component; the components keep saying so, JSON keeps every warning, and the footer shows the
/// traffic in use.
mod first_run {
    use super::*;
    use costplan::model::Report;

    #[test]
    fn no_traffic_is_one_hint_and_the_footer_says_so() {
        let text = run(&["estimate", "--path", "examples/credlink"], None);
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let hints: Vec<&str> = text.lines().filter(|l| l.contains("[usage-unknown]")).collect();
        assert_eq!(hints.len(), 1, "{text}");
        assert!(hints[0].contains("no traffic was given"), "{text}");
        assert!(hints[0].contains("`--requests 100k`"), "{text}");
        assert!(hints[0].contains("`--scenario FILE|NAME`") && hints[0].contains("--usage-file"));
        assert!(text.contains("depends on usage"), "the components still say so: {text}");
        assert!(text.contains("\nTraffic: none given"), "{text}");

        // JSON keeps every per-component warning, as many as the summary counts.
        let json = run(&["estimate", "--path", "examples/credlink", "--format", "json"], None);
        let body = json.split("--- stdout\n").nth(1).and_then(|t| t.split("--- stderr").next());
        let Some(Ok(report)) = body.map(Report::from_json) else { panic!("{json}") };
        let unknown = report.warnings.iter().filter(|w| w.code == "usage-unknown").count();
        assert!(unknown > 1, "{unknown}");
        assert!(report.warnings.iter().all(|w| !w.message.contains("no traffic was given")));
        assert!(hints[0].contains(&format!("{unknown} components")), "{}", hints[0]);
    }

    #[test]
    fn given_traffic_is_shown_and_no_hint() {
        let text = run(&["estimate", "--path", "examples/credlink", "--requests", "100k"], None);
        assert!(text.contains("\nTraffic: 100k requests per month.\n"), "{text}");
        assert!(!text.contains("no traffic was given"), "{text}");
        assert!(!text.contains("Traffic: none given"), "{text}");
    }
}

/// Shell completions and the manual page come from the clap definition: they know every
/// command and flag.
mod completions_and_man {
    use super::*;

    fn stdout_of(args: &[&str]) -> String {
        let text = run(args, None);
        assert!(text.starts_with("exit: 0\n"), "{text}");
        text.split("--- stdout\n")
            .nth(1)
            .and_then(|t| t.split("--- stderr").next())
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn every_shell_gets_a_script_naming_the_commands_and_flags() {
        let expected = [
            ("bash", "complete -F _costplan"),
            ("zsh", "#compdef costplan"),
            ("fish", "complete -c costplan"),
            ("powershell", "Register-ArgumentCompleter"),
        ];
        for (shell, marker) in expected {
            let script = stdout_of(&["completions", shell]);
            assert!(script.contains(marker), "{shell}: no `{marker}`");
            for word in ["estimate", "report", "var-file", "requests"] {
                assert!(script.contains(word), "{shell}: no `{word}`");
            }
        }
        let text = run(&["completions", "tcsh"], None);
        assert!(text.starts_with("exit: 2\n"), "{text}");
    }

    #[test]
    fn the_man_page_is_roff_with_every_command() {
        let page = stdout_of(&["man"]);
        assert!(page.contains(".TH costplan 1"), "{page}");
        assert!(page.contains(".SH NAME"), "{page}");
        for command in ["estimate", "report", "completions", "explain"] {
            assert!(page.contains(command), "no `{command}`");
        }
    }

    #[test]
    fn man_dir_writes_one_page_per_command() {
        let dir = tempdir();
        let text = run(&["man", "--dir", &dir.path().display().to_string()], Some(dir.path()));
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let report = read(&dir.path().join("costplan-report.1"));
        assert!(report.contains(".TH costplan-report 1"), "{report}");
        assert!(report.contains("budget"), "{report}");
        assert!(read(&dir.path().join("costplan.1")).contains(".TH costplan 1"));
        let pages = std::fs::read_dir(dir.path()).map(Iterator::count).unwrap_or(0);
        // costplan.1 and one page per command (14 commands).
        assert_eq!(pages, 15);
    }
}

mod explain_and_comment {
    use super::*;

    /// The name printed beside the code (`CP101  fargate-spot`) is accepted too.
    #[test]
    fn explain_accepts_the_rule_name() {
        let by_code = run(&["explain", "CP101"], None);
        assert!(by_code.starts_with("exit: 0\n"), "{by_code}");
        assert_eq!(run(&["explain", "fargate-spot"], None), by_code);
        let unknown = run(&["explain", "fargate-spott"], None);
        assert!(unknown.starts_with("exit: 2\n"), "{unknown}");
    }

    /// `--dry-run` needs no token and makes no request: it prints the body as it would be
    /// posted (with costplan's marker) and where.
    #[test]
    fn comment_dry_run_prints_what_would_be_posted() {
        let dir = tempdir();
        let md = dir.path().join("comment.md");
        std::fs::write(&md, "## Cost delta\n\n+$12.00 per month\n").expect("write");
        let md = md.display().to_string();
        let args = ["comment", "github", "--repo", "acme/infra", "--pr", "7", "--dry-run"];
        let text = run(&[&args[..], &["--path-to-markdown", &md]].concat(), Some(dir.path()));
        assert!(text.starts_with("exit: 0\n"), "{text}");
        assert!(
            text.contains(
                "dry run: would update costplan's comment in place (or create it) on acme/infra#7"
            ),
            "{text}"
        );
        assert!(text.contains("+$12.00 per month"), "{text}");
        assert!(text.contains("<!-- costplan"), "the marker is shown: {text}");
        let new =
            run(&[&args[..], &["--behavior", "new", "--path-to-markdown", &md]].concat(), None);
        assert!(new.contains("would add a new comment"), "{new}");
    }
}
