//! Import rules for RDS Proxy, `AmazonRDS` (feed file `rds-proxy.json.gz`). Family `RDSProxy`;
//! `databaseEngine` says which databases the rate is for (`Any` for the RDS engines: PostgreSQL,
//! MySQL, MariaDB, SQL Server) and `proxyCapacity` what it is charged on: the vCPUs of the
//! provisioned instances behind the proxy, or the ACUs of Aurora Serverless v2 behind it. The
//! vCPU usage type is the Price List's (`USE1-RDS:ProxyUsage`, prefixed in us-east-1 too, unlike
//! RDS instance usage types); the ACU one is costplan's name (the feed gives none).
//!
//! | label | databaseEngine | proxyCapacity | usage type | unit |
//! |---|---|---|---|---|
//! | `RDSProxy` | `Any` | `vCPU` | `RDS:ProxyUsage` | vCPU-Hr |
//! | `RDSProxy Aurora MySQL Hrs` | `Aurora MySQL` | `vCPU` | `RDS:ProxyUsage` | vCPU-Hr |
//! | `RDSProxy Aurora PostgreSQL Hrs` | `Aurora PostgreSQL` | `vCPU` | `RDS:ProxyUsage` | vCPU-Hr |
//! | `RDSProxy Aurora MySQL ACU-Hr` | `Aurora MySQL` | `ACU` | `RDS:ProxyServerlessUsage` | ACU-Hr |
//! | `RDSProxy Aurora PostgreSQL ACU-Hr` | `Aurora PostgreSQL` | `ACU` | `RDS:ProxyServerlessUsage` | ACU-Hr |
//!
//! Nothing is skipped. The minimum charges (2 vCPUs for provisioned instances, 8 ACUs for
//! Aurora Serverless v2) are AWS's pricing-page terms, applied by `aws_db_proxy`, not rows.

use std::collections::BTreeMap;

use super::Rule;

/// Usage-type suffixes of RDS Proxy, which the Price List prefixes in every region.
pub const USAGE_TYPES: &[&str] = &["RDS:ProxyUsage", "RDS:ProxyServerlessUsage"];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (engine, capacity) = match label {
        "RDSProxy" => ("Any", "vCPU"),
        "RDSProxy Aurora MySQL Hrs" => ("Aurora MySQL", "vCPU"),
        "RDSProxy Aurora PostgreSQL Hrs" => ("Aurora PostgreSQL", "vCPU"),
        "RDSProxy Aurora MySQL ACU-Hr" => ("Aurora MySQL", "ACU"),
        "RDSProxy Aurora PostgreSQL ACU-Hr" => ("Aurora PostgreSQL", "ACU"),
        _ => return Err("no RDS Proxy import rule for this label".into()),
    };
    let (ut, unit) =
        if capacity == "vCPU" { (USAGE_TYPES[0], "vCPU-Hr") } else { (USAGE_TYPES[1], "ACU-Hr") };
    let attrs = BTreeMap::from([
        ("databaseEngine".to_string(), engine.to_string()),
        ("proxyCapacity".to_string(), capacity.to_string()),
    ]);
    Ok(Rule::Product { family: "RDSProxy", attrs, ut: ut.into(), unit })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn every_feed_label_maps() {
        assert!(matches!(rule("RDSProxy"), Ok(Rule::Product { unit: "vCPU-Hr", .. })));
        assert!(matches!(
            rule("RDSProxy Aurora MySQL ACU-Hr"),
            Ok(Rule::Product { unit: "ACU-Hr", .. })
        ));
        assert!(rule("RDSProxy Oracle Hrs").is_err());
    }
}
