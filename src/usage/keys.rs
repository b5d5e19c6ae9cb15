//! Which usage keys a resource type accepts: [`BY_TYPE`], the one list of the keys each priced
//! type reads (documented in `docs/resources.md`). The resource mappings read their keys from
//! here, this module validates usage files and scenario overrides against it, and `derive` emits
//! only keys from it (a test checks that). Names are Infracost's (unit last:
//! `monthly_data_processed_gb`); nested Infracost keys are flattened with a dot
//! (`standard.storage_gb`).
//!
//! A key not read by a priced type is an error (a typo would otherwise silently price nothing);
//! keys for types costplan does not price are ignored with a warning, so that an Infracost usage
//! file written for a larger project loads as is.
//!
//! The list lives here, below `resources/`, so that `usage` needs nothing from above it: every
//! type of `resources::REGISTRY` has a row (an empty one when it reads no key, so that usage for
//! it is still checked) and no other type has one; a registry test checks both directions.

/// Usage keys by priced Terraform type, sorted by type.
pub static BY_TYPE: &[(&str, &[&str])] = &[
    ("aws_alb", LOAD_BALANCER),
    ("aws_api_gateway_rest_api", &["monthly_requests"]),
    ("aws_api_gateway_stage", &[]),
    (
        "aws_apigatewayv2_api",
        &[
            "monthly_requests",
            "request_size_kb",
            "monthly_messages",
            "message_size_kb",
            "monthly_connection_mins",
        ],
    ),
    ("aws_autoscaling_group", EC2_GROUP),
    ("aws_cloudfront_distribution", CLOUDFRONT_DISTRIBUTION),
    ("aws_cloudwatch_dashboard", &[]),
    ("aws_cloudwatch_log_group", CLOUDWATCH_LOG_GROUP),
    ("aws_cloudwatch_log_metric_filter", &["custom_metrics"]),
    ("aws_cloudwatch_metric_alarm", &[]),
    ("aws_db_instance", &["storage_gb", "additional_backup_storage_gb"]),
    ("aws_db_proxy", &[]),
    ("aws_dynamodb_table", DYNAMODB_TABLE),
    ("aws_ebs_snapshot", EBS_SNAPSHOT),
    ("aws_ebs_volume", &["monthly_standard_io_requests"]),
    ("aws_ecr_repository", &["storage_gb"]),
    ("aws_ecs_cluster", &["custom_metrics", "monthly_data_ingested_gb"]),
    ("aws_ecs_service", &["desired_count"]),
    ("aws_efs_file_system", EFS_FILE_SYSTEM),
    ("aws_eip", &[]),
    ("aws_eks_cluster", &[]),
    ("aws_eks_node_group", &["instances"]),
    ("aws_elasticache_cluster", &["snapshot_storage_size_gb"]),
    ("aws_elasticache_replication_group", &["snapshot_storage_size_gb"]),
    ("aws_instance", &["operating_system", "monthly_hrs", "monthly_standard_io_requests"]),
    ("aws_kms_key", &["monthly_requests"]),
    ("aws_lambda_function", &["monthly_requests", "request_duration_ms"]),
    (
        "aws_lambda_provisioned_concurrency_config",
        &[
            "monthly_duration_hrs",
            "memory_mb",
            "architecture",
            "monthly_requests",
            "request_duration_ms",
        ],
    ),
    ("aws_lb", LOAD_BALANCER),
    ("aws_memorydb_cluster", &["monthly_data_written_gb", "snapshot_storage_size_gb"]),
    ("aws_nat_gateway", NAT_GATEWAY),
    ("aws_rds_cluster", RDS_CLUSTER),
    ("aws_rds_cluster_instance", &["capacity_units_per_hr"]),
    ("aws_route53_health_check", &["endpoint_type"]),
    (
        "aws_route53_record",
        &[
            "monthly_standard_queries",
            "monthly_latency_based_queries",
            "monthly_geo_queries",
            "monthly_geoproximity_queries",
            "monthly_ip_based_queries",
        ],
    ),
    ("aws_route53_zone", &[]),
    ("aws_s3_bucket", S3_BUCKET),
    ("aws_secretsmanager_secret", &["monthly_requests"]),
    ("aws_sns_topic", &["monthly_requests", "request_size_kb"]),
    ("aws_sns_topic_subscription", &["monthly_requests", "request_size_kb"]),
    ("aws_sqs_queue", &["monthly_requests", "request_size_kb"]),
    ("aws_vpc_endpoint", &["monthly_data_processed_gb"]),
    ("aws_wafv2_web_acl", &["monthly_requests", "rule_group_rules", "managed_rule_group_rules"]),
];

