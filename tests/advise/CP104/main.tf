# A dev cache with a primary and two replicas; the environment comes from the tags.
provider "aws" {
  region = "us-east-1"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions-dev"
  description                = "sessions"
  engine                     = "redis"
  node_type                  = "cache.t3.small"
  num_cache_clusters         = 3
  automatic_failover_enabled = true
  multi_az_enabled           = true

  tags = {
    env = "dev"
  }
}
