//! An HTML tree made a document: block elements become blocks, inline
//! elements spans, `id`s fragment targets, `<img>`s figures. Used for saved
//! web pages, and for any format whose chapters are (X)HTML.
//!
//! The walk keeps its own stack instead of recursing, so a hostile page
//! nested a million elements deep cannot overflow the thread's stack.

use dom_query::NodeRef;
use url::Url;

use super::Resources;
use super::builder::Builder;
use super::images::{self, Images};
use crate::document::{BlockKind, SpanKind};

/// Elements whose content is never reading text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "video", "audio", "canvas", "svg", "math", "button", "input", "select", "textarea",
    "option", "map", "area", "source", "track", "dialog",
];

/// Elements that hold text as one block.
const LEAVES: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "td",
    "th",
    "dt",
    "dd",
    "figcaption",
    "summary",
    "caption",
    "address",
    "legend",
];

/// Elements that separate blocks without being one.
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "details",
    "dl",
    "form",
    "fieldset",
    "center",
    "hgroup",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "table",
    "tr",
    "picture",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "menu",
];

/// What a document's HTML turned into.
pub(crate) struct Walked {
    pub text: String,
    pub structure: crate::document::Structure,
    pub images: Vec<images::Image>,
    /// Images the page loads from the web: not kept, as nothing is fetched.
    pub remote_images: usize,
}

/// What leaving an element undoes.
enum Close {
    Nothing,
    Block,
    Quote,
    List,
    Item,
    Span(usize),
    Table(Option<Table>),
    Row,
    Head(bool),
    Leaf,
}

#[derive(Clone, Copy)]
struct Table {
    id: u32,
    row: u32,
}

struct List {
    ordered: bool,
    next: u32,
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(Close),
}

pub(crate) struct Walk<'r> {
    b: Builder,
    images: Images,
    resources: &'r dyn Resources,
    base: Option<Url>,
    /// Put before every fragment identifier and `#` link: the chapters of a
    /// book each name their own `id`s.
    prefix: String,
    lists: Vec<List>,
    /// List depth of each open `<li>`.
    items: Vec<usize>,
    quote: u8,
    table: Option<Table>,
    tables: u32,
    in_head: bool,
    /// Open leaf blocks (a paragraph, a heading, a cell): block elements
    /// inside one only break its line.
    leaves: usize,
    remote_images: usize,
}

/// Walks `root` (a document, or the element holding an article).
pub(crate) fn walk(root: &NodeRef<'_>, base: Option<Url>, resources: &dyn Resources) -> Walked {
    let mut w = Walk::new(resources);
    w.part(root, base, "");
    w.finish()
}

impl<'r> Walk<'r> {
    /// A document to which parts (a book's chapters) are added in order.
    pub(crate) fn new(resources: &'r dyn Resources) -> Walk<'r> {
        Walk {
            b: Builder::new(),
            images: Images::default(),
            resources,
            base: None,
            prefix: String::new(),
            lists: Vec::new(),
            items: Vec::new(),
            quote: 0,
            table: None,
            tables: 0,
            in_head: false,
            leaves: 0,
            remote_images: 0,
        }
    }

    /// Adds the tree at `root`, its relative links resolved against `base`
    /// and its fragment identifiers prefixed with `prefix`.
    pub(crate) fn part(&mut self, root: &NodeRef<'_>, base: Option<Url>, prefix: &str) {
        self.b.end_block();
        self.base = base;
        self.prefix = prefix.to_owned();
        // Images are named relative to the part: the same name in another
        // part may be another file.
        self.images.forget_references();
        let mut stack = vec![Step::Enter(*root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit(close) => self.exit(close),
                Step::Enter(node) => {
                    if node.is_text() {
                        self.text(&node.text());
                        continue;
                    }
                    let close = if node.is_element() {
                        let name = node.node_name().map(|n| n.to_ascii_lowercase());
                        let name = name.as_deref().unwrap_or("");
                        if SKIPPED.contains(&name) || hidden(&node) {
                            continue;
                        }
                        self.enter(name, &node)
                    } else if node.is_document() || node.is_fragment() {
                        Close::Nothing
                    } else {
                        continue; // comments, doctypes
                    };
                    stack.push(Step::Exit(close));
                    let children = node.children();
                    stack.extend(children.into_iter().rev().map(Step::Enter));
                }
            }
        }
        self.b.end_block();
    }

    /// A heading of the document's own (a chapter's title from the book's
    /// table of contents), with a fragment identifier at it.
    pub(crate) fn heading(&mut self, text: &str, level: u8, id: &str) {
        self.b.end_block();
        self.b.target(id);
        self.b.start_block(BlockKind::Heading { level }, 0);
        self.b.text(text);
        self.b.end_block();
    }

    /// A fragment identifier at what comes next.
    pub(crate) fn target(&mut self, id: &str) {
        self.b.target(id);
    }

    pub(crate) fn finish(self) -> Walked {
        let (text, structure) = self.b.finish();
        Walked {
            text,
            structure,
            images: self.images.into_stored(),
            remote_images: self.remote_images,
        }
    }
}

fn hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || node.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

impl Walk<'_> {
    fn enter(&mut self, name: &str, node: &NodeRef<'_>) -> Close {
        let close = self.open(name, node);
        if let Some(id) = node.id_attr().filter(|id| !id.trim().is_empty()) {
            self.b.target(&format!("{}{}", self.prefix, id.trim()));
        } else if name == "a"
            && let Some(anchor) = node.attr("name").filter(|n| !n.trim().is_empty())
        {
            self.b.target(&format!("{}{}", self.prefix, anchor.trim()));
        }
        close
    }

