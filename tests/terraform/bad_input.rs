//! Bad input: every case is a clear error (file:line:column, snippet, what to do), never a panic.

use costplan::terraform::{self, LoadError, LoadOptions};

use crate::common::{fixture, load_err};

/// The error message with the machine-specific fixture directory replaced.
fn message(e: &LoadError) -> String {
    e.to_string().replace(&fixture("").display().to_string(), "<fixtures>/")
}

#[test]
fn malformed_hcl_points_at_line_and_column() {
    let e = load_err("bad_hcl");
    assert!(matches!(e, LoadError::Parse { .. }));
    insta::assert_snapshot!("bad_hcl", message(&e));
}

#[test]
fn missing_path() {
    let e = load_err("does_not_exist");
    assert!(matches!(e, LoadError::NotFound(_)));
    insta::assert_snapshot!("missing_path", message(&e));
}

#[test]
fn directory_without_tf_files() {
    let e = load_err("no_tf");
    assert!(matches!(e, LoadError::NoTerraformFiles(_)));
    insta::assert_snapshot!("no_tf", message(&e));
}

#[test]
fn an_unreadable_tf_file_is_an_error_naming_it() {
    // A dangling symlink: unreadable whoever runs the test (root reads files of any mode).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_eip\" \"a\" {}\n").unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere.tf"), dir.path().join("network.tf"))
        .unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, LoadError::Io { .. }), "{text}");
    assert!(text.contains("network.tf") && text.contains("readable"), "{text}");
}

#[test]
fn empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::NoTerraformFiles(_)), "{e}");
}

#[test]
fn a_file_instead_of_a_directory() {
    let e = terraform::load(&LoadOptions::new(fixture("basic/main.tf"))).unwrap_err();
    assert!(matches!(e, LoadError::NotADirectory(_)), "{e}");
}

#[test]
fn binary_junk_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), [0x7f, b'E', b'L', b'F', 0xff, 0xfe, 0, 1, 2, 3])
        .unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::NotText(_)), "{e}");
    assert!(e.to_string().contains("main.tf"), "{e}");
}

#[test]
fn random_bytes_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: [&[u8]; 8] = [
        b"resource",
        b"resource \"a\" \"b\" { x = ",
        b"locals { a = [for x in : x] }",
        b"locals { a = \"${\" }",
        b"x = <<EOT\nabc",
        b"{{{{{{{{",
        b"resource \"a\" \"b\" { count = 1/0 }",
        b"locals { a = {for k in [1,1] : k => k} }\nresource \"x\" \"y\" { v = local.a }",
    ];
    for input in inputs {
        std::fs::write(dir.path().join("main.tf"), input).unwrap();
        // Either outcome is fine; a panic fails the test.
        let _ = terraform::load(&LoadOptions::new(dir.path()));
    }
}

#[test]
fn cyclic_locals_name_the_cycle() {
    let e = load_err("cyclic_locals");
    assert!(matches!(e, LoadError::Cycle { .. }));
    insta::assert_snapshot!("cyclic_locals", message(&e));
}

#[test]
fn cyclic_modules_name_the_chain() {
    let e = load_err("cyclic_modules");
    assert!(matches!(e, LoadError::ModuleCycle { .. }));
    insta::assert_snapshot!("cyclic_modules", message(&e));
}

#[test]
fn for_each_over_a_string() {
    let e = load_err("for_each_non_collection");
    insta::assert_snapshot!("for_each_non_collection", message(&e));
}

#[test]
fn negative_count() {
    let e = load_err("negative_count");
    insta::assert_snapshot!("negative_count", message(&e));
}

#[test]
fn count_over_the_limit() {
    let e = load_err("count_limit");
    assert!(matches!(e, LoadError::Limit { .. }));
    insta::assert_snapshot!("count_limit", message(&e));
}

#[test]
fn bad_var_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "variable \"a\" {}\n").unwrap();
    std::fs::write(dir.path().join("terraform.tfvars"), "a = var.b\n").unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("terraform.tfvars:1:5"), "{text}");
}

