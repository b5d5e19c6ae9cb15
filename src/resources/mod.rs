//! Resource mapping: one file per Terraform resource type turns an evaluated [`Instance`] into
//! cost components. A component carries a quantity (or "usage unknown") and a [`PriceQuery`],
//! never a price: `estimate` resolves the queries against the catalog.
//!
//! Contract:
//! - [`REGISTRY`] is the flat list of supported types; [`FREE`] lists the types known to cost
//!   nothing by themselves, with the reason. Every other type is "not supported", of one of the
//!   kinds of [`unpriced`] (not yet, costs money; unclassified; unknown type). A supported
//!   type may still map one instance to free (an ECS service on the EC2 launch type).
//! - A mapping function is pure: it reads the instance, the other instances ([`Ctx::instances`],
//!   to find a service's task definition or a bucket's lifecycle configuration) and the usage
//!   values of its own address ([`Ctx::usage`]). No I/O, no prices.
//! - Usage keys are Infracost's names, unit last (`monthly_data_processed_gb`); the keys each
//!   type reads are listed in [`crate::usage::keys::BY_TYPE`] (below this module, so that
//!   `usage` validates usage files without importing `resources`), one row per type of
//!   [`REGISTRY`], and `docs/resources.md` documents them.
//! - Quantities are per month; hourly components multiply by [`Ctx::hours_per_month`].
//! - Every component carries a stable id ([`ComponentSpec::id`], `fargate.vcpu.spot`): lowercase
//!   dot-separated words naming the service and what is billed, one id per kind of component
//!   and the same for every resource that emits that kind. Variant details (instance class,
//!   term, region) stay in the name and the price query, not in the id. Each type declares its
//!   ids with [`component_ids!`] (constants that rules import, so a rename is a compile error)
//!   and lists them in [`ResourceType::component_ids`]; a registry test checks that every id
//!   matches [`is_valid_component_id`], that fixtures emit only declared ids, and that every
//!   declared id is emitted by some fixture. Names are for people and may change freely.

use rust_decimal::Decimal;

use crate::model::FreeAllowance;
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Link, NoLink, Value, Via, Warning};
use crate::usage::{Usage, UsageSource};

mod api_gateway_rest_api;
mod api_gateway_stage;
mod apigatewayv2_api;
mod cloudwatch_dashboard;
mod cloudwatch_log_group;
mod cloudwatch_log_metric_filter;
mod cloudwatch_metric_alarm;
mod db_instance;
mod dynamodb_table;
mod ecr_repository;
mod ecs_cluster;
pub mod ecs_service;
pub use ecs_service::{ecs_task_definition, parse_cpu, parse_memory};
mod eip;
mod elasticache_cluster;
mod elasticache_replication_group;
mod kms_key;
mod lambda_function;
mod lambda_provisioned_concurrency_config;
mod lb;
mod nat_gateway;
mod rds_cluster;
pub mod rds_cluster_instance;
mod s3_bucket;
mod secretsmanager_secret;
pub mod unpriced;
mod vpc_endpoint;
mod wafv2_web_acl;

/// What a mapping function sees besides its own instance.
pub struct Ctx<'a> {
    /// Every instance of the configuration (managed and data), sorted by address.
    pub instances: &'a [Instance],
    pub usage: &'a Usage,
    /// Hours an hourly price is multiplied by (730 by default).
    pub hours_per_month: Decimal,
    /// Region the instance is priced in (its provider's, or the `--region` default).
    pub region: String,
}

/// One supported Terraform type.
pub struct ResourceType {
    pub name: &'static str,
    pub map: fn(&Instance, &Ctx) -> Mapping,
    /// Other types this one reads (documented, and excluded from "not supported").
    pub reads: &'static [&'static str],
    /// Every component id the mapping may emit (the type's [`component_ids!`] list).
    pub component_ids: &'static [&'static str],
}

