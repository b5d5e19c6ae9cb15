//! Plan JSON input (`terraform show -json`): hand-written plans in tests/fixtures/plan/.

use std::path::{Path, PathBuf};

use costplan::terraform::plan::{PlanContents, PlanError, read_plan};
use costplan::terraform::{Instance, Mode, Value};

#[path = "support/fs.rs"]
mod fs;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan").join(name)
}

fn load(name: &str, region: Option<&str>) -> PlanContents {
    read_plan(&fixture(name), region).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn instance<'a>(c: &'a PlanContents, address: &str) -> &'a Instance {
    c.instances
        .iter()
        .find(|i| i.address == address)
        .unwrap_or_else(|| panic!("no instance {address}"))
}

fn region(c: &PlanContents, address: &str) -> Option<String> {
    instance(c, address).region.clone()
}

#[test]
fn provider_aliases_and_module_provider_passing() {
    let c = load("provider_alias.json", None);
    let addrs: Vec<&str> = c.instances.iter().map(|i| i.address.as_str()).collect();
    assert_eq!(
        addrs,
        [
            "aws_s3_bucket.pinned",
            "aws_s3_bucket.primary",
            "aws_s3_bucket.replica",
            "module.inherits.aws_dynamodb_table.t",
            "module.replica.aws_dynamodb_table.t",
        ]
    );
    assert_eq!(region(&c, "aws_s3_bucket.pinned").as_deref(), Some("ap-southeast-2"));
    assert_eq!(region(&c, "aws_s3_bucket.primary").as_deref(), Some("eu-central-1"));
    assert_eq!(region(&c, "aws_s3_bucket.replica").as_deref(), Some("us-west-2"));
    assert_eq!(instance(&c, "aws_s3_bucket.replica").provider, "aws.us");
    assert_eq!(region(&c, "module.replica.aws_dynamodb_table.t").as_deref(), Some("us-west-2"));
    assert_eq!(instance(&c, "module.replica.aws_dynamodb_table.t").provider, "aws");
    assert_eq!(instance(&c, "module.replica.aws_dynamodb_table.t").module, "module.replica");
    assert_eq!(region(&c, "module.inherits.aws_dynamodb_table.t").as_deref(), Some("eu-central-1"));
    assert_eq!(instance(&c, "aws_s3_bucket.primary").attr("id"), Some(&Value::Unknown));
    insta::assert_json_snapshot!("provider_alias", c);
}

#[test]
fn modules_count_unknowns_data_sources_and_deletes() {
    let c = load("modules_count.json", None);
    let addrs: Vec<&str> = c.instances.iter().map(|i| i.address.as_str()).collect();
    assert!(!addrs.contains(&"aws_instance.old"), "a resource being destroyed is not an instance");
    assert!(
        addrs.contains(&"data.aws_ami.ubuntu"),
        "data sources read at plan time come from prior_state"
    );
    let web0 = instance(&c, "aws_instance.web[0]");
    assert_eq!(web0.attr("ebs_block_device.0.volume_id"), Some(&Value::Unknown));
    assert_eq!(web0.attr("ebs_block_device.0.volume_size"), Some(&Value::Number(20.into())));
    assert_eq!(web0.attr("private_ip"), Some(&Value::Unknown));
    assert_eq!(
        instance(&c, "aws_instance.web[1]").attr("instance_type"),
        Some(&Value::String("t3.large".into()))
    );
    let caller = instance(&c, "data.aws_caller_identity.current");
    assert_eq!(caller.mode, Mode::Data);
    assert_eq!(caller.attr("account_id"), Some(&Value::Unknown));
    // The module's own provider block: `region = var.region`, set by the module call from the
    // root variable `dr_region`.
    assert_eq!(region(&c, "module.dr.aws_s3_bucket.backup").as_deref(), Some("us-west-1"));
    assert_eq!(
        region(&c, "module.svc[\"api\"].module.alarm.aws_cloudwatch_metric_alarm.cpu").as_deref(),
        Some("us-east-1")
    );
    let random = instance(&c, "random_id.suffix");
    assert_eq!((random.region.as_deref(), random.provider.as_str()), (None, "random"));
    assert!(random.warnings.is_empty());
    let svc = instance(&c, "module.svc[\"api\"].aws_ecs_service.this");
    assert_eq!(svc.module, "module.svc[\"api\"]");
    assert_eq!(svc.attr("task_definition"), Some(&Value::Unknown));
    assert_eq!(svc.attr("desired_count"), Some(&Value::Number(2.into())));
    // A registry module's source is not on disk: the location is the resource's line in the plan.
    assert_eq!(svc.location.file, "modules_count.json");
    assert!(svc.location.line > 1);
    insta::assert_json_snapshot!("modules_count", c);
}

