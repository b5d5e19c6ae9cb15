//! `advise`: one fixture per rule with a snapshot of its findings and patch, registry
//! invariants, the credlink end-to-end check (applying the patches realises exactly the saving
//! reported) and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use costplan::advise::{self, Analysis, Options};
use costplan::pipeline::{self, Outcome, Request, Source};
use costplan::pricing::Catalog;
use costplan::terraform::LoadOptions;

#[path = "support/fs.rs"]
mod fs;
use fs::copy_tree;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/advise");
const CREDLINK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/credlink");

/// A fixture's `options` file: `key = value` lines.
fn fixture_options(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("options")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn request(dir: &Path, var_files: &[&str], scenario: Option<&str>) -> Request {
    let mut load = LoadOptions::new(dir);
    load.var_files = var_files.iter().map(|f| dir.join(f)).collect();
    Request {
        source: Source::Dir(load),
        scenario: scenario.map(str::to_string),
        requests: None,
        usage_file: None,
        region: None,
        options: Default::default(),
        get_modules: false,
    }
}

fn analyse(request: &Request, opts: &Options) -> (Outcome, Analysis) {
    let catalog = Catalog::bundled();
    let outcome = pipeline::run(request, &catalog).expect("pipeline runs");
    let analysis = advise::advise(&outcome, request, &catalog, opts).expect("advise runs");
    (outcome, analysis)
}

/// Runs the fixture of `code` with only that rule selected.
fn run_fixture(code: &str) -> Analysis {
    let (req, opts) = fixture_request(code);
    analyse(&req, &opts).1
}

/// The request and options of the fixture of `code`, with only that rule selected.
fn fixture_request(code: &str) -> (Request, Options) {
    let dir = Path::new(FIXTURES).join(code);
    let o = fixture_options(&dir);
    let var_files: Vec<&str> = o.get("var_file").map(String::as_str).into_iter().collect();
    // A scenario file of the fixture, or a built-in scenario name.
    let scenario = o.get("scenario").map(|s| {
        let file = dir.join(s);
        if file.exists() { file.display().to_string() } else { s.clone() }
    });
    let mut req = request(&dir, &var_files, scenario.as_deref());
    if let (Some(ws), Source::Dir(load)) = (o.get("workspace"), &mut req.source) {
        load.workspace = ws.clone();
    }
    let opts = Options {
        select: vec![code.to_string()],
        environment: o.get("environment").map(|e| e == "prod"),
        include_resilience: o.get("include_resilience").is_some_and(|v| v == "true"),
        ..Options::default()
    };
    (req, opts)
}

/// Rules recognise components by id, never by display name (STYLE.md, "Identity is data, not
/// display"): relabelling every component of the estimate the rules read changes no finding.
#[test]
fn relabelled_components_change_no_finding() {
    let catalog = Catalog::bundled();
    for code in ["CP101", "CP120", "CP140", "CP141", "CP160"] {
        let (req, opts) = fixture_request(code);
        let mut outcome = pipeline::run(&req, &catalog).expect("pipeline runs");
        let key = |a: &Analysis| -> Vec<(String, String, String)> {
            a.advice
                .findings
                .iter()
                .map(|f| (f.code.clone(), f.address.clone(), f.monthly_saving.to_string()))
                .collect()
        };
        let plain = key(&advise::advise(&outcome, &req, &catalog, &opts).expect("advise runs"));
        assert!(plain.iter().any(|(c, _, _)| c == code), "{code}: the fixture has no finding");
        for r in outcome.report.projects.iter_mut().flat_map(|p| p.resources.iter_mut()) {
            let subs = r.subresources.iter_mut().flat_map(|s| s.components.iter_mut());
            for (i, c) in r.components.iter_mut().chain(subs).enumerate() {
                c.name = format!("line {i}");
            }
        }
        let relabelled =
            key(&advise::advise(&outcome, &req, &catalog, &opts).expect("advise runs"));
        assert_eq!(plain, relabelled, "{code}: relabelling components changed the findings");
    }
}

fn credlink_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("credlink");
    copy_tree(Path::new(CREDLINK), &root);
    (tmp, root)
}

/// A copy of the fixture `name` in a temp dir (for tests that edit or patch it).
fn fixture_copy(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_tree(&Path::new(FIXTURES).join(name), tmp.path());
    tmp
}

/// A request for `dir` with its own `scenario.yaml`.
fn scenario_request(dir: &Path) -> Request {
    let scenario = dir.join("scenario.yaml").display().to_string();
    request(dir, &[], Some(&scenario))
}

/// Options selecting only `code`.
fn only(code: &str) -> Options {
    Options { select: vec![code.into()], ..Options::default() }
}

mod rules {
    use super::*;

    /// Every registered rule: its fixture's findings and patch, as a snapshot.
    #[test]
    fn every_rule_fixture_matches_its_snapshot() {
        for rule in advise::registry::RULES {
            let code = rule.code();
            let analysis = run_fixture(code);
            assert!(
                analysis.advice.findings.iter().any(|f| f.code == code),
                "{code}: the fixture must make the rule fire; skipped: {:?}",
                analysis.advice.skipped
            );
            // The patches are shown as diffs after the JSON, where a reviewer can read them.
            let mut advice = analysis.advice.clone();
            let mut patches = String::new();
            for f in &mut advice.findings {
                if let Some(p) = f.patch.take() {
                    patches.push_str(&format!("\n=== patch of {} {}\n{p}", f.code, f.address));
                }
            }
            let json = serde_json::to_string_pretty(&advice).expect("serialises");
            insta::assert_snapshot!(code, format!("{json}\n{patches}"));
        }
    }

    /// CP121 at its version boundaries: a version just below the first that runs on the
    /// Graviton class is skipped with the version it needs; that first version is a finding.
    #[test]
    fn db_graviton_starts_at_the_first_supported_version() {
        let dir = Path::new(FIXTURES).join("CP121-versions");
        let (_, analysis) = analyse(&request(&dir, &[], None), &only("CP121"));
        let advice = &analysis.advice;
        let mut found: Vec<&str> = advice.findings.iter().map(|f| f.address.as_str()).collect();
        found.sort_unstable();
        assert_eq!(
            found,
            [
                "aws_db_instance.mysql_at",
                "aws_db_instance.pg_at",
                "aws_elasticache_replication_group.redis_at"
            ],
            "{:?}",
            advice.skipped
        );
        for (address, needs) in [
            (
                "aws_db_instance.pg_below",
                "PostgreSQL 12.6 does not run on db.m6g: AWS supports PostgreSQL 12.7 and later",
            ),
            (
                "aws_db_instance.mysql_below",
                "MySQL 8.0.24 does not run on db.t4g: AWS supports MySQL 8.0.25 and later",
            ),
            (
                "aws_elasticache_replication_group.redis_below",
                "Redis OSS 5.0.5 does not run on cache.t4g: AWS supports Redis OSS 5.0.6 and later",
            ),
        ] {
            let s = advice.skipped.iter().find(|s| s.address == address);
            assert_eq!(
                s.map(|s| s.code.as_str()),
                Some("CP121"),
                "{address}: {:?}",
                advice.skipped
            );
            let reason = s.map(|s| s.reason.as_str()).unwrap_or_default();
            assert!(
                reason.contains(needs) && reason.contains("upgrade the engine first"),
                "{reason}"
            );
        }
        assert_eq!(advice.skipped.len(), 3, "{:?}", advice.skipped);
    }
}