/// Declares a resource file's component ids: one `pub const` per id, for the rules to import,
/// and `COMPONENT_IDS`, the list of them all, for [`ResourceType::component_ids`].
#[macro_export]
#[doc(hidden)]
macro_rules! component_ids {
    ($($(#[$doc:meta])* $name:ident = $id:expr,)+) => {
        $($(#[$doc])* pub const $name: &str = $id;)+
        /// Every component id this type may emit.
        pub const COMPONENT_IDS: &[&str] = &[$($name),+];
    };
}
pub use component_ids;

/// Whether `id` has the form of a component id: two or more dot-separated words of lowercase
/// ASCII letters, digits and `_`, each starting with a letter (`fargate.vcpu.spot`,
/// `rds.storage.gp3`).
pub fn is_valid_component_id(id: &str) -> bool {
    let words: Vec<&str> = id.split('.').collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// The outcome of mapping one instance.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapping {
    Priced(Priced),
    /// Costs nothing by itself; the reason is shown.
    Free(String),
}

/// The cost components of an instance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Priced {
    pub components: Vec<ComponentSpec>,
    /// Named parts priced on behalf of the resource.
    pub subresources: Vec<(String, Vec<ComponentSpec>)>,
    /// Problems of the mapping (an attribute not known until apply, an unsupported option).
    pub warnings: Vec<Warning>,
}

impl Priced {
    pub fn new(components: Vec<ComponentSpec>) -> Self {
        Self { components, ..Self::default() }
    }

    pub fn warn(&mut self, inst: &Instance, code: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(code, message, Some(inst.location.clone())));
    }

    /// A resource whose count or size cannot be used (`why` from [`attr_quantity`]): nothing
    /// can be priced, so it has no components (the estimate shows it incomplete) and an
    /// `invalid-value` warning says which attribute to fix.
    pub fn invalid(inst: &Instance, why: &str) -> Mapping {
        let mut priced = Priced::default();
        priced.warn(inst, "invalid-value", format!("{why}; the resource is not priced: fix it"));
        Mapping::Priced(priced)
    }
}

/// A cost component before pricing.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentSpec {
    /// Stable machine id of the kind of component (`fargate.vcpu.spot`): what rules, `diff` and
    /// JSON consumers match on.
    pub id: &'static str,
    /// Display name, for people only (`vCPU (Fargate Spot)`).
    pub name: String,
    /// Plural display unit (`hours`, `GB`, `1M requests`).
    pub unit: String,
    pub quantity: Quantity,
    pub query: PriceQuery,
    /// How many catalog units one display unit holds: 1 mostly, 1,000,000 for `1M requests`
    /// priced per request. The displayed price is the catalog price times this.
    pub unit_multiplier: Decimal,
    /// Allowance every account gets for this resource, always subtracted (Fargate's first 20
    /// GB of ephemeral storage is modelled by the quantity instead; this is for allowances
    /// stated per resource, like ElastiCache's one free snapshot).
    pub free_allowance: Option<FreeAllowance>,
    /// Account-level free-tier pool this component draws from with `--free-tier`.
    pub free_tier: Option<FreeTierPool>,
    /// Every rate the query finds is multiplied by this (1 mostly): Fargate Spot priced as
    /// on-demand less a scenario's discount. The component's name says so.
    pub rate_factor: Decimal,
}

/// Account-level allowances shared by all resources, applied with `--free-tier` in address
/// order until exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FreeTierPool {
    /// First 3 CloudWatch dashboards (up to 50 metrics each).
    CloudWatchDashboards,
    /// First 10 CloudWatch standard-resolution alarm metrics.
    CloudWatchAlarms,
    /// First 10 CloudWatch custom metrics.
    CloudWatchMetrics,
    /// First 5 GB of CloudWatch Logs ingestion.
    CloudWatchLogsIngestion,
    /// First 5 GB of CloudWatch Logs storage.
    CloudWatchLogsStorage,
    /// First 100 GB of data transfer out to the internet.
    InternetEgress,
    /// First 1M Lambda requests (x86 and Arm together).
    LambdaRequests,
    /// First 400,000 Lambda GB-seconds of duration (x86 and Arm together).
    LambdaGbSeconds,
}

impl FreeTierPool {
    /// Allowance per month, in the unit of the components that draw from it.
    pub fn allowance(self) -> Decimal {
        match self {
            FreeTierPool::CloudWatchDashboards => Decimal::from(3),
            FreeTierPool::CloudWatchAlarms | FreeTierPool::CloudWatchMetrics => Decimal::from(10),
            FreeTierPool::CloudWatchLogsIngestion | FreeTierPool::CloudWatchLogsStorage => {
                Decimal::from(5)
            }
            FreeTierPool::InternetEgress => Decimal::from(100),
            // The components draw in their display unit: 1M requests.
            FreeTierPool::LambdaRequests => Decimal::ONE,
            FreeTierPool::LambdaGbSeconds => Decimal::from(400_000),
        }
    }

