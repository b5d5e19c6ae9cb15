//! The one registry of AWS services: everything costplan knows about a service, by service, in
//! one row ([`Service`]) of [`SERVICES`]. Every other module asks it (display names in every
//! output, the names billing data uses, the pricing feed files, the families a `pricing
//! refresh` fetches, how usage types are prefixed); none keeps a table of its own.
//!
//! Contract:
//! - One row per Price List service code ([`Service::code`], the key of the pricing cache and
//!   of [`crate::pricing::query::PriceQuery`]), rows sorted by code (byte order).
//! - [`lookup`] resolves any name billing data uses for a service: the Price List code, a CUR
//!   `line_item_product_code` / `product_servicecode` (also AWS's FOCUS `x_ServiceCode`), a Cost
//!   Explorer `SERVICE` dimension value, or a FOCUS `ServiceName`. No two rows share a name
//!   (a test checks), so a name resolves to at most one service.
//! - [`display_name`] is the name every output shows; an unknown name is shown as it is, never
//!   guessed.
//! - Rows with [`Service::priced`] `false` are known by name (billing data names them, other
//!   branches add their resources) but have no prices in the bundled snapshot yet; a refresh
//!   does not fetch them until they are priced.
//!
//! Sources of the names:
//! - Cost Explorer `SERVICE` values: AWS Cost Explorer API reference, `GetDimensionValues`
//!   (<https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetDimensionValues.html>:
//!   "SERVICE - The AWS service such as Amazon DynamoDB"); EC2 is split into
//!   `Amazon Elastic Compute Cloud - Compute` (instances) and `EC2 - Other` (EBS, NAT gateways,
//!   data transfer, Elastic IPs), as the Cost Explorer console shows them.
//! - CUR codes: `line_item_product_code` and `product_servicecode`, AWS Data Exports table
//!   dictionary (<https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2-line-item.html>,
//!   <https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2-product.html>); the
//!   codes are the Price List service codes except KMS (`awskms` in CUR, `AWSKMS` in the cache).
//! - FOCUS `ServiceName` of AWS's FOCUS 1.0/1.2 exports: the product name CUR carries in
//!   `product_product_name` (<https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-0-aws-columns.html>;
//!   `x_ServiceCode` holds the CUR product code), the same names as Cost Explorer's but for EC2
//!   (one `Amazon Elastic Compute Cloud`) and Elastic Load Balancing (no `Amazon`). Exports of
//!   other providers (the public FOCUS 1.0 sample data, github.com/maxjahn/FOCUS-Sample-Data,
//!   has AWS, Google, Microsoft and Oracle rows) name their own services: see
//!   [`crate::actuals::focus`] for `ProviderName`.

/// How a service's usage types carry the region (`EUW2-NatGateway-Hours`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsagePrefix {
    /// The region's billing prefix, none in us-east-1 (`NatGateway-Hours`).
    NoneInUsEast1,
    /// The region's billing prefix in every region, us-east-1 included (`USE1-Fargate-...`).
    Always,
    /// The region code itself (`us-east-1-KMS-Keys`), as KMS writes it.
    RegionCode,
}

/// One AWS service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Price List service code (`AmazonRDS`).
    pub code: &'static str,
    /// The name every output shows.
    pub name: &'static str,
    /// Cost Explorer `SERVICE` dimension values.
    pub cost_explorer: &'static [&'static str],
    /// CUR `line_item_product_code` / `product_servicecode` values (and FOCUS `x_ServiceCode`).
    pub cur: &'static [&'static str],
    /// FOCUS `ServiceName` values of AWS exports.
    pub focus: &'static [&'static str],
    /// Pricing-feed files (path inside `pricing-cache/feed/`, capture date per its
    /// `PROVENANCE.md`), in import order; see [`crate::pricing::snapshot`].
    pub feed: &'static [(&'static str, &'static str)],
    /// Product families a `pricing refresh` fetches; empty means every family of the region.
    pub families: &'static [&'static str],
    /// Whether a refresh may read the bulk offer file (false for `AmazonEC2`: 440 MB).
    pub bulk: bool,
    /// Whether the bundled snapshot prices it (and a refresh fetches it).
    pub priced: bool,
    /// How its usage types carry the region.
    pub usage_prefix: UsagePrefix,
    /// Whether the feed's prices at location `Any` (one price for every region, such as
    /// CloudWatch dashboards) are imported into every commercial region.
    pub feed_any_is_every_region: bool,
}

impl Service {
    /// Whether a product of `family` is fetched by a refresh of this service.
    pub fn covers(&self, family: &str) -> bool {
        self.families.is_empty() || self.families.contains(&family)
    }
}