/// Usage keys of `aws_efs_file_system` (Infracost's four, then costplan's for Archive and
/// elastic throughput).
const EFS_FILE_SYSTEM: &[&str] = &[
    "storage_gb",
    "infrequent_access_storage_gb",
    "monthly_infrequent_access_read_gb",
    "monthly_infrequent_access_write_gb",
    "archive_storage_gb",
    "monthly_elastic_read_gb",
    "monthly_elastic_write_gb",
];

/// Usage keys of `aws_lb` and `aws_alb`.
const LOAD_BALANCER: &[&str] = &[
    "monthly_lcu_hrs",
    "new_connections",
    "active_connections",
    "processed_bytes_gb",
    "rule_evaluations",
    "monthly_outbound_internet_gb",
];

/// Usage keys of `aws_cloudfront_distribution` (Infracost's, nested per edge geography and
/// flattened; `canada` and `middle_east` are costplan's, Infracost folds them into `us` and
/// `south_africa`). The geographies are [`CLOUDFRONT_GEOGRAPHIES`].
pub const CLOUDFRONT_DISTRIBUTION: &[&str] = &[
    "monthly_data_transfer_to_internet_gb.us",
    "monthly_data_transfer_to_internet_gb.canada",
    "monthly_data_transfer_to_internet_gb.europe",
    "monthly_data_transfer_to_internet_gb.south_africa",
    "monthly_data_transfer_to_internet_gb.middle_east",
    "monthly_data_transfer_to_internet_gb.south_america",
    "monthly_data_transfer_to_internet_gb.japan",
    "monthly_data_transfer_to_internet_gb.australia",
    "monthly_data_transfer_to_internet_gb.asia_pacific",
    "monthly_data_transfer_to_internet_gb.india",
    "monthly_data_transfer_to_origin_gb.us",
    "monthly_data_transfer_to_origin_gb.canada",
    "monthly_data_transfer_to_origin_gb.europe",
    "monthly_data_transfer_to_origin_gb.south_africa",
    "monthly_data_transfer_to_origin_gb.middle_east",
    "monthly_data_transfer_to_origin_gb.south_america",
    "monthly_data_transfer_to_origin_gb.japan",
    "monthly_data_transfer_to_origin_gb.australia",
    "monthly_data_transfer_to_origin_gb.asia_pacific",
    "monthly_data_transfer_to_origin_gb.india",
    "monthly_http_requests.us",
    "monthly_http_requests.canada",
    "monthly_http_requests.europe",
    "monthly_http_requests.south_africa",
    "monthly_http_requests.middle_east",
    "monthly_http_requests.south_america",
    "monthly_http_requests.japan",
    "monthly_http_requests.australia",
    "monthly_http_requests.asia_pacific",
    "monthly_http_requests.india",
    "monthly_https_requests.us",
    "monthly_https_requests.canada",
    "monthly_https_requests.europe",
    "monthly_https_requests.south_africa",
    "monthly_https_requests.middle_east",
    "monthly_https_requests.south_america",
    "monthly_https_requests.japan",
    "monthly_https_requests.australia",
    "monthly_https_requests.asia_pacific",
    "monthly_https_requests.india",
    "monthly_shield_requests.us",
    "monthly_shield_requests.europe",
    "monthly_shield_requests.south_america",
    "monthly_shield_requests.japan",
    "monthly_shield_requests.australia",
    "monthly_shield_requests.singapore",
    "monthly_shield_requests.south_korea",
    "monthly_shield_requests.india",
    "monthly_invalidation_requests",
    "monthly_encryption_requests",
    "custom_ssl_certificates",
];

/// CloudFront edge geographies: usage-key name, the Price List's usage-type head, and the
/// narrowest price class that includes it (`100` ⊂ `200` ⊂ `All`, AWS's price classes:
/// 100 = North America and Europe; 200 adds South Africa, the Middle East, Japan, Asia Pacific
/// and India; All adds South America and Australia). Read by the resource and by `--requests`.
pub const CLOUDFRONT_GEOGRAPHIES: &[(&str, &str, u16)] = &[
    ("us", "US", 100),
    ("canada", "CA", 100),
    ("europe", "EU", 100),
    ("south_africa", "ZA", 200),
    ("middle_east", "ME", 200),
    ("japan", "JP", 200),
    ("asia_pacific", "AP", 200),
    ("india", "IN", 200),
    ("south_america", "SA", 999),
    ("australia", "AU", 999),
];

