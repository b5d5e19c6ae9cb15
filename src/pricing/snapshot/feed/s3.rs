//! Import rules for `AmazonS3` (feed files `s3.json.gz` and `s3glacierdeeparchive.json.gz`).
//! Labels → the product families, attributes and usage types of the hand table's rule
//! (`snapshot::rules`), so `resources::s3_bucket` resolves them; us-east-1 usage types have no
//! prefix, as the Price List writes them for S3. Requests are priced per request, as in the
//! Price List.
//!
//! Storage (family `Storage`, unit GB-Mo; attributes `volumeType`, `storageClass`):
//!
//! | label | usage type | tier (GB) |
//! |---|---|---|
//! | `Standard Storage First 50 TB per GB Mo` | `TimedStorage-ByteHrs` | 0..51,200 |
//! | `Standard Storage Next 450 TB per GB Mo` | `TimedStorage-ByteHrs` | 51,200..512,000 |
//! | `Standard Storage Over 500 TB per GB Mo` | `TimedStorage-ByteHrs` | 512,000..Inf |
//! | `Intelligent Tiering Frequent Access First 50 TB / Next 450 TB / Over 500 TB per GB Mo` | `TimedStorage-INT-FA-ByteHrs` | as Standard |
//! | `Intelligent Tiering Infrequent Access per GB Mo`, `... From 0 to Inf per GB-Mo` | `TimedStorage-INT-IA-ByteHrs` | |
//! | `IntelligentTieringArchiveAccess` | `TimedStorage-INT-AA-ByteHrs` | |
//! | `IntelligentTieringDeepArchiveAccess` | `TimedStorage-INT-DAA-ByteHrs` | |
//! | `Standard Infrequent Access Storage per GB-Mo` | `TimedStorage-SIA-ByteHrs` | |
//! | `One Zone Infrequent Access Storage Inf per GB-Mo` | `TimedStorage-ZIA-ByteHrs` | |
//! | `Glacier Instant Retrieval Storage` | `TimedStorage-GIR-ByteHrs` | |
//! | `Glacier Storage per GB Mo` | `TimedStorage-GlacierByteHrs` | |
//! | `Glacier Deep Archive GB Mo` | `TimedStorage-GDA-ByteHrs` | |
//!
//! Glacier Flexible Retrieval and Deep Archive retrievals per GB and restore requests, by
//! retrieval tier: see [`archive`].
//!
//! Requests (family `API Request`, unit Requests, attribute `group`), retrievals and S3 Select
//! data scanned/returned (family `Data Retrieval`, unit GB; [`select`]) and the
//! Intelligent-Tiering monitoring fee (family `Fee`, unit
//! Objects): see [`requests`]. Every other label is skipped with its reason ([`SKIPS`]): S3
//! features costplan does not price (Access Grants, Batch Operations, Storage Lens,
//! inventory, analytics, tags, replication, Intelligent-Tiering archive restores, Glacier staging,
//! Express One Zone, Reduced Redundancy, multipart-upload parts, early deletes, dual-layer
//! encryption, Object Lambda), and lifecycle transitions, whose rates repeat the PUT rates of
//! the target class that costplan uses.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// Label fragments skipped on purpose, with why (first match wins).
const SKIPS: &[(&str, &str)] = &[
    (
        "Fee for Standard Retrieval of data stored",
        "the same rate as `Glacier S3 Standard Retrieval RestoreObject` (GFR) or `S3 Standard-Retrieval GB` (Deep Archive), imported",
    ),
    (
        "Fee for Bulk Retrieval of data stored",
        "the same rate as `Glacier S3 Bulk Retrieval RestoreObject` (GFR) or `S3 Bulk-Retrieval GB` (Deep Archive), imported",
    ),
    (
        "Restore Object per Requests",
        "the same rate as `Glacier S3 API Tier 3 RestoreObject`, imported",
    ),
    ("Access Grants", "S3 Access Grants is not priced by costplan"),
    ("Batch Operations", "S3 Batch Operations is not priced by costplan"),
    ("Storage Lens", "S3 Storage Lens is not priced by costplan"),
    ("Inventory", "S3 Inventory is not priced by costplan"),
    ("Analytics", "S3 analytics is not priced by costplan"),
    ("Tags Storage", "object tags are not priced by costplan"),
    ("Replication", "replication is not priced by costplan"),
    ("replication", "replication is not priced by costplan"),
    ("repl ", "replication is not priced by costplan"),
    ("Restore", "archive restores are not priced by costplan"),
    ("Retrieval", "archive retrieval fees are not priced by costplan"),
    ("Express One Zone", "S3 Express One Zone is not priced by costplan"),
    ("Reduced Redundancy", "Reduced Redundancy storage is not priced by costplan"),
    ("Lifecycle", "lifecycle transitions are priced as the target class's PUT requests"),
    ("Multipart", "multipart-upload requests are priced as PUT requests"),
    ("UploadPart", "multipart-upload requests are priced as PUT requests"),
    ("Upload part", "multipart-upload requests are priced as PUT requests"),
    ("CopyPart", "multipart-upload requests are priced as PUT requests"),
    ("Copy part", "multipart-upload requests are priced as PUT requests"),
    ("COPY ", "COPY requests to archive classes are priced as PUT requests"),
    ("POST ", "POST requests to archive classes are priced as PUT requests"),
    ("Glacier S3 API", "archive restore requests are not priced by costplan"),
    ("S3 API-", "archive restore requests are not priced by costplan"),
    ("EarlyDelete", "early-delete fees are not priced by costplan"),
    ("Glacier Staging", "Glacier staging storage is not priced by costplan"),
    ("Dual Layer", "dual-layer server-side encryption is not priced by costplan"),
    ("OL APs", "S3 Object Lambda is not priced by costplan"),
    ("Fee for", "archive retrieval fees are not priced by costplan"),
    ("No charge for Free Tier", "a free-tier row with no charge"),
    ("Bulk", "archive bulk retrievals are not priced by costplan"),
    ("Expedited", "archive expedited retrievals are not priced by costplan"),
];

