//! Where the files a document refers to come from. A file import may read
//! images beside the file (a saved page's `_files/` folder) and nothing
//! outside its folder; nothing is ever fetched from the network here.

use std::path::{Component, Path, PathBuf};

/// Supplies the bytes a document refers to by `reference` (a relative URL
/// as written in the document), at most `max_bytes` of them.
pub trait Resources {
    fn get(&self, reference: &str, max_bytes: usize) -> Option<Vec<u8>>;

    /// Whether these are fetched from the web (a page imported from its
    /// link) rather than read from what was saved.
    fn online(&self) -> bool {
        false
    }
}

/// Nothing beside the document (an import of bytes alone).
pub struct NoResources;

impl Resources for NoResources {
    fn get(&self, _: &str, _: usize) -> Option<Vec<u8>> {
        None
    }
}

/// Files inside one folder (the imported file's) and its subfolders.
pub struct Folder {
    root: Option<PathBuf>,
}

impl Folder {
    pub fn new(root: &Path) -> Folder {
        Folder {
            root: root.canonicalize().ok(),
        }
    }

    /// The file `reference` names inside the folder, if it stays inside.
    fn resolve(&self, reference: &str) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let reference = reference.split(['?', '#']).next()?;
        if reference.contains(':') || reference.starts_with(['/', '\\']) {
            return None; // a URL with a scheme, an absolute path, a drive
        }
        let decoded = percent_encoding::percent_decode_str(reference)
            .decode_utf8()
            .ok()?;
        let relative = Path::new(decoded.as_ref());
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        let path = root.join(relative).canonicalize().ok()?;
        path.starts_with(root).then_some(path)
    }
}

impl Resources for Folder {
    fn get(&self, reference: &str, max_bytes: usize) -> Option<Vec<u8>> {
        let path = self.resolve(reference)?;
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > max_bytes as u64 {
            return None;
        }
        std::fs::read(path).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_the_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("page");
        std::fs::create_dir_all(inner.join("page_files")).unwrap();
        std::fs::write(inner.join("page_files/a b.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"secret").unwrap();
        let folder = Folder::new(&inner);
        assert_eq!(
            folder.get("page_files/a%20b.png?x=1", 10).as_deref(),
            Some(&b"png"[..])
        );
        assert_eq!(
            folder.get("./page_files/a b.png", 10).as_deref(),
            Some(&b"png"[..])
        );
        assert_eq!(folder.get("page_files/a b.png", 2), None);
        assert_eq!(folder.get("../secret.txt", 100), None);
        assert_eq!(folder.get("page_files/../../secret.txt", 100), None);
        let abs = dir.path().join("secret.txt");
        assert_eq!(folder.get(&abs.display().to_string(), 100), None);
        assert_eq!(folder.get("file:///etc/passwd", 100), None);
        assert_eq!(folder.get("https://example.org/x.png", 100), None);
        assert_eq!(folder.get("page_files", 100), None);
        // Windows separators and drives, plain or percent-encoded: refused on
        // every system (on Windows `\\` is a separator, elsewhere a letter).
        for escape in [
            "page_files\\..\\..\\secret.txt",
            "..\\secret.txt",
            "..%5Csecret.txt",
            "%2e%2e/secret.txt",
            "C:\\secret.txt",
            "C%3A%5Csecret.txt",
            "\\\\server\\share\\secret.txt",
        ] {
            assert_eq!(folder.get(escape, 100), None, "{escape}");
        }
    }
}
