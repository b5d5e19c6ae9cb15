# `media` receives the scenario's uploads (2 MB objects, kept forever): it has no lifecycle
# configuration, so the patch adds one after it, moving objects to Standard-IA after 30 days.
# `exports` has no S3 traffic in the scenario: its object size is not known, so it is listed
# as not recommended, saying so.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "media" {
  bucket = "shop-media"
}

resource "aws_s3_bucket_versioning" "media" {
  bucket = aws_s3_bucket.media.id

  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "shop-exports"
}
