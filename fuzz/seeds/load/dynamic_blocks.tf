provider "aws" {
  region = "us-east-1"
}

locals {
  rules = [
    { port = 80, cidrs = ["0.0.0.0/0"] },
    { port = 443, cidrs = ["10.0.0.0/8", "172.16.0.0/12"] },
  ]
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port = rule.value.port
      to_port   = rule.value.port
      index     = rule.key

      dynamic "cidr" {
        for_each = rule.value.cidrs
        content {
          block = cidr.value
        }
      }
    }
  }

  egress {
    from_port = 0
    to_port   = 0
  }
}
