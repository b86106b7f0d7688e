//! Errors of readers' use cases.

use ficshelf_store::StoreError;

/// Why a readers' operation failed. A wrong password or an unknown,
/// expired or revoked token is not an error: those answer `None`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReaderError {
    /// A user name breaks the naming rules ([`super::validate_name`]).
    #[error("invalid user name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },
    /// A new password breaks the password rules.
    #[error("unacceptable password: {reason}")]
    WeakPassword { reason: &'static str },
    /// Another account already has this name (compared case-insensitively).
    #[error("a user named {name:?} already exists")]
    NameTaken { name: String },
    /// No account has this name.
    #[error("no user named {name:?}")]
    UnknownUser { name: String },
    /// The reader already has an API token of this name.
    #[error("there is already a token named {name:?}")]
    TokenNameTaken { name: String },
    /// A token name is empty or too long.
    #[error("invalid token name {name:?}: {reason}")]
    InvalidTokenName { name: String, reason: &'static str },
    /// A work has no chapter of this number.
    #[error("work {work_id} has no chapter {chapter}")]
    NoSuchChapter { work_id: String, chapter: u32 },
    /// A reading position outside 0..=1.
    #[error("position {fraction} is not between 0 and 1")]
    BadFraction { fraction: f64 },
    /// A mute that names nothing or is too long to be a tag.
    #[error("invalid {kind} mute: {reason}")]
    InvalidMute {
        kind: &'static str,
        reason: &'static str,
    },
    /// A bookmark's notes or tags are too long.
    #[error("bookmark {what} too long: at most {max} characters")]
    TooLong { what: &'static str, max: usize },
    /// The operating system gave no random bytes for a secret.
    #[error("no randomness available for a secret token: {detail}")]
    Randomness { detail: String },
    /// Hashing a password failed (bad parameters; never a wrong password).
    #[error("password hashing failed: {detail}")]
    Hashing { detail: String },
    /// A stored password hash does not parse (a corrupt or hand-edited database).
    #[error("stored password hash of user {name:?} is not a valid PHC string: {detail}")]
    CorruptHash { name: String, detail: String },
    /// The library folder cannot be created.
    #[error("cannot create library folder {path}")]
    CreateFolder {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A book file cannot be read to hash it.
    #[error("cannot read the book file to hash it")]
    ReadDocument(#[source] std::io::Error),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ReaderError {
    /// The store's "already taken" and "unknown user" become this crate's
    /// own variants, so callers match one enum.
    fn from(error: StoreError) -> ReaderError {
        match error {
            StoreError::NameTaken {
                what: "user name",
                value,
            } => ReaderError::NameTaken { name: value },
            StoreError::NameTaken {
                what: "token name",
                value,
            } => ReaderError::TokenNameTaken { name: value },
            StoreError::UnknownUser { id } => ReaderError::UnknownUser {
                name: format!("#{id}"),
            },
            other => ReaderError::Store(other),
        }
    }
}
