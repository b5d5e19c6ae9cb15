variable "azs" {
  type = number
}

variable "single_nat_gateway" {
  type    = bool
  default = false
}

locals {
  nat_count = var.single_nat_gateway ? 1 : var.azs
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = local.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = "subnet-${count.index}"
}
