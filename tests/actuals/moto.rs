//! Cost Explorer and Athena through the real SDK clients against moto (`moto_server`), with
//! results injected through moto's `/moto-api/static/...` endpoints. Skipped, with a message,
//! when COSTPLAN_TEST_MOTO_URL is not set, except under CI (`COSTPLAN_REQUIRE_MOTO=1`), where that
//! fails. Serialised: moto's result queues are global.

use std::io::{Read, Write};
use std::time::Duration;

use costplan::actuals::athena::{AthenaTarget, fetch as athena_fetch};
use costplan::actuals::cost_explorer::fetch as ce_fetch;
use costplan::actuals::{GroupKey, aggregate};
use rust_decimal_macros::dec;

use super::aws_errors::{athena_client, ce_client, query};

static MOTO: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The moto version these tests were written against: moto 5.2.6 answers 404 to the SDK's Athena
/// requests (.ci/moto-requirements.txt pins this one).
const MOTO_VERSION: &str = "5.2.5";

/// The moto server to test against, or None (the test returns after saying it was skipped) when
/// COSTPLAN_TEST_MOTO_URL is not set. Under CI (`COSTPLAN_REQUIRE_MOTO=1`) a missing server fails
/// the test instead, and so does a server whose version (COSTPLAN_TEST_MOTO_VERSION, which .ci/run
/// reads from the venv: moto's server does not report it) is not MOTO_VERSION.
fn moto_url(test: &str) -> Option<String> {
    let required = std::env::var("COSTPLAN_REQUIRE_MOTO").is_ok_and(|v| v == "1");
    let url = match std::env::var("COSTPLAN_TEST_MOTO_URL") {
        Ok(u) if !u.is_empty() => u.trim_end_matches('/').to_string(),
        _ if required => panic!(
            "{test}: COSTPLAN_REQUIRE_MOTO=1 but COSTPLAN_TEST_MOTO_URL is not set: start moto_server \
             {MOTO_VERSION} and set it (bash .ci/run does both)"
        ),
        _ => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "SKIPPED {test}: COSTPLAN_TEST_MOTO_URL is not set (start moto_server and set it, as .ci/run does)"
                );
            }
            return None;
        }
    };
    match std::env::var("COSTPLAN_TEST_MOTO_VERSION") {
        Ok(v) if v == MOTO_VERSION => {}
        Ok(v) => panic!(
            "{test}: moto {v} is running, these tests are written against moto {MOTO_VERSION} \
             (5.2.6 answers 404 to Athena's StartQueryExecution); install .ci/moto-requirements.txt"
        ),
        Err(_) if required => panic!(
            "{test}: COSTPLAN_REQUIRE_MOTO=1 but COSTPLAN_TEST_MOTO_VERSION is not set: set it to the \
             version of the moto server at {url} ({MOTO_VERSION} expected)"
        ),
        Err(_) => {}
    }
    if required && std::net::TcpStream::connect(url.trim_start_matches("http://")).is_err() {
        panic!("{test}: COSTPLAN_REQUIRE_MOTO=1 but no moto server answers at {url}");
    }
    Some(url)
}

/// Minimal HTTP POST (no client library needed for two moto-api calls).
fn post(base: &str, path: &str, body: &str) -> u16 {
    let hostport = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(hostport).expect("moto reachable");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    resp.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn reset(base: &str) {
    assert_eq!(post(base, "/moto-api/reset", ""), 200);
}

#[tokio::test]
async fn cost_explorer_pages_are_followed_and_counted() {
    let Some(base) = moto_url("cost_explorer_pages_are_followed_and_counted") else { return };
    let _guard = MOTO.lock().await;
    reset(&base);
    let group = |svc: &str, ut: &str, amount: &str| {
        format!(
            r#"{{"Keys":["{svc}","{ut}"],"Metrics":{{"UnblendedCost":{{"Amount":"{amount}","Unit":"USD"}},"UsageQuantity":{{"Amount":"730","Unit":"Hrs"}}}}}}"#
        )
    };
    let page1 = format!(
        r#"{{"ResultsByTime":[{{"TimePeriod":{{"Start":"2026-10-01","End":"2026-11-01"}},"Total":{{}},"Groups":[{},{}],"Estimated":true}}],"NextPageToken":"page-2","DimensionValueAttributes":[]}}"#,
        group("EC2 - Other", "EU-NatGateway-Hours", "32.85"),
        group("Amazon Relational Database Service", "EU-InstanceUsage:db.t4g.micro", "12.41"),
    );
    let page2 = format!(
        r#"{{"ResultsByTime":[{{"TimePeriod":{{"Start":"2026-10-01","End":"2026-11-01"}},"Total":{{}},"Groups":[{}],"Estimated":true}}],"DimensionValueAttributes":[]}}"#,
        group("EC2 - Other", "EU-NatGateway-Bytes", "0.45"),
    );
    let body = format!(r#"{{"results":[{page1},{page2}]}}"#);
    assert_eq!(post(&base, "/moto-api/static/ce/cost-and-usage-results", &body), 201);

    let q = query(vec![GroupKey::Service, GroupKey::UsageType]);
    let out = ce_fetch(&ce_client(&base), &q).await.unwrap();
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("$0.01 per GetCostAndUsage request: 2 request(s) made ($0.02)")),
        "{:?}",
        out.notes
    );
    assert!(out.warnings.iter().any(|w| w.contains("2026-10 as estimated")), "{:?}", out.warnings);
    let agg = aggregate("Cost Explorer", out, &q);
    assert_eq!(agg.totals["USD"], dec!(45.71));
    // Cost Explorer's `EC2 - Other` is shown under the registry's one name for AmazonEC2.
    assert_eq!(agg.rows[0].keys, vec!["Amazon EC2", "NatGateway-Hours"]);
    assert!(agg.rows[0].estimated);
    assert_eq!(agg.rows[0].usage_quantity, Some(dec!(730)));
}

