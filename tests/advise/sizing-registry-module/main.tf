# A bucket and a load-balanced Fargate service defined by a registry module installed by
# `terraform init`: CP150 and CP160 find them, but costplan does not edit a module that is not
# part of the project, so the findings say what to change instead of giving a patch.
provider "aws" {
  region = "us-east-1"
}

module "app" {
  source  = "acme/web-app/aws"
  version = "2.0.0"
  name    = "shop"
}
