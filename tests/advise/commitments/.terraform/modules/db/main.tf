variable "name" {
  type = string
}

resource "aws_db_instance" "this" {
  identifier        = var.name
  engine            = "mysql"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  storage_type      = "gp3"
}
