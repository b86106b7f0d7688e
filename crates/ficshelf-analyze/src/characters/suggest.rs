//! Names for a whole work: characters, fandoms and relationships together,
//! in the form [`ficshelf_model::Suggested`] takes them.
//!
//! Order matters: fandoms first (stated, disclaimers, character overlap),
//! so characters can be mapped to canonical tags within those fandoms;
//! clusters mapping to the same tag merge; relationships are then resolved
//! against the canonical names.

use ficshelf_model::NameCount;

use super::{scan_names_with, CharacterCluster, CharacterLists, NameScan};
use crate::{fandoms, relationships};

/// What the name finder reads for one work.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkText<'a> {
    /// Story paragraphs, all chapters in order.
    pub paragraphs: &'a [&'a str],
    /// Header and notes text: summary, notes, author's notes, stated tags.
    pub notes: &'a [&'a str],
    /// Characters the work's header states.
    pub stated_characters: &'a [String],
    /// Fandoms the work's header states.
    pub stated_fandoms: &'a [String],
}

/// What the name finder suggests for one work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameFindings {
    /// Character tags not already stated, most mentioned first
    /// (for `Suggested::characters`).
    pub characters: Vec<String>,
    /// Every found character with its mentions (for
    /// `Suggested::character_mentions`).
    pub character_mentions: Vec<NameCount>,
    /// Relationship tags from notation and from the text, not already
    /// stated as characters' relationships (for `Suggested::relationships`).
    pub relationships: Vec<String>,
    /// Fandom tags not already stated (for `Suggested::fandoms`).
    pub fandoms: Vec<String>,
    /// The clusters behind `character_mentions`, with canonical names.
    pub clusters: Vec<CharacterCluster>,
}

/// Finds a work's characters, fandoms and relationships.
pub fn suggest_names(work: &WorkText<'_>, lists: &CharacterLists) -> NameFindings {
    suggest_names_with(work, lists, &mut |_, _, _| {})
}

/// [`suggest_names`], handing each story paragraph's words to `reader`
/// too (the analysis rates the text from the same words).
pub(crate) fn suggest_names_with(
    work: &WorkText<'_>,
    lists: &CharacterLists,
    reader: &mut super::scan::WordsReader<'_>,
) -> NameFindings {
    let mut scan = scan_names_with(work.paragraphs, reader);

    // Fandoms: disclaimers sit in notes or at a chapter's edges.
    let mut disclaimer_texts: Vec<&str> = work.notes.to_vec();
    let n = work.paragraphs.len();
    let edges = (0..n.min(3)).chain(n.saturating_sub(3).max(n.min(3))..n);
    disclaimer_texts.extend(
        edges
            .filter(|&p| scan.disclaimer_cues[p])
            .map(|p| work.paragraphs[p]),
    );
    let mut all_fandoms: Vec<String> = work.stated_fandoms.to_vec();
    let found = fandoms::from_disclaimers(&disclaimer_texts, lists)
        .into_iter()
        .chain(fandoms::from_characters(&scan.clusters, lists));
    let mut suggested_fandoms = Vec::new();
    for f in found {
        if !all_fandoms.iter().any(|s| s.eq_ignore_ascii_case(&f)) {
            all_fandoms.push(f.clone());
            suggested_fandoms.push(f);
        }
    }

    apply_lists(&mut scan, lists, &all_fandoms);

    // Relationships: notation resolved against found and stated characters.
    let mut relationships = if work.notes.is_empty() {
        Vec::new()
    } else {
        let mut known = scan.clusters.clone();
        for s in work.stated_characters {
            if !known.iter().any(|c| c.name.eq_ignore_ascii_case(s)) {
                known.push(CharacterCluster::stated(s));
            }
        }
        relationships::from_notation(work.notes, &known)
    };
    for pair in relationships::from_text(&scan) {
        let a = scan.clusters[pair.a as usize].name.as_str();
        let b = scan.clusters[pair.b as usize].name.as_str();
        let tag = relationships::canonical_tag(&[a, b], false);
        if !relationships.contains(&tag) {
            relationships.push(tag);
        }
    }

    let stated = |name: &str| {
        work.stated_characters
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    };
    NameFindings {
        characters: scan
            .clusters
            .iter()
            .filter(|c| !stated(&c.name))
            .map(|c| c.name.clone())
            .collect(),
        character_mentions: scan
            .clusters
            .iter()
            .map(|c| NameCount {
                name: c.name.clone(),
                count: c.mentions,
            })
            .collect(),
        relationships,
        fandoms: suggested_fandoms,
        clusters: scan.clusters,
    }
}

