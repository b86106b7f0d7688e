//! Splitting relationship tags into members and joining them back in canonical order.

use super::names::normalize_key;

/// The two kinds of relationship AO3 distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pairing {
    /// `A/B` (also written `A x B`): romantic or sexual.
    Romantic,
    /// `A & B`: platonic; never merged with the romantic pairing.
    Platonic,
}

impl Pairing {
    fn separator(self) -> &'static str {
        match self {
            Pairing::Romantic => "/",
            Pairing::Platonic => " & ",
        }
    }
}

/// Splits a [`super::names::clean`]ed relationship tag into its members.
///
/// `/`, ` x ` and ` × ` separate romantic pairings, `&` platonic ones. A tag
/// mixing `/` and `&` (or with an empty member) is not split: it is kept as
/// written rather than guessed at.
pub(crate) fn split(tag: &str) -> Option<(Vec<&str>, Pairing)> {
    let has_slash = tag.contains('/');
    let has_amp = tag.contains('&');
    let (members, pairing): (Vec<&str>, Pairing) = match (has_slash, has_amp) {
        (true, false) => (tag.split('/').collect(), Pairing::Romantic),
        (false, true) => (tag.split('&').collect(), Pairing::Platonic),
        (true, true) => return None,
        (false, false) => (split_on_x(tag)?, Pairing::Romantic),
    };
    let members: Vec<&str> = members.into_iter().map(str::trim).collect();
    if members.len() < 2 || members.iter().any(|m| m.is_empty()) {
        return None;
    }
    Some((members, pairing))
}

/// Splits `Draco x Harry` (a lone `x` or `×` word between names).
fn split_on_x(tag: &str) -> Option<Vec<&str>> {
    let mut members = Vec::new();
    let mut start = 0;
    let mut search_from = 0;
    while let Some(found) = tag[search_from..].find(' ') {
        let space = search_from + found;
        let rest = &tag[space + 1..];
        let sep_len = ["x ", "X ", "\u{d7} "]
            .iter()
            .find(|sep| rest.starts_with(**sep))
            .map(|sep| sep.len());
        match sep_len {
            Some(len) => {
                members.push(&tag[start..space]);
                start = space + 1 + len;
                search_from = start;
            }
            None => search_from = space + 1,
        }
    }
    if members.is_empty() {
        return None;
    }
    members.push(&tag[start..]);
    Some(members)
}

/// Joins resolved member names in canonical order (sorted by key, so
/// `Harry/Draco` and `Draco/Harry` are one tag).
pub(crate) fn join(mut members: Vec<String>, pairing: Pairing) -> String {
    members.sort_by_cached_key(|m| normalize_key(m));
    members.join(pairing.separator())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(
            split("Harry/Draco"),
            Some((vec!["Harry", "Draco"], Pairing::Romantic))
        );
        assert_eq!(
            split("Draco x Harry"),
            Some((vec!["Draco", "Harry"], Pairing::Romantic))
        );
        assert_eq!(
            split("A \u{d7} B x C"),
            Some((vec!["A", "B", "C"], Pairing::Romantic))
        );
        assert_eq!(
            split("Harry & Ron"),
            Some((vec!["Harry", "Ron"], Pairing::Platonic))
        );
        assert_eq!(split("Max Xavier"), None);
        assert_eq!(split("Harry/Draco & Ron"), None);
        assert_eq!(split("Harry/"), None);
    }

    #[test]
    fn join_sorts_members() {
        let joined = join(
            vec!["Harry Potter".into(), "Draco Malfoy".into()],
            Pairing::Romantic,
        );
        assert_eq!(joined, "Draco Malfoy/Harry Potter");
        let platonic = join(vec!["Ron".into(), "Harry".into()], Pairing::Platonic);
        assert_eq!(platonic, "Harry & Ron");
    }
}