    pub fn note(self) -> &'static str {
        match self {
            FreeTierPool::CloudWatchDashboards => "first 3 dashboards per account (free tier)",
            FreeTierPool::CloudWatchAlarms => "first 10 alarm metrics per account (free tier)",
            FreeTierPool::CloudWatchMetrics => "first 10 custom metrics per account (free tier)",
            FreeTierPool::CloudWatchLogsIngestion => {
                "first 5 GB of log ingestion per account (free tier)"
            }
            FreeTierPool::CloudWatchLogsStorage => {
                "first 5 GB of log storage per account (free tier)"
            }
            FreeTierPool::InternetEgress => {
                "first 100 GB of internet data transfer out per account"
            }
            FreeTierPool::LambdaRequests => "first 1M Lambda requests per account (free tier)",
            FreeTierPool::LambdaGbSeconds => {
                "first 400,000 Lambda GB-seconds per account (free tier)"
            }
        }
    }
}

/// A monthly quantity and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// `None` when it depends on a usage that is not known.
    pub value: Option<Decimal>,
    pub usage_based: bool,
    pub usage_key: Option<String>,
    pub usage_source: Option<UsageSource>,
    /// The derivation with its numbers.
    pub formula: Option<String>,
}

impl Quantity {
    /// A quantity fixed by the configuration.
    pub fn fixed(value: Decimal, formula: impl Into<String>) -> Self {
        Self {
            value: Some(value),
            usage_based: false,
            usage_key: None,
            usage_source: None,
            formula: Some(formula.into()),
        }
    }

    /// `count × hours` for resources billed by the hour (not known, with why, when the
    /// product is too large to compute).
    pub fn hours(count: Decimal, what: &str, ctx: &Ctx) -> Self {
        let hours = ctx.hours_per_month;
        if count == Decimal::ONE {
            return Self::fixed(hours, format!("1 {what} × {hours} h"));
        }
        match crate::checked::mul(count, hours) {
            Ok(total) => {
                Self::fixed(total, format!("{} {what} × {hours} h = {}", n(count), n(total)))
            }
            Err(e) => Self::invalid(format!("{} {what} × {hours} h: {e}", n(count))),
        }
    }

    /// The usage value of `key` for the instance, scaled by `factor` (with `how` describing the
    /// factor for the formula, e.g. `× 2 nodes`); usage unknown when absent.
    pub fn usage(inst: &Instance, ctx: &Ctx, key: &str, factor: Decimal, how: &str) -> Self {
        match ctx.usage.get(&inst.address, key) {
            Some(u) => {
                let Ok(value) = crate::checked::mul(u.value, factor) else {
                    return Self::invalid(format!(
                        "{key} = {} {how}: {}",
                        n(u.value),
                        crate::checked::Overflow
                    ));
                };
                let formula = if factor == Decimal::ONE {
                    format!("{key} = {}", with_formula(u.value, &u.formula))
                } else {
                    format!("{key} = {} {how} = {}", with_formula(u.value, &u.formula), n(value))
                };
                Self {
                    value: Some(value),
                    usage_based: true,
                    usage_key: Some(key.to_string()),
                    usage_source: Some(u.source),
                    formula: Some(formula),
                }
            }
            None => Self::unknown(key),
        }
    }

    /// A quantity the configuration gives but in a form that cannot be priced (`why` names the
    /// attribute and its value, from [`attr_quantity`]): not known, never a default.
    pub fn invalid(why: String) -> Self {
        Self {
            value: None,
            usage_based: false,
            usage_key: None,
            usage_source: None,
            formula: Some(why),
        }
    }

    /// A usage-based quantity whose usage is not known.
    pub fn unknown(key: &str) -> Self {
        Self {
            value: None,
            usage_based: true,
            usage_key: Some(key.to_string()),
            usage_source: None,
            formula: Some(format!("usage `{key}` not given")),
        }
    }
}

fn with_formula(value: Decimal, formula: &str) -> String {
    if formula.is_empty() { n(value) } else { format!("{} ({formula})", n(value)) }
}

/// A decimal for formulas: no trailing zeros.
pub fn n(value: Decimal) -> String {
    value.normalize().to_string()
}

impl ComponentSpec {
    pub fn new(
        id: &'static str,
        name: impl Into<String>,
        unit: &str,
        quantity: Quantity,
        query: PriceQuery,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            unit: unit.to_string(),
            quantity,
            query,
            unit_multiplier: Decimal::ONE,
            free_allowance: None,
            free_tier: None,
            rate_factor: Decimal::ONE,
        }
    }

    pub fn rate_factor(mut self, factor: Decimal) -> Self {
        self.rate_factor = factor;
        self
    }

    pub fn multiplier(mut self, m: Decimal) -> Self {
        self.unit_multiplier = m;
        self
    }

    pub fn free_tier(mut self, pool: FreeTierPool) -> Self {
        self.free_tier = Some(pool);
        self
    }

    pub fn allowance(mut self, quantity: Decimal, note: impl Into<String>) -> Self {
        self.free_allowance = Some(FreeAllowance { quantity, note: note.into() });
        self
    }
}

