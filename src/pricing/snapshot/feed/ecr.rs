//! Import rules for `AmazonECR` (feed file `ecr.json.gz`). Usage types carry the region prefix
//! in every region, us-east-1's `USE1-` included, as the Price List writes them for ECR.
//!
//! | label | family | usage type | unit |
//! |---|---|---|---|
//! | `EC2 Container Registry` | `EC2 Container Registry` | `TimedStorage-ByteHrs` | GB-Mo |
//!
//! Skipped: `... ECR-DSSE-...` (dual-layer server-side encryption bytes, GovCloud only, not
//! priced by costplan).

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if label == "EC2 Container Registry" {
        return Ok(Rule::Product {
            family: "EC2 Container Registry",
            attrs: BTreeMap::new(),
            ut: "TimedStorage-ByteHrs".into(),
            unit: "GB-Mo",
        });
    }
    if label.starts_with("EC2 Container Registry ECR-DSSE-") {
        return Ok(Rule::Skip("dual-layer encryption bytes are not priced by costplan"));
    }
    Err("no ECR import rule for this label".into())
}
