module "vol" {
  source = "./modules/vol"
  cfg    = { name = "data", extra = [{ port = 80 }], disk = { type = "io2" } }
}
