//! The HTML allowlist every stored [`Block::Html`](ficshelf_model::Block)
//! passes through.
//!
//! Only semantic markup survives: `p em i strong b u s strike del blockquote
//! hr br ul ol li h1-h6 a sup sub span`, no attributes except `a@href` with
//! an `http`/`https` URL (given `rel="nofollow noopener"`), and `img` with
//! only `alt` and a `src` naming a kept image (`asset:<sha256>`; any other
//! source loses the attribute, and the parsers drop such images). Scripts,
//! styles, frames, SVG and MathML are dropped with their content.
//!
//! Public (crate) items: [`clean`], [`is_asset_src`], [`ALLOWED_TAGS`],
//! [`DROPPED_WITH_CONTENT`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Elements kept (their attributes are not, except `a@href`).
pub(crate) const ALLOWED_TAGS: &[&str] = &[
    "p",
    "em",
    "i",
    "strong",
    "b",
    "u",
    "s",
    "strike",
    "del",
    "blockquote",
    "hr",
    "br",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "sup",
    "sub",
    "span",
];

/// Elements removed together with everything inside them.
pub(crate) const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "svg", "math", "noscript", "template", "object", "embed",
    "frameset", "frame", "head", "title", "textarea", "select", "button", "form", "canvas",
    "audio", "video", "applet",
];

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags(ALLOWED_TAGS.iter().copied())
            .add_tags(["img"])
            // Replaces ammonia's default per-tag attributes.
            .tag_attributes(HashMap::from([
                ("a", HashSet::from(["href"])),
                ("img", HashSet::from(["src", "alt"])),
            ]))
            .url_schemes(HashSet::from(["http", "https", "asset"]))
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                ("img", "src") => is_asset_src(value).then_some(value.into()),
                ("a", "href") if !is_web_url(value) => None,
                _ => Some(value.into()),
            })
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("nofollow noopener"))
            .strip_comments(true)
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect());
        b
    })
}

/// True for `asset:` followed by a SHA-256 in lowercase hex.
pub(crate) fn is_asset_src(value: &str) -> bool {
    value
        .strip_prefix(ficshelf_model::ASSET_SCHEME)
        .is_some_and(ficshelf_model::is_asset_sha)
}

fn is_web_url(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:")
}

/// Sanitises an HTML fragment with the allowlist above.
/// Images left without an `asset:` source (or with attributes out of the
/// order the parsers write: `src` first) are removed.
pub(crate) fn clean(html: &str) -> String {
    let out = builder().clean(html).to_string();
    if !out.contains("<img") {
        return out;
    }
    ficshelf_model::map_asset_images(&out, |sha| {
        Some(format!("{}{sha}", ficshelf_model::ASSET_SCHEME))
    })
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn drops_scripts_handlers_and_bad_urls() {
        let out = clean(
            "<p onclick=\"x()\" style=\"color:red\" class=\"c\"><em>Hi</em>\
             <script>alert(1)</script><a href=\"javascript:alert(1)\">j</a>\
             <a href=\"https://example.org/\">ok</a><img src=x onerror=alert(1)>\
             <iframe src=\"https://evil\">f</iframe><svg><script>y</script></svg></p>",
        );
        assert_eq!(
            out,
            "<p><em>Hi</em><a rel=\"nofollow noopener\">j</a>\
             <a href=\"https://example.org/\" rel=\"nofollow noopener\">ok</a></p>"
        );
    }

    #[test]
    fn images_keep_only_asset_sources_and_alt() {
        let sha = "ab".repeat(32);
        let out = clean(&format!(
            "<p><img src=\"asset:{sha}\" alt=\"A &quot;map&quot;\" width=\"9\" onerror=\"x()\">\
             <img src=\"https://evil.example/x.png\"><img src=\"data:image/png;base64,AA\">\
             <img src=\"asset:{short}\"><img src=\"ASSET:{sha}\"><a href=\"asset:{sha}\">l</a></p>",
            short = &sha[2..]
        ));
        assert_eq!(
            out,
            format!(
                "<p><img src=\"asset:{sha}\" alt=\"A &quot;map&quot;\">\
                 <a rel=\"nofollow noopener\">l</a></p>"
            )
        );
    }
}
