//! derive() on small hand-built configurations: the paths credlink does not take.

use costplan::terraform::{Instance, Location, Mode, Value};
use costplan::usage::{Profile, Usage, derive};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

fn inst(address: &str, attributes: serde_json::Value) -> Instance {
    let plain = address.split('[').next().unwrap_or(address);
    let mut parts = plain.rsplit('.');
    let name = parts.next().unwrap_or_default().to_string();
    let resource_type = parts.next().unwrap_or_default().to_string();
    Instance {
        address: address.into(),
        resource_type,
        name,
        mode: Mode::Managed,
        module: String::new(),
        region: Some("us-east-1".into()),
        provider: "aws".into(),
        attributes: Value::from_json(&attributes),
        location: Location { file: "main.tf".into(), line: 1, column: 1 },
        references: Default::default(),
        warnings: Vec::new(),
    }
}

fn unknown() -> serde_json::Value {
    json!({"$unknown": true})
}

fn value(u: &Usage, address: &str, key: &str) -> Decimal {
    u.get(address, key).unwrap_or_else(|| panic!("no {key} for {address}: {u:#?}")).value
}

/// Rounded comparison for values with repeating decimals (hours → months).
fn close(a: Decimal, b: Decimal) {
    assert_eq!(a.round_dp(12), b.round_dp(12), "{a} vs {b}");
}

#[test]
fn large_objects_move_to_glacier_with_archive_overhead_and_noncurrent_versions() {
    let profile = Profile::from_yaml(
        "requests: 10k\nhorizon_months: 24\nmix:\n  upload: {share: 100%, s3_puts: 1, s3_put_kb: 512}\n",
        "s.yaml",
    )
    .unwrap();
    let instances = [
        inst("aws_s3_bucket.b", json!({"bucket": "b"})),
        inst(
            "aws_s3_bucket_versioning.b",
            json!({"bucket": "b",
            "versioning_configuration": [{"status": "Enabled"}]}),
        ),
        inst(
            "aws_s3_bucket_lifecycle_configuration.b",
            json!({"bucket": "b", "rule": [{
            "status": "Enabled", "filter": [{}],
            "transition": [{"days": 90, "storage_class": "GLACIER"}],
            "expiration": [{"days": 365}],
            "noncurrent_version_expiration": [{"noncurrent_days": 30}]}]}),
        ),
    ];
    let u = derive(&profile, &instances).unwrap();
    // 10,000 objects of 512 KB a month; 90 days = 2160/730 months in Standard; then Glacier
    // until 365 days (12 months) and 30 days (720/730 months) as noncurrent versions.
    let glacier_months = dec!(12) - dec!(2160) / dec!(730) + dec!(720) / dec!(730);
    let objects = dec!(10000) * glacier_months;
    let gb = dec!(1048576);
    close(
        value(&u, "aws_s3_bucket.b", "glacier_flexible_retrieval.storage_gb"),
        (dec!(5120000) * glacier_months + objects * dec!(32)) / gb,
    );
    close(
        value(&u, "aws_s3_bucket.b", "standard.storage_gb"),
        (dec!(5120000) * dec!(2160) / dec!(730) + objects * dec!(8)) / gb,
    );
    assert_eq!(
        value(
            &u,
            "aws_s3_bucket.b",
            "glacier_flexible_retrieval.monthly_lifecycle_transition_requests"
        ),
        dec!(10000)
    );
}

#[test]
fn autoscaling_follows_the_hourly_profile_and_counts_scale_out_starts() {
    // Half the day idle, half at twice the average: 60 req/s average → 120 req/s busy hours →
    // 3 tasks of 50 req/s; idle hours sit at the minimum of 1.
    let hourly = ["0"; 12].iter().chain(["2"; 12].iter()).copied().collect::<Vec<_>>().join(", ");
    let yaml = format!(
        "requests: 60/s\nhourly_profile: [{hourly}]\ncapacity_per_task: 50/s\ndeploys: {{per_month: 10}}\n"
    );
    let profile = Profile::from_yaml(&yaml, "s.yaml").unwrap();
    let instances = [
        inst(
            "aws_ecs_service.api",
            json!({"name": "api", "desired_count": 1,
            "load_balancer": [{"target_group_arn": unknown()}],
            "network_configuration": [{"assign_public_ip": false}]}),
        ),
        inst(
            "aws_appautoscaling_target.api",
            json!({"service_namespace": "ecs",
            "resource_id": "service/c/api", "min_capacity": 1, "max_capacity": 4}),
        ),
        inst("aws_secretsmanager_secret.s", json!({"name": "s"})),
    ];
    let u = derive(&profile, &instances).unwrap();
    assert_eq!(value(&u, "aws_ecs_service.api", "desired_count"), dec!(2));
    // 10 deploys × 1 task + one scale-out of 2 tasks a day × 730/24 days.
    close(
        value(&u, "aws_secretsmanager_secret.s", "monthly_requests"),
        dec!(10) + dec!(2) * dec!(730) / dec!(24),
    );
}

