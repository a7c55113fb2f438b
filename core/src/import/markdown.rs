//! Markdown files: the readable text, not the markup. The title is the
//! front matter's `title:`, else the first heading, else the file name.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::ParsedArticle;

pub(crate) fn parse(source: &str, fallback_title: &str) -> ParsedArticle {
    let (front, body) = split_front_matter(source);
    let field = |key: &str| {
        front
            .iter()
            .find_map(|(k, v)| (k.eq_ignore_ascii_case(key) && !v.is_empty()).then(|| v.clone()))
    };
    let mut title = field("title");
    let mut blocks: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut image_depth = 0usize;
    let flush = |buf: &mut String, blocks: &mut Vec<String>| {
        let t = buf.trim();
        if !t.is_empty() {
            blocks.push(t.to_owned());
        }
        buf.clear();
    };
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut buf, &mut blocks);
            }
            Event::End(TagEnd::Heading(_)) => {
                if title.is_none() && !buf.trim().is_empty() {
                    title = Some(buf.trim().to_owned());
                    buf.clear();
                } else {
                    flush(&mut buf, &mut blocks);
                }
            }
            Event::Start(Tag::List(_)) => flush(&mut buf, &mut blocks),
            Event::Start(Tag::Item) => {
                flush(&mut buf, &mut blocks);
                buf.push_str("• ");
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => flush(&mut buf, &mut blocks),
            Event::End(TagEnd::TableCell) => buf.push('\t'),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => buf.push_str(&t),
            Event::SoftBreak => buf.push(' '),
            Event::HardBreak => buf.push('\n'),
            _ => {}
        }
    }
    flush(&mut buf, &mut blocks);
    // "• " left alone by an item whose text sat in a nested paragraph.
    blocks.retain(|b| b != "•");
    ParsedArticle {
        title: title.unwrap_or_else(|| fallback_title.to_owned()),
        author: field("author"),
        published: field("date").or_else(|| field("published")),
        text: blocks.join("\n\n"),
    }
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
mod tests {
    use super::*;

    #[test]
    fn heading_becomes_title_and_markup_goes() {
        let a = parse(
            "# The *Real* Title\n\nSome **bold** text with a [link](http://x.y) and `code`.\n\n- one\n- two\n\n![alt text](img.png)\n\n## Section\n\nMore.\n",
            "file",
        );
        assert_eq!(a.title, "The Real Title");
        assert_eq!(
            a.text,
            "Some bold text with a link and code.\n\n• one\n\n• two\n\nSection\n\nMore."
        );
    }

    #[test]
    fn front_matter_title_wins() {
        let a = parse(
            "---\ntitle: \"From Front Matter\"\nauthor: Ada\ndate: 2024-05-01\n---\n# Heading\n\nBody.\n",
            "file",
        );
        assert_eq!(a.title, "From Front Matter");
        assert_eq!(a.author.as_deref(), Some("Ada"));
        assert_eq!(a.published.as_deref(), Some("2024-05-01"));
        assert_eq!(a.text, "Heading\n\nBody.");
    }
}
