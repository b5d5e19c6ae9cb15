# Defaults are the production configuration the seed README described; environments/*.tfvars
# override them per environment.

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Environment name, part of every resource name."
  type        = string
  default     = "prod"
}

variable "name" {
  description = "Service name."
  type        = string
  default     = "credlink"
}

variable "domain_name" {
  description = "Public host name served by the load balancer (ACM certificate subject)."
  type        = string
  default     = "api.credlink.example.com"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "az_count" {
  description = "Availability zones used."
  type        = number
  default     = 2
}

variable "single_nat_gateway" {
  description = "Share one NAT gateway between all AZs."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the application and VPC flow log groups."
  type        = number
  default     = 30
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t3.micro"
}

variable "db_allocated_storage" {
  description = "RDS storage in GB at creation."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage" {
  description = "Upper bound of RDS storage autoscaling, GB."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "Standby replica in a second AZ."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Automated backup retention."
  type        = number
  default     = 30
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t3.micro"
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes in the replication group (primary + replicas)."
  type        = number
  default     = 2
}

variable "redis_snapshot_retention_days" {
  description = "Daily Redis snapshots kept."
  type        = number
  default     = 7
}

variable "task_cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 256
}

variable "task_memory" {
  description = "Fargate task memory, MiB."
  type        = number
  default     = 512
}

variable "desired_count" {
  description = "Tasks running when the service is created."
  type        = number
  default     = 2
}

variable "min_capacity" {
  description = "Autoscaling lower bound."
  type        = number
  default     = 2
}

variable "max_capacity" {
  description = "Autoscaling upper bound."
  type        = number
  default     = 10
}

variable "container_port" {
  description = "Port the API listens on."
  type        = number
  default     = 8080
}

variable "image_tag" {
  description = "Container image tag deployed."
  type        = string
  default     = "latest"
}

variable "proofs_glacier_after_days" {
  description = "Proofs move to S3 Glacier Flexible Retrieval after this many days."
  type        = number
  default     = 90
}

variable "proofs_expire_after_days" {
  description = "Proofs are deleted after this many days."
  type        = number
  default     = 365
}

variable "proofs_noncurrent_expire_days" {
  description = "Noncurrent versions of proofs are deleted after this many days."
  type        = number
  default     = 30
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic."
  type        = string
  default     = "oncall@credlink.example.com"
}
