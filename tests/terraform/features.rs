//! One fixture per feature: snapshot of the evaluated instances plus the assertions that matter.

use costplan::terraform::Value;
use rust_decimal_macros::dec;

use crate::common::{addresses, attr, codes, load, load_with, options, s};

fn n(v: rust_decimal::Decimal) -> Value {
    Value::Number(v)
}

#[test]
fn basic_variables_locals_templates() {
    let l = load("basic");
    assert_eq!(addresses(&l), vec!["aws_instance.web"]);
    assert_eq!(attr(&l, "aws_instance.web", "root_block_device.0.volume_size"), &n(dec!(50)));
    assert_eq!(attr(&l, "aws_instance.web", "tags.Summary"), &s("web: 50 GB"));
    assert_eq!(attr(&l, "aws_instance.web", "monitoring"), &Value::Bool(true));
    // A null argument means unset; null inside a map stays; lifecycle is a meta-argument.
    assert!(l.instances[0].attr("user_data").is_none());
    assert_eq!(attr(&l, "aws_instance.web", "tags.Unset"), &Value::Null);
    assert!(l.instances[0].attr("lifecycle").is_none());
    assert_eq!(l.instances[0].region.as_deref(), Some("eu-west-1"));
    insta::assert_json_snapshot!("basic", l);
}

#[test]
fn count_and_for_each_expand() {
    let l = load("count_for_each");
    assert_eq!(
        addresses(&l),
        vec![
            "aws_ecs_task_definition.svc[\"api\"]",
            "aws_ecs_task_definition.svc[\"worker\"]",
            "aws_eip.nat[0]",
            "aws_eip.nat[1]",
            "aws_eip.nat[2]",
            "aws_sqs_queue.q[\"emails\"]",
            "aws_sqs_queue.q[\"orders\"]",
        ]
    );
    assert_eq!(attr(&l, "aws_eip.nat[2]", "tags.Name"), &s("nat-2"));
    assert_eq!(attr(&l, "aws_ecs_task_definition.svc[\"worker\"]", "cpu"), &n(dec!(1024)));
    insta::assert_json_snapshot!("count_for_each", l);
}

#[test]
fn dynamic_blocks_nested_with_iterator() {
    let l = load("dynamic_blocks");
    let sg = "aws_security_group.web";
    assert_eq!(attr(&l, sg, "ingress.1.from_port"), &n(dec!(443)));
    assert_eq!(attr(&l, sg, "ingress.1.index"), &n(dec!(1)));
    assert_eq!(attr(&l, sg, "ingress.1.cidr.1.block"), &s("172.16.0.0/12"));
    assert_eq!(attr(&l, sg, "egress.0.to_port"), &n(dec!(0)));
    insta::assert_json_snapshot!("dynamic_blocks", l);
}

#[test]
fn provider_aliases_set_regions() {
    let l = load("provider_alias");
    let region =
        |a: &str| l.instances.iter().find(|i| i.address == a).and_then(|i| i.region.clone());
    assert_eq!(region("aws_s3_bucket.primary").as_deref(), Some("eu-central-1"));
    assert_eq!(region("aws_s3_bucket.replica").as_deref(), Some("us-west-2"));
    assert_eq!(region("aws_s3_bucket.pinned").as_deref(), Some("ap-southeast-2"));
    assert_eq!(region("module.replica.aws_dynamodb_table.t").as_deref(), Some("us-west-2"));
    assert_eq!(region("module.inherits.aws_dynamodb_table.t").as_deref(), Some("eu-central-1"));
    insta::assert_json_snapshot!("provider_alias", l);
}

#[test]
fn region_flag_is_the_fallback_for_the_default_provider() {
    let mut opts = options("tfvars_precedence");
    opts.region = Some("sa-east-1".into());
    opts.vars = vec![("from_env".into(), "x".into())];
    let l = load_with(opts);
    assert_eq!(l.instances[0].region.as_deref(), Some("sa-east-1"));
}