mod registry {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented_with_fixture_and_snapshot() {
        let codes: Vec<&str> = advise::registry::RULES.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "codes must be unique and the registry sorted by code");
        let mut names: Vec<&str> = advise::registry::RULES.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), codes.len(), "rule names must be unique");
        for rule in advise::registry::RULES {
            let code = rule.code();
            assert!(
                code.len() == 5
                    && code.starts_with("CP")
                    && code[2..].chars().all(|c| c.is_ascii_digit()),
                "{code}: codes look like CP101"
            );
            assert!(
                rule.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{code}: name `{}` must be kebab-case",
                rule.name()
            );
            for (title, text) in advise::registry::sections(&rule.doc()) {
                assert!(text.trim().len() > 20, "{code}: section `{title}` is empty");
            }
            let fixture = Path::new(FIXTURES).join(code).join("main.tf");
            assert!(fixture.exists(), "{code}: fixture {} missing", fixture.display());
            let snap = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/snapshots/advise__rules__{code}.snap"));
            assert!(snap.exists(), "{code}: snapshot {} missing", snap.display());
            let explained = advise::registry::explain(*rule);
            assert!(explained.starts_with(code) && explained.contains("## Risks"), "{explained}");
        }
    }
}

mod end_to_end {
    use super::*;
    use rust_decimal::Decimal;

    fn warnings(outcome: &Outcome) -> Vec<String> {
        let mut w: Vec<String> =
            outcome.report.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect();
        w.sort();
        w
    }

    /// Applying every dev finding to a copy of credlink lowers the estimate by exactly what
    /// advise reported, and the patched Terraform loads without new warnings.
    #[test]
    fn dev_patches_realise_the_reported_saving() {
        let (_tmp, root) = credlink_copy();
        let req = request(&root, &["environments/dev.tfvars"], Some("credlink-100k"));
        let (before, analysis) = analyse(&req, &Options::default());
        let advice = &analysis.advice;
        assert!(!advice.environment.production, "{}", advice.environment.evidence);
        assert!(advice.findings.iter().any(|f| f.code == "CP101"), "{:?}", advice.findings);
        assert!(advice.findings.iter().all(|f| f.patch.is_some()), "every dev finding has a patch");
        let set = analysis.patch_set().expect("patches merge");
        set.apply().expect("patches apply");

        let catalog = Catalog::bundled();
        let after = pipeline::run(&req, &catalog).expect("patched Terraform loads");
        let drop = before.report.totals.monthly - after.report.totals.monthly;
        assert!(drop > Decimal::ZERO);
        assert_eq!(drop, advice.total.estimate_change, "the estimate drops by the reported change");
        assert_eq!(
            advice.total.monthly_saving,
            drop - advice.total.adjustments,
            "saving = estimate drop − costs the estimate does not model"
        );
        assert_eq!(warnings(&before), warnings(&after), "no new warnings");
        // Nothing left to recommend for the applied rules.
        let (_, again) = analyse(&req, &Options::default());
        assert!(again.advice.findings.is_empty(), "{:?}", again.advice.findings);
    }

    /// In production no resilience-reducing rule fires unless asked; the candidates are listed
    /// as skipped, and `include_resilience` turns them into findings.
    #[test]
    fn prod_gets_no_resilience_reducing_finding_unless_asked() {
        let req =
            request(Path::new(CREDLINK), &["environments/prod.tfvars"], Some("credlink-100k"));
        let (_, analysis) = analyse(&req, &Options::default());
        assert!(analysis.advice.environment.production);
        assert!(
            analysis.advice.findings.iter().all(|f| !f.reduces_resilience),
            "{:?}",
            analysis.advice.findings
        );
        let held: Vec<&str> = analysis
            .advice
            .skipped
            .iter()
            .filter(|s| s.reason.contains("--include-resilience"))
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(held, ["CP102", "CP103", "CP104"]);

        let opts = Options { include_resilience: true, ..Options::default() };
        let (_, asked) = analyse(&req, &opts);
        let codes: Vec<&str> = asked.advice.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(["CP102", "CP103", "CP104"].iter().all(|c| codes.contains(c)), "{codes:?}");
        // One NAT gateway: 730 h × $0.045 and one public IPv4 (730 h × $0.005) saved, less the
        // cross-AZ transfer the other AZ's traffic now pays (README: 6.002426 GB of NAT data).
        let nat = asked.advice.findings.iter().find(|f| f.code == "CP102").expect("CP102");
        let cross = nat.adjustments.iter().map(|a| a.monthly_cost).sum::<Decimal>();
        assert_eq!(nat.monthly_saving + cross, Decimal::new(3285, 2) + Decimal::new(365, 2));
        assert!(cross > Decimal::ZERO && cross < Decimal::ONE, "{cross}");
    }

    /// A test rule that overlaps with CP101 on the same service: one task fewer.
    struct FewerTasks;

    impl advise::rule::Rule for FewerTasks {
        fn code(&self) -> &'static str {
            "CP900"
        }
        fn name(&self) -> &'static str {
            "fewer-tasks"
        }
        fn doc(&self) -> advise::rule::RuleDoc {
            let text = "test rule: runs one task fewer";
            advise::rule::RuleDoc {
                detects: text,
                why: text,
                example: text,
                savings: text,
                risks: text,
            }
        }
        fn check(&self, ctx: &advise::rule::Ctx) -> Vec<advise::rule::Proposal> {
            ctx.of_type("aws_ecs_service")
                .map(|s| {
                    advise::rule::Proposal::new(&s.address, "one task fewer", advise::Risk::Safe)
                        .set("desired_count", costplan::terraform::Value::Number(Decimal::TWO))
                })
                .collect()
        }
    }

    /// Two findings on one service (Spot with a FARGATE base, and one task fewer) overlap: the
    /// combined saving is a re-estimate with both changes, less than the sum, and applying both
    /// patches realises exactly it.
    #[test]
    fn findings_on_one_resource_are_combined_without_double_counting() {
        let tmp = fixture_copy("CP101");
        let req = request(tmp.path(), &[], None);
        let catalog = Catalog::bundled();
        let before = pipeline::run(&req, &catalog).expect("pipeline runs");
        let rules: [&dyn advise::rule::Rule; 2] = [advise::registry::RULES[0], &FewerTasks];
        let analysis = advise::advise_with(&rules, &before, &req, &catalog, &Options::default())
            .expect("advise runs");
        let advice = &analysis.advice;
        assert_eq!(advice.findings.len(), 2, "{:?}", advice.skipped);
        let c = advice.combined.first().expect("a combined entry");
        assert_eq!(c.address, "aws_ecs_service.web");
        assert!(c.monthly_saving < c.separate_monthly_saving, "{c:?}");
        assert_eq!(advice.total.monthly_saving, c.monthly_saving);
        analysis.patch_set().expect("patches merge").apply().expect("apply");
        let after = pipeline::run(&req, &catalog).expect("reloads");
        assert_eq!(before.report.totals.monthly - after.report.totals.monthly, c.monthly_saving);
    }
}