/// The geography a price class's traffic is priced at when the usage does not say where the
/// viewers are (`--requests`, or a geography the class excludes): the class's geography with
/// the highest first-tier data-out rate in the feed (EU 0.085 for 100, Asia Pacific 0.12 for
/// 200, South America 0.11 and Asia Pacific 0.12 for All: Asia Pacific), so never an
/// under-estimate of the first tier.
pub fn cloudfront_fallback_geography(price_class: u16) -> &'static str {
    if price_class <= 100 { "europe" } else { "asia_pacific" }
}

/// `PriceClass_100` → 100, `PriceClass_200` → 200, `PriceClass_All` → 999; `None` otherwise.
pub fn cloudfront_price_class(name: &str) -> Option<u16> {
    match name {
        "PriceClass_100" => Some(100),
        "PriceClass_200" => Some(200),
        "PriceClass_All" => Some(999),
        _ => None,
    }
}

/// Usage keys of `aws_dynamodb_table` (Infracost's).
const DYNAMODB_TABLE: &[&str] = &[
    "monthly_read_request_units",
    "monthly_write_request_units",
    "storage_gb",
    "pitr_backup_storage_gb",
    "on_demand_backup_storage_gb",
    "monthly_data_restored_gb",
    "monthly_streams_read_request_units",
];

/// Usage keys of `aws_cloudwatch_log_group`.
const CLOUDWATCH_LOG_GROUP: &[&str] =
    &["monthly_data_ingested_gb", "storage_gb", "monthly_data_scanned_gb"];

/// Usage keys of `aws_autoscaling_group`.
const EC2_GROUP: &[&str] =
    &["instances", "operating_system", "monthly_hrs", "monthly_standard_io_requests"];

/// Usage keys of `aws_ebs_snapshot`.
const EBS_SNAPSHOT: &[&str] = &[
    "monthly_storage_gb",
    "fast_snapshot_restore_hours",
    "monthly_list_block_requests",
    "monthly_get_block_requests",
    "monthly_put_block_requests",
];

/// Usage keys of `aws_nat_gateway`.
const NAT_GATEWAY: &[&str] = &["monthly_data_processed_gb", "monthly_outbound_internet_gb"];

/// Usage keys of `aws_rds_cluster`.
const RDS_CLUSTER: &[&str] =
    &["storage_gb", "monthly_io_requests", "backup_snapshot_size_gb", "capacity_units_per_hr"];

/// The value of Infracost's text key `architecture: arm64` (`x86_64` is zero), the one usage
/// key whose value is a word (`aws_lambda_provisioned_concurrency_config`).
pub const ARCHITECTURE_ARM64: rust_decimal::Decimal = rust_decimal::Decimal::ONE;

