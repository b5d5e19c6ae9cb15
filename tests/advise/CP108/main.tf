# Log groups of a sandbox account: one nobody filters, one with a metric filter (alarms on
# errors), one streamed by a subscription filter, one read by a dashboard, one already in the
# Infrequent Access class.
provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/sandbox/audit"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/sandbox/api"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_metric_filter" "api_errors" {
  name           = "api-errors"
  log_group_name = aws_cloudwatch_log_group.api.name
  pattern        = "ERROR"

  metric_transformation {
    name      = "ApiErrors"
    namespace = "Sandbox"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_group" "events" {
  name              = "/sandbox/events"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_subscription_filter" "events" {
  name            = "to-firehose"
  log_group_name  = aws_cloudwatch_log_group.events.name
  filter_pattern  = ""
  destination_arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/events"
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/sandbox/web"
  retention_in_days = 14
}

resource "aws_cloudwatch_dashboard" "web" {
  dashboard_name = "web"
  dashboard_body = jsonencode({
    widgets = [{
      type       = "log"
      properties = { query = "SOURCE '/sandbox/web' | stats count(*) by bin(1h)", region = "us-east-1" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "archive" {
  name              = "/sandbox/archive"
  retention_in_days = 365
  log_group_class   = "INFREQUENT_ACCESS"
}

# Generated names (known only after apply): the metric filter refers to `jobs`, so only `jobs`
# keeps the Standard class; `batch`, which nothing uses, is advised.
resource "aws_cloudwatch_log_group" "jobs" {
  name_prefix       = "/sandbox/jobs-"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_metric_filter" "jobs_errors" {
  name           = "jobs-errors"
  log_group_name = aws_cloudwatch_log_group.jobs.name
  pattern        = "ERROR"

  metric_transformation {
    name      = "JobsErrors"
    namespace = "Sandbox"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_group" "batch" {
  name_prefix       = "/sandbox/batch-"
  retention_in_days = 14
}