#[test]
fn state_files_read_like_plans_and_regions_fall_back_to_the_override() {
    let c = load("state.json", None);
    assert_eq!(c.instances.len(), 2);
    assert_eq!(c.instances[0].address, "aws_nat_gateway.main[0]");
    for i in &c.instances {
        assert_eq!(i.region, None);
        assert_eq!(
            i.warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
            ["region-unknown"]
        );
    }
    let c = load("state.json", Some("eu-west-1"));
    for i in &c.instances {
        assert_eq!(i.region.as_deref(), Some("eu-west-1"));
        assert!(i.warnings.is_empty());
    }
}

#[test]
fn natural_order_of_indices() {
    let dir = tempfile::tempdir().unwrap();
    let resources: Vec<String> = (0..12)
        .map(|i| {
            format!(
                r#"{{"address":"aws_eip.x[{i}]","mode":"managed","type":"aws_eip","name":"x","index":{i},"provider_name":"registry.terraform.io/hashicorp/aws","values":{{}}}}"#
            )
        })
        .collect();
    let plan = format!(
        r#"{{"planned_values":{{"root_module":{{"resources":[{}]}}}}}}"#,
        resources.join(",")
    );
    let path = dir.path().join("plan.json");
    std::fs::write(&path, plan).unwrap();
    let c = read_plan(&path, Some("us-east-1")).unwrap();
    let addrs: Vec<&str> = c.instances.iter().map(|i| i.address.as_str()).collect();
    assert_eq!(addrs[..3], ["aws_eip.x[0]", "aws_eip.x[1]", "aws_eip.x[2]"]);
    assert_eq!(addrs[11], "aws_eip.x[11]");
}

#[test]
fn locations_come_from_tf_files_beside_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("modules/replica")).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "provider \"aws\" {}\n\nresource \"aws_s3_bucket\" \"primary\" {\n  bucket = \"primary\"\n}\n\n  resource \"aws_s3_bucket\" \"replica\" {\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("modules/replica/main.tf"),
        "resource \"aws_dynamodb_table\" \"t\" {\n}\n",
    )
    .unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(fixture("provider_alias.json"), &plan).unwrap();
    let c = read_plan(&plan, None).unwrap();
    let loc = |a: &str| {
        let l = &instance(&c, a).location;
        (l.file.clone(), l.line, l.column)
    };
    assert_eq!(loc("aws_s3_bucket.primary"), ("main.tf".into(), 3, 1));
    assert_eq!(loc("aws_s3_bucket.replica"), ("main.tf".into(), 7, 3));
    assert_eq!(
        loc("module.replica.aws_dynamodb_table.t"),
        ("modules/replica/main.tf".into(), 1, 1)
    );
    // Not declared in the .tf files: its line in the plan.
    assert_eq!(loc("aws_s3_bucket.pinned").0, "plan.json");
    assert_eq!(c.files, ["main.tf", "modules/replica/main.tf", "plan.json"]);
}

#[test]
fn bad_plan_files_get_clear_errors() {
    let err = |p: &Path| read_plan(p, None).expect_err("must fail").to_string();

    let missing = err(&fixture("no-such-plan.json"));
    assert!(
        missing.starts_with("cannot read plan `") && missing.contains("no-such-plan.json"),
        "{missing}"
    );

    let truncated = read_plan(&fixture("truncated.json"), None).expect_err("must fail");
    match &truncated {
        PlanError::Json { line, .. } => assert_eq!(*line, 6, "{truncated}"),
        other => panic!("{other}"),
    }
    assert!(truncated.to_string().contains("truncated.json"), "{truncated}");

    let not_plan = err(&fixture("not_a_plan.json"));
    assert!(
        not_plan.contains("is not a Terraform plan") && not_plan.contains("terraform show -json"),
        "{not_plan}"
    );

    let dir = tempfile::tempdir().unwrap();
    let array = dir.path().join("array.json");
    std::fs::write(&array, "[1, 2]").unwrap();
    assert!(err(&array).contains("the top level is not an object"));

    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    assert!(err(&binary).contains("not UTF-8"));

    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(costplan::terraform::plan::MAX_PLAN_BYTES + 1)
        .unwrap();
    let msg = err(&big);
    assert!(msg.contains("big.json") && msg.contains("50 MB"), "{msg}");
}

