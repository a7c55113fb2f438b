//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else a legacy
//! 8-bit encoding (Windows-1252, the superset of Latin-1 that real files use).
//! Binary files are refused.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes`, or says why it is not text.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    decode_with(bytes, WINDOWS_1252)
}

/// Decodes a web page: as [`decode`], except that bytes which are not UTF-8
/// are read in the encoding the page declares (`<meta charset>`) when it
/// names one.
pub(crate) fn decode_html(bytes: &[u8]) -> Result<String, &'static str> {
    decode_with(bytes, declared_charset(bytes).unwrap_or(WINDOWS_1252))
}

/// The encoding a `charset=` in the page's first KiB names (the prescan of
/// the HTML standard, simplified: the label up to a quote, space, `;` or `>`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label = head[at..]
        .trim_start_matches(['"', '\'', ' '])
        .split(['"', '\'', ' ', ';', '>', '/'])
        .next()?;
    // A page that says UTF-16 but is not is read as the standard says: 8-bit.
    Encoding::for_label(label.as_bytes()).map(|e| e.output_encoding())
}

fn decode_with(bytes: &[u8], legacy: &'static Encoding) -> Result<String, &'static str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != UTF_8 {
            return Err("it is not valid text in the encoding its byte-order mark names");
        }
        return check_text(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err("it looks like a binary file, not text");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => check_text(s.to_owned()),
        Err(_) => {
            let (text, _, _) = legacy.decode(bytes);
            check_text(text.into_owned())
        }
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

fn check_text(text: String) -> Result<String, &'static str> {
    let control = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || control * 20 > text.chars().take(8192).count().max(1) {
        return Err("it looks like a binary file, not text");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_usual_encodings() {
        assert_eq!(decode("héllo".as_bytes()).unwrap(), "héllo");
        assert_eq!(decode(b"\xEF\xBB\xBFh\xC3\xA9").unwrap(), "hé");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé ✓".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16le).unwrap(), "hé ✓");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&utf16be).unwrap(), "hé");
        // Windows-1252: curly quotes and é.
        assert_eq!(decode(b"\x93caf\xe9\x94").unwrap(), "\u{201c}café\u{201d}");
    }

    #[test]
    fn a_web_page_is_read_in_the_encoding_it_declares() {
        let page =
            b"<html><head><meta charset=\"windows-1251\"></head><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(page).unwrap().contains("Привет"));
        let page =
            b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-7'>\xe1\xe2";
        assert!(decode_html(page).unwrap().ends_with("αβ"));
        // UTF-8 wins whatever the page says, and no label means Windows-1252.
        assert!(
            decode_html("<meta charset=koi8-r>é".as_bytes())
                .unwrap()
                .ends_with('é')
        );
        assert!(decode_html(b"<p>caf\xe9</p>").unwrap().contains("café"));
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, 65]).is_err());
    }
}