#[test]
fn tfvars_precedence_follows_terraform() {
    let mut opts = options("tfvars_precedence");
    opts.env.insert("TF_VAR_from_env".into(), "env".into());
    opts.env.insert("TF_VAR_from_default".into(), "env beats default".into());
    opts.var_files.push(crate::common::fixture("tfvars_precedence/extra.tfvars"));
    opts.vars.push(("from_flag".into(), "first flag".into()));
    opts.vars.push(("from_flag".into(), "last flag".into()));
    opts.vars.push(("undeclared".into(), "x".into()));
    let l = load_with(opts);
    let p = "aws_ssm_parameter.p";
    assert_eq!(attr(&l, p, "value.default"), &s("env beats default"));
    assert_eq!(attr(&l, p, "value.env"), &s("tfvars beats env"));
    assert_eq!(attr(&l, p, "value.tfvars"), &s("tfvars"));
    assert_eq!(attr(&l, p, "value.auto_a"), &s("a.auto"));
    assert_eq!(attr(&l, p, "value.auto_b"), &s("b.auto.json"));
    assert_eq!(attr(&l, p, "value.var_file"), &s("var-file"));
    assert_eq!(attr(&l, p, "value.flag"), &s("last flag"));
    assert_eq!(attr(&l, p, "value.tags.team"), &s("core"));
    assert!(l.unset_variables.is_empty(), "{:?}", l.unset_variables);
    let undeclared: Vec<_> =
        l.warnings.iter().filter(|w| w.code == "undeclared-variable").collect();
    assert_eq!(undeclared.len(), 2, "{undeclared:?}");
    insta::assert_json_snapshot!("tfvars_precedence", l);
}

#[test]
fn unknown_values_propagate() {
    let l = load("unknown_propagation");
    let a = "aws_subnet.a";
    assert_eq!(attr(&l, a, "vpc_id"), &Value::Unknown);
    assert_eq!(attr(&l, a, "cidr_block"), &s("10.0.0.0/16"));
    assert_eq!(attr(&l, a, "name"), &Value::Unknown);
    assert_eq!(attr(&l, a, "account"), &Value::Unknown);
    assert_eq!(attr(&l, a, "big"), &Value::Unknown);
    assert_eq!(attr(&l, a, "sum"), &Value::Unknown);
    let per_subnet = l
        .instances
        .iter()
        .find(|i| i.address == "aws_instance.per_subnet[0]")
        .expect("one stand-in instance");
    assert_eq!(per_subnet.warnings[0].code, "unknown-count");
    let per_id = l
        .instances
        .iter()
        .find(|i| i.address.starts_with("aws_instance.per_id"))
        .expect("one stand-in instance");
    assert_eq!(per_id.warnings[0].code, "unknown-for-each");
    insta::assert_json_snapshot!("unknown_propagation", l);
}

#[test]
fn local_modules_with_for_each_count_and_outputs() {
    let l = load("modules_for_each");
    let addrs = addresses(&l);
    for a in [
        "module.svc[\"api\"].aws_ecs_service.this",
        "module.svc[\"api\"].module.alarm[1].aws_cloudwatch_metric_alarm.cpu",
        "module.svc[\"worker\"].aws_ecs_task_definition.this",
        "module.single[0].aws_ecs_service.this",
    ] {
        assert!(addrs.contains(&a), "{a} missing from {addrs:?}");
    }
    assert_eq!(addrs.len(), 11, "{addrs:?}");
    let d = "aws_cloudwatch_dashboard.d";
    assert_eq!(attr(&l, d, "api_family"), &s("svc-api"));
    assert_eq!(attr(&l, d, "families"), &Value::List(vec![s("svc-api"), s("svc-worker")]));
    assert_eq!(attr(&l, d, "alarm_names"), &Value::List(vec![s("worker-0")]));
    assert_eq!(attr(&l, "module.svc[\"api\"].aws_ecs_service.this", "desired_count"), &n(dec!(2)));
    let inst = l
        .instances
        .iter()
        .find(|i| i.address == "module.svc[\"api\"].aws_ecs_service.this")
        .unwrap();
    assert_eq!(inst.module, "module.svc[\"api\"]");
    assert_eq!(inst.location.file, "modules/service/main.tf");
    assert_eq!(inst.region.as_deref(), Some("eu-west-2"));
    insta::assert_json_snapshot!("modules_for_each", l);
}