    fn open(&mut self, name: &str, node: &NodeRef<'_>) -> Close {
        if let Some(kind) = span_kind(name) {
            return self.span(kind);
        }
        match name {
            "a" => match node.attr("href").and_then(|h| self.href(&h)) {
                Some(href) => self.span(SpanKind::Link { href }),
                None => Close::Nothing,
            },
            "br" => {
                self.b.line_break();
                Close::Nothing
            }
            "img" => {
                self.image(node);
                Close::Nothing
            }
            "wbr" => Close::Nothing,
            _ if self.leaves > 0 && (LEAVES.contains(&name) || CONTAINERS.contains(&name)) => {
                // A block inside a leaf (a list in a table cell): the leaf
                // keeps it, on a line of its own.
                self.b.line_break();
                Close::Nothing
            }
            _ if LEAVES.contains(&name) => self.leaf(name, node),
            "blockquote" => {
                self.b.end_block();
                self.quote = self.quote.saturating_add(1);
                Close::Quote
            }
            "ul" | "ol" | "menu" => {
                self.b.end_block();
                let start = node.attr("start").and_then(|s| s.trim().parse().ok());
                self.lists.push(List {
                    ordered: name == "ol",
                    next: start.unwrap_or(1),
                });
                Close::List
            }
            "li" => {
                let value = node.attr("value").and_then(|s| s.trim().parse().ok());
                let list = self.lists.last_mut();
                let ordered = list.as_ref().is_some_and(|l| l.ordered);
                let number = list.map(|l| {
                    let n = value.unwrap_or(l.next);
                    l.next = n.saturating_add(1);
                    n
                });
                self.b.start_block(
                    BlockKind::Item {
                        depth: depth(self.lists.len().max(1)),
                        ordered,
                        number: number.filter(|_| ordered),
                        marker: true,
                    },
                    self.quote,
                );
                self.items.push(self.lists.len().max(1));
                Close::Item
            }
            "table" => {
                self.b.end_block();
                let outer = self.table;
                self.table = Some(Table {
                    id: self.tables,
                    row: 0,
                });
                self.tables += 1;
                Close::Table(outer)
            }
            "thead" => {
                let was = self.in_head;
                self.in_head = true;
                Close::Head(was)
            }
            "tr" => {
                self.b.end_block();
                Close::Row
            }
            "hr" => {
                self.b.start_block(BlockKind::Rule, self.quote);
                self.b.end_block();
                Close::Nothing
            }
            _ if CONTAINERS.contains(&name) => {
                self.b.end_block();
                Close::Block
            }
            // Anything else (span, font, abbr, an unknown tag) is inline.
            _ => Close::Nothing,
        }
    }

