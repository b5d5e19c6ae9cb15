//! One rule per file. Each file holds a unit struct `Rule` implementing
//! [`crate::advise::rule::Rule`], its documentation and its check.

pub mod compute_savings_plan;
pub mod database_savings_plan;
pub mod db_graviton;
pub mod elasticache_reserved;
pub mod fargate_graviton;
pub mod fargate_rightsizing;
pub mod fargate_spot;
pub mod log_retention;
pub mod logs_infrequent_access;
pub mod rds_gp3;
pub mod rds_reserved;
pub mod rds_single_az;
pub mod redis_single_node;
pub mod s3_tiering;
pub mod single_nat;
pub mod vpc_endpoints;
