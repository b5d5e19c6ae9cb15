//! `costplan resources`: exit code and output.

use assert_cmd::Command;

use crate::common::fixture;

/// `costplan` with no Terraform or AWS settings from the developer's environment, no user
/// home and no user pricing cache (as `tests/pricing_refresh/common.rs` does).
fn costplan() -> Command {
    Command::from_std(isolated(std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))))
}

/// `cmd` (costplan, or a shell that runs it) with the environment `costplan()` uses.
fn isolated(mut cmd: std::process::Command) -> std::process::Command {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("AWS_") || k.starts_with("TF_") || k.starts_with("COSTPLAN_") {
            cmd.env_remove(&k);
        }
    }
    cmd.env("HOME", "/nonexistent/costplan-test/home")
        .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache");
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

/// Every user file goes through the one bounded reader: an endless device or a FIFO is refused
/// by name, fast, instead of eating memory or blocking forever.
#[cfg(unix)]
#[test]
fn devices_and_fifos_as_input_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok");
    std::fs::create_dir(&ok).unwrap();
    std::fs::write(ok.join("main.tf"), "resource \"aws_sqs_queue\" \"q\" {}\n").unwrap();
    let linked = dir.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    std::os::unix::fs::symlink("/dev/zero", linked.join("main.tf")).unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::os::unix::fs::symlink("/dev/zero", cache.join("manifest.json")).unwrap();
    let manifest = cache.join("manifest.json").display().to_string();
    let fifo = dir.path().join("vars.tfvars");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (ok, linked, fifo) =
        (ok.to_str().unwrap(), linked.to_str().unwrap(), fifo.to_str().unwrap());
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        (vec!["resources", "--path", linked], format!("{linked}/main.tf"), "character device"),
        (vec!["resources", "--path", ok, "--var-file", fifo], fifo.to_string(), "named pipe"),
        (
            vec!["resources", "--path", ok, "--var-file", "/dev/zero"],
            "/dev/zero".into(),
            "character device",
        ),
        (vec!["resources", "--plan", "/dev/zero"], "/dev/zero".into(), "character device"),
        (
            vec!["estimate", "--path", ok, "--usage-file", "/dev/urandom"],
            "/dev/urandom".into(),
            "character device",
        ),
        (
            vec!["estimate", "--path", ok, "--scenario", "/dev/zero"],
            "/dev/zero".into(),
            "character device",
        ),
        (vec!["render", "/dev/zero", "--format", "json"], "/dev/zero".into(), "character device"),
        (
            vec!["estimate", "--path", ok, "--pricing-dir", cache.to_str().unwrap()],
            manifest,
            "character device",
        ),
    ];
    for (args, path, kind) in cases {
        let out = costplan().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&format!("`{path}`")) && err.contains(kind), "{args:?}: {err}");
    }
    // Standard input has the same limit: `render -` no longer reads /dev/zero forever.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let mut render = isolated(std::process::Command::new(env!("CARGO_BIN_EXE_costplan")));
    let out = render.args(["render", "-", "--format", "json"]).stdin(zero).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`<stdin>`") && err.contains("over the 50 MB limit"), "{err}");
    // Asked for, a pipe is read (process substitution: `--var-file <(sops -d x.tfvars)`).
    let out = costplan()
        .env("COSTPLAN_ALLOW_PIPES", "1")
        .args(["resources", "--format", "json", "--path", ok, "--var-file", "/dev/stdin"])
        .write_stdin("unused = 1\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Output that cannot be written is an error naming standard output; a reader that goes away
/// early (`| head`) is not. (A stdout closed at exec, `>&-`, is reopened on /dev/null by Rust's
/// runtime before `main` and cannot be told from `> /dev/null`.)
#[cfg(unix)]
#[test]
fn unwritable_stdout_is_an_error_but_a_broken_pipe_is_not() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_sqs_queue\" \"q\" {}\n").unwrap();
    let path = dir.path().to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_costplan");

    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let mut cmd = isolated(std::process::Command::new(bin));
        let out = cmd.args(["resources", "--path", path]).stdout(full).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("cannot write to standard output") && err.contains("No space"),
            "{err}"
        );
    }

    // The read end is closed before costplan writes (or, if costplan is faster, after it wrote
    // into the pipe's buffer): success either way, and nothing on stderr.
    let mut child = isolated(std::process::Command::new(bin))
        .args(["resources", "--path", path])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The instance type `costplan resources` gives `aws_instance.app` of the `workspace` fixture
