//! Articles from links, against an HTTP server on loopback started by the
//! test (nothing reaches the internet): pages with their images, PDFs,
//! redirects, failures that save nothing, cancelling, and updating an
//! article from its source with its highlights re-anchored.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use marginalia_core::document::{BlockKind, SpanKind};
use marginalia_core::fetch::Fetcher;
use marginalia_core::{AnnotationInput, Error, ImportStatus, Passage};

const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 0x05, 0, 0x01, 0xff, 0x56, 0xc7, 0x2f, 0x0d,
    0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Sent in pieces with a pause between them.
    slow: bool,
}

fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
        slow: false,
    }
}

/// A small HTTP/1.1 server on 127.0.0.1: one reply per path, changeable.
struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let shared = Arc::clone(&routes);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let routes = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request = String::new();
                    if reader.read_line(&mut request).is_err() {
                        return;
                    }
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).unwrap_or(0) == 0
                            || header.trim().is_empty()
                        {
                            break;
                        }
                    }
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let reply = routes.lock().unwrap().get(&path).cloned().unwrap_or(Reply {
                        status: 404,
                        headers: vec![],
                        body: b"not here".to_vec(),
                        slow: false,
                    });
                    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
                    if !reply.headers.iter().any(|(k, _)| k == "Content-Length") {
                        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
                    }
                    for (k, v) in &reply.headers {
                        head.push_str(&format!("{k}: {v}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = stream.write_all(head.as_bytes());
                    if reply.slow {
                        for piece in reply.body.chunks(1024) {
                            if stream.write_all(piece).is_err() {
                                return;
                            }
                            let _ = stream.flush();
                            std::thread::sleep(Duration::from_millis(50));
                        }
                    } else {
                        let _ = stream.write_all(&reply.body);
                    }
                });
            }
        });
        Server { base, routes }
    }

    fn serve(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn page(paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Harbour Dredging Begins</title>\
         <meta property=\"og:site_name\" content=\"Harbour News\"></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>Harbour Dredging Begins</h1>{body}\
         <img src=\"img/channel.png\" alt=\"The channel\">\
         <p>Read <a href=\"../notices/dredging\">the council notice</a> for the timetable and the \
         closures of the slipway during the works.</p></article></body></html>"
    )
}

const FIRST: &str = "The harbour café will stay open while the channel is dredged this winter, \
    the council said on Friday, and boats will be moved to the temporary pontoons.";
const SECOND: &str = "Fishermen say the silt has been building for a decade; the last dredging, \
    in 2014, cleared the channel to four metres, and it is now under three in places.";
const THIRD: &str = "The work is expected to cost about four hundred thousand pounds, paid \
    from the harbour fund rather than from the rates, and to last six weeks.";

fn no_progress() -> impl FnMut(u64, Option<u64>) {
    |_, _| {}
}

#[test]
fn a_page_comes_in_with_its_images_and_its_address() {
    let server = Server::start();
    server.serve(
        "/news/dredging",
        ok("text/html; charset=utf-8", page(&[FIRST, SECOND, THIRD])),
    );
    server.serve("/news/img/channel.png", ok("image/png", PNG));
    let t = temp_library();
    let fetcher = Fetcher::new().unwrap();
    let mut seen = Vec::new();
    let got = t
        .import_link(
            &fetcher,
            &server.url("/news/dredging"),
            NOW,
            &AtomicBool::new(false),
            &mut |n, total| seen.push((n, total)),
        )
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, ImportStatus::Added);
    assert!(got[0].notices.is_empty(), "{:?}", got[0].notices);
    assert!(
        !seen.is_empty() && seen.last().unwrap().1.is_some(),
        "progress: {seen:?}"
    );
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.title, "Harbour Dredging Begins");
    assert_eq!(a.source, server.url("/news/dredging"));
    assert_eq!(
        a.url.as_deref(),
        Some(server.url("/news/dredging").as_str())
    );
    assert_eq!(a.site_name.as_deref(), Some("Harbour News"));
    assert!(a.text.starts_with("The harbour café"), "{}", a.text);
    assert!(!a.text.contains("Home"));
    let s = a.structure.as_ref().unwrap();
    let image = s
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Figure { image, .. } => image.clone(),
            _ => None,
        })
        .expect("the image was fetched and stored");
    assert_eq!(t.image(&image).unwrap().bytes, PNG);
    assert!(s.spans.iter().any(|sp| sp.kind
        == SpanKind::Link {
            href: server.url("/notices/dredging")
        }));
    // The same link again adds nothing.
    let again = t
        .import_link(
            &fetcher,
            &server.url("/news/dredging"),
            NOW,
            &AtomicBool::new(false),
            &mut no_progress(),
        )
        .unwrap();
    assert_eq!(again[0].status, ImportStatus::Unchanged);
}

#[test]
fn redirects_are_followed_and_pdfs_read_by_their_type() {
    let server = Server::start();
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pdf/one-column.pdf"
    ))
    .unwrap();
    server.serve("/report", ok("application/pdf", pdf));
    server.serve(
        "/r/latest",
        Reply {
            status: 302,
            headers: vec![("Location".into(), "/report".into())],
            body: vec![],
            slow: false,
        },
    );
    let t = temp_library();
    let fetcher = Fetcher::new().unwrap();
    let got = t
        .import_link(
            &fetcher,
            &server.url("/r/latest"),
            NOW,
            &AtomicBool::new(false),
            &mut no_progress(),
        )
        .unwrap();
    let a = t.article(&got[0].id).unwrap();
    assert_eq!(a.source, server.url("/report"));
    assert!(a.text.starts_with("Introduction"));
}

