resource "aws_secretsmanager_secret" "db" {
  name                    = "${local.prefix}/db"
  description             = "PostgreSQL credentials of the API"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = aws_db_instance.this.username
    password = random_password.db.result
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    dbname   = aws_db_instance.this.db_name
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${local.prefix}/redis"
  description             = "Redis AUTH token"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id     = aws_secretsmanager_secret.redis.id
  secret_string = random_password.redis.result
}

resource "aws_secretsmanager_secret" "signing_key" {
  name                    = "${local.prefix}/signing-key"
  description             = "Private key the API signs proofs with (set out of band)"
  recovery_window_in_days = 7
}
