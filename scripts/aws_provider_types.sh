#!/usr/bin/env bash
# Regenerates src/resources/data/aws_provider_types.txt: the managed resource types of the
# Terraform AWS provider, read from the provider's own schema (`terraform providers schema
# -json`). Needs terraform and the provider (PLUGIN_DIR holds
# registry.terraform.io/hashicorp/aws/<VERSION>/...; without it, `terraform init` downloads it).
# Usage: scripts/aws_provider_types.sh [VERSION] [PLUGIN_DIR]
set -euo pipefail
version="${1:-5.100.0}"
plugins="${2:-}"
out="$(cd "$(dirname "$0")/.." && pwd)/src/resources/data/aws_provider_types.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/main.tf" <<TF
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "$version" }
  }
}
TF
(
  cd "$work"
  if [ -n "$plugins" ]; then
    terraform init -input=false -plugin-dir="$plugins" >/dev/null
  else
    terraform init -input=false >/dev/null
  fi
  terraform providers schema -json >schema.json
)
{
  echo "# Managed resource types of the Terraform AWS provider $version, from its schema"
  echo "# (terraform providers schema -json); regenerate with scripts/aws_provider_types.sh."
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for name in sorted(d["provider_schemas"]["registry.terraform.io/hashicorp/aws"]["resource_schemas"]):
    print(name)
' "$work/schema.json"
} >"$out"
echo "wrote $(grep -vc '^#' "$out") types to $out"
