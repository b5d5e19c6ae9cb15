//! credlink: prod → dev (`environments/dev.tfvars`: one NAT gateway, Single-AZ RDS, one Redis
//! node, one task) and a raised `desired_count`, with deltas equal to the difference of the two
//! sides' estimates; snapshots of the diff, JSON and markdown outputs.

use std::path::{Path, PathBuf};

use costplan::diff::{self, Change};
use costplan::model::Report;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::common::{CREDLINK, copy_tree, costplan, estimate, root, tempdir};

fn env_file(dir: &Path, env: &str) -> PathBuf {
    dir.join(format!("environments/{env}.tfvars"))
}

/// Every delta in the diff is the difference of the two reports.
fn assert_exact(diff: &diff::Diff, prior: &Report, proposed: &Report) {
    assert_eq!(diff.prior_monthly_cost, prior.totals.monthly);
    assert_eq!(diff.proposed_monthly_cost, proposed.totals.monthly);
    assert_eq!(diff.delta_monthly_cost, proposed.totals.monthly - prior.totals.monthly);
    assert_eq!(diff.fixed.delta + diff.usage_based.delta, diff.delta_monthly_cost);
    let by_resource: Decimal =
        diff.projects.iter().flat_map(|p| &p.resources).map(|r| r.delta_monthly_cost).sum();
    assert_eq!(by_resource, diff.delta_monthly_cost, "resource deltas add up to the total");
    for r in diff.projects.iter().flat_map(|p| &p.resources) {
        let cost =
            |rep: &Report| rep.totals.by_resource.get(&r.address).copied().unwrap_or_default();
        assert_eq!(r.delta_monthly_cost, cost(proposed) - cost(prior), "{}", r.address);
        assert_eq!(r.fixed_delta + r.usage_delta, r.delta_monthly_cost, "{}", r.address);
    }
}

/// Components are the same line of the bill by id, not by display name: a base whose every
/// label differs (a newer costplan renamed them) diffs as no change, and a base saved before
/// components had ids still loads and matches by name.
#[test]
fn a_relabelled_base_and_a_base_saved_before_ids_show_no_change() {
    let dir = root().join(CREDLINK);
    let prod = estimate(&dir, &[env_file(&dir, "prod")]);
    let mut relabelled = prod.clone();
    for r in relabelled.projects.iter_mut().flat_map(|p| p.resources.iter_mut()) {
        let subs = r.subresources.iter_mut().flat_map(|s| s.components.iter_mut());
        for (i, c) in r.components.iter_mut().chain(subs).enumerate() {
            c.name = format!("line {i}");
        }
    }
    let without_ids: String = prod
        .to_json()
        .lines()
        .filter(|l| !l.trim_start().starts_with(r#""id": "#))
        .collect::<Vec<_>>()
        .join("\n");
    let old = Report::from_json(&without_ids).expect("a report saved before ids loads");
    assert!(old.resources().flat_map(|r| r.all_components()).all(|c| c.id.is_empty()));
    for (what, base) in [("relabelled", &relabelled), ("saved before ids", &old)] {
        let d = diff::diff(base, &prod);
        let changed: Vec<&str> =
            d.projects.iter().flat_map(|p| &p.resources).map(|r| r.address.as_str()).collect();
        assert!(changed.is_empty(), "{what}: {changed:?}");
        assert_eq!(d.delta_monthly_cost, Decimal::ZERO, "{what}");
    }
}

#[test]
fn prod_to_dev_gives_the_difference_of_the_two_estimates() {
    let dir = root().join(CREDLINK);
    let prod = estimate(&dir, &[env_file(&dir, "prod")]);
    let dev = estimate(&dir, &[env_file(&dir, "dev")]);
    let d = diff::diff(&prod, &dev);
    assert_exact(&d, &prod, &dev);
    // The README's hand-computed totals.
    assert_eq!(d.prior_monthly_cost.round_dp(2), dec!(203.06));
    assert_eq!(d.proposed_monthly_cost.round_dp(2), dec!(129.48));
    assert_eq!(d.delta_percent, Some(dec!(-36.23)));
    let change = |a: &str| {
        d.projects[0]
            .resources
            .iter()
            .find(|r| r.address == a)
            .map(|r| (r.change, r.delta_monthly_cost))
    };
    // The second NAT gateway and its EIP go; one task instead of two; one Redis node.
    assert_eq!(change("module.vpc.aws_eip.nat[1]"), Some((Change::Removed, dec!(-3.65))));
    assert!(matches!(change("module.vpc.aws_nat_gateway.this[1]"), Some((Change::Removed, _))));
    assert_eq!(change("aws_ecs_service.api"), Some((Change::Changed, dec!(-9.010025))));
    let rds = d.projects[0].resources.iter().find(|r| r.address == "aws_db_instance.this");
    let names: Vec<(Change, &str)> = rds
        .map(|r| r.components.iter().map(|c| (c.change, c.name.as_str())).collect())
        .unwrap_or_default();
    // Multi-AZ → Single-AZ is the same instance line priced differently: one changed row.
    assert!(
        names.contains(&(Change::Changed, "Database instance (on-demand, Single-AZ, db.t3.micro)")),
        "{names:?}"
    );
    let instance = rds.and_then(|r| r.components.iter().find(|c| c.name.starts_with("Database")));
    assert_eq!(
        instance.and_then(|c| c.prior_name.as_deref()),
        Some("Database instance (on-demand, Multi-AZ, db.t3.micro)")
    );
    assert!(!names.iter().any(|(c, _)| *c == Change::Added || *c == Change::Removed), "{names:?}");
}

/// A copy of credlink with `edit` applied to the text of `file` (relative to the copy).
fn edited(tmp: &Path, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let copy = tmp.join("credlink");
    copy_tree(&root().join(CREDLINK), &copy);
    let path = copy.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    std::fs::write(&path, changed).expect("write");
    copy
}

/// The diff of credlink prod against `copy` (prod too), checked exact.
fn prod_diff(copy: &Path) -> diff::Diff {
    let base = root().join(CREDLINK);
    let prior = estimate(&base, &[env_file(&base, "prod")]);
    let proposed = estimate(copy, &[env_file(copy, "prod")]);
    let d = diff::diff(&prior, &proposed);
    assert_exact(&d, &prior, &proposed);
    d
}

fn resource<'a>(d: &'a diff::Diff, address: &str) -> &'a diff::model::ResourceDiff {
    d.projects[0].resources.iter().find(|r| r.address == address).expect("resource in the diff")
}

