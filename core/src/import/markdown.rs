//! Markdown files: the readable text with its structure (headings, lists,
//! quotes, code, tables, images, emphasis, links). Raw HTML in the source
//! is dropped, not rendered. The title is the front matter's `title:`, else
//! the first heading (taken out of the text), else the file name.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::builder::Builder;
use super::images::{self, Images};
use super::{Meta, ParsedArticle, Resources};
use crate::document::{BlockKind, SpanKind};

struct List {
    ordered: bool,
    next: Option<u64>,
}

pub(crate) fn parse(
    source: &str,
    fallback_title: &str,
    resources: &dyn Resources,
) -> ParsedArticle {
    let (front, body) = split_front_matter(source);
    let field = |key: &str| {
        front
            .iter()
            .find_map(|(k, v)| (k.eq_ignore_ascii_case(key) && !v.is_empty()).then(|| v.clone()))
    };
    let mut title = field("title");
    let mut b = Builder::new();
    let mut images = Images::default();
    let mut quote = 0u8;
    let mut lists: Vec<List> = Vec::new();
    let mut table = 0u32;
    let mut tables_seen = 0u32;
    let mut row = 0u32;
    let mut in_head = false;
    // Inside an image: its alt text, collected instead of shown.
    let mut image: Option<(String, String)> = None;
    let mut heading_slugs: Vec<String> = Vec::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let item_kind = |lists: &[List], number: Option<u32>, marker: bool| BlockKind::Item {
        depth: lists.len().min(u8::MAX as usize) as u8,
        ordered: lists.last().is_some_and(|l| l.ordered),
        number,
        marker,
    };
    for event in Parser::new_ext(body, options) {
        if let Some((_, alt)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (dest, alt) = image.take().unwrap_or_default();
                    let stored = images.add_reference(&dest, resources);
                    b.start_block(images::figure(stored, alt.trim()), quote);
                    b.end_block();
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        // Text after a nested list or an image, still inside a list item,
        // continues the item.
        let inline = matches!(
            event,
            Event::Text(_)
                | Event::Code(_)
                | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
        );
        if inline && !b.in_block() && !lists.is_empty() {
            b.start_block(item_kind(&lists, None, false), quote);
        }
        match event {
            // A loose item's first paragraph reuses the block its item opened.
            Event::Start(Tag::Paragraph) if !lists.is_empty() && b.open_is_empty() => {}
            Event::Start(Tag::Paragraph) if !lists.is_empty() => {
                b.start_block(item_kind(&lists, None, false), quote)
            }
            Event::Start(Tag::Paragraph) => b.start_block(BlockKind::Paragraph, quote),
            Event::Start(Tag::Heading { level, id, .. }) => {
                b.start_block(
                    BlockKind::Heading {
                        level: heading_level(level),
                    },
                    quote,
                );
                if let Some(id) = id {
                    heading_slugs.push(id.to_string());
                } else {
                    heading_slugs.push(String::new());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let explicit = heading_slugs.pop().unwrap_or_default();
                let start = b.block_start();
                if title.is_none() && quote == 0 && lists.is_empty() {
                    let t = b.take_block();
                    if !t.trim().is_empty() {
                        title = Some(t.trim().to_owned());
                        continue;
                    }
                }
                if let Some(start) = start {
                    let text = b.block_text();
                    let slug = if explicit.is_empty() {
                        slug(&text)
                    } else {
                        explicit
                    };
                    b.target_at(&slug, start);
                }
                b.end_block();
            }
            Event::Start(Tag::BlockQuote(_)) => {
                b.end_block();
                quote = quote.saturating_add(1);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                b.end_block();
                quote = quote.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|l| l.chars().take(40).collect()),
                    CodeBlockKind::Indented => None,
                };
                b.start_block(BlockKind::Code { language }, quote);
            }
            Event::Start(Tag::List(first)) => {
                b.end_block();
                lists.push(List {
                    ordered: first.is_some(),
                    next: first,
                });
            }
            Event::End(TagEnd::List(_)) => {
                b.end_block();
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let number = lists.last_mut().and_then(|l| {
                    let n = l.next?;
                    l.next = Some(n.saturating_add(1));
                    u32::try_from(n).ok()
                });
                // A tight item's text comes without a paragraph: open the
                // item's block now and let a paragraph reuse it.
                b.start_block(item_kind(&lists, number, true), quote);
            }
            Event::Start(Tag::Table(_)) => {
                b.end_block();
                table = tables_seen;
                tables_seen += 1;
                row = 0;
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                row += 1;
            }
            Event::End(TagEnd::TableRow) => row += 1,
            Event::Start(Tag::TableCell) => b.start_block(
                BlockKind::Cell {
                    table,
                    row,
                    header: in_head,
                },
                quote,
            ),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()));
            }
            Event::Start(Tag::Emphasis) => b.open_span(SpanKind::Emphasis),
            Event::Start(Tag::Strong) => b.open_span(SpanKind::Strong),
            Event::Start(Tag::Strikethrough) => b.open_span(SpanKind::Strike),
            Event::Start(Tag::Superscript) => b.open_span(SpanKind::Sup),
            Event::Start(Tag::Subscript) => b.open_span(SpanKind::Sub),
            Event::Start(Tag::Link { dest_url, .. }) => b.open_span(SpanKind::Link {
                href: dest_url.to_string(),
            }),
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => b.close_span(),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell,
            ) => b.end_block(),
            Event::Rule => {
                b.start_block(BlockKind::Rule, quote);
                b.end_block();
            }
            Event::Text(t) => b.text(&t),
            Event::Code(t) => {
                b.open_span(SpanKind::Code);
                b.text(&t);
                b.close_span();
            }
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.line_break(),
            _ => {}
        }
    }
    let (text, structure) = b.finish();
    ParsedArticle {
        title: title.unwrap_or_else(|| fallback_title.to_owned()),
        author: field("author"),
        published: field("date").or_else(|| field("published")),
        text,
        structure: Some(structure),
        meta: Meta {
            url: field("url").or_else(|| field("source")),
            language: field("lang").or_else(|| field("language")),
            ..Meta::default()
        },
        images: images.into_stored(),
        notices: Vec::new(),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A heading's fragment identifier as GitHub makes it: lowercase, spaces
/// to `-`, punctuation dropped.
pub(crate) fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Splits `---`-fenced YAML front matter into simple `key: value` pairs.
fn split_front_matter(source: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = source.strip_prefix("---\n") else {
        return (Vec::new(), source);
    };
    let Some(end) = rest
        .find("\n---\n")
        .or_else(|| rest.strip_suffix("\n---").map(|r| r.len()))
    else {
        return (Vec::new(), source);
    };
    let pairs = rest[..end]
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (k.trim().to_owned(), v.to_owned())
        })
        .collect();
    let body = rest.get(end + 5..).unwrap_or("");
    (pairs, body)
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
