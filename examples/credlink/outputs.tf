output "load_balancer_dns_name" {
  description = "Point the API's DNS name here."
  value       = aws_lb.api.dns_name
}

output "ecr_repository_url" {
  value = aws_ecr_repository.api.repository_url
}

output "proofs_bucket" {
  value = aws_s3_bucket.proofs.bucket
}

output "nat_gateway_ids" {
  value = module.vpc.nat_gateway_ids
}
