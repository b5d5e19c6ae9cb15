//! Unpacking module archives (`.tar.gz`, `.zip`) into a fresh directory, refusing anything that
//! could write outside it.
//!
//! Contract:
//! - Entry names are relative paths of plain components (a leading `./` is dropped): an
//!   absolute name, a drive, `..` or `\` refuses the whole archive.
//! - A symbolic link is kept only when its target is relative and has no `..` (it then points
//!   inside the tree whatever directory it sits in); any other link refuses the archive. A tar
//!   hard link becomes a copy of an earlier entry. Devices and FIFOs refuse the archive.
//! - At most [`MAX_UNPACKED`] bytes and [`MAX_ENTRIES`] entries (archive bombs).
//! - The caller unpacks into a temporary directory and discards it on error, so a refused
//!   archive leaves nothing behind.
//! - tar: ustar and GNU (`L`/`K` long names) and pax (`path`, `linkpath`) headers. zip: stored
//!   and deflated entries, CRC-checked; zip64 and encrypted entries are refused.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::address::ArchiveKind;

/// Most bytes an archive may unpack to.
pub const MAX_UNPACKED: u64 = 1 << 30;
/// Most entries in an archive.
pub const MAX_ENTRIES: usize = 100_000;

/// Unpacks `bytes` into `dest` (an existing, empty directory). `Err` says why it was refused.
pub fn unpack(bytes: &[u8], kind: ArchiveKind, dest: &Path) -> Result<(), String> {
    match kind {
        ArchiveKind::TarGz => {
            let mut tar = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .take(MAX_UNPACKED + 1)
                .read_to_end(&mut tar)
                .map_err(|e| format!("not a gzip file: {e}"))?;
            if tar.len() as u64 > MAX_UNPACKED {
                return Err(format!("it unpacks to over {MAX_UNPACKED} bytes"));
            }
            untar(&tar, dest)
        }
        ArchiveKind::Zip => unzip(bytes, dest),
    }
}

/// The path of entry `name` under `dest`, or why it is refused. `None`: the entry is the root.
fn entry_path(dest: &Path, name: &str) -> Result<Option<PathBuf>, String> {
    if name.contains('\\') {
        return Err(format!("entry `{name}` contains `\\`"));
    }
    let mut rel = PathBuf::new();
    for c in Path::new(name).components() {
        match c {
            Component::Normal(p) => rel.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!("entry `{name}` has a `..` path (path traversal)"));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!("entry `{name}` is an absolute path"));
            }
        }
    }
    Ok((!rel.as_os_str().is_empty()).then(|| dest.join(rel)))
}

fn check_link_target(name: &str, target: &str) -> Result<(), String> {
    let escapes = target.is_empty()
        || target.starts_with('/')
        || target.contains('\\')
        || Path::new(target)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes {
        return Err(format!(
            "entry `{name}` is a symbolic link to `{target}`, which may point out of the module"
        ));
    }
    Ok(())
}

/// Writes one entry.
struct Writer<'a> {
    dest: &'a Path,
    total: u64,
    entries: usize,
}

