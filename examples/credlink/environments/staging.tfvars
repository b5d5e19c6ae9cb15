# Staging: production's shape (two AZs, failover) at the smallest sizes, shorter retention.
environment = "staging"
domain_name = "api.staging.credlink.example.com"

az_count           = 2
single_nat_gateway = true

db_multi_az              = false
db_backup_retention_days = 7

redis_num_cache_clusters      = 2
redis_snapshot_retention_days = 1

desired_count = 1
min_capacity  = 1
max_capacity  = 4

log_retention_days = 14
