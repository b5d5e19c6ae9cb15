//! Import rules for `awswaf` (feed file `waf.json.gz`). Usage types carry the region prefix in
//! every region, us-east-1's `USE1-` included, as the Price List writes them for WAF; the
//! attributes are the hand table's, so `resources::wafv2_web_acl` resolves them.
//!
//! | label | family | group | usage type | unit |
//! |---|---|---|---|---|
//! | `WebACL per month`, `Web ACL Activated per Month` | `Web Application Firewall` | `Web ACL` | `WebACL` | WebACLs |
//! | `Rules added per WebACL per month`, `Rule Activated per Month` | `Web Application Firewall` | `Rule` | `Rule` | Rules |
//! | `Web Requests received per Request`, `Request Processed Tier1 per Request` | `Web Application Firewall` | `Request` | `Request` | Requests (per request) |
//!
//! The feed lists each of the three charges under two labels (two generations of the pricing
//! page); both map to the one product, so the import fails if they ever disagree.
//!
//! Skipped ([`SKIPS`]): managed rule groups (Bot Control, Fraud Control, ATP), CAPTCHA and
//! challenge, the request-inspection tiers above the default (larger WCU or body sizes): not
//! priced by costplan.

use std::collections::BTreeMap;

use super::Rule;

/// Label fragments skipped on purpose, with why.
const SKIPS: &[(&str, &str)] = &[
    ("AMR ", "managed rule groups (Bot Control, Fraud Control, ATP) are not priced"),
    ("Captcha", "CAPTCHA attempts are not priced by costplan"),
    ("Challenge", "challenges are not priced by costplan"),
    ("Request Processed Tier", "request inspection above the default WCU is not priced"),
    ("Requests Processed ", "request inspection of larger bodies is not priced"),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (ut, group, unit) = match label {
        "WebACL per month" | "Web ACL Activated per Month" => ("WebACL", "Web ACL", "WebACLs"),
        "Rules added per WebACL per month" | "Rule Activated per Month" => {
            ("Rule", "Rule", "Rules")
        }
        "Web Requests received per Request" | "Request Processed Tier1 per Request" => {
            ("Request", "Request", "Requests")
        }
        _ => {
            return match SKIPS.iter().find(|(fragment, _)| label.contains(fragment)) {
                Some((_, why)) => Ok(Rule::Skip(why)),
                None => Err("no WAF import rule for this label".into()),
            };
        }
    };
    let mut attrs = BTreeMap::new();
    attrs.insert("group".to_string(), group.to_string());
    Ok(Rule::Product { family: "Web Application Firewall", attrs, ut: ut.to_string(), unit })
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn both_label_generations_map_the_rest_is_skipped_or_fails() {
        assert!(matches!(rule("WebACL per month"), Ok(Rule::Product { .. })));
        assert!(matches!(rule("Web ACL Activated per Month"), Ok(Rule::Product { .. })));
        assert!(matches!(rule("AMR Bot Control Activated per Month"), Ok(Rule::Skip(_))));
        assert!(rule("Shield Advanced per Month").is_err());
    }
}
