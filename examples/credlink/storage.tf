resource "aws_kms_key" "proofs" {
  description             = "${local.prefix} proofs bucket"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "proofs" {
  name          = "alias/${local.prefix}-proofs"
  target_key_id = aws_kms_key.proofs.key_id
}

resource "aws_s3_bucket" "proofs" {
  bucket = "${local.prefix}-proofs-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_public_access_block" "proofs" {
  bucket = aws_s3_bucket.proofs.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "proofs" {
  bucket = aws_s3_bucket.proofs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "proofs" {
  bucket = aws_s3_bucket.proofs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.proofs.arn
    }
    # An S3 bucket key keeps KMS request charges negligible: one data key per bucket and
    # period instead of one KMS call per object.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "proofs" {
  bucket = aws_s3_bucket.proofs.id

  rule {
    id     = "archive-then-expire"
    status = "Enabled"

    filter {}

    transition {
      days          = var.proofs_glacier_after_days
      storage_class = "GLACIER"
    }

    expiration {
      days = var.proofs_expire_after_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.proofs_noncurrent_expire_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.proofs]
}

resource "aws_ecr_repository" "api" {
  name                 = "${local.prefix}-api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 10 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 10
      }
      action = { type = "expire" }
    }]
  })
}