/// Supported types, sorted by name.
pub static REGISTRY: &[ResourceType] = &[
    lb::ALB,
    api_gateway_rest_api::TYPE,
    api_gateway_stage::TYPE,
    apigatewayv2_api::TYPE,
    cloudwatch_dashboard::TYPE,
    cloudwatch_log_group::TYPE,
    cloudwatch_log_metric_filter::TYPE,
    cloudwatch_metric_alarm::TYPE,
    db_instance::TYPE,
    dynamodb_table::TYPE,
    ecr_repository::TYPE,
    ecs_cluster::TYPE,
    ecs_service::TYPE,
    eip::TYPE,
    elasticache_cluster::TYPE,
    elasticache_replication_group::TYPE,
    kms_key::TYPE,
    lambda_function::TYPE,
    lambda_provisioned_concurrency_config::TYPE,
    lb::LB,
    nat_gateway::TYPE,
    rds_cluster::TYPE,
    rds_cluster_instance::TYPE,
    s3_bucket::TYPE,
    secretsmanager_secret::TYPE,
    vpc_endpoint::TYPE,
    wafv2_web_acl::TYPE,
];

/// Types known to cost nothing by themselves, with the reason shown in reports.
pub static FREE: &[(&str, &str)] = &[
    ("aws_acm_certificate", "public ACM certificates are free"),
    ("aws_acm_certificate_validation", "configuration only"),
    ("aws_api_gateway_account", "configuration only"),
    ("aws_api_gateway_api_key", "API keys have no charge"),
    (
        "aws_api_gateway_authorizer",
        "configuration only; a Lambda authorizer's invocations are priced on the function",
    ),
    ("aws_api_gateway_deployment", "configuration only; requests are priced on the REST API"),
    ("aws_api_gateway_integration", "configuration only"),
    ("aws_api_gateway_integration_response", "configuration only"),
    ("aws_api_gateway_method", "configuration only"),
    ("aws_api_gateway_method_response", "configuration only"),
    ("aws_api_gateway_method_settings", "configuration only"),
    ("aws_api_gateway_resource", "configuration only"),
    ("aws_api_gateway_usage_plan", "usage plans have no charge"),
    ("aws_api_gateway_usage_plan_key", "configuration only"),
    (
        "aws_apigatewayv2_authorizer",
        "configuration only; a Lambda authorizer's invocations are priced on the function",
    ),
    ("aws_apigatewayv2_deployment", "configuration only; requests are priced on the API"),
    ("aws_apigatewayv2_integration", "configuration only"),
    ("aws_apigatewayv2_route", "configuration only"),
    (
        "aws_apigatewayv2_stage",
        "HTTP and WebSocket API stages have no charge; requests are priced on the API",
    ),
    ("aws_appautoscaling_policy", "Application Auto Scaling has no charge"),
    (
        "aws_appautoscaling_target",
        "Application Auto Scaling has no charge; it sets the task count of its ECS service and \
         the least shards or replicas of its ElastiCache replication group",
    ),
    ("aws_cloudwatch_log_resource_policy", "configuration only"),
    (
        "aws_cloudwatch_log_stream",
        "streams have no charge; ingestion and storage are priced on the log group",
    ),
    ("aws_cloudwatch_log_subscription_filter", "configuration only; the destination is priced"),
    ("aws_db_option_group", "configuration only"),
    ("aws_db_parameter_group", "configuration only"),
    ("aws_db_subnet_group", "configuration only"),
    ("aws_default_network_acl", "network ACLs have no charge"),
    ("aws_default_route_table", "route tables have no charge"),
    ("aws_default_security_group", "security groups have no charge"),
    ("aws_default_subnet", "subnets have no charge"),
    ("aws_default_vpc", "VPCs have no charge"),
    ("aws_dynamodb_table_item", "items are priced as the table's storage"),
    ("aws_ecr_lifecycle_policy", "configuration only"),
    ("aws_ecr_repository_policy", "configuration only"),
    (
        "aws_ecs_cluster_capacity_providers",
        "configuration only; it sets the default strategy of the cluster's services",
    ),
    ("aws_ecs_task_definition", "a task definition is priced through the services that run it"),
    ("aws_egress_only_internet_gateway", "egress-only internet gateways have no charge"),
    ("aws_elasticache_parameter_group", "configuration only"),
    ("aws_elasticache_subnet_group", "configuration only"),
    (
        "aws_flow_log",
        "flow logs are priced as ingestion into their destination log group or bucket",
    ),
    ("aws_iam_group", "IAM has no charge"),
    ("aws_iam_group_policy_attachment", "IAM has no charge"),
    ("aws_iam_instance_profile", "IAM has no charge"),
    ("aws_iam_openid_connect_provider", "IAM has no charge"),
    ("aws_iam_policy", "IAM has no charge"),
    ("aws_iam_policy_attachment", "IAM has no charge"),
    ("aws_iam_role", "IAM has no charge"),
    ("aws_iam_role_policy", "IAM has no charge"),
    ("aws_iam_role_policy_attachment", "IAM has no charge"),
    ("aws_iam_service_linked_role", "IAM has no charge"),
    ("aws_iam_user", "IAM has no charge"),
    ("aws_iam_user_policy", "IAM has no charge"),
    ("aws_iam_user_policy_attachment", "IAM has no charge"),
    (
        "aws_internet_gateway",
        "internet gateways have no charge (data transfer out is priced on the load balancer or NAT gateway)",
    ),
    ("aws_key_pair", "key pairs have no charge"),
    ("aws_kms_alias", "aliases have no charge"),
    ("aws_lambda_alias", "aliases have no charge"),
    ("aws_lambda_event_source_mapping", "the invocations it makes are priced on the function"),
    (
        "aws_lambda_function_url",
        "function URLs have no charge; their requests are priced on the function",
    ),
    ("aws_lambda_permission", "configuration only"),
    ("aws_launch_template", "a launch template is priced through the instances launched from it"),
    ("aws_lb_listener", "listeners are included in the load balancer's hours and LCUs"),
    ("aws_lb_listener_certificate", "configuration only"),
    ("aws_lb_listener_rule", "rules are included in the load balancer's LCUs (rule evaluations)"),
    ("aws_lb_target_group", "target groups have no charge"),
    ("aws_lb_target_group_attachment", "configuration only"),
    ("aws_main_route_table_association", "route tables have no charge"),
    ("aws_network_acl", "network ACLs have no charge"),
    ("aws_network_acl_rule", "network ACLs have no charge"),
    ("aws_placement_group", "placement groups have no charge"),
    ("aws_rds_cluster_parameter_group", "configuration only"),
    ("aws_route", "route tables have no charge"),
    (
        "aws_route53_record",
        "records are included in the hosted zone; standard queries to AWS aliases are free",
    ),
    ("aws_route_table", "route tables have no charge"),
    ("aws_route_table_association", "route tables have no charge"),
    ("aws_s3_bucket_acl", "configuration only"),
    ("aws_s3_bucket_cors_configuration", "configuration only"),
    (
        "aws_s3_bucket_lifecycle_configuration",
        "priced through its bucket: the lifecycle decides the storage classes",
    ),
    (
        "aws_s3_bucket_notification",
        "configuration only; the notified function, queue or topic is priced",
    ),
    ("aws_s3_bucket_ownership_controls", "configuration only"),
    ("aws_s3_bucket_policy", "configuration only"),
    ("aws_s3_bucket_public_access_block", "configuration only"),
    (
        "aws_s3_bucket_server_side_encryption_configuration",
        "configuration only; KMS requests are priced on the key",
    ),
    ("aws_s3_bucket_versioning", "priced through its bucket: noncurrent versions are storage"),
    ("aws_s3_bucket_website_configuration", "configuration only"),
    ("aws_secretsmanager_secret_policy", "configuration only"),
    (
        "aws_secretsmanager_secret_rotation",
        "configuration only; rotation Lambda invocations are not priced",
    ),
    ("aws_secretsmanager_secret_version", "versions are included in the secret's monthly charge"),
    ("aws_security_group", "security groups have no charge"),
    ("aws_security_group_rule", "security groups have no charge"),
    ("aws_service_discovery_private_dns_namespace", "priced by Route 53 hosted zone, not modelled"),
    (
        "aws_sns_topic",
        "SNS topics have no charge; the first 1M publishes and the email deliveries of alarm notifications are free or negligible (about $2 per 100k emails beyond 1,000)",
    ),
    ("aws_sns_topic_policy", "configuration only"),
    ("aws_sns_topic_subscription", "subscriptions have no charge"),
    ("aws_sqs_queue_policy", "configuration only"),
    ("aws_subnet", "subnets have no charge"),
    ("aws_vpc", "VPCs have no charge"),
    ("aws_vpc_dhcp_options", "DHCP option sets have no charge"),
    ("aws_vpc_dhcp_options_association", "configuration only"),
    ("aws_vpc_endpoint_route_table_association", "configuration only"),
    ("aws_vpc_security_group_egress_rule", "security groups have no charge"),
    ("aws_vpc_security_group_ingress_rule", "security groups have no charge"),
    ("aws_wafv2_web_acl_association", "the web ACL is priced"),
    ("aws_wafv2_web_acl_logging_configuration", "log delivery is priced on the destination"),
    ("random_id", "not a cloud resource"),
    ("random_password", "not a cloud resource"),
    ("random_string", "not a cloud resource"),
    ("tls_private_key", "not a cloud resource"),
    ("null_resource", "not a cloud resource"),
    ("terraform_data", "not a cloud resource"),
    ("time_sleep", "not a cloud resource"),
];

