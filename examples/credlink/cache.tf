resource "aws_elasticache_subnet_group" "this" {
  name       = local.prefix
  subnet_ids = module.vpc.private_subnet_ids
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = local.prefix
  description          = "credlink session and rate-limit cache"

  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.redis_node_type
  num_cache_clusters   = var.redis_num_cache_clusters
  parameter_group_name = "default.redis7"
  port                 = 6379

  # Failover needs a replica; a one-node group (dev) runs without it.
  automatic_failover_enabled = var.redis_num_cache_clusters > 1
  multi_az_enabled           = var.redis_num_cache_clusters > 1

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.data.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.redis.result

  snapshot_retention_limit = var.redis_snapshot_retention_days
  snapshot_window          = "05:00-06:00"
  maintenance_window       = "sun:06:30-sun:07:30"
}