#[test]
fn registry_modules_resolve_through_modules_json_or_are_reported() {
    let l = load("registry_modules");
    assert!(addresses(&l).contains(&"module.vpc.aws_vpc.this"));
    assert_eq!(l.modules_not_loaded, vec!["module.eks"]);
    assert!(codes(&l).contains(&"module-not-loaded".to_string()));
    assert_eq!(attr(&l, "aws_route53_zone.z", "other"), &Value::Unknown);
    insta::assert_json_snapshot!("registry_modules", l);
}

#[test]
fn expressions_follow_hcl_semantics() {
    let l = load("expressions");
    let r = "aws_ssm_parameter.results";
    assert_eq!(attr(&l, r, "value.by_zone.x"), &Value::List(vec![s("a"), s("c")]));
    assert_eq!(attr(&l, r, "value.names"), &Value::List(vec![s("a"), s("b"), s("c")]));
    assert_eq!(attr(&l, r, "value.legacy"), &Value::List(vec![s("small"), s("large"), s("small")]));
    assert_eq!(attr(&l, r, "value.indexed.c"), &n(dec!(2)));
    assert_eq!(attr(&l, r, "value.cpu"), &n(dec!(256)));
    assert_eq!(attr(&l, r, "value.memory"), &n(dec!(512)));
    assert_eq!(attr(&l, r, "value.has_memory"), &Value::Bool(false));
    assert_eq!(attr(&l, r, "value.fallback"), &s("was null"));
    assert_eq!(
        attr(&l, r, "value.math"),
        &Value::List(vec![n(dec!(2.5)), n(dec!(1)), n(dec!(-6)), n(dec!(3))])
    );
    assert_eq!(attr(&l, r, "value.single"), &n(dec!(256)));
    assert_eq!(attr(&l, r, "value.escaped"), &s("${literal} %{literal}"));
    assert_eq!(attr(&l, r, "value.nested"), &s("b"));
    insta::assert_json_snapshot!("expressions", l);
}

#[test]
fn lenient_configuration_loads_with_warnings() {
    let l = load("lenient");
    assert_eq!(
        addresses(&l),
        vec![
            "aws_db_instance.db",
            "aws_ecs_service.api",
            "aws_ecs_task_definition.api",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_lifecycle_configuration.logs",
        ]
    );
    let codes = codes(&l);
    for c in ["undeclared-variable", "variable-unset", "dangling-reference", "evaluation-error"] {
        assert!(codes.contains(&c.to_string()), "missing {c} in {codes:?}");
    }
    assert_eq!(l.unset_variables, vec!["db_password", "image_tag"]);
    let svc = l.instances.iter().find(|i| i.address == "aws_ecs_service.api").unwrap();
    assert_eq!(svc.provider, "aws.dr");
    assert_eq!(svc.region.as_deref(), Some("us-west-2"));
    let td = l.instances.iter().find(|i| i.address == "aws_ecs_task_definition.api").unwrap();
    assert_eq!(td.region.as_deref(), Some("eu-west-1"), "region from tfvars through var.region");
    assert_eq!(td.attr("cpu").and_then(Value::as_decimal), Some(dec!(512)));
    let db = l.instances.iter().find(|i| i.address == "aws_db_instance.db").unwrap();
    assert_eq!(db.attr("subnet"), Some(&Value::Unknown));
    assert_eq!(db.attr("instance_class"), Some(&s("db.t3.micro")));
    let w = db.warnings.iter().find(|w| w.code == "evaluation-error").unwrap();
    assert!(w.message.contains("cidrsubnet"), "{}", w.message);
    insta::assert_json_snapshot!("lenient", l);
}

