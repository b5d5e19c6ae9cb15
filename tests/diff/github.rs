//! `costplan comment github` against a local server that implements the GitHub REST endpoints
//! it uses: list issue comments (two per page, `Link: rel="next"` with absolute URLs), create,
//! update, delete; 401 for a bad token, 404 for another repository, 422 and 403 rate limits
//! injected on demand.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::common::{costplan, tempdir, write};
use super::http::{Request, Response, serve};

const TOKEN: &str = "test-token";
const MARKER: &str = "<!-- costplan-comment -->";

#[derive(Debug, Clone)]
struct Stored {
    id: u64,
    body: String,
}

#[derive(Debug, Default)]
struct State {
    comments: Vec<Stored>,
    next_id: u64,
    /// `METHOD path` of every request.
    log: Vec<String>,
    /// The next N requests get a 403 rate limit with `retry-after: 1`.
    rate_limit_next: usize,
    /// Every request gets a 403 primary rate limit with a reset an hour away.
    rate_limit_hour: bool,
    /// The next N requests get a 502.
    server_error_next: usize,
    /// Creating a comment answers 422.
    refuse_create: bool,
    /// Creating a comment answers 403 without a rate limit (a read-only token).
    forbid_create: bool,
}

struct GitHub {
    url: String,
    state: Arc<Mutex<State>>,
}

fn comment_json(base: &str, c: &Stored) -> Value {
    json!({
        "id": c.id,
        "body": c.body,
        "html_url": format!("{base}/acme/infra/pull/7#issuecomment-{}", c.id),
        "user": {"login": "github-actions[bot]"},
    })
}

impl GitHub {
    fn start(comments: &[&str]) -> GitHub {
        let state = Arc::new(Mutex::new(State { next_id: 100, ..State::default() }));
        {
            let mut s = state.lock().expect("state");
            for body in comments {
                let id = s.next_id;
                s.next_id += 1;
                s.comments.push(Stored { id, body: (*body).to_string() });
            }
        }
        let shared = state.clone();
        let url = serve(move |req: Request| handle(&shared, req));
        GitHub { url, state }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("state")
    }

    fn comment(&self, args: &[&str], markdown: &str) -> super::common::Run {
        let tmp = tempdir();
        let file = tmp.path().join("comment.md");
        write(&file, markdown);
        let path = file.display().to_string();
        let mut all = vec![
            "comment",
            "github",
            "--repo",
            "acme/infra",
            "--pr",
            "7",
            "--path-to-markdown",
            &path,
        ];
        all.extend(args);
        costplan(&all, None, &[("GITHUB_TOKEN", TOKEN), ("GITHUB_API_URL", &self.url)])
    }
}

