//! Reference tracking: which resources an evaluated attribute comes from.
//!
//! Contract:
//! - While the module runner evaluates an expression, every resource or data source it reads
//!   (`aws_ecs_cluster.a.id`, `aws_subnet.x[*].id`, `data.aws_vpc.main`) adds that resource's
//!   address to the innermost open frame of [`Refs`]. A local, a module input or a module output
//!   is evaluated once in its own frame and remembers the set; every later read of it adds the
//!   set again, so references flow through locals, module inputs and outputs, `try`,
//!   conditionals, splats and `for` expressions whether the value is known or not.
//! - Only values flow: the condition of a conditional or of a `for`, an index or object key
//!   expression, a failed `try` argument and the argument of `can` add nothing.
//! - An instance records, for each attribute path it sets (`cluster`,
//!   `load_balancer.0.target_group_arn`, `subnet_mapping.1.allocation_id`), the addresses its
//!   value came from: [`References`] on [`super::Instance`]. Addresses are full (module path
//!   included); a reference to one instance (`aws_subnet.x[0]`, `aws_ecs_service.s["api"]`)
//!   names that instance, a reference to all of them (`aws_subnet.x[*].id`) names the resource.
//! - Granularity is the attribute, not the element: an object-valued local mixing two clusters
//!   gives both addresses to whatever reads it. [`linked`] then narrows by known values and
//!   otherwise reports the ambiguity instead of guessing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::instance::{Instance, Mode};
use super::value::Value;

/// Attribute path → addresses of the resources its value came from (sorted, no duplicates).
pub type References = BTreeMap<String, Vec<String>>;

/// The open frames of an evaluation, innermost last.
#[derive(Debug, Default)]
pub(crate) struct Refs {
    frames: Vec<BTreeSet<String>>,
}

impl Refs {
    /// Opens a frame: what is read from now on is collected in it.
    pub fn open(&mut self) {
        self.frames.push(BTreeSet::new());
    }

    /// Closes the innermost frame and returns what it collected (not passed to the outer
    /// frame: the caller decides with [`Self::add_all`]).
    pub fn close(&mut self) -> BTreeSet<String> {
        self.frames.pop().unwrap_or_default()
    }

    /// A read of the resource `address`.
    pub fn add(&mut self, address: String) {
        if let Some(top) = self.frames.last_mut() {
            top.insert(address);
        }
    }

    pub fn add_all<'a>(&mut self, addresses: impl IntoIterator<Item = &'a String>) {
        if let Some(top) = self.frames.last_mut() {
            top.extend(addresses.into_iter().cloned());
        }
    }
}

/// How a link from one instance to another was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The attribute's expression refers to the target (directly or through locals, module
    /// inputs and outputs).
    Reference,
    /// The attribute's known value is the target's name, id, ARN or family.
    Value,
    /// No reference and no known value: the only instance of that type in the module, or the
    /// one with the same block label. Always comes with a warning.
    Guess,
}

/// A link from an attribute of one instance to another instance.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub target: &'a Instance,
    pub via: Via,
}

/// Why no link was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLink {
    /// The attribute is not set (or not to anything of the target type).
    Absent,
    /// The attribute refers to several instances of the target type and no known value tells
    /// which one: the addresses.
    Ambiguous(Vec<String>),
}

/// True when `address` is `resource` or one of its instances (`resource[0]`, `resource["k"]`).
pub fn covers(resource: &str, address: &str) -> bool {
    address == resource || address.strip_prefix(resource).is_some_and(|rest| rest.starts_with('['))
}

/// The managed instances of `target_type` that attribute `path` of `inst` (or anything nested
/// under it) refers to.
pub fn referenced<'a>(
    instances: &'a [Instance],
    inst: &Instance,
    path: &str,
    target_type: &str,
) -> Vec<&'a Instance> {
    let nested = format!("{path}.");
    let addresses: BTreeSet<&String> = inst
        .references
        .iter()
        .filter(|(p, _)| *p == path || p.starts_with(&nested))
        .flat_map(|(_, a)| a)
        .collect();
    instances
        .iter()
        .filter(|i| i.resource_type == target_type && i.mode == Mode::Managed)
        .filter(|i| addresses.iter().any(|a| covers(a, &i.address)))
        .collect()
}

