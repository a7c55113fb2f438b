//! Images that come with a document: found through [`Resources`], checked to
//! be an image of a known kind, capped in size and count, and named by the
//! SHA-256 of their bytes (the same image stored once, however many
//! articles show it).

use sha2::{Digest, Sha256};

use super::Resources;
use crate::document::BlockKind;

/// Largest image stored (16 MiB).
pub const MAX_IMAGE_BYTES: usize = 16 << 20;
/// Most images stored for one article.
pub const MAX_IMAGES_PER_ARTICLE: usize = 2_000;
/// Most image bytes stored for one article (64 MiB).
pub const MAX_IMAGE_BYTES_PER_ARTICLE: usize = 64 << 20;

/// An image ready to be stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// Lowercase hex SHA-256 of `bytes`.
    pub hash: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("hash", &self.hash)
            .field("mime", &self.mime)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What a figure shows: the stored image, or nothing (then its alt text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stored {
    pub hash: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Debug, Default)]
pub(crate) struct Images {
    stored: Vec<Image>,
    bytes: usize,
    /// What each reference gave, so an image a page shows many times (an
    /// icon) is read and hashed once.
    seen: std::collections::HashMap<String, Stored>,
}

impl Images {
    /// Loads the image a document refers to (`src`) and keeps it if it is one.
    pub(crate) fn add_reference(&mut self, src: &str, resources: &dyn Resources) -> Stored {
        let src = src.trim();
        if src.is_empty() || self.stored.len() >= MAX_IMAGES_PER_ARTICLE {
            return Stored::default();
        }
        if let Some(stored) = self.seen.get(src) {
            return stored.clone();
        }
        let bytes = if src.starts_with("data:") {
            data_url::DataUrl::process(src)
                .ok()
                .and_then(|d| d.decode_to_vec().ok())
                .map(|(bytes, _)| bytes)
        } else {
            resources.get(src, MAX_IMAGE_BYTES)
        };
        let stored = bytes.map(|b| self.add(b)).unwrap_or_default();
        self.seen.insert(src.to_owned(), stored.clone());
        stored
    }

    /// Keeps `bytes` if they are an image within the caps.
    pub(crate) fn add(&mut self, bytes: Vec<u8>) -> Stored {
        if bytes.len() > MAX_IMAGE_BYTES
            || self.bytes + bytes.len() > MAX_IMAGE_BYTES_PER_ARTICLE
            || self.stored.len() >= MAX_IMAGES_PER_ARTICLE
        {
            return Stored::default();
        }
        let Some(mime) = sniff(&bytes) else {
            return Stored::default();
        };
        let size = imagesize::blob_size(&bytes).ok();
        let width = size.and_then(|s| u32::try_from(s.width).ok());
        let height = size.and_then(|s| u32::try_from(s.height).ok());
        let hash = format!("{:x}", Sha256::digest(&bytes));
        if !self.stored.iter().any(|i| i.hash == hash) {
            self.bytes += bytes.len();
            self.stored.push(Image {
                hash: hash.clone(),
                mime,
                bytes,
                width,
                height,
            });
        }
        Stored {
            hash: Some(hash),
            width,
            height,
        }
    }

    /// Forgets what each reference gave (the next part of a document names
    /// its files from another folder); the images stay stored.
    pub(crate) fn forget_references(&mut self) {
        self.seen.clear();
    }

    pub(crate) fn into_stored(self) -> Vec<Image> {
        self.stored
    }
}

/// The figure block for an image.
pub(crate) fn figure(stored: Stored, alt: &str) -> BlockKind {
    BlockKind::Figure {
        image: stored.hash,
        alt: alt.chars().take(1_000).collect(),
        width: stored.width,
        height: stored.height,
    }
}

/// The image's media type from its first bytes, for the kinds a webview
/// shows; anything else is not kept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    use imagesize::ImageType;
    match imagesize::image_type(bytes).ok() {
        Some(ImageType::Png) => Some("image/png"),
        Some(ImageType::Jpeg) => Some("image/jpeg"),
        Some(ImageType::Gif) => Some("image/gif"),
        Some(ImageType::Webp) => Some("image/webp"),
        Some(ImageType::Bmp) => Some("image/bmp"),
        Some(ImageType::Heif(imagesize::Compression::Av1)) => Some("image/avif"),
        _ => None,
    }
    .or_else(|| is_svg(bytes).then_some("image/svg+xml"))
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<svg") || t.starts_with("<?xml") || t.starts_with("<!--")) && t.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG.
    pub(crate) const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 0x05, 0, 0x01, 0xff, 0x56,
        0xc7, 0x2f, 0x0d, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn keeps_images_once_and_refuses_the_rest() {
        let mut images = Images::default();
        let a = images.add(PNG.to_vec());
        assert_eq!((a.width, a.height), (Some(1), Some(1)));
        assert_eq!(images.add(PNG.to_vec()), a);
        assert_eq!(
            images.add(b"<script>alert(1)</script>".to_vec()),
            Stored::default()
        );
        let svg = images.add(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec());
        assert!(svg.hash.is_some());
        let stored = images.into_stored();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].mime, "image/png");
        assert_eq!(stored[1].mime, "image/svg+xml");
    }

    #[test]
    fn reads_data_urls() {
        let mut images = Images::default();
        let url = format!("data:image/png;base64,{}", base64_png());
        let s = images.add_reference(&url, &super::super::NoResources);
        assert!(s.hash.is_some());
        assert_eq!(
            images.add_reference("data:text/html,<b>x</b>", &super::super::NoResources),
            Stored::default()
        );
    }

    fn base64_png() -> String {
        // Standard base64 of PNG, written out so the test needs no encoder.
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in PNG.chunks(3) {
            let n = chunk.iter().fold(0u32, |n, b| (n << 8) | *b as u32) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
            out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
        }
        out
    }
}