/// A row with the defaults: priced, bulk allowed, every family, prefix none in us-east-1.
const fn row(code: &'static str, name: &'static str) -> Service {
    Service {
        code,
        name,
        cost_explorer: &[],
        cur: &[],
        focus: &[],
        feed: &[],
        families: &[],
        bulk: true,
        priced: true,
        usage_prefix: UsagePrefix::NoneInUsEast1,
        feed_any_is_every_region: false,
    }
}

/// Every service costplan knows, sorted by code.
pub const SERVICES: &[Service] = &[
    Service {
        cost_explorer: &["AWS Data Transfer"],
        cur: &["AWSDataTransfer"],
        focus: &["AWS Data Transfer"],
        // Data transfer is priced under AmazonEC2 (the feed's data transfer file); CUR moves
        // some of it to this code (`product_servicecode`).
        priced: false,
        ..row("AWSDataTransfer", "AWS Data Transfer")
    },
    Service {
        cost_explorer: &["Amazon Elastic Load Balancing"],
        cur: &["AWSELB"],
        focus: &["Elastic Load Balancing"],
        feed: &[("aws-price-watcher/processed/elb.json.gz", "2025-05-20")],
        families: &[
            "Load Balancer",
            "Load Balancer-Application",
            "Load Balancer-Gateway",
            "Load Balancer-Network",
        ],
        ..row("AWSELB", "Elastic Load Balancing")
    },
    Service {
        cost_explorer: &["AWS Key Management Service"],
        cur: &["awskms"],
        focus: &["AWS Key Management Service"],
        feed: &[("aws-price-watcher/processed/kms.json.gz", "2025-03-11")],
        usage_prefix: UsagePrefix::RegionCode,
        ..row("AWSKMS", "AWS KMS")
    },
    Service {
        cost_explorer: &["AWS Lambda"],
        cur: &["AWSLambda"],
        focus: &["AWS Lambda"],
        feed: &[("aws-price-watcher/processed/lambda.json.gz", "2025-04-17")],
        families: &["Serverless"],
        ..row("AWSLambda", "AWS Lambda")
    },
    Service {
        cost_explorer: &["Amazon Simple Queue Service"],
        cur: &["AWSQueueService"],
        focus: &["Amazon Simple Queue Service"],
        // No price in the bundled snapshot (not in the feed): a refresh fetches it.
        ..row("AWSQueueService", "Amazon SQS")
    },
    Service {
        cost_explorer: &["AWS Secrets Manager"],
        cur: &["AWSSecretsManager"],
        focus: &["AWS Secrets Manager"],
        feed: &[("aws-price-watcher/processed/secretsmanager.json.gz", "2025-03-27")],
        usage_prefix: UsagePrefix::Always,
        ..row("AWSSecretsManager", "AWS Secrets Manager")
    },
    Service {
        cost_explorer: &["Amazon API Gateway"],
        cur: &["AmazonApiGateway"],
        focus: &["Amazon API Gateway"],
        feed: &[("aws-price-watcher/processed/apigateway.json.gz", "2025-05")],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonApiGateway", "Amazon API Gateway")
    },
    Service {
        cost_explorer: &["Amazon CloudFront"],
        cur: &["AmazonCloudFront"],
        focus: &["Amazon CloudFront"],
        feed: &[("aws-price-watcher/processed/cloudfront.json.gz", "2025-05")],
        ..row("AmazonCloudFront", "Amazon CloudFront")
    },
    Service {
        cost_explorer: &["AmazonCloudWatch"],
        cur: &["AmazonCloudWatch"],
        focus: &["AmazonCloudWatch"],
        feed: &[("aws-price-watcher/processed/cloudwatch.json.gz", "2025-05-21")],
        families: &["Alarm", "Dashboard", "Data Payload", "Metric", "Storage Snapshot"],
        feed_any_is_every_region: true,
        ..row("AmazonCloudWatch", "Amazon CloudWatch")
    },
    Service {
        cost_explorer: &["Amazon DynamoDB"],
        cur: &["AmazonDynamoDB"],
        focus: &["Amazon DynamoDB"],
        feed: &[("aws-price-watcher/processed/dynamodb.json.gz", "2025-03-12")],
        ..row("AmazonDynamoDB", "Amazon DynamoDB")
    },
    Service {
        cost_explorer: &["Amazon Elastic Compute Cloud - Compute", "EC2 - Other"],
        cur: &["AmazonEC2"],
        focus: &["Amazon Elastic Compute Cloud"],
        feed: &[
            ("aws-price/pricing/natgateway-transformed.json.gz", "2025-11-04"),
            ("aws-price-watcher/processed/datatransfer.json.gz", "2025-05"),
            ("aws-price-watcher/processed/ec2.json.gz", "2025-05"),
        ],
        // NAT gateway prices through `GetProducts` only: the EC2 offer file is 440 MB.
        families: &["NAT Gateway"],
        bulk: false,
        ..row("AmazonEC2", "Amazon EC2")
    },
    Service {
        cost_explorer: &["Amazon EC2 Container Registry (ECR)"],
        cur: &["AmazonECR"],
        focus: &["Amazon EC2 Container Registry (ECR)"],
        feed: &[("aws-price-watcher/processed/ecr.json.gz", "2025-03-14")],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonECR", "Amazon ECR")
    },
    Service {
        cost_explorer: &["Amazon Elastic Container Service"],
        cur: &["AmazonECS"],
        focus: &["Amazon Elastic Container Service"],
        feed: &[("aws-price-watcher/processed/ecs.json.gz", "2025-03-13")],
        families: &["Compute"],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonECS", "Amazon ECS")
    },
    Service {
        cost_explorer: &["Amazon Elastic File System"],
        cur: &["AmazonEFS"],
        focus: &["Amazon Elastic File System"],
        feed: &[("aws-price-watcher/processed/efs.json.gz", "2025-05")],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonEFS", "Amazon EFS")
    },
    Service {
        cost_explorer: &["Amazon Elastic Container Service for Kubernetes"],
        cur: &["AmazonEKS"],
        focus: &["Amazon Elastic Kubernetes Service"],
        feed: &[("aws-price-watcher/processed/eks.json.gz", "2025-05")],
        families: &["Compute"],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonEKS", "Amazon EKS")
    },
    Service {
        cost_explorer: &["Amazon ElastiCache"],
        cur: &["AmazonElastiCache"],
        focus: &["Amazon ElastiCache"],
        feed: &[("aws-price-watcher/processed/elasticache.json.gz", "2025-05")],
        families: &["Cache Instance", "Storage Snapshot"],
        ..row("AmazonElastiCache", "Amazon ElastiCache")
    },
    Service {
        cost_explorer: &["Amazon MemoryDB"],
        cur: &["AmazonMemoryDB"],
        focus: &["Amazon MemoryDB"],
        feed: &[("aws-price-watcher/processed/memorydb.json.gz", "2025-05")],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonMemoryDB", "Amazon MemoryDB")
    },
    Service {
        cost_explorer: &["Amazon Relational Database Service"],
        cur: &["AmazonRDS"],
        focus: &["Amazon Relational Database Service"],
        // `rds-storage` first: its labels win over the per-engine files' copies.
        feed: &[
            ("aws-price-watcher/processed/rds-storage.json.gz", "2025-05-23"),
            ("aws-price-watcher/processed/rds-postgresql-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-mysql-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-mariadb-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-oracle-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-sqlserver-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-db2-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-aurora-ondemand.json.gz", "2025-05"),
            ("aws-price-watcher/processed/rds-proxy.json.gz", "2025-05-23"),
        ],
        families: &[
            "Database Instance",
            "Database Storage",
            "Provisioned IOPS",
            "Provisioned Throughput",
            "RDSProxy",
            "Serverless",
            "ServerlessV2",
            "Storage Snapshot",
            "System Operation",
        ],
        ..row("AmazonRDS", "Amazon RDS")
    },
    Service {
        cost_explorer: &["Amazon Route 53"],
        cur: &["AmazonRoute53"],
        focus: &["Amazon Route 53"],
        feed: &[("aws-price-watcher/processed/route53.json.gz", "2025-05")],
        ..row("AmazonRoute53", "Amazon Route 53")
    },
    Service {
        cost_explorer: &["Amazon Simple Storage Service"],
        cur: &["AmazonS3"],
        focus: &["Amazon Simple Storage Service"],
        feed: &[
            ("aws-price-watcher/processed/s3.json.gz", "2025-05-07"),
            ("aws-price-watcher/processed/s3glacierdeeparchive.json.gz", "2025-05"),
        ],
        families: &["API Request", "Data Retrieval", "Fee", "Storage"],
        ..row("AmazonS3", "Amazon S3")
    },
    Service {
        cost_explorer: &["Amazon Simple Notification Service"],
        cur: &["AmazonSNS"],
        focus: &["Amazon Simple Notification Service"],
        feed: &[("aws-price-watcher/processed/sns.json.gz", "2025-05")],
        ..row("AmazonSNS", "Amazon SNS")
    },
    Service {
        cost_explorer: &["Amazon Virtual Private Cloud"],
        cur: &["AmazonVPC"],
        focus: &["Amazon Virtual Private Cloud"],
        feed: &[("aws-price-watcher/processed/vpc.json.gz", "2025-05")],
        usage_prefix: UsagePrefix::Always,
        ..row("AmazonVPC", "Amazon VPC")
    },
    Service {
        cost_explorer: &["AWS WAF"],
        cur: &["awswaf"],
        focus: &["AWS WAF"],
        feed: &[("aws-price-watcher/processed/waf.json.gz", "2025-05-14")],
        usage_prefix: UsagePrefix::Always,
        ..row("awswaf", "AWS WAF")
    },
];

