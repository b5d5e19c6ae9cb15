# RDS and ElastiCache on x86 classes. Fires: `main` (PostgreSQL 16 on db.m5.large), `cache`
# (Redis 7 on cache.t3.small), `unversioned` (no engine_version: the current default is
# assumed). No finding: `old` (PostgreSQL 11 does not run on Graviton: skipped, upgrade the
# engine first), `oracle` (never proposed), `large` (db.t4g.large is not in the price snapshot:
# skipped, price not found), `computed` (engine_version computed from a variable without a
# value). The version boundaries are in ../CP121-versions.
provider "aws" {
  region = "us-east-1"
}

variable "pg_version" {
  type = string
}

resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.m5.large" # sized for the launch
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "unversioned" {
  identifier        = "reports"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "old" {
  identifier        = "legacy"
  engine            = "postgres"
  engine_version    = "11.22"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "large" {
  identifier        = "batch"
  engine            = "postgres"
  engine_version    = "15.4"
  instance_class    = "db.t3.large"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "computed" {
  identifier        = "computed"
  engine            = "postgres"
  engine_version    = var.pg_version
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "cache"
  description          = "sessions"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.t3.small"
  num_cache_clusters   = 1
}

resource "aws_db_instance" "oracle" {
  identifier        = "erp"
  engine            = "oracle-se2"
  engine_version    = "19"
  license_model     = "license-included"
  instance_class    = "db.m5.large"
  allocated_storage = 20
  storage_type      = "gp3"
}