/// (it picks the size by `terraform.workspace`), copied to a temp dir with `selected` as the
/// workspace chosen by `terraform workspace select`, run with `args` and `env`.
fn workspace_instance_type(selected: Option<&str>, args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let tf = std::fs::read_to_string(fixture("workspace").join("main.tf")).unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    if let Some(name) = selected {
        std::fs::create_dir(dir.path().join(".terraform")).unwrap();
        std::fs::write(dir.path().join(".terraform/environment"), name).unwrap();
    }
    let mut cmd = costplan();
    cmd.args(["resources", "--format", "json", "--path"]).arg(dir.path()).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let loaded: costplan::terraform::Loaded = serde_json::from_slice(&out.stdout).unwrap();
    let app = loaded.instances.iter().find(|i| i.address == "aws_instance.app").unwrap();
    app.attr("instance_type").unwrap().to_string()
}

#[test]
fn workspace_is_the_flag_then_tf_workspace_then_the_selected_one_then_default() {
    let (prod, default) = ("m5.large", "t3.micro");
    assert!(workspace_instance_type(None, &[], &[]).contains(default));
    assert!(workspace_instance_type(Some("prod\n"), &[], &[]).contains(prod));
    assert!(workspace_instance_type(None, &[], &[("TF_WORKSPACE", "prod")]).contains(prod));
    // TF_WORKSPACE overrides the selected workspace, as in Terraform.
    let env = [("TF_WORKSPACE", "default")];
    assert!(workspace_instance_type(Some("prod"), &[], &env).contains(default));
    // --workspace overrides both.
    let env = [("TF_WORKSPACE", "default")];
    assert!(
        workspace_instance_type(Some("default"), &["--workspace", "prod"], &env).contains(prod)
    );
}

#[test]
fn an_invalid_tf_workspace_is_an_error() {
    let out = costplan()
        .args(["resources", "--path"])
        .arg(fixture("workspace"))
        .env("TF_WORKSPACE", "prod eu")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("TF_WORKSPACE `prod eu` is not a valid workspace name"), "{err}");
}

