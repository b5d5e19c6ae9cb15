# Three Fargate services behind a load balancer share the scenario's requests (200k a month,
# busiest hour 3× the average: 0.0254 req/s each on average, 0.0761 in the busiest hour).
# `api` runs 1024 CPU units (from a variable) and is kept at min_capacity 2 by its autoscaler:
# its busiest hour fits in two 512-unit tasks, so the variable's default becomes 512. `web` is
# as idle but already at 256 units, and `report` keeps 3072 MiB, which 256 units do not allow:
# both are listed as not recommended. `worker` has no load balancer, so the model has no load
# figure for it: no finding.
provider "aws" {
  region = "us-east-1"
}

variable "api_cpu" {
  description = "CPU units of the api task."
  type        = number
  default     = 1024
}

resource "aws_ecs_cluster" "main" {
  name = "shop"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.api_cpu
  memory                   = 2048
  container_definitions    = "[]"
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef"
    container_name   = "api"
    container_port   = 8080
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  resource_id        = "service/shop/api"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 6
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions    = "[]"
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
    container_name   = "web"
    container_port   = 8080
  }
}

resource "aws_ecs_task_definition" "report" {
  family                   = "report"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 3072
  container_definitions    = "[]"
}

resource "aws_ecs_service" "report" {
  name            = "report"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.report.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/report/0123456789abcdef"
    container_name   = "report"
    container_port   = 8080
  }
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 2048
  memory                   = 4096
  container_definitions    = "[]"
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = 1
  launch_type     = "FARGATE"
}
