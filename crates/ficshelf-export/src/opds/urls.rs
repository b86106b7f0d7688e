//! The catalog's URLs, as paths on the server (`/opds/works?fandom=…`).
//!
//! A catalog entered with `view_adult=true` lists adult works, and every
//! URL it writes carries the parameter too, so that the reader's choice
//! travels with the catalog URL they gave their e-reader app.

/// The query parameter that records the reader's consent to adult works.
pub const VIEW_ADULT: &str = "view_adult";

/// Writes the catalog's URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Urls {
    /// Whether the reader entered the catalog with `view_adult=true`.
    pub adult: bool,
}

impl Urls {
    /// URLs for a catalog with (`adult`) or without consent to adult works.
    pub fn new(adult: bool) -> Urls {
        Urls { adult }
    }

    /// `path` with the query `pairs` (percent-encoded, in order), then
    /// `view_adult=true` when the catalog carries consent.
    pub fn href<'a>(
        &self,
        path: &str,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> String {
        let mut href = path.to_string();
        let mut separator = if path.contains('?') { '&' } else { '?' };
        let consent = self.adult.then_some((VIEW_ADULT, "true"));
        for (key, value) in pairs.into_iter().chain(consent) {
            href.push(separator);
            href.push_str(&encode_component(key));
            href.push('=');
            href.push_str(&encode_component(value));
            separator = '&';
        }
        href
    }

    /// The root navigation feed, `/opds`.
    pub fn root(&self) -> String {
        self.href("/opds", [])
    }

    /// The OpenSearch description document.
    pub fn opensearch(&self) -> String {
        self.href("/opds/opensearch.xml", [])
    }

    /// The search URL template (`/opds/search?q={searchTerms}`), with the
    /// placeholder left unencoded.
    pub fn search_template(&self) -> String {
        let rest = self.href("", []).replacen('?', "&", 1);
        format!("/opds/search?q={{searchTerms}}{rest}")
    }

    /// A page of search results for `query`.
    pub fn search(&self, query: &str) -> String {
        self.href("/opds/search", [("q", query)])
    }

    /// The acquisition feed of every work matching `pairs`
    /// (`fandom`, `relationship`, `character`, `rating`, `author`, `page`).
    pub fn works<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        self.href("/opds/works", pairs)
    }

    /// A navigation feed listing the values of one kind of tag
    /// (`fandoms`, `relationships`, `characters`, `ratings`, `authors`).
    pub fn browse(&self, kind: &str) -> String {
        self.href(&format!("/opds/{kind}"), [])
    }

    /// A work's page in the web reader.
    pub fn work_page(&self, id: &str) -> String {
        self.href(&format!("/works/{}", encode_component(id)), [])
    }

    /// A work's download in `extension` (`epub`, `html`, `txt`).
    pub fn download(&self, id: &str, extension: &str) -> String {
        let path = format!("/works/{}/download.{extension}", encode_component(id));
        self.href(&path, [])
    }
}

/// Percent-encodes `text` as one path segment or query key or value:
/// everything but `A–Z a–z 0–9 - . _ ~` is encoded.
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_travels_with_every_url() {
        let plain = Urls::new(false);
        let adult = Urls::new(true);
        assert_eq!(plain.root(), "/opds");
        assert_eq!(adult.root(), "/opds?view_adult=true");
        assert_eq!(
            adult.works([("fandom", "Kirk & Spock/Star Trek"), ("page", "2")]),
            "/opds/works?fandom=Kirk%20%26%20Spock%2FStar%20Trek&page=2&view_adult=true"
        );
        assert_eq!(plain.search_template(), "/opds/search?q={searchTerms}");
        assert_eq!(
            adult.search_template(),
            "/opds/search?q={searchTerms}&view_adult=true"
        );
        assert_eq!(plain.download("12", "epub"), "/works/12/download.epub");
        assert_eq!(
            adult.download("a b", "epub"),
            "/works/a%20b/download.epub?view_adult=true"
        );
        assert_eq!(adult.work_page("7"), "/works/7?view_adult=true");
        assert_eq!(plain.search("x y"), "/opds/search?q=x%20y");
    }
}