fn storage(volume: &str, class: &str, ut: &str, tier: Option<(i64, Option<i64>)>) -> Rule {
    let mut attrs = BTreeMap::new();
    attrs.insert("volumeType".to_string(), volume.to_string());
    attrs.insert("storageClass".to_string(), class.to_string());
    let ut = ut.to_string();
    match tier {
        None => Rule::Product { family: "Storage", attrs, ut, unit: "GB-Mo" },
        Some((begin, end)) => Rule::Tier {
            family: "Storage",
            attrs,
            ut,
            unit: "GB-Mo",
            begin: Decimal::from(begin),
            end: end.map(Decimal::from),
            free_below: None,
        },
    }
}

/// Requests, retrievals and the monitoring fee: (family, group or fee attribute, usage type,
/// unit) of a label.
fn requests(
    label: &str,
) -> Option<(&'static str, (&'static str, &'static str), &'static str, &'static str)> {
    let api = |group, ut| Some(("API Request", ("group", group), ut, "Requests"));
    let retrieval = |group, ut| Some(("Data Retrieval", ("group", group), ut, "GB"));
    match label {
        "PUT COPY/POST or LIST requests per Requests" => api("S3-API-Tier1", "Requests-Tier1"),
        "GET and all other requests per Requests" => api("S3-API-Tier2", "Requests-Tier2"),
        "PUT COPY/POST or LIST requests to Standard Infrequent Access per Requests" => {
            api("S3-API-SIA-Tier1", "Requests-SIA-Tier1")
        }
        "GET and all other requests to Standard Infrequent Access per Requests" => {
            api("S3-API-SIA-Tier2", "Requests-SIA-Tier2")
        }
        "PUT COPY/POST or LIST requests to One Zone Infrequent Access per Requests" => {
            api("S3-API-ZIA-Tier1", "Requests-ZIA-Tier1")
        }
        "GET and all other requests to One Zone Infrequent Access per Requests" => {
            api("S3-API-ZIA-Tier2", "Requests-ZIA-Tier2")
        }
        "PUT COPY/POST or LIST requests to Intelligent Tiering per Requests" => {
            api("S3-API-INT-Tier1", "Requests-INT-Tier1")
        }
        "GET and all other requests to Intelligent Tiering per Requests" => {
            api("S3-API-INT-Tier2", "Requests-INT-Tier2")
        }
        "PUT COPY/POST or LIST requests to Glacier Instant Retrieval per Requests" => {
            api("S3-API-GIR-Tier1", "Requests-GIR-Tier1")
        }
        "GET and all other requests to Glacier Instant Retrieval per Requests" => {
            api("S3-API-GIR-Tier2", "Requests-GIR-Tier2")
        }
        "PUT requests to Glacier per Requests" => {
            api("S3-API-GLACIER-Tier1", "Requests-GLACIER-Tier1")
        }
        "GET and all other requests to GLACIER per Requests" => {
            api("S3-API-GLACIER-Tier2", "Requests-GLACIER-Tier2")
        }
        "PUT to Glacier Deep Archive Requests" => api("S3-API-GDA-Tier1", "Requests-GDA-Tier1"),
        "GET and all other requests to GDA per Requests" => {
            api("S3-API-GDA-Tier2", "Requests-GDA-Tier2")
        }
        "Object Retrieval in Standard Infrequent Access per GB" => {
            retrieval("S3-SIA-Retrieval", "Retrieval-SIA")
        }
        "Object Retrieval in One Zone Infrequent Access per GB" => {
            retrieval("S3-ZIA-Retrieval", "Retrieval-ZIA")
        }
        "Object Retrieval in Glacier Instant Retrieval per GB" => {
            retrieval("S3-GIR-Retrieval", "Retrieval-GIR")
        }
        "Per object per month monitoring and automation fee for objects in Intelligent Tiering" => {
            Some((
                "Fee",
                ("feeDescription", "Intelligent-Tiering monitoring and automation"),
                "Monitoring-Automation-INT",
                "Objects",
            ))
        }
        _ => archive(label).or_else(|| select(label)),
    }
}

