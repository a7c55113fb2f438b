mod common;

use common::*;
use marginalia_core::export::{FULL_HEADER, READWISE_HEADER, unneutralise};
use marginalia_core::{AnnotationInput, CsvFormat, ExportOptions, Passage};

fn quote(q: &str) -> Passage {
    Passage::Quote {
        quote: q.into(),
        occurrence: None,
    }
}

fn export(t: &TempLibrary, opts: &ExportOptions) -> (Vec<u8>, marginalia_core::ExportSummary) {
    let mut buf = Vec::new();
    let summary = t.export_csv(&mut buf, opts).unwrap();
    (buf, summary)
}

fn records(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn annotate(t: &TempLibrary, ids: &[String]) -> Vec<marginalia_core::Annotation> {
    t.add_tags(&ids[0], &["charter".into(), "US".into()], NOW)
        .unwrap();
    vec![
        t.create_highlight(
            &ids[0],
            &quote("robust framework"),
            &AnnotationInput {
                note: "=HYPERLINK(\"http://evil\",\"x\")\nsecond line, with \"quotes\"".into(),
                color: Some("pink".into()),
                tags: vec!["@risk".into(), "key, point".replace(',', "")],
            },
            NOW,
        )
        .unwrap(),
        t.create_highlight(
            &ids[0],
            &quote("Global Coalition to Defeat ISIS"),
            &AnnotationInput::default(),
            NOW,
        )
        .unwrap(),
        t.create_note(
            &ids[0],
            &AnnotationInput {
                note: "-1 is not a formula, -x is".into(),
                ..Default::default()
            },
            NOW,
        )
        .unwrap(),
        t.create_note(
            &ids[2],
            &AnnotationInput {
                note: "-42".into(),
                ..Default::default()
            },
            NOW,
        )
        .unwrap(),
    ]
}

#[test]
fn full_export_parses_back_equal() {
    let (t, ids) = seeded();
    annotate(&t, &ids);
    let (bytes, summary) = export(&t, &ExportOptions::default());
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    let (header, rows) = records(&bytes);
    assert_eq!(header, FULL_HEADER);
    assert_eq!(
        header.join(","),
        "annotation_id,kind,article_id,article_title,article_author,article_source,article_tags,quote,note,color,color_label,tags,start,end,prefix,suffix,created_at,updated_at,page"
    );
    assert_eq!(summary.rows, 4);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let a = t.annotation(&row[0]).unwrap();
        let article = t.article(&a.article_id).unwrap();
        let cell = |i: usize| unneutralise(&row[i]).to_owned();
        assert_eq!(cell(1), a.kind.as_str());
        assert_eq!(cell(2), article.id);
        assert_eq!(cell(3), article.title);
        assert_eq!(cell(4), article.author.clone().unwrap_or_default());
        assert_eq!(cell(5), article.source);
        assert_eq!(cell(6), article.tags.join(", "));
        assert_eq!(cell(7), a.quote.clone().unwrap_or_default());
        assert_eq!(cell(8), a.note);
        assert_eq!(cell(9), a.color);
        assert_eq!(cell(11), a.tags.join(", "));
        assert_eq!(cell(12), a.start.map(|s| s.to_string()).unwrap_or_default());
        assert_eq!(cell(13), a.end.map(|s| s.to_string()).unwrap_or_default());
        assert_eq!(cell(14), a.prefix.clone().unwrap_or_default());
        assert_eq!(cell(15), a.suffix.clone().unwrap_or_default());
        assert_eq!(cell(16), a.created_at);
        assert_eq!(cell(17), a.updated_at);
        assert_eq!(cell(18), "", "plain text has no pages");
    }
    // Tags joined by ", "; the label of the colour.
    let pink = rows.iter().find(|r| r[9] == "pink").unwrap();
    assert_eq!(pink[6], "charter, US");
    assert_eq!(pink[10], "disagree");
}

#[test]
fn formulas_are_neutralised_and_numbers_left_alone() {
    let (t, ids) = seeded();
    annotate(&t, &ids);
    let (bytes, _) = export(&t, &ExportOptions::default());
    let (_, rows) = records(&bytes);
    let by_note = |prefix: &str| {
        rows.iter()
            .find(|r| unneutralise(&r[8]).starts_with(prefix))
            .unwrap()
            .clone()
    };
    assert!(by_note("=HYPERLINK")[8].starts_with("'=HYPERLINK"));
    assert!(by_note("=HYPERLINK")[11].starts_with("'@risk"));
    assert_eq!(by_note("-1 is")[8], "'-1 is not a formula, -x is");
    assert_eq!(by_note("-42")[8], "-42");
    for row in &rows {
        for cell in row {
            let risky =
                cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
            assert!(!risky, "unneutralised cell {cell:?}");
        }
    }
}

