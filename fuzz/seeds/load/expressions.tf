provider "aws" {
  region = "us-east-1"
}

locals {
  servers = [
    { name = "a", size = "small", zone = "x" },
    { name = "b", size = "large", zone = "y" },
    { name = "c", size = "small", zone = "x" },
  ]
  by_zone    = { for s in local.servers : s.zone => s.name... }
  names      = local.servers[*].name
  legacy     = local.servers.*.size
  small      = [for s in local.servers : upper(s.name) if s.size == "small"]
  indexed    = { for i, s in local.servers : s.name => i }
  settings   = { cpu = 256 }
  cpu        = try(local.settings.cpu, 128)
  memory     = try(local.settings.memory, 512)
  has_memory = can(local.settings.memory)
  maybe_null = null
  fallback   = local.maybe_null == null ? "was null" : "was set"
  math       = [10 / 4, 7 % 3, -2 * 3, 1 + "2"]
  logic      = [true && false, true || false, !true, 1 < 2, 2 >= 3, "a" == "a", 1 != 1]
  heredoc    = <<-EOT
    name=${local.names[0]}
    %{~ for s in local.servers ~}
    ${s.name}:${s.size}
    %{~ endfor ~}
    %{ if local.cpu > 200 }big%{ else }small%{ endif }
  EOT
  single     = "${local.cpu}"
  escaped    = "$${literal} %%{literal}"
}

resource "aws_ssm_parameter" "results" {
  name = "expressions"
  value = {
    by_zone    = local.by_zone
    names      = local.names
    legacy     = local.legacy
    indexed    = local.indexed
    cpu        = local.cpu
    memory     = local.memory
    has_memory = local.has_memory
    fallback   = local.fallback
    math       = local.math
    logic      = local.logic
    heredoc    = local.heredoc
    single     = local.single
    escaped    = local.escaped
    nested     = local.servers[1]["name"]
  }
}
