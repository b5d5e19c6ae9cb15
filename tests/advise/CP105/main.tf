# io1 bought for 3,000 IOPS, which gp3 includes; and a gp2 volume, which costs the same on gp3.
provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "orders" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 100
  storage_type      = "io1"
  iops              = 3000
}

resource "aws_db_instance" "legacy" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp2"
}
