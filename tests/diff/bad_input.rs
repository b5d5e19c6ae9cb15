//! Bad input: a ref that does not exist, no git repository, an invalid `costplan.yml` (line and
//! key), duplicate project names, a saved report of another schema version, bad guardrails,
//! bad `--out`.

use super::common::{CREDLINK, copy_tree, costplan, git, root, tempdir, write};

#[test]
fn a_ref_that_does_not_exist() {
    let tmp = tempdir();
    copy_tree(&root().join(CREDLINK), tmp.path());
    git(tmp.path(), &["init", "-q", "-b", "main"]);
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "one"]);
    let run = costplan(&["diff", "--base", "no-such-branch"], Some(tmp.path()), &[]);
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn a_ref_outside_a_git_repository() {
    let tmp = tempdir();
    copy_tree(&root().join(CREDLINK), &tmp.path().join("stack"));
    let run = costplan(
        &["diff", "--base", "main", "--path", "stack"],
        Some(tmp.path()),
        &[("GIT_CEILING_DIRECTORIES", &tmp.path().display().to_string())],
    );
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn an_invalid_config_names_line_and_key() {
    let tmp = tempdir();
    write(
        &tmp.path().join("costplan.yml"),
        "projects:\n  - name: a\n    path: a\n    var_file: [x.tfvars]\n",
    );
    let run = costplan(&["estimate", "--config", "costplan.yml"], Some(tmp.path()), &[]);
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn duplicate_project_names_are_an_error() {
    let tmp = tempdir();
    write(
        &tmp.path().join("costplan.yml"),
        "projects:\n  - name: api\n    path: a\n  - name: api\n    path: b\n",
    );
    let run = costplan(&["diff", "--config", "costplan.yml", "--base", "."], Some(tmp.path()), &[]);
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn a_saved_report_of_another_schema_version() {
    let tmp = tempdir();
    let file = tmp.path().join("old.json");
    write(&file, "{\"schema_version\": 0, \"projects\": []}\n");
    let base = file.display().to_string();
    let run = costplan(&["diff", "--base", &base, "--path", CREDLINK], None, &[]);
    insta::assert_snapshot!(run.text(Some(tmp.path())));
}

#[test]
fn bad_guardrail_values_are_usage_errors() {
    let run = costplan(&["diff", "--base", ".", "--fail-on-increase", "lots"], None, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`lots` is not a limit"), "{}", run.stderr);
}

/// `--out` is shared with `estimate`, `render` and `report`: the same messages, before any
/// estimate runs.
#[test]
fn bad_outs_are_refused_before_anything_runs() {
    let run = |outs: &[&str]| {
        let mut args = vec!["diff", "--base", "no-such-dir", "--path", "no-such-dir"];
        for o in outs {
            args.extend(["--out", o]);
        }
        costplan(&args, None, &[])
    };
    let r = run(&["comment.md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("`comment.md` must look like FORMAT=FILE, e.g. markdown=comment.md"),
        "{}",
        r.stderr
    );
    let r = run(&["pdf=c.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unknown format `pdf` (expected one of diff, json, markdown, github-comment)"
        ),
        "{}",
        r.stderr
    );
    let r = run(&["markdown=c.md", "json=./c.md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: --out markdown=c.md and --out json=./c.md write the same file: give each format its own file\n"
    );
}
