//! Import rules for `AmazonMemoryDB` (feed file `memorydb.json.gz`). Usage types prefixed in
//! every region, as the Price List writes them for MemoryDB (`USE1-NodeUsage:db.r6g.large`);
//! the data-written and snapshot usage types are costplan's names (the feed gives none).
//!
//! - Node labels (`[Memory optimized Nodes] db r7g.large ...`, `[Memory optimized Redis Nodes]`,
//!   `[... Valkey Nodes] ...`, `[Memory optimized datatiering] ...`, ...): family `MemoryDB`,
//!   `instanceType` from the location's `Instance` (or `Instance Type`), `engine` `Valkey` when
//!   the label says so, else `Redis` (Redis OSS); usage type `NodeUsage:<type>`, unit `Hrs`.
//!   The feed lists most nodes twice (per class, and in an engine-wide label): one product, the
//!   import fails if the two disagree.
//! - `Data Written per GB`, `Data Written per GB Redis 0 to Inf`: family `Data Written`, engine
//!   `Redis`, `DataWritten-Bytes`, GB.
//! - `Data Written per GB-Mo Valkey 0 to 10000` / `10000 to Inf`: the two tiers (GB) of engine
//!   `Valkey`'s data written (the first 10 TB a month are free; the feed gives $0 for both
//!   tiers, imported as the feed says).
//! - `Amazon S3 per GB-Mo` and its `Redis`/`Valkey` `0 to Inf` copies: family `Snapshot
//!   Storage`, `SnapshotStorage-ByteHrs`, GB-Mo (one price for both engines).
//!
//! Skipped, with why: nodes named without `db.` (`t4g small`, location `Instance: t4g.small`,
//! in EU (Spain) and GovCloud), repeats of the `db.t4g.small` rows under a misspelt class that
//! no Terraform `node_type` names.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

pub(crate) fn rule(label: &str, loc: &BTreeMap<&str, &str>) -> Result<Rule, String> {
    let one = |k: &str, v: &str| BTreeMap::from([(k.to_string(), v.to_string())]);
    match label {
        "Data Written per GB" | "Data Written per GB Redis 0 to Inf" => {
            return Ok(Rule::Product {
                family: "Data Written",
                attrs: one("engine", "Redis"),
                ut: "DataWritten-Bytes".into(),
                unit: "GB",
            });
        }
        "Data Written per GB-Mo Valkey 0 to 10000"
        | "Data Written per GB-Mo Valkey 10000 to Inf" => {
            let first = label.ends_with("0 to 10000");
            return Ok(Rule::Tier {
                family: "Data Written",
                attrs: one("engine", "Valkey"),
                ut: "DataWritten-Bytes".into(),
                unit: "GB",
                begin: if first { Decimal::ZERO } else { Decimal::from(10_000) },
                end: first.then(|| Decimal::from(10_000)),
                free_below: None,
            });
        }
        "Amazon S3 per GB-Mo"
        | "Amazon S3 per GB-Mo Redis 0 to Inf"
        | "Amazon S3 per GB-Mo Valkey 0 to Inf" => {
            return Ok(Rule::Product {
                family: "Snapshot Storage",
                attrs: BTreeMap::new(),
                ut: "SnapshotStorage-ByteHrs".into(),
                unit: "GB-Mo",
            });
        }
        _ => {}
    }
    let is_node = label.starts_with("[Memory optimized") || label.starts_with("[General purpose");
    if !is_node {
        return Err("no MemoryDB import rule for this label".into());
    }
    let class = loc
        .get("Instance")
        .or_else(|| loc.get("Instance Type"))
        .ok_or("the location gives no `Instance` or `Instance Type`")?;
    if !class.starts_with("db.") {
        return Ok(Rule::Skip("a node class named without `db.` (repeats the `db.` row)"));
    }
    let engine = if label.contains("Valkey") { "Valkey" } else { "Redis" };
    let mut attrs = one("instanceType", class);
    attrs.insert("engine".into(), engine.into());
    Ok(Rule::Product { family: "MemoryDB", attrs, ut: format!("NodeUsage:{class}"), unit: "Hrs" })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Rule, rule};

    #[test]
    fn nodes_data_written_and_snapshots_map() {
        let loc = BTreeMap::from([("Instance", "db.r7g.large")]);
        let Ok(Rule::Product { attrs, ut, .. }) =
            rule("[Memory optimized Valkey Nodes] db r7g.large Valkey Memory optimized", &loc)
        else {
            panic!("a node label maps to a product");
        };
        assert_eq!((attrs["engine"].as_str(), ut.as_str()), ("Valkey", "NodeUsage:db.r7g.large"));
        let typo = BTreeMap::from([("Instance", "t4g.small")]);
        assert!(matches!(rule("[General purpose Redis Nodes]", &typo), Ok(Rule::Skip(_))));
        assert!(matches!(
            rule("Data Written per GB-Mo Valkey 10000 to Inf", &loc),
            Ok(Rule::Tier { end: None, .. })
        ));
        assert!(rule("[General purpose Nodes]", &BTreeMap::new()).is_err());
        assert!(rule("Data Read per GB", &loc).is_err());
    }
}
