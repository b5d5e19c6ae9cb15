# A production PostgreSQL database that runs all month: a reservation candidate. The snapshot
# prices 1yr No/Partial Upfront and 3yr Partial/All Upfront for db.t3.micro, not 1yr All
# Upfront nor 3yr No Upfront: those rows say "price not found".
provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_type      = "gp3"
  tags = {
    Environment = "production"
  }
}