#[test]
fn a_changed_instance_class_is_one_component_from_old_to_new() {
    let tmp = tempdir();
    let copy = edited(tmp.path(), "environments/prod.tfvars", |t| {
        t.replace(
            r#"db_instance_class        = "db.t3.micro""#,
            r#"db_instance_class        = "db.t4g.micro""#,
        )
    });
    let d = prod_diff(&copy);
    let rds = resource(&d, "aws_db_instance.this");
    assert_eq!(rds.change, Change::Changed);
    assert_eq!(rds.components.len(), 1, "{:?}", rds.components);
    let c = &rds.components[0];
    assert_eq!(c.change, Change::Changed);
    assert_eq!(c.name, "Database instance (on-demand, Multi-AZ, db.t4g.micro)");
    assert_eq!(
        c.prior_name.as_deref(),
        Some("Database instance (on-demand, Multi-AZ, db.t3.micro)")
    );
    let (old, new) = (c.prior.as_ref().expect("prior"), c.proposed.as_ref().expect("proposed"));
    // Same hours, another hourly price; the row's delta is the resource's.
    assert_eq!(old.quantity, new.quantity);
    assert_ne!(old.price, new.price);
    assert_eq!(c.delta_monthly_cost, Some(rds.delta_monthly_cost));
    assert!(rds.delta_monthly_cost != Decimal::ZERO);
}

/// A resource's component rows as (change, name, prior name), in order.
fn component_rows(r: &diff::model::ResourceDiff) -> Vec<(Change, &str, Option<&str>)> {
    r.components.iter().map(|c| (c.change, c.name.as_str(), c.prior_name.as_deref())).collect()
}

