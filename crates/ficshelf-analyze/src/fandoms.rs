//! Fandoms: from disclaimers and from the characters a story names.
//!
//! Disclaimers ([`from_disclaimers`], in `disclaimers`): near a cue ("I
//! don't own", "belongs to", "property of", "is not mine", "disclaimer",
//! "©") any fandom name or creator from the character lists names the
//! fandom ("I don't own Sherlock", "Harry Potter belongs to J.K. Rowling");
//! a fandom the lists do not know is taken as written after a cue of owning
//! ("I don't own the rights to Buffy") or before one of belonging ("Mass
//! Effect and all its characters are the property of BioWare").
//!
//! Characters ([`from_characters`]): a fandom is suggested when the text's
//! characters map onto its list — at least two of its characters, at least
//! one by a full name or by a name no other list uses, and together a fair
//! share (a third) of all mentions.

mod disclaimers;

use rustc_hash::FxHashMap;

use crate::characters::{CharacterCluster, CharacterLists};

pub use disclaimers::{disclaimed, from_disclaimers, Disclaimed};

/// Share of all mentions a fandom's characters must reach.
const CHARACTER_SHARE: f32 = 0.33;

/// Fandoms whose character lists the found characters fit.
pub fn from_characters(characters: &[CharacterCluster], lists: &CharacterLists) -> Vec<String> {
    let total: u32 = characters.iter().map(|c| c.mentions).sum();
    // fandom index → (distinct characters, distinctive hits, mentions)
    let mut tally: FxHashMap<usize, (Vec<usize>, u32, u32)> = FxHashMap::default();
    let mut buf = String::new();
    for cluster in characters {
        for form in cluster.forms() {
            let hits = lists.lookup_indices(form, &mut buf);
            if hits.is_empty() {
                continue;
            }
            let fandoms_hit = {
                let mut f: Vec<usize> = hits.iter().map(|h| h.0).collect();
                f.dedup();
                f.len()
            };
            let distinctive = form.contains(' ') || fandoms_hit == 1;
            for &(f, c) in hits {
                let t = tally.entry(f).or_default();
                if !t.0.contains(&c) {
                    t.0.push(c);
                    t.2 += cluster.mentions;
                }
                t.1 += u32::from(distinctive);
            }
            break; // the best-known form decides
        }
    }
    let mut out: Vec<(u32, String)> = tally
        .into_iter()
        .filter(|(_, (chars, distinctive, mentions))| {
            chars.len() >= 2
                && *distinctive >= 1
                && *mentions as f32 >= CHARACTER_SHARE * total as f32
        })
        .map(|(f, (_, _, mentions))| (mentions, lists.fandoms()[f].fandom.clone()))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_name_fandoms() {
        let lists = CharacterLists::builtin();
        let c = |name: &str, v: &[&str], mentions| CharacterCluster {
            name: name.to_string(),
            variants: v.iter().map(|s| s.to_string()).collect(),
            mentions,
        };
        let found = [
            c("Sherlock", &["Holmes"], 30),
            c("John Watson", &["John"], 25),
            c("Mara", &[], 5),
        ];
        assert_eq!(from_characters(&found, &lists), ["Sherlock (TV)"]);
        let generic = [
            c("Sam", &[], 10),
            c("Dean", &[], 8),
            c("Mara Voss", &[], 40),
        ];
        assert!(from_characters(&generic, &lists).is_empty());
    }
}