/// Glacier Flexible Retrieval and Deep Archive restores: per GB retrieved (family `Data
/// Retrieval`) and per restore request (family `API Request`), by retrieval tier. The feed
/// repeats some rates under two labels with equal values in every region (`Fee for Standard
/// Retrieval of data stored` = `Glacier S3 Standard Retrieval RestoreObject`, `Restore Object per
/// Requests` = `Glacier S3 API Tier 3 RestoreObject`, and Deep Archive's `Fee for ... from
/// Glacier Deep Archive` = `S3 Standard-Retrieval GB` / `S3 Bulk-Retrieval GB`); one of each is
/// imported, the other skipped.
fn archive(
    label: &str,
) -> Option<(&'static str, (&'static str, &'static str), &'static str, &'static str)> {
    let gb = |group, ut| Some(("Data Retrieval", ("group", group), ut, "GB"));
    let api = |group, ut| Some(("API Request", ("group", group), ut, "Requests"));
    match label {
        "Glacier S3 Standard Retrieval RestoreObject" => {
            gb("S3-GLACIER-Retrieval-Standard", "Retrieval-GLACIER-Standard")
        }
        "Glacier S3 Expedited Retrieval" => {
            gb("S3-GLACIER-Retrieval-Expedited", "Retrieval-GLACIER-Expedited")
        }
        "Glacier S3 Bulk Retrieval RestoreObject" => {
            gb("S3-GLACIER-Retrieval-Bulk", "Retrieval-GLACIER-Bulk")
        }
        "Glacier S3 API Tier 3 RestoreObject" => {
            api("S3-API-GLACIER-Restore-Standard", "Requests-GLACIER-Restore-Standard")
        }
        "Glacier Expedited Glacier Restore Requests" => {
            api("S3-API-GLACIER-Restore-Expedited", "Requests-GLACIER-Restore-Expedited")
        }
        "Bulk Glacier Restore Requests" => {
            api("S3-API-GLACIER-Restore-Bulk", "Requests-GLACIER-Restore-Bulk")
        }
        "S3 Standard-Retrieval GB" => gb("S3-GDA-Retrieval-Standard", "Retrieval-GDA-Standard"),
        "S3 Bulk-Retrieval GB" => gb("S3-GDA-Retrieval-Bulk", "Retrieval-GDA-Bulk"),
        "GDA Standard Restore Requests" => {
            api("S3-API-GDA-Restore-Standard", "Requests-GDA-Restore-Standard")
        }
        "Glacier Deep Archive Bulk Restore Requests" => {
            api("S3-API-GDA-Restore-Bulk", "Requests-GDA-Restore-Bulk")
        }
        _ => None,
    }
}

