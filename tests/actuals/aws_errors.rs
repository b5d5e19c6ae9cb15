//! Error responses the real SDK clients must turn into clear messages: Cost Explorer
//! AccessDenied / DataUnavailableException and an Athena query that fails. moto cannot produce
//! these, so a small local HTTP server (the one the pricing refresh tests use) answers in the
//! AWS JSON protocol.

use std::time::Duration;

use costplan::actuals::athena::{AthenaTarget, fetch as athena_fetch};
use costplan::actuals::cost_explorer::fetch as ce_fetch;
use costplan::actuals::{Basis, DateRange, Granularity, GroupKey, Query};

use crate::http::{Request, Response};

pub fn ce_client(url: &str) -> aws_sdk_costexplorer::Client {
    use aws_sdk_costexplorer::config::{BehaviorVersion, Credentials, Region, retry::RetryConfig};
    let conf = aws_sdk_costexplorer::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_costexplorer::Client::from_conf(conf)
}

pub fn athena_client(url: &str) -> aws_sdk_athena::Client {
    use aws_sdk_athena::config::{BehaviorVersion, Credentials, Region, retry::RetryConfig};
    let conf = aws_sdk_athena::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_athena::Client::from_conf(conf)
}

pub fn query(group_by: Vec<GroupKey>) -> Query {
    Query {
        range: DateRange::month("2026-10").unwrap(),
        granularity: Granularity::Monthly,
        group_by,
        filters: vec![],
        basis: Basis::Invoice,
        include_credits: false,
    }
}