/// With the plan saved in the root module directory (where `terraform show -json` is run), the
/// plan path gives the same instances as the HCL path: addresses, types, modes, modules,
/// providers, regions, locations, warnings, and every attribute the configuration sets.
#[test]
fn plan_beside_its_configuration_matches_the_hcl_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("stack");
    fs::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform/provider_alias"),
        &root,
    );
    std::fs::copy(fixture("provider_alias.json"), root.join("plan.json")).unwrap();

    let hcl = costplan::terraform::load(&costplan::terraform::LoadOptions::new(&root)).unwrap();
    let plan = costplan::terraform::load_plan(&root.join("plan.json"), None).unwrap();
    assert_eq!(hcl.instances.len(), plan.instances.len());
    for (h, p) in hcl.instances.iter().zip(&plan.instances) {
        let shape = |i: &Instance| {
            (
                i.address.clone(),
                i.resource_type.clone(),
                i.name.clone(),
                i.mode,
                i.module.clone(),
                i.provider.clone(),
                i.region.clone(),
                i.location.clone(),
                i.warnings.clone(),
            )
        };
        assert_eq!(shape(h), shape(p));
        let Value::Map(attrs) = &h.attributes else {
            panic!("{}: attributes are a map", h.address)
        };
        for (key, value) in attrs {
            assert_eq!(p.attributes.get(key), Some(value), "{} {key}", h.address);
        }
    }
    assert_eq!(plan.warnings, hcl.warnings);
}

