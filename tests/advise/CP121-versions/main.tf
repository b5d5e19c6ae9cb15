# CP121 at its version boundaries (src/advise/rules/db_graviton.rs has the sources): each pair
# is one version below the first that runs on the Graviton class (skipped, with the version it
# needs) and that first version (a finding).
provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "pg_below" {
  identifier        = "pg-below"
  engine            = "postgres"
  engine_version    = "12.6"
  instance_class    = "db.m5.large"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "pg_at" {
  identifier        = "pg-at"
  engine            = "postgres"
  engine_version    = "12.7"
  instance_class    = "db.m5.large"
  allocated_storage = 20
  storage_type      = "gp3"
}

# MySQL reached t4g later (8.0.25) than m6g/r6g (8.0.23).
resource "aws_db_instance" "mysql_below" {
  identifier        = "mysql-below"
  engine            = "mysql"
  engine_version    = "8.0.24"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_db_instance" "mysql_at" {
  identifier        = "mysql-at"
  engine            = "mysql"
  engine_version    = "8.0.25"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
}

resource "aws_elasticache_replication_group" "redis_below" {
  replication_group_id = "redis-below"
  description          = "sessions"
  engine               = "redis"
  engine_version       = "5.0.5"
  node_type            = "cache.t3.small"
  num_cache_clusters   = 1
}

resource "aws_elasticache_replication_group" "redis_at" {
  replication_group_id = "redis-at"
  description          = "sessions"
  engine               = "redis"
  engine_version       = "5.0.6"
  node_type            = "cache.t3.small"
  num_cache_clusters   = 1
}
