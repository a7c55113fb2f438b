//! The crash harness in `cargo test`: 150 CLI writers (imports,
//! annotations, notes, tags, tag renames/merges/deletes, deletes, colour
//! labels, exports)
//! SIGKILLed at random moments, and the library checked after them. The
//! long run is `marginalia-bench crash --cycles 1000` (same code).

#[path = "../../bench/src/crash.rs"]
mod crash;

use std::path::Path;
use std::time::Duration;

#[test]
fn killed_writers_lose_no_acknowledged_write_and_leave_no_damage() {
    let dir = tempfile::tempdir().unwrap();
    let cycles = std::env::var("MARGINALIA_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let report = crash::run(
        Path::new(env!("CARGO_BIN_EXE_marginalia-cli")),
        dir.path(),
        cycles,
        7,
        Duration::from_millis(10),
    )
    .unwrap();
    eprintln!("{report:?}");
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.cycles, cycles);
    // Both kinds happened: writers killed mid-way and writes acknowledged.
    assert!(report.killed > 0 && report.acknowledged > 0, "{report:?}");
}
