//! Regions as the Price List names them: the usage-type prefix (`USE1`, `EU`, `APS1` ...) and
//! the `location` name (`EU (Ireland)`, not `Europe (Ireland)`).

/// (region code, usage-type prefix, Price List location name).
const REGIONS: &[(&str, &str, &str)] = &[
    ("us-east-1", "USE1", "US East (N. Virginia)"),
    ("us-east-2", "USE2", "US East (Ohio)"),
    ("us-west-1", "USW1", "US West (N. California)"),
    ("us-west-2", "USW2", "US West (Oregon)"),
    ("eu-west-1", "EU", "EU (Ireland)"),
    ("eu-west-2", "EUW2", "EU (London)"),
    ("eu-west-3", "EUW3", "EU (Paris)"),
    ("eu-central-1", "EUC1", "EU (Frankfurt)"),
    ("eu-north-1", "EUN1", "EU (Stockholm)"),
    ("ap-southeast-1", "APS1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "APS2", "Asia Pacific (Sydney)"),
    ("ap-south-1", "APS3", "Asia Pacific (Mumbai)"),
    ("ap-northeast-1", "APN1", "Asia Pacific (Tokyo)"),
    ("ca-central-1", "CAN1", "Canada (Central)"),
    ("sa-east-1", "SAE1", "South America (Sao Paulo)"),
];

/// Usage-type prefix of a region (`EU` for eu-west-1), if known.
pub fn prefix(region: &str) -> Option<&'static str> {
    REGIONS.iter().find(|r| r.0 == region).map(|r| r.1)
}

/// Price List `location` of a region, if known.
pub fn location(region: &str) -> Option<&'static str> {
    REGIONS.iter().find(|r| r.0 == region).map(|r| r.2)
}

/// The usage type without its region prefix: `USE1-NatGateway-Hours` → `NatGateway-Hours`,
/// `EU-InstanceUsage:db.t3.micro` → `InstanceUsage:db.t3.micro`, `us-east-1-KMS-Keys` →
/// `KMS-Keys`. Only the region's own prefix (or its region code, as KMS writes it) is removed,
/// so `TS-LoadBalancerUsage` and `RegionalNatGateway-Hours` keep their distinguishing head. For
/// a region missing from the table, a generic `XXX9-` prefix is removed.
pub fn strip_prefix<'a>(region: &str, usage_type: &'a str) -> &'a str {
    strip_prefix_with(prefix(region), region, usage_type)
}

/// [`strip_prefix`] with the region's prefix already looked up (hot path of the index).
pub fn strip_prefix_with<'a>(prefix: Option<&str>, region: &str, usage_type: &'a str) -> &'a str {
    if let Some(p) = prefix {
        if let Some(rest) = usage_type.strip_prefix(p).and_then(|r| r.strip_prefix('-')) {
            return rest;
        }
    } else if let Some((head, rest)) = usage_type.split_once('-') {
        let generic = (3..=5).contains(&head.len())
            && head.ends_with(|c: char| c.is_ascii_digit())
            && head[..head.len() - 1].bytes().all(|b| b.is_ascii_uppercase());
        if generic {
            return rest;
        }
    }
    if let Some(rest) = usage_type.strip_prefix(region).and_then(|r| r.strip_prefix('-')) {
        return rest;
    }
    usage_type
}

#[cfg(test)]
mod tests {
    use super::strip_prefix;

    #[test]
    fn strips_only_the_region_prefix() {
        assert_eq!(strip_prefix("us-east-1", "USE1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("us-east-1", "NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("eu-west-1", "EU-LCUUsage"), "LCUUsage");
        assert_eq!(strip_prefix("eu-west-1", "TS-LoadBalancerUsage"), "TS-LoadBalancerUsage");
        assert_eq!(strip_prefix("us-east-1", "us-east-1-KMS-Keys"), "KMS-Keys");
        assert_eq!(strip_prefix("me-south-1", "MES1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("me-south-1", "TS-LoadBalancerUsage"), "TS-LoadBalancerUsage");
    }
}
