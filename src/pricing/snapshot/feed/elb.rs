//! Import rules for `AWSELB` (feed file `elb.json.gz`). Labels → product family, `operation`
//! and usage type as the Price List writes them (`USE1-LoadBalancerUsage`; us-east-1 has no
//! prefix), the same attributes as the hand table's rule, so `resources::lb` resolves them.
//!
//! | label | family | operation | usage type | unit |
//! |---|---|---|---|---|
//! | `Application Load Balancer Hours` | `Load Balancer-Application` | `LoadBalancing:Application` | `LoadBalancerUsage` | Hrs |
//! | `Application Load Balancer LCU Hours` | `Load Balancer-Application` | `LoadBalancing:Application` | `LCUUsage` | LCU-Hrs |
//! | `Network Load Balancer Hours` | `Load Balancer-Network` | `LoadBalancing:Network` | `LoadBalancerUsage` | Hrs |
//! | `Network Load Balancer LCU Hours` | `Load Balancer-Network` | `LoadBalancing:Network` | `LCUUsage` | NLCU-Hrs |
//! | `Gateway Load Balancer Hours` | `Load Balancer-Gateway` | `LoadBalancing:Gateway` | `LoadBalancerUsage` | Hrs |
//! | `Gateway Load Balancer LCU Hours` | `Load Balancer-Gateway` | `LoadBalancing:Gateway` | `LCUUsage` | GLCU-Hrs |
//! | `Classic Load Balancer Hours` | `Load Balancer` | `LoadBalancing` | `LoadBalancerUsage` | Hrs |
//! | `Classic Load Balancer Data` | `Load Balancer` | `LoadBalancing` | `DataProcessing-Bytes` | GB |
//!
//! Skipped, with why: `... Idle Hours` (ALB/CLB idle-hour rates of a few regions, not a
//! separate charge costplan models), `AWS Outposts ...` (Outposts rack load balancers),
//! `TS Application Load Balancer Hours` (ALB trust-store hours, mTLS, not priced by costplan),
//! `Application Load Balancer ReservedLCU-Hr` (LCU reservations, not priced by costplan).

use std::collections::BTreeMap;

use super::Rule;

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if label.ends_with(" Idle Hours") {
        return Ok(Rule::Skip("load balancer idle hours are not priced by costplan"));
    }
    if label.starts_with("AWS Outposts ") {
        return Ok(Rule::Skip("Outposts load balancers are not priced by costplan"));
    }
    if label == "TS Application Load Balancer Hours" {
        return Ok(Rule::Skip("ALB trust-store (mTLS) hours are not priced by costplan"));
    }
    if label == "Application Load Balancer ReservedLCU-Hr" {
        return Ok(Rule::Skip("ALB LCU reservations are not priced by costplan"));
    }
    let (family, op, ut, unit) = match label {
        "Application Load Balancer Hours" => {
            ("Load Balancer-Application", "LoadBalancing:Application", "LoadBalancerUsage", "Hrs")
        }
        "Application Load Balancer LCU Hours" => {
            ("Load Balancer-Application", "LoadBalancing:Application", "LCUUsage", "LCU-Hrs")
        }
        "Network Load Balancer Hours" => {
            ("Load Balancer-Network", "LoadBalancing:Network", "LoadBalancerUsage", "Hrs")
        }
        "Network Load Balancer LCU Hours" => {
            ("Load Balancer-Network", "LoadBalancing:Network", "LCUUsage", "NLCU-Hrs")
        }
        "Gateway Load Balancer Hours" => {
            ("Load Balancer-Gateway", "LoadBalancing:Gateway", "LoadBalancerUsage", "Hrs")
        }
        "Gateway Load Balancer LCU Hours" => {
            ("Load Balancer-Gateway", "LoadBalancing:Gateway", "LCUUsage", "GLCU-Hrs")
        }
        "Classic Load Balancer Hours" => {
            ("Load Balancer", "LoadBalancing", "LoadBalancerUsage", "Hrs")
        }
        "Classic Load Balancer Data" => {
            ("Load Balancer", "LoadBalancing", "DataProcessing-Bytes", "GB")
        }
        _ => return Err("no ELB import rule for this label".into()),
    };
    let mut attrs = BTreeMap::new();
    attrs.insert("operation".to_string(), op.to_string());
    Ok(Rule::Product { family, attrs, ut: ut.to_string(), unit })
}
