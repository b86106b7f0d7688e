//! The records a [`super::ReaderStore`] keeps, as they cross the trait.
//!
//! Times are Unix seconds (`i64`), always given by the caller: the store
//! never reads a clock. Work ids are the library's ids as text; the store
//! does not check them against the works (a reader's records outlive a
//! work that is deleted or merged away, the library decides what to show).

use ficshelf_model::Rating;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A reader account's id: assigned by the store, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a reader chose for themselves; stored with the account.
///
/// Stored as JSON: a field added later reads as its default from older rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The reader agreed to see works that need consent (Mature, Explicit,
    /// Not Rated), so the adult-content interstitial is not shown.
    pub adult_consent: bool,
    /// Leave works the reader has read out of listings and searches.
    pub hide_read: bool,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// The name as the reader wrote it; unique case-insensitively
    /// (see [`user_name_key`]).
    pub name: &'a str,
    /// A password hash (a PHC string), opaque to the store.
    pub password_hash: &'a str,
    pub admin: bool,
    /// The highest rating this reader may see; `None` for no limit.
    pub max_rating: Option<Rating>,
    pub preferences: &'a Preferences,
    pub created_at: i64,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    /// Exactly as given to [`super::ReaderStore::create_user`] or
    /// [`super::ReaderStore::set_password_hash`].
    pub password_hash: String,
    pub admin: bool,
    pub max_rating: Option<Rating>,
    pub preferences: Preferences,
    pub created_at: i64,
}

/// The comparison key of a user name: two names with the same key are the
/// same account. Unicode lower case; nothing else is folded (trimming and
/// which characters a name may hold are the library's rules).
pub fn user_name_key(name: &str) -> String {
    name.to_lowercase()
}

/// A signed-in browser. Only a hash of its secret token is stored, so a
/// copy of the database signs no one in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Lowercase hex SHA-256 of the token the browser holds.
    pub token_hash: String,
    pub user: UserId,
    pub created_at: i64,
    /// The session is void from this time on.
    pub expires_at: i64,
    pub last_seen_at: i64,
    /// What the browser said it is (its User-Agent), for a list of devices.
    pub client: Option<String>,
}

/// A named secret for API and feed clients; stored hashed like a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Lowercase hex SHA-256 of the token the client holds.
    pub token_hash: String,
    pub user: UserId,
    /// The reader's name for it ("phone", "calibre"); unique per reader.
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A book file KOReader knows by its partial MD5 (see the library's
/// `koreader` module), and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    /// KOReader's document id: lowercase hex partial MD5 of the file.
    pub document: String,
    /// The export it was, when the library made it; `None` for a book the
    /// library does not know.
    pub export: Option<ExportRecord>,
    pub recorded_at: i64,
}

/// Which export of which work a document was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRecord {
    pub work_id: String,
    /// The export format's name (`epub`, …).
    pub format: String,
    /// How many chapters the work had in that file: positions in an older
    /// file are mapped onto a newer one by chapter.
    pub chapters: u32,
    /// How many spine items come before chapter 1 in that file (title
    /// page, preface…), so KOReader's `DocFragment[n]` names chapter
    /// `n - front_pages`; `None` when the layout was not recorded (exports
    /// recorded before it was), and only the percentage places a position.
    pub front_pages: Option<u32>,
}

/// KOReader's last position in a document, exactly as its sync plugin sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentProgress {
    pub user: UserId,
    pub document: String,
    /// An XPointer (reflowable books) or a page number, opaque.
    pub progress: String,
    /// How far through the whole book, from 0 to 1.
    pub percentage: f64,
    pub device: String,
    pub device_id: String,
    pub updated_at: i64,
}

/// Where a reader is inside one chapter of a work.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingPosition {
    pub user: UserId,
    pub work_id: String,
    /// 1-based chapter number.
    pub chapter: u32,
    /// How far through the chapter, from 0 to 1.
    pub fraction: f64,
    /// A finer place the reading device understands (an element id, an
    /// XPointer), opaque.
    pub locator: Option<String>,
    /// Which device saved it.
    pub device: Option<String>,
    pub updated_at: i64,
}

/// A work in a reader's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub user: UserId,
    pub work_id: String,
    pub first_viewed_at: i64,
    pub last_viewed_at: i64,
    pub visits: u64,
    /// How many chapters the work had at the last visit; `None` when the
    /// entry holds no visit that said (a chapter read elsewhere, an entry
    /// older than this field).
    pub chapters_seen: Option<u32>,
    /// Chapter numbers the reader has read, ascending.
    pub read_chapters: Vec<u32>,
}

/// A reader's bookmark of a work (one per reader and work).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub user: UserId,
    pub work_id: String,
    pub notes: Option<String>,
    /// Only the reader sees it.
    pub private: bool,
    /// The reader recommends the work.
    pub rec: bool,
    /// The reader's own tags, in their order.
    pub tags: Vec<String>,
    /// When it was first saved (kept by later saves).
    pub created_at: i64,
    pub updated_at: i64,
}

/// A work the reader marked to read later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedWork {
    pub work_id: String,
    pub marked_at: i64,
}

/// Which list of a work a mute applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MuteKind {
    Fandom,
    Relationship,
    Character,
    /// Additional (freeform) tags.
    Tag,
    Warning,
    Category,
    Language,
    Author,
}

impl MuteKind {
    /// Every kind, in display order.
    pub const ALL: [MuteKind; 8] = [
        MuteKind::Fandom,
        MuteKind::Relationship,
        MuteKind::Character,
        MuteKind::Tag,
        MuteKind::Warning,
        MuteKind::Category,
        MuteKind::Language,
        MuteKind::Author,
    ];

    /// The name stored and used in the query language (`tag`, `author`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            MuteKind::Fandom => "fandom",
            MuteKind::Relationship => "relationship",
            MuteKind::Character => "character",
            MuteKind::Tag => "tag",
            MuteKind::Warning => "warning",
            MuteKind::Category => "category",
            MuteKind::Language => "language",
            MuteKind::Author => "author",
        }
    }

    /// Parses [`MuteKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<MuteKind> {
        MuteKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A tag or author a reader never wants to see, stored as written
/// (wildcards such as `*/Reader` included: their meaning is the library's).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mute {
    pub kind: MuteKind,
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mute_kinds_round_trip() {
        for kind in MuteKind::ALL {
            assert_eq!(MuteKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(MuteKind::from_name("Tag"), None);
    }

    #[test]
    fn preferences_read_missing_fields_as_defaults() {
        let old: Preferences = serde_json::from_str("{\"adult_consent\":true}").expect("parse");
        assert_eq!(
            old,
            Preferences {
                adult_consent: true,
                hide_read: false
            }
        );
    }

    #[test]
    fn name_keys_fold_case_only() {
        assert_eq!(user_name_key("Mara Voss"), "mara voss");
        assert_eq!(user_name_key("ÉLODIE"), "élodie");
        assert_ne!(user_name_key(" mara"), user_name_key("mara"));
    }
}
