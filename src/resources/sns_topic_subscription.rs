//! `aws_sns_topic_subscription`: deliveries to the endpoint, priced by `protocol`, each
//! metered in 64 KB chunks of payload:
//!
//! | protocol | priced as | free tier (`--free-tier`) |
//! |---|---|---|
//! | `http`, `https` | HTTP/S deliveries | first 100,000 a month |
//! | `email`, `email-json` | email deliveries | first 1,000 a month |
//! | `sqs`, `lambda` | free: the feed's rate is $0 (the queue and the function bill their side) | |
//! | `firehose` | Kinesis Data Firehose deliveries | |
//! | `sms`, `application` | not priced: SMS is billed per message by destination country and mobile push is not imported, so the component says "price not found" | |
//!
//! Usage keys (Infracost's): `monthly_requests` (deliveries a month), `request_size_kb`.
//! Without `monthly_requests` the subscription is free (it has no charge by itself), as the
//! topic is; its deliveries are priced once the usage gives them.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, ResourceType, attr_str,
    million_requests_in_chunks,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    DELIVERIES = "sns.deliveries",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_sns_topic_subscription",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

/// protocol → (name, usage type, free-tier pool).
fn by_protocol(protocol: &str) -> Option<(&'static str, &'static str, Option<FreeTierPool>)> {
    Some(match protocol {
        "http" | "https" => {
            ("HTTP/S deliveries", "DeliveryAttempts-HTTP", Some(FreeTierPool::SnsHttpDeliveries))
        }
        "email" | "email-json" => {
            ("Email deliveries", "DeliveryAttempts-SMTP", Some(FreeTierPool::SnsEmailDeliveries))
        }
        "firehose" => ("Firehose deliveries", "DeliveryAttempts-FIREHOSE", None),
        // Not in the snapshot (see the module doc): the query says "price not found".
        "sms" => (
            "SMS deliveries (not priced: billed by destination country)",
            "DeliveryAttempts-SMS",
            None,
        ),
        "application" => {
            ("Mobile push deliveries (not priced yet)", "DeliveryAttempts-MobilePush", None)
        }
        _ => return None,
    })
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let Some(protocol) = attr_str(inst, "protocol") else {
        return Priced::invalid(
            inst,
            "`protocol` is not known (one of http, https, email, email-json, sqs, lambda, \
             firehose, sms, application)",
        );
    };
    if matches!(protocol, "sqs" | "lambda") {
        return Mapping::Free(format!(
            "SNS deliveries to {protocol} have no charge (the feed's `Amazon SQS Notifications` / \
             `AWS Lambda Notifications` rate is $0); the queue or function bills its side"
        ));
    }
    let Some((name, ut, pool)) = by_protocol(protocol) else {
        return Priced::invalid(
            inst,
            &format!(
                "`protocol` `{protocol}` is not one SNS offers (http, https, email, email-json, \
                 sqs, lambda, firehose, sms, application)"
            ),
        );
    };
    if ctx.usage.get(&inst.address, "monthly_requests").is_none() {
        return Mapping::Free(format!(
            "a subscription has no charge by itself; its {protocol} deliveries are priced when \
             `monthly_requests` is given (usage file or scenario)"
        ));
    }
    let million = Decimal::from(1_000_000);
    let mut spec = ComponentSpec::new(
        DELIVERIES,
        name,
        "1M notifications",
        million_requests_in_chunks(inst, ctx, 64),
        PriceQuery::new("AmazonSNS", &ctx.region).usage_type(ut),
    )
    .multiplier(million);
    if let Some(pool) = pool {
        spec = spec.free_tier(pool);
    }
    Mapping::Priced(Priced::new(vec![spec]))
}
