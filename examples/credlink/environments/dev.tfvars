# Dev: one NAT gateway, Single-AZ RDS, one Redis node, one task.
environment = "dev"
domain_name = "api.dev.credlink.example.com"

single_nat_gateway = true

db_multi_az              = false
db_backup_retention_days = 7

redis_num_cache_clusters      = 1
redis_snapshot_retention_days = 1

desired_count = 1
min_capacity  = 1
max_capacity  = 2