/// Serves canned answers keyed by the `X-Amz-Target` operation name; returns the base URL.
/// The server lives as long as the test process, so a slow client on a loaded machine still
/// finds it.
fn serve(answers: Vec<(&'static str, u16, String)>) -> String {
    crate::http::serve(move |req: Request| {
        let target = req.header("X-Amz-Target").unwrap_or_default();
        let (status, body) = answers
            .iter()
            .find(|(op, _, _)| target.ends_with(op))
            .map(|(_, s, b)| (*s, b.clone()))
            .unwrap_or((404, "{}".into()));
        Response::new(status, "application/x-amz-json-1.1", body)
    })
}

/// The Athena table `cur.data` with results in `s3://results/`; the timeout is generous: only a
/// hang would use it.
fn results_target() -> AthenaTarget {
    AthenaTarget {
        database: "cur".into(),
        table: "data".into(),
        catalog: None,
        workgroup: None,
        output_location: Some("s3://results/".into()),
        timeout: Duration::from_secs(600),
    }
}

#[tokio::test]
async fn cost_explorer_data_unavailable_is_explained() {
    let url = serve(vec![(
        "GetCostAndUsage",
        400,
        r#"{"__type":"DataUnavailableException","Message":"Data is not available. Please try to adjust the time period."}"#.into(),
    )]);
    let err =
        ce_fetch(&ce_client(&url), &query(vec![GroupKey::Service])).await.unwrap_err().to_string();
    assert!(err.contains("DataUnavailableException: Data is not available"), "{err}");
    assert!(err.contains("Cost Explorer must be enabled"), "{err}");
}

#[tokio::test]
async fn cost_explorer_access_denied_names_the_permission() {
    let url = serve(vec![(
        "GetCostAndUsage",
        400,
        r#"{"__type":"AccessDeniedException","Message":"User: arn:aws:iam::1:user/x is not authorized to perform: ce:GetCostAndUsage"}"#.into(),
    )]);
    let err =
        ce_fetch(&ce_client(&url), &query(vec![GroupKey::Service])).await.unwrap_err().to_string();
    assert!(err.contains("access denied (AccessDeniedException"), "{err}");
    assert!(err.contains("`ce:GetCostAndUsage`"), "{err}");
}

#[tokio::test]
async fn cost_explorer_cannot_group_by_resource_or_list_basis() {
    let client = ce_client("http://127.0.0.1:9");
    let err = ce_fetch(&client, &query(vec![GroupKey::Resource])).await.unwrap_err().to_string();
    assert!(err.contains("cannot group by resource"), "{err}");
    let mut q = query(vec![]);
    q.basis = Basis::List;
    let err = ce_fetch(&client, &q).await.unwrap_err().to_string();
    assert!(err.contains("no list (public on-demand) cost"), "{err}");
}

#[tokio::test]
async fn athena_failed_query_shows_its_reason() {
    let url = serve(vec![
        ("StartQueryExecution", 200, r#"{"QueryExecutionId":"q-1"}"#.into()),
        (
            "GetQueryExecution",
            200,
            r#"{"QueryExecution":{"QueryExecutionId":"q-1","Status":{"State":"FAILED","StateChangeReason":"TABLE_NOT_FOUND: line 3:6: Table 'awsdatacatalog.cur.data' does not exist"}}}"#.into(),
        ),
    ]);
    let target = results_target();
    let err = athena_fetch(&athena_client(&url), &target, &query(vec![GroupKey::Service]))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("query q-1 failed: TABLE_NOT_FOUND"), "{err}");
}

/// Athena result pagination: moto's GetQueryResults ignores `MaxResults`/`NextToken` (it returns
/// every injected row at once), so the local server pages: the first answer carries a
/// `NextToken`, the second (asked for with that token) the rest.
#[tokio::test]
async fn athena_result_pages_are_followed() {
    let row = |cells: &[&str]| {
        let data: Vec<String> =
            cells.iter().map(|c| format!(r#"{{"VarCharValue":"{c}"}}"#)).collect();
        format!(r#"{{"Data":[{}]}}"#, data.join(","))
    };
    let page1 = format!(
        r#"{{"ResultSet":{{"Rows":[{},{}]}},"NextToken":"page-2"}}"#,
        row(&["period", "currency", "k0", "cost"]),
        row(&["2026-10", "USD", "AmazonRDS", "12.4100000000"])
    );
    let page2 = format!(
        r#"{{"ResultSet":{{"Rows":[{},{}]}}}}"#,
        row(&["2026-10", "USD", "AmazonEC2", "33.3000000000"]),
        row(&["2026-10", "USD", "AWSELB", "0.0100000000"])
    );
    let url = crate::http::serve(move |req: Request| {
        let target = req.header("X-Amz-Target").unwrap_or_default().to_string();
        let body = String::from_utf8_lossy(&req.body).into_owned();
        let answer = if target.ends_with("StartQueryExecution") {
            r#"{"QueryExecutionId":"q-2"}"#.to_string()
        } else if target.ends_with("GetQueryExecution") {
            r#"{"QueryExecution":{"QueryExecutionId":"q-2","Status":{"State":"SUCCEEDED"}}}"#
                .to_string()
        } else if target.ends_with("GetQueryResults") && body.contains("page-2") {
            page2.clone()
        } else if target.ends_with("GetQueryResults") {
            page1.clone()
        } else {
            "{}".to_string()
        };
        Response::new(200, "application/x-amz-json-1.1", answer)
    });
    let target = results_target();
    let q = query(vec![GroupKey::Service]);
    let out = athena_fetch(&athena_client(&url), &target, &q).await.unwrap();
    assert!(out.notes.iter().any(|n| n.contains("2 result page(s)")), "{:?}", out.notes);
    let agg = costplan::actuals::aggregate("Athena", out, &q);
    assert_eq!(agg.rows.len(), 3);
    assert_eq!(agg.totals["USD"], rust_decimal_macros::dec!(45.72));
}

/// `costplan actuals` with no AWS or Terraform settings from the developer's environment, static
/// test credentials, a temporary HOME and no user pricing cache (as the refresh tests run it).
fn costplan_cli(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("AWS_") || k.starts_with("COSTPLAN_") || k.starts_with("TF_") {
            cmd.env_remove(&k);
        }
    }
    cmd.env("HOME", home)
        .env("AWS_CONFIG_FILE", "/nonexistent/costplan-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/costplan-test/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "AKIDCOSTPLANTEST")
        .env("AWS_SECRET_ACCESS_KEY", "costplan-test-secret")
        .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache");
    cmd
}

/// An endpoint that accepts the connection and never answers: the call fails after
/// `--request-timeout` (one attempt here) instead of hanging.
#[test]
fn cost_explorer_that_never_answers_times_out() {
    let url = crate::http::never_answers();
    let home = tempfile::tempdir().unwrap();
    let out = costplan_cli(home.path())
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["actuals", "--from", "cost-explorer", "--month", "2026-10"])
        .args(["--endpoint-url", &url, "--request-timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("GetCostAndUsage: no answer within the time allowed"), "{err}");
    assert!(err.contains("--request-timeout"), "{err}");
}

#[test]
fn athena_that_never_answers_times_out() {
    let url = crate::http::never_answers();
    let home = tempfile::tempdir().unwrap();
    let out = costplan_cli(home.path())
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["actuals", "--from", "athena", "--month", "2026-10", "--aws-region", "us-east-1"])
        .args(["--database", "cur", "--table", "data", "--output-location", "s3://results/"])
        .args(["--endpoint-url", &url, "--request-timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("StartQueryExecution: no answer within the time allowed"), "{err}");
}

#[tokio::test]
async fn cost_explorer_throttling_says_to_wait() {
    let url = serve(vec![(
        "GetCostAndUsage",
        400,
        r#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#.into(),
    )]);
    let err =
        ce_fetch(&ce_client(&url), &query(vec![GroupKey::Service])).await.unwrap_err().to_string();
    assert!(err.contains("throttled by AWS (ThrottlingException)"), "{err}");
    assert!(err.contains("wait a minute and run again"), "{err}");
}

#[tokio::test]
async fn athena_access_denied_names_the_permissions() {
    let url = serve(vec![(
        "StartQueryExecution",
        400,
        r#"{"__type":"AccessDeniedException","Message":"not authorized"}"#.into(),
    )]);
    let target = results_target();
    let err = athena_fetch(&athena_client(&url), &target, &query(vec![GroupKey::Service]))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("access denied (AccessDeniedException: not authorized)"), "{err}");
    assert!(err.contains("athena:StartQueryExecution"), "{err}");
}

/// The error of a failed AWS call is one short line with the cause and what to do, never the
/// SDK's debug dump (which `-v` adds).
#[track_caller]
fn short_aws_error(err: &str, cause: &str) {
    assert!(err.contains(cause), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.len() < 600, "{} bytes: {err}", err.len());
    assert!(!err.contains("DispatchFailure") && !err.contains("source:"), "{err}");
}

#[test]
fn missing_credentials_say_how_to_configure_them() {
    let home = tempfile::tempdir().unwrap();
    let out = costplan_cli(home.path())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["actuals", "--from", "cost-explorer", "--month", "2026-10"])
        .args(["--endpoint-url", "http://127.0.0.1:9", "--connect-timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    short_aws_error(&err, "no AWS credentials found; configure them");
}

#[test]
fn an_unreachable_endpoint_says_what_to_check() {
    // A port nothing listens on: the connection is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let home = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let out = costplan_cli(home.path())
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["actuals", "--from", "cost-explorer", "--month", "2026-10"])
        .args(["--endpoint-url", &url, "--connect-timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    short_aws_error(&err, "the AWS endpoint could not be reached");
    // -v adds the SDK's detail.
    let out = costplan_cli(home.path())
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["-v", "actuals", "--from", "cost-explorer", "--month", "2026-10"])
        .args(["--endpoint-url", &url, "--connect-timeout", "2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[detail: "), "{err}");
}
