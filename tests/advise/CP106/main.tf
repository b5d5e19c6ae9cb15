# Log groups of a sandbox account: one kept 90 days, one forever, one already short.
provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/sandbox/app"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "audit" {
  name = "/sandbox/audit"
}

resource "aws_cloudwatch_log_group" "jobs" {
  name              = "/sandbox/jobs"
  retention_in_days = 7
}
