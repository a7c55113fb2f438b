use super::*;
use crate::document::{Block, Structure};
use crate::import::NoResources;

fn md(source: &str) -> ParsedArticle {
    let a = parse(source, "file", &NoResources);
    let s = a.structure.as_ref().unwrap();
    s.check(a.text.chars().count() as u32).unwrap();
    a
}

fn kinds(s: &Structure) -> Vec<&BlockKind> {
    s.blocks.iter().map(|b| &b.kind).collect()
}

fn text_of<'a>(text: &'a str, b: &Block) -> &'a str {
    let start = text
        .char_indices()
        .nth(b.start as usize)
        .map_or(text.len(), |(i, _)| i);
    let end = text
        .char_indices()
        .nth(b.end as usize)
        .map_or(text.len(), |(i, _)| i);
    &text[start..end]
}

#[test]
fn heading_becomes_title_and_the_rest_keeps_its_structure() {
    let a = md(
        "# The *Real* Title\n\nSome **bold** text with a [link](http://x.y) and `code`.\n\n- one\n- two\n\n![alt text](img.png)\n\n## Section\n\nMore.\n",
    );
    assert_eq!(a.title, "The Real Title");
    assert_eq!(
        a.text,
        "Some bold text with a link and code.\n\none\n\ntwo\n\n\n\nSection\n\nMore."
    );
    let s = a.structure.unwrap();
    assert_eq!(
        kinds(&s),
        [
            &BlockKind::Paragraph,
            &BlockKind::Item {
                depth: 1,
                ordered: false,
                number: None,
                marker: true
            },
            &BlockKind::Item {
                depth: 1,
                ordered: false,
                number: None,
                marker: true
            },
            &BlockKind::Figure {
                image: None,
                alt: "alt text".into(),
                width: None,
                height: None
            },
            &BlockKind::Heading { level: 2 },
            &BlockKind::Paragraph,
        ]
    );
    let spans: Vec<(&str, &SpanKind)> = s
        .spans
        .iter()
        .map(|sp| (&a.text[sp.start as usize..sp.end as usize], &sp.kind))
        .collect();
    assert_eq!(
        spans,
        [
            ("bold", &SpanKind::Strong),
            (
                "link",
                &SpanKind::Link {
                    href: "http://x.y".into()
                }
            ),
            ("code", &SpanKind::Code),
        ]
    );
    assert_eq!(s.targets.len(), 1);
    assert_eq!(s.targets[0].id, "section");
    assert_eq!(&a.text[s.targets[0].offset as usize..][..7], "Section");
}

#[test]
fn front_matter_title_wins() {
    let a = md(
        "---\ntitle: \"From Front Matter\"\nauthor: Ada\ndate: 2024-05-01\nurl: https://e.org/a\n---\n# Heading\n\nBody.\n",
    );
    assert_eq!(a.title, "From Front Matter");
    assert_eq!(a.author.as_deref(), Some("Ada"));
    assert_eq!(a.published.as_deref(), Some("2024-05-01"));
    assert_eq!(a.meta.url.as_deref(), Some("https://e.org/a"));
    assert_eq!(a.text, "Heading\n\nBody.");
    assert_eq!(
        kinds(a.structure.as_ref().unwrap())[0],
        &BlockKind::Heading { level: 1 }
    );
}

#[test]
fn lists_nest_and_number_and_loose_items_keep_their_paragraphs() {
    let a = md("# T\n\n3. first\n4. second\n   - inner\n\n     more inner\n\n   after\n");
    let s = a.structure.unwrap();
    let got: Vec<(&str, &BlockKind)> = s
        .blocks
        .iter()
        .map(|b| (text_of(&a.text, b), &b.kind))
        .collect();
    assert_eq!(
        got,
        [
            (
                "first",
                &BlockKind::Item {
                    depth: 1,
                    ordered: true,
                    number: Some(3),
                    marker: true
                }
            ),
            (
                "second",
                &BlockKind::Item {
                    depth: 1,
                    ordered: true,
                    number: Some(4),
                    marker: true
                }
            ),
            (
                "inner",
                &BlockKind::Item {
                    depth: 2,
                    ordered: false,
                    number: None,
                    marker: true
                }
            ),
            (
                "more inner",
                &BlockKind::Item {
                    depth: 2,
                    ordered: false,
                    number: None,
                    marker: false
                }
            ),
            (
                "after",
                &BlockKind::Item {
                    depth: 1,
                    ordered: true,
                    number: None,
                    marker: false
                }
            ),
        ]
    );
}

#[test]
fn quotes_code_tables_and_rules() {
    let a = md(
        "# T\n\n> quoted *words*\n>\n> > deeper\n\n```rust\nfn main() {\n\n    x();\n}\n```\n\n| a | b |\n|---|---|\n| 1 |   |\n\n---\n\nend\n",
    );
    let s = a.structure.unwrap();
    let got: Vec<(&str, &BlockKind, u8)> = s
        .blocks
        .iter()
        .map(|b| (text_of(&a.text, b), &b.kind, b.quote))
        .collect();
    let cell = |row, header| BlockKind::Cell {
        table: 0,
        row,
        header,
    };
    assert_eq!(
        got,
        [
            ("quoted words", &BlockKind::Paragraph, 1),
            ("deeper", &BlockKind::Paragraph, 2),
            (
                "fn main() {\n\n    x();\n}",
                &BlockKind::Code {
                    language: Some("rust".into())
                },
                0
            ),
            ("a", &cell(0, true), 0),
            ("b", &cell(0, true), 0),
            ("1", &cell(1, false), 0),
            ("", &cell(1, false), 0),
            ("", &BlockKind::Rule, 0),
            ("end", &BlockKind::Paragraph, 0),
        ]
    );
}

#[test]
fn raw_html_is_dropped_and_entities_are_normalised() {
    let a = md("# T\n\n<script>alert(1)</script>\n\nx <b onclick=\"y\">bold</b> e&#769;\n");
    assert!(
        !a.text.contains("script") && !a.text.contains("onclick"),
        "{}",
        a.text
    );
    assert_eq!(a.text, "x bold \u{e9}");
}
