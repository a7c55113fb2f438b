//! A bare Tauri 2 window showing one static page: what any Tauri app costs
//! before it does anything. `marginalia-bench --app` starts it beside
//! Marginalia, through the same harness, and compares start-up and memory.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("the bare window could not start: {e}");
            std::process::exit(1);
        });
}
