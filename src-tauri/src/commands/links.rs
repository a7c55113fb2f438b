//! Links in an article open outside the app, in the user's browser or mail
//! program; the webview itself never navigates away.

use tauri::Url;

use crate::error::AppError;

/// The schemes a link may open: the web and mail. Anything else an imported
/// page names (`javascript:`, `file:`, `data:`, an app's own scheme) is
/// refused.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The link as it will be opened, or why it will not.
pub fn external(href: &str) -> Result<Url, AppError> {
    let url = Url::parse(href.trim()).map_err(|_| {
        AppError::new(
            "unsupported_link",
            format!("“{href}” is not a full web address, so it cannot be opened"),
        )
    })?;
    if !SCHEMES.contains(&url.scheme()) {
        return Err(AppError::new(
            "unsupported_link",
            format!("{}: links are not opened", url.scheme()),
        ));
    }
    Ok(url)
}

/// Opens an http, https or mailto link with the system's default program.
/// With `MARGINALIA_TEST_OPENED` set (the end-to-end tests), the link is
/// appended to that file instead.
#[tauri::command]
pub async fn open_link(href: String) -> Result<(), AppError> {
    let url = external(&href)?;
    tauri::async_runtime::spawn_blocking(move || match std::env::var_os("MARGINALIA_TEST_OPENED") {
        Some(log) if !log.is_empty() => {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .and_then(|mut f| writeln!(f, "{url}"))
                .map_err(|e| AppError::internal(format!("cannot record the link: {e}")))
        }
        _ => tauri_plugin_opener::open_url(url.as_str(), None::<&str>)
            .map_err(|e| AppError::new("open_failed", format!("cannot open the link: {e}"))),
    })
    .await
    .map_err(|e| AppError::internal(format!("opening the link stopped unexpectedly: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::external;

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(external("https://example.org/a?b#c").is_ok());
        assert!(external("mailto:someone@example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "notes/a.html",
            "marginalia-image://localhost/x",
        ] {
            let e = external(bad).expect_err(bad);
            assert_eq!(e.code, "unsupported_link", "{bad}");
        }
    }
}