/// The instance of `target_type` that attribute `path` of `inst` links to.
///
/// In order: the instances the attribute's expression refers to (narrowed, when there are
/// several, by the attribute's known value matched against the targets' `keys` attributes);
/// else an instance whose `keys` attribute matches the attribute's known value (`"svc-a:3"`
/// names the family `svc-a`); else, only when the attribute is set but neither refers to nor
/// names an instance of that type (a value passed in from outside), a guess: the only
/// instance of the type in the module or the one with the same block label.
pub fn linked<'a>(
    instances: &'a [Instance],
    inst: &Instance,
    path: &str,
    target_type: &str,
    keys: &[&str],
) -> Result<Link<'a>, NoLink> {
    let value = inst.attr(path);
    let by_value = |candidates: &[&'a Instance]| -> Vec<&'a Instance> {
        let Some(text) = value.and_then(Value::as_str) else { return Vec::new() };
        candidates.iter().copied().filter(|c| keys.iter().any(|k| names(c, k, text))).collect()
    };
    let refs = referenced(instances, inst, path, target_type);
    match refs.as_slice() {
        [one] => return Ok(Link { target: one, via: Via::Reference }),
        [] => {}
        several => {
            return match by_value(several).as_slice() {
                [one] => Ok(Link { target: one, via: Via::Reference }),
                _ => Err(NoLink::Ambiguous(several.iter().map(|i| i.address.clone()).collect())),
            };
        }
    }
    let candidates = same_module(instances, inst, target_type);
    if let [one, ..] = by_value(&candidates).as_slice() {
        return Ok(Link { target: one, via: Via::Value });
    }
    // A reference to something else (a variable with no value, a data source): nothing to
    // link by but the configuration's shape.
    if value.is_none_or(Value::is_null) {
        return Err(NoLink::Absent);
    }
    if let [one] = candidates.as_slice() {
        return Ok(Link { target: one, via: Via::Guess });
    }
    match candidates.iter().find(|c| c.name == inst.name) {
        Some(c) => Ok(Link { target: c, via: Via::Guess }),
        None if candidates.is_empty() => Err(NoLink::Absent),
        None => Err(NoLink::Ambiguous(candidates.iter().map(|i| i.address.clone()).collect())),
    }
}

/// Whether the target's `key` attribute is what `text` names: equal, or the last segment of
/// an ARN (`…/name`, `…:name`), or a family with a revision (`name:3`).
fn names(target: &Instance, key: &str, text: &str) -> bool {
    target.attr(key).and_then(Value::as_str).is_some_and(|v| {
        v == text
            || text.ends_with(&format!("/{v}"))
            || text.ends_with(&format!(":{v}"))
            || text.strip_prefix(v).is_some_and(|rest| rest.starts_with(':'))
    })
}

