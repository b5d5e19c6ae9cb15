//! Why a resource type is not priced: the three kinds of "not priced" besides the known-free
//! types of [`super::FREE`].
//!
//! Contract:
//! - [`NOT_YET`] lists AWS types that cost money and that costplan does not price yet, each with
//!   what AWS bills for it: "not supported yet: costs money". Disjoint from the registry and
//!   from [`super::FREE`] (a test checks).
//! - [`classify`] tells, for a type that is neither supported nor free, which kind it is:
//!   [`Unsupported::NotYet`] (listed in [`NOT_YET`]), [`Unsupported::Unclassified`] (a type the
//!   AWS provider has, or of another provider, that nobody has classified: it may cost money),
//!   or [`Unsupported::UnknownType`] (an `aws_` type the AWS provider does not have: probably a
//!   typo, reported with the closest type it does have).
//! - The AWS provider's types are `data/aws_provider_types.txt`, generated from the provider's
//!   schema by `scripts/aws_provider_types.sh` (version in its first line); a type added to the
//!   provider after that version reads as unknown until the file is regenerated, which the
//!   message says.

pub use crate::model::Unsupported;

/// Managed resource types of the Terraform AWS provider (one per line, `#` comments).
const AWS_PROVIDER_TYPES: &str = include_str!("data/aws_provider_types.txt");

/// AWS types that cost money and are not priced yet, with what AWS bills for them. Sorted.
pub static NOT_YET: &[(&str, &str)] = &[
    ("aws_acmpca_certificate_authority", "a monthly fee per private CA and per certificate"),
    ("aws_appsync_graphql_api", "queries, updates and real-time connection minutes"),
    ("aws_backup_plan", "backup storage of the resources it protects"),
    ("aws_cloudfront_function", "invocations per 1M"),
    ("aws_cloudfront_monitoring_subscription", "additional real-time metrics per distribution"),
    ("aws_cloudtrail", "paid copies of management events and data events"),
    ("aws_codebuild_project", "build minutes"),
    ("aws_cognito_user_pool", "monthly active users beyond the free tier"),
    ("aws_config_config_rule", "rule evaluations"),
    ("aws_directory_service_directory", "directory hours"),
    ("aws_dms_replication_instance", "replication instance hours and storage"),
    ("aws_docdb_cluster_instance", "instance hours"),
    ("aws_dx_connection", "port hours and data transfer out"),
    ("aws_ec2_client_vpn_endpoint", "endpoint association and connection hours"),
    ("aws_ec2_transit_gateway", "attachment hours and data processed"),
    ("aws_ec2_transit_gateway_vpc_attachment", "attachment hours and data processed"),
    ("aws_elasticsearch_domain", "instance hours and storage"),
    ("aws_elb", "Classic Load Balancer hours and data processed"),
    ("aws_emr_cluster", "EMR and EC2 instance hours"),
    ("aws_fsx_lustre_file_system", "storage and throughput capacity"),
    ("aws_fsx_ontap_file_system", "storage, throughput capacity and backups"),
    ("aws_fsx_openzfs_file_system", "storage, throughput capacity and backups"),
    ("aws_fsx_windows_file_system", "storage, throughput capacity and backups"),
    ("aws_globalaccelerator_accelerator", "accelerator hours and data transfer premium"),
    ("aws_glue_crawler", "DPU hours"),
    ("aws_glue_job", "DPU hours"),
    ("aws_kinesis_firehose_delivery_stream", "data ingested and format conversion"),
    ("aws_kinesis_stream", "shard hours or on-demand stream hours, PUT payload units"),
    ("aws_lightsail_instance", "bundle monthly price"),
    ("aws_mq_broker", "broker hours and storage"),
    ("aws_msk_cluster", "broker hours and storage"),
    ("aws_mwaa_environment", "environment and worker hours"),
    ("aws_neptune_cluster_instance", "instance hours"),
    ("aws_networkfirewall_firewall", "endpoint hours and data processed"),
    ("aws_opensearch_domain", "instance hours and storage"),
    ("aws_redshift_cluster", "node hours"),
    ("aws_route53_resolver_endpoint", "ENI hours and DNS queries"),
    ("aws_sagemaker_endpoint", "instance hours"),
    ("aws_sagemaker_notebook_instance", "instance hours"),
    ("aws_sfn_state_machine", "state transitions or requests and duration"),
    ("aws_sns_topic_data_protection_policy", "payload scanned per GB"),
    ("aws_ssm_activation", "on-premises instances in the advanced tier"),
    ("aws_transfer_server", "endpoint hours and data uploaded or downloaded"),
    ("aws_vpn_connection", "connection hours"),
];

