//! What a mute matches.
//!
//! Mutes are stored as the reader wrote them; here they are compared with
//! the keys the search index stores (wrangled tags, `normalize_key`ed
//! authors), so case, spacing and synonyms never matter:
//!
//! - **Without `*`**, a mute is one tag: its wrangled key (synonyms apply;
//!   no cast, so a character is named in full) must equal the tag's key.
//! - **With `*`**, `*` stands for any run of characters (none included):
//!   `Alternate Universe - *`, `*Reader*`. A relationship pattern with a
//!   separator (`/`, `&`, or ` x ` for `/`) is read member by member,
//!   because wrangling sorts a relationship's members: `*/Reader` matches
//!   every romantic relationship one of whose members is Reader, whatever
//!   the order it was written in (`Reader/Wren Aldous`, `Wren Aldous/Reader`,
//!   `Tobias/Wren/Reader`), but not the platonic `Wren Aldous & Reader`.
//!   Each pattern member takes a different member of the tag; a tag may
//!   have more members than the pattern. Members without `*` are wrangled
//!   as characters (synonyms apply).

use super::{Mute, MuteKind, ReaderError};
use ficshelf_search::wrangle::normalize_key;
use ficshelf_search::{TagKind, TagWrangler};
use regex::Regex;

/// One mute, ready to compare with index keys.
#[derive(Debug, Clone)]
pub struct MuteMatcher {
    kind: MuteKind,
    rule: Rule,
}

#[derive(Debug, Clone)]
enum Rule {
    /// Equal to this key.
    Key(String),
    /// A wildcard pattern over the whole key.
    Pattern(Regex),
    /// Relationship members split on `separator`, each pattern member
    /// matching a different one.
    Members {
        separator: char,
        members: Vec<Member>,
    },
}

#[derive(Debug, Clone)]
enum Member {
    Key(String),
    Pattern(Regex),
}

impl Member {
    fn matches(&self, member: &str) -> bool {
        match self {
            Member::Key(key) => key == member,
            Member::Pattern(pattern) => pattern.is_match(member),
        }
    }
}

/// The tag list a mute kind applies to; `None` for authors.
pub(crate) fn tag_kind(kind: MuteKind) -> Option<TagKind> {
    Some(match kind {
        MuteKind::Fandom => TagKind::Fandom,
        MuteKind::Relationship => TagKind::Relationship,
        MuteKind::Character => TagKind::Character,
        MuteKind::Tag => TagKind::Tag,
        MuteKind::Warning => TagKind::Warning,
        MuteKind::Category => TagKind::Category,
        MuteKind::Language => TagKind::Language,
        MuteKind::Author => return None,
    })
}

/// The most characters a mute may have (AO3 caps tags at 150).
pub(crate) const MAX_MUTE_CHARS: usize = 200;

/// A wildcard pattern as an anchored regex: `*` is any run, everything
/// else literal. (The `regex` crate does the matching; only the
/// translation of this one-metacharacter syntax is written here.)
fn glob(pattern: &str) -> Result<Regex, regex::Error> {
    let literal: Vec<String> = pattern.split('*').map(regex::escape).collect();
    Regex::new(&format!("(?s)^{}$", literal.join(".*")))
}

/// Splits a normalised relationship pattern into its separator and members.
fn split_members(pattern: &str) -> Option<(char, Vec<&str>)> {
    let (separator, members): (char, Vec<&str>) =
        match (pattern.contains('/'), pattern.contains('&')) {
            (true, false) => ('/', pattern.split('/').collect()),
            (false, true) => ('&', pattern.split('&').collect()),
            (true, true) => return None,
            (false, false) if pattern.contains(" x ") => ('/', pattern.split(" x ").collect()),
            (false, false) => return None,
        };
    let members: Vec<&str> = members.into_iter().map(str::trim).collect();
    if members.len() < 2 || members.iter().any(|m| m.is_empty()) {
        return None;
    }
    Some((separator, members))
}

