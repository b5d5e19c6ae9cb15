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
        let json = text
            .split_once("--- stdout\n")
            .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
            .map(|(out, _)| out)
            .unwrap_or_default();
        let report = Report::from_json(json);
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
        let json = text
            .split_once("--- stdout\n")
            .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
            .map(|(out, _)| out)
            .unwrap_or_default();
        let report = Report::from_json(json);
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

/// The serverless example (`examples/serverless`): an HTTP API, an arm64 Lambda function and an
/// on-demand DynamoDB table with an Infracost usage file, priced component by component; EC2
/// and EBS are "not supported yet: costs money", never a silent $0.
mod serverless {
    use super::*;
    use costplan::model::{Bucket, Report, Unsupported};
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn report(args: &[&str]) -> Report {
        let mut all = vec!["estimate", "--path", "examples/serverless", "--format", "json"];
        all.extend_from_slice(args);
        let text = run(&all, None);
        assert!(text.starts_with("exit: 0\n"), "{text}");
        let json = text
            .split_once("--- stdout\n")
            .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
            .map(|(out, _)| out)
            .unwrap_or_default();
        Report::from_json(json).unwrap_or_else(|e| panic!("not a report: {e}\n{text}"))
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
    #[test]
    fn priced_component_by_component_in_three_regions() {
        let cases = [
            // us-east-1: reads 0.000000125, writes 0.000000625, 0.25, 0.20.
            ("us-east-1", dec!(3), [dec!(0.75), dec!(0.9375), dec!(3), dec!(2.4)]),
            // EU (Ireland): 0.0000001415, 0.000000705, 0.283, 0.22.
            ("eu-west-1", dec!(3.33), [dec!(0.849), dec!(1.0575), dec!(3.396), dec!(2.64)]),
            // Asia Pacific (Tokyo): 0.0000001425, 0.000000715, 0.285, 0.228.
            ("ap-northeast-1", dec!(3.87), [dec!(0.855), dec!(1.0725), dec!(3.42), dec!(2.736)]),
        ];
        for (region, api, ddb) in cases {
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
            let total = dec!(3.000012) + api + ddb.iter().sum::<Decimal>();
            assert_eq!(r.totals.monthly, total, "{region}");
            assert_eq!((r.summary.price_not_found, r.summary.usage_unknown), (0, 0), "{region}");
            for address in ["aws_instance.bastion", "aws_ebs_volume.data"] {
                let res = r.resources().find(|x| x.address == address).expect(address);
                assert_eq!(res.bucket, Bucket::NotSupported);
                assert!(matches!(res.unsupported, Some(Unsupported::NotYet { .. })), "{address}");
            }
            // The usage file's keys for aws_instance are ignored with a warning, not an error.
            assert!(r.warnings.iter().any(|w| w.code == "usage-type-unsupported"), "{region}");
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
