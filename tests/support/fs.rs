//! Files for tests: copying a fixture tree into a temporary directory. Shared by the test
//! binaries through `#[path = "support/fs.rs"] mod fs;`.

use std::path::Path;

/// Copies the directory tree `from` into `to` (created when missing).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).expect("copy");
        }
    }
}