/// Every prefix of a fixture that uses most of the syntax is valid or a clean error: the loader
/// never panics on truncated input (a cheap stand-in for the fuzzer in `fuzz/`).
#[test]
fn every_truncation_of_a_fixture_loads_or_fails_cleanly() {
    let text = std::fs::read_to_string(fixture("expressions/main.tf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (end, _) in text.char_indices().step_by(7) {
        std::fs::write(dir.path().join("main.tf"), &text[..end]).unwrap();
        let _ = terraform::load(&LoadOptions::new(dir.path()));
    }
}

#[test]
fn module_nesting_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 52 nested directories, each calling the next.
    let mut path = dir.path().to_path_buf();
    for _ in 0..52 {
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join("main.tf"), "module \"next\" {\n  source = \"./next\"\n}\n")
            .unwrap();
        path = path.join("next");
    }
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join("main.tf"), "resource \"aws_sqs_queue\" \"q\" {}\n").unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::Limit { .. }), "{e}");
    assert!(e.to_string().contains("over the limit of 50"), "{e}");
}

#[test]
fn files_over_50_mb_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("main.tf")).unwrap();
    // Sparse: no 50 MB actually written.
    f.set_len(terraform::MAX_FILE_BYTES + 1).unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::FileTooLarge { .. }), "{e}");
}

#[test]
fn missing_local_module_directory_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"gone\" {\n  source = \"./modules/gone\"\n}\nresource \"aws_sqs_queue\" \"q\" {}\n",
    )
    .unwrap();
    let l = terraform::load(&LoadOptions::new(dir.path())).unwrap();
    assert_eq!(l.modules_not_loaded, vec!["module.gone"]);
    assert_eq!(l.instances.len(), 1);
    let w = l.warnings.iter().find(|w| w.code == "module-not-loaded").unwrap();
    assert!(w.message.contains("./modules/gone"), "{}", w.message);
    assert_eq!(w.location.as_ref().map(|l| l.line), Some(1));
}

/// A `main.tf` that renders itself as a template used to recurse until the stack overflowed,
/// aborting the whole process.
#[test]
fn a_template_that_templates_itself_names_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "locals {\n  x = \"${templatefile(\"main.tf\", {})}\"\n}\n\
         resource \"aws_sqs_queue\" \"q\" {\n  name = local.x\n}\n",
    )
    .unwrap();
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::Limit { .. }), "{e}");
    let text = e.to_string();
    assert!(text.contains("templatefile recursion: main.tf -> main.tf"), "{text}");
}

#[test]
fn templates_that_template_each_other_name_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tpl"), "a ${templatefile(\"b.tpl\", {})}\n").unwrap();
    std::fs::write(dir.path().join("b.tpl"), "b ${templatefile(\"a.tpl\", {})}\n").unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {\n  name = templatefile(\"a.tpl\", {})\n}\n",
    )
    .unwrap();
    let text = terraform::load(&LoadOptions::new(dir.path())).unwrap_err().to_string();
    assert!(text.contains("templatefile recursion: a.tpl -> b.tpl -> a.tpl"), "{text}");
    // Located at the call that closes the loop, in the template file.
    assert!(text.contains("b.tpl:1:"), "{text}");
}

#[test]
fn templatefile_nesting_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let n = terraform::MAX_TEMPLATE_DEPTH + 2;
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("t{i}.tpl")),
            format!("${{templatefile(\"t{}.tpl\", {{}})}}", i + 1),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join(format!("t{n}.tpl")), "end").unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {\n  name = templatefile(\"t0.tpl\", {})\n}\n",
    )
    .unwrap();
    let text = terraform::load(&LoadOptions::new(dir.path())).unwrap_err().to_string();
    let limit = format!("nested deeper than {}", terraform::MAX_TEMPLATE_DEPTH);
    assert!(text.contains(&limit) && text.contains("t0.tpl -> t1.tpl"), "{text}");
}

fn write_module(dir: &std::path::Path, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("main.tf"), text).unwrap();
}

/// Module count 1000 × module count 1000 × count 1000 stays under every per-call limit and
/// used to need gigabytes: one budget across the nesting stops it, naming the chain.
#[test]
fn nested_module_counts_stop_at_the_instance_budget_naming_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_module(root, "module \"a\" {\n  source = \"./a\"\n  count  = 1000\n}\n");
    write_module(&root.join("a"), "module \"b\" {\n  source = \"../b\"\n  count  = 1000\n}\n");
    write_module(
        &root.join("b"),
        "resource \"aws_sqs_queue\" \"q\" {\n  count = 1000\n  name  = \"q\"\n}\n",
    );
    let e = terraform::load(&LoadOptions::new(root)).unwrap_err();
    assert!(matches!(e, LoadError::Limit { .. }), "{e}");
    let text = e.to_string();
    let limit = format!("more than {} resource instances", terraform::MAX_INSTANCES);
    assert!(text.contains("module.a[0] -> module.b[") && text.contains(&limit), "{text}");
    assert!(text.contains("-> aws_sqs_queue.q["), "{text}");
}