/// S3 Select data scanned and returned: `Data Scanned by S3 Select in <class> per GB` →
/// `Select-Scanned-<infix>Bytes` (family `Data Retrieval`, group `S3-API-Select-Scanned`, as
/// the Price List groups Standard's; the infixes follow the request usage types' `SIA-`, `ZIA-`,
/// `INT-`, `GIR-`).
fn select(
    label: &str,
) -> Option<(&'static str, (&'static str, &'static str), &'static str, &'static str)> {
    let rest = label.strip_suffix(" per GB")?;
    let (what, class) = if let Some(c) = rest.strip_prefix("Data Scanned by S3 Select in ") {
        ("Scanned", c)
    } else {
        ("Returned", rest.strip_prefix("Data Returned by S3 Select in ")?)
    };
    let ut = match (what, class) {
        ("Scanned", "Standard") => "Select-Scanned-Bytes",
        ("Returned", "Standard") => "Select-Returned-Bytes",
        ("Scanned", "Standard Infrequent Access") => "Select-Scanned-SIA-Bytes",
        ("Returned", "Standard Infrequent Access") => "Select-Returned-SIA-Bytes",
        ("Scanned", "One Zone Infrequent Access") => "Select-Scanned-ZIA-Bytes",
        ("Returned", "One Zone Infrequent Access") => "Select-Returned-ZIA-Bytes",
        ("Scanned", "Intelligent Tiering") => "Select-Scanned-INT-Bytes",
        ("Returned", "Intelligent Tiering") => "Select-Returned-INT-Bytes",
        ("Scanned", "Glacier Instant Retrieval") => "Select-Scanned-GIR-Bytes",
        ("Returned", "Glacier Instant Retrieval") => "Select-Returned-GIR-Bytes",
        _ => return None,
    };
    let group = if what == "Scanned" { "S3-API-Select-Scanned" } else { "S3-API-Select-Returned" };
    Some(("Data Retrieval", ("group", group), ut, "GB"))
}

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    const STD: (&str, &str, &str) = ("Standard", "General Purpose", "TimedStorage-ByteHrs");
    const FA: (&str, &str, &str) = (
        "Intelligent-Tiering Frequent Access",
        "Intelligent-Tiering",
        "TimedStorage-INT-FA-ByteHrs",
    );
    let tiered = |(v, c, u): (&str, &str, &str), begin, end| storage(v, c, u, Some((begin, end)));
    Ok(match label {
        "Standard Storage First 50 TB per GB Mo" => tiered(STD, 0, Some(51_200)),
        "Standard Storage Next 450 TB per GB Mo" => tiered(STD, 51_200, Some(512_000)),
        "Standard Storage Over 500 TB per GB Mo" => tiered(STD, 512_000, None),
        "Intelligent Tiering Frequent Access First 50 TB per GB Mo" => tiered(FA, 0, Some(51_200)),
        "Intelligent Tiering Frequent Access Next 450 TB per GB Mo" => {
            tiered(FA, 51_200, Some(512_000))
        }
        "Intelligent Tiering Frequent Access Over 500 TB per GB Mo" => tiered(FA, 512_000, None),
        "Intelligent Tiering Infrequent Access per GB Mo"
        | "Intelligent Tiering Infrequent Access From 0 to Inf per GB-Mo" => storage(
            "Intelligent-Tiering Infrequent Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-IA-ByteHrs",
            None,
        ),
        "IntelligentTieringArchiveAccess" => storage(
            "Intelligent-Tiering Archive Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-AA-ByteHrs",
            None,
        ),
        "IntelligentTieringDeepArchiveAccess" => storage(
            "Intelligent-Tiering Deep Archive Access",
            "Intelligent-Tiering",
            "TimedStorage-INT-DAA-ByteHrs",
            None,
        ),
        "Intelligent Tiering Archive Instant Access" => {
            Rule::Skip("Intelligent-Tiering archive instant access is not priced by costplan")
        }
        "Standard Infrequent Access Storage per GB-Mo" => storage(
            "Standard - Infrequent Access",
            "Infrequent Access",
            "TimedStorage-SIA-ByteHrs",
            None,
        ),
        "One Zone Infrequent Access Storage Inf per GB-Mo" => storage(
            "One Zone - Infrequent Access",
            "Infrequent Access",
            "TimedStorage-ZIA-ByteHrs",
            None,
        ),
        "Glacier Instant Retrieval Storage" => storage(
            "Glacier Instant Retrieval",
            "Archive Instant Retrieval",
            "TimedStorage-GIR-ByteHrs",
            None,
        ),
        "Glacier Storage per GB Mo" => {
            storage("Amazon Glacier", "Archive", "TimedStorage-GlacierByteHrs", None)
        }
        "Glacier Deep Archive GB Mo" => {
            storage("Glacier Deep Archive", "Archive", "TimedStorage-GDA-ByteHrs", None)
        }
        _ => {
            if let Some((family, (k, v), ut, unit)) = requests(label) {
                let mut attrs = BTreeMap::new();
                attrs.insert(k.to_string(), v.to_string());
                return Ok(Rule::Product { family, attrs, ut: ut.to_string(), unit });
            }
            if super::is_unlabelled(label) {
                return Ok(Rule::Skip("a rate with no readable label"));
            }
            match SKIPS.iter().find(|(fragment, _)| label.contains(fragment)) {
                Some((_, why)) => Rule::Skip(why),
                None => return Err("no S3 import rule for this label".into()),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn storage_tiers_and_requests_map_the_rest_is_skipped_or_fails() {
        assert!(matches!(
            rule("Standard Storage Over 500 TB per GB Mo"),
            Ok(Rule::Tier { end: None, .. })
        ));
        assert!(matches!(
            rule("GET and all other requests per Requests"),
            Ok(Rule::Product { family: "API Request", .. })
        ));
        assert!(matches!(rule("Per job fee for Batch Operations jobs"), Ok(Rule::Skip(_))));
        assert!(rule("Standard Storage Next 9 PB per GB Mo").is_err());
    }
}
