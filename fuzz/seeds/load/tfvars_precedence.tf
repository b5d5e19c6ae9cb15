variable "from_default" {
  default = "default"
}
variable "from_env" {}
variable "from_tfvars" {}
variable "from_auto_a" {}
variable "from_auto_b" {}
variable "from_var_file" {}
variable "from_flag" {}
variable "tags" {
  type = map(string)
}

resource "aws_ssm_parameter" "p" {
  name = "precedence"
  value = {
    default   = var.from_default
    env       = var.from_env
    tfvars    = var.from_tfvars
    auto_a    = var.from_auto_a
    auto_b    = var.from_auto_b
    var_file  = var.from_var_file
    flag      = var.from_flag
    tags      = var.tags
  }
}
