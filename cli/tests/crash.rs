//! The crash harness in `cargo test`: 150 CLI writers (imports,
//! annotations, notes, tags, tag renames/merges/deletes, deletes, colour
//! labels, exports)
//! SIGKILLed at random moments, and the library checked after them. The
//! long run is `marginalia-bench crash --cycles 1000` (same code).

#[path = "../../bench/src/crash.rs"]
mod crash;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn killed_writers_lose_no_acknowledged_write_and_leave_no_damage() {
    let dir = tempfile::tempdir().unwrap();
    let cycles = std::env::var("MARGINALIA_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let cli = Path::new(env!("CARGO_BIN_EXE_marginalia-cli"));
    // Writers are killed after a random delay up to twice what one CLI run
    // takes on this machine (at least 10 ms), so that some finish and some
    // are killed part-way however fast the machine is: with a fixed 10 ms, a
    // slower machine (a debug CLI run took 14 ms one evening) killed every
    // writer before it could acknowledge anything.
    let probe = dir.path().join("probe.sqlite3");
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(cli)
                .arg("--db")
                .arg(&probe)
                .arg("list")
                .output()
                .unwrap()
                .status;
            assert!(status.success());
            t.elapsed()
        })
        .collect();
    runs.sort();
    let max_delay = (runs[2] * 2).max(Duration::from_millis(10));
    let report = crash::run(cli, dir.path(), cycles, 7, max_delay).unwrap();
    eprintln!("{report:?} (delays up to {max_delay:?})");
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.cycles, cycles);
    // Both kinds happened: writers killed mid-way and writes acknowledged.
    assert!(report.killed > 0 && report.acknowledged > 0, "{report:?}");
}
