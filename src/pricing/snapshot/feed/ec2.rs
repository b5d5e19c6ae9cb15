//! Import rules for EC2 instances (`AmazonEC2`, family `Compute Instance`, feed file
//! `aws-price-watcher/processed/ec2.json.gz`).
//!
//! | label | attributes | usage type | unit |
//! |---|---|---|---|
//! | `OnDemand Linux-instancetype-<type>` | `instanceType` <type>, `operatingSystem` `Linux`, `tenancy` `Shared`, `preInstalledSw` `NA`, `licenseModel` `No License required`, `capacitystatus` `Used`, `operation` `RunInstances` | `BoxUsage:<type>` | Hrs |
//!
//! The attributes and usage type are the Price List's for a shared-tenancy Linux instance
//! without pre-installed software, so a `pricing refresh` of AmazonEC2 resolves the same query.
//!
//! What the feed does not give, and therefore stays "price not found" (listed in `pricing
//! status` GAPS): every other operating system (Windows, RHEL, SUSE, Ubuntu Pro, with SQL
//! Server...), dedicated tenancy and hosts, Spot. Both feed copies
//! (`aws-price-watcher/processed/ec2.json.gz` and `aws-price/pricing/ec2-transformed.json.gz`)
//! hold Linux on-demand only; the watcher copy is read (the processed layout, 852 types).
//! Local Zones and Wavelength Zones are skipped by the region table's skip-list
//! ([`crate::pricing::region::is_skipped_feed_location`]); any other label is an error.

use std::collections::BTreeMap;

use super::Rule;

/// Label prefix of a Linux on-demand instance-hour.
const LINUX: &str = "OnDemand Linux-instancetype-";

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let Some(class) = label.strip_prefix(LINUX) else {
        return Err("no EC2 instance import rule for this label".into());
    };
    let well_formed = class.split_once('.').is_some_and(|(f, s)| {
        !f.is_empty()
            && !s.is_empty()
            && class.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    });
    if !well_formed {
        return Err(format!("instance type `{class}` is not of the form <family>.<size>"));
    }
    let attrs: BTreeMap<String, String> = [
        ("instanceType", class),
        ("operatingSystem", "Linux"),
        ("tenancy", "Shared"),
        ("preInstalledSw", "NA"),
        ("licenseModel", "No License required"),
        ("capacitystatus", "Used"),
        ("operation", "RunInstances"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    Ok(Rule::Product {
        family: "Compute Instance",
        attrs,
        ut: format!("BoxUsage:{class}"),
        unit: "Hrs",
    })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn linux_instances_map_anything_else_fails() {
        match rule("OnDemand Linux-instancetype-m7g.large") {
            Ok(Rule::Product { family, attrs, ut, unit }) => {
                assert_eq!(
                    (family, ut.as_str(), unit),
                    ("Compute Instance", "BoxUsage:m7g.large", "Hrs")
                );
                assert_eq!(attrs.get("operatingSystem").map(String::as_str), Some("Linux"));
                assert_eq!(attrs.get("tenancy").map(String::as_str), Some("Shared"));
            }
            _ => panic!("a Linux instance label maps to a product"),
        }
        assert!(rule("OnDemand Windows-instancetype-m7g.large").is_err());
        assert!(rule("OnDemand Linux-instancetype-m7g").is_err());
        assert!(rule("OnDemand Linux-instancetype-").is_err());
    }
}
