//! XHTML read by an HTML parser. XHTML may close any element on its own
//! (`<a id="x"/>`, `<title/>`); an HTML parser takes that as an opening tag
//! only, and the rest of the chapter would land inside the link, or be
//! swallowed by the title. Such tags are written out as opened and closed.

/// Elements HTML knows to have no content: `<br/>` is right as it is.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// `<name attrs/>` becomes `<name attrs></name>` for every element that is
/// not void; comments, CDATA sections and quoted attribute values are
/// passed over untouched.
pub(crate) fn expand_self_closing(xhtml: &str) -> String {
    let bytes = xhtml.as_bytes();
    let mut out = String::with_capacity(xhtml.len() + xhtml.len() / 64);
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = xhtml[i..].find('<') {
        let lt = i + at;
        i = lt + 1;
        let rest = &xhtml[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(xhtml.len(), |e| lt + e + 3);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = rest.find("]]>").map_or(xhtml.len(), |e| lt + e + 3);
            continue;
        }
        if !bytes.get(lt + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        // The tag's end, outside quoted values.
        let mut quote = None;
        let mut end = None;
        for (j, c) in rest.char_indices().skip(1 + name_len) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        i = lt + end + 1;
        let inner = rest[..end].trim_end();
        let local = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
        if inner.ends_with('/') && !VOID.contains(&local.as_str()) {
            out.push_str(&xhtml[copied..lt]);
            out.push_str(inner[..inner.len() - 1].trim_end());
            out.push_str("></");
            out.push_str(name);
            out.push('>');
            copied = i;
        }
    }
    out.push_str(&xhtml[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::expand_self_closing as x;

    #[test]
    fn closes_what_html_would_leave_open() {
        assert_eq!(x(r#"<a id="x"/>text"#), r#"<a id="x"></a>text"#);
        assert_eq!(x("<title/><p>a</p>"), "<title></title><p>a</p>");
        assert_eq!(x("<div class='a/b' />"), "<div class='a/b'></div>");
        assert_eq!(x(r#"<a title="1>2"/>"#), r#"<a title="1>2"></a>"#);
        assert_eq!(x("<svg:rect/>"), "<svg:rect></svg:rect>");
    }

    #[test]
    fn leaves_the_rest_alone() {
        for s in [
            "<br/><img src='a.png'/><hr />",
            "<p>1 < 2 and 3 > 2</p>",
            "<!-- <a/> --><![CDATA[<b/>]]>",
            "<p>unterminated <a id='x'",
            "é<é/>",
            "",
        ] {
            assert_eq!(x(s), s);
        }
    }
}
