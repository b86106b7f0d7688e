//! Reading the user's `synonyms.toml`.
//!
//! ```toml
//! [character]
//! "Hermione Granger" = ["Hermy", "Mione"]
//!
//! [relationship]
//! "Draco Malfoy/Harry Potter" = ["Drarry"]
//!
//! [fandom]
//! "Sherlock (TV)" = "BBC Sherlock"   # one synonym may be a plain string
//! ```
//!
//! Sections are the [`TagKind`] names (`fandom`, `relationship`, `character`,
//! `tag`, `warning`, `category`, `language`; plurals are accepted too).

use super::TagKind;
use crate::SearchError;
use std::path::Path;

/// The synonyms of one kind: `(canonical name, its synonyms)` in file order.
pub(crate) type Entries = Vec<(String, Vec<String>)>;

/// Parses the file's text into entries per kind, characters first (so
/// relationship entries can be canonicalised with them).
pub(crate) fn parse(
    text: &str,
    path: Option<&Path>,
) -> Result<Vec<(TagKind, Entries)>, SearchError> {
    let fail = |message: String| SearchError::Synonyms {
        path: path.map(Path::to_path_buf),
        message,
    };
    let table: toml::Table =
        toml::from_str(text).map_err(|e| fail(e.to_string().trim().to_string()))?;
    let mut out: Vec<(TagKind, Entries)> = Vec::new();
    for (section, value) in &table {
        let kind = TagKind::from_name(section.trim_end_matches('s'))
            .or_else(|| (section == "categories").then_some(TagKind::Category))
            .ok_or_else(|| {
                fail(format!(
                    "unknown section [{section}]; expected one of {}",
                    TagKind::ALL.map(TagKind::as_str).join(", ")
                ))
            })?;
        let toml::Value::Table(entries) = value else {
            return Err(fail(format!(
                "[{section}] must be a table of \"Name\" = [\"synonym\", …]"
            )));
        };
        let mut parsed = Entries::new();
        for (canonical, synonyms) in entries {
            let synonyms = match synonyms {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(items) => items
                    .iter()
                    .map(|item| match item {
                        toml::Value::String(s) => Ok(s.clone()),
                        other => Err(fail(format!(
                            "[{section}] \"{canonical}\": synonyms must be strings, found {}",
                            other.type_str()
                        ))),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                other => {
                    return Err(fail(format!(
                        "[{section}] \"{canonical}\" must be a list of strings, found {}",
                        other.type_str()
                    )))
                }
            };
            parsed.push((canonical.clone(), synonyms));
        }
        match out.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, existing)) => existing.extend(parsed),
            None => out.push((kind, parsed)),
        }
    }
    out.sort_by_key(|(kind, _)| *kind != TagKind::Character);
    Ok(out)
}

/// A stable 64-bit FNV-1a hash, used to fingerprint the synonyms in force.
pub(crate) fn fnv1a(parts: impl IntoIterator<Item = impl AsRef<[u8]>>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.as_ref().iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_single_strings() {
        let parsed = parse(
            "[fandoms]\n\"Sherlock (TV)\" = \"BBC Sherlock\"\n[character]\n\"Hermione Granger\" = [\"Hermy\", \"Mione\"]\n",
            None,
        )
        .expect("valid file");
        assert_eq!(parsed[0].0, TagKind::Character);
        assert_eq!(
            parsed[0].1,
            vec![(
                "Hermione Granger".to_string(),
                vec!["Hermy".to_string(), "Mione".to_string()]
            )]
        );
        assert_eq!(
            parsed[1],
            (
                TagKind::Fandom,
                vec![("Sherlock (TV)".into(), vec!["BBC Sherlock".into()])]
            )
        );
    }

    #[test]
    fn rejects_unknown_sections_and_bad_values() {
        let err = parse("[ship]\nA = [\"B\"]\n", Some(Path::new("synonyms.toml"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("synonyms file synonyms.toml: unknown section [ship]"),
            "{err}"
        );
        let err = parse("[tag]\nA = [1]\n", None).unwrap_err();
        assert!(
            err.to_string()
                .contains("synonyms must be strings, found integer"),
            "{err}"
        );
        assert!(parse("[tag\n", None).is_err());
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fnv1a(["a", "b"]), fnv1a(["a", "b"]));
        assert_ne!(fnv1a(["ab"]), fnv1a(["a", "b"]));
    }
}
