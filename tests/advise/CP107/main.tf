# A staging VPC: two AZs, one NAT gateway per AZ, a busy worker in the private subnets that
# writes to S3 and logs a lot. No VPC endpoint yet.
provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "public" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.1.0.0/16", 8, count.index)
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.1.0.0/16", 8, count.index + 10)
}

resource "aws_eip" "nat" {
  count  = 2
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  count         = 2
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}

# Each AZ leaves through its own NAT gateway.
resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[count.index].id
  }
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_s3_bucket" "exports" {
  bucket = "staging-exports"
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/staging/worker"
  retention_in_days = 7
}

resource "aws_ecs_cluster" "main" {
  name = "staging"
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  container_definitions = jsonencode([{
    name  = "worker"
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1"
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = "/staging/worker", awslogs-region = "us-east-1" }
    }
  }])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    assign_public_ip = false
  }
}