#[test]
fn workspace_is_terraform_workspace() {
    let mut opts = options("workspace");
    opts.workspace = "prod".into();
    let l = load_with(opts);
    assert_eq!(attr(&l, "aws_instance.app", "instance_type"), &s("m5.large"));
    assert_eq!(attr(&l, "aws_instance.app", "tags.Name"), &s("app-prod"));
    assert_eq!(attr(&l, "aws_instance.app", "tags.Module"), &s("."));
    let l = load("workspace");
    assert_eq!(attr(&l, "aws_instance.app", "instance_type"), &s("t3.micro"));
}

#[test]
fn the_credlink_example_loads_cleanly() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/credlink");
    let l = load_with(costplan::terraform::LoadOptions::new(path));
    assert!(l.instances.len() > 50, "{}", l.instances.len());
    assert!(l.modules_not_loaded.is_empty(), "{:?}", l.modules_not_loaded);
    assert_eq!(l.warning_counts().get("unsupported-function"), None, "{:?}", l.warning_counts());
    for i in l.instances.iter().filter(|i| i.provider.starts_with("aws")) {
        assert!(i.region.is_some(), "{} has no region", i.address);
    }
}

#[test]
fn templatefile_and_unknown_module_count() {
    let l = load("templatefile");
    assert_eq!(
        attr(&l, "aws_launch_template.web", "plain"),
        &s("#!/bin/bash\necho \"starting plain\"\nno ports\n")
    );
    assert!(matches!(attr(&l, "aws_launch_template.web", "user_data"), Value::String(_)));
    let worker = l
        .instances
        .iter()
        .find(|i| i.address == "module.worker[0].aws_sqs_queue.jobs")
        .expect("one stand-in module instance");
    assert_eq!(
        worker.warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
        vec!["unknown-count"]
    );
    insta::assert_json_snapshot!("templatefile", l);
}

