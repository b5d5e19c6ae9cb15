//! Import rules for `AmazonVPC` (feed file `vpc.json.gz`). Usage types carry the region prefix
//! in every region, us-east-1's `USE1-` included, as the Price List writes them for VPC; the
//! attributes are the hand table's, so `resources::eip`, `resources::lb` and
//! `resources::vpc_endpoint` resolve them.
//!
//! | label | family | attributes | usage type | unit |
//! |---|---|---|---|---|
//! | `Hourly charge for In use Public IPv4 Addresses per Hrs` | `IP Address` | group `VPCPublicIPv4Address` | `PublicIPv4:InUseAddress` | Hrs |
//! | `Hourly charge for Idle Public IPv4 Addresses per Hrs` | `IP Address` | group `VPCPublicIPv4Address` | `PublicIPv4:IdleAddress` | Hrs |
//! | `Hourly charge for VPC Endpoints per Hrs` | `VpcEndpoint` | endpointType `PrivateLink` | `VpcEndpoint-Hours` | Hrs |
//! | `Charge for per GB data processed by VPC Endpoints per GB from <begin> to <end>` | `VpcEndpoint` | endpointType `PrivateLink` | `VpcEndpoint-Bytes` | GB, tier `[begin, end)` (`Inf` open-ended) |
//!
//! Skipped, each with why ([`SKIPS`]): Gateway Load Balancer endpoints, contiguous IPv4 blocks, IPAM active IPs,
//! Transit Gateway, Site-to-Site and Client VPN, VPC Lattice, Verified Access, Traffic
//! Mirroring, Network Access and Reachability Analyzer: none is priced by costplan.

use std::collections::BTreeMap;

use super::Rule;

/// Label fragments skipped on purpose, with why.
const SKIPS: &[(&str, &str)] = &[
    ("Gateway Load Balancer VPC Endpoint", "Gateway Load Balancer endpoints are not priced"),
    ("contiguous block of IPv4", "contiguous IPv4 blocks are not priced"),
    ("Active IP Addresses", "IPAM active IP addresses are not priced"),
    ("Transit Gateway", "Transit Gateway is not priced"),
    ("CreateVpnConnection", "Site-to-Site VPN is not priced"),
    ("Client VPN", "Client VPN is not priced"),
    ("VPC Lattice", "VPC Lattice is not priced"),
    ("Verified Access", "Verified Access is not priced"),
    ("Traffic Mirroring", "Traffic Mirroring is not priced"),
    ("VPC Access Analyzer", "Network Access Analyzer is not priced"),
    ("VPC Reachability Analyzer", "Reachability Analyzer is not priced"),
];

/// Label of interface endpoint data processed, before its tier's range.
const ENDPOINT_DATA: &str = "Charge for per GB data processed by VPC Endpoints per GB from ";

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some(range) = label.strip_prefix(ENDPOINT_DATA) {
        let (begin, end) = range.split_once(" to ").ok_or("the tier has no ` to ` in its range")?;
        let begin = super::range_bound(begin)?.ok_or("a tier cannot begin at `Inf`")?;
        let mut attrs = BTreeMap::new();
        attrs.insert("endpointType".to_string(), "PrivateLink".to_string());
        return Ok(Rule::Tier {
            family: "VpcEndpoint",
            attrs,
            ut: "VpcEndpoint-Bytes".into(),
            unit: "GB",
            begin,
            end: super::range_bound(end)?,
            free_below: None,
        });
    }
    let (family, attr, ut) = match label {
        "Hourly charge for In use Public IPv4 Addresses per Hrs" => {
            ("IP Address", ("group", "VPCPublicIPv4Address"), "PublicIPv4:InUseAddress")
        }
        "Hourly charge for Idle Public IPv4 Addresses per Hrs" => {
            ("IP Address", ("group", "VPCPublicIPv4Address"), "PublicIPv4:IdleAddress")
        }
        "Hourly charge for VPC Endpoints per Hrs" => {
            ("VpcEndpoint", ("endpointType", "PrivateLink"), "VpcEndpoint-Hours")
        }
        _ => {
            return match SKIPS.iter().find(|(fragment, _)| label.contains(fragment)) {
                Some((_, why)) => Ok(Rule::Skip(why)),
                None => Err("no VPC import rule for this label".into()),
            };
        }
    };
    let mut attrs = BTreeMap::new();
    attrs.insert(attr.0.to_string(), attr.1.to_string());
    Ok(Rule::Product { family, attrs, ut: ut.to_string(), unit: "Hrs" })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn public_ipv4_and_endpoints_map_the_rest_is_skipped_or_fails() {
        assert!(matches!(
            rule("Hourly charge for In use Public IPv4 Addresses per Hrs"),
            Ok(Rule::Product { family: "IP Address", .. })
        ));
        assert!(matches!(
            rule("Hourly charge for Transit Gateway VPC Attachments per hour"),
            Ok(Rule::Skip(_))
        ));
        assert!(rule("Hourly charge for Quantum Tunnels per Hrs").is_err());
        assert!(matches!(
            rule("Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf"),
            Ok(Rule::Tier { family: "VpcEndpoint", end: None, .. })
        ));
    }
}