/// Managed instances of a type in the same module as `inst`, falling back to every instance
/// of the type.
pub fn same_module<'a>(
    instances: &'a [Instance],
    inst: &Instance,
    resource_type: &str,
) -> Vec<&'a Instance> {
    let all: Vec<&Instance> = instances
        .iter()
        .filter(|i| i.resource_type == resource_type && i.mode == Mode::Managed)
        .collect();
    let local: Vec<&Instance> = all.iter().copied().filter(|i| i.module == inst.module).collect();
    if local.is_empty() { all } else { local }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_a_resource_and_its_instances_only() {
        assert!(covers("aws_subnet.a", "aws_subnet.a"));
        assert!(covers("aws_subnet.a", "aws_subnet.a[1]"));
        assert!(covers("aws_subnet.a", "aws_subnet.a[\"x\"]"));
        assert!(!covers("aws_subnet.a", "aws_subnet.ab"));
        assert!(!covers("aws_subnet.a[0]", "aws_subnet.a[1]"));
    }

    fn instance(address: &str, attributes: &str, references: &[(&str, &[&str])]) -> Instance {
        let (head, name) = address.rsplit_once('.').unwrap_or(("", address));
        Instance {
            address: address.to_string(),
            resource_type: head.rsplit('.').next().unwrap_or(head).to_string(),
            name: name.split('[').next().unwrap_or(name).to_string(),
            mode: Mode::Managed,
            module: String::new(),
            region: None,
            provider: "aws".into(),
            attributes: serde_json::from_str(attributes).unwrap_or_default(),
            location: super::super::Location::default(),
            references: references
                .iter()
                .map(|(p, a)| ((*p).to_string(), a.iter().map(|s| (*s).to_string()).collect()))
                .collect(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn links_prefer_references_then_values_and_guess_only_without_either() {
        let all = vec![
            instance("aws_ecs_cluster.a", r#"{"name": "a"}"#, &[]),
            instance("aws_ecs_cluster.b", r#"{"name": "b"}"#, &[]),
        ];
        let keys = &["name"];
        let link = |svc: &Instance| {
            linked(&all, svc, "cluster", "aws_ecs_cluster", keys)
                .map(|l| (l.target.address.clone(), l.via))
        };
        let unknown = r#"{"cluster": {"$unknown": true}}"#;
        // A reference, even to a value known only after apply.
        let svc = instance("aws_ecs_service.x", unknown, &[("cluster", &["aws_ecs_cluster.b"])]);
        assert_eq!(link(&svc), Ok(("aws_ecs_cluster.b".into(), Via::Reference)));
        // Several references, narrowed by the known value.
        let both: &[&str] = &["aws_ecs_cluster.a", "aws_ecs_cluster.b"];
        let svc = instance("aws_ecs_service.x", r#"{"cluster": "a"}"#, &[("cluster", both)]);
        assert_eq!(link(&svc), Ok(("aws_ecs_cluster.a".into(), Via::Reference)));
        // Several references and nothing known: ambiguous, no guess.
        let svc = instance("aws_ecs_service.x", unknown, &[("cluster", both)]);
        assert_eq!(
            link(&svc),
            Err(NoLink::Ambiguous(vec!["aws_ecs_cluster.a".into(), "aws_ecs_cluster.b".into()]))
        );
        // No reference: the known value (an ARN ending with the name).
        let arn = r#"{"cluster": "arn:aws:ecs:us-east-1:1:cluster/b"}"#;
        let svc = instance("aws_ecs_service.x", arn, &[]);
        assert_eq!(link(&svc), Ok(("aws_ecs_cluster.b".into(), Via::Value)));
        // Neither: the one with the same block label is a guess; none with it is ambiguous;
        // an unset attribute is no link at all.
        let svc = instance("aws_ecs_service.a", unknown, &[]);
        assert_eq!(link(&svc), Ok(("aws_ecs_cluster.a".into(), Via::Guess)));
        let svc = instance("aws_ecs_service.x", unknown, &[]);
        assert!(matches!(link(&svc), Err(NoLink::Ambiguous(_))));
        let svc = instance("aws_ecs_service.x", "{}", &[]);
        assert_eq!(link(&svc), Err(NoLink::Absent));
    }

    #[test]
    fn frames_collect_innermost_and_close_without_merging() {
        let mut r = Refs::default();
        r.add("ignored".into());
        r.open();
        r.add("a".into());
        r.open();
        r.add("b".into());
        let inner = r.close();
        assert_eq!(inner.into_iter().collect::<Vec<_>>(), vec!["b".to_string()]);
        assert_eq!(r.close().into_iter().collect::<Vec<_>>(), vec!["a".to_string()]);
    }
}
