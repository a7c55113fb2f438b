//! How deep a page nests its elements, found by tokenizing alone.
//!
//! html5ever's tree builder looks through every open element for many start
//! tags, so a page nested 200,000 deep takes it hours (browsers stop nesting
//! at 512). Such a page is refused before it is parsed; this scan is linear.
//! It follows the tree builder closely enough for the question it answers:
//! an element is open from its start tag to its end tag, void and
//! self-closing elements never are, and the elements HTML closes implicitly
//! (`<p>` before a block, one `<li>` before the next, …) are closed.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use html5ever::{LocalName, local_name};

/// The deepest nesting of elements in `html` (the document itself is 0).
pub fn depth(html: &str) -> usize {
    let input = BufferQueue::default();
    input.push_back(html.into());
    let tokenizer = Tokenizer::new(Open::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.deepest()
}

#[derive(Default)]
struct Open(RefCell<Stack>);

#[derive(Default)]
struct Stack {
    names: Vec<LocalName>,
    /// How many of each name are open: whether an end tag closes anything
    /// is then known without searching.
    counts: HashMap<LocalName, usize>,
    deepest: usize,
}

impl Open {
    fn deepest(&self) -> usize {
        self.0.borrow().deepest
    }
}

impl Stack {
    fn push(&mut self, name: LocalName) {
        *self.counts.entry(name.clone()).or_default() += 1;
        self.names.push(name);
        self.deepest = self.deepest.max(self.names.len());
    }

    /// Closes the innermost open `name` and everything inside it.
    fn close(&mut self, name: &LocalName) {
        if self.counts.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(top) = self.names.pop() {
            let n = self.counts.get_mut(&top).expect("counted when pushed");
            *n -= 1;
            if top == *name {
                break;
            }
        }
    }

    fn start(&mut self, tag: &Tag) {
        let name = &tag.name;
        if let Some(closed) = implicitly_closed_by(name) {
            for c in closed {
                self.close(c);
            }
        }
        if !(tag.self_closing || is_void(name)) {
            self.push(name.clone());
        }
    }
}

impl TokenSink for Open {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let mut stack = self.0.borrow_mut();
        if tag.kind == TagKind::EndTag {
            stack.close(&tag.name);
            return TokenSinkResult::Continue;
        }
        stack.start(&tag);
        // The tokenizer reads these elements' content as text, as the tree
        // builder tells it to: `<script>"<div>"</script>` opens no div.
        match tag.name {
            _ if tag.self_closing => TokenSinkResult::Continue,
            local_name!("script") => TokenSinkResult::RawData(RawKind::ScriptData),
            local_name!("style")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes") => TokenSinkResult::RawData(RawKind::Rawtext),
            local_name!("title") | local_name!("textarea") => {
                TokenSinkResult::RawData(RawKind::Rcdata)
            }
            local_name!("plaintext") => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("frame")
    )
}

/// The open elements a start tag closes before it opens.
fn implicitly_closed_by(name: &LocalName) -> Option<&'static [LocalName]> {
    static P: [LocalName; 1] = [local_name!("p")];
    static LI: [LocalName; 2] = [local_name!("li"), local_name!("p")];
    static DT_DD: [LocalName; 3] = [local_name!("dt"), local_name!("dd"), local_name!("p")];
    static OPTION: [LocalName; 1] = [local_name!("option")];
    static OPTGROUP: [LocalName; 2] = [local_name!("option"), local_name!("optgroup")];
    static CELL: [LocalName; 2] = [local_name!("td"), local_name!("th")];
    static ROW: [LocalName; 3] = [local_name!("td"), local_name!("th"), local_name!("tr")];
    static SECTION: [LocalName; 6] = [
        local_name!("td"),
        local_name!("th"),
        local_name!("tr"),
        local_name!("tbody"),
        local_name!("thead"),
        local_name!("tfoot"),
    ];
    Some(match *name {
        local_name!("li") => &LI,
        local_name!("dt") | local_name!("dd") => &DT_DD,
        local_name!("option") => &OPTION,
        local_name!("optgroup") => &OPTGROUP,
        local_name!("td") | local_name!("th") => &CELL,
        local_name!("tr") => &ROW,
        local_name!("tbody") | local_name!("thead") | local_name!("tfoot") => &SECTION,
        local_name!("p")
        | local_name!("address")
        | local_name!("article")
        | local_name!("aside")
        | local_name!("blockquote")
        | local_name!("details")
        | local_name!("div")
        | local_name!("dl")
        | local_name!("fieldset")
        | local_name!("figcaption")
        | local_name!("figure")
        | local_name!("footer")
        | local_name!("form")
        | local_name!("h1")
        | local_name!("h2")
        | local_name!("h3")
        | local_name!("h4")
        | local_name!("h5")
        | local_name!("h6")
        | local_name!("header")
        | local_name!("hgroup")
        | local_name!("main")
        | local_name!("menu")
        | local_name!("nav")
        | local_name!("ol")
        | local_name!("pre")
        | local_name!("section")
        | local_name!("summary")
        | local_name!("table")
        | local_name!("ul") => &P,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn elements_are_open_from_start_to_end_tag() {
        assert_eq!(
            depth("<html><body><div><p>a</p><p>b</p></div></body></html>"),
            4
        );
        assert_eq!(depth("<div>".repeat(300).as_str()), 300);
        assert_eq!(depth(&"<div></div>".repeat(300)), 1);
    }

    #[test]
    fn void_self_closing_and_implied_ends_open_nothing_deeper() {
        assert_eq!(depth(&"<br><img src=x><hr>".repeat(100)), 0);
        assert_eq!(depth(&"<svg/>".repeat(100)), 0);
        assert_eq!(depth(&"<p>para".repeat(100)), 1);
        assert_eq!(depth(&format!("<ul>{}</ul>", "<li>item".repeat(100))), 2);
        assert_eq!(
            depth(&format!("<table>{}</table>", "<tr><td>a<td>b".repeat(50))),
            3
        );
    }

    #[test]
    fn markup_in_scripts_styles_and_titles_is_text() {
        let tags = "<div>".repeat(100);
        let page = format!(
            "<title>{tags}</title><script>{tags}</script><style>{tags}</style><textarea>{tags}</textarea>"
        );
        assert_eq!(depth(&page), 1);
    }

    #[test]
    fn an_end_tag_closes_what_is_inside_it_and_a_stray_one_nothing() {
        assert_eq!(depth("<div><span><b><i>x</div><div>y</div>"), 4);
        assert_eq!(depth(&"</div>".repeat(100)), 0);
        assert_eq!(depth(&"<div><b></span>".repeat(10)), 20);
    }
}