#[tokio::test]
async fn cost_explorer_tag_groups_split_key_and_value() {
    let Some(base) = moto_url("cost_explorer_tag_groups_split_key_and_value") else { return };
    let _guard = MOTO.lock().await;
    reset(&base);
    let body = r#"{"results":[{"ResultsByTime":[{"TimePeriod":{"Start":"2026-10-01","End":"2026-11-01"},"Total":{},"Groups":[
        {"Keys":["Team$payments"],"Metrics":{"UnblendedCost":{"Amount":"10.5","Unit":"USD"}}},
        {"Keys":["Team$"],"Metrics":{"UnblendedCost":{"Amount":"2","Unit":"USD"}}}],"Estimated":false}],"DimensionValueAttributes":[]}]}"#;
    assert_eq!(post(&base, "/moto-api/static/ce/cost-and-usage-results", body), 201);
    let q = query(vec![GroupKey::Tag("Team".into())]);
    let out = ce_fetch(&ce_client(&base), &q).await.unwrap();
    let agg = aggregate("Cost Explorer", out, &q);
    let rows: Vec<(String, rust_decimal::Decimal)> =
        agg.rows.iter().map(|r| (r.keys[0].clone(), r.cost)).collect();
    assert_eq!(
        rows,
        vec![("payments".to_string(), dec!(10.5)), ("(untagged)".to_string(), dec!(2))]
    );
}

#[tokio::test]
async fn athena_aggregation_runs_and_parses_rows() {
    let Some(base) = moto_url("athena_aggregation_runs_and_parses_rows") else { return };
    let _guard = MOTO.lock().await;
    reset(&base);
    let cell = |v: &str| format!(r#"{{"VarCharValue":"{v}"}}"#);
    let row = |cells: &[&str]| {
        format!(r#"{{"Data":[{}]}}"#, cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","))
    };
    let rows = [
        row(&["period", "currency", "k0", "cost"]),
        row(&["2026-10", "USD", "AmazonRDS", "12.4100000000"]),
        row(&["2026-10", "USD", "AmazonEC2", "33.3000000000"]),
    ];
    let body = format!(
        r#"{{"results":[{{"rows":[{}],"column_info":[]}}],"region":"us-east-1"}}"#,
        rows.join(",")
    );
    assert_eq!(post(&base, "/moto-api/static/athena/query-results", &body), 201);
    let target = AthenaTarget {
        database: "cur".into(),
        table: "data".into(),
        catalog: None,
        workgroup: Some("primary".into()),
        output_location: Some("s3://athena-results/".into()),
        timeout: Duration::from_secs(30),
    };
    let q = query(vec![GroupKey::Service]);
    let out = athena_fetch(&athena_client(&base), &target, &q).await.unwrap();
    assert!(out.notes.iter().any(|n| n.contains("1 result page(s)")), "{:?}", out.notes);
    let agg = aggregate("Athena", out, &q);
    assert_eq!(agg.totals["USD"], dec!(45.71));
    // CUR's `AmazonEC2` is shown under the registry's one name.
    assert_eq!(agg.rows[0].keys, vec!["Amazon EC2"]);
}