mod combined {
    use super::*;
    use rust_decimal::Decimal;

    /// Spot (CP101) and Graviton (CP120) on one service: each is priced alone; together they
    /// need a Fargate Spot ARM64 price the snapshot does not have, so the larger saving is
    /// recommended, the other is listed with both savings, and the total is a re-estimate of
    /// the kept findings only (never the sum of overlapping savings, never a silent $0).
    #[test]
    fn spot_and_graviton_on_one_service_are_not_double_counted() {
        let dir = Path::new(FIXTURES).join("CP120");
        let req = request(&dir, &[], None);
        let opts = Options {
            select: vec!["CP101".into(), "CP120".into()],
            environment: Some(false),
            ..Options::default()
        };
        let (before, analysis) = analyse(&req, &opts);
        let advice = &analysis.advice;
        let api = "aws_ecs_service.api";
        let spot = advice.findings.iter().find(|f| f.code == "CP101" && f.address == api);
        let spot = spot.expect("CP101 fires on the two-task service");
        assert!(
            !advice.findings.iter().any(|f| f.code == "CP120" && f.address == api),
            "{:?}",
            advice.findings
        );
        let skipped = advice.skipped.iter().find(|s| s.code == "CP120" && s.address == api);
        let reason = skipped.map(|s| s.reason.as_str()).unwrap_or_default();
        assert!(
            reason.contains("together with CP101")
                && reason.contains("price not found for aws_ecs_service.api"),
            "{reason}"
        );
        // Graviton alone on `api`: run only CP120.
        let alone = Options { select: vec!["CP120".into()], ..opts.clone() };
        let (_, g) = analyse(&req, &alone);
        let graviton = g.advice.findings.iter().find(|f| f.address == api).expect("CP120 alone");
        assert!(reason.contains(&graviton.monthly_saving.round_dp(2).to_string()), "{reason}");
        assert!(spot.monthly_saving > graviton.monthly_saving);
        // The total re-estimates every kept change at once: findings are on different
        // resources here, so it is their sum, and it leaves the skipped Graviton saving out.
        let kept: Decimal = advice.findings.iter().map(|f| f.monthly_saving).sum();
        assert_eq!(advice.total.monthly_saving, kept);
        assert!(advice.total.estimate_change < before.report.totals.monthly);
        assert!(advice.combined.is_empty(), "{:?}", advice.combined);
    }
}

mod bad_input {
    use super::*;

