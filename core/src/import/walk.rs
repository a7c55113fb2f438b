//! The files an import of folders takes: every importable file inside,
//! recursively, in name order. Hidden entries, symbolic links to folders and
//! the `_files/` folders of saved pages (their page's resources, not
//! articles) are passed over.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::format_of;

/// One path an import will read, or a folder it could not look into.
#[derive(Debug)]
pub enum Found {
    File(PathBuf),
    Unreadable(PathBuf, std::io::Error),
}

/// The files `paths` name: a file as it is (whatever its name: the user
/// chose it), a folder as the importable files inside it.
pub fn expand(paths: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        if !path.is_dir() {
            found.push(Found::File(path.clone()));
            continue;
        }
        let walk = WalkDir::new(path)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !(hidden(e) || saved_page_files(e)));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() && in_folder_import(e.file_name()) => {
                    found.push(Found::File(e.into_path()));
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_path_buf();
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("a folder refers to itself"));
                    found.push(Found::Unreadable(at, io));
                }
            }
        }
    }
    found
}

/// Hidden as each system hides: a leading dot (which also passes over macOS's
/// `._name` AppleDouble files and `.DS_Store`), and on Windows the hidden and
/// system attributes (`desktop.ini`, `Thumbs.db`, files hidden in Explorer).
fn hidden(e: &DirEntry) -> bool {
    e.file_name().to_string_lossy().starts_with('.') || hidden_by_attribute(e)
}

#[cfg(windows)]
fn hidden_by_attribute(e: &DirEntry) -> bool {
    use std::os::windows::fs::MetadataExt;
    const HIDDEN: u32 = 0x2;
    const SYSTEM: u32 = 0x4;
    e.metadata()
        .is_ok_and(|m| m.file_attributes() & (HIDDEN | SYSTEM) != 0)
}

#[cfg(not(windows))]
fn hidden_by_attribute(_: &DirEntry) -> bool {
    false
}

/// `page_files/` beside `page.html` holds that page's images and scripts.
fn saved_page_files(e: &DirEntry) -> bool {
    if !e.file_type().is_dir() {
        return false;
    }
    let name = e.file_name().to_string_lossy();
    let Some(stem) = name.strip_suffix("_files") else {
        return false;
    };
    let parent = e.path().parent().unwrap_or(Path::new("."));
    ["html", "htm", "xhtml", "HTML", "HTM"]
        .iter()
        .any(|ext| parent.join(format!("{stem}.{ext}")).is_file())
}

/// Inside a folder only files with a known extension are taken (a file
/// without one is imported as text only when chosen by name).
fn in_folder_import(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    Path::new(name.as_ref()).extension().is_some() && format_of(&name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(found: &[Found], root: &Path) -> Vec<String> {
        found
            .iter()
            .map(|f| match f {
                Found::File(p) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
                Found::Unreadable(p, e) => format!("unreadable {}: {e}", p.display()),
            })
            .collect()
    }

    #[test]
    fn a_folder_gives_its_importable_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md",
            "a.txt",
            "notes/c.html",
            "notes/deeper/d.htm",
            "page.html",
            "page_files/frame.html",
            "other_files/e.md",
            ".hidden/f.md",
            ".g.md",
            "README",
            "photo.png",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        // Extensions in any case, as Windows and macOS users name files.
        for f in ["notes/E.MD", "notes/F.Txt"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let found = expand(&[root.to_path_buf(), root.join("README")]);
        assert_eq!(
            files(&found, root),
            [
                "a.txt",
                "b.md",
                "notes/E.MD",
                "notes/F.Txt",
                "notes/c.html",
                "notes/deeper/d.htm",
                "other_files/e.md",
                "page.html",
                "README",
            ]
        );
    }

    #[cfg(windows)]
    #[test]
    fn files_hidden_in_explorer_are_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in ["shown.md", "hidden.md", "desktop.ini"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let attrib = |flag: &str, f: &str| {
            let ok = std::process::Command::new("attrib")
                .args([flag, &root.join(f).display().to_string()])
                .status()
                .unwrap()
                .success();
            assert!(ok, "attrib {flag} {f}");
        };
        attrib("+h", "hidden.md");
        attrib("+s", "desktop.ini");
        assert_eq!(files(&expand(&[root.to_path_buf()]), root), ["shown.md"]);
    }
}
