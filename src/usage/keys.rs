//! Which usage keys a resource type accepts. The one list of keys is the resource registry's
//! ([`crate::resources::ResourceType::usage_keys`], documented in `docs/resources.md`): the
//! pricing side declares what it reads, this module validates usage files and scenario overrides
//! against it, and `derive` emits only keys from it (a test checks that). Names are Infracost's
//! (unit last: `monthly_data_processed_gb`); nested Infracost keys are flattened with a dot
//! (`standard.storage_gb`).
//!
//! A key not read by a supported type is an error (a typo would otherwise silently price
//! nothing); keys for types costplan does not price are ignored with a warning, so that an
//! Infracost usage file written for a larger project loads as is.

use crate::resources;

/// Keys every type accepts: purchase options (Infracost's names, plus `spot_share` and
/// `spot_discount`). They become
/// [`super::Purchase`] values, not usage values.
pub const PURCHASE_KEYS: &[&str] = &[
    "reserved_instance_term",
    "reserved_instance_payment_option",
    "reserved_instance_type",
    "spot_share",
    "spot_discount",
];

/// Whether `key` is valid for `resource_type`.
pub fn is_known(resource_type: &str, key: &str) -> bool {
    PURCHASE_KEYS.contains(&key) || resources::usage_keys(resource_type).contains(&key)
}

/// Whether costplan prices this type at all.
pub fn type_is_listed(resource_type: &str) -> bool {
    resources::lookup(resource_type).is_some()
}

/// Every valid key of a type, sorted, for "did you mean" suggestions and error messages.
pub fn all_keys(resource_type: &str) -> Vec<String> {
    let mut out: Vec<String> = PURCHASE_KEYS
        .iter()
        .chain(resources::usage_keys(resource_type))
        .map(|k| (*k).to_string())
        .collect();
    out.sort();
    out
}

/// The closest candidate by edit distance, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(input, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_keys_and_typos() {
        assert!(is_known("aws_s3_bucket", "standard.storage_gb"));
        assert!(!is_known("aws_s3_bucket", "standard.storage"));
        assert!(is_known("aws_nat_gateway", "reserved_instance_term"));
        assert!(!type_is_listed("aws_lambda_function"));
        assert_eq!(
            did_you_mean("monthly_data_procesed_gb", ["monthly_data_processed_gb", "storage_gb"]),
            Some("monthly_data_processed_gb".to_string())
        );
        assert_eq!(did_you_mean("zzz", ["monthly_data_processed_gb"]), None);
    }
}