/// The row of a Price List service code (exactly as the pricing cache spells it).
pub fn by_code(code: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.code == code)
}

/// The row of any name billing data gives a service: Price List code, CUR code, Cost Explorer
/// `SERVICE` value or FOCUS `ServiceName`.
pub fn lookup(name: &str) -> Option<&'static Service> {
    by_code(name).or_else(|| {
        SERVICES.iter().find(|s| {
            s.cur.contains(&name) || s.cost_explorer.contains(&name) || s.focus.contains(&name)
        })
    })
}

/// The Price List code of a billing name; an unknown name is returned as it is.
pub fn code_of(name: &str) -> &str {
    lookup(name).map_or(name, |s| s.code)
}

/// The name outputs show for a service code or billing name; an unknown name as it is.
pub fn display_name(name: &str) -> &str {
    lookup(name).map_or(name, |s| s.name)
}

/// The services the bundled snapshot prices and a `pricing refresh` fetches, sorted by code.
pub fn priced() -> impl Iterator<Item = &'static Service> {
    SERVICES.iter().filter(|s| s.priced)
}

/// Every pricing-feed file: (path inside `pricing-cache/feed/`, service code, date), in
/// import order.
pub fn feed_files() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SERVICES.iter().flat_map(|s| s.feed.iter().map(|(path, date)| (*path, s.code, *date)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn rows_are_sorted_by_code_and_names_belong_to_one_service() {
        let codes: Vec<&str> = SERVICES.iter().map(|s| s.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "rows sorted by code, one row per code");
        let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
        for s in SERVICES {
            let names = [s.code, s.name]
                .into_iter()
                .chain(s.cur.iter().chain(s.cost_explorer).chain(s.focus).copied());
            for n in names {
                let prev = owner.insert(n, s.code);
                assert!(prev.is_none_or(|p| p == s.code), "`{n}` names {s:?} and {prev:?}");
            }
        }
    }

    #[test]
    fn cost_explorer_cur_and_focus_names_round_trip() {
        for s in SERVICES {
            assert!(!s.cur.is_empty() && !s.cost_explorer.is_empty(), "{} lacks names", s.code);
            for n in s.cur.iter().chain(s.cost_explorer).chain(s.focus) {
                assert_eq!(code_of(n), s.code, "`{n}`");
                assert_eq!(display_name(n), s.name, "`{n}`");
            }
            assert_eq!(display_name(s.code), s.name);
        }
        // Names the bills use, written out (Cost Explorer API reference, CUR table dictionary).
        assert_eq!(code_of("EC2 - Other"), "AmazonEC2");
        assert_eq!(code_of("Amazon Elastic Compute Cloud - Compute"), "AmazonEC2");
        assert_eq!(code_of("awskms"), "AWSKMS");
        assert_eq!(code_of("AWS Key Management Service"), "AWSKMS");
        assert_eq!(display_name("AWSQueueService"), "Amazon SQS");
        // Unknown names stay as they are.
        assert_eq!(display_name("AmazonSageMaker"), "AmazonSageMaker");
        assert_eq!(code_of("Virtual Machines"), "Virtual Machines");
    }

    /// Every service code a resource prices under (`PriceQuery::new("<code>", ...)` in
    /// src/resources) has a row, and a priced one.
    #[test]
    fn every_service_a_resource_prices_is_in_the_registry() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/resources");
        let mut found = 0;
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            for part in text.split("PriceQuery::new(").skip(1) {
                let Some(code) = part.strip_prefix('"').and_then(|r| r.split('"').next()) else {
                    continue;
                };
                found += 1;
                let s = by_code(code)
                    .unwrap_or_else(|| panic!("{}: `{code}` not in SERVICES", path.display()));
                assert!(s.priced, "{}: `{code}` is not marked priced", path.display());
            }
        }
        assert!(found > 20, "only {found} price queries found in src/resources");
    }

    #[test]
    fn feed_files_keep_rds_storage_first() {
        let rds: Vec<&str> =
            feed_files().filter(|(_, code, _)| *code == "AmazonRDS").map(|(p, _, _)| p).collect();
        assert_eq!(rds.first(), Some(&"aws-price-watcher/processed/rds-storage.json.gz"));
        // 24 files before EFS, MemoryDB, RDS Proxy, EKS, CloudFront, Route 53, SNS and EC2.
        assert_eq!(feed_files().count(), 32);
    }
}
