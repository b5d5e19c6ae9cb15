# A production Redis replication group of two nodes, running all month: both nodes are a
# reservation candidate. The snapshot prices every term for cache.t3.micro but 1yr All Upfront.
provider "aws" {
  region = "us-east-1"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session cache"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  tags = {
    Environment = "production"
  }
}

# A member of the group: priced (and reserved) on the group, no finding of its own.
resource "aws_elasticache_cluster" "member" {
  cluster_id           = "sessions-extra"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