#[test]
fn readwise_format_skips_notes_and_says_how_many() {
    let (t, ids) = seeded();
    annotate(&t, &ids);
    let (bytes, summary) = export(
        &t,
        &ExportOptions {
            format: CsvFormat::Readwise,
            ..Default::default()
        },
    );
    let (header, rows) = records(&bytes);
    assert_eq!(header, READWISE_HEADER);
    assert_eq!(
        summary,
        marginalia_core::ExportSummary {
            rows: 2,
            skipped_without_highlight: 2
        }
    );
    let row = rows.iter().find(|r| r[0] == "robust framework").unwrap();
    assert_eq!(row[1], "Armenia and US Sign Strategic Partnership Charter");
    assert!(
        row[4].ends_with(".@risk .key_point") || row[4].contains(".key_point"),
        "{}",
        row[4]
    );
    assert_eq!(row[6], "2026-11-28 10:00:00");
    assert!(row[5].parse::<u64>().is_ok());
}

#[test]
fn filters_and_bom() {
    let (t, ids) = seeded();
    annotate(&t, &ids);
    let count = |opts: ExportOptions| export(&t, &opts).1.rows;
    assert_eq!(
        count(ExportOptions {
            article_id: Some(ids[2].clone()),
            ..Default::default()
        }),
        1
    );
    // A selection: one annotation by its id, and every one of an article.
    let all = t.find_annotations(&Default::default()).unwrap();
    let on_first = all
        .iter()
        .filter(|a| a.annotation.article_id == ids[0])
        .count();
    let elsewhere = all
        .iter()
        .find(|a| a.annotation.article_id != ids[0])
        .unwrap();
    assert_eq!(
        count(ExportOptions {
            ids: vec![ids[0].clone(), elsewhere.annotation.id.clone()],
            ..Default::default()
        }) as usize,
        on_first + 1
    );
    assert_eq!(
        count(ExportOptions {
            color: Some("PINK".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ExportOptions {
            tag: Some("@RISK".into()),
            ..Default::default()
        }),
        1
    );
    // An article tag selects that article's annotations.
    assert_eq!(
        count(ExportOptions {
            tag: Some("charter".into()),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(ExportOptions {
            since: Some("2026-11-28".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(ExportOptions {
            since: Some("2026-11-29".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        t.export_csv(
            Vec::new(),
            &ExportOptions {
                since: Some("yesterday".into()),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "invalid_input"
    );
    let (bytes, _) = export(
        &t,
        &ExportOptions {
            bom: true,
            ..Default::default()
        },
    );
    assert!(bytes.starts_with(b"\xEF\xBB\xBFannotation_id,"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
}

/// Article cells (read once per article) belong to each row's own article,
/// across articles with and without an author, in both formats.
#[test]
fn rows_carry_their_own_articles_cells() {
    let (t, ids) = seeded();
    let md = t
        .import_bytes(
            "essay.md",
            b"---\ntitle: On Harbours\nauthor: Ada Lovelace\n---\n\nTugs and ferries worked the quays.\n",
            NOW,
        )
        .unwrap();
    let essay = &md[0].id;
    t.add_tags(essay, &["ports".into()], NOW).unwrap();
    for (id, passage) in [
        (&ids[0], quote("robust framework")),
        (essay, quote("Tugs and ferries")),
        (&ids[1], Passage::Range { start: 0, end: 12 }),
        (essay, quote("the quays")),
    ] {
        t.create_highlight(id, &passage, &AnnotationInput::default(), NOW)
            .unwrap();
    }
    let (_, rows) = records(&export(&t, &ExportOptions::default()).0);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let article = t.article(&row[2]).unwrap();
        let want = [
            article.title.clone(),
            article.author.clone().unwrap_or_default(),
            article.source.clone(),
            article.tags.join(", "),
        ];
        assert_eq!(row[3..7], want, "row {row:?}");
    }
    assert_eq!(
        rows.iter()
            .filter(|r| r[4] == "Ada Lovelace" && r[6] == "ports")
            .count(),
        2
    );
    let readwise = ExportOptions {
        format: CsvFormat::Readwise,
        ..Default::default()
    };
    let (_, rows) = records(&export(&t, &readwise).0);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let want = if row[1] == "On Harbours" {
            "Ada Lovelace"
        } else {
            ""
        };
        assert_eq!(row[2], want, "row {row:?}");
    }
    assert_eq!(rows.iter().filter(|r| r[1] == "On Harbours").count(), 2);
}
