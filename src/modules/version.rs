//! Module versions and `version` constraints, with Terraform's rules
//! (<https://developer.hashicorp.com/terraform/language/expressions/version-constraints>).
//!
//! Contract:
//! - A constraint is a comma-separated list of `op version`, all of which must hold; `op` is
//!   `=` (the default), `!=`, `>`, `>=`, `<`, `<=` or `~>` (only the rightmost given component
//!   may grow: `~> 1.2` is `>= 1.2, < 2.0`, `~> 1.2.3` is `>= 1.2.3, < 1.3.0`).
//! - Missing components are zero (`1.2` is `1.2.0`); a leading `v` is accepted; build metadata
//!   is ignored.
//! - A pre-release (`1.3.0-beta1`) is selected only by an `=` constraint naming it exactly.
//! - [`select`] picks the newest version allowed.

use std::cmp::Ordering;
use std::fmt;

use super::error::ModuleError;

/// A version: three numbers and an optional pre-release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub numbers: [u64; 3],
    /// Empty for a release.
    pub pre: String,
    /// The text as the registry or user wrote it.
    pub text: String,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let t = t.split('+').next().unwrap_or(t);
        let (core, pre) = match t.split_once('-') {
            Some((c, p)) if !p.is_empty() => (c, p.to_string()),
            Some(_) => return None,
            None => (t, String::new()),
        };
        let mut numbers = [0u64; 3];
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        for (slot, p) in numbers.iter_mut().zip(&parts) {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = p.parse().ok()?;
        }
        Some(Version { numbers, pre, text: text.trim().to_string() })
    }

    fn is_pre(&self) -> bool {
        !self.pre.is_empty()
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| match (self.is_pre(), other.is_pre()) {
            (false, false) => Ordering::Equal,
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (true, true) => cmp_pre(&self.pre, &other.pre),
        })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Semantic-versioning precedence of two pre-release strings.
fn cmp_pre(a: &str, b: &str) -> Ordering {
    let mut ai = a.split('.');
    let mut bi = b.split('.');
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Pessimistic,
}

/// One `op version` term; `given` is how many components the version wrote (for `~>`).
#[derive(Debug, Clone)]
struct Term {
    op: Op,
    version: Version,
    given: usize,
}

/// A parsed constraint (empty: any release).
#[derive(Debug, Clone, Default)]
pub struct Constraint {
    terms: Vec<Term>,
    text: String,
}

impl Constraint {
    pub fn parse(text: &str) -> Result<Constraint, ModuleError> {
        let bad =
            |detail: String| ModuleError::BadConstraint { constraint: text.to_string(), detail };
        let mut terms = Vec::new();
        for raw in text.split(',') {
            let t = raw.trim();
            if t.is_empty() {
                if text.trim().is_empty() {
                    continue;
                }
                return Err(bad("an empty term between commas".into()));
            }
            let (op, rest) = [
                ("~>", Op::Pessimistic),
                (">=", Op::Ge),
                ("<=", Op::Le),
                ("!=", Op::Ne),
                (">", Op::Gt),
                ("<", Op::Lt),
                ("=", Op::Eq),
            ]
            .into_iter()
            .find_map(|(s, op)| t.strip_prefix(s).map(|r| (op, r)))
            .unwrap_or((Op::Eq, t));
            let rest = rest.trim();
            let version = Version::parse(rest).ok_or_else(|| {
                bad(format!(
                    "`{rest}` is not a version (expected e.g. `1.2.0`, with one of =, !=, >, >=, <, <=, ~>)"
                ))
            })?;
            let core = rest.trim_start_matches('v').split(['-', '+']).next().unwrap_or("");
            let given = core.split('.').count();
            terms.push(Term { op, version, given });
        }
        Ok(Constraint { terms, text: text.trim().to_string() })
    }

    /// Whether `v` is allowed.
    pub fn allows(&self, v: &Version) -> bool {
        if v.is_pre() {
            // Only an exact constraint selects a pre-release.
            let exact = self.terms.iter().any(|t| t.op == Op::Eq && t.version == *v);
            return exact && self.terms.iter().all(|t| t.holds(v));
        }
        self.terms.iter().all(|t| t.holds(v))
    }

    /// Whether the constraint names one exact version (`= 1.2.0`), which needs no registry
    /// call to resolve once it is cached.
    pub fn exact(&self) -> Option<&Version> {
        match self.terms.as_slice() {
            [t] if t.op == Op::Eq => Some(&t.version),
            _ => None,
        }
    }

    pub fn text(&self) -> &str {
        if self.text.is_empty() { "any version" } else { &self.text }
    }
}

impl Term {
    fn holds(&self, v: &Version) -> bool {
        let c = v.cmp(&self.version);
        match self.op {
            Op::Eq => c == Ordering::Equal,
            Op::Ne => c != Ordering::Equal,
            Op::Gt => c == Ordering::Greater,
            Op::Ge => c != Ordering::Less,
            Op::Lt => c == Ordering::Less,
            Op::Le => c != Ordering::Greater,
            Op::Pessimistic => {
                if c == Ordering::Less {
                    return false;
                }
                // The components before the last one given must be equal.
                let fixed = self.given.max(2) - 1;
                v.numbers[..fixed] == self.version.numbers[..fixed]
            }
        }
    }
}

/// The newest of `versions` that `constraint` allows.
pub fn select<'a>(versions: &'a [Version], constraint: &Constraint) -> Option<&'a Version> {
    versions.iter().filter(|v| constraint.allows(v)).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vs(list: &[&str]) -> Vec<Version> {
        list.iter().map(|s| Version::parse(s).unwrap()).collect()
    }

    fn pick(list: &[&str], c: &str) -> Option<String> {
        let v = vs(list);
        select(&v, &Constraint::parse(c).unwrap()).map(|v| v.text.clone())
    }

    #[test]
    fn every_operator_selects_as_terraform_documents() {
        let all = ["1.0.0", "1.2.0", "1.2.5", "1.3.0", "2.0.0", "2.1.0-beta1"];
        assert_eq!(pick(&all, "").as_deref(), Some("2.0.0"));
        assert_eq!(pick(&all, "1.2.0").as_deref(), Some("1.2.0"));
        assert_eq!(pick(&all, "= 1.2.5").as_deref(), Some("1.2.5"));
        assert_eq!(pick(&all, "!= 2.0.0").as_deref(), Some("1.3.0"));
        assert_eq!(pick(&all, "> 1.3.0").as_deref(), Some("2.0.0"));
        assert_eq!(pick(&all, ">= 1.2.0, < 1.3.0").as_deref(), Some("1.2.5"));
        assert_eq!(pick(&all, "<= 1.2.0").as_deref(), Some("1.2.0"));
        assert_eq!(pick(&all, "~> 1.2.0").as_deref(), Some("1.2.5"));
        assert_eq!(pick(&all, "~> 1.2").as_deref(), Some("1.3.0"));
        assert_eq!(pick(&all, "~> 1").as_deref(), Some("1.3.0"));
        assert_eq!(pick(&all, "> 2.0.0"), None);
        assert_eq!(pick(&all, "2.1.0-beta1").as_deref(), Some("2.1.0-beta1"));
        assert_eq!(pick(&all, "v1.0"), Some("1.0.0".into()));
    }

    #[test]
    fn pre_releases_order_below_their_release() {
        let v = vs(&["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-rc.1", "1.0.0"]);
        for pair in v.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn malformed_constraints_are_errors() {
        for c in [">= x", "1.2.3.4", "~>", "1.0,,2.0", "=> 1.0"] {
            assert!(Constraint::parse(c).is_err(), "{c}");
        }
    }
}