/// `for` over `range(100000)` inside another: each call is within range()'s own limit, the
/// product is 10^10 elements.
#[test]
fn nested_for_expressions_stop_at_the_expansion_budget() {
    let dir = tempfile::tempdir().unwrap();
    write_module(
        dir.path(),
        "locals {\n  grid = [for a in range(100000) : [for b in range(100000) : b]]\n}\n\
         resource \"aws_sqs_queue\" \"q\" {\n  name = length(local.grid)\n}\n",
    );
    let e = terraform::load(&LoadOptions::new(dir.path())).unwrap_err();
    assert!(matches!(e, LoadError::Limit { .. }), "{e}");
    let text = e.to_string();
    let limit = format!("more than {} instances and elements", terraform::MAX_EXPANSION);
    assert!(text.contains(&limit) && text.contains("main.tf:2:"), "{text}");
}

/// The same budget holds inside a module and in a `--var` value.
#[test]
fn the_expansion_budget_names_the_module_and_holds_for_var_values() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_module(
        root,
        "variable \"v\" {\n  type    = list(list(number))\n  default = []\n}\nmodule \"m\" {\n  source = \"./m\"\n  for_each = toset([\"x\"])\n}\n",
    );
    write_module(
        &root.join("m"),
        "locals {\n  grid = [for a in range(100000) : [for b in range(100000) : b]]\n}\n\
         output \"n\" {\n  value = length(local.grid)\n}\n\
         resource \"aws_sqs_queue\" \"q\" {\n  name = length(local.grid)\n}\n",
    );
    let text = terraform::load(&LoadOptions::new(root)).unwrap_err().to_string();
    assert!(text.contains("module.m[\"x\"] -> "), "{text}");

    let mut opts = LoadOptions::new(root);
    opts.vars =
        vec![("v".into(), "[for a in range(100000) : [for b in range(100000) : b]]".into())];
    std::fs::write(root.join("m/main.tf"), "").unwrap();
    let text = terraform::load(&opts).unwrap_err().to_string();
    let limit = format!("more than {} instances and elements", terraform::MAX_EXPANSION);
    assert!(text.contains(&limit), "{text}");
}

fn load_text(file: &str, text: &str) -> Result<terraform::Loaded, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    terraform::load(&LoadOptions::new(dir.path())).map_err(|e| e.to_string())
}

/// Terraform refuses unknown block types and blocks with the wrong labels; they used to be
/// ignored, dropping whatever they were meant to declare (a typo'd `resources` block).
#[test]
fn unknown_block_types_and_wrong_labels_are_errors_at_their_line() {
    let e = load_text(
        "main.tf",
        "resource \"aws_sqs_queue\" \"a\" {}\n\nresources \"aws_sqs_queue\" \"b\" {}\n",
    )
    .unwrap_err();
    assert!(e.contains("main.tf:3:1: unsupported block type `resources`"), "{e}");
    let e = load_text("main.tf", "resource \"aws_sqs_queue\" {}\n").unwrap_err();
    assert!(e.contains("main.tf:1:1: a `resource` block takes a type and a name"), "{e}");
    // Blocks Terraform accepts that cost nothing still load.
    let ok = load_text(
        "main.tf",
        "terraform {}\nmoved {\n  from = a.b\n  to = a.c\n}\nresource \"aws_sqs_queue\" \"a\" {}\n",
    )
    .unwrap();
    assert_eq!(ok.instances.len(), 1);
}

/// `{"resource": [1, 2, 3]}` used to load as zero instances.
#[test]
fn tf_json_of_the_wrong_shape_is_an_error_naming_file_and_key() {
    let cases = [
        (
            "{\"resource\": [1, 2, 3]}",
            "`resource` must be an object (or an array of objects), got an array holding a number",
        ),
        (
            "{\"resource\": {\"aws_sqs_queue\": {\"q\": 5}}}",
            "`resource.aws_sqs_queue.q` must be an object (or an array of objects), got a number",
        ),
        ("{\"locals\": \"x\"}", "`locals` must be an object"),
        ("{\"resources\": {}}", "unsupported block type `resources`"),
    ];
    for (text, expected) in cases {
        let e = load_text("main.tf.json", text).unwrap_err();
        assert!(e.contains("main.tf.json:1:") && e.contains(expected), "{text}: {e}");
    }
    // An array of objects at a label level is valid Terraform JSON.
    let ok =
        load_text("main.tf.json", "{\"resource\": [{\"aws_sqs_queue\": [{\"q\": {}}]}]}").unwrap();
    assert_eq!(ok.instances.len(), 1);
}
