# A production Aurora PostgreSQL Serverless v2 cluster that never goes under 2 ACU: the 2 ACU
# are steady usage for a Database Savings Plan (reserved instances do not apply to Serverless v2).
# The db.t4g reader is burstable: not covered by Database Savings Plans, no finding.
provider "aws" {
  region = "us-east-1"
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  serverlessv2_scaling_configuration {
    min_capacity = 2
    max_capacity = 8
  }
  tags = {
    Environment = "production"
  }
}

resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier = aws_rds_cluster.main.id
  engine             = "aurora-postgresql"
  instance_class     = "db.serverless"
}

resource "aws_db_instance" "reporting" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}
