# A staging database: Multi-AZ through a variable that staging.tfvars sets.
provider "aws" {
  region = "us-east-1"
}

variable "multi_az" {
  type    = bool
  default = true
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 50
  storage_type      = "gp3"
  multi_az          = var.multi_az
}
