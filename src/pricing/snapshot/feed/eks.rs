//! Import rules for `AmazonEKS` (feed file `eks.json.gz`). Usage types as the Price List writes
//! them for EKS, every region prefixed (`USE1-AmazonEKS-Hours:perCluster`); family `Compute`.
//!
//! | label | attributes | usage type | unit |
//! |---|---|---|---|
//! | `Compute per Hours`, `Compute per hours` | tiertype `standard` | `AmazonEKS-Hours:perCluster` | Hrs |
//! | `Compute ExtendedSupport per Hours` | tiertype `extended` | `AmazonEKS-Hours:perClusterExtended` | Hrs |
//! | `Fargate perCPU per hours` | cputype `perCPU` | `Fargate-vCPU-Hours:perCPU` | Hrs |
//! | `Fargate perGB per hours` | memorytype `perGB` | `Fargate-GB-Hours` | GB-Hours |
//!
//! The two spellings of the cluster-hour label are one product: the import fails if they ever
//! give a region two prices. The Fargate rows are EKS pods on Fargate (billed under AmazonEKS,
//! the same rates as ECS Fargate); nothing is skipped.

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (key, value, ut, unit) = match label {
        "Compute per Hours" | "Compute per hours" => {
            ("tiertype", "standard", "AmazonEKS-Hours:perCluster", "Hrs")
        }
        "Compute ExtendedSupport per Hours" => {
            ("tiertype", "extended", "AmazonEKS-Hours:perClusterExtended", "Hrs")
        }
        "Fargate perCPU per hours" => ("cputype", "perCPU", "Fargate-vCPU-Hours:perCPU", "Hrs"),
        "Fargate perGB per hours" => ("memorytype", "perGB", "Fargate-GB-Hours", "GB-Hours"),
        _ => return Err("no EKS import rule for this label".into()),
    };
    let attrs = BTreeMap::from([(key.to_string(), value.to_string())]);
    Ok(Rule::Product { family: "Compute", attrs, ut: ut.into(), unit })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn every_feed_label_maps() {
        assert!(matches!(rule("Compute per hours"), Ok(Rule::Product { unit: "Hrs", .. })));
        assert!(matches!(
            rule("Fargate perGB per hours"),
            Ok(Rule::Product { unit: "GB-Hours", .. })
        ));
        assert!(rule("Compute Provisioned Control Plane").is_err());
    }
}
