# An ECS service defined by a registry module installed by `terraform init`.
provider "aws" {
  region = "us-east-1"
}

module "svc" {
  source  = "acme/fargate-service/aws"
  version = "1.2.0"
  name    = "worker"
}
