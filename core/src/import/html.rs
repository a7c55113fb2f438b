//! Saved web pages (`.html`, `.htm`, `.xhtml`): the article is found the way
//! Firefox's Reader View finds it (dom_smoothie, a port of Mozilla's
//! Readability), then made a document by [`super::dom`]. When no article is
//! found, the page's whole body is imported instead, and the user is told.

use dom_query::Document;
use dom_smoothie::{Config, Readability};
use url::Url;

use super::dom::{self, Walked};
use super::{Meta, ParsedArticle, Resources};
use crate::document::BlockKind;

/// Deepest element nesting given to the article finder.
const MAX_DEPTH: usize = 512;

/// How far into a file the "saved from" comments of browsers are looked for.
const HEAD_BYTES: usize = 8 << 10;

/// Reads a page. `saved_from` is its address as known from outside it (an
/// archive's record, the link it was fetched from), used when the page
/// names none of its own.
pub(crate) fn parse_at(
    html: &str,
    stem: &str,
    resources: &dyn Resources,
    saved_from: Option<&str>,
) -> ParsedArticle {
    let page = Document::from(html);
    let url = page_url(&page, html).or_else(|| saved_from.and_then(web_url));
    let base = url.as_deref().and_then(|u| Url::parse(u).ok());
    // Finding the article recurses over the tree: a page nested deeper than
    // any real one is imported whole (the walk itself keeps its own stack).
    let too_deep = deeper_than(&page, MAX_DEPTH);
    let found = (!too_deep)
        .then(|| {
            Readability::with_document(
                page,
                None,
                // Classes name a code block's language (`language-rust`).
                Some(Config {
                    keep_classes: true,
                    ..Config::default()
                }),
            )
            .ok()
        })
        .flatten()
        .and_then(|mut r| r.parse().ok())
        .filter(|a| !a.text_content.trim().is_empty());
    let mut notices = Vec::new();
    let (mut walked, title, author, published, site_name, language, excerpt) = match found {
        Some(a) => {
            let content = Document::from(a.content.as_ref());
            let walked = dom::walk(&content.root(), base, resources);
            (
                walked,
                a.title,
                a.byline,
                a.published_time,
                a.site_name,
                a.lang,
                a.excerpt,
            )
        }
        None => {
            notices.push(
                "no article was found in the page, so all of its text was imported".to_owned(),
            );
            // The finder took the tree apart: read the page again (rare).
            let page = Document::from(html);
            let body = page.select("body");
            let root = body.nodes().first().cloned().unwrap_or_else(|| page.root());
            let walked = dom::walk(&root, base, resources);
            let title = page.select("title").text().to_string();
            let lang = page.select("html").attr("lang").map(|l| l.to_string());
            (walked, title, None, None, None, lang, None)
        }
    };
    let title = clean(&title).unwrap_or_else(|| stem.to_owned());
    let author = author.as_deref().and_then(clean);
    // Pages repeat their title and byline above the article: shown once.
    drop_first_if(&mut walked, |kind, text| {
        matches!(kind, BlockKind::Heading { .. }) && text.eq_ignore_ascii_case(&title)
    });
    if let Some(by) = &author {
        drop_first_if(&mut walked, |kind, text| {
            let text = text
                .strip_prefix("By ")
                .or_else(|| text.strip_prefix("by "))
                .unwrap_or(text);
            matches!(kind, BlockKind::Paragraph) && text.eq_ignore_ascii_case(by)
        });
    }
    walked
        .structure
        .targets
        .retain(|t| !t.id.starts_with("readability-"));
    let n = walked.remote_images;
    let (s, was, is) = if n == 1 {
        ("", "was", "is")
    } else {
        ("s", "were", "are")
    };
    if n > 0 && resources.online() {
        notices.push(format!(
            "{n} image{s} could not be fetched and {is} not shown"
        ));
    } else if n > 0 {
        notices.push(format!(
            "{n} image{s} on the web {was} not saved with the page and {is} not shown (Marginalia does not go online)"
        ));
    }
    ParsedArticle {
        title,
        author,
        published: published.as_deref().and_then(clean),
        text: walked.text,
        structure: Some(walked.structure),
        meta: Meta {
            url,
            site_name: site_name.as_deref().and_then(clean),
            language: language.as_deref().and_then(clean),
            excerpt: excerpt.as_deref().and_then(clean),
        },
        images: walked.images,
        notices,
    }
}

fn deeper_than(page: &Document, max: usize) -> bool {
    let mut stack = vec![(page.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > max {
            return true;
        }
        stack.extend(node.children().into_iter().map(|c| (c, depth + 1)));
    }
    false
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Where the page was published: its canonical link, its Open Graph URL, or
/// the address a browser noted when saving it.
fn page_url(page: &Document, html: &str) -> Option<String> {
    let from_tags = [
        page.select(r#"link[rel="canonical"]"#).attr("href"),
        page.select(r#"meta[property="og:url"]"#).attr("content"),
    ];
    let head = &html[..floor_char_boundary(html, HEAD_BYTES)];
    let from_comments = [saved_from(head), single_file(head)];
    from_tags
        .into_iter()
        .map(|t| t.map(|t| t.to_string()))
        .chain(from_comments)
        .flatten()
        .find_map(|u| web_url(&u))
}

/// `u` as an http(s) URL, if it is one.
fn web_url(u: &str) -> Option<String> {
    Url::parse(u.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.to_string())
}

/// `<!-- saved from url=(0042)https://example.org/... -->` (Chrome, Edge, IE).
fn saved_from(head: &str) -> Option<String> {
    let rest = &head[head.find("saved from url=(")? + "saved from url=(".len()..];
    let rest = &rest[rest.find(')')? + 1..];
    Some(
        rest.split(|c: char| c.is_whitespace() || c == '-')
            .next()?
            .to_owned(),
    )
}

/// `<!-- Page saved with SingleFile \n url: https://... \n saved date: ... -->`.
fn single_file(head: &str) -> Option<String> {
    let at = head.find("Page saved with SingleFile")?;
    let rest = &head[at..];
    let rest = &rest[rest.find("url:")? + 4..];
    Some(rest.split_whitespace().next()?.to_owned())
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Takes the first block out when `drop(kind, text)` says so (and
/// something follows it).
fn drop_first_if(walked: &mut Walked, drop: impl Fn(&BlockKind, &str) -> bool) {
    let Some(first) = walked.structure.blocks.first() else {
        return;
    };
    let (start, end) = (first.start as usize, first.end as usize);
    let text: String = walked.text.chars().skip(start).take(end - start).collect();
    if !drop(&first.kind, text.trim()) || walked.structure.blocks.len() < 2 {
        return;
    }
    let cut = walked.structure.blocks[1].start;
    walked.text = walked.text.chars().skip(cut as usize).collect();
    let s = &mut walked.structure;
    s.blocks.remove(0);
    for b in &mut s.blocks {
        b.start -= cut;
        b.end -= cut;
    }
    s.spans.retain(|sp| sp.start >= cut);
    for sp in &mut s.spans {
        sp.start -= cut;
        sp.end -= cut;
    }
    for t in &mut s.targets {
        t.offset = t.offset.saturating_sub(cut);
    }
}
