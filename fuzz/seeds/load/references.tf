# Reference tracking: every attribute records the resources its value comes from, through
# locals, module outputs and inputs, try(), conditionals, splats, for expressions and for_each,
# whether the value is known or not.

variable "use_b" {
  default = false
}

resource "aws_ecs_cluster" "a" {
  name = "a"
}

resource "aws_ecs_cluster" "b" {
  name = "b"
}

resource "aws_subnet" "x" {
  count      = 2
  cidr_block = "10.0.${count.index}.0/24"
}

resource "aws_cloudwatch_log_group" "logs" {
  for_each = toset(["api", "worker"])
  name     = "/ecs/${each.key}"
}

module "cluster" {
  source = "./modules/cluster"
  name   = aws_ecs_cluster.b.name
}

locals {
  cluster_a = aws_ecs_cluster.a.id
  # The condition reads cluster b, the value comes from cluster a only.
  picked = aws_ecs_cluster.b.name == "b" ? aws_ecs_cluster.a.arn : "none"
  services = {
    api    = { group = aws_cloudwatch_log_group.logs["api"].name }
    worker = { group = aws_cloudwatch_log_group.logs["worker"].name }
  }
}

resource "aws_ecs_service" "direct" {
  name    = "direct"
  cluster = aws_ecs_cluster.a.id
}

resource "aws_ecs_service" "via_local" {
  name    = "via-local"
  cluster = local.cluster_a
}

resource "aws_ecs_service" "via_module" {
  name    = "via-module"
  cluster = module.cluster.cluster_id
}

resource "aws_ecs_service" "via_try" {
  name    = "via-try"
  # The first argument fails (a string cannot be iterated): its reference is dropped.
  cluster = try([for c in aws_ecs_cluster.a.name : c][0], aws_ecs_cluster.b.id)
}

resource "aws_ecs_service" "via_conditional" {
  name    = "via-conditional"
  cluster = var.use_b ? aws_ecs_cluster.b.id : aws_ecs_cluster.a.id
  # Only the condition reads cluster b.
  launch_type = aws_ecs_cluster.b.name == "b" ? "FARGATE" : "EC2"
}

resource "aws_ecs_service" "via_local_conditional" {
  name    = "via-local-conditional"
  cluster = local.picked
}

resource "aws_lb" "splat" {
  name    = "splat"
  subnets = aws_subnet.x[*].id
}

resource "aws_lb" "for_expr" {
  name    = "for-expr"
  subnets = [for s in aws_subnet.x : s.id]
}

resource "aws_eip" "lb" {
  domain = "vpc"
}

resource "aws_lb" "indexed" {
  name               = "indexed"
  load_balancer_type = "network"
  subnet_mapping {
    subnet_id     = aws_subnet.x[1].id
    allocation_id = aws_eip.lb.id
  }
}

resource "aws_ecs_task_definition" "svc" {
  for_each = local.services
  family   = each.key
  container_definitions = jsonencode([{
    name = each.key
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = each.value.group }
    }
  }])
}
