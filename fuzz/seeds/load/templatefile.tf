provider "aws" {
  region = "us-east-1"
}

data "aws_subnets" "private" {}

locals {
  ports = [80, 443]
}

resource "aws_launch_template" "web" {
  name      = "web"
  user_data = base64encode(templatefile("${path.module}/templates/init.sh.tpl", { name = "web", ports = local.ports }))
  plain     = templatefile("templates/init.sh.tpl", { name = "plain", ports = [] })
}

# The number of workers depends on a data source: one stand-in module instance, flagged.
module "worker" {
  source = "./modules/worker"
  count  = length(data.aws_subnets.private.ids)
}