/// The supported type, if any.
pub fn lookup(resource_type: &str) -> Option<&'static ResourceType> {
    REGISTRY.iter().find(|t| t.name == resource_type)
}

/// Why a type is free, if it is known to be.
pub fn free_reason(resource_type: &str) -> Option<&'static str> {
    FREE.iter().find(|(t, _)| *t == resource_type).map(|(_, why)| *why)
}

// ---- shared helpers for the resource files ----

/// The reserved term the usage asks for this instance (`reserved_instance_term` and
/// `reserved_instance_payment_option`), as a price term and a label for the component name
/// (`reserved 1yr No Upfront`); on demand otherwise. A term without a payment option means No
/// Upfront, Infracost's default.
pub fn purchase_term(inst: &Instance, ctx: &Ctx) -> (crate::pricing::Term, String) {
    use crate::pricing::Term;
    use crate::usage::{Payment, Term as UsageTerm};
    let Some(p) = ctx.usage.purchase(&inst.address) else {
        return (Term::OnDemand, "on-demand".into());
    };
    let years = match p.term {
        Some(UsageTerm::OneYear) => 1,
        Some(UsageTerm::ThreeYear) => 3,
        Some(UsageTerm::OnDemand) | None => return (Term::OnDemand, "on-demand".into()),
    };
    let payment = p.payment.unwrap_or(Payment::NoUpfront);
    (
        Term::Reserved {
            years,
            purchase_option: payment.purchase_option(),
            offering_class: p.offering_class.clone(),
        },
        format!("reserved {years}yr {}", payment.label()),
    )
}

