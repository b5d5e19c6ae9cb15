variable "name" {
  description = "Name prefix for every network resource."
  type        = string
}

variable "cidr_block" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "az_count" {
  description = "Number of availability zones to spread the subnets over."
  type        = number
  default     = 2
}

variable "azs" {
  description = "Availability zone names, at least az_count of them."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by all private subnets instead of one per AZ (cheaper, no AZ isolation)."
  type        = bool
  default     = false
}

variable "flow_logs_retention_days" {
  description = "Retention of the VPC flow log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