/// What AWS bills a not-yet-supported type for, if it is listed.
pub fn not_yet(resource_type: &str) -> Option<&'static str> {
    NOT_YET.iter().find(|(t, _)| *t == resource_type).map(|(_, what)| *what)
}

/// The AWS provider's version the type list was generated from (`5.100.0`).
pub fn aws_provider_version() -> &'static str {
    AWS_PROVIDER_TYPES
        .lines()
        .next()
        .and_then(|l| l.split("AWS provider ").nth(1))
        .and_then(|rest| rest.split(',').next())
        .unwrap_or("?")
}

/// The managed resource types of the AWS provider, sorted.
pub fn aws_provider_types() -> impl Iterator<Item = &'static str> {
    AWS_PROVIDER_TYPES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Which kind of "not supported" a type is that is neither supported nor known free.
pub fn classify(resource_type: &str) -> Unsupported {
    if let Some(what) = not_yet(resource_type) {
        return Unsupported::NotYet { billed_for: what.to_string() };
    }
    let Some(rest) = resource_type.strip_prefix("aws_") else {
        return Unsupported::Unclassified;
    };
    if rest.is_empty() || !aws_provider_types().any(|t| t == resource_type) {
        let closest = crate::usage::keys::did_you_mean(resource_type, aws_provider_types());
        return Unsupported::UnknownType { closest };
    }
    Unsupported::Unclassified
}

/// The note shown for a not-supported resource of this kind, and its warning code and message.
pub fn describe(resource_type: &str, kind: &Unsupported) -> (&'static str, String) {
    match kind {
        Unsupported::NotYet { billed_for } => (
            "unsupported-resource",
            format!(
                "`{resource_type}` is not supported yet: it costs money ({billed_for}) and is \
                 not included"
            ),
        ),
        Unsupported::Unclassified => (
            "unsupported-resource",
            format!("`{resource_type}` is not supported yet: its cost is not included"),
        ),
        Unsupported::UnknownType { closest } => {
            // Not "no provider has it": real configurations use types added to the provider
            // after the list costplan carries (`aws_s3vectors_index` on provider 6).
            let hint = match closest {
                Some(c) => format!("a typo of `{c}`?"),
                None => "a typo?".to_string(),
            };
            (
                "unknown-resource-type",
                format!(
                    "`{resource_type}` is not a resource type of the AWS provider {}, the newest \
                     costplan knows: {hint} Or a type added since; it is not priced",
                    aws_provider_version()
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds() {
        assert!(matches!(classify("aws_kinesis_stream"), Unsupported::NotYet { .. }));
        assert_eq!(classify("aws_cognito_identity_pool"), Unsupported::Unclassified);
        assert_eq!(classify("google_compute_instance"), Unsupported::Unclassified);
        assert_eq!(
            classify("aws_s3_buckett"),
            Unsupported::UnknownType { closest: Some("aws_s3_bucket".into()) }
        );
        let (code, message) = describe("aws_foo_bar", &classify("aws_foo_bar"));
        assert_eq!(code, "unknown-resource-type");
        assert!(message.starts_with("`aws_foo_bar` is not a resource type of the AWS provider "));
        assert!(message.contains("a typo? Or a type added since"), "{message}");
        assert_eq!(aws_provider_version(), "5.100.0");
    }

    #[test]
    fn lists_are_sorted_disjoint_and_real_aws_types() {
        let names: Vec<&str> = NOT_YET.iter().map(|(t, _)| *t).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "NOT_YET must be sorted and unique");
        let provider: Vec<&str> = aws_provider_types().collect();
        let free = super::super::FREE.iter().map(|(t, _)| *t);
        let registry = super::super::REGISTRY.iter().map(|t| t.name);
        for t in names.iter().copied().chain(free).chain(registry) {
            if t.starts_with("aws_") {
                assert!(provider.contains(&t), "{t} is not a type of the AWS provider");
            }
        }
        for t in names {
            assert!(super::super::lookup(t).is_none(), "{t} is supported and in NOT_YET");
            assert!(super::super::free_reason(t).is_none(), "{t} is free and in NOT_YET");
        }
    }
}