/// `costplan <args> --path tests/fixtures/terraform/ecs_links --format json`, parsed.
fn ecs_links_json(args: &[&str]) -> serde_json::Value {
    let out = costplan()
        .args(args)
        .args(["--format", "json", "--path"])
        .arg(fixture("ecs_links"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Two clusters, two task definitions and two log groups in one module, with block names that
/// match nothing: each service links to its own through the references the loader recorded,
/// and `resources --format json` shows each link with the attribute and address it came from.
#[test]
fn resources_json_links_each_service_to_its_own_cluster_task_definition_and_log_group() {
    let json = ecs_links_json(&["resources"]);
    let instances = json["instances"].as_array().unwrap();
    let links = |address: &str| -> Vec<(String, String, String, String)> {
        let inst = instances.iter().find(|i| i["address"] == address).expect(address);
        inst["links"]
            .as_array()
            .unwrap_or_else(|| panic!("{address} has no links: {inst}"))
            .iter()
            .map(|l| {
                let f = |k: &str| l[k].as_str().unwrap_or_default().to_string();
                (f("role"), f("attribute"), f("address"), f("via"))
            })
            .collect()
    };
    let m = "module.ecs.";
    let link = |role: &str, attribute: &str, address: &str| {
        (role.to_string(), attribute.to_string(), format!("{m}{address}"), "reference".to_string())
    };
    assert_eq!(
        links("module.ecs.aws_ecs_service.frontend"),
        vec![
            link("task_definition", "task_definition", "aws_ecs_task_definition.web"),
            link(
                "log_group",
                "module.ecs.aws_ecs_task_definition.web: container_definitions",
                "aws_cloudwatch_log_group.web"
            ),
            link("cluster", "cluster", "aws_ecs_cluster.fargate"),
            link(
                "capacity_providers",
                "module.ecs.aws_ecs_cluster_capacity_providers.fargate: cluster_name",
                "aws_ecs_cluster_capacity_providers.fargate"
            ),
        ]
    );
    assert_eq!(
        links("module.ecs.aws_ecs_service.backend"),
        vec![
            link("task_definition", "task_definition", "aws_ecs_task_definition.jobs"),
            link(
                "log_group",
                "module.ecs.aws_ecs_task_definition.jobs: container_definitions",
                "aws_cloudwatch_log_group.jobs"
            ),
            link("cluster", "cluster", "aws_ecs_cluster.ec2"),
            link(
                "capacity_providers",
                "module.ecs.aws_ecs_cluster_capacity_providers.ec2: cluster_name",
                "aws_ecs_cluster_capacity_providers.ec2"
            ),
        ]
    );
    // The loader's record the links come from: the task definition through a local.
    let frontend =
        instances.iter().find(|i| i["address"] == "module.ecs.aws_ecs_service.frontend").unwrap();
    assert_eq!(
        frontend["references"]["task_definition"],
        serde_json::json!(["module.ecs.aws_ecs_task_definition.web"])
    );
}

/// The Fargate service on its cluster's default strategy (FARGATE), referring to the cluster by
/// `.id` in a module with two clusters, is priced as Fargate; the other cluster's default
/// strategy is an EC2 capacity provider, so that service is free here. Each service's log
/// volume goes to its own log group.
#[test]
fn estimate_prices_the_fargate_service_through_its_cluster_and_derives_both_log_volumes() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let json = ecs_links_json(&["estimate", "--requests", "100k"]);
    let resources = json["projects"][0]["resources"].as_array().unwrap();
    let find = |address: &str| {
        resources.iter().find(|r| r["address"] == address).unwrap_or_else(|| panic!("{address}"))
    };
    let dec = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap()).unwrap();
    // us-east-1 Fargate on demand (bundled snapshot pricing-cache/aws/AmazonECS/us-east-1.json,
    // from AWS's pricing-page feed of 2025-03-13): USE1-Fargate-vCPU-Hours:perCPU $0.04048 per
    // vCPU-hour, USE1-Fargate-GB-Hours $0.004445 per GB-hour. 2 tasks of 512 CPU units
    // (0.5 vCPU) and 1024 MiB (1 GB) for 730 h: 2 × 0.5 × 730 = 730 vCPU-h × $0.04048 =
    // $29.5504; 2 × 1 × 730 = 1,460 GB-h × $0.004445 = $6.4897; total $36.0401.
    let frontend = find("module.ecs.aws_ecs_service.frontend");
    assert_eq!(frontend["bucket"], "estimated");
    assert_eq!(dec(&frontend["monthly_cost"]), Decimal::from_str("36.0401").unwrap());
    let backend = find("module.ecs.aws_ecs_service.backend");
    assert_eq!(backend["bucket"], "free", "{backend}");
    // The default scenario's 100,000 requests log 0.5 KB each: 50,000 KB shared by the two
    // services behind a load balancer, 25,000 KB each = 25,000 ÷ 1,048,576 GB.
    let each = Decimal::from(25_000) / Decimal::from(1_048_576);
    for (group, service) in [("web", "frontend"), ("jobs", "backend")] {
        let g = find(&format!("module.ecs.aws_cloudwatch_log_group.{group}"));
        let ingestion = &g["components"][0];
        assert_eq!(ingestion["id"], "logs.ingestion");
        assert_eq!(dec(&ingestion["quantity"]), each, "{group}");
        let formula = ingestion["formula"].as_str().unwrap();
        assert!(
            formula.contains(&format!("awslogs of module.ecs.aws_ecs_service.{service}:")),
            "{formula}"
        );
    }
    assert_eq!(json["warnings"], serde_json::json!([]));
}

/// No reference and no known value to link a service to its task definition: the only task
/// definition of the module is assumed and said (`link-guessed`); of two, none is
/// (`link-ambiguous`), and the service stays incomplete rather than priced on a guess.
#[test]
fn a_service_without_a_link_is_guessed_with_a_warning_or_left_incomplete() {
    let run = |second: &str| {
        let out = costplan()
            .args(["estimate", "--format", "json", "--var", &format!("second={second}")])
            .arg("--path")
            .arg(fixture("ecs_links_absent"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let svc = json["projects"][0]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == "aws_ecs_service.frontend")
            .cloned()
            .unwrap();
        let codes: Vec<String> = svc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect();
        (svc, codes)
    };
    let (one, codes) = run("false");
    assert_eq!(codes, vec!["link-guessed"]);
    assert_eq!(one["incomplete"], false);
    let message = one["warnings"][0]["message"].as_str().unwrap();
    assert!(message.contains("aws_ecs_task_definition.web is assumed"), "{message}");
    let (two, codes) = run("true");
    assert_eq!(codes, vec!["link-ambiguous", "reference-not-found"]);
    assert_eq!(two["incomplete"], true);
    let message = two["warnings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("aws_ecs_task_definition.jobs[0], aws_ecs_task_definition.web"),
        "{message}"
    );
}

/// A load balancer's subnets and Elastic IPs are linked only through references (their ids are
/// known after apply): each subnet and each EIP of a `subnet_mapping`, by instance.
#[test]
fn resources_json_links_a_load_balancer_to_its_subnets_and_eips() {
    let json = resources_json("--path", &fixture("references"));
    let links = |address: &str| link_fields(&json, address, &["role", "attribute", "address"]);
    let l = |role: &str, attribute: &str, address: &str| {
        vec![role.to_string(), attribute.to_string(), address.to_string()]
    };
    assert_eq!(
        links("aws_lb.splat"),
        vec![l("subnet", "subnets", "aws_subnet.x[0]"), l("subnet", "subnets", "aws_subnet.x[1]")]
    );
    assert_eq!(
        links("aws_lb.indexed"),
        vec![
            l("eip", "subnet_mapping.0.allocation_id", "aws_eip.lb"),
            l("subnet", "subnet_mapping.0.subnet_id", "aws_subnet.x[1]"),
        ]
    );
}

/// Two autoscaled services whose names are known only after apply: each scaling target is
/// linked to its service by the reference in `resource_id`, so each is priced at its own
/// `min_capacity` (no traffic model: the floor, with a `usage-assumed` warning).
#[test]
fn autoscaling_targets_link_to_their_service_through_resource_id_references() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let out = costplan()
        .args(["estimate", "--format", "json", "--path"])
        .arg(fixture("ecs_autoscaling_links"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resources = json["projects"][0]["resources"].as_array().unwrap();
    let svc = |a: &str| resources.iter().find(|r| r["address"] == a).cloned().unwrap();
    let cost = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap()).unwrap();
    // us-east-1 Fargate (bundled snapshot, AWS pricing-page feed of 2025-03-13): $0.04048 per
    // vCPU-hour, $0.004445 per GB-hour. Tasks of 256 CPU units (0.25 vCPU) and 512 MiB (0.5 GB):
    // per task 0.25 × 730 × 0.04048 + 0.5 × 730 × 0.004445 = 7.3876 + 1.622425 = $9.010025.
    let a = svc("aws_ecs_service.a");
    assert!(
        a["components"][0]["formula"]
            .as_str()
            .unwrap()
            .starts_with("3 (min_capacity 3 of aws_appautoscaling_target.first"),
        "{a}"
    );
    assert_eq!(cost(&a["monthly_cost"]), Decimal::from_str("27.030075").unwrap()); // 3 tasks
    let b = svc("aws_ecs_service.b");
    assert!(
        b["components"][0]["formula"]
            .as_str()
            .unwrap()
            .starts_with("5 (min_capacity 5 of aws_appautoscaling_target.second"),
        "{b}"
    );
    assert_eq!(cost(&b["monthly_cost"]), Decimal::from_str("45.050125").unwrap()); // 5 tasks
}

/// Two flow logs and two log groups with generated names: each flow log's volume goes to the
/// group its `log_destination` refers to (the REJECT one gets none of the modelled, accepted
/// flows), where names alone could not tell them apart.
#[test]
fn flow_logs_link_to_their_log_group_through_log_destination_references() {
    let out = costplan()
        .args(["estimate", "--format", "json", "--requests", "100k", "--path"])
        .arg(fixture("flow_log_links"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resources = json["projects"][0]["resources"].as_array().unwrap();
    let ingestion = |a: &str| {
        let r = resources.iter().find(|r| r["address"] == a).unwrap();
        let c = &r["components"][0];
        assert_eq!(c["id"], "logs.ingestion");
        (c["quantity"].as_str().unwrap().to_string(), c["formula"].as_str().unwrap().to_string())
    };
    let (all, formula) = ingestion("aws_cloudwatch_log_group.all");
    assert!(formula.contains("2 records per flow"), "{formula}");
    assert_ne!(all, "0");
    let (rejected, formula) = ingestion("aws_cloudwatch_log_group.rejected");
    assert_eq!(rejected, "0");
    assert!(formula.contains("traffic_type REJECT"), "{formula}");
    assert_eq!(json["warnings"], serde_json::json!([]));
}

/// With `--plan`, links come from the plan's configuration references as with `--path`: each
/// service's cluster and task definition (through a module input and a module output) are
/// `via: reference`, where without references the task definition was a guess and the two
/// clusters left the cluster unlinked.
#[test]
fn resources_json_from_a_plan_links_through_configuration_references() {
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan/references.json");
    let json = resources_json("--plan", &plan);
    let links = |address: &str| link_fields(&json, address, &["role", "address", "via"]);
    let link = |role: &str, address: &str| {
        vec![role.to_string(), address.to_string(), "reference".to_string()]
    };
    let td = "module.ecs.aws_ecs_task_definition.td";
    assert_eq!(
        links("aws_ecs_service.direct"),
        vec![link("task_definition", td), link("cluster", "aws_ecs_cluster.other")]
    );
    assert_eq!(
        links("module.ecs.aws_ecs_service.svc"),
        vec![
            link("task_definition", td),
            link("cluster", "aws_ecs_cluster.main"),
            // Through `cluster_name = each.value` of a `for_each` over the cluster's name.
            link("capacity_providers", "aws_ecs_cluster_capacity_providers.cp[\"main\"]"),
        ]
    );
}

/// `costplan resources --format json <flag> <path>`, parsed.
fn resources_json(flag: &str, path: &std::path::Path) -> serde_json::Value {
    let out = costplan().args(["resources", "--format", "json", flag]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `fields` of each link of the instance `address` in `resources --format json` output.
fn link_fields(json: &serde_json::Value, address: &str, fields: &[&str]) -> Vec<Vec<String>> {
    let inst = json["instances"].as_array().unwrap().iter().find(|i| i["address"] == address);
    inst.and_then(|i| i["links"].as_array())
        .unwrap_or_else(|| panic!("{address} has no links"))
        .iter()
        .map(|l| fields.iter().map(|k| l[*k].as_str().unwrap_or_default().to_string()).collect())
        .collect()
}
