//! Import rules for `AmazonEFS` (feed file `efs.json.gz`). Usage types as the Price List writes
//! them for EFS (every region prefixed, `USE1-` included: Infracost's EFS filters match
//! `-TimedStorage-ByteHrs`, `ProvisionedTP-MiBpsHrs`; `IADataAccess-Bytes` with `accessType`
//! `Read`/`Write` as the Price List's EFS products list them). The elastic-throughput and
//! Archive access usage types are costplan's names (the feed gives none).
//!
//! | label | family | attributes | usage type | unit |
//! |---|---|---|---|---|
//! | `General Purpose Storage GB Mo` | Storage | storageClass `General Purpose` | `TimedStorage-ByteHrs` | GB-Mo |
//! | `Infrequent Access ET Storage GB Mo` | Storage | storageClass `Infrequent Access` | `IATimedStorage-ByteHrs` | GB-Mo |
//! | `One Zone General Purpose Storage GB Mo` | Storage | storageClass `One Zone-General Purpose` | `TimedStorage-Z-ByteHrs` | GB-Mo |
//! | `One Zone Infrequent Access Storage GB Mo` | Storage | storageClass `One Zone-Infrequent Access` | `IATimedStorage-Z-ByteHrs` | GB-Mo |
//! | `Archive Storage GB Mo` | Storage | storageClass `Archive` | `ArchiveTimedStorage-ByteHrs` | GB-Mo |
//! | `Infrequent Access Requests Read per GB` | Storage | storageClass `Infrequent Access`, accessType `Read` | `IADataAccess-Bytes` | GB |
//! | `Infrequent Access Requests Write per GB` | Storage | storageClass `Infrequent Access`, accessType `Write` | `IADataAccess-Bytes` | GB |
//! | `Archive Storage Read Read GB` | Storage | storageClass `Archive`, accessType `Read` | `ArchiveDataAccess-Bytes` | GB |
//! | `Archive Storage Write Write GB` | Storage | storageClass `Archive`, accessType `Write` | `ArchiveDataAccess-Bytes` | GB |
//! | `EFS Storage Requests Read per GB` | Throughput | throughputClass `Elastic`, accessType `Read` | `ElasticThroughput-Read-Bytes` | GB |
//! | `EFS Storage Requests Write per GB` | Throughput | throughputClass `Elastic`, accessType `Write` | `ElasticThroughput-Write-Bytes` | GB |
//! | `Throughput Provisioned` | Provisioned Throughput | throughputClass `Provisioned` | `ProvisionedTP-MiBpsHrs` | MiBps-Mo |
//!
//! Skipped, with why: `Throughput Included` (bursting throughput, $0, part of the storage
//! price) and `Infrequent Access Storage GB Mo` (the Infrequent Access rate before AWS's
//! November 2023 repricing, $0.025 in us-east-1 against the current $0.016 of the `ET` label;
//! costplan prices the current rate).

use std::collections::BTreeMap;

use super::Rule;

/// `(label, family, attributes, usage type, unit)`.
type Row = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

const ROWS: &[Row] = &[
    (
        "General Purpose Storage GB Mo",
        "Storage",
        &[("storageClass", "General Purpose")],
        "TimedStorage-ByteHrs",
        "GB-Mo",
    ),
    (
        "Infrequent Access ET Storage GB Mo",
        "Storage",
        &[("storageClass", "Infrequent Access")],
        "IATimedStorage-ByteHrs",
        "GB-Mo",
    ),
    (
        "One Zone General Purpose Storage GB Mo",
        "Storage",
        &[("storageClass", "One Zone-General Purpose")],
        "TimedStorage-Z-ByteHrs",
        "GB-Mo",
    ),
    (
        "One Zone Infrequent Access Storage GB Mo",
        "Storage",
        &[("storageClass", "One Zone-Infrequent Access")],
        "IATimedStorage-Z-ByteHrs",
        "GB-Mo",
    ),
    (
        "Archive Storage GB Mo",
        "Storage",
        &[("storageClass", "Archive")],
        "ArchiveTimedStorage-ByteHrs",
        "GB-Mo",
    ),
    (
        "Infrequent Access Requests Read per GB",
        "Storage",
        &[("storageClass", "Infrequent Access"), ("accessType", "Read")],
        "IADataAccess-Bytes",
        "GB",
    ),
    (
        "Infrequent Access Requests Write per GB",
        "Storage",
        &[("storageClass", "Infrequent Access"), ("accessType", "Write")],
        "IADataAccess-Bytes",
        "GB",
    ),
    (
        "Archive Storage Read Read GB",
        "Storage",
        &[("storageClass", "Archive"), ("accessType", "Read")],
        "ArchiveDataAccess-Bytes",
        "GB",
    ),
    (
        "Archive Storage Write Write GB",
        "Storage",
        &[("storageClass", "Archive"), ("accessType", "Write")],
        "ArchiveDataAccess-Bytes",
        "GB",
    ),
    (
        "EFS Storage Requests Read per GB",
        "Throughput",
        &[("throughputClass", "Elastic"), ("accessType", "Read")],
        "ElasticThroughput-Read-Bytes",
        "GB",
    ),
    (
        "EFS Storage Requests Write per GB",
        "Throughput",
        &[("throughputClass", "Elastic"), ("accessType", "Write")],
        "ElasticThroughput-Write-Bytes",
        "GB",
    ),
    (
        "Throughput Provisioned",
        "Provisioned Throughput",
        &[("throughputClass", "Provisioned")],
        "ProvisionedTP-MiBpsHrs",
        "MiBps-Mo",
    ),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some((_, family, attrs, ut, unit)) = ROWS.iter().find(|(l, ..)| *l == label) {
        let attrs: BTreeMap<String, String> =
            attrs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
        return Ok(Rule::Product { family, attrs, ut: (*ut).into(), unit });
    }
    match label {
        "Throughput Included" => {
            Ok(Rule::Skip("bursting throughput is included in the storage price ($0)"))
        }
        "Infrequent Access Storage GB Mo" => Ok(Rule::Skip(
            "the Infrequent Access rate before the November 2023 repricing; the `ET` label's \
             current rate is imported",
        )),
        _ => Err("no EFS import rule for this label".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn every_feed_label_maps_or_is_skipped() {
        assert!(matches!(
            rule("Throughput Provisioned"),
            Ok(Rule::Product { unit: "MiBps-Mo", .. })
        ));
        assert!(matches!(rule("Throughput Included"), Ok(Rule::Skip(_))));
        assert!(rule("Throughput Elastic Bursting").is_err());
    }
}
