# A root module with a variable default, locals, templates and arithmetic.
provider "aws" {
  region = "eu-west-1"
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "disk_gb" {
  default = 20
}

locals {
  name    = "web"
  disk    = var.disk_gb * 2 + 10
  is_big  = local.disk > 40
  summary = "${local.name}: ${local.disk} GB"
}

resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = var.instance_type
  monitoring    = local.is_big
  user_data     = null

  root_block_device {
    volume_size = local.disk
    volume_type = "gp3"
  }

  tags = {
    Name    = local.name
    Summary = local.summary
    Unset   = null
  }

  lifecycle {
    create_before_destroy = true
  }
}
