#!/usr/bin/env python3
"""Writes a synthetic Terraform monorepo for benchmarking `costplan resources`.

The root module makes 200 module calls (100 plain, 20 with for_each over 5 keys) to a service
module that expands to ~100 instances each through count, for_each, dynamic blocks, locals,
built-in functions and a nested module with count: about 20,000 instances in total.

Usage: bench/gen_monorepo.py OUT_DIR [--calls 200]
Deterministic: the same arguments write the same files.
"""

import argparse
import os
import sys

SERVICE_MODULE = r'''
variable "name" {}
variable "replicas" {
  type    = number
  default = 1
}
variable "cidr" {}
variable "settings" {
  type = object({
    instance_type = optional(string, "t3.micro")
    queues        = optional(list(string), [])
    ports         = optional(list(number), [80])
  })
}
variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  prefix      = format("%s-%s", var.name, terraform.workspace)
  tags        = merge(var.tags, { Service = var.name, Prefix = local.prefix })
  alarm_names = { for i in range(30) : format("alarm-%02d", i) => i }
  queues      = toset([for q in var.settings.queues : lower(q)])
  subnets     = [for i in range(4) : cidrsubnet(var.cidr, 4, i)]
}

resource "aws_instance" "app" {
  count         = var.replicas
  ami           = "ami-12345678"
  instance_type = var.settings.instance_type
  subnet_id     = element(local.subnets, count.index)
  tags          = merge(local.tags, { Name = "${local.prefix}-${count.index}" })

  root_block_device {
    volume_size = 20 + count.index % 3 * 10
    volume_type = "gp3"
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  for_each            = local.alarm_names
  alarm_name          = "${local.prefix}-${each.key}"
  threshold           = 50 + each.value
  evaluation_periods  = 2
  comparison_operator = each.value % 2 == 0 ? "GreaterThanThreshold" : "LessThanThreshold"
  dimensions          = { InstanceId = aws_instance.app[each.value % var.replicas].id }
}

resource "aws_sqs_queue" "q" {
  for_each = local.queues
  name     = "${local.prefix}-${each.key}"
  tags     = local.tags
}

resource "aws_security_group" "app" {
  name   = local.prefix
  vpc_id = "vpc-123"

  dynamic "ingress" {
    for_each = var.settings.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
      cidr_blocks = local.subnets
    }
  }
}

module "alarms" {
  source = "../alarms"
  count  = 2
  name   = "${local.prefix}-${count.index}"
  target = aws_security_group.app.id
}

output "instance_ids" {
  value = aws_instance.app[*].id
}

output "queue_count" {
  value = length(aws_sqs_queue.q)
}
'''

ALARMS_MODULE = r'''
variable "name" {}
variable "target" {}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/app/${var.name}"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  for_each       = toset(["error", "warn", "fatal"])
  name           = "${var.name}-${each.key}"
  log_group_name = aws_cloudwatch_log_group.this.name
  pattern        = upper(each.key)
}
'''


def root_module(calls: int) -> str:
    out = [
        'provider "aws" {\n  region = var.region\n}\n',
        'variable "region" {\n  default = "us-east-1"\n}\n',
        'locals {\n  common_tags = { Team = "platform", CostCenter = "1234" }\n'
        '  envs = { for e in ["a", "b", "c", "d", "e"] : e => upper(e) }\n}\n',
    ]
    plain = calls - calls // 10
    for_each_calls = calls // 10
    for i in range(plain):
        queues = ", ".join(f'"Q{j}"' for j in range(20))
        out.append(
            f'module "svc_{i:03d}" {{\n'
            f'  source   = "./modules/service"\n'
            f'  name     = "svc-{i:03d}"\n'
            f'  replicas = {40 + i % 5}\n'
            f'  cidr     = "10.{i % 256}.0.0/16"\n'
            f'  settings = {{ queues = [{queues}], ports = [80, 443] }}\n'
            f'  tags     = local.common_tags\n'
            f'}}\n'
        )
    for i in range(for_each_calls):
        out.append(
            f'module "env_{i:03d}" {{\n'
            f'  source   = "./modules/service"\n'
            f'  for_each = local.envs\n'
            f'  name     = "env-{i:03d}-${{each.key}}"\n'
            f'  replicas = 2\n'
            f'  cidr     = "172.{16 + i % 16}.0.0/16"\n'
            f'  settings = {{ instance_type = "m5.large" }}\n'
            f'}}\n'
        )
    return "\n".join(out)


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.lstrip("\n"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir")
    p.add_argument("--calls", type=int, default=200)
    args = p.parse_args()
    write(os.path.join(args.out_dir, "main.tf"), root_module(args.calls))
    write(os.path.join(args.out_dir, "modules/service/main.tf"), SERVICE_MODULE)
    write(os.path.join(args.out_dir, "modules/alarms/main.tf"), ALARMS_MODULE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