#[test]
fn ambiguous_links_warn_instead_of_guessing() {
    let profile = Profile::from_yaml("requests: 1M\n", "s.yaml").unwrap();
    let instances = [
        inst("aws_lb.a", json!({"internal": false})),
        inst("aws_lb.b", json!({"internal": false})),
        inst("aws_lb.internal", json!({"internal": true})),
        inst(
            "aws_ecs_service.api",
            json!({"name": "api", "desired_count": 2,
            "task_definition": unknown(), "load_balancer": [{}]}),
        ),
        inst(
            "aws_ecs_task_definition.one",
            json!({"family": "one", "container_definitions": unknown()}),
        ),
        inst(
            "aws_ecs_task_definition.two",
            json!({"family": "two", "container_definitions": unknown()}),
        ),
        inst("aws_cloudwatch_log_group.x", json!({"name": "x"})),
        inst("aws_cloudwatch_log_group.y", json!({"name": "y"})),
        inst("aws_flow_log.f", json!({"traffic_type": "REJECT", "log_destination": unknown()})),
    ];
    let u = derive(&profile, &instances).unwrap();
    let codes: Vec<&str> = u.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"usage-split-evenly"), "{codes:?}");
    assert!(codes.contains(&"usage-link-ambiguous"), "{codes:?}");
    assert!(u.get("aws_lb.internal", "monthly_lcu_hrs").is_none());
    // 1M requests × 5 KB split over two load balancers.
    assert_eq!(value(&u, "aws_lb.a", "processed_bytes_gb"), dec!(2500000) / dec!(1048576));
    assert!(u.get("aws_cloudwatch_log_group.x", "monthly_data_ingested_gb").is_none());
}

#[test]
fn reject_only_flow_logs_record_none_of_the_modelled_flows() {
    let profile = Profile::from_yaml("requests: 1M\n", "s.yaml").unwrap();
    let instances = [
        inst("aws_lb.a", json!({})),
        inst("aws_flow_log.f", json!({"traffic_type": "REJECT", "log_group_name": "fl"})),
        inst("aws_cloudwatch_log_group.fl", json!({"name": "fl", "retention_in_days": 7})),
    ];
    let u = derive(&profile, &instances).unwrap();
    assert_eq!(value(&u, "aws_cloudwatch_log_group.fl", "monthly_data_ingested_gb"), dec!(0));
}

#[test]
fn external_calls_and_endpoints_shape_nat_traffic() {
    let profile = Profile::from_yaml(
        "requests: 1M\ndeploys: {per_month: 0}\nmix:\n  call: {share: 100%, external_sent_kb: 1, external_received_kb: 3, s3_puts: 1, s3_put_kb: 10}\nlog_kb_per_request: 0\n",
        "s.yaml",
    )
    .unwrap();
    let instances = [
        inst(
            "aws_ecs_service.w",
            json!({"name": "w", "desired_count": 1,
            "network_configuration": [{"assign_public_ip": false}]}),
        ),
        inst("aws_nat_gateway.n", json!({})),
        inst("aws_vpc_endpoint.s3", json!({"service_name": "com.amazonaws.us-east-1.s3"})),
    ];
    let u = derive(&profile, &instances).unwrap();
    // S3 goes through the gateway endpoint; only the 4 KB of external calls cross NAT.
    assert_eq!(
        value(&u, "aws_nat_gateway.n", "monthly_data_processed_gb"),
        dec!(4000000) / dec!(1048576)
    );
    assert_eq!(
        value(&u, "aws_nat_gateway.n", "monthly_outbound_internet_gb"),
        dec!(1000000) / dec!(1048576)
    );
}

