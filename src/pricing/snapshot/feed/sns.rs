//! Import rules for `AmazonSNS` (feed file `sns.json.gz`). Usage types are costplan's spelling
//! of the Price List's (the feed has none; a refresh replaces them), region-prefixed outside
//! us-east-1.
//!
//! | label | family | usage type | unit |
//! |---|---|---|---|
//! | `Amazon SNS API Requests` | `API Request` | `Requests-Tier1` | Requests |
//! | `HTTP Notifications`, `HTTP 100000 to Inf` | `Message Delivery` | `DeliveryAttempts-HTTP` | Notifications |
//! | `SNS Email and Email JSON Notifications`, `SMTP 1000 to Inf`, `SMTP 0 to Inf` (GovCloud) | `Message Delivery` | `DeliveryAttempts-SMTP` | Notifications |
//! | `Amazon SQS Notifications` | `Message Delivery` | `DeliveryAttempts-SQS` | Notifications |
//! | `AWS Lambda Notifications` | `Message Delivery` | `DeliveryAttempts-LAMBDA` | Notifications |
//! | `Amazon Kinesis Data Firehose Messages` | `Message Delivery` | `DeliveryAttempts-FIREHOSE` | Notifications |
//! | `Amazon SNS FIFO API Requests per Requests` | `API Request` | `FIFO-Requests` | Requests |
//! | `SNS FIFO Publish Payload per GB` | `API Request` | `FIFO-Publish-Bytes` | GB |
//! | `Amazon SNS FIFO Subscription Messages per Messages` | `Message Delivery` | `FIFO-Delivery-Messages` | Messages |
//! | `Amazon SNS FIFO Subscription Messages Payload per GB` | `Message Delivery` | `FIFO-Delivery-Bytes` | GB |
//! | `Amazon SNS FIFO Topics Storage per GB month` | `Storage` | `FIFO-Archive-Storage` | GB-Mo |
//! | `Amazon SNS FIFO Topics Archive Processing per GB` | `Storage` | `FIFO-Archive-Processing` | GB |
//! | `Amazon SNS Standard Payload Scanned Filtered per GB` | `Message Delivery` | `Payload-Filtering-Bytes` | GB |
//! | `Amazon SNS Message Scanning per GB` | `Data Protection` | `DataProtection-Scanning` | GB |
//! | `Amazon SNS Audit Reporting per GB` | `Data Protection` | `DataProtection-Audit` | GB |
//!
//! Two labels for one product (`HTTP Notifications` and `HTTP 100000 to Inf`) must agree, or the
//! import fails. Skipped: the account's free tiers (`HTTP 0 to 100000`, `SMTP 0 to 1000`;
//! costplan applies account allowances with `--free-tier`); SMS (priced per message by
//! destination country and carrier, not in the feed, which lists $0); mobile push (platform
//! application endpoints: APNS, GCM/FCM, ADM, Baidu, MPNS, WNS, Passbook), not priced yet.

use std::collections::BTreeMap;

use super::Rule;

/// label → (family, usage type, unit).
const PRODUCTS: &[(&str, &str, &str, &str)] = &[
    ("Amazon SNS API Requests", "API Request", "Requests-Tier1", "Requests"),
    ("HTTP Notifications", "Message Delivery", "DeliveryAttempts-HTTP", "Notifications"),
    ("HTTP 100000 to Inf", "Message Delivery", "DeliveryAttempts-HTTP", "Notifications"),
    (
        "SNS Email and Email JSON Notifications",
        "Message Delivery",
        "DeliveryAttempts-SMTP",
        "Notifications",
    ),
    ("SMTP 1000 to Inf", "Message Delivery", "DeliveryAttempts-SMTP", "Notifications"),
    ("SMTP 0 to Inf", "Message Delivery", "DeliveryAttempts-SMTP", "Notifications"),
    ("Amazon SQS Notifications", "Message Delivery", "DeliveryAttempts-SQS", "Notifications"),
    ("AWS Lambda Notifications", "Message Delivery", "DeliveryAttempts-LAMBDA", "Notifications"),
    (
        "Amazon Kinesis Data Firehose Messages",
        "Message Delivery",
        "DeliveryAttempts-FIREHOSE",
        "Notifications",
    ),
    ("Amazon SNS FIFO API Requests per Requests", "API Request", "FIFO-Requests", "Requests"),
    ("SNS FIFO Publish Payload per GB", "API Request", "FIFO-Publish-Bytes", "GB"),
    (
        "Amazon SNS FIFO Subscription Messages per Messages",
        "Message Delivery",
        "FIFO-Delivery-Messages",
        "Messages",
    ),
    (
        "Amazon SNS FIFO Subscription Messages Payload per GB",
        "Message Delivery",
        "FIFO-Delivery-Bytes",
        "GB",
    ),
    ("Amazon SNS FIFO Topics Storage per GB month", "Storage", "FIFO-Archive-Storage", "GB-Mo"),
    (
        "Amazon SNS FIFO Topics Archive Processing per GB",
        "Storage",
        "FIFO-Archive-Processing",
        "GB",
    ),
    (
        "Amazon SNS Standard Payload Scanned Filtered per GB",
        "Message Delivery",
        "Payload-Filtering-Bytes",
        "GB",
    ),
    ("Amazon SNS Message Scanning per GB", "Data Protection", "DataProtection-Scanning", "GB"),
    ("Amazon SNS Audit Reporting per GB", "Data Protection", "DataProtection-Audit", "GB"),
];

/// Mobile push labels (platform application endpoints).
const MOBILE_PUSH: &[&str] = &[
    "Amazon Device Messaging Mobile Push Notifications",
    "Apple Passbook Notifications",
    "Apple Passbook Sandbox Notifications",
    "Apple Push Notification Service APNS Mac OS Notifications",
    "Apple Push Notification Service APNS Sandbox Mac OS Notifications",
    "Apple Push Notification Service APNS Sandbox iOS Notifications",
    "Apple Push Notification Service APNS VOIP Notifications",
    "Apple Push Notification Service APNS VOIP Sandbox Notifications",
    "Apple Push Notification Service APNS iOS Notifications",
    "Baidu Cloud Push Baidu Notifications",
    "Google Cloud Messaging for Android GCM Notifications",
    "Microsoft Push Notification Service for Windows Phone MPNS Notifications",
    "Windows Push Notification Services WNS Notifications",
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some((_, family, ut, unit)) = PRODUCTS.iter().find(|(l, ..)| *l == label) {
        return Ok(Rule::Product { family, attrs: BTreeMap::new(), ut: (*ut).into(), unit });
    }
    match label {
        "HTTP 0 to 100000" | "SMTP 0 to 1000" => Ok(Rule::Skip(
            "the account's free deliveries (first 100,000 HTTP, 1,000 email a month; free tier, \
             applied by --free-tier)",
        )),
        "SMS Notifications" => Ok(Rule::Skip(
            "SMS is priced per message by destination country and carrier (not in the feed)",
        )),
        l if MOBILE_PUSH.contains(&l) => {
            Ok(Rule::Skip("mobile push (platform application endpoints): not priced yet"))
        }
        _ => Err("no SNS import rule for this label".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn products_and_skips() {
        let Ok(Rule::Product { ut, .. }) = rule("HTTP 100000 to Inf") else { panic!() };
        assert_eq!(ut, "DeliveryAttempts-HTTP");
        assert!(matches!(rule("SMS Notifications"), Ok(Rule::Skip(_))));
        assert!(rule("Carrier Pigeon Notifications").is_err());
    }
}
