resource "aws_sns_topic" "alarms" {
  name = "${local.prefix}-alarms"
}

resource "aws_sns_topic_subscription" "alarms_email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Custom metrics from the API's structured logs: five filters, no dimensions, so five metrics.
locals {
  log_metrics = {
    sign_errors     = "{ $.route = \"/sign\" && $.status >= 500 }"
    verify_errors   = "{ $.route = \"/verify\" && $.status >= 500 }"
    verify_failures = "{ $.route = \"/verify\" && $.result = \"invalid\" }"
    s3_errors       = "{ $.component = \"s3\" && $.level = \"error\" }"
    db_errors       = "{ $.component = \"db\" && $.level = \"error\" }"
  }
}

resource "aws_cloudwatch_log_metric_filter" "api" {
  for_each = local.log_metrics

  name           = "${local.prefix}-${each.key}"
  log_group_name = aws_cloudwatch_log_group.api.name
  pattern        = each.value

  metric_transformation {
    name          = each.key
    namespace     = "Credlink/${var.environment}"
    value         = "1"
    default_value = "0"
  }
}

# Eleven standard-resolution alarms on single metrics.
locals {
  alarms = {
    alb_5xx = {
      namespace  = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", statistic = "Sum",
      threshold  = 10, comparison = "GreaterThanThreshold",
      dimensions = { LoadBalancer = aws_lb.api.arn_suffix }
    }
    alb_latency = {
      namespace  = "AWS/ApplicationELB", metric = "TargetResponseTime", statistic = "Average",
      threshold  = 2, comparison = "GreaterThanThreshold",
      dimensions = { LoadBalancer = aws_lb.api.arn_suffix }
    }
    alb_unhealthy_hosts = {
      namespace  = "AWS/ApplicationELB", metric = "UnHealthyHostCount", statistic = "Maximum",
      threshold  = 0, comparison = "GreaterThanThreshold",
      dimensions = { LoadBalancer = aws_lb.api.arn_suffix, TargetGroup = aws_lb_target_group.api.arn_suffix }
    }
    ecs_cpu = {
      namespace  = "AWS/ECS", metric = "CPUUtilization", statistic = "Average",
      threshold  = 85, comparison = "GreaterThanThreshold",
      dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = aws_ecs_service.api.name }
    }
    ecs_memory = {
      namespace  = "AWS/ECS", metric = "MemoryUtilization", statistic = "Average",
      threshold  = 85, comparison = "GreaterThanThreshold",
      dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = aws_ecs_service.api.name }
    }
    rds_cpu = {
      namespace  = "AWS/RDS", metric = "CPUUtilization", statistic = "Average",
      threshold  = 80, comparison = "GreaterThanThreshold",
      dimensions = { DBInstanceIdentifier = aws_db_instance.this.identifier }
    }
    rds_free_storage = {
      namespace  = "AWS/RDS", metric = "FreeStorageSpace", statistic = "Minimum",
      threshold  = 2147483648, comparison = "LessThanThreshold",
      dimensions = { DBInstanceIdentifier = aws_db_instance.this.identifier }
    }
    rds_connections = {
      namespace  = "AWS/RDS", metric = "DatabaseConnections", statistic = "Maximum",
      threshold  = 60, comparison = "GreaterThanThreshold",
      dimensions = { DBInstanceIdentifier = aws_db_instance.this.identifier }
    }
    redis_cpu = {
      namespace  = "AWS/ElastiCache", metric = "EngineCPUUtilization", statistic = "Average",
      threshold  = 80, comparison = "GreaterThanThreshold",
      dimensions = { ReplicationGroupId = aws_elasticache_replication_group.this.id }
    }
    redis_memory = {
      namespace  = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage", statistic = "Average",
      threshold  = 80, comparison = "GreaterThanThreshold",
      dimensions = { ReplicationGroupId = aws_elasticache_replication_group.this.id }
    }
    sign_errors = {
      namespace  = "Credlink/${var.environment}", metric = "sign_errors", statistic = "Sum",
      threshold  = 5, comparison = "GreaterThanThreshold",
      dimensions = {}
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${local.prefix}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = 300
  evaluation_periods  = 2
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_dashboard" "operations" {
  dashboard_name = "${local.prefix}-operations"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "Requests and 5xx"
          region  = var.region
          metrics = [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", aws_lb.api.arn_suffix], [".", "HTTPCode_Target_5XX_Count", ".", "."]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Service CPU and memory"
          region  = var.region
          metrics = [["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.this.name, "ServiceName", aws_ecs_service.api.name], [".", "MemoryUtilization", ".", ".", ".", "."]]
        }
      },
    ]
  })
}

resource "aws_cloudwatch_dashboard" "business" {
  dashboard_name = "${local.prefix}-business"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "log", x = 0, y = 0, width = 24, height = 6
        properties = {
          title  = "Signs and verifications per hour"
          region = var.region
          query  = "SOURCE '${aws_cloudwatch_log_group.api.name}' | filter route in ['/sign', '/verify'] | stats count(*) by route, bin(1h)"
        }
      },
    ]
  })
}
