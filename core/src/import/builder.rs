//! Builds canonical text and its structure together, as importers walk a
//! document: blocks are separated by a blank line, whitespace is collapsed
//! as a browser does (except in code), and every range is counted in code
//! points of the finished text.

use crate::document::{Block, BlockKind, Span, SpanKind, Structure, Target};

use super::normalize;

#[derive(Debug, Default)]
pub(crate) struct Builder {
    text: String,
    /// Code points in `text`.
    len: u32,
    blocks: Vec<Block>,
    spans: Vec<Span>,
    targets: Vec<Target>,
    /// The open block: where its text starts, its kind and quote depth.
    open: Option<(u32, BlockKind, u8)>,
    /// Spans opened and not yet closed, with where they start.
    stack: Vec<(u32, SpanKind)>,
    /// Whitespace seen since the last text: one space when more text comes.
    space: bool,
    /// Inside code: text is kept as it is.
    verbatim: bool,
    /// Byte index in `text` where the open block starts.
    open_byte: usize,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::default()
    }

    pub(crate) fn in_block(&self) -> bool {
        self.open.is_some()
    }

    /// Starts a block (ending the one open). Text pushed outside any block
    /// opens a paragraph.
    pub(crate) fn start_block(&mut self, kind: BlockKind, quote: u8) {
        self.end_block();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.len += 2;
        }
        self.verbatim = matches!(kind, BlockKind::Code { .. });
        self.open = Some((self.len, kind, quote));
        self.open_byte = self.text.len();
        self.space = false;
    }

    /// Ends the open block. A block left without text is dropped, except
    /// figures and rules, which mean something empty.
    pub(crate) fn end_block(&mut self) {
        let Some((start, kind, quote)) = self.open.take() else {
            return;
        };
        for (s, k) in std::mem::take(&mut self.stack) {
            self.push_span(s, self.len, k);
        }
        if self.verbatim {
            // A code block's trailing newline is not part of the code.
            while self.text.ends_with('\n') && self.len > start {
                self.text.pop();
                self.len -= 1;
            }
        }
        self.verbatim = false;
        self.space = false;
        // Empty cells keep a table's columns in place.
        let keep_empty = matches!(
            kind,
            BlockKind::Figure { .. } | BlockKind::Rule | BlockKind::Cell { .. }
        );
        if self.len == start && !keep_empty {
            // Take the separator back out.
            if start >= 2 {
                self.text.truncate(self.text.len() - 2);
                self.len -= 2;
            }
            self.spans.retain(|s| s.start < start);
            return;
        }
        self.spans.retain(|s| s.end <= self.len);
        self.blocks.push(Block {
            start,
            end: self.len,
            kind,
            quote,
        });
    }

    /// Adds text to the open block (a paragraph when none is open).
    pub(crate) fn text(&mut self, s: &str) {
        let s = normalize(s);
        if self.verbatim {
            self.ensure_block();
            self.append(&s);
            return;
        }
        for (i, word) in s.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            self.ensure_block();
            if self.space && !self.at_block_start() && !self.text.ends_with([' ', '\n']) {
                self.append(" ");
            }
            self.space = false;
            self.append(word);
        }
    }

    /// A hard line break inside the block.
    pub(crate) fn line_break(&mut self) {
        if self.open.is_some() && !self.at_block_start() {
            self.append("\n");
            self.space = false;
        }
    }

    pub(crate) fn open_span(&mut self, kind: SpanKind) {
        self.ensure_block();
        // Pending whitespace goes before the span, not into it.
        if self.space && !self.at_block_start() && !self.verbatim {
            self.append(" ");
            self.space = false;
        }
        self.stack.push((self.len, kind));
    }

    pub(crate) fn close_span(&mut self) {
        if let Some((start, kind)) = self.stack.pop() {
            self.push_span(start, self.len, kind);
        }
    }

    /// A fragment identifier pointing at what comes next.
    pub(crate) fn target(&mut self, id: &str) {
        let sep = if self.open.is_none() && !self.text.is_empty() {
            2
        } else {
            0
        };
        self.target_at(id, self.len + sep);
    }

    /// A fragment identifier pointing at code point `offset`.
    pub(crate) fn target_at(&mut self, id: &str, offset: u32) {
        if !id.is_empty() && id.len() <= 200 && !self.targets.iter().any(|t| t.id == id) {
            self.targets.push(Target {
                id: id.to_owned(),
                offset,
            });
        }
    }

    /// The open block's kind.
    pub(crate) fn open_kind(&self) -> Option<&BlockKind> {
        self.open.as_ref().map(|(_, k, _)| k)
    }

    /// How many spans are open.
    pub(crate) fn span_depth(&self) -> usize {
        self.stack.len()
    }

    /// True when a block is open and has no text yet.
    pub(crate) fn open_is_empty(&self) -> bool {
        self.at_block_start()
    }

    /// The open block's text so far.
    pub(crate) fn block_text(&self) -> String {
        match self.open {
            Some(_) => self.text[self.open_byte..].to_owned(),
            None => String::new(),
        }
    }

    /// Where the open block starts, if one is open.
    pub(crate) fn block_start(&self) -> Option<u32> {
        self.open.as_ref().map(|(s, _, _)| *s)
    }

    /// Takes the open block back out and returns its text (a heading that
    /// became the title).
    pub(crate) fn take_block(&mut self) -> String {
        let Some((start, _, _)) = self.open.take() else {
            return String::new();
        };
        let cut = self.open_byte;
        let taken = self.text[cut..].to_owned();
        self.text.truncate(cut);
        self.len = start;
        self.stack.clear();
        self.spans.retain(|s| s.end <= start);
        self.targets.retain(|t| t.offset < start);
        if self.text.ends_with("\n\n") {
            self.text.truncate(self.text.len() - 2);
            self.len -= 2;
        }
        self.space = false;
        taken
    }

    pub(crate) fn finish(mut self) -> (String, Structure) {
        self.end_block();
        let len = self.len;
        self.targets.retain(|t| t.offset <= len);
        self.spans
            .sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        (
            self.text,
            Structure {
                blocks: self.blocks,
                spans: self.spans,
                targets: self.targets,
            },
        )
    }

    fn ensure_block(&mut self) {
        if self.open.is_none() {
            self.start_block(BlockKind::Paragraph, 0);
        }
    }

    fn at_block_start(&self) -> bool {
        self.open.as_ref().is_some_and(|(s, _, _)| *s == self.len)
    }

    fn append(&mut self, s: &str) {
        // A combining mark composes with the character before it (`e` then
        // `&#769;` is one `é`): normalise the two together.
        let combines = s
            .chars()
            .next()
            .is_some_and(|c| unicode_normalization::char::canonical_combining_class(c) != 0);
        if combines
            && !self.at_block_start()
            && let Some(last) = self.text.pop()
        {
            let joined: String = std::iter::once(last).chain(s.chars()).collect();
            self.len -= 1;
            let joined = normalize(&joined);
            self.text.push_str(&joined);
            self.len += joined.chars().count() as u32;
            return;
        }
        self.text.push_str(s);
        self.len += s.chars().count() as u32;
    }

    fn push_span(&mut self, start: u32, end: u32, kind: SpanKind) {
        if end > start {
            self.spans.push(Span { start, end, kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_separates_blocks() {
        let mut b = Builder::new();
        b.start_block(BlockKind::Heading { level: 2 }, 0);
        b.text("  A   title \n");
        b.start_block(BlockKind::Paragraph, 0);
        b.text("Some ");
        b.open_span(SpanKind::Strong);
        b.text(" bold ");
        b.close_span();
        b.text(" text.");
        b.start_block(BlockKind::Paragraph, 0);
        b.text("   ");
        b.start_block(BlockKind::Code { language: None }, 0);
        b.text("fn main() {\n    x\n}\n");
        let (text, s) = b.finish();
        assert_eq!(text, "A title\n\nSome bold text.\n\nfn main() {\n    x\n}");
        assert_eq!(s.blocks.len(), 3);
        assert_eq!((s.blocks[1].start, s.blocks[1].end), (9, 24));
        assert_eq!(s.spans.len(), 1);
        assert_eq!(&text[14..18], "bold");
        assert_eq!((s.spans[0].start, s.spans[0].end), (14, 18));
        s.check(text.chars().count() as u32).unwrap();
    }
}
