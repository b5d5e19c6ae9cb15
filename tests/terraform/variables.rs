//! Terraform's language rules costplan follows: `nullable` and `validation` of variables,
//! repeated object keys.

use costplan::terraform::{LoadError, Value};

use crate::common::{attr, load, load_err, s};

/// The error message with the machine-specific fixture directory replaced.
fn message(e: &LoadError) -> String {
    e.to_string().replace(&crate::common::fixture("").display().to_string(), "<fixtures>/")
}

#[test]
fn null_given_to_a_non_nullable_variable_means_its_default() {
    let l = load("nullable");
    assert_eq!(attr(&l, "module.svc.aws_db_instance.db", "multi_az"), &Value::Bool(true));
    // A nullable variable keeps the null it is given, as in Terraform.
    assert_eq!(attr(&l, "module.svc.aws_db_instance.db", "tags.Description"), &s("null"));
    // A root variable set to null in terraform.tfvars also takes its default.
    assert_eq!(
        attr(&l, "module.svc.aws_cloudwatch_log_group.db", "retention_in_days"),
        &Value::Number(14.into())
    );
}

#[test]
fn null_given_to_a_non_nullable_variable_without_default_is_an_error() {
    let e = load_err("nullable_no_default");
    let text = message(&e);
    assert!(text.starts_with("main.tf:3:12: "), "{text}");
    assert!(text.contains("variable `size` of `module.svc` is null"), "{text}");
    assert!(text.contains("`nullable = false` (at modules/svc/main.tf:1)"), "{text}");
    assert!(text.contains("help: pass a value that is not null"), "{text}");
}

/// HCL (hashicorp/hcl `hclsyntax`, `ObjectConsExpr.Value`) accepts a repeated key in an object
/// constructor and keeps the later item; locations on the line stay the file's.
#[test]
fn a_repeated_object_key_keeps_the_later_value() {
    let l = load("duplicate_object_keys");
    let sg = "aws_security_group.web";
    assert_eq!(attr(&l, sg, "tags.port"), &s("8443"));
    assert_eq!(attr(&l, sg, "tags.proto"), &s("tcp"));
    assert_eq!(attr(&l, sg, "labels.a"), &Value::Number(2.into()));
    assert_eq!(attr(&l, sg, "labels.env"), &s("y"));
    // The error after the rewritten keys is located where the file has it.
    let text = std::fs::read_to_string(crate::common::fixture("duplicate_object_keys/main.tf"))
        .expect("fixture");
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("cidrsubnet").map(|c| (i + 1, c + 1)))
        .expect("cidrsubnet in the fixture");
    let inst = l.instances.iter().find(|i| i.address == sg).expect("instance");
    let w = inst.warnings.iter().find(|w| w.code == "evaluation-error").expect("warning");
    assert!(w.message.contains(&format!("main.tf:{line}:{col}")), "{}", w.message);
}

#[test]
fn validation_rules_that_hold_or_are_unknown_load() {
    let l = load("validation");
    assert_eq!(attr(&l, "module.disk.aws_ebs_volume.data", "size"), &Value::Number(50.into()));
    // A condition that is not a bool is not checked, and said so.
    let skipped: Vec<_> = l.warnings.iter().filter(|w| w.code == "validation-skipped").collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].message.contains("variable `env` of `module.disk`"),
        "{}",
        skipped[0].message
    );
}

#[test]
fn a_failed_validation_rule_is_an_error_naming_the_rule() {
    let mut opts = crate::common::options("validation");
    opts.vars.push(("disk_gb".into(), "8".into()));
    let e = costplan::terraform::load(&opts).expect_err("size 8 breaks the rule");
    let text = message(&e);
    // At the condition, with the rule's line in the help.
    assert!(text.starts_with("modules/disk/main.tf:4:21: "), "{text}");
    assert!(
        text.contains(
            "invalid value for variable `size_gb` of `module.disk`: size_gb must be at least 20 GB."
        ),
        "{text}"
    );
    assert!(text.contains("validation rule at modules/disk/main.tf:3"), "{text}");
    let mut opts = crate::common::options("validation");
    opts.vars.push(("env".into(), "test".into()));
    let text = message(&costplan::terraform::load(&opts).expect_err("env test breaks the rule"));
    assert!(text.contains("variable `env` of the root module: env must be dev or prod."), "{text}");
}

/// `optional(T, default)` in nested object types: defaults fill absent attributes at every
/// level (inside an optional object, inside list elements); without a default, null.
#[test]
fn optional_attributes_get_their_defaults_in_nested_objects() {
    let l = load("optional_defaults");
    let v = "module.vol.aws_ebs_volume.v";
    assert_eq!(attr(&l, v, "size"), &Value::Number(20.into()));
    assert_eq!(attr(&l, v, "type"), &s("io2"));
    assert_eq!(attr(&l, v, "tags.Proto"), &s("tcp"));
    assert_eq!(attr(&l, v, "tags.Tags"), &s("null"));
}
