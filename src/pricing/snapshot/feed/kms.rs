//! Import rules for `AWSKMS` (feed file `kms.json.gz`). Usage types carry the region code as
//! their prefix (`eu-west-2-KMS-Keys`), as the Price List writes them for KMS.
//!
//! | label | family | usage type | unit | tier |
//! |---|---|---|---|---|
//! | `Encryption Key` | `Encryption Key` | `KMS-Keys` | Keys | |
//! | `API request - Non Free Tier` | `API Request` | `KMS-Requests` | Requests | 20,000..Inf, and 0..20,000 at $0 |
//!
//! The feed gives only the paid request rate ("Non Free Tier"); the first 20,000 requests a
//! month are free (AWS KMS pricing page; the hand table's row says the same), so the import adds
//! that free first tier, as the Price List's `KMS-Requests` product has it.
//!
//! Skipped ([`rule`]): asymmetric and `GenerateDataKeyPair` requests (not priced by
//! costplan) and `Bundle` (a $0 row without a location).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// Requests free each month before the paid rate applies.
const FREE_REQUESTS: i64 = 20_000;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    match label {
        "Encryption Key" => Ok(Rule::Product {
            family: "Encryption Key",
            attrs: BTreeMap::new(),
            ut: "KMS-Keys".into(),
            unit: "Keys",
        }),
        "API request - Non Free Tier" => Ok(Rule::Tier {
            family: "API Request",
            attrs: BTreeMap::new(),
            ut: "KMS-Requests".into(),
            unit: "Requests",
            begin: Decimal::from(FREE_REQUESTS),
            end: None,
            free_below: Some(
                "the first 20,000 requests a month are free (AWS KMS pricing page); the feed \
                 lists only the paid rate",
            ),
        }),
        "API Requests GenerateDatakeyPair ECC" | "API Requests GenerateDatakeyPair RSA" => {
            Ok(Rule::Skip("GenerateDataKeyPair requests are not priced by costplan"))
        }
        "Asymmetric Requests RSA_2048" | "Asymmetric Requests except RSA_2048API" => {
            Ok(Rule::Skip("asymmetric key requests are not priced by costplan"))
        }
        "Bundle" => Ok(Rule::Skip("a $0 row without a location")),
        _ => Err("no KMS import rule for this label".into()),
    }
}
