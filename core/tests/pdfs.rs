//! PDFs with a text layer, made by LibreOffice from text written for them
//! (`tests/fixtures/pdf/make.py`): one and two columns, running heads,
//! page-number footers, hyphenated line ends. The text read must match the
//! source's words (F1 ≥ 0.97), without the running heads and page numbers,
//! with the section titles as headings and every page's start kept.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use common::*;
use marginalia_core::document::BlockKind;
use marginalia_core::export::ExportOptions;
use marginalia_core::{AnnotationInput, Article, Passage};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf")).join(name)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Word-level F1 of `got` against `expected` (as bags of words).
fn f1(expected: &str, got: &str) -> f64 {
    let mut bag: HashMap<String, i64> = HashMap::new();
    let e = words(expected);
    for w in &e {
        *bag.entry(w.clone()).or_default() += 1;
    }
    let g = words(got);
    let hits = g
        .iter()
        .filter(|w| match bag.get_mut(*w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    let precision = hits as f64 / g.len().max(1) as f64;
    let recall = hits as f64 / e.len().max(1) as f64;
    2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE)
}

fn import(name: &str) -> (TempLibrary, Article) {
    let t = temp_library();
    let got = t
        .import_file(&fixture(&format!("{name}.pdf")), NOW)
        .unwrap();
    assert_eq!(got.len(), 1);
    let a = t.article(&got[0].id).unwrap();
    (t, a)
}

fn headings(a: &Article) -> Vec<String> {
    block_texts(a)
        .into_iter()
        .filter(|(_, kind)| matches!(kind, BlockKind::Heading { .. }))
        .map(|(text, _)| text)
        .collect()
}

fn check(name: &str, running_head: &str, pages: usize) {
    let (_t, a) = import(name);
    let expected = std::fs::read_to_string(fixture(&format!("{name}.txt"))).unwrap();
    let score = f1(&expected, &a.text);
    assert!(score >= 0.97, "{name}: word F1 {score:.4}");
    // Exactly the source's text, paragraph for paragraph: nothing dropped,
    // hyphenated words whole, compounds ("low-water") kept.
    let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
    let source: Vec<&str> = expected.trim_end().split("\n\n").collect();
    assert_eq!(paragraphs, source, "{name}");
    assert!(!a.text.contains(running_head), "{name}: the running head");
    assert!(
        !paragraphs.iter().any(|p| p.trim().parse::<u32>().is_ok()),
        "{name}: a page number"
    );
    assert_eq!(
        headings(&a),
        [
            "Introduction",
            "Methods",
            "Results",
            "Sediment and Accretion",
            "Discussion",
            "Recommendations"
        ],
        "{name}"
    );
    // Each page's start, in order.
    let s = a.structure.as_ref().unwrap();
    let starts: Vec<u32> = (1..=pages)
        .map(|p| {
            s.targets
                .iter()
                .find(|t| t.id == format!("page-{p}"))
                .unwrap_or_else(|| panic!("{name}: no start of page {p}"))
                .offset
        })
        .collect();
    assert_eq!(starts[0], 0);
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{name}: {starts:?}");
    s.check(a.text.chars().count() as u32).unwrap();
}

#[test]
fn a_one_column_report_reads_as_written() {
    check("one-column", "Estuary Survey Report", 3);
}

#[test]
fn a_two_column_article_reads_column_after_column() {
    check("two-columns", "Coastal Notes", 3);
}

#[test]
fn the_page_a_passage_is_on_can_be_told() {
    let (_t, a) = import("one-column");
    let s = a.structure.as_ref().unwrap();
    let page2 = s.targets.iter().find(|t| t.id == "page-2").unwrap().offset as usize;
    // The first words of page 2 as LibreOffice laid them out (pdftotext).
    let rest: String = a.text.chars().skip(page2).take(40).collect();
    // (poppler-utils: `scripts/dev test` installs it.)
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "2", "-l", "2", "-layout"])
        .arg(fixture("one-column.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout).into_owned();
    let first_body_line = page
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.contains("Estuary Survey Report"))
        .unwrap()
        .to_owned();
    let first_words = first_body_line
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        rest.starts_with(&first_words),
        "page 2 starts at {rest:?}, pdftotext: {first_words:?}"
    );
}

#[test]
fn a_scan_without_a_text_layer_is_refused_saying_so() {
    let bytes = std::fs::read(fixture("scanned.pdf")).unwrap();
    let reason = refusal("scanned.pdf", &bytes);
    assert!(reason.contains("no text"), "{reason}");
    assert!(reason.contains("scanned"), "{reason}");
}

#[test]
fn broken_pdfs_are_refused_without_a_panic() {
    let reason = refusal("words.pdf", b"these are words, not a PDF");
    assert!(reason.contains("not a readable PDF"), "{reason}");
    let whole = std::fs::read(fixture("one-column.pdf")).unwrap();
    // Cut short, or with its middle overwritten: refused or read, never a crash.
    for cut in [whole.len() / 2, whole.len() / 3, 200] {
        let t = temp_library();
        let _ = t.import_bytes("cut.pdf", &whole[..cut], NOW);
    }
    let mut scrambled = whole.clone();
    for (i, b) in scrambled.iter_mut().enumerate().skip(2_000).step_by(97) {
        *b = (i % 251) as u8;
    }
    let t = temp_library();
    let _ = t.import_bytes("scrambled.pdf", &scrambled, NOW);
}

#[test]
fn the_csv_export_cites_the_page_a_highlight_starts_on() {
    let (t, a) = import("one-column");
    let s = a.structure.as_ref().unwrap();
    let page = |n: u32| {
        s.targets
            .iter()
            .find(|t| t.id == format!("page-{n}"))
            .unwrap()
            .offset
    };
    let (p2, p3) = (page(2), page(3));
    assert!(0 < p2 && p2 < p3);
    // One highlight on each page, the last from page 2 into page 3.
    for (start, end) in [(0, 10), (p2, p2 + 10), (p3 - 5, p3 + 5)] {
        t.create_highlight(
            &a.id,
            &Passage::Range {
                start: start as usize,
                end: end as usize,
            },
            &AnnotationInput::default(),
            NOW,
        )
        .unwrap();
    }
    assert_eq!(s.page_at(p2 - 1), Some(1));
    assert_eq!(s.page_at(p2), Some(2));
    let mut out = Vec::new();
    t.export_csv(&mut out, &ExportOptions::default()).unwrap();
    let mut csv = csv::Reader::from_reader(out.as_slice());
    let header = csv.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "page").unwrap();
    let pages: Vec<String> = csv.records().map(|r| r.unwrap()[col].to_owned()).collect();
    assert_eq!(pages, ["1", "2", "2"]);
}