    #[test]
    fn unknown_codes_are_refused_with_the_known_ones() {
        let err = advise::rule("CP999").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("CP999") && err.contains("CP101"), "{err}");
        let req = request(Path::new(CREDLINK), &[], None);
        let catalog = Catalog::bundled();
        let outcome = pipeline::run(&req, &catalog).expect("pipeline runs");
        let opts = Options { select: vec!["CP999".into()], ..Options::default() };
        let err = advise::advise(&outcome, &req, &catalog, &opts).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("unknown rule code `CP999`")));
    }

    #[test]
    fn files_changed_since_the_analysis_are_refused_and_nothing_is_written() {
        let (_tmp, root) = credlink_copy();
        let req = request(&root, &["environments/dev.tfvars"], Some("credlink-100k"));
        let (_, analysis) = analyse(&req, &Options::default());
        let set = analysis.patch_set().expect("patches merge");
        let compute = root.join("compute.tf");
        let edited = std::fs::read_to_string(&compute).expect("read") + "\n# edited meanwhile\n";
        std::fs::write(&compute, &edited).expect("write");
        let err = set.apply().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("compute.tf") && err.contains("changed since the analysis"), "{err}");
        assert_eq!(std::fs::read_to_string(&compute).expect("read"), edited);
    }

    /// CP108 leaves alone every log group something reads with a Standard-only feature (a
    /// metric filter, a subscription filter) or routinely (a dashboard's Logs Insights widget),
    /// and groups already in the Infrequent Access class: only the unused groups are advised.
    /// A filter on a group whose name is known only after apply uses that group (the reference
    /// the loader recorded), not every group of the module.
    #[test]
    fn log_groups_with_filters_or_readers_keep_the_standard_class() {
        let analysis = run_fixture("CP108");
        let mut advised: Vec<&str> =
            analysis.advice.findings.iter().map(|f| f.address.as_str()).collect();
        advised.sort_unstable();
        assert_eq!(advised, ["aws_cloudwatch_log_group.audit", "aws_cloudwatch_log_group.batch"]);
        // Not even candidates: nothing about them is listed as skipped either.
        assert!(analysis.advice.skipped.is_empty(), "{:?}", analysis.advice.skipped);
    }

    /// CP107 on a VPC from a registry module: the saving is computed, but the endpoint cannot
    /// be added inside a module costplan does not own, so the finding says what to add and
    /// where instead of a patch.
    #[test]
    fn endpoints_for_a_registry_module_vpc_say_what_to_add() {
        let req = scenario_request(&Path::new(FIXTURES).join("registry-vpc"));
        let opts = Options {
            select: vec!["CP107".into()],
            environment: Some(false),
            ..Options::default()
        };
        let (_, analysis) = analyse(&req, &opts);
        let f = analysis.advice.findings.iter().find(|f| f.title.contains("S3 gateway"));
        let f = f.expect("the S3 gateway endpoint is advised");
        assert_eq!(f.address, "module.vpc.aws_vpc.this");
        assert!(f.monthly_saving > rust_decimal::Decimal::ZERO);
        assert!(f.patch.is_none());
        let reason = f.no_patch_reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("not part of this project")
                && reason.contains("com.amazonaws.us-east-1.s3")
                && reason.contains("route_table_ids = module.vpc.private_route_table_ids"),
            "{reason}"
        );
    }

    /// CP107 after its own patch: the configuration now has the S3 gateway endpoint, so the
    /// rule no longer proposes it (no finding, no skipped candidate for S3), and the estimate
    /// dropped by exactly what the finding reported.
    #[test]
    fn a_vpc_with_the_s3_gateway_endpoint_gets_no_s3_finding() {
        let tmp = fixture_copy("CP107");
        let req = scenario_request(tmp.path());
        let opts = Options {
            select: vec!["CP107".into()],
            environment: Some(false),
            ..Options::default()
        };
        let (before, analysis) = analyse(&req, &opts);
        let s3 = analysis.advice.findings.iter().position(|f| f.title.contains("S3 gateway"));
        let s3 = s3.expect("S3 gateway endpoint advised");
        let reported = analysis.advice.findings[s3].monthly_saving;
        let diff = analysis.advice.findings[s3].patch.clone().expect("a patch");
        assert!(diff.contains("resource \"aws_vpc_endpoint\" \"s3\""), "{diff}");
        // Apply only the S3 finding's patch.
        let main = tmp.path().join("main.tf");
        let text = std::fs::read_to_string(&main).expect("read");
        let block = diff
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .map(|l| &l[1..])
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&main, format!("{text}{block}\n")).expect("write");

        let catalog = Catalog::bundled();
        let after = pipeline::run(&req, &catalog).expect("patched Terraform loads");
        assert_eq!(before.report.totals.monthly - after.report.totals.monthly, reported);
        let (_, advised) = analyse(&req, &opts);
        let about_s3 = |t: &str| t.contains("Add an S3 gateway endpoint");
        assert!(!advised.advice.findings.iter().any(|f| about_s3(&f.title)));
        assert!(!advised.advice.skipped.iter().any(|s| about_s3(&s.reason)));
        // The logs endpoint still pays and is still advised.
        assert!(advised.advice.findings.iter().any(|f| f.title.contains("CloudWatch Logs")));
    }

    /// A resource inside a registry module (installed under .terraform/modules) is priced and
    /// advised, but gets no patch: the finding says why.
    #[test]
    fn registry_module_resources_get_a_reason_instead_of_a_patch() {
        let dir = Path::new(FIXTURES).join("registry-module");
        let req = request(&dir, &[], None);
        let opts = Options { environment: Some(false), ..Options::default() };
        let (_, analysis) = analyse(&req, &opts);
        let f = analysis
            .advice
            .findings
            .iter()
            .find(|f| f.address.starts_with("module.svc."))
            .expect("a finding inside the registry module");
        assert!(f.patch.is_none());
        let reason = f.no_patch_reason.as_deref().unwrap_or_default();
        assert!(reason.contains("not part of this project"), "{reason}");
    }
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    /// `costplan args` with no AWS, Terraform or costplan settings from the developer's
    /// environment, a HOME of its own and no user pricing cache (as `pricing_refresh::common`).
    fn costplan(args: &[&str], stdin: &str) -> (i32, String, String) {
        let home = tempfile::tempdir().expect("temp dir");
        let mut cmd = Command::cargo_bin("costplan").expect("costplan binary built");
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().into_owned();
            if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
                cmd.env_remove(&k);
            }
        }
        cmd.env("HOME", home.path())
            .env("AWS_CONFIG_FILE", "/nonexistent/costplan-test/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/costplan-test/credentials")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache");
        let out = cmd.args(args).write_stdin(stdin).output().expect("costplan runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn explain_prints_every_section_and_refuses_unknown_codes() {
        let (code, out, _) = costplan(&["explain", "cp101"], "");
        assert_eq!(code, 0);
        for section in [
            "What it detects",
            "Why it costs money",
            "Example",
            "How the saving is computed",
            "Risks",
        ] {
            assert!(out.contains(&format!("## {section}")), "{out}");
        }
        let (code, _, err) = costplan(&["explain", "CP999"], "");
        assert_eq!(code, 2);
        assert!(err.contains("unknown rule code `CP999`") && err.contains("CP106"), "{err}");
        let (code, _, err) =
            costplan(&["advise", "--path", CREDLINK, "--select", "CP101,CP999"], "");
        assert_eq!(code, 2);
        assert!(err.contains("CP999"), "{err}");
    }

    /// `advise --apply` asks; "n" writes nothing; `--yes` writes, and `estimate` then shows the
    /// total lower by what advise's JSON reported.
    #[test]
    fn apply_asks_then_writes_and_estimate_agrees() {
        let (_tmp, root) = credlink_copy();
        let path = root.display().to_string();
        let dev = root.join("environments/dev.tfvars").display().to_string();
        let common = ["--path", &path, "--scenario", "credlink-100k", "--var-file", &dev];
        let estimate_total = || {
            let mut args = vec!["estimate"];
            args.extend(common);
            args.extend(["--format", "json"]);
            let (code, out, err) = costplan(&args, "");
            assert_eq!(code, 0, "{err}");
            let report = costplan::model::Report::from_json(&out).expect("report");
            report.totals.monthly
        };
        let before = estimate_total();
        let compute = std::fs::read_to_string(root.join("compute.tf")).expect("read");

        let mut args = vec!["advise"];
        args.extend(common);
        args.push("--apply");
        let (code, _, err) = costplan(&args, "n\n");
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("Apply these changes?") && err.contains("Nothing written"), "{err}");
        assert_eq!(std::fs::read_to_string(root.join("compute.tf")).expect("read"), compute);

        args.extend(["--yes", "--format", "json"]);
        let (code, out, err) = costplan(&args, "");
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("wrote"), "{err}");
        let report = costplan::model::Report::from_json(&out).expect("advise JSON is a report");
        let advice = report.advice.expect("advice in the JSON");
        assert_eq!(before - estimate_total(), advice.total.estimate_change);
    }

    /// `advise --apply --yes` on the credlink copy with the dev var file (it patches
    /// `compute.tf`, `environments/dev.tfvars` and `modules/vpc/main.tf`).
    fn apply_yes(root: &Path) -> (i32, String, String) {
        let path = root.display().to_string();
        let dev = root.join("environments/dev.tfvars").display().to_string();
        costplan(
            &[
                "advise",
                "--path",
                &path,
                "--scenario",
                "credlink-100k",
                "--var-file",
                &dev,
                "--apply",
                "--yes",
            ],
            "",
        )
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).expect("read")
    }

    /// A read-only (0444) file among the patched ones is refused, even as root, before any
    /// file is written: the others are left as they were.
    #[cfg(unix)]
    #[test]
    fn apply_refuses_a_read_only_file_and_writes_nothing() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_tmp, root) = credlink_copy();
        let files =
            ["compute.tf", "environments/dev.tfvars", "modules/vpc/main.tf"].map(|f| root.join(f));
        let before = files.clone().map(|f| read(&f));
        let locked = &files[2];
        std::fs::set_permissions(locked, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let (code, _, err) = apply_yes(&root);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("modules/vpc/main.tf") && err.contains("read-only"), "{err}");
        assert!(!err.contains("wrote"), "{err}");
        assert_eq!(files.map(|f| read(&f)), before);
    }

    /// A symlinked `.tf` is followed: the file it points to is patched, the link stays a link,
    /// and the output says so; a hard-linked var file is patched in place, so both its names
    /// see the change.
    #[cfg(unix)]
    #[test]
    fn apply_follows_a_symlink_and_keeps_a_hard_link() {
        let (tmp, root) = credlink_copy();
        let shared = tmp.path().join("shared-compute.tf");
        let compute = root.join("compute.tf");
        std::fs::rename(&compute, &shared).expect("move");
        std::os::unix::fs::symlink(&shared, &compute).expect("symlink");
        let dev = root.join("environments/dev.tfvars");
        let other = tmp.path().join("other-name.tfvars");
        std::fs::hard_link(&dev, &other).expect("hard link");
        let before = (read(&shared), read(&dev));

        let (code, _, err) = apply_yes(&root);
        assert_eq!(code, 0, "{err}");
        assert!(std::fs::symlink_metadata(&compute).expect("meta").file_type().is_symlink());
        assert_ne!(read(&shared), before.0, "the link's target is patched");
        assert!(err.contains("compute.tf (a symbolic link: wrote the file it points to"), "{err}");
        assert!(err.contains("shared-compute.tf"), "{err}");
        assert_ne!(read(&dev), before.1);
        assert_eq!(read(&other), read(&dev), "the hard link is kept");
    }
}