/// The Savings Plan the purchase options put on this instance (`advise`'s commitment what-if):
/// the covered usage is priced at the on-demand rate × (1 − discount).
pub fn savings_plan<'a>(
    inst: &Instance,
    ctx: &'a Ctx,
) -> Option<&'a crate::usage::SavingsPlanCover> {
    ctx.usage
        .purchase(&inst.address)
        .and_then(|p| p.savings_plan.as_ref())
        .filter(|sp| sp.discount > Decimal::ZERO && sp.discount < Decimal::ONE)
}

/// For an instance or node line priced on demand: the rate factor and the label suffix of a
/// Savings Plan covering every unit of it (`, Database Savings Plan, assumed 20% off`); `(1, "")`
/// without one. A reserved term is never also covered by a Savings Plan.
pub fn savings_plan_factor(
    inst: &Instance,
    ctx: &Ctx,
    term: &crate::pricing::Term,
) -> (Decimal, String) {
    match savings_plan(inst, ctx) {
        Some(sp) if *term == crate::pricing::Term::OnDemand && sp.units.is_none() => {
            (Decimal::ONE - sp.discount, format!(", {}", sp.label))
        }
        _ => (Decimal::ONE, String::new()),
    }
}

/// A string attribute, when known.
pub fn attr_str<'a>(inst: &'a Instance, path: &str) -> Option<&'a str> {
    inst.attr(path).and_then(Value::as_str)
}

/// A numeric attribute, when known (strings convert like Terraform).
pub fn attr_dec(inst: &Instance, path: &str) -> Option<Decimal> {
    inst.attr(path).and_then(Value::as_decimal)
}

pub fn attr_bool(inst: &Instance, path: &str) -> Option<bool> {
    inst.attr(path).and_then(Value::as_bool)
}

