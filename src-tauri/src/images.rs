//! Article images, served to the reader from the library through the
//! `marginalia-image` URI scheme (`marginalia-image://localhost/<sha256>`,
//! `http://marginalia-image.localhost/<sha256>` on Windows). Only stored
//! images are answered; nothing outside the library is ever read.

use std::sync::Arc;

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::commands::LibraryState;

/// The scheme the UI names images by (see `convertFileSrc` in ui/js/reader.js).
pub const SCHEME: &str = "marginalia-image";

/// Answers one image request on the blocking pool: the library read never
/// runs on the main thread.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let cell = ctx.app_handle().state::<LibraryState>().cell();
    let hash = request.uri().path().trim_start_matches('/').to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        responder.respond(answer(&cell, &hash));
    });
}

fn answer(
    cell: &Arc<std::sync::OnceLock<crate::commands::Opened>>,
    hash: &str,
) -> Response<Vec<u8>> {
    let found = match cell.wait() {
        Ok(lib) => lib.image(hash),
        Err(_) => return status(StatusCode::SERVICE_UNAVAILABLE),
    };
    match found {
        Ok(image) => Response::builder()
            .header(header::CONTENT_TYPE, image.mime)
            // Content-addressed: the bytes under a hash never change.
            .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
            .header("X-Content-Type-Options", "nosniff")
            // An SVG is shown as an image (no script runs in an <img>); if it
            // is ever opened as a document, it still may load nothing.
            .header(
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            )
            .body(image.bytes)
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Err(marginalia_core::Error::NotFound { .. }) => status(StatusCode::NOT_FOUND),
        Err(_) => status(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}