impl Writer<'_> {
    fn count(&mut self, size: u64) -> Result<(), String> {
        self.entries += 1;
        self.total += size;
        if self.entries > MAX_ENTRIES {
            return Err(format!("it has over {MAX_ENTRIES} entries"));
        }
        if self.total > MAX_UNPACKED {
            return Err(format!("it unpacks to over {MAX_UNPACKED} bytes"));
        }
        Ok(())
    }

    fn dir(&mut self, name: &str) -> Result<(), String> {
        self.count(0)?;
        if let Some(p) = entry_path(self.dest, name)? {
            std::fs::create_dir_all(&p).map_err(|e| format!("creating `{name}`: {e}"))?;
        }
        Ok(())
    }

    fn file(&mut self, name: &str, data: &[u8]) -> Result<(), String> {
        self.count(data.len() as u64)?;
        let Some(p) = entry_path(self.dest, name)? else {
            return Err("an entry with an empty name is not a file".into());
        };
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("creating `{name}`: {e}"))?;
        }
        // Never write through an existing link or over a directory.
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(format!("entry `{name}` appears twice"));
        }
        std::fs::write(&p, data).map_err(|e| format!("writing `{name}`: {e}"))
    }

    fn symlink(&mut self, name: &str, target: &str) -> Result<(), String> {
        self.count(0)?;
        check_link_target(name, target)?;
        let Some(p) = entry_path(self.dest, name)? else {
            return Err("the archive root is a link".into());
        };
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("creating `{name}`: {e}"))?;
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(target, &p).map_err(|e| format!("linking `{name}`: {e}"))
        }
        #[cfg(not(unix))]
        {
            Err(format!("entry `{name}` is a symbolic link, which costplan does not create here"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// tar

fn octal(field: &[u8]) -> Result<u64, String> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        // base-256 (GNU) for large sizes
        let mut n: u64 = u64::from(field[0] & 0x7f);
        for &b in &field[1..] {
            n = n
                .checked_mul(256)
                .and_then(|n| n.checked_add(u64::from(b)))
                .ok_or("size overflow")?;
        }
        return Ok(n);
    }
    let s: String = field
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect::<String>()
        .trim()
        .to_string();
    if s.is_empty() {
        return Ok(0);
    }
    u64::from_str_radix(&s, 8).map_err(|_| format!("bad number `{s}` in a tar header"))
}

fn cstr(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// `path` and `linkpath` of a pax extended header.
fn pax(data: &[u8]) -> (Option<String>, Option<String>) {
    let (mut path, mut link) = (None, None);
    let mut rest = data;
    while !rest.is_empty() {
        let Some(sp) = rest.iter().position(|&b| b == b' ') else { break };
        let Ok(len) = std::str::from_utf8(&rest[..sp]).unwrap_or("").parse::<usize>() else {
            break;
        };
        if len <= sp || len > rest.len() {
            break;
        }
        let record = String::from_utf8_lossy(&rest[sp + 1..len]);
        let record = record.trim_end_matches('\n');
        if let Some((k, v)) = record.split_once('=') {
            match k {
                "path" => path = Some(v.to_string()),
                "linkpath" => link = Some(v.to_string()),
                _ => {}
            }
        }
        rest = &rest[len..];
    }
    (path, link)
}

fn untar(tar: &[u8], dest: &Path) -> Result<(), String> {
    let mut w = Writer { dest, total: 0, entries: 0 };
    let mut at = 0usize;
    let (mut long_name, mut long_link): (Option<String>, Option<String>) = (None, None);
    while at + 512 <= tar.len() {
        let h = &tar[at..at + 512];
        if h.iter().all(|&b| b == 0) {
            return Ok(());
        }
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u64::from(b) })
            .sum();
        if octal(&h[148..156])? != sum {
            return Err("a tar header's checksum is wrong (not a tar archive, or corrupt)".into());
        }
        let size = octal(&h[124..136])?;
        let size_us = usize::try_from(size).map_err(|_| "entry too large".to_string())?;
        let start = at + 512;
        let end = start
            .checked_add(size_us)
            .filter(|&e| e <= tar.len())
            .ok_or("the tar archive is truncated")?;
        let data = &tar[start..end];
        at = start + size_us.div_ceil(512) * 512;
        let kind = h[156];
        let mut name = cstr(&h[0..100]);
        if &h[257..262] == b"ustar" {
            let prefix = cstr(&h[345..500]);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        let link = long_link.take().unwrap_or_else(|| cstr(&h[157..257]));
        match kind {
            b'L' => long_name = Some(cstr(data)),
            b'K' => long_link = Some(cstr(data)),
            b'x' => {
                let (p, l) = pax(data);
                long_name = p;
                long_link = l;
            }
            b'g' => {}
            b'0' | 0 | b'7' => {
                if name.ends_with('/') {
                    w.dir(&name)?;
                } else {
                    w.file(&name, data)?;
                }
            }
            b'5' => w.dir(&name)?,
            b'2' => w.symlink(&name, &link)?,
            b'1' => {
                let Some(src) = entry_path(dest, &link)? else {
                    return Err(format!("entry `{name}` is a hard link to the archive root"));
                };
                let meta = std::fs::symlink_metadata(&src).map_err(|_| {
                    format!(
                        "entry `{name}` links to `{link}`, which is not in the archive before it"
                    )
                })?;
                if !meta.is_file() {
                    return Err(format!(
                        "entry `{name}` is a hard link to `{link}`, which is not a file"
                    ));
                }
                let bytes = std::fs::read(&src).map_err(|e| format!("reading `{link}`: {e}"))?;
                w.file(&name, &bytes)?;
            }
            other => {
                return Err(format!(
                    "entry `{name}` is of tar type `{}` (a device, FIFO or unknown kind)",
                    other as char
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// zip

fn u16_at(b: &[u8], at: usize) -> Result<u16, String> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| "the zip archive is truncated".into())
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| "the zip archive is truncated".into())
}

fn unzip(zip: &[u8], dest: &Path) -> Result<(), String> {
    const EOCD: u32 = 0x0605_4b50;
    const CENTRAL: u32 = 0x0201_4b50;
    const LOCAL: u32 = 0x0403_4b50;
    let lowest = zip.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..=zip.len().saturating_sub(22))
        .rev()
        .find(|&i| u32_at(zip, i).ok() == Some(EOCD))
        .ok_or("not a zip archive (no end of central directory)")?;
    let entries = u16_at(zip, eocd + 10)?;
    let cd_offset = u32_at(zip, eocd + 16)?;
    if entries == 0xffff || cd_offset == 0xffff_ffff {
        return Err("zip64 archives are not supported".into());
    }
    let mut w = Writer { dest, total: 0, entries: 0 };
    let mut at = cd_offset as usize;
    for _ in 0..entries {
        if u32_at(zip, at)? != CENTRAL {
            return Err("the zip central directory is corrupt".into());
        }
        let made_by = u16_at(zip, at + 4)?;
        let flags = u16_at(zip, at + 8)?;
        let method = u16_at(zip, at + 10)?;
        let crc = u32_at(zip, at + 16)?;
        let csize = u32_at(zip, at + 20)? as usize;
        let usize_ = u64::from(u32_at(zip, at + 24)?);
        let (n, e, c) = (
            u16_at(zip, at + 28)? as usize,
            u16_at(zip, at + 30)? as usize,
            u16_at(zip, at + 32)? as usize,
        );
        let attrs = u32_at(zip, at + 38)?;
        let local = u32_at(zip, at + 42)? as usize;
        let name_bytes = zip.get(at + 46..at + 46 + n).ok_or("the zip archive is truncated")?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        at += 46 + n + e + c;
        if flags & 1 != 0 {
            return Err(format!("entry `{name}` is encrypted"));
        }
        if u32_at(zip, local)? != LOCAL {
            return Err(format!("entry `{name}`: bad local header"));
        }
        let start =
            local + 30 + u16_at(zip, local + 26)? as usize + u16_at(zip, local + 28)? as usize;
        let raw = zip.get(start..start + csize).ok_or("the zip archive is truncated")?;
        if usize_ > MAX_UNPACKED {
            return Err(format!("it unpacks to over {MAX_UNPACKED} bytes"));
        }
        let data = match method {
            0 => raw.to_vec(),
            8 => {
                let mut out = Vec::new();
                flate2::read::DeflateDecoder::new(raw)
                    .take(usize_ + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| format!("entry `{name}`: {e}"))?;
                out
            }
            m => {
                return Err(format!(
                    "entry `{name}` uses compression method {m} (only stored and deflate are supported)"
                ));
            }
        };
        if data.len() as u64 != usize_ {
            return Err(format!("entry `{name}`: its size is not the one recorded"));
        }
        let mut sum = flate2::Crc::new();
        sum.update(&data);
        if sum.sum() != crc {
            return Err(format!("entry `{name}`: CRC mismatch (corrupt archive)"));
        }
        let unix_mode = if made_by >> 8 == 3 { attrs >> 16 } else { 0 };
        if unix_mode & 0o170_000 == 0o120_000 {
            w.symlink(&name, &String::from_utf8_lossy(&data))?;
        } else if name.ends_with('/') {
            w.dir(&name)?;
        } else {
            w.file(&name, &data)?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tar archive of (name, type, link or content) entries, built by hand (the test must not
    /// share the code under test).
    pub(crate) fn tar(entries: &[(&str, u8, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for &(name, kind, body) in entries {
            let mut h = [0u8; 512];
            h[..name.len()].copy_from_slice(name.as_bytes());
            h[100..107].copy_from_slice(b"0000644");
            let size = if kind == b'0' { body.len() } else { 0 };
            h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
            h[136..147].copy_from_slice(b"00000000000");
            h[156] = kind;
            if kind != b'0' {
                h[157..157 + body.len()].copy_from_slice(body.as_bytes());
            }
            h[257..263].copy_from_slice(b"ustar\0");
            h[263..265].copy_from_slice(b"00");
            h[148..156].copy_from_slice(b"        ");
            let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
            h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
            out.extend_from_slice(&h);
            if kind == b'0' {
                out.extend_from_slice(body.as_bytes());
                out.resize(out.len().div_ceil(512) * 512, 0);
            }
        }
        out.resize(out.len() + 1024, 0);
        out
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_tarball_unpacks_with_dirs_files_and_inner_links() {
        let dir = tempfile::tempdir().unwrap();
        let t = tar(&[
            ("pkg/", b'5', ""),
            ("pkg/main.tf", b'0', "resource \"x\" \"y\" {}\n"),
            ("pkg/link.tf", b'2', "main.tf"),
        ]);
        unpack(&gz(&t), ArchiveKind::TarGz, dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("pkg/link.tf")).unwrap(),
            "resource \"x\" \"y\" {}\n"
        );
    }

    #[test]
    fn traversal_and_escaping_links_are_refused() {
        for (entries, want) in [
            (vec![("../evil.tf", b'0', "x")], "path traversal"),
            (vec![("a/../../evil.tf", b'0', "x")], "path traversal"),
            (vec![("/etc/evil", b'0', "x")], "absolute"),
            (vec![("a", b'2', "/etc")], "symbolic link"),
            (vec![("a", b'2', "../..")], "symbolic link"),
            (vec![("dev", b'3', "")], "device"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let e = unpack(&gz(&tar(&entries)), ArchiveKind::TarGz, dir.path()).unwrap_err();
            assert!(e.contains(want), "{entries:?}: {e}");
            assert!(!dir.path().parent().unwrap().join("evil.tf").exists());
        }
    }

    /// A zip of stored entries, built by hand.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for &(name, data) in entries {
            let mut crc = flate2::Crc::new();
            crc.update(data);
            let offset = out.len() as u32;
            let mut local = Vec::new();
            local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            local.extend_from_slice(&crc.sum().to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(data.len() as u32).to_le_bytes());
            local.extend_from_slice(&(name.len() as u16).to_le_bytes());
            local.extend_from_slice(&0u16.to_le_bytes());
            local.extend_from_slice(name.as_bytes());
            local.extend_from_slice(data);
            out.extend_from_slice(&local);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&crc.sum().to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        let n = entries.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn a_zip_unpacks_and_a_traversal_entry_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        unpack(&zip(&[("m/main.tf", b"x = 1\n")]), ArchiveKind::Zip, dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("m/main.tf")).unwrap(), "x = 1\n");
        let dir = tempfile::tempdir().unwrap();
        let e = unpack(&zip(&[("../../evil.tf", b"x")]), ArchiveKind::Zip, dir.path()).unwrap_err();
        assert!(e.contains("path traversal"), "{e}");
    }
}
