//! The link commands through Tauri's IPC on the mock runtime, against an
//! HTTP server on 127.0.0.1 started by the test.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::*;

/// Serves `body` (as HTML) at every path; the body can be changed.
fn serve(body: &str) -> (String, Arc<Mutex<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let page = Arc::new(Mutex::new(body.to_owned()));
    let shared = Arc::clone(&page);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let body = shared.lock().unwrap().clone();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, page)
}

const PAGE: &str = "<html><head><title>Tide Tables for the Week</title></head><body><article>\
    <h1>Tide Tables for the Week</h1><p>High water on Monday is at six in the morning, and each \
    day after that it comes about forty minutes later than the day before.</p><p>Spring tides \
    fall on Thursday and Friday, when the causeway is covered for two hours.</p></article></body></html>";

#[test]
fn a_link_is_fetched_imported_and_updated() {
    let h = harness();
    let (base, page) = serve(PAGE);
    let url = format!("{base}/tides");
    let got = h.ok(
        "import_link",
        json!({"url": url, "onProgress": "__CHANNEL__:7"}),
    );
    assert_eq!(got[0]["status"], "added");
    assert_eq!(got[0]["title"], "Tide Tables for the Week");
    let id = got[0]["id"].as_str().unwrap().to_owned();
    let article = h.ok("get_article", json!({"id": id}));
    assert_eq!(article["article"]["source"], url.as_str());
    assert_eq!(article["article"]["url"], url.as_str());

    let same = h.ok(
        "update_from_source",
        json!({"id": id, "onProgress": "__CHANNEL__:8"}),
    );
    assert_eq!(same["status"], "unchanged");
    *page.lock().unwrap() = PAGE.replace("six in the morning", "ten past six");
    let updated = h.ok(
        "update_from_source",
        json!({"id": id, "onProgress": "__CHANNEL__:9"}),
    );
    assert_eq!(updated["status"], "updated");
    let article = h.ok("get_article", json!({"id": id}));
    assert!(
        article["article"]["text"]
            .as_str()
            .unwrap()
            .contains("ten past six")
    );
    // Nothing running: cancelling is harmless.
    assert_eq!(h.ok("cancel_fetch", json!({})), Value::Null);
}

#[test]
fn fetch_errors_cross_as_code_and_message() {
    let h = harness();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone", l.local_addr().unwrap())
    };
    let before = h.articles().len();
    let e = h
        .call(
            "import_link",
            json!({"url": closed, "onProgress": "__CHANNEL__:7"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "network");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("could not be reached")
    );
    let e = h
        .call(
            "import_link",
            json!({"url": "file:///etc/passwd", "onProgress": "__CHANNEL__:7"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    // The sample article came from a file: no link to update it from.
    let sample = h.articles()[0]["id"].clone();
    let e = h
        .call(
            "update_from_source",
            json!({"id": sample, "onProgress": "__CHANNEL__:7"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert_eq!(h.articles().len(), before);
}
