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

/// `--plan` on a hand-written plan of the `provider_alias` fixture gives the same instances
/// (address, type, mode, provider, region) as loading the .tf files.
#[test]
fn plan_and_hcl_paths_agree() {
    let run = |args: &[&str]| -> costplan::terraform::Loaded {
        let out = costplan().args(["resources", "--format", "json"]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let hcl_path = fixture("provider_alias");
    let plan_path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan/provider_alias.json");
    let hcl = run(&["--path", hcl_path.to_str().unwrap()]);
    let plan = run(&["--plan", plan_path.to_str().unwrap()]);
    let summary =
        |l: &costplan::terraform::Loaded| -> Vec<(String, String, String, String, Option<String>)> {
            l.instances
                .iter()
                .map(|i| {
                    (
                        i.address.clone(),
                        i.resource_type.clone(),
                        format!("{:?}", i.mode),
                        i.provider.clone(),
                        i.region.clone(),
                    )
                })
                .collect()
        };
    assert_eq!(summary(&hcl), summary(&plan));
    for (h, p) in hcl.instances.iter().zip(&plan.instances) {
        for key in ["bucket", "name"] {
            if let Some(v) = h.attr(key) {
                assert_eq!(Some(v), p.attr(key), "{} {key}", h.address);
            }
        }
    }
}