/// Usage keys of `aws_s3_bucket`.
pub const S3_BUCKET: &[&str] = &[
    "standard.storage_gb",
    "standard.monthly_tier_1_requests",
    "standard.monthly_tier_2_requests",
    "standard.monthly_select_data_scanned_gb",
    "standard.monthly_select_data_returned_gb",
    "standard_infrequent_access.storage_gb",
    "standard_infrequent_access.monthly_tier_1_requests",
    "standard_infrequent_access.monthly_tier_2_requests",
    "standard_infrequent_access.monthly_select_data_scanned_gb",
    "standard_infrequent_access.monthly_select_data_returned_gb",
    "standard_infrequent_access.monthly_lifecycle_transition_requests",
    "standard_infrequent_access.monthly_data_retrieval_gb",
    "one_zone_infrequent_access.storage_gb",
    "one_zone_infrequent_access.monthly_tier_1_requests",
    "one_zone_infrequent_access.monthly_tier_2_requests",
    "one_zone_infrequent_access.monthly_select_data_scanned_gb",
    "one_zone_infrequent_access.monthly_select_data_returned_gb",
    "one_zone_infrequent_access.monthly_lifecycle_transition_requests",
    "one_zone_infrequent_access.monthly_data_retrieval_gb",
    "intelligent_tiering.frequent_access_storage_gb",
    "intelligent_tiering.infrequent_access_storage_gb",
    "intelligent_tiering.archive_access_storage_gb",
    "intelligent_tiering.deep_archive_access_storage_gb",
    "intelligent_tiering.monitored_objects",
    "intelligent_tiering.monthly_tier_1_requests",
    "intelligent_tiering.monthly_tier_2_requests",
    "intelligent_tiering.monthly_select_data_scanned_gb",
    "intelligent_tiering.monthly_select_data_returned_gb",
    "intelligent_tiering.monthly_lifecycle_transition_requests",
    "intelligent_tiering.early_delete_gb",
    "glacier_instant_retrieval.storage_gb",
    "glacier_instant_retrieval.monthly_tier_1_requests",
    "glacier_instant_retrieval.monthly_tier_2_requests",
    "glacier_instant_retrieval.monthly_select_data_scanned_gb",
    "glacier_instant_retrieval.monthly_select_data_returned_gb",
    "glacier_instant_retrieval.monthly_lifecycle_transition_requests",
    "glacier_instant_retrieval.monthly_data_retrieval_gb",
    "glacier_flexible_retrieval.storage_gb",
    "glacier_flexible_retrieval.monthly_tier_1_requests",
    "glacier_flexible_retrieval.monthly_tier_2_requests",
    "glacier_flexible_retrieval.monthly_lifecycle_transition_requests",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_gb",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb",
    "glacier_flexible_retrieval.early_delete_gb",
    "glacier_deep_archive.storage_gb",
    "glacier_deep_archive.monthly_tier_1_requests",
    "glacier_deep_archive.monthly_tier_2_requests",
    "glacier_deep_archive.monthly_lifecycle_transition_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_gb",
    "glacier_deep_archive.monthly_bulk_data_retrieval_requests",
    "glacier_deep_archive.monthly_bulk_data_retrieval_gb",
    "glacier_deep_archive.early_delete_gb",
];

/// Usage keys of types costplan does not price themselves, read by the priced types they
/// scale: Infracost's `capacity` of an `aws_appautoscaling_target` is the count the scaled
/// resource runs at (ECS tasks, ElastiCache node groups or replicas, DynamoDB capacity units).
pub static READ_THROUGH_LINKS: &[(&str, &[&str])] = &[("aws_appautoscaling_target", &["capacity"])];

/// The usage keys `resource_type` reads (itself, or through the resources it scales); `None`
/// when no usage of the type is read.
pub fn for_type(resource_type: &str) -> Option<&'static [&'static str]> {
    BY_TYPE
        .iter()
        .chain(READ_THROUGH_LINKS)
        .find(|(t, _)| *t == resource_type)
        .map(|(_, keys)| *keys)
}

/// Keys every type accepts: purchase options (Infracost's names, plus `spot_share` and
/// `spot_discount`). They become
/// [`super::Purchase`] values, not usage values.
pub const PURCHASE_KEYS: &[&str] = &[
    "reserved_instance_term",
    "reserved_instance_payment_option",
    "reserved_instance_type",
    "spot_share",
    "spot_discount",
];

/// Whether `key` is valid for `resource_type`.
pub fn is_known(resource_type: &str, key: &str) -> bool {
    PURCHASE_KEYS.contains(&key) || for_type(resource_type).unwrap_or_default().contains(&key)
}

/// Whether costplan prices this type at all.
pub fn type_is_listed(resource_type: &str) -> bool {
    for_type(resource_type).is_some()
}

/// Every valid key of a type, sorted, for "did you mean" suggestions and error messages.
pub fn all_keys(resource_type: &str) -> Vec<String> {
    let mut out: Vec<String> = PURCHASE_KEYS
        .iter()
        .chain(for_type(resource_type).unwrap_or_default())
        .map(|k| (*k).to_string())
        .collect();
    out.sort();
    out
}

/// The closest candidate by edit distance, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(input, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_keys_and_typos() {
        assert!(is_known("aws_s3_bucket", "standard.storage_gb"));
        assert!(!is_known("aws_s3_bucket", "standard.storage"));
        assert!(is_known("aws_nat_gateway", "reserved_instance_term"));
        assert!(type_is_listed("aws_sqs_queue"));
        assert!(!type_is_listed("aws_kinesis_stream"));
        assert_eq!(
            did_you_mean("monthly_data_procesed_gb", ["monthly_data_processed_gb", "storage_gb"]),
            Some("monthly_data_processed_gb".to_string())
        );
        assert_eq!(did_you_mean("zzz", ["monthly_data_processed_gb"]), None);
    }
}
