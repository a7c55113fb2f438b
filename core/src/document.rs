//! An article's structure: blocks (paragraphs, headings, list items, quotes,
//! code, table cells, figures, rules) and inline spans (emphasis, strong,
//! code, links, sub/superscript), each a range of code points of the
//! canonical text. The text stays the one truth for offsets, search and
//! quotes; the structure is an overlay that says how to draw it.
//!
//! An article without a structure (plain text, and everything imported
//! before migration 5) is drawn as paragraphs split on blank lines.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    /// In document order; they do not overlap. The text between two blocks
    /// is a separator (`"\n\n"`) that belongs to neither.
    pub blocks: Vec<Block>,
    /// Sorted by start, then longest first; properly nested (a span that
    /// starts inside another ends inside it) and never across blocks.
    pub spans: Vec<Span>,
    /// Fragment identifiers (`id` attributes, heading slugs) and the offset
    /// they point to, so that a `#fragment` link scrolls within the article.
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub start: u32,
    pub end: u32,
    pub kind: BlockKind,
    /// How many block quotes the block sits in.
    pub quote: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading {
        level: u8,
    },
    /// A list item's paragraph. `depth` counts from 1; `number` is the
    /// item's number in an ordered list; `marker` is false for the second
    /// and later paragraphs of one item (drawn without a bullet).
    Item {
        depth: u8,
        ordered: bool,
        number: Option<u32>,
        marker: bool,
    },
    Code {
        language: Option<String>,
    },
    /// A table cell. Cells of one table share `table` (counted from 0 in the
    /// article); `row` counts from 0.
    Cell {
        table: u32,
        row: u32,
        header: bool,
    },
    /// An image; the block's text is its caption (possibly empty). `image`
    /// is the content hash of the stored image, `None` when it could not be
    /// stored (missing, too large, not an image): then `alt` is shown.
    Figure {
        image: Option<String>,
        alt: String,
        width: Option<u32>,
        height: Option<u32>,
    },
    /// A thematic break; empty.
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub kind: SpanKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Emphasis,
    Strong,
    Code,
    Strike,
    Sub,
    Sup,
    /// `href` is the target as written, resolved against the page's URL
    /// when it had one; the app opens only http, https and mailto links.
    Link {
        href: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: String,
    pub offset: u32,
}

/// First byte of a stored structure: the encoding's version.
const ENCODING: u8 = 1;

impl Structure {
    /// The compact form stored in `articles.structure`.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = vec![ENCODING];
        // Serialising owned, in-memory data into a Vec cannot fail.
        out.extend(postcard::to_allocvec(self).unwrap_or_default());
        out
    }

    pub(crate) fn decode(bytes: &[u8]) -> Result<Structure> {
        match bytes.split_first() {
            Some((&ENCODING, rest)) => postcard::from_bytes(rest).map_err(|e| {
                Error::Invalid(format!("the article's stored structure is damaged: {e}"))
            }),
            Some((v, _)) => Err(Error::Invalid(format!(
                "the article's structure is in encoding {v}, newer than this Marginalia knows"
            ))),
            None => Ok(Structure::default()),
        }
    }

    /// The page `offset` is on, for a document that keeps its page starts
    /// (a PDF: targets `page-2`, `page-3`, … where each page's text starts;
    /// page 1 starts the text). `None` for documents without pages.
    pub fn page_at(&self, offset: u32) -> Option<u32> {
        let mut pages = self
            .targets
            .iter()
            .filter_map(|t| Some((t.id.strip_prefix("page-")?.parse::<u32>().ok()?, t.offset)))
            .peekable();
        pages.peek()?;
        // A page with no text starts where the next one does: the last of
        // those is the page the text is on.
        Some(
            pages
                .filter(|&(_, at)| at <= offset)
                .map(|(n, _)| n)
                .max()
                .unwrap_or(1),
        )
    }

    /// Checks what the reader relies on: blocks in order within the text,
    /// spans inside blocks. Importers build structures that hold; this is
    /// the guard for their tests and for stored data.
    pub fn check(&self, text_len: u32) -> Result<()> {
        let bad = |what: String| Err(Error::Invalid(format!("bad structure: {what}")));
        let mut at = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            if b.start < at || b.end < b.start || b.end > text_len {
                return bad(format!("block {i} [{}, {}) out of order", b.start, b.end));
            }
            at = b.end;
        }
        for s in &self.spans {
            let inside = self
                .blocks
                .iter()
                .any(|b| b.start <= s.start && s.end <= b.end);
            if s.end <= s.start || !inside {
                return bad(format!(
                    "span [{}, {}) not inside one block",
                    s.start, s.end
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_compactly_and_back() {
        let s = Structure {
            blocks: vec![
                Block {
                    start: 0,
                    end: 5,
                    kind: BlockKind::Heading { level: 2 },
                    quote: 0,
                },
                Block {
                    start: 7,
                    end: 300_000,
                    kind: BlockKind::Item {
                        depth: 1,
                        ordered: true,
                        number: Some(3),
                        marker: true,
                    },
                    quote: 1,
                },
            ],
            spans: vec![Span {
                start: 8,
                end: 12,
                kind: SpanKind::Link {
                    href: "https://example.org/".into(),
                },
            }],
            targets: vec![Target {
                id: "intro".into(),
                offset: 0,
            }],
        };
        let bytes = s.encode();
        assert!(bytes.len() < 64, "{} bytes", bytes.len());
        assert_eq!(Structure::decode(&bytes).unwrap(), s);
        s.check(300_000).unwrap();
        assert!(s.check(10).is_err());
        assert!(Structure::decode(&[9, 1, 2]).is_err());
        assert!(Structure::decode(&[1, 200]).is_err());
    }
}