    fn leaf(&mut self, name: &str, node: &NodeRef<'_>) -> Close {
        let kind = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading {
                level: name.as_bytes()[1] - b'0',
            },
            "pre" => BlockKind::Code {
                language: language(node),
            },
            "td" | "th" => match self.table {
                Some(t) => BlockKind::Cell {
                    table: t.id,
                    row: t.row,
                    header: name == "th" || self.in_head,
                },
                None => self.paragraph(),
            },
            _ => self.paragraph(),
        };
        // A <p> first in a list item is the item itself.
        let item_waiting = self.b.open_is_empty()
            && matches!(kind, BlockKind::Item { .. })
            && matches!(
                self.b.open_kind(),
                Some(BlockKind::Item { marker: true, .. })
            );
        if !item_waiting {
            self.b.start_block(kind, self.quote);
        }
        self.leaves += 1;
        Close::Leaf
    }

    /// The kind of a plain paragraph here: inside a list item, more of the item.
    fn paragraph(&self) -> BlockKind {
        match self.items.last() {
            Some(&d) => BlockKind::Item {
                depth: depth(d),
                ordered: self
                    .lists
                    .get(d.saturating_sub(1))
                    .is_some_and(|l| l.ordered),
                number: None,
                marker: false,
            },
            None => BlockKind::Paragraph,
        }
    }

    fn span(&mut self, kind: SpanKind) -> Close {
        if kind == SpanKind::Code && matches!(self.b.open_kind(), Some(BlockKind::Code { .. })) {
            return Close::Nothing; // the <code> of a <pre>: the block says it
        }
        let depth = self.b.span_depth();
        self.b.open_span(kind);
        Close::Span(depth)
    }

    fn exit(&mut self, close: Close) {
        match close {
            Close::Nothing => {}
            Close::Span(depth) => {
                // A block that ended inside the span has closed it already.
                if self.b.span_depth() == depth + 1 {
                    self.b.close_span();
                }
            }
            Close::Leaf => {
                self.leaves -= 1;
                self.b.end_block();
            }
            Close::Block => self.b.end_block(),
            Close::Quote => {
                self.b.end_block();
                self.quote = self.quote.saturating_sub(1);
            }
            Close::List => {
                self.b.end_block();
                self.lists.pop();
            }
            Close::Item => {
                self.b.end_block();
                self.items.pop();
            }
            Close::Table(outer) => {
                self.b.end_block();
                self.table = outer;
            }
            Close::Row => {
                self.b.end_block();
                if let Some(t) = self.table.as_mut() {
                    t.row += 1;
                }
            }
            Close::Head(was) => self.in_head = was,
        }
    }

    fn text(&mut self, s: &str) {
        if !self.b.in_block() && !s.trim().is_empty() {
            let kind = match self.table {
                // Text loose in a table (not in a cell) is not lost.
                Some(t) if self.leaves == 0 && self.items.is_empty() => BlockKind::Cell {
                    table: t.id,
                    row: t.row,
                    header: self.in_head,
                },
                _ => self.paragraph(),
            };
            self.b.start_block(kind, self.quote);
        }
        self.b.text(s);
    }

    fn image(&mut self, node: &NodeRef<'_>) {
        let size = |a: &str| node.attr(a).and_then(|v| v.trim().parse::<u32>().ok());
        // Tracking pixels and spacers.
        if size("width").is_some_and(|w| w <= 2) || size("height").is_some_and(|h| h <= 2) {
            return;
        }
        let src = node
            .attr("src")
            .filter(|s| !s.trim().is_empty())
            .or_else(|| node.attr("data-src"));
        let Some(src) = src else { return };
        let alt = node.attr("alt").map(|a| a.to_string()).unwrap_or_default();
        if matches!(
            self.b.open_kind(),
            Some(BlockKind::Cell { .. } | BlockKind::Heading { .. })
        ) {
            return; // a figure would break the cell or heading apart
        }
        let stored = self.images.add_reference(&src, self.resources);
        let src = src.trim();
        // An image the page loads from the web (named with its address, or
        // relative to the page's) that was not saved with it.
        let on_the_web = src.starts_with("http://")
            || src.starts_with("https://")
            || src.starts_with("//")
            || (!src.contains(':')
                && self
                    .base
                    .as_ref()
                    .is_some_and(|b| matches!(b.scheme(), "http" | "https")));
        if stored.hash.is_none() && on_the_web {
            self.remote_images += 1;
        }
        self.b
            .start_block(images::figure(stored, alt.trim()), self.quote);
        self.b.end_block();
    }

    /// A link's target as it will be opened: fragments as they are, other
    /// references resolved against the page's address when it is known.
    fn href(&self, raw: &str) -> Option<String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if let Some(fragment) = raw.strip_prefix('#') {
            return Some(format!("#{}{fragment}", self.prefix));
        }
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("javascript:")
            || lower.starts_with("data:")
            || lower.starts_with("vbscript:")
        {
            return None;
        }
        if let Ok(abs) = Url::parse(raw) {
            return Some(abs.to_string());
        }
        match &self.base {
            Some(base) => base.join(raw).ok().map(|u| u.to_string()),
            None => Some(raw.to_owned()),
        }
    }
}

fn span_kind(name: &str) -> Option<SpanKind> {
    Some(match name {
        "em" | "i" | "cite" | "dfn" | "var" => SpanKind::Emphasis,
        "strong" | "b" => SpanKind::Strong,
        "code" | "kbd" | "samp" | "tt" => SpanKind::Code,
        "s" | "strike" | "del" => SpanKind::Strike,
        "sub" => SpanKind::Sub,
        "sup" => SpanKind::Sup,
        _ => return None,
    })
}

fn depth(n: usize) -> u8 {
    n.min(u8::MAX as usize) as u8
}

/// `class="language-rust"` on a `<pre>` or the `<code>` inside it.
fn language(pre: &NodeRef<'_>) -> Option<String> {
    let from = |n: &NodeRef<'_>| {
        n.class().and_then(|c| {
            c.split_whitespace()
                .find_map(|c| {
                    c.strip_prefix("language-")
                        .or_else(|| c.strip_prefix("lang-"))
                })
                .map(|l| l.chars().take(40).collect::<String>())
        })
    };
    from(pre).or_else(|| pre.first_element_child().as_ref().and_then(from))
}
