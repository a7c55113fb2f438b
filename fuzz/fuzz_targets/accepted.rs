//! What every importer target checks of what it accepted: articles with
//! text, titles within bounds, no control characters but newline and tab,
//! and a structure whose ranges fit the text. (Included by the targets with
//! `#[path]`; not a target itself.)

use marginalia_core::import::{MAX_TITLE_CHARS, ParsedArticle};

pub fn check(articles: &[ParsedArticle]) {
    assert!(!articles.is_empty());
    for a in articles {
        assert!(!a.text.trim().is_empty());
        assert!(a.title.chars().count() <= MAX_TITLE_CHARS);
        assert!(
            a.text
                .chars()
                .all(|c| c == '\n' || c == '\t' || !c.is_control())
        );
        if let Some(structure) = &a.structure {
            let len = u32::try_from(a.text.chars().count()).expect("text fits u32");
            structure
                .check(len)
                .expect("importer builds a valid structure");
        }
    }
}
