//! Links between resources that the traffic model and the resource mappings both follow, so
//! that they agree: a service's task definition and cluster, a cluster's capacity providers, the
//! log group a task definition's containers write to, the autoscaling target of a service; an
//! RDS proxy's targets, the database each target names and an Aurora cluster's instances. (Here, below `resources/`, for the same
//! reason as [`super::number`].)
//!
//! Every link goes through [`crate::terraform::refs::linked`]: the references the loader
//! recorded first (`task_definition = aws_ecs_task_definition.api.arn`, through locals and
//! modules), then known values (a family, a name, an ARN); a guess only when the attribute
//! neither refers to nor names an instance, said by [`Via::Guess`] so that callers warn.

use crate::terraform::refs::{Link, NoLink, Via, linked, referenced, same_module};
use crate::terraform::{Instance, Value};

/// The task definition a service runs (by reference, ARN, family or ARN without revision).
pub fn task_definition<'a>(instances: &'a [Instance], svc: &Instance) -> Result<Link<'a>, NoLink> {
    linked(
        instances,
        svc,
        "task_definition",
        "aws_ecs_task_definition",
        &["arn", "family", "arn_without_revision"],
    )
}

/// The cluster a service runs in (by reference, ARN, id or name).
pub fn cluster<'a>(instances: &'a [Instance], svc: &Instance) -> Result<Link<'a>, NoLink> {
    linked(instances, svc, "cluster", "aws_ecs_cluster", &["arn", "id", "name"])
}

/// The `aws_ecs_cluster_capacity_providers` of a cluster: the one whose `cluster_name` refers to
/// or names it (never a guess).
pub fn capacity_providers<'a>(instances: &'a [Instance], cluster: &Instance) -> Option<Link<'a>> {
    same_module(instances, cluster, "aws_ecs_cluster_capacity_providers").into_iter().find_map(
        |cp| match linked(instances, cp, "cluster_name", "aws_ecs_cluster", &["name", "id", "arn"])
        {
            Ok(l) if l.target.address == cluster.address && l.via != Via::Guess => {
                Some(Link { target: cp, via: l.via })
            }
            _ => None,
        },
    )
}

/// The log group the containers of a task definition write to with the `awslogs` driver: the
/// one `container_definitions` refers to (narrowed by the known `awslogs-group` when it refers
/// to several), else the group whose `name` is the known `awslogs-group`.
pub fn log_group<'a>(instances: &'a [Instance], td: &Instance) -> Result<Link<'a>, NoLink> {
    let group = td.attr("container_definitions").and_then(Value::as_str).and_then(awslogs_group);
    let named = |g: &&Instance| {
        group.is_some() && g.attr("name").and_then(Value::as_str) == group.as_deref()
    };
    let refs = referenced(instances, td, "container_definitions", "aws_cloudwatch_log_group");
    match refs.as_slice() {
        [one] => return Ok(Link { target: one, via: Via::Reference }),
        [] => {}
        several => {
            return match several.iter().copied().find(named) {
                Some(g) => Ok(Link { target: g, via: Via::Reference }),
                None => Err(NoLink::Ambiguous(several.iter().map(|g| g.address.clone()).collect())),
            };
        }
    }
    // Log group names are unique in an account and region, whichever module declares them.
    instances
        .iter()
        .filter(|g| g.resource_type == "aws_cloudwatch_log_group")
        .find(named)
        .map(|g| Link { target: g, via: Via::Value })
        .ok_or(NoLink::Absent)
}

/// The `aws_appautoscaling_target` (namespace `ecs`) scaling a service: the one whose
/// `resource_id` (`service/<cluster>/<service>`) refers to the service, else the one whose known
/// `resource_id` ends with the service's name.
pub fn autoscaling_target<'a>(instances: &'a [Instance], svc: &Instance) -> Option<Link<'a>> {
    let targets: Vec<&Instance> = same_module(instances, svc, "aws_appautoscaling_target")
        .into_iter()
        .filter(|t| t.attr("service_namespace").and_then(Value::as_str) == Some("ecs"))
        .collect();
    let by_reference = targets.iter().copied().find(|t| {
        referenced(instances, t, "resource_id", "aws_ecs_service")
            .iter()
            .any(|s| s.address == svc.address)
    });
    if let Some(target) = by_reference {
        return Some(Link { target, via: Via::Reference });
    }
    let name = svc.attr("name").and_then(Value::as_str)?;
    targets
        .into_iter()
        .find(|t| {
            t.attr("resource_id")
                .and_then(Value::as_str)
                .is_some_and(|r| r.starts_with("service/") && r.ends_with(&format!("/{name}")))
        })
        .map(|target| Link { target, via: Via::Value })
}

/// `awslogs-group` of the first container using the awslogs driver, from the task definition's
/// `container_definitions` JSON text.
pub fn awslogs_group(json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.as_array()?.iter().find_map(|c| {
        let lc = c.get("logConfiguration")?;
        (lc.get("logDriver")?.as_str()? == "awslogs").then_some(())?;
        lc.get("options")?.get("awslogs-group")?.as_str().map(str::to_string)
    })
}

/// The `aws_db_proxy_target`s of a proxy: those whose `db_proxy_name` refers to or names it
/// (by `name` or `id`), or, for a target whose `db_proxy_name` does neither, the only proxy of
/// its module (`Via::Guess`).
pub fn proxy_targets<'a>(instances: &'a [Instance], proxy: &Instance) -> Vec<Link<'a>> {
    same_module(instances, proxy, "aws_db_proxy_target")
        .into_iter()
        .filter_map(|t| {
            match linked(instances, t, "db_proxy_name", "aws_db_proxy", &["name", "id"]) {
                Ok(l) if l.target.address == proxy.address => Some(Link { target: t, via: l.via }),
                _ => None,
            }
        })
        .collect()
}

/// The database an `aws_db_proxy_target` puts behind its proxy: `db_instance_identifier` →
/// `aws_db_instance` (`identifier`, `id`), else `db_cluster_identifier` → `aws_rds_cluster`
/// (`cluster_identifier`, `id`).
pub fn proxy_target_database<'a>(
    instances: &'a [Instance],
    target: &Instance,
) -> Result<Link<'a>, NoLink> {
    let set = |path: &str| target.attr(path).is_some_and(|v| !v.is_null());
    if set("db_instance_identifier") {
        linked(
            instances,
            target,
            "db_instance_identifier",
            "aws_db_instance",
            &["identifier", "id"],
        )
    } else if set("db_cluster_identifier") {
        linked(
            instances,
            target,
            "db_cluster_identifier",
            "aws_rds_cluster",
            &["cluster_identifier", "id"],
        )
    } else {
        Err(NoLink::Absent)
    }
}

/// The `aws_rds_cluster_instance`s whose `cluster_identifier` refers to or names `cluster`.
pub fn cluster_instances<'a>(instances: &'a [Instance], cluster: &Instance) -> Vec<&'a Instance> {
    same_module(instances, cluster, "aws_rds_cluster_instance")
        .into_iter()
        .filter(|i| {
            linked(
                instances,
                i,
                "cluster_identifier",
                "aws_rds_cluster",
                &["id", "cluster_identifier"],
            )
            .is_ok_and(|l| l.target.address == cluster.address)
        })
        .collect()
}
