//! The expansion budget: one count of everything a load expands, across all nesting.
//!
//! Contract:
//! - Every resource or module instance made by `count`/`for_each`, every iteration of a `for`
//!   expression and every element of a collection a function returns (`range`, `setproduct`,
//!   ...) is spent from one budget of [`MAX_EXPANSION`] per load (per constant expression for
//!   tfvars and `--var`). Limits per call cannot stop multiplication: module count 1000 ×
//!   module count 1000 × count 1000, or `for` over `range(100000)` inside another, stay under
//!   every per-call limit and still need gigabytes.
//! - Over the budget is a fatal [`LoadError::Limit`](super::LoadError) naming the chain that
//!   was expanding (`module.a[999] -> module.b[999] -> aws_x.y`).
//! - Real configurations stay orders of magnitude below the budget: a large estate has
//!   thousands of instances, and its `for` expressions run over lists of a few dozen.

/// Instances and elements one load may expand in total.
pub const MAX_EXPANSION: usize = 1_000_000;
/// Resource instances one configuration or plan may have: everything downstream (pricing,
/// `advise`) is linear or worse in this number.
pub const MAX_INSTANCES: usize = 100_000;

/// What has been spent so far.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    spent: usize,
    instances: usize,
}

impl Budget {
    /// Spends `n`; over the budget, the error message for `what` (a resource, module call or
    /// expression, with its module path).
    pub fn spend(&mut self, n: usize, what: &str) -> Result<(), String> {
        self.spent = self.spent.saturating_add(n);
        if self.spent <= MAX_EXPANSION {
            return Ok(());
        }
        Err(format!(
            "{}: more than {MAX_EXPANSION} instances and elements expanded in total (count, for_each, module calls, `for` expressions and generated collections multiply)",
            chain(what)
        ))
    }
}

impl Budget {
    /// Counts one more resource instance, `address`; over [`MAX_INSTANCES`], the error message.
    pub fn add_instance(&mut self, address: &str) -> Result<(), String> {
        self.instances += 1;
        if self.instances <= MAX_INSTANCES {
            return Ok(());
        }
        Err(format!("{}: more than {MAX_INSTANCES} resource instances in total", chain(address)))
    }
}

/// `module.a[1].module.b["x"].aws_x.y` → `module.a[1] -> module.b["x"] -> aws_x.y`.
fn chain(address: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = address.trim_matches('`');
    while let Some(tail) = rest.strip_prefix("module.") {
        // The next `.` after the call name and its optional `[key]` ends this step.
        let name_end = tail.find(['.', '[']).unwrap_or(tail.len());
        let mut end = name_end;
        if tail[name_end..].starts_with('[') {
            end = tail[name_end..].find(']').map_or(tail.len(), |i| name_end + i + 1);
        }
        parts.push(format!("module.{}", &tail[..end]));
        rest = tail[end..].strip_prefix('.').unwrap_or(&tail[end..]);
        if rest.is_empty() {
            break;
        }
    }
    if !rest.is_empty() {
        parts.push(rest.to_string());
    }
    parts.join(" -> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_splits_module_steps() {
        assert_eq!(
            chain("`module.a[999].module.b[\"x.y\"].aws_x.y`"),
            "module.a[999] -> module.b[\"x.y\"] -> aws_x.y"
        );
        assert_eq!(chain("aws_x.y"), "aws_x.y");
        assert_eq!(chain("module.a"), "module.a");
    }

    #[test]
    fn spending_past_the_budget_is_an_error_naming_the_chain() {
        let mut b = Budget::default();
        assert_eq!(b.spend(MAX_EXPANSION, "aws_x.y"), Ok(()));
        let e = b.spend(1, "module.a[3].aws_x.y").unwrap_err();
        assert!(e.starts_with("module.a[3] -> aws_x.y: more than 1000000"), "{e}");
    }
}