/// Renames clusters to their canonical tags within `fandoms` and merges
/// clusters that map to the same one ("Bucky" and "Barnes"), keeping
/// mentions and the narrator pointing at the right cluster and the ranking
/// by mentions. The
/// name a cluster had becomes its first variant.
pub fn apply_lists(scan: &mut NameScan, lists: &CharacterLists, fandoms: &[String]) {
    let mut merged: Vec<CharacterCluster> = Vec::new();
    let mut remap: Vec<u32> = Vec::with_capacity(scan.clusters.len());
    for cluster in scan.clusters.drain(..) {
        let canonical = lists
            .canonical(cluster.forms(), fandoms)
            .map(str::to_string);
        let name = canonical.unwrap_or_else(|| cluster.name.clone());
        match merged.iter().position(|m| m.name == name) {
            Some(m) => {
                let into = &mut merged[m];
                into.mentions += cluster.mentions;
                for form in cluster.forms() {
                    if form != into.name && !into.variants.iter().any(|v| v == form) {
                        into.variants.push(form.to_string());
                    }
                }
                remap.push(m as u32);
            }
            None => {
                let CharacterCluster {
                    name: found_name,
                    mut variants,
                    ..
                } = cluster;
                if found_name != name {
                    variants.insert(0, found_name);
                }
                merged.push(CharacterCluster {
                    name,
                    variants,
                    mentions: cluster.mentions,
                });
                remap.push((merged.len() - 1) as u32);
            }
        }
    }
    // Re-rank after merging.
    let mut order: Vec<usize> = (0..merged.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(merged[i].mentions), i));
    let mut rank = vec![0u32; merged.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    let new_index = |old: u32| rank[remap[old as usize] as usize];
    for m in &mut scan.mentions {
        m.cluster = new_index(m.cluster);
    }
    // The narrator is a cluster index too: left as it was, it pointed past
    // the merged clusters (#13).
    scan.narrator = scan.narrator.map(new_index);
    let mut slots: Vec<Option<CharacterCluster>> = merged.into_iter().map(Some).collect();
    scan.clusters = order.iter().filter_map(|&i| slots[i].take()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_tags_are_not_suggested_again_and_edge_disclaimers_count() {
        let paragraphs = [
            "Disclaimer: I don't own Sherlock.",
            "\"Sherlock,\" said John Watson. Sherlock did not look up.",
            "\"John,\" Sherlock said at last. John smiled.",
        ];
        let stated = ["John Watson".to_string()];
        let work = WorkText {
            paragraphs: &paragraphs,
            notes: &[],
            stated_characters: &stated,
            stated_fandoms: &[],
        };
        let found = suggest_names(&work, &CharacterLists::builtin());
        assert_eq!(found.fandoms, ["Sherlock (TV)"]);
        assert_eq!(found.characters, ["Sherlock Holmes"]);
        let names: Vec<&str> = found
            .character_mentions
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(names, ["Sherlock Holmes", "John Watson"]);
    }

    /// Regression (#13): merging clusters moves the narrator with them.
    #[test]
    fn merging_clusters_keeps_the_narrator_on_its_character() {
        let cluster = |name: &str, mentions| CharacterCluster {
            name: name.to_string(),
            variants: Vec::new(),
            mentions,
        };
        let mut scan = NameScan {
            clusters: vec![
                cluster("Clint", 5),
                cluster("Barton", 4),
                cluster("Natasha", 3),
                cluster("Romanoff", 2),
                cluster("Odile", 2),
            ],
            narrator: Some(4),
            ..NameScan::default()
        };
        let mcu = ["Marvel Cinematic Universe".to_string()];
        apply_lists(&mut scan, &CharacterLists::builtin(), &mcu);
        let names: Vec<&str> = scan.clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Clint Barton", "Natasha Romanov", "Odile"]);
        assert_eq!(scan.narrator, Some(2));
    }

    #[test]
    fn a_work_gets_canonical_characters_fandom_and_pairing() {
        let paragraphs = [
            "\"Potter,\" said Draco Malfoy, and Harry Potter looked up from the Gryffindor table.",
            "\"What do you want, Malfoy?\" Harry asked.",
            "\"You,\" Draco said, and kissed him in front of Hermione Granger and the whole Great Hall.",
            "Hermione laughed. \"Finally,\" she said to Ron Weasley. Ron groaned.",
            "Harry kissed Draco back, his heart hammering. Draco's hand found his waist.",
            "\"Git,\" Harry whispered against his lips. Draco smiled.",
        ];
        let notes = ["Pairing: H/D. Background Ron & Hermione."];
        let work = WorkText {
            paragraphs: &paragraphs,
            notes: &notes,
            stated_characters: &[],
            stated_fandoms: &[],
        };
        let found = suggest_names(&work, &CharacterLists::builtin());
        assert_eq!(found.fandoms, ["Harry Potter - J. K. Rowling"]);
        assert_eq!(found.characters[..2], ["Draco Malfoy", "Harry Potter"]);
        assert!(found.characters.contains(&"Hermione Granger".to_string()));
        assert_eq!(
            found.relationships,
            [
                "Draco Malfoy/Harry Potter",
                "Hermione Granger & Ron Weasley"
            ]
        );
        assert_eq!(
            found.character_mentions[0].count, 6,
            "{:?}",
            found.character_mentions
        );
    }
}
