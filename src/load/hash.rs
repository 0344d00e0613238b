//! The content hash of a data set: what the journal records as the base
//! its changes apply to. It covers the files the loader reads (their paths
//! relative to the data folder, their lengths and their bytes, in path
//! order), so moving a folder keeps its hash and any edit to a data file
//! changes it.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::LoadError;

fn feed(hash: &mut Sha256, name: &str, bytes: &[u8]) {
    hash.update((name.len() as u64).to_le_bytes());
    hash.update(name.as_bytes());
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

fn text(hash: Sha256) -> String {
    let digest = hash.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The hash of the built-in data.
///
/// ```
/// let h = innograph::load::hash::builtin();
/// assert!(h.starts_with("sha256:") && h.len() == 7 + 64);
/// assert_eq!(h, innograph::load::hash::builtin());
/// ```
pub fn builtin() -> String {
    let mut hash = Sha256::new();
    for f in super::builtin_files() {
        let name = f.name.strip_prefix("data/").unwrap_or(&f.name);
        feed(&mut hash, name, f.text.as_bytes());
    }
    text(hash)
}

/// The hash of a data folder (TOML files, or a bulk data set's JSON Lines
/// files), read in pieces so that a large bulk set needs no more memory.
pub fn of_dir(dir: &Path) -> Result<String, LoadError> {
    let mut paths: Vec<PathBuf> = if super::bulk::is_bulk(dir) {
        super::bulk::FILES
            .iter()
            .map(|f| dir.join(f))
            .filter(|p| p.is_file())
            .collect()
    } else {
        let mut paths = Vec::new();
        super::collect_toml(dir, &mut paths)?;
        paths
    };
    paths.sort();
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    for path in paths {
        let io = |source| LoadError::Io {
            path: path.clone(),
            source,
        };
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let len = std::fs::metadata(&path).map_err(io)?.len();
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update(len.to_le_bytes());
        let mut file = std::fs::File::open(&path).map_err(io)?;
        loop {
            let n = file.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
        }
    }
    Ok(text(hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_folder_hashes_as_the_built_in_data() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        assert_eq!(of_dir(&dir).unwrap(), builtin());
    }

    #[test]
    fn any_edit_changes_the_hash_and_a_move_does_not() {
        let a = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("x.toml"), "a = 1\n").unwrap();
        let first = of_dir(a.path()).unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::write(b.path().join("x.toml"), "a = 1\n").unwrap();
        assert_eq!(of_dir(b.path()).unwrap(), first);
        std::fs::write(b.path().join("x.toml"), "a = 2\n").unwrap();
        assert_ne!(of_dir(b.path()).unwrap(), first);
    }
}
