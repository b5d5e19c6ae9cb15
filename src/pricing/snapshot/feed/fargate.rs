//! Import rules for `AmazonECS` / Fargate (feed file `ecs.json.gz`). Labels → usage types as
//! the Price List writes them (`USE1-Fargate-vCPU-Hours:perCPU` ...), family `Compute`, with
//! `cputype` `perCPU` or `memorytype` `perGB` as the hand table's rule does.
//!
//! | label | usage type | unit |
//! |---|---|---|
//! | `perCPU per hour` | `Fargate-vCPU-Hours:perCPU` | Hrs |
//! | `perGB per hour` | `Fargate-GB-Hours` | GB-Hours |
//! | `ARM perCPU per hour` | `Fargate-ARM-vCPU-Hours:perCPU` | Hrs |
//! | `ARM perGB per hour` | `Fargate-ARM-GB-Hours` | GB-Hours |
//! | `Storage per GB-Hours` | `Fargate-EphemeralStorage-GB-Hours` | GB-Hours |
//! | `perCPU per hour Windows` | `Fargate-Windows-vCPU-Hours:perCPU` | Hrs |
//! | `perGB per hour Windows` | `Fargate-Windows-GB-Hours` | GB-Hours |
//! | `perCPU OS License Fee per hour Windows` | `Fargate-Windows-OS-Hours:perCPU` | Hrs |
//! | `per hour` | skipped: ECS Anywhere instance-hours, not priced by costplan | |

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (ut, cpu) = match label {
        "perCPU per hour" => ("Fargate-vCPU-Hours:perCPU", true),
        "perGB per hour" => ("Fargate-GB-Hours", false),
        "ARM perCPU per hour" => ("Fargate-ARM-vCPU-Hours:perCPU", true),
        "ARM perGB per hour" => ("Fargate-ARM-GB-Hours", false),
        "Storage per GB-Hours" => ("Fargate-EphemeralStorage-GB-Hours", false),
        "perCPU per hour Windows" => ("Fargate-Windows-vCPU-Hours:perCPU", true),
        "perGB per hour Windows" => ("Fargate-Windows-GB-Hours", false),
        "perCPU OS License Fee per hour Windows" => ("Fargate-Windows-OS-Hours:perCPU", true),
        "per hour" => return Ok(Rule::Skip("ECS Anywhere instance-hours are not priced")),
        _ => return Err("no Fargate import rule for this label".into()),
    };
    let mut attrs = BTreeMap::new();
    if cpu {
        attrs.insert("cputype".to_string(), "perCPU".to_string());
    } else {
        attrs.insert("memorytype".to_string(), "perGB".to_string());
    }
    Ok(Rule::Product {
        family: "Compute",
        attrs,
        ut: ut.to_string(),
        unit: if cpu { "Hrs" } else { "GB-Hours" },
    })
}
