//! Notes are Markdown; the UI gets them as HTML that is safe to insert:
//! rendered by pulldown-cmark, then cleaned by ammonia (no scripts, no event
//! handlers, no `javascript:` links, no images that would reach the network).

use std::sync::LazyLock;

use marginalia_core::{Annotation, AnnotationInContext};
use pulldown_cmark::{Options, Parser, html};
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

pub fn note_html(markdown: &str) -> String {
    // Most highlights have no note (an article with 1,000 highlights sends 1,000 of them).
    if markdown.trim().is_empty() {
        return String::new();
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(
        &mut raw,
        Parser::new_ext(
            markdown,
            Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
        ),
    );
    CLEANER.clean(&raw).to_string()
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
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript:",
            "onclick",
            "<img",
        ] {
            assert!(!evil.contains(bad), "{bad} survived: {evil}");
        }
        assert!(evil.contains("href=\"https://e.org\""), "{evil}");
        assert!(
            evil.contains("<a rel=\"noopener noreferrer\">x</a>"),
            "{evil}"
        );
    }

    #[test]
    fn no_note_is_no_html_and_the_shared_sanitiser_stays_strict() {
        assert_eq!(note_html(""), "");
        assert_eq!(note_html(" \n\t"), "");
        // The second and later notes use the same configured sanitiser.
        for _ in 0..2 {
            assert_eq!(note_html("<b onclick=x>hi</b>"), "<p><b>hi</b></p>\n");
        }
    }
}
