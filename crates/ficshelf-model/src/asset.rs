//! Images kept with a work ("assets"), content-addressed by SHA-256.
//!
//! Stored chapter HTML refers to an asset only as `<img src="asset:<sha256>"
//! alt="…">` (the sanitiser writes `src` first). Readers and exporters turn
//! that reference into a URL, a file in a book or nothing with
//! [`map_asset_images`]; [`asset_refs`] lists the assets some HTML uses.

/// The URL scheme, with its colon, that names an asset in stored HTML.
pub const ASSET_SCHEME: &str = "asset:";

/// One image: its bytes, their SHA-256 (lowercase hex) and the media type
/// checked from the bytes (`image/png`, `image/jpeg`, `image/gif`,
/// `image/webp`).
#[derive(Clone, PartialEq, Eq)]
pub struct Asset {
    /// Lowercase hex SHA-256 of `bytes`.
    pub sha256: String,
    /// The media type the bytes were verified to be.
    pub media_type: String,
    /// The image file.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Asset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asset")
            .field("sha256", &self.sha256)
            .field("media_type", &self.media_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// True when `text` is 64 lowercase hex digits, the form of an asset name.
pub fn is_asset_sha(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The asset names (SHA-256) that `html`'s images refer to, in order of
/// first use, each once.
pub fn asset_refs(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !html.contains("<img") {
        return out;
    }
    map_asset_images(html, |sha| {
        if !out.iter().any(|s| s == sha) {
            out.push(sha.to_string());
        }
        None
    });
    out
}

/// Rewrites every `<img>` tag of sanitised `html`: an image whose `src` is
/// `asset:<sha256>` gets `src` set to what `to_src(sha256)` returns, or is
/// removed when it returns `None`; any other `<img>` is removed.
///
/// `to_src`'s result is written into a double-quoted attribute as given, so
/// it must not contain `"`, `&` or `<`.
pub fn map_asset_images(html: &str, mut to_src: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        let after = &rest[start + 4..];
        if !after.starts_with([' ', '>', '/', '\t', '\n']) {
            out.push_str(&rest[..start + 4]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..start]);
        let end = tag_end(after).map_or(after.len(), |e| e + 1);
        let tag = &after[..end];
        rest = &after[end..];
        let prefix = " src=\"asset:";
        let Some(sha) = tag
            .strip_prefix(prefix)
            .and_then(|t| t.get(..64))
            .filter(|s| is_asset_sha(s) && tag.as_bytes().get(prefix.len() + 64) == Some(&b'"'))
        else {
            continue;
        };
        if let Some(src) = to_src(sha) {
            out.push_str("<img src=\"");
            out.push_str(&src);
            out.push_str(&tag[prefix.len() + 64..]);
        }
    }
    out.push_str(rest);
    out
}

/// The index of the `>` closing a tag whose attributes start `tag`, skipping
/// quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in tag.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn rewrites_and_drops() {
        let html = format!(
            "<p>a<img src=\"asset:{SHA}\" alt=\"x > y\">b<img src=\"https://e/x.png\">c</p>"
        );
        let out = map_asset_images(&html, |s| Some(format!("/w/1/{}", &s[..4])));
        assert_eq!(out, "<p>a<img src=\"/w/1/0123\" alt=\"x > y\">bc</p>");
        let out = map_asset_images(&html, |_| None);
        assert_eq!(out, "<p>abc</p>");
        assert_eq!(asset_refs(&html), vec![SHA.to_string()]);
        assert_eq!(
            map_asset_images("<p>&lt;img src</p>", |_| None),
            "<p>&lt;img src</p>"
        );
        assert_eq!(map_asset_images("<imgx><img", |_| None), "<imgx><img");
    }

    #[test]
    fn sha_form() {
        assert!(is_asset_sha(SHA));
        assert!(!is_asset_sha(&SHA.to_uppercase()));
        assert!(!is_asset_sha(&SHA[1..]));
    }
}
