//! FanFiction.Net (and FictionPress, which runs the same software).
//!
//! - `stat_line`: the stat line (`Rated: Fiction T - English - Romance -
//!   … - id: 123`), read wherever it appears: saved pages, FicHub's
//!   introduction page, the plain-text header `Title by Author` + stat line.
//! - `page`: a story page saved from a browser: `#profile_top` (title,
//!   author, summary, stat line), the breadcrumb (`Books > Harry Potter`),
//!   the chapter selector and `#storytext`; the older layout (no
//!   `#profile_top`, a bare stat line between rules, the summary only in the
//!   description meta) is read by the same structure.
//!
//! Found by evidence: a `#storytext` element together with a
//! `#profile_top`, or a story address (`/s/<id>/`) in the canonical link or
//! `og:url`, or a `Rated:` stat line.
//!
//! Crate items: [`read_stat_header`], [`read_stat_line`], [`is_story_page`],
//! [`read_story_page`], [`story_url`].

mod page;
mod stat_line;

pub(crate) use page::{is_story_page, read_story_page};
pub(crate) use stat_line::{read_stat_header, read_stat_line};

/// A FanFiction.Net or FictionPress story address in the one form every
/// reader states it (`https://www.fanfiction.net/s/123/1/`, the form
/// FanFicFare writes), whatever chapter or title slug `address` names.
/// `None` when `address` names no story on either site; a relative address
/// (`/s/123/4/Slug`, as older pages give) is taken as FanFiction.Net's.
pub(crate) fn story_url(address: &str) -> Option<String> {
    let address = address.trim();
    let rest = ["https:", "http:"]
        .iter()
        .find_map(|scheme| address.strip_prefix(scheme))
        .unwrap_or(address);
    let (host, path) = match rest.strip_prefix("//") {
        Some(absolute) => absolute.split_once('/').unwrap_or((absolute, "")),
        None => ("", rest.trim_start_matches('/')),
    };
    let host = host.to_ascii_lowercase();
    let site = if host.is_empty() || host.ends_with("fanfiction.net") {
        "www.fanfiction.net"
    } else if host.ends_with("fictionpress.com") {
        "www.fictionpress.com"
    } else {
        return None;
    };
    let id = path.strip_prefix("s/")?;
    let id: String = id.chars().take_while(char::is_ascii_digit).collect();
    (!id.is_empty()).then(|| format!("https://{site}/s/{id}/1/"))
}

#[cfg(test)]
mod tests {
    use super::story_url;

    #[test]
    fn story_addresses_share_one_form() {
        let want = Some("https://www.fanfiction.net/s/4242/1/".to_string());
        assert_eq!(story_url("//www.fanfiction.net/s/4242/3/Sea-Glass"), want);
        assert_eq!(story_url("https://m.fanfiction.net/s/4242/1/"), want);
        assert_eq!(story_url("/s/4242/1/Sea_Glass"), want);
        assert_eq!(
            story_url("https://www.fictionpress.com/s/77/2/"),
            Some("https://www.fictionpress.com/s/77/1/".to_string())
        );
        assert_eq!(story_url("https://archiveofourown.org/s/4242/"), None);
        assert_eq!(story_url("https://www.fanfiction.net/u/12/Wren"), None);
    }
}