/// `launch_type = "FARGATE"` replaced by a capacity provider strategy.
fn strategy(tmp: &Path, blocks: &str) -> PathBuf {
    edited(tmp, "compute.tf", |t| t.replace(r#"launch_type     = "FARGATE""#, blocks))
}

#[test]
fn fargate_to_fargate_spot_pairs_the_vcpu_and_memory_lines() {
    let tmp = tempdir();
    let copy = strategy(
        tmp.path(),
        "capacity_provider_strategy {\n    capacity_provider = \"FARGATE_SPOT\"\n    weight = 1\n  }",
    );
    let d = prod_diff(&copy);
    let ecs = resource(&d, "aws_ecs_service.api");
    assert_eq!(
        component_rows(ecs),
        vec![
            (Change::Changed, "vCPU (Fargate Spot)", Some("vCPU (Fargate)")),
            (Change::Changed, "Memory (Fargate Spot)", Some("Memory (Fargate)")),
        ]
    );
    let sum: Option<Decimal> = ecs.components.iter().map(|c| c.delta_monthly_cost).sum();
    assert_eq!(sum, Some(ecs.delta_monthly_cost));
    assert!(ecs.delta_monthly_cost < Decimal::ZERO, "Spot is cheaper");
}

#[test]
fn a_split_between_fargate_and_spot_keeps_fargate_and_adds_spot() {
    let tmp = tempdir();
    let copy = strategy(
        tmp.path(),
        "capacity_provider_strategy {\n    capacity_provider = \"FARGATE\"\n    base = 1\n    weight = 0\n  }\n  capacity_provider_strategy {\n    capacity_provider = \"FARGATE_SPOT\"\n    weight = 1\n  }",
    );
    let d = prod_diff(&copy);
    let ecs = resource(&d, "aws_ecs_service.api");
    assert_eq!(
        component_rows(ecs),
        vec![
            (Change::Changed, "vCPU (Fargate)", None),
            (Change::Changed, "Memory (Fargate)", None),
            (Change::Added, "vCPU (Fargate Spot)", None),
            (Change::Added, "Memory (Fargate Spot)", None),
        ]
    );
}

/// A copy of credlink whose prod.tfvars asks for `count` tasks; with `min_too` the
/// autoscaling minimum is raised with it (the service is autoscaled, so the minimum is what
/// keeps tasks running).
fn raised(tmp: &Path, count: u32, min_too: bool) -> PathBuf {
    let copy = tmp.join("credlink");
    copy_tree(&root().join(CREDLINK), &copy);
    let file = env_file(&copy, "prod");
    let mut text = std::fs::read_to_string(&file).expect("prod.tfvars");
    text = text.replace("desired_count = 2", &format!("desired_count = {count}"));
    if min_too {
        text = text.replace("min_capacity  = 2", &format!("min_capacity  = {count}"));
    }
    std::fs::write(&file, text).expect("write");
    copy
}

#[test]
fn raising_desired_count_alone_changes_nothing_under_autoscaling() {
    // `ignore_changes = [desired_count]` and an autoscaling target: the count comes from the
    // traffic model bounded by min_capacity, so the diff is empty, not an invented delta.
    let tmp = tempdir();
    let copy = raised(tmp.path(), 4, false);
    let base = root().join(CREDLINK);
    let prior = estimate(&base, &[env_file(&base, "prod")]);
    let proposed = estimate(&copy, &[env_file(&copy, "prod")]);
    let d = diff::diff(&prior, &proposed);
    assert_exact(&d, &prior, &proposed);
    assert_eq!(d.delta_monthly_cost, Decimal::ZERO);
    assert_eq!(d.projects[0].change, Change::Unchanged);
}

#[test]
fn raising_desired_count_and_min_capacity_adds_the_tasks() {
    let tmp = tempdir();
    let copy = raised(tmp.path(), 4, true);
    let base = root().join(CREDLINK);
    let prior = estimate(&base, &[env_file(&base, "prod")]);
    let proposed = estimate(&copy, &[env_file(&copy, "prod")]);
    let d = diff::diff(&prior, &proposed);
    assert_exact(&d, &prior, &proposed);
    let ecs = d.projects[0].resources.iter().find(|r| r.address == "aws_ecs_service.api");
    // Two more tasks: twice the two-task cost of $18.02005 → +$18.02005.
    assert_eq!(ecs.map(|r| r.delta_monthly_cost), Some(dec!(18.02005)));
    assert!(d.delta_monthly_cost > Decimal::ZERO);
    assert_eq!(d.summary.resources_added + d.summary.resources_removed, 0);
}

#[test]
fn cli_snapshots_of_prod_to_dev() {
    let tmp = tempdir();
    let saved = tmp.path().join("prod.json");
    let out = format!("json={}", saved.display());
    let prod = env_file(Path::new(CREDLINK), "prod").display().to_string();
    let dev = env_file(Path::new(CREDLINK), "dev").display().to_string();
    let est = costplan(
        &[
            "estimate",
            "--path",
            CREDLINK,
            "--scenario",
            "credlink-100k",
            "--var-file",
            &prod,
            "--format",
            "json",
            "--out",
            &out,
        ],
        None,
        &[],
    );
    assert_eq!(est.code, 0, "{}", est.stderr);
    let base = saved.display().to_string();
    for format in ["diff", "json", "markdown"] {
        let run = costplan(
            &[
                "diff",
                "--base",
                &base,
                "--path",
                CREDLINK,
                "--scenario",
                "credlink-100k",
                "--var-file",
                &dev,
                "--format",
                format,
            ],
            None,
            &[],
        );
        insta::assert_snapshot!(format!("prod_to_dev_{format}"), run.text(Some(tmp.path())));
    }
    // github-comment is the markdown as GitHub's request body.
    let args = [
        "diff",
        "--base",
        &base,
        "--path",
        CREDLINK,
        "--scenario",
        "credlink-100k",
        "--var-file",
        &dev,
        "--format",
    ];
    let md = costplan(&[&args[..], &["markdown"]].concat(), None, &[]);
    let gh = costplan(&[&args[..], &["github-comment"]].concat(), None, &[]);
    let body: serde_json::Value = serde_json::from_str(&gh.stdout).expect("github-comment is JSON");
    assert_eq!(body["body"].as_str(), Some(md.stdout.as_str()));
}

#[test]
fn cli_raised_desired_count_against_a_directory_base() {
    let tmp = tempdir();
    let copy = raised(tmp.path(), 3, true);
    let copy_s = copy.display().to_string();
    let var_file = env_file(&copy, "prod").display().to_string();
    let run = costplan(
        &[
            "diff",
            "--base",
            CREDLINK,
            "--path",
            &copy_s,
            "--scenario",
            "credlink-100k",
            "--var-file",
            &var_file,
        ],
        None,
        &[],
    );
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn guardrails_exit_3_with_a_one_line_reason_and_the_comment_says_so() {
    let tmp = tempdir();
    let copy = raised(tmp.path(), 4, true);
    let copy_s = copy.display().to_string();
    let var_file = env_file(&copy, "prod").display().to_string();
    let md = tmp.path().join("comment.md");
    let out = format!("markdown={}", md.display());
    let args = [
        "diff",
        "--base",
        CREDLINK,
        "--path",
        &copy_s,
        "--scenario",
        "credlink-100k",
        "--var-file",
        &var_file,
        "--out",
        &out,
    ];
    let mut tripped = args.to_vec();
    tripped.extend(["--fail-on-increase", "5%"]);
    let run = costplan(&tripped, None, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("guardrail fail-on-increase tripped: monthly cost changes by +$18.35 (+9.04%), more than the allowed increase of 5%"), "{}", run.stderr);
    let comment = std::fs::read_to_string(&md).expect("comment written");
    assert!(comment.contains("**Guardrail tripped (fail-on-increase):**"), "{comment}");

    let mut held = args.to_vec();
    held.extend(["--fail-on-increase", "20", "--budget", "250"]);
    // credlink has two usage-unknown costs (Container Insights): by default the budget is not
    // proven (a warning, exit 0); the increase is (those costs are unknown on both sides, so
    // the delta is exact).
    let run = costplan(&held, None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let comment = std::fs::read_to_string(&md).expect("comment written");
    assert!(comment.contains("**Guardrail not proven (budget):** proposed monthly cost $221.41 is within the budget of $250.00 (known costs only; not known: 2 costs in the change, 2 costs in the base), but 2 costs not known could take it over the limit: not proven"), "{comment}");
    assert!(comment.contains("✅ Guardrail fail-on-increase holds"), "{comment}");
    assert!(run.stderr.contains("costplan: guardrail budget not proven:"), "{}", run.stderr);
    held.extend(["--on-unknown", "ignore"]);
    let run = costplan(&held, None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let comment = std::fs::read_to_string(&md).expect("comment written");
    assert!(comment.contains("✅ Guardrail budget holds: proposed monthly cost $221.41 is within the budget of $250.00"), "{comment}");
    let mut budget = args.to_vec();
    budget.extend(["--budget", "$200"]);
    let run = costplan(&budget, None, &[]);
    assert_eq!((run.code, run.stderr.lines().count()), (3, 1), "{}", run.stderr);
}

#[test]
fn cli_a_changed_instance_class_reads_old_to_new() {
    let tmp = tempdir();
    let copy = edited(tmp.path(), "environments/prod.tfvars", |t| {
        t.replace(
            r#"db_instance_class        = "db.t3.micro""#,
            r#"db_instance_class        = "db.t4g.micro""#,
        )
    });
    let copy_s = copy.display().to_string();
    let var_file = env_file(&copy, "prod").display().to_string();
    for format in ["diff", "markdown"] {
        let run = costplan(
            &[
                "diff",
                "--base",
                CREDLINK,
                "--path",
                &copy_s,
                "--scenario",
                "credlink-100k",
                "--var-file",
                &var_file,
                "--format",
                format,
            ],
            None,
            &[],
        );
        insta::assert_snapshot!(format!("instance_class_{format}"), run.text(Some(tmp.path())));
    }
}