/// Commitment rules (reservations): the table of terms, production only unless selected, and
/// the resources that must not get one.
mod commitments {
    use super::*;
    use costplan::advise::render::Format;
    use rust_decimal::Decimal;

    fn commitments(select: &[&str], environment: Option<bool>) -> (Outcome, Analysis) {
        let req = scenario_request(&Path::new(FIXTURES).join("commitments"));
        let opts = Options {
            select: select.iter().map(|s| s.to_string()).collect(),
            environment,
            ..Options::default()
        };
        analyse(&req, &opts)
    }

    /// Every row is priced by the estimate with that term or says "price not found" (no
    /// figure at all, never $0); the finding's figures are the recommended row's.
    #[test]
    fn the_table_prices_each_term_or_says_price_not_found() {
        let (outcome, analysis) = commitments(&["CP130"], Some(true));
        let advice = &analysis.advice;
        let f = advice
            .findings
            .iter()
            .find(|f| f.address == "aws_db_instance.main")
            .expect("a reservation finding for the always-on instance");
        let terms: Vec<&str> = f.commitment_options.iter().map(|r| r.term.as_str()).collect();
        assert_eq!(
            terms,
            [
                "1yr No Upfront",
                "1yr Partial Upfront",
                "1yr All Upfront",
                "3yr No Upfront",
                "3yr Partial Upfront",
                "3yr All Upfront"
            ]
        );
        for r in &f.commitment_options {
            if r.priced {
                assert!(r.monthly_cost.is_some_and(|c| c > Decimal::ZERO), "{r:?}");
            } else {
                assert_eq!(
                    (r.monthly_cost, r.monthly_saving, r.upfront, r.break_even_month),
                    (None, None, None, None),
                    "an unpriced term has no figure: {r:?}"
                );
                assert!(r.note.as_deref().is_some_and(|n| n.starts_with("price not found")));
            }
        }
        let unpriced: Vec<&str> =
            f.commitment_options.iter().filter(|r| !r.priced).map(|r| r.term.as_str()).collect();
        assert_eq!(unpriced, ["1yr All Upfront", "3yr No Upfront"]);
        let best: Vec<_> = f.commitment_options.iter().filter(|r| r.recommended).collect();
        assert_eq!(best.len(), 1);
        assert_eq!(best[0].term, "1yr No Upfront");
        assert_eq!(best[0].monthly_saving, Some(f.monthly_saving));
        assert_eq!(best[0].monthly_cost, Some(f.monthly_cost_after));
        assert_eq!((f.upfront, f.break_even_month), (Some(Decimal::ZERO), Some(1)));
        // The on-demand instance line: 730 h × $0.018; 1yr No Upfront: 730 h × $0.0129.
        assert_eq!(
            f.monthly_saving,
            Decimal::from(730) * (Decimal::new(18, 3) - Decimal::new(129, 4))
        );
        // 3yr All Upfront: $223.38 upfront, no hourly charge: 223.38 ÷ 13.14 = month 17.
        let all3 = &f.commitment_options[5];
        assert_eq!((all3.upfront, all3.break_even_month), (Some(Decimal::new(22338, 2)), Some(17)));
        assert!(f.patch.is_none());
        let reason = f.no_patch_reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("aws rds purchase-reserved-db-instances-offering")
                && reason.contains("--db-instance-class db.t3.micro")
                && reason.contains("--multi-az false")
                && reason.contains("--duration 1 --offering-type \"No Upfront\""),
            "{reason}"
        );
        // Rendered: the unpriced rows read "price not found" in both text formats.
        for format in [Format::Table, Format::Markdown] {
            let text = format.render(advice, &outcome.report);
            let row = text.lines().find(|l| l.contains("1yr All Upfront")).unwrap_or_default();
            assert!(row.contains("price not found") && !row.contains("$0.00"), "{text}");
        }
        let json = Format::Json.render(advice, &outcome.report);
        assert!(json.contains("\"commitment_options\""), "{json}");
    }

    /// Multi-AZ db.t3.micro has no reserved price in the snapshot: skipped with the terms
    /// named; an instance already reserved and an Aurora Serverless v2 instance (priced from
    /// ACU usage, not always on) get nothing.
    #[test]
    fn unpriced_reserved_and_not_always_on_resources_get_no_finding() {
        let (_, analysis) = commitments(&["CP130"], Some(true));
        let advice = &analysis.advice;
        let addresses: Vec<&str> = advice.findings.iter().map(|f| f.address.as_str()).collect();
        assert_eq!(addresses.len(), 2, "{addresses:?}");
        assert!(addresses.contains(&"aws_db_instance.main"), "{addresses:?}");
        assert!(addresses.contains(&"module.db.aws_db_instance.this"), "{addresses:?}");
        let multi = advice.skipped.iter().find(|s| s.address == "aws_db_instance.multi");
        let reason = multi.map(|s| s.reason.as_str()).unwrap_or_default();
        assert!(
            reason.contains("no reserved term is priced") && reason.contains("3yr All Upfront"),
            "{reason}"
        );
        for quiet in ["aws_db_instance.reserved", "aws_rds_cluster_instance.serverless"] {
            assert!(advice.skipped.iter().all(|s| s.address != quiet), "{:?}", advice.skipped);
        }
    }

    /// Reservations are bought, whoever owns the module: the registry module's database gets
    /// the purchase instruction, not "module not part of this project".
    #[test]
    fn a_registry_module_database_gets_the_purchase_instruction() {
        let (_, analysis) = commitments(&["CP130"], Some(true));
        let f = analysis
            .advice
            .findings
            .iter()
            .find(|f| f.address == "module.db.aws_db_instance.this")
            .expect("a finding inside the registry module");
        assert!(f.patch.is_none());
        let reason = f.no_patch_reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("--db-instance-class db.t3.medium")
                && reason.contains("--product-description mysql"),
            "{reason}"
        );
    }

    /// Outside production a commitment is held back (listed with the reason) unless its code
    /// is selected; in production it fires with every rule.
    #[test]
    fn reservations_fire_in_production_or_when_selected() {
        let (_, all) = commitments(&[], Some(false));
        assert!(all.advice.findings.iter().all(|f| f.code != "CP130"), "{:?}", all.advice.findings);
        let held: Vec<&str> = all
            .advice
            .skipped
            .iter()
            .filter(|s| s.code == "CP130" && s.reason.contains("not production"))
            .map(|s| s.address.as_str())
            .collect();
        assert!(held.contains(&"aws_db_instance.main"), "{:?}", all.advice.skipped);
        let (_, asked) = commitments(&["CP130"], Some(false));
        assert!(asked.advice.findings.iter().any(|f| f.code == "CP130"));
        let (_, prod) = commitments(&[], Some(true));
        assert!(prod.advice.findings.iter().any(|f| f.code == "CP130"));
    }
}

