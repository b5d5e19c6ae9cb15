//! Import rules for `AmazonDynamoDB` (feed file `dynamodb.json.gz`). us-east-1 usage types have
//! no prefix, as the Price List writes them for DynamoDB. Standard-IA table-class prices carry
//! the `IA-` head on the usage type and `tableClass` `Standard-IA` (Standard: `Standard`).
//!
//! | label | family | usage type | unit |
//! |---|---|---|---|
//! | `PayPerRequest Read Request Units` (`... IA`) | `Amazon DynamoDB PayPerRequest Throughput` | `ReadRequestUnits` | ReadRequestUnits |
//! | `PayPerRequest Write Request Units` (`... IA`) | same | `WriteRequestUnits` | WriteRequestUnits |
//! | `PayPerRequest Replicated Write Request Units` (`... IA`) | same | `ReplWriteRequestUnits` | WriteRequestUnits |
//! | `Provisioned Read Units` (`... IA`) | `Provisioned IOPS` | `ReadCapacityUnit-Hrs` | Hrs |
//! | `Provisioned Write Units` (`... IA`) | same | `WriteCapacityUnit-Hrs` | Hrs |
//! | `Provisioned Replicated Write Units` (`... IA`) | same | `ReplWriteCapacityUnit-Hrs` | Hrs |
//! | `Data Storage Indexed GB-Mo` (`- IA`) | `Database Storage` | `TimedStorage-ByteHrs` | GB-Mo |
//! | `PITR Backup Storage GB-Mo` | `Amazon DynamoDB Point-in-Time Recovery` | `TimedPITRStorage-ByteHrs` | GB-Mo |
//! | `On-Demand Backup Storage GB-Month` | `Amazon DynamoDB On-Demand Backup Storage` | `TimedBackupStorage-ByteHrs` | GB-Mo |
//! | `Restore Data Size` | `Amazon DynamoDB Restore Data Size` | `RestoreDataSize-Bytes` | GB |
//! | `Streams Read Requests` | `API Request` | `Streams-ReadRequests` | Requests |
//!
//! The usage types are costplan's spelling of the Price List's (the feed has none); a refresh
//! replaces them with AWS's own.
//!
//! Skipped, each with why: the `... Free Tier` rows ($0: the account free tier of 25 GB, 25
//! read and 25 write capacity units, 2.5M stream reads, not modelled), reserved capacity (1- and
//! 3-year upfront fees and hourly rates; not priced by costplan), export to S3, import from S3,
//! and change-data-capture units for Kinesis and Glue (not priced by costplan).

use std::collections::BTreeMap;

use super::Rule;

/// `(label, family, usage type, unit)`; the `IA` variants are derived from these.
const PRODUCTS: &[(&str, &str, &str, &str)] = &[
    (
        "PayPerRequest Read Request Units",
        "Amazon DynamoDB PayPerRequest Throughput",
        "ReadRequestUnits",
        "ReadRequestUnits",
    ),
    (
        "PayPerRequest Write Request Units",
        "Amazon DynamoDB PayPerRequest Throughput",
        "WriteRequestUnits",
        "WriteRequestUnits",
    ),
    (
        "PayPerRequest Replicated Write Request Units",
        "Amazon DynamoDB PayPerRequest Throughput",
        "ReplWriteRequestUnits",
        "WriteRequestUnits",
    ),
    ("Provisioned Read Units", "Provisioned IOPS", "ReadCapacityUnit-Hrs", "Hrs"),
    ("Provisioned Write Units", "Provisioned IOPS", "WriteCapacityUnit-Hrs", "Hrs"),
    ("Provisioned Replicated Write Units", "Provisioned IOPS", "ReplWriteCapacityUnit-Hrs", "Hrs"),
    ("Data Storage Indexed GB-Mo", "Database Storage", "TimedStorage-ByteHrs", "GB-Mo"),
    (
        "PITR Backup Storage GB-Mo",
        "Amazon DynamoDB Point-in-Time Recovery",
        "TimedPITRStorage-ByteHrs",
        "GB-Mo",
    ),
    (
        "On-Demand Backup Storage GB-Month",
        "Amazon DynamoDB On-Demand Backup Storage",
        "TimedBackupStorage-ByteHrs",
        "GB-Mo",
    ),
    ("Restore Data Size", "Amazon DynamoDB Restore Data Size", "RestoreDataSize-Bytes", "GB"),
    ("Streams Read Requests", "API Request", "Streams-ReadRequests", "Requests"),
];

/// Label fragments skipped on purpose, with why (first match wins).
const SKIPS: &[(&str, &str)] = &[
    ("Free Tier", "the account free tier is not modelled ($0 rows)"),
    ("UnitsFree Tier", "the account free tier is not modelled ($0 rows)"),
    ("Upfront Fee", "reserved capacity is not priced by costplan"),
    ("Capacity Unit Hrs Provisioned", "reserved capacity is not priced by costplan"),
    ("Export Data Size", "export to S3 is not priced by costplan"),
    ("Import Data Size", "import from S3 is not priced by costplan"),
    ("Change Data Capture", "change data capture units are not priced by costplan"),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some((_, why)) = SKIPS.iter().find(|(f, _)| label.contains(f)) {
        return Ok(Rule::Skip(why));
    }
    // The Standard-IA variant of a label: `<label> IA`, or `... - IA GB-Mo` for storage.
    let (base, ia) = match label.strip_suffix(" IA") {
        Some(b) => (b.to_string(), true),
        None if label == "Data Storage Indexed - IA GB-Mo" => {
            ("Data Storage Indexed GB-Mo".to_string(), true)
        }
        None => (label.to_string(), false),
    };
    let Some((_, family, ut, unit)) = PRODUCTS.iter().find(|(l, ..)| *l == base) else {
        return Err("no DynamoDB import rule for this label".into());
    };
    let class_bound =
        ut.contains("RequestUnits") || ut.contains("CapacityUnit") || *ut == "TimedStorage-ByteHrs";
    let mut attrs = BTreeMap::new();
    if class_bound {
        attrs.insert(
            "tableClass".to_string(),
            if ia { "Standard-IA" } else { "Standard" }.to_string(),
        );
    } else if ia {
        return Err("an IA variant of a label that has no table class".into());
    }
    let ut = if ia { format!("IA-{ut}") } else { (*ut).to_string() };
    Ok(Rule::Product { family, attrs, ut, unit })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn labels_map_with_their_table_class() {
        let Ok(Rule::Product { ut, attrs, .. }) = rule("PayPerRequest Write Request Units IA")
        else {
            panic!("maps")
        };
        assert_eq!(ut, "IA-WriteRequestUnits");
        assert_eq!(attrs.get("tableClass").map(String::as_str), Some("Standard-IA"));
        assert!(matches!(rule("Data Storage Indexed - IA GB-Mo"), Ok(Rule::Product { .. })));
        assert!(matches!(rule("Provisioned 1yr DDB-ReadUnits Upfront Fee"), Ok(Rule::Skip(_))));
        assert!(matches!(rule("Provisioned Replicated Write UnitsFree Tier"), Ok(Rule::Skip(_))));
        assert!(rule("Provisioned Sideways Units").is_err());
    }
}