impl MuteMatcher {
    /// The matcher of `mute`; [`ReaderError::InvalidMute`] for a value of
    /// only white space or longer than 200 characters.
    pub fn new(mute: &Mute, wrangler: &TagWrangler) -> Result<MuteMatcher, ReaderError> {
        let invalid = |reason| ReaderError::InvalidMute {
            kind: mute.kind.as_str(),
            reason,
        };
        let value = mute.value.trim();
        if value.is_empty() {
            return Err(invalid("it is empty"));
        }
        if value.chars().count() > MAX_MUTE_CHARS {
            return Err(invalid("it is longer than 200 characters"));
        }
        // Every piece of a pattern is escaped, so only the regex size limit
        // could refuse one, and a mute this short stays far under it.
        let glob = |pattern: &str| glob(pattern).map_err(|_| invalid("the pattern is too complex"));
        let normalized = normalize_key(value);
        let rule = if !value.contains('*') {
            Rule::Key(match tag_kind(mute.kind) {
                Some(kind) => wrangler.key(kind, value, &[]),
                None => normalized,
            })
        } else if mute.kind == MuteKind::Relationship {
            match split_members(&normalized) {
                Some((separator, members)) => Rule::Members {
                    separator,
                    members: members
                        .into_iter()
                        .map(|m| {
                            Ok(if m.contains('*') {
                                Member::Pattern(glob(m)?)
                            } else {
                                Member::Key(wrangler.key(TagKind::Character, m, &[]))
                            })
                        })
                        .collect::<Result<_, ReaderError>>()?,
                },
                None => Rule::Pattern(glob(&normalized)?),
            }
        } else {
            Rule::Pattern(glob(&normalized)?)
        };
        Ok(MuteMatcher {
            kind: mute.kind,
            rule,
        })
    }

    /// Which list of a work the mute applies to.
    pub fn kind(&self) -> MuteKind {
        self.kind
    }

    /// The one key the mute stands for, when it has no wildcard.
    pub fn exact_key(&self) -> Option<&str> {
        match &self.rule {
            Rule::Key(key) => Some(key),
            _ => None,
        }
    }

    /// Whether the mute matches `key`, a key as the index stores it for
    /// this mute's kind.
    pub fn matches(&self, key: &str) -> bool {
        match &self.rule {
            Rule::Key(own) => own == key,
            Rule::Pattern(pattern) => pattern.is_match(key),
            Rule::Members { separator, members } => {
                let parts: Vec<&str> = key.split(*separator).collect();
                parts.len() >= 2 && assign(members, &parts, &mut vec![false; parts.len()])
            }
        }
    }
}