#[test]
fn module_provider_region_falls_back_to_the_module_variable_default() {
    let plan = serde_json::json!({
        "planned_values": {"root_module": {"child_modules": [{
            "address": "module.m[0]",
            "resources": [{"address": "module.m[0].aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
                           "name": "q", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}}]
        }]}},
        "configuration": {
            "provider_config": {"module.m:aws": {"name": "aws", "module_address": "module.m",
                                                  "expressions": {"region": {"references": ["var.region"]}}}},
            "root_module": {"module_calls": {"m": {"source": "./m", "module": {
                "resources": [{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
                               "provider_config_key": "module.m:aws"}],
                "variables": {"region": {"default": "eu-north-1"}}
            }}}}
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, plan.to_string()).unwrap();
    let c = read_plan(&path, Some("us-east-1")).unwrap();
    let q = instance(&c, "module.m[0].aws_sqs_queue.q");
    assert_eq!(
        (q.region.as_deref(), q.provider.as_str(), q.module.as_str()),
        (Some("eu-north-1"), "aws", "module.m[0]")
    );
}

/// Every value in a realistic plan, replaced in turn by each JSON kind: the reader may reject
/// or degrade, but never panics (a deterministic complement to the `plan` fuzz target).
#[test]
fn plans_with_unexpected_shapes_never_panic() {
    fn paths(v: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match v {
            serde_json::Value::Object(m) => {
                for (k, child) in m {
                    at.push(k.clone());
                    paths(child, at, out);
                    at.pop();
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(i.to_string());
                    paths(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    fn replace(v: &mut serde_json::Value, path: &[String], with: serde_json::Value) {
        match path.split_first() {
            None => *v = with,
            Some((head, rest)) => {
                let child = match v {
                    serde_json::Value::Object(m) => m.get_mut(head),
                    serde_json::Value::Array(items) => {
                        head.parse::<usize>().ok().and_then(|i| items.get_mut(i))
                    }
                    _ => None,
                };
                if let Some(c) = child {
                    replace(c, rest, with);
                }
            }
        }
    }
    // references.json: the configuration's expressions (references) get damaged too.
    for name in ["modules_count.json", "references.json"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        mutations_never_panic(&original, paths, replace);
    }
}

type Paths = fn(&serde_json::Value, &mut Vec<String>, &mut Vec<Vec<String>>);
type Replace = fn(&mut serde_json::Value, &[String], serde_json::Value);

/// Every path of `original` replaced by one of a few wrong shapes (rotating): no panic, and
/// most mutations still read as plans.
fn mutations_never_panic(original: &serde_json::Value, paths: Paths, replace: Replace) {
    let mut all = Vec::new();
    paths(original, &mut Vec::new(), &mut all);
    let kinds = [
        serde_json::json!(null),
        serde_json::json!(true),
        serde_json::json!(-1),
        serde_json::json!(1e300),
        serde_json::json!("module.x[\"a\"]:aws"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"$unknown": true}),
    ];
    let path = Path::new("/nonexistent/plan.json");
    let mut parsed = 0;
    // One replacement kind per path, rotating, keeps the test fast in debug builds.
    for (i, p) in all.iter().enumerate() {
        let mut v = original.clone();
        replace(&mut v, p, kinds[i % kinds.len()].clone());
        if costplan::terraform::plan::parse_plan(&v.to_string(), path, None).is_ok() {
            parsed += 1;
        }
    }
    assert!(
        parsed * 2 > all.len(),
        "most mutations still read as plans ({parsed} of {})",
        all.len()
    );
}

/// A plan with more resource instances than the estimate and `advise` are built for is an error
/// naming the file, not minutes of work.
#[test]
fn a_plan_over_the_instance_limit_is_refused() {
    let n = costplan::terraform::MAX_INSTANCES + 1;
    let resources: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"address":"aws_sqs_queue.q[{i}]","mode":"managed","type":"aws_sqs_queue","name":"q","index":{i},"values":{{}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"format_version":"1.2","planned_values":{{"root_module":{{"resources":[{}]}}}}}}"#,
        resources.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    std::fs::write(&path, text).unwrap();
    match read_plan(&path, None) {
        Err(e @ PlanError::TooManyInstances { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("huge.json") && msg.contains(&n.to_string()), "{msg}");
        }
        other => panic!("{:?}", other.map(|c| c.instances.len())),
    }
}

/// A plan of another format version, a `resources` that is not an array and an address listed
/// twice used to load silently (as 0 instances, or one of the two).
#[test]
fn plans_of_another_version_or_shape_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let q = r#"{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","values":{}}"#;
    let plan = |version: &str, resources: &str| {
        format!(
            r#"{{"format_version":{version},"planned_values":{{"root_module":{{"resources":{resources}}}}}}}"#
        )
    };
    let cases = [
        (plan(r#""99.0""#, &format!("[{q}]")), "`format_version` \"99.0\""),
        (plan("7", &format!("[{q}]")), "`format_version` 7"),
        (plan(r#""abc""#, &format!("[{q}]")), "`format_version` \"abc\""),
        (
            plan(r#""1.2""#, &format!(r#"{{"q":{q}}}"#)),
            "`planned_values.root_module.resources` must be an array, got an object",
        ),
        (
            plan(r#""1.2""#, &format!("[{q},{q}]")),
            "`aws_sqs_queue.q` appears more than once in `planned_values`",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("plan{i}.json"));
        std::fs::write(&path, text).unwrap();
        let msg = match read_plan(&path, None) {
            Ok(c) => panic!("{text}: loaded {} instances", c.instances.len()),
            Err(e) => e.to_string(),
        };
        assert!(msg.contains(&format!("plan{i}.json")) && msg.contains(expected), "{msg}");
    }
    // What Terraform writes loads.
    for version in [r#""1.0""#, r#""1.2""#] {
        let path = dir.path().join("good.json");
        std::fs::write(&path, plan(version, &format!("[{q}]"))).unwrap();
        assert_eq!(read_plan(&path, None).unwrap().instances.len(), 1);
    }
}

/// A plan's references come from `configuration.…expressions[].references`, followed through
/// module inputs (`var.x`) and outputs (`module.m.out`) to full addresses, as the HCL path
/// records them; an indexed reference names the instance; `local.x` (not in the plan's
/// configuration) and `count.index` name nothing.
#[test]
fn plan_instances_carry_references_from_the_configuration_expressions() {
    let c = load("references.json", None);
    let refs = |address: &str| -> Vec<(String, Vec<String>)> {
        instance(&c, address).references.clone().into_iter().collect()
    };
    let one = |path: &str, target: &str| (path.to_string(), vec![target.to_string()]);
    assert_eq!(
        refs("aws_ecs_service.direct"),
        vec![
            one("cluster", "aws_ecs_cluster.other"),
            one("load_balancer.0.target_group_arn", "aws_lb_target_group.tg[1]"),
            one("task_definition", "module.ecs.aws_ecs_task_definition.td"),
        ]
    );
    assert_eq!(
        refs("module.ecs.aws_ecs_service.svc"),
        vec![
            one("cluster", "aws_ecs_cluster.main"),
            one("task_definition", "module.ecs.aws_ecs_task_definition.td"),
        ]
    );
    assert!(refs("aws_lb_target_group.tg[0]").is_empty());
    // `each.value` comes from the `for_each` expression.
    assert_eq!(
        refs("aws_ecs_cluster_capacity_providers.cp[\"main\"]"),
        vec![one("cluster_name", "aws_ecs_cluster.main")]
    );
}
