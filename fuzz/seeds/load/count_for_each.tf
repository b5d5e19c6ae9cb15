provider "aws" {
  region = "us-east-1"
}

variable "services" {
  default = {
    api    = { cpu = 256, memory = 512 }
    worker = { cpu = 1024, memory = 2048 }
  }
}

resource "aws_eip" "nat" {
  count  = 3
  domain = "vpc"
  tags   = { Name = "nat-${count.index}" }
}

resource "aws_ecs_task_definition" "svc" {
  for_each = var.services
  family   = each.key
  cpu      = each.value.cpu
  memory   = each.value.memory
}

resource "aws_sqs_queue" "q" {
  for_each = ["orders", "emails", "orders"]
  name     = "${each.key}-queue"
}

resource "aws_instance" "none" {
  count = 0
  ami   = "ami-0"
}

resource "aws_eip" "zero_map" {
  for_each = {}
}
