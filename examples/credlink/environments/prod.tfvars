# Production: the defaults, spelled out.
environment = "prod"

az_count           = 2
single_nat_gateway = false

db_instance_class        = "db.t3.micro"
db_allocated_storage     = 20
db_max_allocated_storage = 100
db_multi_az              = true
db_backup_retention_days = 30

redis_node_type          = "cache.t3.micro"
redis_num_cache_clusters = 2

desired_count = 2
min_capacity  = 2
max_capacity  = 10
