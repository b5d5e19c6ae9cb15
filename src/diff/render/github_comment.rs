//! `--format github-comment`: the markdown comment wrapped as the JSON request body of GitHub's
//! "create an issue comment" endpoint (`{"body": "..."}`), so that a workflow can post it with
//! `curl` or `gh api --input` when it does not use `costplan comment github`.

use super::markdown;
use crate::diff::model::Diff;

/// The comment request body.
pub fn render(diff: &Diff) -> String {
    let body = markdown::render(diff, markdown::GITHUB_COMMENT_LIMIT);
    let mut text =
        serde_json::to_string_pretty(&serde_json::json!({ "body": body })).unwrap_or_default();
    text.push('\n');
    text
}
