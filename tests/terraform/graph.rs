//! Terraform's evaluation graph: every variable, local, module input, module output, resource
//! and data source is its own node, so references between module calls that Terraform accepts
//! load, and a real cycle is an error naming its chain with `file:line`.

use costplan::terraform::{LoadError, Value};

use crate::common::{addresses, attr, load, load_err, s};

/// The error message with the machine-specific fixture directory replaced.
fn message(e: &LoadError) -> String {
    e.to_string().replace(&crate::common::fixture("").display().to_string(), "<fixtures>/")
}

#[test]
fn two_modules_taking_each_others_outputs_load() {
    let l = load("graph_mutual_modules");
    assert_eq!(
        addresses(&l),
        vec![
            "module.primary.aws_s3_bucket.this",
            "module.primary.aws_s3_bucket_replication_configuration.this",
            "module.replica.aws_s3_bucket.this",
            "module.replica.aws_s3_bucket_replication_configuration.this",
        ]
    );
    // Each module's input is the other module's output, evaluated through the graph.
    let rule = "rule.0.destination";
    assert_eq!(
        attr(&l, "module.primary.aws_s3_bucket_replication_configuration.this", rule),
        &s("media-replica")
    );
    assert_eq!(
        attr(&l, "module.replica.aws_s3_bucket_replication_configuration.this", rule),
        &s("media-primary")
    );
}

#[test]
fn a_resource_feeding_a_module_reads_another_of_its_outputs() {
    let l = load("graph_dlq_module");
    assert_eq!(
        addresses(&l),
        vec![
            "aws_sqs_queue.orders",
            "module.dlq.aws_sqs_queue.dlq",
            "module.dlq.aws_sqs_queue_redrive_allow_policy.dlq",
        ]
    );
    let policy = attr(&l, "aws_sqs_queue.orders", "redrive_policy");
    let Value::String(policy) = policy else { panic!("redrive_policy: {policy}") };
    assert!(policy.contains("\"deadLetterTargetArn\":\"orders-dlq\""), "{policy}");
    // The module's input is the queue's ARN: only known after apply.
    assert_eq!(
        attr(&l, "module.dlq.aws_sqs_queue_redrive_allow_policy.dlq", "redrive_allow_policy"),
        &Value::Unknown
    );
}

#[test]
fn a_module_output_of_its_own_inputs_does_not_wait_for_another_output() {
    let l = load("graph_output_split");
    assert_eq!(attr(&l, "aws_s3_bucket.logs", "bucket"), &s("billing-logs"));
    assert_eq!(attr(&l, "aws_s3_bucket.app", "tags.LogTarget"), &s("s3://billing-logs/billing/"));
}

#[test]
fn two_locals_referring_to_each_other_are_a_cycle_with_file_and_line() {
    let e = load_err("graph_cycle_locals");
    let LoadError::Cycle { cycle, .. } = &e else { panic!("not a cycle: {e}") };
    assert_eq!(cycle, &["local.a (main.tf:2)", "local.b (main.tf:3)", "local.a (main.tf:2)"]);
    insta::assert_snapshot!("graph_cycle_locals", message(&e));
}

#[test]
fn a_resource_cycle_through_a_module_names_every_node() {
    let e = load_err("graph_cycle_through_module");
    let LoadError::Cycle { cycle, .. } = &e else { panic!("not a cycle: {e}") };
    assert_eq!(
        cycle,
        &[
            "aws_sqs_queue.q (main.tf:1)",
            "module.echo.output.value (modules/echo/main.tf:6)",
            "module.echo.var.input (modules/echo/main.tf:1)",
            "aws_sqs_queue.q (main.tf:1)",
        ]
    );
    insta::assert_snapshot!("graph_cycle_through_module", message(&e));
}
