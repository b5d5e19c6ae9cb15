//! Import rules for `AWSSecretsManager` (feed file `secretsmanager.json.gz`). Usage types carry
//! the region prefix in every region, us-east-1's `USE1-` included, as the Price List writes
//! them for Secrets Manager.
//!
//! | label | family | usage type | unit |
//! |---|---|---|---|
//! | `Secret` | `Secret` | `AWSSecretsManager-Secrets` | Secrets |
//! | `API Request` | `API Request` | `AWSSecretsManager-APIRequest` | Requests (per request) |

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (family, ut, unit) = match label {
        "Secret" => ("Secret", "AWSSecretsManager-Secrets", "Secrets"),
        "API Request" => ("API Request", "AWSSecretsManager-APIRequest", "Requests"),
        _ => return Err("no Secrets Manager import rule for this label".into()),
    };
    Ok(Rule::Product { family, attrs: BTreeMap::new(), ut: ut.to_string(), unit })
}