/// A numeric attribute that is a quantity, refused when negative, too large or not a number;
/// defined in usage/ (below this module), which reads the same attributes for the traffic model.
pub use crate::usage::number::attr_quantity;

/// True when the attribute is set but not known until apply.
pub fn attr_unknown(inst: &Instance, path: &str) -> bool {
    inst.attr(path).is_some_and(Value::contains_unknown)
}

/// Nested blocks of an attribute.
pub fn blocks<'a>(inst: &'a Instance, path: &str) -> Vec<&'a Value> {
    inst.attr(path).map(Value::blocks).unwrap_or_default()
}

/// Instances of a type in the same module as `inst`, falling back to every instance of the type.
pub fn same_module<'a>(ctx: &'a Ctx, inst: &Instance, resource_type: &str) -> Vec<&'a Instance> {
    same_module_of(ctx.instances, inst, resource_type)
}

/// What an `aws_appautoscaling_target` says of the count it scales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scaled {
    /// Infracost's `capacity` usage of the target: the count the resource runs at.
    Capacity { count: Decimal, how: String },
    /// The target's `min_capacity`: the fewest the resource runs, a floor.
    Floor { min: Decimal, how: String },
}

/// The `aws_appautoscaling_target` of `namespace` that scales `dimension`
/// (`elasticache:replication-group:Replicas`) of the resource whose `resource_id` is one of
/// `ids` (`replication-group/<id>`, `table/<name>`), in `inst`'s module, and what it says of the
/// count: its `capacity` usage when given, else its `min_capacity`. A target whose `resource_id`
/// refers to `inst` wins; one that refers to another resource is never taken for `inst` by its
/// value (two tables may share a name in a configuration). `Err` naming the target when
/// `min_capacity` is not a count costplan can use.
pub fn autoscaled(
    inst: &Instance,
    ctx: &Ctx,
    namespace: &str,
    dimension: &str,
    ids: &[String],
) -> Result<Option<Scaled>, String> {
    let candidates: Vec<&Instance> = same_module(ctx, inst, "aws_appautoscaling_target")
        .into_iter()
        .filter(|t| {
            attr_str(t, "service_namespace") == Some(namespace)
                && attr_str(t, "scalable_dimension") == Some(dimension)
        })
        .collect();
    let refers_to = |t: &Instance| {
        crate::terraform::refs::referenced(ctx.instances, t, "resource_id", &inst.resource_type)
    };
    let target = candidates
        .iter()
        .find(|t| refers_to(t).iter().any(|r| r.address == inst.address))
        .or_else(|| {
            candidates.iter().find(|t| {
                refers_to(t).is_empty()
                    && attr_str(t, "resource_id").is_some_and(|r| ids.iter().any(|id| id == r))
            })
        });
    let Some(target) = target else { return Ok(None) };
    if let Some(given) = ctx.usage.get(&target.address, "capacity") {
        let how = format!("capacity of {}: {}", target.address, given.formula);
        return Ok(Some(Scaled::Capacity { count: given.value, how }));
    }
    let min = attr_quantity(target, "min_capacity")
        .map_err(|why| format!("{}: {why}", target.address))?;
    Ok(min.map(|min| Scaled::Floor {
        min,
        how: format!("min_capacity {} of {}", n(min), target.address),
    }))
}

/// `same_module` over a list of instances.
pub fn same_module_of<'a>(
    instances: &'a [Instance],
    inst: &Instance,
    resource_type: &str,
) -> Vec<&'a Instance> {
    crate::terraform::refs::same_module(instances, inst, resource_type)
}

/// The instance of `target_type` that `inst.attr(path)` links to
/// ([`crate::terraform::refs::linked`]: the recorded reference, else the known value matched
/// against the target's `keys` attributes, else a guess), without warnings; mappings that
/// price through the link use [`link`].
pub fn find_referenced<'a>(
    ctx: &'a Ctx,
    inst: &Instance,
    path: &str,
    target_type: &str,
    keys: &[&str],
) -> Option<&'a Instance> {
    crate::terraform::refs::linked(ctx.instances, inst, path, target_type, keys)
        .ok()
        .map(|l| l.target)
}

