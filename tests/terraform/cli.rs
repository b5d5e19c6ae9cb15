//! `costplan resources`: exit code and output.

use assert_cmd::Command;

use crate::common::fixture;

fn costplan() -> Command {
    let mut cmd = Command::cargo_bin("costplan").unwrap();
    cmd.env_remove("AWS_REGION").env_remove("AWS_DEFAULT_REGION");
    cmd
}

#[test]
fn resources_table_lists_instances_and_summary() {
    let out = costplan().args(["resources", "--path"]).arg(fixture("lenient")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!("cli_lenient_table", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn resources_json_is_the_loaded_model() {
    let out = costplan()
        .args(["resources", "--format", "json", "--var", "image_tag=v1", "--path"])
        .arg(fixture("lenient"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let loaded: costplan::terraform::Loaded = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(loaded.instances.len(), 5);
    assert_eq!(loaded.unset_variables, vec!["db_password"]);
}

#[test]
fn resources_error_exit_code_and_message() {
    let out = costplan().args(["resources", "--path"]).arg(fixture("bad_hcl")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("main.tf:6:"), "{err}");
    assert!(err.contains('^'), "{err}");
}