fn handle(state: &Mutex<State>, req: Request) -> Response {
    let mut s = state.lock().expect("state");
    s.log.push(format!("{} {}", req.method, req.path));
    let host = req.header("host").unwrap_or("127.0.0.1").to_string();
    let base = format!("http://{host}");
    let json_response =
        |status: u16, v: Value| Response::new(status, "application/json", v.to_string());
    if req.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
        return json_response(
            401,
            json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}),
        );
    }
    if s.rate_limit_hour {
        let reset = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + 3600;
        return json_response(403, json!({"message": "API rate limit exceeded"}))
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", &reset.to_string());
    }
    if s.rate_limit_next > 0 {
        s.rate_limit_next -= 1;
        return json_response(403, json!({"message": "You have exceeded a secondary rate limit"}))
            .header("retry-after", "1");
    }
    if s.server_error_next > 0 {
        s.server_error_next -= 1;
        return Response::new(502, "text/html", "<html>Bad gateway</html>");
    }
    let (path, query) = req.path.split_once('?').unwrap_or((req.path.as_str(), ""));
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    match (req.method.as_str(), path) {
        ("GET", "/repos/acme/infra/issues/7/comments") => {
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let per = 2;
            let items: Vec<Value> = s
                .comments
                .iter()
                .skip((page - 1) * per)
                .take(per)
                .map(|c| comment_json(&base, c))
                .collect();
            let mut resp = json_response(200, Value::Array(items));
            if page * per < s.comments.len() {
                resp = resp.header(
                    "link",
                    &format!(
                        "<{base}/repos/acme/infra/issues/7/comments?per_page=100&page={}>; rel=\"next\", <{base}/repos/acme/infra/issues/7/comments?per_page=100&page=99>; rel=\"last\"",
                        page + 1
                    ),
                );
            }
            resp
        }
        ("POST", "/repos/acme/infra/issues/7/comments") => {
            if s.forbid_create {
                return json_response(
                    403,
                    json!({"message": "Resource not accessible by integration"}),
                );
            }
            if s.refuse_create {
                return json_response(
                    422,
                    json!({"message": "Validation Failed", "errors": [{"resource": "IssueComment", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"}]}),
                );
            }
            let id = s.next_id;
            s.next_id += 1;
            let c = Stored { id, body: body["body"].as_str().unwrap_or_default().to_string() };
            s.comments.push(c.clone());
            json_response(201, comment_json(&base, &c))
        }
        (method, p) if p.starts_with("/repos/acme/infra/issues/comments/") => {
            let id: u64 = p.rsplit('/').next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let Some(i) = s.comments.iter().position(|c| c.id == id) else {
                return json_response(404, json!({"message": "Not Found"}));
            };
            match method {
                "PATCH" => {
                    s.comments[i].body = body["body"].as_str().unwrap_or_default().to_string();
                    json_response(200, comment_json(&base, &s.comments[i]))
                }
                "DELETE" => {
                    s.comments.remove(i);
                    Response::new(204, "application/json", "")
                }
                _ => json_response(404, json!({"message": "Not Found"})),
            }
        }
        _ => json_response(
            404,
            json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
        ),
    }
}

/// Five comments (three pages): two of costplan's among other people's.
fn busy_thread() -> GitHub {
    GitHub::start(&[
        "LGTM",
        &format!("{MARKER}\nold cost comment"),
        "please fix the tests",
        &format!("{MARKER}\nnewer cost comment"),
        "ship it",
    ])
}

#[test]
fn update_finds_the_comment_across_pages_and_edits_it_in_place() {
    let gh = busy_thread();
    let run = gh.comment(&[], &format!("{MARKER}\n## new figures\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("updated comment http://"), "{}", run.stdout);
    assert!(run.stdout.contains("#issuecomment-103"), "{}", run.stdout);
    let s = gh.state();
    let bodies: Vec<&str> = s.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "LGTM",
            &format!("{MARKER}\nold cost comment"),
            "please fix the tests",
            &format!("{MARKER}\n## new figures\n"),
            "ship it"
        ]
    );
    let log: Vec<&str> = s.log.iter().map(String::as_str).collect();
    assert_eq!(
        log,
        [
            "GET /repos/acme/infra/issues/7/comments?per_page=100",
            "GET /repos/acme/infra/issues/7/comments?per_page=100&page=2",
            "GET /repos/acme/infra/issues/7/comments?per_page=100&page=3",
            "PATCH /repos/acme/infra/issues/comments/103",
        ]
    );
}

#[test]
fn update_creates_when_there_is_no_costplan_comment_and_adds_the_marker() {
    let gh = GitHub::start(&["LGTM"]);
    let run = gh.comment(&["--behavior", "update"], "## costs\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("created comment"), "{}", run.stdout);
    // The second run finds it by the marker and, the body being the same, sends nothing.
    let again = gh.comment(&[], "## costs\n");
    assert!(again.stdout.starts_with("comment unchanged"), "{}", again.stdout);
    let s = gh.state();
    assert_eq!(s.comments.len(), 2);
    assert_eq!(s.comments[1].body, format!("## costs\n\n{MARKER}\n"));
    assert_eq!(s.log.iter().filter(|l| !l.starts_with("GET")).count(), 1, "{:?}", s.log);
}

#[test]
fn new_and_delete_and_new() {
    let gh = busy_thread();
    let run = gh.comment(&["--behavior", "new"], &format!("{MARKER}\nthird"));
    assert!(run.stdout.starts_with("created comment"), "{}", run.stdout);
    assert_eq!(gh.state().comments.len(), 6);
    let run = gh.comment(&["--behavior", "delete-and-new"], &format!("{MARKER}\nonly"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("deleted 3 previous comment(s), created comment"),
        "{}",
        run.stdout
    );
    let s = gh.state();
    let ours: Vec<&str> =
        s.comments.iter().map(|c| c.body.as_str()).filter(|b| b.contains(MARKER)).collect();
    assert_eq!(ours, [format!("{MARKER}\nonly")]);
    assert_eq!(s.comments.len(), 4);
}

#[test]
fn a_secondary_rate_limit_is_waited_out() {
    let gh = busy_thread();
    gh.state().rate_limit_next = 2;
    let run = gh.comment(&[], &format!("{MARKER}\nafter the limit"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("updated comment"), "{}", run.stdout);
    assert_eq!(gh.state().comments[3].body, format!("{MARKER}\nafter the limit"));
}

/// Reading the comments is retried after a server error; creating one never is, so a comment is
/// never posted twice.
#[test]
fn a_server_error_is_retried_for_the_listing_but_never_for_a_create() {
    let gh = busy_thread();
    gh.state().server_error_next = 1;
    let run = gh.comment(&[], &format!("{MARKER}\nafter a 502"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(gh.state().comments[3].body, format!("{MARKER}\nafter a 502"));
    let first_page = "GET /repos/acme/infra/issues/7/comments?per_page=100";
    assert_eq!(
        gh.state().log.iter().filter(|l| *l == first_page).count(),
        2,
        "{:?}",
        gh.state().log
    );

    gh.state().log.clear();
    gh.state().server_error_next = 1;
    let run = gh.comment(&["--behavior", "new"], "not twice");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("GitHub answered 502"), "{}", run.stderr);
    assert_eq!(gh.state().log.len(), 1, "one POST, not retried: {:?}", gh.state().log);
    assert_eq!(gh.state().comments.len(), 5);
}

#[test]
fn a_long_primary_rate_limit_is_reported_with_its_reset() {
    let gh = busy_thread();
    gh.state().rate_limit_hour = true;
    let run = gh.comment(&["--max-rate-limit-wait", "5"], "x");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("GitHub API rate limit exceeded: retry in 3"), "{}", run.stderr);
    assert!(run.stderr.contains("resets at 20"), "{}", run.stderr);
    assert!(run.stderr.contains("costplan waits at most 5s"), "{}", run.stderr);
    assert_eq!(gh.state().comments.len(), 5);
}

#[test]
fn errors_from_github_are_reported_clearly() {
    let gh = busy_thread();
    let bad_token = costplan(
        &[
            "comment",
            "github",
            "--repo",
            "acme/infra",
            "--pr",
            "7",
            "--path-to-markdown",
            "README.md",
        ],
        None,
        &[("GITHUB_TOKEN", "wrong"), ("GITHUB_API_URL", &gh.url)],
    );
    let other_pr = costplan(
        &[
            "comment",
            "github",
            "--repo",
            "acme/infra",
            "--pr",
            "8",
            "--path-to-markdown",
            "README.md",
        ],
        None,
        &[("GITHUB_TOKEN", TOKEN), ("GITHUB_API_URL", &gh.url)],
    );
    gh.state().refuse_create = true;
    let refused = gh.comment(&["--behavior", "new"], "x");
    gh.state().forbid_create = true;
    let forbidden = gh.comment(&["--behavior", "new"], "x");
    let no_token = costplan(&["comment", "github", "--repo", "acme/infra", "--pr", "7"], None, &[]);
    let bad_repo = costplan(
        &["comment", "github", "--repo", "acme", "--pr", "7"],
        None,
        &[("GITHUB_TOKEN", TOKEN)],
    );
    let text = [bad_token, other_pr, refused, forbidden, no_token, bad_repo]
        .iter()
        .map(|r| r.text(None))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text);
}

#[test]
fn the_diff_markdown_pipes_into_the_comment() {
    let gh = GitHub::start(&[]);
    let tmp = tempdir();
    let md = tmp.path().join("diff.md");
    let out = format!("markdown={}", md.display());
    let base = "examples/credlink";
    let diff = costplan(
        &["diff", "--base", base, "--path", base, "--format", "json", "--out", &out],
        None,
        &[],
    );
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let text = std::fs::read_to_string(&md).expect("markdown");
    let run = gh.comment(&[], &text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = gh.state();
    assert_eq!(s.comments.len(), 1);
    assert!(s.comments[0].body.starts_with(MARKER));
    assert!(s.comments[0].body.contains("Monthly cost will not change"), "{}", s.comments[0].body);
}

#[test]
fn the_token_is_never_sent_over_plain_http_to_another_host() {
    // A non-routable address: the run must stop before any connection.
    let out = costplan(
        &[
            "comment",
            "github",
            "--repo",
            "acme/infra",
            "--pr",
            "7",
            "--path-to-markdown",
            "README.md",
        ],
        None,
        &[("GITHUB_TOKEN", TOKEN), ("GITHUB_API_URL", "http://192.0.2.1:9/api/v3")],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("refusing to send the GitHub token to `http://192.0.2.1:9/api/v3`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("https://"), "{}", out.stderr);
    assert!(!out.stderr.contains(TOKEN), "the token is never printed");
}
