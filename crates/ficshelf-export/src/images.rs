//! A work's images in exports. Stored chapter HTML names an image
//! `asset:<sha256>`; the EPUB writer stores each image used as
//! `OEBPS/images/<sha256>.<ext>` (a manifest item) and points `src` there,
//! the HTML writer inlines it as a `data:` URI, and the text writer drops
//! it (an image has no text). An image not among the assets given is
//! dropped.

use ficshelf_model::{map_asset_images, Asset, Block, ChapterBody};
use std::borrow::Cow;

/// The file extension for an image's media type.
pub(crate) fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "bin",
    }
}

/// Whether exports write images of this media type (the raster types
/// import keeps; anything else is dropped).
pub(crate) fn is_supported(media_type: &str) -> bool {
    extension(media_type) != "bin"
}

/// The image's path inside the EPUB's `OEBPS/` folder.
pub(crate) fn book_path(asset: &Asset) -> String {
    format!("images/{}.{}", asset.sha256, extension(&asset.media_type))
}

/// The image as a `data:` URI.
pub(crate) fn data_uri(asset: &Asset) -> String {
    let mut out = format!("data:{};base64,", asset.media_type);
    base64_into(&asset.bytes, &mut out);
    out
}

/// The asset named `sha256`, if given and of a supported type.
pub(crate) fn find<'a>(assets: &'a [Asset], sha256: &str) -> Option<&'a Asset> {
    assets
        .iter()
        .find(|a| a.sha256 == sha256 && is_supported(&a.media_type))
}

/// `body` with each image's `src` replaced by `to_src(sha256)`, or the
/// image removed when that is `None`. Borrowed when the body has no image.
pub(crate) fn with_srcs<'a>(
    body: &'a ChapterBody,
    mut to_src: impl FnMut(&str) -> Option<String>,
) -> Cow<'a, ChapterBody> {
    let has_image = body
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Html(h) if h.contains("<img")));
    if !has_image {
        return Cow::Borrowed(body);
    }
    let blocks = body
        .blocks
        .iter()
        .map(|block| match block {
            Block::Html(html) if html.contains("<img") => {
                Block::Html(map_asset_images(html, &mut to_src))
            }
            other => other.clone(),
        })
        .collect();
    Cow::Owned(ChapterBody { blocks })
}

/// Appends `bytes` in standard base64 with padding.
fn base64_into(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64_into(input.as_bytes(), &mut out);
            assert_eq!(out, want, "{input}");
        }
        let mut out = String::new();
        base64_into(&[0xfb, 0xff, 0xfe], &mut out);
        assert_eq!(out, "+//+");
    }

    #[test]
    fn sources_are_rewritten_or_dropped() {
        let sha = "1".repeat(64);
        let body = ChapterBody {
            blocks: vec![
                Block::Paragraph("plain".into()),
                Block::Html(format!(
                    "<p>a<img src=\"asset:{sha}\" alt=\"x\">b<img src=\"asset:{}\" alt=\"\"></p>",
                    "2".repeat(64)
                )),
            ],
        };
        let out = with_srcs(&body, |s| (s == sha).then(|| "images/one.png".to_string()));
        assert_eq!(
            out.blocks[1],
            Block::Html("<p>a<img src=\"images/one.png\" alt=\"x\">b</p>".into())
        );
        let plain = ChapterBody {
            blocks: vec![Block::Paragraph("x".into())],
        };
        assert!(matches!(with_srcs(&plain, |_| None), Cow::Borrowed(_)));
    }
}
