# A test VPC with one NAT gateway per AZ in three AZs.
provider "aws" {
  region = "us-east-1"
}

module "network" {
  source = "./modules/network"

  azs                = 3
  single_nat_gateway = false # one per AZ, copied from production
}
