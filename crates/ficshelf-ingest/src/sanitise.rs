//! The HTML allowlist every stored [`Block::Html`](ficshelf_model::Block)
//! passes through.
//!
//! Only semantic markup survives: `p em i strong b u s strike del blockquote
//! hr br ul ol li h1-h6 a sup sub span`, no attributes except `a@href` with
//! an `http`/`https` URL (given `rel="nofollow noopener"`). Scripts, styles,
//! frames, SVG and MathML are dropped with their content.
//!
//! Public (crate) items: [`clean`], [`ALLOWED_TAGS`], [`DROPPED_WITH_CONTENT`].

use std::collections::HashSet;
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
            .add_tag_attributes("a", ["href"])
            .url_schemes(HashSet::from(["http", "https"]))
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("nofollow noopener"))
            .strip_comments(true)
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect());
        b
    })
}

/// Sanitises an HTML fragment with the allowlist above.
pub(crate) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
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
}
