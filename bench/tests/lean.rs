//! The benchmark binary itself (which also makes `cargo test` build it, with
//! the features the tests build everything with, so CI's smoke run of the
//! benchmark needs no build of its own): `storage --lean` on a small library
//! prints each shape, and each step makes the file smaller.

use std::process::Command;

#[test]
fn lean_storage_steps_each_make_the_library_smaller() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia-bench"))
        .arg("--tmp")
        .arg(tmp.path())
        .args(["storage", "--lean", "--articles", "300"])
        .args(["--annotations", "3000"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // "| shape | 1.2 MB | 3.45× | 0.4 MB |": the file in MB, then × text.
    let rows: Vec<(f64, f64)> = stdout
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" MB | "))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let mb = cells[1].trim_end_matches(" MB").parse().unwrap();
            let ratio = cells[2].trim_end_matches('×').parse().unwrap();
            (mb, ratio)
        })
        .collect();
    assert_eq!(rows.len(), 5, "{stdout}");
    for pair in rows.windows(2) {
        assert!(pair[1].0 < pair[0].0, "a step made it larger: {stdout}");
        assert!(pair[1].1 < pair[0].1, "{stdout}");
    }
    assert!(
        rows[0].1 > 1.0,
        "the library holds more than its text: {stdout}"
    );
    // Nothing left behind in the temporary directory but the run's own (empty) one.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