/// CP150 `s3-tiering` and CP160 `fargate-rightsizing`: their patches realise the reported
/// saving, and the bad input each must refuse with a reason.
mod sizing {
    use super::*;
    use rust_decimal::Decimal;

    /// Applying the fixture's patch to a copy lowers the estimate by exactly the reported
    /// change (the added lifecycle configuration for CP150, the variable default for CP160),
    /// and the patched Terraform loads without new warnings.
    #[test]
    fn patches_realise_the_reported_saving() {
        for code in ["CP150", "CP160"] {
            let tmp = fixture_copy(code);
            let req = scenario_request(tmp.path());
            let (before, analysis) = analyse(&req, &only(code));
            let advice = &analysis.advice;
            assert_eq!(advice.findings.len(), 1, "{code}: {:?}", advice.skipped);
            assert!(advice.findings[0].patch.is_some(), "{code}: {:?}", advice.findings[0]);
            analysis.patch_set().expect("patches merge").apply().expect("patches apply");
            let catalog = Catalog::bundled();
            let after = pipeline::run(&req, &catalog).expect("patched Terraform loads");
            let drop = before.report.totals.monthly - after.report.totals.monthly;
            assert!(drop > Decimal::ZERO, "{code}");
            assert_eq!(
                drop, advice.total.estimate_change,
                "{code}: the estimate drops as reported"
            );
            let warnings = |o: &Outcome| -> Vec<String> {
                let mut w: Vec<String> =
                    o.report.warnings.iter().map(|w| w.message.clone()).collect();
                w.sort();
                w
            };
            assert_eq!(warnings(&before), warnings(&after), "{code}: no new warnings");
            // CP150 has nothing left to move; CP160 may step down again (one size per finding),
            // but from the size the patch set.
            let (_, again) = analyse(&req, &only(code));
            let same: Vec<&str> = again
                .advice
                .findings
                .iter()
                .filter(|f| f.address == advice.findings[0].address)
                .map(|f| f.title.as_str())
                .collect();
            match code {
                "CP150" => assert!(same.is_empty(), "{same:?}"),
                _ => assert!(same.iter().all(|t| t.contains("instead of 512")), "{same:?}"),
            }
        }
    }

    /// credlink's proofs are 1 KB objects: no tiering advice, and the reason says why (and
    /// that the existing Glacier transition does not apply to them).
    #[test]
    fn small_object_buckets_are_told_why_not() {
        let req = request(Path::new(CREDLINK), &["environments/dev.tfvars"], Some("credlink-100k"));
        let (_, analysis) = analyse(&req, &only("CP150"));
        assert!(analysis.advice.findings.is_empty(), "{:?}", analysis.advice.findings);
        let s = analysis.advice.skipped.iter().find(|s| s.address == "aws_s3_bucket.proofs");
        let reason = s.map(|s| s.reason.as_str()).unwrap_or_default();
        assert!(
            reason.contains("objects average 1 KB")
                && reason.contains("under 128 KB")
                && reason.contains("Intelligent-Tiering never moves them")
                && reason.contains("transition to GLACIER after 90 days does not apply"),
            "{reason}"
        );
    }

    /// A bucket the scenario writes nothing to has no object size: not advised, said so.
    #[test]
    fn buckets_without_object_size_are_not_guessed() {
        let (_, analysis) =
            analyse(&scenario_request(&Path::new(FIXTURES).join("CP150")), &only("CP150"));
        let s = analysis.advice.skipped.iter().find(|s| s.address == "aws_s3_bucket.exports");
        let reason = s.map(|s| s.reason.as_str()).unwrap_or_default();
        assert!(reason.contains("average object size is not known"), "{reason}");
        assert!(analysis.advice.findings.iter().all(|f| f.address != "aws_s3_bucket.exports"));
    }

    /// Tasks already at 256 CPU units, a memory the smaller CPU does not allow, and a service
    /// without a load figure (no load balancer): no finding; the first two say why.
    #[test]
    fn rightsizing_needs_evidence_and_a_smaller_valid_size() {
        let (_, analysis) =
            analyse(&scenario_request(&Path::new(FIXTURES).join("CP160")), &only("CP160"));
        let advice = &analysis.advice;
        let reason = |a: &str| {
            advice
                .skipped
                .iter()
                .find(|s| s.address == a)
                .map(|s| s.reason.clone())
                .unwrap_or_default()
        };
        assert!(reason("aws_ecs_service.web").contains("already at the smallest Fargate size"));
        assert!(
            reason("aws_ecs_service.report").contains("does not run 3072 MiB with 256 CPU units")
        );
        let worker = "aws_ecs_service.worker";
        assert!(advice.findings.iter().all(|f| f.address != worker));
        assert!(advice.skipped.iter().all(|s| s.address != worker), "{:?}", advice.skipped);
        let codes: Vec<&str> = advice.findings.iter().map(|f| f.address.as_str()).collect();
        assert_eq!(codes, ["aws_ecs_service.api"]);
    }

    /// Without `capacity_per_task` in the scenario the default profile's 50/s is no evidence.
    #[test]
    fn rightsizing_refuses_the_default_capacity() {
        let tmp = fixture_copy("CP160");
        std::fs::write(tmp.path().join("scenario.yaml"), "requests: 200k\npeak_to_average: 3\n")
            .expect("write");
        let (_, analysis) = analyse(&scenario_request(tmp.path()), &only("CP160"));
        assert!(analysis.advice.findings.is_empty(), "{:?}", analysis.advice.findings);
        let reason = analysis.advice.skipped.first().map(|s| s.reason.clone()).unwrap_or_default();
        assert!(reason.contains("default profile's assumption (50 req/s)"), "{reason}");
    }

