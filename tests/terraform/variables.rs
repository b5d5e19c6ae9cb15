//! Variables as Terraform has them: `nullable`.

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