/// One nested block is a one-element list in native syntax and an object in JSON syntax (no
/// provider schema says which it is); everything else must be identical.
fn single_blocks_as_objects(v: &Value) -> Value {
    match v {
        Value::List(items) if items.len() == 1 && matches!(items[0], Value::Map(_)) => {
            single_blocks_as_objects(&items[0])
        }
        Value::List(items) => Value::List(items.iter().map(single_blocks_as_objects).collect()),
        Value::Map(m) => {
            Value::Map(m.iter().map(|(k, v)| (k.clone(), single_blocks_as_objects(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn json_syntax_loads_like_the_same_configuration_in_native_syntax() {
    let native = load("json_syntax/hcl");
    let json = load("json_syntax/json");
    assert_eq!(addresses(&json), addresses(&native));
    assert_eq!(codes(&json), codes(&native), "{:?}", json.warnings);
    for (a, b) in native.instances.iter().zip(&json.instances) {
        assert_eq!(
            (&a.resource_type, &a.mode, &a.module, &a.region, &a.provider),
            (&b.resource_type, &b.mode, &b.module, &b.region, &b.provider),
            "{}",
            a.address
        );
        assert_eq!(
            single_blocks_as_objects(&a.attributes),
            single_blocks_as_objects(&b.attributes),
            "{}",
            a.address
        );
    }
    // What the resources read works on both: block 0 of a single nested block, dynamic blocks.
    for l in [&native, &json] {
        let arch =
            attr(l, "aws_ecs_task_definition.svc[\"api\"]", "runtime_platform.0.cpu_architecture");
        assert_eq!(arch, &s("ARM64"));
        assert_eq!(attr(l, "aws_ecs_task_definition.svc[\"api\"]", "memory"), &n(dec!(1024)));
        assert_eq!(attr(l, "aws_security_group.web", "ingress.1.from_port"), &n(dec!(443)));
        assert_eq!(attr(l, "aws_nat_gateway.az[1]", "tags.Name"), &s("app-eu-west-1-nat-1"));
    }
    // Locations point into the JSON file, at the resource's label.
    let nat = json.instances.iter().find(|i| i.address == "aws_nat_gateway.az[0]").expect("nat");
    assert_eq!((nat.location.file.as_str(), nat.location.line), ("main.tf.json", 19));
}

#[test]
fn malformed_json_syntax_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf.json"), "{\n  \"resource\": {\n    \"x\": [1,,]\n}\n")
        .expect("write");
    let err = match costplan::terraform::load(&costplan::terraform::LoadOptions::new(dir.path())) {
        Ok(_) => panic!("malformed JSON must not load"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("main.tf.json:3:"), "{err}");
    assert!(err.contains("invalid Terraform JSON"), "{err}");
}

#[test]
fn null_checks_on_values_holding_unknowns_are_known() {
    let l = load("null_checks_on_unknowns");
    let addrs = addresses(&l);
    // `count = local.encryption != null ? 2 : 0` on an object whose only attribute is unknown.
    for a in [
        "aws_cloudwatch_log_group.with_key[0]",
        "aws_cloudwatch_log_group.with_key[1]",
        "aws_cloudwatch_log_group.without[0]",
    ] {
        assert!(addrs.contains(&a), "{a} missing from {addrs:?}");
    }
    assert!(!codes(&l).iter().any(|c| c == "unknown-count"), "{:?}", codes(&l));
    let b = "aws_s3_bucket.b";
    assert_eq!(attr(&l, b, "is_null"), &Value::Bool(false));
    // Lists of different lengths differ whatever their elements are.
    assert_eq!(attr(&l, b, "same"), &Value::Bool(false));
    // The dynamic block's for_each is known: one block, whose key is unknown.
    assert_eq!(attr(&l, b, "server_side_encryption_configuration.0.key"), &Value::Unknown);
    assert!(!codes(&l).iter().any(|c| c == "unknown-dynamic-block"), "{:?}", codes(&l));
}

/// The resources attribute `path` of `address` comes from, as the loader recorded them.
fn refs_of(loaded: &costplan::terraform::Loaded, address: &str, path: &str) -> Vec<String> {
    let inst = loaded.instances.iter().find(|i| i.address == address).expect(address);
    inst.references.get(path).cloned().unwrap_or_default()
}

#[test]
fn references_follow_values_through_locals_modules_try_conditionals_and_splats() {
    let loaded = load("references");
    let r = |a: &str, p: &str| refs_of(&loaded, a, p);
    let a = vec!["aws_ecs_cluster.a".to_string()];
    let b = vec!["aws_ecs_cluster.b".to_string()];
    // Unknown values (`id`, `arn`) keep where they come from.
    assert_eq!(r("aws_ecs_service.direct", "cluster"), a);
    assert_eq!(r("aws_ecs_service.via_local", "cluster"), a);
    assert_eq!(
        r("aws_ecs_service.via_module", "cluster"),
        vec!["module.cluster.aws_ecs_cluster.inner".to_string()]
    );
    // Only the `try` argument that succeeded.
    assert_eq!(r("aws_ecs_service.via_try", "cluster"), b);
    // Only the branch taken; a condition is not where a value comes from.
    assert_eq!(r("aws_ecs_service.via_conditional", "cluster"), a);
    assert_eq!(r("aws_ecs_service.via_conditional", "launch_type"), Vec::<String>::new());
    assert_eq!(r("aws_ecs_service.via_local_conditional", "cluster"), a);
    // A module input carries the caller's references (a known value, too).
    assert_eq!(r("module.cluster.aws_ecs_cluster_capacity_providers.inner", "cluster_name"), b);
    // Splats and for expressions over every instance name the resource; an index names one.
    let subnets = vec!["aws_subnet.x".to_string()];
    assert_eq!(r("aws_lb.splat", "subnets"), subnets);
    assert_eq!(r("aws_lb.for_expr", "subnets"), subnets);
    assert_eq!(r("aws_lb.indexed", "subnet_mapping.0.subnet_id"), vec!["aws_subnet.x[1]"]);
    // `each.value` carries the references of the whole `for_each` collection: the granularity
    // is the attribute, so both groups (the link narrows by the known `awslogs-group` name).
    assert_eq!(
        r("aws_ecs_task_definition.svc[\"api\"]", "container_definitions"),
        vec![
            "aws_cloudwatch_log_group.logs[\"api\"]".to_string(),
            "aws_cloudwatch_log_group.logs[\"worker\"]".to_string()
        ]
    );
}

#[test]
fn attributes_known_after_apply_are_unknown_through_for_expressions_over_resources_only() {
    let l = load("computed_through_for");
    let d = "aws_cloudwatch_dashboard.d";
    // Over resource and data source objects: computed attributes are unknown.
    assert_eq!(attr(&l, d, "codes.a"), &Value::Unknown);
    assert_eq!(attr(&l, d, "codes.b"), &Value::Unknown);
    assert_eq!(attr(&l, d, "names"), &Value::List(vec![s("a"), s("b")]));
    assert_eq!(attr(&l, d, "subnet_arns"), &Value::List(vec![Value::Unknown, Value::Unknown]));
    // Through `try`, a splat and a `for` kept in a local, and `values()` of it.
    assert_eq!(attr(&l, d, "subnet_azs"), &Value::List(vec![Value::Unknown, Value::Unknown]));
    assert_eq!(attr(&l, d, "subnet_cidrs"), &Value::List(vec![s("10.0.0.0/24"), s("10.0.1.0/24")]));
    // Through a module output that is resource objects.
    assert_eq!(attr(&l, d, "queue_urls"), &Value::List(vec![Value::Unknown, Value::Unknown]));
    // A dynamic block over resource objects.
    assert_eq!(attr(&l, d, "widget.1.owner"), &Value::Unknown);
    // Over configuration objects that mention a resource, `try` still takes the default.
    assert_eq!(attr(&l, d, "delays.fast"), &n(dec!(5)));
    assert_eq!(attr(&l, d, "delays.slow"), &n(dec!(0)));
    // `each.value` of a `for_each`: the same rule.
    let alarm = "aws_cloudwatch_metric_alarm.per_subnet[\"10.0.1.0/24\"]";
    assert_eq!(attr(&l, alarm, "alarm_name"), &Value::Unknown);
    assert_eq!(attr(&l, "aws_sqs_queue.per_queue[\"fast\"]", "delay_seconds"), &n(dec!(5)));
    assert_eq!(attr(&l, "aws_sqs_queue.per_queue[\"slow\"]", "delay_seconds"), &n(dec!(0)));
    assert!(!codes(&l).iter().any(|c| c == "evaluation-error"), "{:?}", l.warnings);
    let mut output_errors: Vec<String> =
        l.warnings.iter().filter(|w| w.code == "output-error").map(|w| w.message.clone()).collect();
    output_errors.sort();
    // Only the two ordinary objects, which lack the attribute in Terraform too.
    assert_eq!(output_errors.len(), 2, "{output_errors:?}");
    assert!(output_errors[0].contains("missing_in_a_configuration_object"), "{output_errors:?}");
    assert!(output_errors[0].contains("no attribute `delay`"), "{output_errors:?}");
    assert!(output_errors[1].contains("missing_in_a_literal"), "{output_errors:?}");
    assert!(output_errors[1].contains("no attribute `arn`"), "{output_errors:?}");
}