fn fails(t: &TempLibrary, link: &str) -> Error {
    let fetcher = Fetcher::new().unwrap();
    let e = t
        .import_link(
            &fetcher,
            link,
            NOW,
            &AtomicBool::new(false),
            &mut no_progress(),
        )
        .expect_err("the import fails");
    assert_eq!(t.count_articles(None).unwrap(), 0, "nothing is saved");
    e
}

#[test]
fn what_cannot_be_fetched_or_read_saves_nothing() {
    let server = Server::start();
    server.serve("/logo.png", ok("image/png", PNG));
    server.serve(
        "/huge",
        Reply {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/html".into()),
                ("Content-Length".into(), (60u64 << 20).to_string()),
            ],
            body: vec![],
            slow: false,
        },
    );
    // A port with nothing listening: what offline looks like.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/page", l.local_addr().unwrap())
    };
    let t = temp_library();
    let e = fails(&t, &closed);
    assert_eq!(e.code(), "network", "{e}");
    assert!(e.to_string().contains("could not be reached"), "{e}");
    let e = fails(&t, &server.url("/missing"));
    assert_eq!(e.code(), "network");
    assert!(e.to_string().contains("404"), "{e}");
    let e = fails(&t, &server.url("/huge"));
    assert!(e.to_string().contains("at most 50 MiB"), "{e}");
    let e = fails(&t, &server.url("/logo.png"));
    assert_eq!(e.code(), "unsupported_file");
    assert!(e.to_string().contains("image/png"), "{e}");
    let e = fails(&t, "file:///etc/passwd");
    assert_eq!(e.code(), "invalid_input");
}

#[test]
fn a_fetch_can_be_cancelled_and_saves_nothing() {
    let server = Server::start();
    let mut slow = ok("text/html", page(&[FIRST, SECOND, THIRD]).repeat(40));
    slow.slow = true;
    server.serve("/slow", slow);
    let t = temp_library();
    let fetcher = Fetcher::new().unwrap();
    let cancel = AtomicBool::new(false);
    let mut chunks = 0;
    let e = t
        .import_link(&fetcher, &server.url("/slow"), NOW, &cancel, &mut |_, _| {
            chunks += 1;
            cancel.store(true, Ordering::Relaxed);
        })
        .unwrap_err();
    assert!(matches!(e, Error::Cancelled), "{e}");
    assert_eq!(e.code(), "cancelled");
    assert_eq!(chunks, 1, "it stopped at the first chunk after the cancel");
    assert_eq!(t.count_articles(None).unwrap(), 0);
}

#[test]
fn an_article_is_updated_from_its_source_and_its_highlights_follow() {
    let server = Server::start();
    server.serve(
        "/news/dredging",
        ok("text/html", page(&[FIRST, SECOND, THIRD])),
    );
    let t = temp_library();
    let fetcher = Fetcher::new().unwrap();
    let never = AtomicBool::new(false);
    let id = t
        .import_link(
            &fetcher,
            &server.url("/news/dredging"),
            NOW,
            &never,
            &mut no_progress(),
        )
        .unwrap()[0]
        .id
        .clone();
    let highlight = |quote: &str| {
        let passage = Passage::Quote {
            quote: quote.to_owned(),
            occurrence: None,
        };
        t.create_highlight(&id, &passage, &AnnotationInput::default(), NOW)
            .unwrap()
    };
    let kept = highlight("cleared the channel to four metres");
    let lost = highlight("paid from the harbour fund");
    // The page changes: a paragraph added before, the third one rewritten.
    let added = "Update: the council has now published the full timetable for the works.";
    let rewritten = "The cost has not been announced.";
    server.serve(
        "/news/dredging",
        ok("text/html", page(&[added, FIRST, SECOND, rewritten])),
    );
    let updated = t
        .update_from_source(&fetcher, &id, NOW, &never, &mut no_progress())
        .unwrap();
    assert_eq!(updated.status, ImportStatus::Updated);
    assert_eq!(updated.orphaned, 1);
    let a = t.article(&id).unwrap();
    assert!(a.text.starts_with(added));
    let kept = t.annotation(&kept.id).unwrap();
    let start = kept.start.unwrap() as usize;
    let at: String = a.text.chars().skip(start).take(34).collect();
    assert_eq!(at, "cleared the channel to four metres");
    assert_eq!(t.annotation(&lost.id).unwrap().start, None, "an orphan");
    // Nothing changed since: unchanged.
    let again = t
        .update_from_source(&fetcher, &id, NOW, &never, &mut no_progress())
        .unwrap();
    assert_eq!(again.status, ImportStatus::Unchanged);
    // An article from a file has no source to fetch.
    let file = t
        .import_bytes(
            "notes.txt",
            b"Just a note\n\nWith a paragraph of text.",
            NOW,
        )
        .unwrap();
    let e = t
        .update_from_source(&fetcher, &file[0].id, NOW, &never, &mut no_progress())
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
}
