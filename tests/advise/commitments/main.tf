# Commitment rules, bad input: what gets a reservation table and what does not.
provider "aws" {
  region = "us-east-1"
}

# Always on, reserved terms priced: a finding with its table.
resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

# Always on, but the snapshot has no reserved price for Multi-AZ db.t3.micro: every term says
# "price not found", so no finding (skipped, never $0).
resource "aws_db_instance" "multi" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
  multi_az          = true
}

# Already bought on a reserved term (scenario `purchase:`): nothing to recommend.
resource "aws_db_instance" "reserved" {
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

# Aurora Serverless v2: priced from ACU usage, not always on: no reservation.
resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "aurora"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 2
  }
}

resource "aws_rds_cluster_instance" "serverless" {
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = "aurora-postgresql"
  instance_class     = "db.serverless"
}

# A database inside a registry module (installed under .terraform/modules): reservations are
# bought, not written, so it gets the same purchase instruction as any other.
module "db" {
  source  = "acme/postgres/aws"
  version = "2.0.0"
  name    = "orders"
}
