//! Numbers no estimate can use: amounts too large to compute (issue 15, item 2) and impossible
//! resource values (item 9). Each case is a whole `costplan` run on a small generated input and
//! must end in a clear error (exit 1) or a visible warning, never a panic (exit 101) and never
//! a silent default.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const CREDLINK: &str = "examples/credlink";
/// The largest Decimal, about 7.9e28.
const MAX: &str = "79228162514264337593543950335";
/// The ElastiCache node product of the pricing fixtures.
const SKU: &str = "FIXCACHET3MICRO1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of one run: exit code, stdout, stderr.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `costplan args` in the package directory, isolated from the machine: the user pricing
/// cache and HOME point into `home`, and no `TF_*` / `AWS_*` variable leaks in.
fn costplan(args: &[&str], home: &Path) -> Run {
    let mut cmd = Command::cargo_bin("costplan").unwrap_or_else(|e| panic!("no binary: {e}"));
    cmd.args(args).env_remove("RUST_BACKTRACE").env_remove("GITHUB_TOKEN");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("TF_") || key.starts_with("AWS_") {
            cmd.env_remove(key.as_ref());
        }
    }
    cmd.env("HOME", home).env("COSTPLAN_PRICING_DIR", home.join("no-user-cache"));
    cmd.current_dir(root());
    let out = cmd.output().unwrap_or_else(|e| panic!("could not run costplan: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Asserts a run failed with exit 1 (not a panic) and its error says all of `needles`.
#[track_caller]
fn fails_saying(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 1, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for n in needles {
        assert!(run.stderr.contains(n), "`{n}` not in:\n{}", run.stderr);
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"))
}

fn write(path: &Path, text: &str) -> String {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    path.display().to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The credlink-100k scenario with `from` replaced by `to`, written to `dir/scenario.yaml`.
fn scenario_with(dir: &Path, from: &str, to: &str) -> String {
    let text = read(&root().join("scenarios/credlink-100k.yaml"));
    assert!(text.contains(from), "`{from}` not in the scenario");
    write(&dir.join("scenario.yaml"), &text.replacen(from, to, 1))
}

/// A pricing directory `dir/pricing` holding one product of the pricing test fixtures, the
/// ElastiCache `cache.t3.micro` node, with its on-demand hourly price set to `usd` (the other
/// fixture rows are traps that make the query ambiguous), and a manifest to match.
fn pricing_dir_with_cache_price(dir: &Path, usd: &str) -> String {
    let from = root().join("tests/fixtures/pricing");
    let to = dir.join("pricing");
    let file = "aws/AmazonElastiCache/us-east-1.json";
    let mut data: serde_json::Value =
        serde_json::from_str(&read(&from.join(file))).expect("fixture price file");
    let products = data["products"].as_array_mut().expect("products");
    products.retain(|p| p["sku"] == SKU);
    assert_eq!(products.len(), 1, "the fixture's {SKU} is gone");
    let dims = &mut products[0]["terms"]["OnDemand"][0]["priceDimensions"];
    dims[0]["usd"] = usd.into();
    let terms = products[0]["terms"].as_object().into_iter().flat_map(|t| t.values());
    let dimensions: usize = terms
        .flat_map(|v| v.as_array().into_iter().flatten())
        .map(|term| term["priceDimensions"].as_array().map_or(0, Vec::len))
        .sum();
    let text = serde_json::to_string_pretty(&data).expect("json");
    write(&to.join(file), &text);
    let mut manifest: serde_json::Value =
        serde_json::from_str(&read(&from.join("manifest.json"))).expect("fixture manifest");
    let files = manifest["files"].as_object_mut().expect("manifest files");
    files.retain(|k, _| k == file);
    let entry = &mut files[file];
    entry["sha256"] = costplan::pricing::catalog::sha256_hex(text.as_bytes()).into();
    entry["products"] = 1.into();
    entry["priceDimensions"] = dimensions.into();
    write(&to.join("manifest.json"), &manifest.to_string());
    to.display().to_string()
}

/// A Terraform root in `dir/tf` with one two-node cache.t3.micro replication group.
fn cache_config(dir: &Path) -> String {
    let tf = dir.join("tf");
    write(
        &tf.join("main.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n\
         resource \"aws_elasticache_replication_group\" \"this\" {\n  \
         replication_group_id = \"this\"\n  description = \"cache\"\n  engine = \"redis\"\n  \
         node_type = \"cache.t3.micro\"\n  num_cache_clusters = 2\n}\n",
    );
    tf.display().to_string()
}

mod overflow {
    use super::*;

    #[test]
    fn requests_too_large_to_count_name_the_flag() {
        let home = tempdir();
        let run = costplan(&["estimate", "--path", CREDLINK, "--requests", MAX], home.path());
        fails_saying(&run, &["`--requests`", "monthly request count", "overflows"]);
        // A suffix that multiplies a number past the range is a usage error naming it.
        let run = costplan(
            &["estimate", "--path", CREDLINK, "--requests", &format!("{MAX}k")],
            home.path(),
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("'--requests <REQUESTS>'"), "{}", run.stderr);
        assert!(run.stderr.contains(&format!("`{MAX}k` is too large")), "{}", run.stderr);
        // report and compare estimate before they read any spend: the same error.
        for command in ["report", "compare"] {
            let args = [command, "--path", CREDLINK, "--requests", MAX, "--from", "cur", "x.csv"];
            let run = costplan(&[&args[..], &["--month", "2026-10"]].concat(), home.path());
            fails_saying(&run, &["`--requests`", "monthly request count", "overflows"]);
        }
    }

    #[test]
    fn hours_per_month_below_one_is_refused_as_the_message_says() {
        let home = tempdir();
        for hours in ["0.0000000001", "0.5"] {
            let flag = format!("--hours-per-month={hours}");
            let run = costplan(&["estimate", "--path", CREDLINK, &flag], home.path());
            fails_saying(&run, &[&format!("`{hours}` must be between 1 and 744")]);
        }
    }

    #[test]
    fn a_scenario_rate_too_large_to_count_names_the_file_and_key() {
        let home = tempdir();
        let file =
            scenario_with(home.path(), "requests: 100k", "requests: 9999999999999999999999999/s");
        let run = costplan(&["estimate", "--path", CREDLINK, "--scenario", &file], home.path());
        fails_saying(&run, &[&format!("{file}: `requests`"), "overflows"]);
    }

    #[test]
    fn a_request_size_too_large_names_the_file_and_key() {
        let home = tempdir();
        // Too large to represent at all: a parse error with the line.
        let file = scenario_with(
            home.path(),
            "request_kb: 2 MB",
            "request_kb: 7922816251426433759354395 GB",
        );
        let run = costplan(&["estimate", "--path", CREDLINK, "--scenario", &file], home.path());
        fails_saying(&run, &[&format!("{file}:"), "mix.sign.request_kb", "is too large"]);
        // Representable, but the month's traffic it makes is not.
        let file = scenario_with(home.path(), "request_kb: 2 MB", &format!("request_kb: {MAX}"));
        let run = costplan(&["estimate", "--path", CREDLINK, "--scenario", &file], home.path());
        fails_saying(&run, &[&format!("{file}: `mix.sign.request_kb`"), "overflows"]);
    }

    #[test]
    fn scenario_constants_too_large_to_multiply_name_the_file_and_key() {
        let home = tempdir();
        let cases = [
            ("per_month: 20 ", "deploys.per_month"),
            ("image_mb: 150", "deploys.image_mb"),
            ("horizon_months: 12", "horizon_months"),
            ("flow_log_record_bytes: 100", "flow_log_record_bytes"),
            ("connection_seconds: 2", "connection_seconds"),
        ];
        for (line, key) in cases {
            let (name, _) = line.split_once(':').unwrap_or_default();
            let file = scenario_with(home.path(), line, &format!("{name}: {MAX} "));
            let run = costplan(&["estimate", "--path", CREDLINK, "--scenario", &file], home.path());
            fails_saying(&run, &[&format!("{file}:"), &format!("`{key}`: must be at most")]);
        }
        let weights = format!("hourly_profile: [{MAX}, {MAX}{}]", ", 1".repeat(22));
        let file = scenario_with(home.path(), "peak_to_average: 3", &weights);
        let run = costplan(&["estimate", "--path", CREDLINK, "--scenario", &file], home.path());
        fails_saying(&run, &[&format!("{file}:"), "`hourly_profile`", "too large"]);
    }

    #[test]
    fn usage_values_too_large_to_multiply_name_the_file_line_and_key() {
        let home = tempdir();
        let tf = home.path().join("tf");
        write(
            &tf.join("main.tf"),
            "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\
             resource \"aws_ecs_task_definition\" \"t\" {\n  family = \"t\"\n  cpu = \"256\"\n  \
             memory = \"512\"\n  requires_compatibilities = [\"FARGATE\"]\n  \
             container_definitions = \"[]\"\n}\n\
             resource \"aws_ecs_service\" \"s\" {\n  name = \"s\"\n  \
             task_definition = aws_ecs_task_definition.t.arn\n  launch_type = \"FARGATE\"\n  \
             desired_count = 1\n}\n\
             resource \"aws_lb\" \"l\" {\n  name = \"l\"\n}\n",
        );
        let tf = tf.display().to_string();
        let usage = |value: &str| {
            let text = format!(
                "version: 0.1\nresource_usage:\n  aws_ecs_service.s:\n    desired_count: \"{value}\"\n  \
                 aws_lb.l:\n    new_connections: \"{value}\"\n"
            );
            write(&home.path().join("usage.yml"), &text)
        };
        // At the bound, every product is computed (or the line is not known): no crash.
        let file = usage("100000000000000000000");
        let run = costplan(&["estimate", "--path", &tf, "--usage-file", &file], home.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        // Past it, the value is refused where it is written.
        let file = usage(MAX);
        let run = costplan(&["estimate", "--path", &tf, "--usage-file", &file], home.path());
        fails_saying(
            &run,
            &[
                &format!("{file}:4"),
                "aws_ecs_service.s.desired_count",
                "more than costplan computes",
            ],
        );
    }

    #[test]
    fn a_cache_price_too_large_to_multiply_names_the_resource_and_sku() {
        let home = tempdir();
        let pricing = pricing_dir_with_cache_price(home.path(), MAX);
        let tf = cache_config(home.path());
        let args = ["--path", tf.as_str(), "--pricing-dir", pricing.as_str()];
        let run = costplan(&[&["estimate"][..], &args].concat(), home.path());
        fails_saying(&run, &["aws_elasticache_replication_group.this", "overflows", SKU]);
        // advise re-prices with the same catalog: the same error, not a panic.
        let run = costplan(&[&["advise"][..], &args].concat(), home.path());
        fails_saying(&run, &["aws_elasticache_replication_group.this", "overflows"]);
    }

    /// A saved report whose costs add up past the range is refused when it is read, naming the
    /// file and the resource, by every command that reads one.
    #[test]
    fn a_saved_report_with_costs_too_large_is_refused_naming_the_resource() {
        let home = tempdir();
        let run = costplan(
            &["estimate", "--path", CREDLINK, "--scenario", "credlink-100k", "--format", "json"],
            home.path(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut report: serde_json::Value = serde_json::from_str(&run.stdout).expect("a report");
        let mut first = None;
        for r in report["projects"][0]["resources"].as_array_mut().expect("resources") {
            if r["bucket"] == "estimated" {
                first.get_or_insert_with(|| r["address"].as_str().unwrap_or_default().to_string());
                r["monthly_cost"] = MAX.into();
                let components = r.get_mut("components").and_then(|c| c.as_array_mut());
                for c in components.into_iter().flatten() {
                    if !c["monthly_cost"].is_null() {
                        c["monthly_cost"] = MAX.into();
                    }
                }
            }
        }
        let first = first.expect("an estimated resource");
        let saved = write(&home.path().join("report.json"), &report.to_string());
        let expected = format!("the cost of {first} overflows");
        let run = costplan(
            &["diff", "--base", &saved, "--path", CREDLINK, "--scenario", "credlink-100k"],
            home.path(),
        );
        fails_saying(&run, &[&saved, &expected]);
        let run = costplan(&["render", &saved], home.path());
        fails_saying(&run, &[&saved, &expected]);
        // compare reads the saved estimate before any spend (no billing file or AWS needed).
        let run = costplan(
            &["compare", "--estimate", &saved, "--from", "cost-explorer", "--month", "2026-10"],
            home.path(),
        );
        fails_saying(&run, &[&saved, &expected]);
    }

    #[test]
    fn projects_of_a_config_that_add_up_past_the_range_are_an_error() {
        let home = tempdir();
        // Each project alone is within range; together their totals are not.
        let pricing = pricing_dir_with_cache_price(home.path(), "600000000000000000000000");
        let tf = cache_config(home.path());
        let config = write(
            &home.path().join("costplan.yml"),
            &format!(
                "version: 1\nprojects:\n  - name: a\n    path: {tf}\n  - name: b\n    path: {tf}\n"
            ),
        );
        let one = costplan(&["estimate", "--path", &tf, "--pricing-dir", &pricing], home.path());
        assert_eq!(one.code, 0, "{}", one.stderr);
        let run =
            costplan(&["estimate", "--config", &config, "--pricing-dir", &pricing], home.path());
        fails_saying(&run, &[&config, "overflows"]);
        // A project's own request count is checked too, and the project is named.
        let config = write(
            &home.path().join("costplan.yml"),
            &format!(
                "version: 1\nprojects:\n  - name: a\n    path: {}\n    requests: \"{MAX}\"\n",
                root().join(CREDLINK).display()
            ),
        );
        let run = costplan(&["estimate", "--config", &config], home.path());
        fails_saying(&run, &["project `a`", "overflows"]);
    }
}

mod impossible_prices {
    use super::*;

    #[test]
    fn a_negative_price_in_a_cache_is_refused_naming_the_file_and_sku() {
        let home = tempdir();
        let pricing = pricing_dir_with_cache_price(home.path(), "-0.017");
        let tf = cache_config(home.path());
        let run = costplan(&["estimate", "--path", &tf, "--pricing-dir", &pricing], home.path());
        fails_saying(
            &run,
            &["AmazonElastiCache/us-east-1.json", &format!("sku `{SKU}`"), "negative"],
        );
    }
}

/// Impossible resource values are shown as not known, with the attribute named, never priced
/// as a default or below zero.
mod impossible_values {
    use super::*;
    use costplan::model::{Component, PriceStatus, Report};

    /// `costplan estimate --format json` of `args`, expecting success.
    fn estimate(args: &[&str], home: &Path) -> Report {
        let run = costplan(&[&["estimate", "--format", "json"][..], args].concat(), home);
        assert_eq!(run.code, 0, "{}", run.stderr);
        Report::from_json(&run.stdout).unwrap_or_else(|e| panic!("not a report: {e}"))
    }

    fn tf(home: &Path, text: &str) -> String {
        let dir = home.join("tf");
        write(
            &dir.join("main.tf"),
            &format!("provider \"aws\" {{\n  region = \"us-east-1\"\n}}\n{text}"),
        );
        dir.display().to_string()
    }

    fn components(report: &Report) -> Vec<&Component> {
        report.resources().flat_map(|r| r.all_components()).collect()
    }

    /// No quantity or cost of the report is below zero.
    #[track_caller]
    fn nothing_negative(report: &Report) {
        for c in components(report) {
            let values = [c.quantity, c.monthly_cost].into_iter().flatten();
            for v in values {
                assert!(!v.is_sign_negative() || v.is_zero(), "{}: {v}", c.name);
            }
        }
        assert!(!report.totals.monthly.is_sign_negative(), "{}", report.totals.monthly);
    }

    /// The warning of `code` on `address` whose message holds `needle`.
    #[track_caller]
    fn warned(report: &Report, code: &str, needle: &str) {
        let found = report.warnings.iter().any(|w| w.code == code && w.message.contains(needle));
        assert!(found, "no `{code}` warning with `{needle}` in {:#?}", report.warnings);
    }

    /// The storage line of the database: not known, with why, never 20 GB or $0.
    #[track_caller]
    fn storage_not_known(report: &Report, needle: &str) {
        let storage = components(report).into_iter().find(|c| c.name.starts_with("Storage ("));
        let Some(storage) = storage else { panic!("no storage line: {report:#?}") };
        assert_eq!((storage.quantity, storage.monthly_cost), (None, None), "{storage:#?}");
        assert_eq!(storage.price_status, PriceStatus::UsageUnknown);
        assert!(storage.formula.as_deref().unwrap_or_default().contains(needle), "{storage:#?}");
        let db = report.resources().find(|r| r.address == "aws_db_instance.this");
        assert!(db.is_some_and(|r| r.incomplete), "the total must read as a lower bound");
        warned(report, "invalid-value", needle);
    }

    const DB: &str = "resource \"aws_db_instance\" \"this\" {\n  engine = \"postgres\"\n  \
                      instance_class = \"db.t3.micro\"\n  allocated_storage = STORAGE\n}\n";

    #[test]
    fn negative_database_storage_is_not_known_not_free() {
        let home = tempdir();
        let dir = tf(home.path(), &DB.replace("STORAGE", "-100"));
        let report = estimate(&["--path", &dir], home.path());
        storage_not_known(&report, "`allocated_storage` is `-100`");
        nothing_negative(&report);
        // The table says so on the line.
        let run = costplan(&["estimate", "--path", &dir], home.path());
        assert!(run.stdout.contains("quantity not known"), "{}", run.stdout);
        assert!(run.stdout.contains("[invalid-value]"), "{}", run.stdout);
    }

    #[test]
    fn a_plan_storage_that_is_not_a_number_is_not_priced_as_20_gb() {
        let home = tempdir();
        let digits60 = "123456789012345678901234567890123456789012345678901234567890";
        for value in ["1e308", digits60, "\"lots\""] {
            let plan = format!(
                r#"{{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{{"root_module":{{"resources":[
{{"address":"aws_db_instance.this","mode":"managed","type":"aws_db_instance","name":"this",
"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":1,"sensitive_values":{{}},
"values":{{"engine":"postgres","instance_class":"db.t3.micro","allocated_storage":{value}}}}}]}}}},
"configuration":{{"provider_config":{{"aws":{{"name":"aws","expressions":{{"region":{{"constant_value":"us-east-1"}}}}}}}}}}}}"#
            );
            let file = write(&home.path().join("plan.json"), &plan);
            let report = estimate(&["--plan", &file], home.path());
            storage_not_known(&report, "`allocated_storage` is `");
            let said = report.warnings.iter().any(|w| w.message.contains("not a number"));
            assert!(said, "{value}: {:#?}", report.warnings);
        }
    }

    #[test]
    fn counts_and_periods_too_large_to_price_are_not_known_not_a_crash() {
        let home = tempdir();
        let huge = "1000000000000000000000000000";
        let dir = tf(
            home.path(),
            &format!(
                "resource \"aws_elasticache_replication_group\" \"this\" {{\n  \
                 replication_group_id = \"this\"\n  description = \"c\"\n  engine = \"redis\"\n  \
                 node_type = \"cache.t3.micro\"\n  num_cache_clusters = {huge}\n}}\n\
                 resource \"aws_cloudwatch_log_group\" \"l\" {{\n  name = \"l\"\n  \
                 retention_in_days = {huge}\n}}\n"
            ),
        );
        let report = estimate(&["--path", &dir], home.path());
        warned(&report, "invalid-value", &format!("`num_cache_clusters` is `{huge}`"));
        warned(&report, "invalid-value", &format!("`retention_in_days` is `{huge}`"));
        // Scaling bounds the traffic model reads: the service is named, nothing crashes.
        let capacity = format!("min_capacity={huge}");
        let args = ["--path", CREDLINK, "--scenario", "credlink-100k", "--var", &capacity];
        let report = estimate(
            &[&args[..], &["--var", &format!("max_capacity={huge}")]].concat(),
            home.path(),
        );
        warned(&report, "invalid-value", &format!("`min_capacity` is `{huge}`"));
        nothing_negative(&report);
    }

    #[test]
    fn a_zero_health_check_interval_is_said_not_divided_by() {
        let home = tempdir();
        let dir = home.path().join("credlink");
        for entry in std::fs::read_dir(root().join(CREDLINK)).expect("credlink").flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "tf") {
                let text = read(&path);
                let text = text.replace("interval            = 30", "interval            = 0");
                let name = path.file_name().expect("a file name");
                write(&dir.join(name), &text);
            }
        }
        let modules = root().join(CREDLINK).join("modules");
        if modules.exists() {
            copy_dir(&modules, &dir.join("modules"));
        }
        let dir = dir.display().to_string();
        let report = estimate(&["--path", &dir, "--scenario", "credlink-100k"], home.path());
        warned(&report, "invalid-value", "health_check interval `0`");
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).expect("readable").flatten() {
            let path = entry.path();
            let target = to.join(entry.file_name());
            if path.is_dir() {
                copy_dir(&path, &target);
            } else {
                write(&target, &read(&path));
            }
        }
    }

    #[test]
    fn negative_task_counts_and_sizes_price_no_negative_hours() {
        let home = tempdir();
        let service = |count: &str, cpu: &str| {
            format!(
                "resource \"aws_ecs_task_definition\" \"t\" {{\n  family = \"t\"\n  cpu = \"{cpu}\"\n  \
                 memory = \"512\"\n  requires_compatibilities = [\"FARGATE\"]\n  \
                 container_definitions = \"[]\"\n}}\n\
                 resource \"aws_ecs_service\" \"s\" {{\n  name = \"s\"\n  \
                 task_definition = aws_ecs_task_definition.t.arn\n  launch_type = \"FARGATE\"\n  \
                 desired_count = {count}\n}}\n"
            )
        };
        let dir = tf(home.path(), &service("-5", "-256"));
        let report = estimate(&["--path", &dir], home.path());
        nothing_negative(&report);
        warned(&report, "invalid-value", "`desired_count` is `-5`");
        let svc = report.resources().find(|r| r.address == "aws_ecs_service.s");
        assert!(svc.is_some_and(|r| r.incomplete), "{report:#?}");
        // A valid count with a negative size: the size is named.
        let dir = tf(home.path(), &service("2", "-256"));
        let report = estimate(&["--path", &dir], home.path());
        nothing_negative(&report);
        warned(&report, "invalid-value", "cpu = \"-256\"");
    }

    /// Found by the `arithmetic` fuzz target (issue 24): the largest ingestion a usage file may
    /// give (10^20 GB) times the longest retention an attribute may give (10^12 days) is past
    /// Decimal's range. It panicked (exit 101); the storage line is now not known, with why,
    /// and the ingestion line is still priced.
    #[test]
    fn log_storage_from_ingestion_times_retention_past_the_range_is_not_known_not_a_crash() {
        let home = tempdir();
        let dir = tf(
            home.path(),
            "resource \"aws_cloudwatch_log_group\" \"l\" {\n  name = \"l\"\n  \
             retention_in_days = 1000000000000\n}\n",
        );
        let usage = write(
            &home.path().join("usage.yml"),
            "version: 0.1\nresource_usage:\n  aws_cloudwatch_log_group.l:\n    \
             monthly_data_ingested_gb: \"100000000000000000000\"\n",
        );
        let report = estimate(&["--path", &dir, "--usage-file", &usage], home.path());
        warned(&report, "invalid-value", "`retention_in_days` 1000000000000 ÷ 30.4167 days/month");
        let storage = components(&report).into_iter().find(|c| c.name == "Archival storage");
        let Some(storage) = storage else { panic!("no storage line: {report:#?}") };
        assert_eq!((storage.quantity, storage.monthly_cost), (None, None), "{storage:#?}");
        let log = report.resources().find(|r| r.address == "aws_cloudwatch_log_group.l");
        assert!(log.is_some_and(|r| r.incomplete), "the total must read as a lower bound");
        nothing_negative(&report);
    }
}
