//! `costplan.yml` monorepos: every project estimated, per-project and total deltas, projects on
//! one side only all-added or all-removed, and a base with its own config.

use std::path::Path;

use costplan::diff::{Change, Diff};

use super::common::{CREDLINK, copy_tree, costplan, git, root, tempdir, write};

/// `repo/` with credlink at `services/a` and `services/b`, and a config listing them.
fn monorepo(dir: &Path, config: &str) {
    copy_tree(&root().join(CREDLINK), &dir.join("services/a"));
    copy_tree(&root().join(CREDLINK), &dir.join("services/b"));
    write(&dir.join("costplan.yml"), config);
}

const TWO: &str = "version: 1\nprojects:\n  - name: a-prod\n    path: services/a\n    var_files: [environments/prod.tfvars]\n    scenario: credlink-100k\n  - name: b-dev\n    path: services/b\n    var_files: [environments/dev.tfvars]\n    scenario: credlink-100k\n";

#[test]
fn estimate_runs_every_project() {
    let tmp = tempdir();
    monorepo(tmp.path(), TWO);
    let run = costplan(
        &["estimate", "--config", "costplan.yml", "--format", "json"],
        Some(tmp.path()),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = costplan::model::Report::from_json(&run.stdout).expect("report");
    let names: Vec<&str> = report.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a-prod", "b-dev"]);
    let totals: Vec<String> =
        report.projects.iter().map(|p| p.totals.monthly.round_dp(2).to_string()).collect();
    assert_eq!(totals, ["203.06", "129.48"]);
    assert_eq!(report.totals.monthly.round_dp(2).to_string(), "332.54");
    assert_eq!(report.inputs.config.as_deref(), Some("costplan.yml"));
}

#[test]
fn a_git_base_with_a_project_added_and_one_changed() {
    let tmp = tempdir();
    let dir = tmp.path();
    // Base commit: only a-prod.
    monorepo(
        dir,
        "projects:\n  - name: a-prod\n    path: services/a\n    var_files: [environments/prod.tfvars]\n    scenario: credlink-100k\n",
    );
    std::fs::remove_dir_all(dir.join("services/b")).expect("rm");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "base"]);
    // The change: b-dev added, a-prod switched to dev.
    copy_tree(&root().join(CREDLINK), &dir.join("services/b"));
    write(
        &dir.join("costplan.yml"),
        &TWO.replace("environments/prod.tfvars", "environments/dev.tfvars"),
    );
    let run = costplan(
        &["diff", "--config", "costplan.yml", "--base", "main", "--format", "json"],
        Some(dir),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = Diff::from_json(&run.stdout).expect("diff");
    let projects: Vec<(&str, Change, String)> = d
        .projects
        .iter()
        .map(|p| (p.name.as_str(), p.change, p.delta_monthly_cost.round_dp(2).to_string()))
        .collect();
    assert_eq!(
        projects,
        [
            ("a-prod", Change::Changed, "-73.58".to_string()),
            ("b-dev", Change::Added, "129.48".to_string())
        ]
    );
    // Exact sums: -73.5795 + 129.4845 (the rounded project deltas would add up to 55.90).
    assert_eq!(d.delta_monthly_cost, d.projects.iter().map(|p| p.delta_monthly_cost).sum());
    assert_eq!(d.delta_monthly_cost.round_dp(2).to_string(), "55.91");
    let md = costplan(
        &["diff", "--config", "costplan.yml", "--base", "main", "--format", "markdown"],
        Some(dir),
        &[],
    );
    insta::assert_snapshot!(md.text(None));
}

#[test]
fn a_directory_base_where_a_project_was_removed() {
    let tmp = tempdir();
    let base = tmp.path().join("base");
    let head = tmp.path().join("head");
    monorepo(&base, TWO);
    monorepo(
        &head,
        "projects:\n  - name: a-prod\n    path: services/a\n    var_files: [environments/prod.tfvars]\n    scenario: credlink-100k\n",
    );
    let run = costplan(
        &["diff", "--config", "head/costplan.yml", "--base", "base", "--format", "json"],
        Some(tmp.path()),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = Diff::from_json(&run.stdout).expect("diff");
    let b = d.projects.iter().find(|p| p.name == "b-dev").expect("b-dev");
    assert_eq!(b.change, Change::Removed);
    assert!(b.resources.iter().all(|r| r.change == Change::Removed));
    assert_eq!(b.proposed_monthly_cost.to_string(), "0");
    assert_eq!(d.delta_monthly_cost, -b.prior_monthly_cost);
}
