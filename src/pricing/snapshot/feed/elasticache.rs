//! Import rules for `AmazonElastiCache` (feed file `elasticache.json.gz`).
//!
//! - `[OnDemand Cache Instance <family> <Engine> [datatiering] <generation>] ...` → product
//!   family `Cache Instance`, `instanceType` from the location's `Instance Type`, `cacheEngine`
//!   (`Redis`, `Valkey`, `Memcached`), usage type `NodeUsage:<type>`, unit `Hrs`; the same
//!   attributes as the hand table's rule, so its reserved terms join the feed's product.
//! - `OnDemand ElastiCache Serverless ...`: skipped (costplan does not price ElastiCache
//!   Serverless yet).

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str, loc: &BTreeMap<&str, &str>) -> Result<Rule, String> {
    if label.starts_with("OnDemand ElastiCache Serverless") {
        return Ok(Rule::Skip("ElastiCache Serverless is not priced by costplan"));
    }
    let Some(head) = label.strip_prefix("[OnDemand Cache Instance ") else {
        return Err("no ElastiCache import rule for this label".into());
    };
    let engine = ["Redis", "Valkey", "Memcached"]
        .into_iter()
        .find(|e| head.contains(&format!(" {e} ")))
        .ok_or("the label names no cache engine (Redis, Valkey, Memcached)")?;
    let class = loc.get("Instance Type").ok_or("the location gives no `Instance Type`")?;
    if !class.starts_with("cache.") {
        return Err(format!("instance type `{class}` is not a cache.* type"));
    }
    let mut attrs = BTreeMap::new();
    attrs.insert("instanceType".to_string(), class.to_string());
    attrs.insert("cacheEngine".to_string(), engine.to_string());
    attrs.insert("operation".to_string(), "CreateCacheCluster:0002".to_string());
    Ok(Rule::Product {
        family: "Cache Instance",
        attrs,
        ut: format!("NodeUsage:{class}"),
        unit: "Hrs",
    })
}
