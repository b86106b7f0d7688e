//! Names for a whole work: characters, fandoms and relationships together,
//! in the form [`ficshelf_model::Suggested`] takes them.
//!
//! Order matters: fandoms first (stated, disclaimers, character overlap),
//! so characters can be mapped to canonical tags within those fandoms;
//! clusters mapping to the same tag merge; clusters the work's stated
//! character tags name take those tags ("Dr. Watson" for "John Watson"),
//! so nothing stated is suggested again; relationships are then resolved
//! against those names.

use ficshelf_model::NameCount;

use super::{scan_names_with, stated, CharacterCluster, CharacterLists, NameScan};
use crate::{fandoms, relationships};

/// What the name finder reads for one work.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkText<'a> {
    /// Story paragraphs, all chapters in order.
    pub paragraphs: &'a [&'a str],
    /// Where each chapter's paragraphs start in `paragraphs`, in order
    /// (empty: one chapter).
    pub chapter_starts: &'a [usize],
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
    disclaimer_texts.extend(
        chapter_edges(work.chapter_starts, work.paragraphs.len())
            .into_iter()
            .filter(|&p| scan.disclaimer_cues[p])
            .map(|p| work.paragraphs[p]),
    );
    let mut all_fandoms: Vec<String> = work.stated_fandoms.to_vec();
    // A name credited before "belongs to" that the text uses for a
    // character is an original character, not a fandom.
    let is_character = |name: &str| {
        scan.clusters
            .iter()
            .any(|c| c.forms().any(|f| f.eq_ignore_ascii_case(name)))
    };
    let found: Vec<String> = fandoms::disclaimed(&disclaimer_texts, lists)
        .into_iter()
        .filter(|d| !(d.credited && is_character(&d.fandom)))
        .map(|d| d.fandom)
        .chain(fandoms::from_characters(&scan.clusters, lists))
        .collect();
    let mut suggested_fandoms = Vec::new();
    for f in found {
        if !all_fandoms.iter().any(|s| s.eq_ignore_ascii_case(&f)) {
            all_fandoms.push(f.clone());
            suggested_fandoms.push(f);
        }
    }

    apply_lists(&mut scan, lists, &all_fandoms);
    apply_stated(&mut scan, work.stated_characters);

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

/// The first and last three paragraphs of each chapter (each once), in
/// order: where disclaimers sit. `starts` are the chapters' first
/// paragraphs (empty: one chapter of `n` paragraphs).
fn chapter_edges(starts: &[usize], n: usize) -> Vec<usize> {
    let mut bounds: Vec<usize> = std::iter::once(0)
        .chain(starts.iter().copied().filter(|&s| s < n))
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut edges = Vec::new();
    for (i, &start) in bounds.iter().enumerate() {
        let end = bounds.get(i + 1).copied().unwrap_or(n);
        let head_end = (start + 3).min(end);
        edges.extend(start..head_end);
        edges.extend(end.saturating_sub(3).max(head_end)..end);
    }
    edges
}

/// Renames clusters to their canonical tags within `fandoms` and merges
/// clusters that map to the same one ("Bucky" and "Barnes"), keeping
/// mentions and the narrator pointing at the right cluster and the ranking
/// by mentions. The name a cluster had becomes its first variant.
pub fn apply_lists(scan: &mut NameScan, lists: &CharacterLists, fandoms: &[String]) {
    let names = scan
        .clusters
        .iter()
        .map(|c| lists.canonical(c.forms(), fandoms).map(str::to_string))
        .collect();
    rename_and_merge(scan, names);
}

/// Renames each cluster that a stated character tag names to that tag
/// ("Sherlock Holmes" becomes the stated "Sherlock H.", see [`stated`]),
/// merging clusters that become the same.
fn apply_stated(scan: &mut NameScan, stated: &[String]) {
    if stated.is_empty() {
        return;
    }
    let names = stated::stated_names(&scan.clusters, stated)
        .into_iter()
        .map(|t| t.map(|t| stated[t].trim().to_string()))
        .collect();
    rename_and_merge(scan, names);
}

/// Gives each cluster its new name (`None`: keeps its own) and merges
/// clusters that end up with the same name, keeping mentions and the
/// narrator pointing at the right cluster and the ranking by mentions. The
/// name a cluster had becomes its first variant.
fn rename_and_merge(scan: &mut NameScan, names: Vec<Option<String>>) {
    let mut merged: Vec<CharacterCluster> = Vec::new();
    let mut remap: Vec<u32> = Vec::with_capacity(scan.clusters.len());
    for (cluster, renamed) in scan.clusters.drain(..).zip(names) {
        let name = renamed.unwrap_or_else(|| cluster.name.clone());
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
            ..WorkText::default()
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

    /// The author's own tags ("Sherlock H.", "Dr. Watson") name the same
    /// people the text and the lists call "Sherlock Holmes" and "John
    /// Watson": they are not suggested again, and the text's pairing uses
    /// the stated names.
    #[test]
    fn stated_tags_with_initials_and_titles_are_the_same_people() {
        let paragraphs = [
            "\"Sherlock,\" said John Watson, and kissed him.",
            "Sherlock Holmes kissed John back. \"John,\" he said. Mrs Hudson laughed.",
            "John Watson laughed. \"Sherlock Holmes, you idiot.\" Mrs Hudson sighed.",
            "Sherlock held John's hand and kissed him again.",
        ];
        let stated = ["Sherlock H.".to_string(), "Dr. Watson".to_string()];
        let work = WorkText {
            paragraphs: &paragraphs,
            stated_characters: &stated,
            ..WorkText::default()
        };
        let found = suggest_names(&work, &CharacterLists::builtin());
        assert_eq!(found.characters, ["Mrs. Hudson"]);
        let names: Vec<&str> = found
            .character_mentions
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(names, ["Dr. Watson", "Sherlock H.", "Mrs. Hudson"]);
        assert_eq!(found.relationships, ["Dr. Watson/Sherlock H."]);
    }

    /// Disclaimers open every chapter, not only the first: the edges of
    /// each chapter are read.
    #[test]
    fn a_disclaimer_opening_a_later_chapter_names_the_fandom() {
        let paragraphs = [
            "Wren lit the lamps on the hill, one after another.",
            "Tam carried the ladder for her.",
            "Wren thanked him.",
            "The wind rose over the river.",
            "Tam counted the boats.",
            "Disclaimer: I do not own Stardew Valley, the game or anyone in it.",
            "Wren and Tam walked home in the dark.",
            "The lamps burned all night.",
            "In the morning Wren put them out.",
        ];
        let starts = [0, 5];
        let one_chapter = WorkText {
            paragraphs: &paragraphs,
            ..WorkText::default()
        };
        let lists = CharacterLists::builtin();
        assert!(suggest_names(&one_chapter, &lists).fandoms.is_empty());
        let two_chapters = WorkText {
            chapter_starts: &starts,
            ..one_chapter
        };
        assert_eq!(
            suggest_names(&two_chapters, &lists).fandoms,
            ["Stardew Valley"]
        );
        assert_eq!(chapter_edges(&starts, 9), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(chapter_edges(&[0, 9], 12), [0, 1, 2, 6, 7, 8, 9, 10, 11]);
        assert_eq!(chapter_edges(&[], 8), [0, 1, 2, 5, 6, 7]);
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
            ..WorkText::default()
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
