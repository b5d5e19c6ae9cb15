//! The usage keys each resource type reads: the one shared list between `usage/` (which derives
//! and validates them) and `resources/` (which prices them). Names are Infracost's where Infracost
//! has one (unit last: `monthly_data_processed_gb`); nested Infracost keys are flattened with a dot
//! (`standard.storage_gb`). Keys marked "costplan" are additions Infracost does not have.
//!
//! A usage file or scenario override that names a key not listed for a known type is an error
//! (a typo would otherwise silently price nothing); keys for types not listed here are ignored
//! with a warning, so that an Infracost usage file for a larger project loads as is.

/// One usage key: its name and what it means (with the unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub doc: &'static str,
}

const fn k(name: &'static str, doc: &'static str) -> Key {
    Key { name, doc }
}

/// S3 storage classes as Infracost names them in usage files, and their keys.
pub const S3_CLASSES: &[&str] = &[
    "standard",
    "intelligent_tiering",
    "standard_infrequent_access",
    "one_zone_infrequent_access",
    "glacier_instant_retrieval",
    "glacier_flexible_retrieval",
    "glacier_deep_archive",
];

const S3_CLASS_KEYS: &[&str] = &[
    "storage_gb",
    "monthly_tier_1_requests",
    "monthly_tier_2_requests",
    "monthly_lifecycle_transition_requests",
    "monthly_data_retrieval_gb",
    "frequent_access_storage_gb",
    "infrequent_access_storage_gb",
    "archive_access_storage_gb",
    "deep_archive_access_storage_gb",
    "monitored_objects",
];

/// Keys every type accepts: purchase options (Infracost's names).
pub const PURCHASE_KEYS: &[Key] = &[
    k("reserved_instance_term", "1_year or 3_year"),
    k("reserved_instance_payment_option", "no_upfront, partial_upfront or all_upfront"),
    k("reserved_instance_type", "standard or convertible"),
    k("spot_share", "costplan: share of Fargate task-hours on FARGATE_SPOT, 0..1"),
];

const LB: &[Key] = &[
    k("new_connections", "new connections per second, monthly average"),
    k("active_connections", "active (concurrent) connections per minute, monthly average"),
    k("processed_bytes_gb", "costplan meaning: GB processed per month (requests + responses)"),
    k("rule_evaluations", "rule evaluations per second beyond the 10 free per request, average"),
    k(
        "monthly_lcu_hrs",
        "costplan: LCU-hours per month, the largest dimension hour by hour; priced when present",
    ),
    k("monthly_outbound_internet_gb", "costplan: GB sent to the internet per month (responses)"),
];

/// `(resource type, keys)`, sorted by type.
pub const KEYS: &[(&str, &[Key])] = &[
    ("aws_alb", LB),
    (
        "aws_cloudwatch_log_group",
        &[
            k("monthly_data_ingested_gb", "GB ingested per month"),
            k("storage_gb", "GB stored (uncompressed) at the horizon, within retention"),
            k("monthly_data_scanned_gb", "GB scanned by Logs Insights per month"),
        ],
    ),
    (
        "aws_db_instance",
        &[
            k("additional_backup_storage_gb", "backup GB beyond 100% of allocated storage"),
            k("monthly_standard_io_requests", "I/O requests per month (magnetic storage)"),
            k(
                "monthly_additional_performance_insights_requests",
                "Performance Insights API requests beyond the free 1M",
            ),
        ],
    ),
    ("aws_ecr_repository", &[k("storage_gb", "GB of images stored")]),
    (
        "aws_ecs_service",
        &[k("desired_count", "costplan: average running tasks over the month (autoscaled)")],
    ),
    (
        "aws_elasticache_cluster",
        &[k("snapshot_storage_size_gb", "GB of one snapshot; billed × (retention − 1)")],
    ),
    (
        "aws_elasticache_replication_group",
        &[k("snapshot_storage_size_gb", "GB of one snapshot; billed × (retention − 1)")],
    ),
    ("aws_kms_key", &[k("monthly_requests", "API requests per month")]),
    ("aws_lb", LB),
    (
        "aws_nat_gateway",
        &[
            k("monthly_data_processed_gb", "GB processed per month, both directions"),
            k("monthly_outbound_internet_gb", "costplan: GB sent to the internet per month"),
        ],
    ),
    ("aws_secretsmanager_secret", &[k("monthly_requests", "API requests per month")]),
    (
        "aws_sns_topic",
        &[k("monthly_requests", "publish requests per month"), k("request_size_kb", "KB")],
    ),
    ("aws_vpc_endpoint", &[k("monthly_data_processed_gb", "GB processed per month")]),
    (
        "aws_wafv2_web_acl",
        &[
            k("rule_group_rules", "rules inside customer rule groups"),
            k("managed_rule_group_rules", "rules inside managed rule groups"),
            k("monthly_requests", "web requests inspected per month"),
        ],
    ),
];

/// The keys of a type, `None` when the type has no usage keys listed.
pub fn keys_for(resource_type: &str) -> Option<&'static [Key]> {
    KEYS.iter().find(|(t, _)| *t == resource_type).map(|(_, keys)| *keys)
}

/// Whether `key` is valid for `resource_type` (including the S3 `class.key` form and the
/// purchase-option keys every type accepts).
pub fn is_known(resource_type: &str, key: &str) -> bool {
    if PURCHASE_KEYS.iter().any(|p| p.name == key) {
        return true;
    }
    if resource_type == "aws_s3_bucket" {
        return match key.split_once('.') {
            Some((class, k)) => S3_CLASSES.contains(&class) && S3_CLASS_KEYS.contains(&k),
            None => key == "object_tags",
        };
    }
    keys_for(resource_type).is_some_and(|keys| keys.iter().any(|k| k.name == key))
}

/// Whether costplan knows the usage keys of this type at all.
pub fn type_is_listed(resource_type: &str) -> bool {
    resource_type == "aws_s3_bucket" || keys_for(resource_type).is_some()
}

/// Every valid key of a type, for "did you mean" suggestions and docs.
pub fn all_keys(resource_type: &str) -> Vec<String> {
    let mut out: Vec<String> = PURCHASE_KEYS.iter().map(|k| k.name.to_string()).collect();
    if resource_type == "aws_s3_bucket" {
        for class in S3_CLASSES {
            out.extend(S3_CLASS_KEYS.iter().map(|k| format!("{class}.{k}")));
        }
        out.push("object_tags".into());
    } else if let Some(keys) = keys_for(resource_type) {
        out.extend(keys.iter().map(|k| k.name.to_string()));
    }
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
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_keys_are_unit_last_snake_case() {
        let types: Vec<&str> = KEYS.iter().map(|(t, _)| *t).collect();
        let mut sorted = types.clone();
        sorted.sort_unstable();
        assert_eq!(types, sorted);
        for (_, keys) in KEYS {
            for key in *keys {
                assert!(
                    key.name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                );
            }
        }
    }

    #[test]
    fn s3_keys_and_typos() {
        assert!(is_known("aws_s3_bucket", "standard.storage_gb"));
        assert!(!is_known("aws_s3_bucket", "standard.storage"));
        assert!(is_known("aws_nat_gateway", "reserved_instance_term"));
        assert_eq!(
            did_you_mean("monthly_data_procesed_gb", ["monthly_data_processed_gb", "storage_gb"]),
            Some("monthly_data_processed_gb".to_string())
        );
        assert_eq!(did_you_mean("zzz", ["monthly_data_processed_gb"]), None);
    }
}