/// Image layers come from S3: an S3 endpoint alone takes the image pulls off NAT (the ECR
/// endpoints carry only API calls and manifests). A CloudWatch Logs interface endpoint takes
/// the awslogs bytes off NAT and carries them itself.
#[test]
fn s3_endpoint_carries_image_layers_and_a_logs_endpoint_carries_the_logs() {
    let profile = Profile::from_yaml(
        "requests: 1M\ndeploys: {per_month: 10, image_mb: 512}\nmix:\n  job: {share: 100%, log_kb: 2}\n",
        "s.yaml",
    )
    .unwrap();
    let service = inst(
        "aws_ecs_service.w",
        json!({"name": "w", "desired_count": 1,
        "network_configuration": [{"assign_public_ip": false}]}),
    );
    let nat = inst("aws_nat_gateway.n", json!({}));
    let logs_gb = dec!(2000000) / dec!(1048576);
    let pulls_gb = dec!(10) * dec!(512) / dec!(1024);
    let alone = derive(&profile, &[service.clone(), nat.clone()]).unwrap();
    assert_eq!(value(&alone, "aws_nat_gateway.n", "monthly_data_processed_gb"), logs_gb + pulls_gb);

    let s3 = inst("aws_vpc_endpoint.s3", json!({"service_name": "com.amazonaws.us-east-1.s3"}));
    let logs = inst(
        "aws_vpc_endpoint.logs",
        json!({"service_name": "com.amazonaws.us-east-1.logs", "vpc_endpoint_type": "Interface"}),
    );
    let u = derive(&profile, &[service, nat, s3, logs]).unwrap();
    assert_eq!(value(&u, "aws_nat_gateway.n", "monthly_data_processed_gb"), dec!(0));
    assert_eq!(value(&u, "aws_vpc_endpoint.logs", "monthly_data_processed_gb"), logs_gb);
    assert!(u.get("aws_vpc_endpoint.s3", "monthly_data_processed_gb").is_none());
}

/// A transition to Intelligent-Tiering keeps the bytes in the estimate: at the Frequent Access
/// rate (when objects are read is not known) with every object monitored, never a silent $0.
#[test]
fn intelligent_tiering_keeps_the_bytes_at_frequent_access_and_monitors_each_object() {
    let profile = Profile::from_yaml(
        "requests: 10k\nmix:\n  upload: {share: 100%, s3_puts: 1, s3_put_kb: 1 MB}\n",
        "s.yaml",
    )
    .unwrap();
    let instances = [
        inst("aws_s3_bucket.b", json!({"bucket": "b"})),
        inst(
            "aws_s3_bucket_lifecycle_configuration.b",
            json!({"bucket": "b", "rule": [{"status": "Enabled", "filter": [{}],
            "transition": [{"days": 0, "storage_class": "INTELLIGENT_TIERING"}]}]}),
        ),
    ];
    let u = derive(&profile, &instances).unwrap();
    // 10,000 objects of 1 MB a month, kept the 12-month horizon, all in Intelligent-Tiering.
    let b = "aws_s3_bucket.b";
    close(
        value(&u, b, "intelligent_tiering.frequent_access_storage_gb"),
        dec!(10000) * dec!(1024) * dec!(12) / dec!(1048576),
    );
    close(value(&u, b, "intelligent_tiering.monitored_objects"), dec!(120000));
    assert!(u.get(b, "intelligent_tiering.storage_gb").is_none(), "no key the resource ignores");
    let objects = u.s3_objects.get(b).expect("object sizes recorded");
    assert_eq!(objects.average_kb, dec!(1024));
}