    /// A bucket with a lifecycle configuration that only expires objects: the finding names
    /// the rule to extend (no patch: the block goes inside an existing rule) and is priced with
    /// the transition added; objects expiring 45 days after upload would spend under Standard-IA's
    /// 30-day minimum there: not recommended.
    #[test]
    fn existing_lifecycle_rules_are_extended_by_hand_or_refused_when_too_short() {
        for (days, fires) in [(365, true), (45, false)] {
            let tmp = fixture_copy("CP150");
            let tf = format!(
                "resource \"aws_s3_bucket_lifecycle_configuration\" \"media\" {{\n  bucket = aws_s3_bucket.media.bucket\n\n  rule {{\n    id     = \"expire\"\n    status = \"Enabled\"\n\n    filter {{}}\n\n    expiration {{\n      days = {days}\n    }}\n  }}\n}}\n"
            );
            std::fs::write(tmp.path().join("lifecycle.tf"), tf).expect("write");
            let (_, analysis) = analyse(&scenario_request(tmp.path()), &only("CP150"));
            let advice = &analysis.advice;
            let media = "aws_s3_bucket.media";
            let finding = advice.findings.iter().find(|f| f.address == media);
            if fires {
                let f = finding.unwrap_or_else(|| panic!("{:?}", advice.skipped));
                assert!(f.patch.is_none());
                let reason = f.no_patch_reason.as_deref().unwrap_or_default();
                assert!(
                    reason.contains("rule `expire` of aws_s3_bucket_lifecycle_configuration.media")
                        && reason.contains("storage_class = \"STANDARD_IA\""),
                    "{reason}"
                );
                assert!(f.monthly_saving > Decimal::ZERO);
            } else {
                assert!(finding.is_none(), "{finding:?}");
                let s = advice.skipped.iter().find(|s| s.address == media);
                let reason = s.map(|s| s.reason.as_str()).unwrap_or_default();
                assert!(reason.contains("expire after 45 days"), "{reason}");
            }
        }
    }

    /// Resources inside a registry module: both rules fire, neither writes a patch, and the
    /// reason names the module.
    #[test]
    fn registry_module_resources_get_a_reason_instead_of_a_patch() {
        let dir = Path::new(FIXTURES).join("sizing-registry-module");
        let opts = Options { select: vec!["CP150".into(), "CP160".into()], ..Options::default() };
        let (_, analysis) = analyse(&scenario_request(&dir), &opts);
        let advice = &analysis.advice;
        for (code, address) in [
            ("CP150", "module.app.aws_s3_bucket.this"),
            ("CP160", "module.app.aws_ecs_service.this"),
        ] {
            let f = advice.findings.iter().find(|f| f.code == code && f.address == address);
            let f = f.unwrap_or_else(|| panic!("{code} on {address}: {:?}", advice.skipped));
            assert!(f.patch.is_none(), "{code}");
            let reason = f.no_patch_reason.as_deref().unwrap_or_default();
            assert!(reason.contains("not part of this project"), "{code}: {reason}");
            assert!(f.monthly_saving > Decimal::ZERO, "{code}");
        }
    }
}

/// Savings Plans (CP140, CP141): the commitment covers the steady usage only, the discount is
/// a stated assumption, and usage with no steady part gets nothing.
mod savings_plans {
    use super::*;
    use rust_decimal::Decimal;

    fn run(dir: &Path, code: &str) -> Analysis {
        analyse(&scenario_request(dir), &only(code)).1
    }

    /// A copy of a fixture with one text replaced in main.tf.
    fn variant(code: &str, from: &str, to: &str) -> tempfile::TempDir {
        let tmp = fixture_copy(code);
        let main = tmp.path().join("main.tf");
        let text = std::fs::read_to_string(&main).expect("read");
        assert!(text.contains(from), "{from}");
        std::fs::write(&main, text.replace(from, to)).expect("write");
        tmp
    }

    /// 2 steady tasks of 1 vCPU / 2 GB: 730 h × 2 × (0.04048 + 2 × 0.004445) × 50% (the
    /// assumed ceiling); the commitment is that usage's hourly cost after the discount.
    #[test]
    fn the_compute_plan_covers_the_minimum_tasks_at_the_stated_assumption() {
        let a = run(&Path::new(FIXTURES).join("CP140"), "CP140");
        let f = a.advice.findings.first().expect("a CP140 finding");
        let hourly = Decimal::TWO * (Decimal::new(4048, 5) + Decimal::TWO * Decimal::new(4445, 6));
        assert_eq!(f.monthly_saving, Decimal::from(730) * hourly / Decimal::TWO);
        assert_eq!(f.hourly_commitment, Some(hourly / Decimal::TWO));
        assert!(
            f.notes.iter().any(|n| n.contains("an assumption")
                && n.contains("upper bound")
                && n.contains("Purchase analyzer")
                && n.contains("https://")),
            "{:?}",
            f.notes
        );
        assert!(f.notes.iter().any(|n| n.contains("steady usage: 2 task(s)")), "{:?}", f.notes);
        // The peak tasks stay on demand: the service still costs more than the covered part.
        assert!(f.monthly_cost_after > f.monthly_saving);
        assert!(
            f.patch.is_none()
                && f.no_patch_reason.as_deref().is_some_and(|r| r.contains("create-savings-plan"))
        );
    }

    /// No steady task (min_capacity 0) or no steady ACU (min_capacity 0, the cluster may pause):
    /// nothing to commit to.
    #[test]
    fn usage_without_a_steady_part_gets_no_finding() {
        let tmp = variant("CP140", "min_capacity       = 2", "min_capacity       = 0");
        let a = run(tmp.path(), "CP140");
        assert!(a.advice.findings.is_empty(), "{:?}", a.advice.findings);
        let tmp = variant("CP141", "min_capacity = 2", "min_capacity = 0");
        let a = run(tmp.path(), "CP141");
        assert!(a.advice.findings.is_empty(), "{:?}", a.advice.findings);
    }

    /// credlink prod (docs/advise.md): a Compute Savings Plan for the api's 2 steady tasks of
    /// 0.25 vCPU / 0.5 GB and reserved nodes for the 2 cache nodes; no Database Savings Plan
    /// (db.t3 and Redis OSS are not covered); in dev none of the commitments fires.
    #[test]
    fn credlink_prod_gets_the_commitments_the_docs_describe() {
        let req =
            request(Path::new(CREDLINK), &["environments/prod.tfvars"], Some("credlink-100k"));
        let opts = Options {
            select: vec!["CP130".into(), "CP131".into(), "CP140".into(), "CP141".into()],
            ..Options::default()
        };
        let (_, a) = analyse(&req, &opts);
        let find = |code: &str| a.advice.findings.iter().find(|f| f.code == code);
        let plan = find("CP140").expect("CP140 on the api");
        let per_task = Decimal::new(25, 2) * Decimal::new(4048, 5)
            + Decimal::new(5, 1) * Decimal::new(4445, 6);
        assert_eq!(plan.hourly_commitment, Some(Decimal::TWO * per_task / Decimal::TWO));
        let nodes = find("CP131").expect("CP131 on the cache");
        assert_eq!(
            nodes.monthly_saving,
            Decimal::from(2 * 730) * (Decimal::new(17, 3) - Decimal::new(12, 3))
        );
        assert!(find("CP141").is_none() && find("CP130").is_none());
        let dev = request(Path::new(CREDLINK), &["environments/dev.tfvars"], Some("credlink-100k"));
        let (_, d) = analyse(&dev, &Options::default());
        assert!(
            d.advice
                .findings
                .iter()
                .all(|f| !["CP130", "CP131", "CP140", "CP141"].contains(&f.code.as_str())),
            "{:?}",
            d.advice.findings
        );
    }