/// The target of a link, with a warning on `priced` when it was guessed (`link-guessed`) or
/// when the attribute refers to several candidates (`link-ambiguous`, no target).
pub fn link_target<'a>(
    inst: &Instance,
    found: Result<Link<'a>, NoLink>,
    what: &str,
    priced: &mut Priced,
) -> Option<&'a Instance> {
    match found {
        Ok(Link { target, via: Via::Guess }) => {
            priced.warn(
                inst,
                "link-guessed",
                format!(
                    "{what} neither refers to nor names a resource of the configuration: {} is assumed (the only candidate in the module, or the one with the same block name)",
                    target.address
                ),
            );
            Some(target)
        }
        Ok(l) => Some(l.target),
        Err(NoLink::Ambiguous(candidates)) => {
            priced.warn(
                inst,
                "link-ambiguous",
                format!("{what} may be any of {}: none is assumed", candidates.join(", ")),
            );
            None
        }
        Err(NoLink::Absent) => None,
    }
}

/// Instances of `resource_type` whose attribute `path` links to `target` (by reference, by one
/// of the target's `keys`, or, when neither, by being the only target in the module).
pub fn referencing<'a>(
    ctx: &'a Ctx,
    target: &Instance,
    resource_type: &str,
    path: &str,
    keys: &[&str],
) -> Vec<&'a Instance> {
    same_module(ctx, target, resource_type)
        .into_iter()
        .filter(|i| {
            find_referenced(ctx, i, path, &target.resource_type, keys)
                .is_some_and(|t| t.address == target.address)
        })
        .collect()
}

/// One link of an instance, as `costplan resources --format json` shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LinkView {
    /// What the target is to the instance (`task_definition`, `cluster`, `log_group`).
    pub role: &'static str,
    /// The attribute the link was read from, prefixed by the instance it belongs to when that
    /// is not the linking instance (`aws_ecs_task_definition.api: container_definitions`).
    pub attribute: String,
    /// The target's address.
    pub address: String,
    pub via: Via,
}

impl LinkView {
    pub fn new(role: &'static str, attribute: impl Into<String>, link: &Link) -> Self {
        Self {
            role,
            attribute: attribute.into(),
            address: link.target.address.clone(),
            via: link.via,
        }
    }
}

/// The links each instance's mapping follows, by address (instances without links are left
/// out).
pub fn links(instances: &[Instance]) -> std::collections::BTreeMap<String, Vec<LinkView>> {
    instances
        .iter()
        .filter_map(|i| {
            let links = match i.resource_type.as_str() {
                "aws_ecs_service" => ecs_service::links(instances, i),
                "aws_lb" | "aws_alb" => lb::links(instances, i),
                _ => Vec::new(),
            };
            (!links.is_empty()).then(|| (i.address.clone(), links))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_disjoint_from_free() {
        let names: Vec<&str> = REGISTRY.iter().map(|t| t.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "REGISTRY must be sorted and unique");
        for (t, _) in FREE {
            assert!(lookup(t).is_none(), "{t} is both supported and free");
        }
        let mut free: Vec<&str> = FREE.iter().map(|(t, _)| *t).collect();
        let len = free.len();
        free.sort_unstable();
        free.dedup();
        assert_eq!(free.len(), len, "FREE has duplicates");
    }

    #[test]
    fn quantity_attributes_refuse_negatives_and_non_numbers_naming_them() {
        let inst = Instance {
            attributes: serde_json::from_str::<Value>(
                r#"{"a": 20, "b": "30", "c": -100, "d": "lots", "e": 1e308, "f": null,
                    "g": {"$unknown": true}, "h": [1], "i": 1000000000000,
                    "j": 1000000000001}"#,
            )
            .unwrap_or_default(),
            address: "aws_x.y".into(),
            resource_type: "aws_x".into(),
            name: "y".into(),
            mode: crate::terraform::Mode::Managed,
            module: String::new(),
            region: None,
            provider: "aws".into(),
            location: crate::terraform::Location::default(),
            references: Default::default(),
            warnings: Vec::new(),
        };
        let q = |path: &str| attr_quantity(&inst, path);
        assert_eq!(q("a"), Ok(Some(Decimal::from(20))));
        assert_eq!(q("b"), Ok(Some(Decimal::from(30))));
        assert_eq!((q("f"), q("g"), q("missing")), (Ok(None), Ok(None), Ok(None)));
        assert_eq!(q("c"), Err("`c` is `-100`: it cannot be negative".into()));
        assert_eq!(q("i"), Ok(Some(crate::usage::number::ATTRIBUTE_LIMIT)));
        let err = q("j").err().unwrap_or_default();
        assert!(err.contains("more than costplan can price"), "{err}");
        for path in ["d", "e", "h"] {
            let err = q(path).err().unwrap_or_default();
            assert!(err.starts_with(&format!("`{path}` is `")), "{err}");
            assert!(err.ends_with("not a number costplan can use"), "{err}");
        }
    }
}