/// A load-balanced, autoscaled service records its load for sizing rules; a service without a
/// load balancer records none (it has no request figure), and the capacity's origin is kept.
#[test]
fn load_balanced_services_record_their_load() {
    let instances = [
        inst(
            "aws_ecs_service.api",
            json!({"name": "api", "desired_count": 1,
            "load_balancer": [{"target_group_arn": unknown()}]}),
        ),
        inst(
            "aws_appautoscaling_target.api",
            json!({"service_namespace": "ecs",
            "resource_id": "service/c/api", "min_capacity": 2, "max_capacity": 4}),
        ),
        inst("aws_ecs_service.worker", json!({"name": "worker", "desired_count": 3})),
    ];
    let stated = Profile::from_yaml("requests: 36/s\ncapacity_per_task: 10/s\n", "s.yaml").unwrap();
    let u = derive(&stated, &instances).unwrap();
    let load = u.service_load.get("aws_ecs_service.api").expect("api has a load");
    // Default profile: busiest hour 2× the average.
    assert_eq!((load.average_rps, load.peak_rps), (dec!(36), dec!(72)));
    assert_eq!((load.floor_tasks, load.peak_tasks), (dec!(2), dec!(4)));
    assert!(load.autoscaled && load.capacity_given);
    assert!(!u.service_load.contains_key("aws_ecs_service.worker"));
    let default = Profile::from_yaml("requests: 36/s\n", "s.yaml").unwrap();
    let u = derive(&default, &instances).unwrap();
    assert!(!u.service_load["aws_ecs_service.api"].capacity_given);
}

/// `--requests` on a serverless stack: each request invokes one of the functions (R ÷ N) for
/// the mix's average `lambda_ms`; a mix that states no `lambda_ms` derives no duration (it then
/// depends on usage, never 0).
#[test]
fn serverless_requests_derive_lambda_invocations_and_duration() {
    let instances = [
        inst("aws_lambda_function.api", json!({"function_name": "api", "memory_size": 512})),
        inst("aws_lambda_function.jobs", json!({"function_name": "jobs"})),
    ];
    let profile = Profile::from_yaml(
        "requests: 1M\nmix:\n  read: {share: 80%, lambda_ms: 50}\n  write: {share: 20%, lambda_ms: 300}\n",
        "s.yaml",
    )
    .unwrap();
    let u = derive(&profile, &instances).unwrap();
    // 1,000,000 requests ÷ 2 functions.
    assert_eq!(value(&u, "aws_lambda_function.api", "monthly_requests"), dec!(500000));
    // 0.8 × 50 + 0.2 × 300 = 100 ms.
    assert_eq!(value(&u, "aws_lambda_function.jobs", "request_duration_ms"), dec!(100));
    let formula = &u.get("aws_lambda_function.api", "request_duration_ms").unwrap().formula;
    assert!(formula.contains("read 0.8 × 50 ms + write 0.2 × 300 ms"), "{formula}");
    let silent =
        Profile::from_yaml("requests: 1M\nmix:\n  api: {share: 100%}\n", "s.yaml").unwrap();
    let u = derive(&silent, &instances).unwrap();
    assert!(u.get("aws_lambda_function.api", "request_duration_ms").is_none());
    assert_eq!(value(&u, "aws_lambda_function.api", "monthly_requests"), dec!(500000));
}

/// `--requests` derives the request units of on-demand DynamoDB tables from the mix's
/// `dynamodb_reads`/`dynamodb_writes` (R × Σ share × per-request units ÷ N tables); a
/// provisioned table gets none (its capacity is configured).
#[test]
fn serverless_requests_derive_dynamodb_request_units() {
    let instances = [
        inst("aws_dynamodb_table.a", json!({"billing_mode": "PAY_PER_REQUEST"})),
        inst("aws_dynamodb_table.b", json!({"billing_mode": "PAY_PER_REQUEST"})),
        inst("aws_dynamodb_table.p", json!({"billing_mode": "PROVISIONED", "read_capacity": 5})),
    ];
    let profile = Profile::from_yaml(
        "requests: 1M\nmix:\n  read: {share: 75%, dynamodb_reads: 2}\n  write: {share: 25%, dynamodb_reads: 1, dynamodb_writes: 4}\n",
        "s.yaml",
    )
    .unwrap();
    let u = derive(&profile, &instances).unwrap();
    // Reads: 1M × (0.75 × 2 + 0.25 × 1) = 1.75M over 2 tables; writes: 1M × 0.25 × 4 = 1M.
    assert_eq!(value(&u, "aws_dynamodb_table.a", "monthly_read_request_units"), dec!(875000));
    assert_eq!(value(&u, "aws_dynamodb_table.b", "monthly_write_request_units"), dec!(500000));
    assert!(u.get("aws_dynamodb_table.p", "monthly_read_request_units").is_none());
}
