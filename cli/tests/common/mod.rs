//! The CLI tests' harness: the real binary against a library in a temp dir.
#![allow(dead_code)] // each test file uses its own part of it

use std::path::PathBuf;
use std::process::{Command, Output};

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../samples/armenia-us-news.txt"
);

pub struct Cli {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lib.sqlite3");
        Cli { dir, db }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_marginalia-cli"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("MARGINALIA_DB")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Fails with exit code 1 and exactly one line on stderr, no panic.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("error: "), "{err}");
        err
    }

    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn seeded(&self) -> Vec<(String, String)> {
        self.ok(&["import", SEED])
            .lines()
            .map(|l| {
                let (id, title) = l.split_once('\t').unwrap();
                (id.to_owned(), title.to_owned())
            })
            .collect()
    }
}
