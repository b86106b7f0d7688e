//! Conversions between model values and column values.
//!
//! Everything that reads a column and can meet a value it does not
//! understand returns [`StoreError::Corrupt`] naming that column.

use crate::StoreError;
use ficshelf_model::{Rating, Status, Work};
use rusqlite::Row;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Parses a store id: a canonical decimal integer (`"12"`, not `"012"`,
/// `"+12"` or `" 12"`). Anything else names no work.
pub(super) fn parse_id(id: &str) -> Option<i64> {
    let canonical = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && (id == "0" || !id.starts_with('0'));
    if !canonical {
        return None;
    }
    // Too large for an id: names no work either.
    id.parse().ok()
}

/// An unsigned count as SQLite stores it (a signed 64-bit integer).
pub(super) fn to_sql_u64(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|e| StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// Reads an unsigned count stored by [`to_sql_u64`].
pub(super) fn get_u64(row: &Row<'_>, idx: usize, column: &'static str) -> Result<u64, StoreError> {
    let value: i64 = row.get(idx)?;
    u64::try_from(value).map_err(|_| StoreError::Corrupt {
        column,
        detail: format!("negative count {value}"),
    })
}

pub(super) fn decode_rating(value: &str) -> Result<Rating, StoreError> {
    Rating::from_machine_name(value).ok_or_else(|| StoreError::Corrupt {
        column: "works.rating",
        detail: format!("unknown rating {value:?}"),
    })
}

pub(super) fn decode_status(value: Option<&str>) -> Result<Option<Status>, StoreError> {
    value
        .map(|v| {
            Status::from_machine_name(v).ok_or_else(|| StoreError::Corrupt {
                column: "works.status",
                detail: format!("unknown status {v:?}"),
            })
        })
        .transpose()
}

/// A value as JSON text for a TEXT column.
pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// Reads JSON text written by [`to_json`].
pub(super) fn from_json<T: DeserializeOwned>(
    text: &str,
    column: &'static str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        column,
        detail: e.to_string(),
    })
}

/// The list-valued fields of a [`Work`], each stored as rows of `work_tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Author,
    Warning,
    Fandom,
    Relationship,
    Character,
    Tag,
    Category,
}

impl TagKind {
    pub(super) const ALL: [TagKind; 7] = [
        TagKind::Author,
        TagKind::Warning,
        TagKind::Fandom,
        TagKind::Relationship,
        TagKind::Character,
        TagKind::Tag,
        TagKind::Category,
    ];

    /// The value of `work_tags.kind`.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            TagKind::Author => "author",
            TagKind::Warning => "warning",
            TagKind::Fandom => "fandom",
            TagKind::Relationship => "relationship",
            TagKind::Character => "character",
            TagKind::Tag => "tag",
            TagKind::Category => "category",
        }
    }

    pub(super) fn decode(value: &str) -> Result<TagKind, StoreError> {
        TagKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| StoreError::Corrupt {
                column: "work_tags.kind",
                detail: format!("unknown kind {value:?}"),
            })
    }

    /// The work's list of this kind.
    pub(super) fn list(self, work: &Work) -> &[String] {
        match self {
            TagKind::Author => &work.authors,
            TagKind::Warning => &work.warnings,
            TagKind::Fandom => &work.fandoms,
            TagKind::Relationship => &work.relationships,
            TagKind::Character => &work.characters,
            TagKind::Tag => &work.tags,
            TagKind::Category => &work.category,
        }
    }

    pub(super) fn list_mut(self, work: &mut Work) -> &mut Vec<String> {
        match self {
            TagKind::Author => &mut work.authors,
            TagKind::Warning => &mut work.warnings,
            TagKind::Fandom => &mut work.fandoms,
            TagKind::Relationship => &mut work.relationships,
            TagKind::Character => &mut work.characters,
            TagKind::Tag => &mut work.tags,
            TagKind::Category => &mut work.category,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_decimal_ids_parse() {
        assert_eq!(parse_id("0"), Some(0));
        assert_eq!(parse_id("42"), Some(42));
        for bad in [
            "",
            "012",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.0",
            "abc",
            "99999999999999999999",
        ] {
            assert_eq!(parse_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tag_kinds_round_trip() {
        for kind in TagKind::ALL {
            assert!(matches!(TagKind::decode(kind.as_str()), Ok(k) if k == kind));
        }
        assert!(matches!(
            TagKind::decode("genre"),
            Err(StoreError::Corrupt {
                column: "work_tags.kind",
                ..
            })
        ));
    }
}