    /// Database Savings Plans: the Serverless v2 minimum (2 ACU × 730 h × $0.12 × 35%), never
    /// the burstable db.t3 instance (not covered by the plan).
    #[test]
    fn the_database_plan_covers_serverless_minimum_and_skips_ineligible_classes() {
        let a = run(&Path::new(FIXTURES).join("CP141"), "CP141");
        let addresses: Vec<&str> = a.advice.findings.iter().map(|f| f.address.as_str()).collect();
        assert_eq!(addresses, ["aws_rds_cluster_instance.writer"]);
        let f = &a.advice.findings[0];
        let covered = Decimal::from(2 * 730) * Decimal::new(12, 2);
        assert_eq!(f.monthly_saving, covered * Decimal::new(35, 2));
        assert_eq!(
            f.hourly_commitment,
            Some(Decimal::TWO * Decimal::new(12, 2) * Decimal::new(65, 2))
        );
        assert_eq!((f.upfront, f.break_even_month), (Some(Decimal::ZERO), Some(1)));
    }
}

/// `estimate --advise`: the findings of `advise` in the estimate report, in every format; off
/// by default, and its flags refused without it.
mod estimate_advise {
    use super::*;
    use assert_cmd::Command;
    use costplan::model::Report;
    use rust_decimal::Decimal;

    /// credlink's dev setup, run from the example directory so that the inputs in the footer
    /// are relative and the snapshots do not depend on the checkout's location.
    const DEV: [&str; 4] = ["--var-file", "environments/dev.tfvars", "--scenario", "credlink-100k"];

    fn costplan(args: &[&str]) -> (i32, String, String) {
        let mut cmd = Command::cargo_bin("costplan").expect("costplan binary built");
        let out = cmd.current_dir(CREDLINK).args(args).output().expect("costplan runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `cmd` on credlink dev in `format`, expecting success.
    fn run(cmd: &[&str], format: &str) -> String {
        let mut args = cmd.to_vec();
        args.extend(DEV);
        args.extend(["--format", format]);
        let (code, out, err) = costplan(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    }

    /// `text` without the lines from the one starting with `start` up to (not including) the
    /// next one starting with `end`; panics when `start` is missing.
    fn without_section(text: &str, start: &str, end: &str) -> String {
        let mut out = String::new();
        let mut inside = false;
        let mut found = false;
        for line in text.lines() {
            if line.starts_with(start) {
                inside = true;
                found = true;
            } else if inside && line.starts_with(end) {
                inside = false;
            }
            if !inside {
                out.push_str(line);
                out.push('\n');
            }
        }
        assert!(found, "no `{start}` section in:\n{text}");
        out
    }

    /// Table and markdown: the whole output is snapshotted; the Savings section is the only
    /// difference from the plain estimate.
    #[test]
    fn table_and_markdown_show_the_savings_after_the_totals() {
        // The table's section (with the blank line after it) ends at the summary counts.
        for (format, start, end) in [
            ("table", "Savings:", "35 resources estimated"),
            ("markdown", "## Savings", "## Resources"),
        ] {
            let advised = run(&["estimate", "--advise"], format);
            let plain = run(&["estimate"], format);
            assert!(!plain.contains("Savings"), "{plain}");
            let stripped = without_section(&advised, start, end);
            assert_eq!(stripped, plain, "{format}: only the Savings section differs");
            insta::assert_snapshot!(format.to_string(), advised);
        }
    }

    /// HTML: the Savings section is snapshotted (the page's CSS and charts are the render
    /// tests' business), and it is the only difference from the plain page.
    #[test]
    fn html_shows_the_savings_after_the_header() {
        let advised = run(&["estimate", "--advise"], "html");
        let plain = run(&["estimate"], "html");
        assert!(!plain.contains("<h2>Savings</h2>"));
        assert_eq!(without_section(&advised, "<h2>Savings</h2>", "<h2>"), plain);
        let section: String = advised
            .lines()
            .skip_while(|l| !l.starts_with("<h2>Savings</h2>"))
            .take_while(|l| !l.starts_with("<h2>Where"))
            .map(|l| format!("{l}\n"))
            .collect();
        insta::assert_snapshot!("html_savings", section);
    }

    /// JSON: the report of the plain estimate plus `advice`, the very advice `costplan advise
    /// --format json` gives (same total: the engine's, every finding applied at once).
    #[test]
    fn json_carries_the_same_advice_as_advise() {
        let advised = Report::from_json(&run(&["estimate", "--advise"], "json")).expect("report");
        let from_advise = Report::from_json(&run(&["advise"], "json")).expect("report");
        let plain = Report::from_json(&run(&["estimate"], "json")).expect("report");
        assert!(plain.advice.is_none());
        let advice = advised.advice.clone().expect("advice with --advise");
        let reference = from_advise.advice.expect("advice from advise");
        assert_eq!(advice.total, reference.total);
        assert_eq!(advice, reference);
        assert!(!advice.findings.is_empty() && advice.total.monthly_saving > Decimal::ZERO);
        assert_eq!(Report { advice: None, ..advised }, plain);
        let json = serde_json::to_string_pretty(&advice).expect("serialises");
        insta::assert_snapshot!("json_advice", json);
    }

    #[test]
    fn rule_flags_are_shared_with_advise_and_need_advise() {
        // With --advise they select like advise's.
        let mut args = vec!["estimate", "--advise", "--select", "CP101"];
        args.extend(DEV);
        args.extend(["--format", "json"]);
        let (code, out, err) = costplan(&args);
        assert_eq!(code, 0, "{err}");
        let advice = Report::from_json(&out).expect("report").advice.expect("advice");
        assert_eq!(advice.rules_run, ["CP101"]);
        assert!(advice.findings.iter().all(|f| f.code == "CP101"), "{:?}", advice.findings);
        // Without --advise they are usage errors, not silently ignored.
        for flags in
            [&["--select", "CP101"][..], &["--min-savings", "5"], &["--include-resilience"]]
        {
            let mut args = vec!["estimate"];
            args.extend(flags);
            let (code, _, err) = costplan(&args);
            assert_eq!(code, 2, "{flags:?}");
            assert!(err.contains("--advise"), "{err}");
        }
        let (code, _, err) = costplan(&["estimate", "--advise", "--select", "CP999"]);
        assert_eq!(code, 2);
        assert!(err.contains("unknown rule code `CP999`"), "{err}");
    }

    /// A `costplan.yml` of several projects is refused with what to run instead, before any
    /// project is read.
    #[test]
    fn a_config_is_refused_with_what_to_do() {
        let (code, out, err) = costplan(&["estimate", "--advise", "--config", "absent.yml"]);
        assert_eq!(code, 2);
        assert!(out.is_empty());
        assert!(err.contains("--advise works on one project") && err.contains("--path"), "{err}");
    }
}
