//! Many at once and the highlights browser, on the benchmark's library:
//! a bulk action on up to 10k articles (one transaction, undone as one
//! change), and what the browser waits for as it scrolls (the count, and a
//! page of 100 rows near the top, the middle and the end).

use std::time::Instant;

use marginalia_core::{AnnotationQuery, ArticleQuery, Library, ReadingState};
use time::OffsetDateTime;

use crate::R;
use crate::metrics::{Metric, Recorder, log, median, ms};

/// How many articles the bulk actions take at most.
const BULK: u32 = 10_000;

/// Times `f`, in milliseconds.
fn timed<T>(f: impl FnOnce() -> R<T>) -> R<(T, f64)> {
    let t = Instant::now();
    let out = f()?;
    Ok((out, ms(t.elapsed())))
}

pub fn bulk(rec: &mut Recorder, lib: &Library, label: &str) -> R<()> {
    let ids = lib.list_article_ids(&ArticleQuery {
        limit: Some(BULK),
        ..ArticleQuery::default()
    })?;
    let n = ids.len();
    log(format!("bulk: {n} articles"));
    let now = OffsetDateTime::now_utc;
    let (_, select_all) = timed(|| Ok(lib.list_article_ids(&ArticleQuery::default())?.len()))?;
    rec.push(
        Metric::new(format!("bulk.{label}.select_all_ids_ms"), select_all, "ms")
            .note("every id of the list (Ctrl+A)"),
    );
    type Step<'a> = Box<dyn Fn() -> R<usize> + 'a>;
    let steps: [(&str, Step); 3] = [
        (
            "tag",
            Box::new(|| Ok(lib.add_tags_to(&ids, &["bulk bench".to_owned()], now())?)),
        ),
        (
            "state",
            Box::new(|| Ok(lib.set_state(&ids, ReadingState::Later)?)),
        ),
        ("trash", Box::new(|| Ok(lib.trash_articles(&ids, now())?))),
    ];
    for (what, step) in steps {
        let (changed, took) = timed(&step)?;
        let (_, undone) = timed(|| Ok(lib.undo()?))?;
        log(format!(
            "bulk: {what} {changed} of {n} in {took:.0} ms, undone in {undone:.0} ms"
        ));
        rec.push(
            Metric::new(format!("bulk.{label}.{what}_{n}_ms"), took, "ms")
                .note(format!("{what} {n} articles: one transaction")),
        );
        rec.push(
            Metric::new(format!("bulk.{label}.undo_{what}_{n}_ms"), undone, "ms")
                .note("the same change undone: one transaction"),
        );
    }
    browser(rec, lib, label)
}

/// What the highlights browser waits for: the count of all annotations,
/// then pages of 100 at the top, the middle and the end (newest first), and
/// a words filter's count.
fn browser(rec: &mut Recorder, lib: &Library, label: &str) -> R<()> {
    let all = AnnotationQuery::default();
    let (total, count_ms) = timed(|| Ok(lib.count_annotations(&all)?))?;
    rec.push(
        Metric::new(format!("browser.{label}.count_ms"), count_ms, "ms")
            .note(format!("{total} annotations counted")),
    );
    for (at, offset) in [
        ("top", 0),
        ("middle", total / 2),
        ("end", total.saturating_sub(100)),
    ] {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let q = AnnotationQuery {
                offset: u32::try_from(offset).unwrap_or(u32::MAX),
                limit: Some(100),
                ..AnnotationQuery::default()
            };
            samples.push(timed(|| Ok(lib.find_annotations(&q)?.len()))?.1);
        }
        rec.push(
            Metric::new(
                format!("browser.{label}.page_{at}_ms"),
                median(&samples),
                "ms",
            )
            .note(format!("100 rows at offset {offset} (median of 5)")),
        );
    }
    let words = AnnotationQuery {
        text: Some("second look".into()),
        ..AnnotationQuery::default()
    };
    let (found, words_ms) = timed(|| Ok(lib.count_annotations(&words)?))?;
    rec.push(
        Metric::new(format!("browser.{label}.words_count_ms"), words_ms, "ms")
            .note(format!("{found} match \"second look\"")),
    );
    Ok(())
}