/// Whether each of `members` can match a different one of `parts` (those
/// marked in `taken` are in use). Relationships have a handful of members,
/// so trying every assignment costs nothing.
fn assign(members: &[Member], parts: &[&str], taken: &mut [bool]) -> bool {
    let Some((first, rest)) = members.split_first() else {
        return true;
    };
    for (i, part) in parts.iter().enumerate() {
        if !taken[i] && first.matches(part) {
            taken[i] = true;
            if assign(rest, parts, taken) {
                return true;
            }
            taken[i] = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(kind: MuteKind, value: &str) -> MuteMatcher {
        let wrangler = TagWrangler::from_toml(
            "[character]\n\"Reader\" = [\"You\", \"Y/N\"]\n\"Hermione Granger\" = [\"Mione\"]\n",
        )
        .expect("synonyms");
        MuteMatcher::new(
            &Mute {
                kind,
                value: value.into(),
            },
            &wrangler,
        )
        .expect("matcher")
    }

    /// The key the index stores for `tag` in a work with `cast`.
    fn key(kind: TagKind, tag: &str, cast: &[&str]) -> String {
        let cast: Vec<String> = cast.iter().map(|c| c.to_string()).collect();
        TagWrangler::new().key(kind, tag, &cast)
    }

    #[test]
    fn reader_wildcard_matches_any_member_order() {
        let m = matcher(MuteKind::Relationship, "*/Reader");
        for tag in [
            "Wren Aldous/Reader",
            "Reader/Wren Aldous",
            "reader / Tobias Fenwick",
            "Aaron/Reader",
            "Tobias Fenwick/Wren Aldous/Reader",
            "Wren x Reader",
        ] {
            assert!(m.matches(&key(TagKind::Relationship, tag, &[])), "{tag}");
        }
        for tag in [
            "Wren Aldous & Reader",
            "Wren Aldous/Readers",
            "Wren Aldous/Tobias Fenwick",
            "Reader",
            "Reader Insert",
        ] {
            assert!(!m.matches(&key(TagKind::Relationship, tag, &[])), "{tag}");
        }
    }

    #[test]
    fn wildcard_members_are_case_and_spacing_blind() {
        let m = matcher(MuteKind::Relationship, "  *  /  READER ");
        assert!(m.matches(&key(TagKind::Relationship, "Wren Aldous/Reader", &[])));
        let platonic = matcher(MuteKind::Relationship, "Wren Aldous & *");
        assert!(platonic.matches(&key(TagKind::Relationship, "Tobias & Wren Aldous", &[])));
        assert!(!platonic.matches(&key(TagKind::Relationship, "Tobias/Wren Aldous", &[])));
        // Both members wildcards: any romantic pairing, none of the platonic ones.
        let any = matcher(MuteKind::Relationship, "*/*");
        assert!(any.matches(&key(TagKind::Relationship, "A/B", &[])));
        assert!(!any.matches(&key(TagKind::Relationship, "A & B", &[])));
        // A partial wildcard inside a member.
        let wren = matcher(MuteKind::Relationship, "Wren*/*");
        assert!(wren.matches(&key(TagKind::Relationship, "Tobias/Wren Aldous", &[])));
        assert!(!wren.matches(&key(TagKind::Relationship, "Tobias/Aldous Wren", &[])));
    }

    #[test]
    fn exact_members_use_synonyms() {
        // "Y/N" and "You" are the reader character by synonym.
        let m = matcher(MuteKind::Relationship, "*/You");
        assert!(m.matches(&key(TagKind::Relationship, "Wren Aldous/Reader", &[])));
    }

    #[test]
    fn plain_mutes_are_one_wrangled_tag() {
        let m = matcher(MuteKind::Warning, "graphic depictions of  violence");
        assert_eq!(m.exact_key(), Some("graphic depictions of violence"));
        assert!(m.matches(&key(
            TagKind::Warning,
            "Graphic Depictions Of Violence",
            &[]
        )));
        assert!(!m.matches(&key(
            TagKind::Warning,
            "Graphic Depictions Of Violence (Mild)",
            &[]
        )));
        // Synonyms apply.
        let mione = matcher(MuteKind::Character, "Mione");
        assert_eq!(mione.exact_key(), Some("hermione granger"));
        // A relationship in any member order.
        let pair = matcher(MuteKind::Relationship, "Wren Aldous/Tobias Fenwick");
        assert!(pair.matches(&key(
            TagKind::Relationship,
            "Tobias Fenwick/Wren Aldous",
            &[]
        )));
        // Authors compare by normalised name.
        let author = matcher(MuteKind::Author, "  Moss   ANDER");
        assert_eq!(author.exact_key(), Some("moss ander"));
    }

    #[test]
    fn wildcards_over_whole_tags() {
        let au = matcher(MuteKind::Tag, "Alternate Universe - *");
        assert!(au.matches(&key(
            TagKind::Tag,
            "Alternate Universe - Coffee Shops & Cafés",
            &[]
        )));
        assert!(!au.matches(&key(TagKind::Tag, "Canon Divergence", &[])));
        let contains = matcher(MuteKind::Tag, "*angst*");
        assert!(contains.matches(&key(TagKind::Tag, "Hurt/Comfort with Angst", &[])));
        assert!(contains.matches(&key(TagKind::Tag, "Angst", &[])));
        let everything = matcher(MuteKind::Fandom, "*");
        assert!(everything.matches("anything at all"));
        // Regex syntax in a mute is literal text.
        let dots = matcher(MuteKind::Tag, "a.c*");
        assert!(dots.matches("a.cdef"));
        assert!(!dots.matches("abcdef"));
        let author = matcher(MuteKind::Author, "*bot");
        assert!(author.matches("fic_bot") && !author.matches("bottle"));
    }

    #[test]
    fn empty_and_overlong_mutes_are_refused() {
        for value in ["   ".to_string(), "*".repeat(201), "x".repeat(201)] {
            let result = MuteMatcher::new(
                &Mute {
                    kind: MuteKind::Tag,
                    value: value.clone(),
                },
                &TagWrangler::new(),
            );
            assert!(
                matches!(result, Err(ReaderError::InvalidMute { kind: "tag", .. })),
                "{value:?}"
            );
        }
        assert!(MuteMatcher::new(
            &Mute {
                kind: MuteKind::Tag,
                value: "*".repeat(200),
            },
            &TagWrangler::new(),
        )
        .is_ok());
    }
}
