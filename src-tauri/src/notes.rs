//! Notes are Markdown; the UI gets them as HTML that is safe to insert:
//! rendered by pulldown-cmark, then cleaned by ammonia (no scripts, no event
//! handlers, no `javascript:` links, no images that would reach the network).

use std::sync::LazyLock;

use marginalia_core::{Annotation, AnnotationInContext};
use pulldown_cmark::{Event, Options, Parser, Tag, html};
use serde::Serialize;

/// The sanitiser, configured once: building it allocates its tag and
/// attribute sets, which cost more than cleaning a short note.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"));
    b
});

const OPTIONS: Options = Options::ENABLE_STRIKETHROUGH.union(Options::ENABLE_TABLES);

/// Rounds of re-parsing a note whose raw HTML was turned into text (each
/// round reveals what an unclosed block had swallowed); past this, what is
/// left is shown as text as it stands.
const HTML_ROUNDS: usize = 8;

pub fn note_html(markdown: &str) -> String {
    // Most highlights have no note (an article with 1,000 highlights sends 1,000 of them).
    if markdown.trim().is_empty() {
        return String::new();
    }
    let source = html_as_text(markdown);
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    // Anything still parsed as HTML is shown as the characters typed.
    let events = Parser::new_ext(&source, OPTIONS).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        e => e,
    });
    html::push_html(&mut raw, events);
    CLEANER.clean(&raw).to_string()
}

/// Raw HTML in a note is shown as the text the user typed, never run and
/// never dropped. Inserting a backslash before the `<` that opens each HTML
/// block or tag makes CommonMark read it as a literal `<`; an unclosed
/// `<script>`, `<style>` or `<!--` block would otherwise swallow the rest of
/// the note as HTML. Code spans and blocks are never touched.
fn html_as_text(markdown: &str) -> std::borrow::Cow<'_, str> {
    let mut source = std::borrow::Cow::Borrowed(markdown);
    for _ in 0..HTML_ROUNDS {
        let opens: Vec<usize> = Parser::new_ext(&source, OPTIONS)
            .into_offset_iter()
            .filter_map(|(e, range)| match e {
                Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                    source[range.clone()].find('<').map(|i| range.start + i)
                }
                _ => None,
            })
            .collect();
        if opens.is_empty() {
            break;
        }
        let mut escaped = String::with_capacity(source.len() + opens.len());
        let mut from = 0;
        for at in opens {
            escaped.push_str(&source[from..at]);
            escaped.push('\\');
            from = at;
        }
        escaped.push_str(&source[from..]);
        source = std::borrow::Cow::Owned(escaped);
    }
    source
}

/// An annotation as the UI receives it: the record plus its rendered note.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationView {
    #[serde(flatten)]
    pub annotation: Annotation,
    pub note_html: String,
}

impl From<Annotation> for AnnotationView {
    fn from(annotation: Annotation) -> Self {
        let note_html = note_html(&annotation.note);
        AnnotationView {
            annotation,
            note_html,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnotationInContextView {
    #[serde(flatten)]
    pub annotation: AnnotationView,
    pub article_title: String,
}

impl From<AnnotationInContext> for AnnotationInContextView {
    fn from(a: AnnotationInContext) -> Self {
        AnnotationInContextView {
            annotation: a.annotation.into(),
            article_title: a.article_title,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::note_html;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        assert_eq!(
            note_html("**bold** note"),
            "<p><strong>bold</strong> note</p>\n"
        );
        let evil = note_html(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"https://e.org\" onclick=\"alert(4)\">ok</a>",
        );
        for bad in ["<script", "<img", "href=\"javascript:", "<a href"] {
            assert!(!evil.contains(bad), "{bad} survived: {evil}");
        }
        assert!(
            evil.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
            ),
            "{evil}"
        );
        assert!(
            evil.contains("<a rel=\"noopener noreferrer\">x</a>"),
            "{evil}"
        );
        // The raw link is text, its handler with it: no element carries it.
        assert!(
            evil.contains("&lt;a href=\"https://e.org\" onclick=\"alert(4)\"&gt;ok&lt;/a&gt;"),
            "{evil}"
        );
    }

    #[test]
    fn raw_html_is_shown_as_typed_and_never_swallows_the_rest() {
        for (open, shown) in [
            ("<script>", "&lt;script&gt;"),
            ("<!--", "&lt;!--"),
            ("<style>", "&lt;style&gt;"),
            ("<textarea>", "&lt;textarea&gt;"),
            ("<pre>", "&lt;pre&gt;"),
            ("<div>", "&lt;div&gt;"),
        ] {
            let html = note_html(&format!("{open}\n\n**after** the tag\n\n- a list item"));
            assert!(html.contains(shown), "{open}: {html}");
            assert!(html.contains("<strong>after</strong>"), "{open}: {html}");
            assert!(html.contains("<li>a list item</li>"), "{open}: {html}");
        }
        assert_eq!(
            note_html("a <span class=x>b</span> c"),
            "<p>a &lt;span class=x&gt;b&lt;/span&gt; c</p>\n"
        );
        // Several unclosed blocks, one after the other, all come back.
        let html = note_html("<script>\none\n\n<style>\ntwo\n\n<!--\n**three**");
        for part in [
            "&lt;script&gt;",
            "one",
            "&lt;style&gt;",
            "two",
            "&lt;!--",
            "<strong>three</strong>",
        ] {
            assert!(html.contains(part), "{part}: {html}");
        }
    }

    #[test]
    fn html_in_code_stays_code() {
        assert_eq!(
            note_html("`<b>x</b>` and\n\n```\n<script>\n```"),
            "<p><code>&lt;b&gt;x&lt;/b&gt;</code> and</p>\n<pre><code>&lt;script&gt;\n</code></pre>\n"
        );
        // Autolinks are links, not HTML.
        assert_eq!(
            note_html("<https://example.org>"),
            "<p><a href=\"https://example.org\" rel=\"noopener noreferrer\">https://example.org</a></p>\n"
        );
    }

    #[test]
    fn no_note_is_no_html_and_the_shared_sanitiser_stays_strict() {
        assert_eq!(note_html(""), "");
        assert_eq!(note_html(" \n\t"), "");
        // The second and later notes use the same configured sanitiser.
        for _ in 0..2 {
            assert_eq!(note_html("*hi* <b>"), "<p><em>hi</em> &lt;b&gt;</p>\n");
        }
    }
}
