//! The work's stated character tags and the clusters they name.
//!
//! Authors tag characters their own way: "Sherlock H.", "Dr. Watson",
//! "Capt. Rogers", "T. Stark", a first name alone. A cluster is the person
//! a tag names when their names fit word by word, titles and brackets
//! ("Cody (Star Wars)") aside: every word of one name stands, in order, in
//! the other, an initial standing for any word it starts, and at least one
//! whole word agreeing ("Dr. Watson" in "John Watson", "Honoroit" in
//! "Honoroit Banlardois", "Sherlock H." in "Sherlock Holmes").
//!
//! [`stated_names`] gives each cluster the tag that names it, so that what
//! analysis suggests never repeats a stated character under another name.

use super::words::words;
use super::CharacterCluster;

/// One word of a name: a whole word or an initial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameWord<'a> {
    Whole(&'a str),
    Initial(char),
}

/// The words of a name that say who it is: bracketed disambiguation,
/// quotes and titles left out; "J.K." is two initials.
fn name_words<'a>(name: &'a str, buf: &mut String) -> Vec<NameWord<'a>> {
    let name = name.split(['(', '[']).next().unwrap_or(name);
    let titles = &words().titles;
    let mut out = Vec::new();
    for raw in name.split(|c: char| c.is_whitespace() || c == '.' || c == ',') {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || titles.contains_folded(word, buf) {
            continue;
        }
        let mut letters = word.chars();
        match (letters.next(), letters.next()) {
            (Some(c), None) => out.push(NameWord::Initial(c)),
            _ => out.push(NameWord::Whole(word)),
        }
    }
    out
}

fn initial_of(c: char, word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|w| w.to_lowercase().eq(c.to_lowercase()))
}

/// Does every word of `part` stand, in order, in `whole`, with at least
/// one whole word agreeing?
fn fits(part: &[NameWord<'_>], whole: &[NameWord<'_>]) -> bool {
    let mut rest = whole.iter();
    let mut agreed = false;
    for p in part {
        let found = rest.by_ref().any(|w| match (p, w) {
            (NameWord::Whole(a), NameWord::Whole(b)) => {
                let same = a.to_lowercase() == b.to_lowercase();
                agreed |= same;
                same
            }
            (NameWord::Initial(c), NameWord::Whole(b))
            | (NameWord::Whole(b), NameWord::Initial(c)) => initial_of(*c, b),
            (NameWord::Initial(a), NameWord::Initial(b)) => a.to_lowercase().eq(b.to_lowercase()),
        });
        if !found {
            return false;
        }
    }
    agreed
}

/// How a tag names a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// The tag is one of the cluster's forms.
    Exact,
    /// A form of the cluster is part of the tag ("Holmes" of "Sherlock
    /// Holmes"): every such cluster is the tag's person.
    PartOfTag,
    /// The tag is part of a form ("Dr. Watson" of "John Watson"): only the
    /// first such cluster is.
    TagIsPart,
}

fn fit(tag: &str, cluster: &CharacterCluster, buf: &mut String) -> Option<Fit> {
    if cluster.forms().any(|f| f.eq_ignore_ascii_case(tag.trim())) {
        return Some(Fit::Exact);
    }
    let tag_words = name_words(tag, buf);
    if tag_words.is_empty() {
        return None;
    }
    let mut best: Option<Fit> = None;
    for form in cluster.forms() {
        let form_words = name_words(form, buf);
        let found = if fits(&form_words, &tag_words) {
            Some(Fit::PartOfTag)
        } else if fits(&tag_words, &form_words) {
            Some(Fit::TagIsPart)
        } else {
            None
        };
        best = match (best, found) {
            (Some(b), Some(f)) => Some(b.min(f)),
            (b, f) => b.or(f),
        };
    }
    best
}

/// For each cluster (ranked, most mentioned first), the stated tag that
/// names it, if any. A cluster takes the first tag that fits it exactly,
/// else the first that fits; a tag takes every cluster it fits exactly or
/// that is part of it, and the first cluster it is part of.
pub(crate) fn stated_names(clusters: &[CharacterCluster], stated: &[String]) -> Vec<Option<usize>> {
    let mut buf = String::new();
    let fits: Vec<Vec<Option<Fit>>> = clusters
        .iter()
        .map(|c| stated.iter().map(|t| fit(t, c, &mut buf)).collect())
        .collect();
    let mut taken_as_part = vec![false; stated.len()];
    let mut out = vec![None; clusters.len()];
    for (c, row) in fits.iter().enumerate() {
        let best = row
            .iter()
            .enumerate()
            .filter_map(|(t, f)| f.map(|f| (f, t)))
            .filter(|&(f, t)| f != Fit::TagIsPart || !taken_as_part[t])
            .min();
        if let Some((f, t)) = best {
            if f == Fit::TagIsPart {
                taken_as_part[t] = true;
            }
            out[c] = Some(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(name: &str, variants: &[&str]) -> CharacterCluster {
        CharacterCluster {
            name: name.to_string(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            mentions: 1,
        }
    }

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn initials_titles_first_names_and_surnames_name_the_same_person() {
        let clusters = [
            cluster("Sherlock Holmes", &["Sherlock", "Holmes"]),
            cluster("John Watson", &["John"]),
            cluster("Greg Lestrade", &[]),
            cluster("Honoroit", &[]),
            cluster("Steve Rogers", &["Cap"]),
            cluster("Tony Stark", &[]),
            cluster("Cody (Star Wars)", &[]),
        ];
        let stated = tags(&[
            "Sherlock H.",
            "Dr. Watson",
            "Honoroit Banlardois",
            "Capt. Rogers",
            "T. Stark",
            "Cody",
        ]);
        assert_eq!(
            stated_names(&clusters, &stated),
            [Some(0), Some(1), None, Some(2), Some(3), Some(4), Some(5)]
        );
    }

    #[test]
    fn different_people_are_not_matched() {
        let clusters = [
            cluster("John Watson", &[]),
            cluster("James Potter", &["James"]),
            cluster("Mary", &[]),
        ];
        let stated = tags(&["John Smith", "Harry Potter", "M. Hudson", "Dr."]);
        assert_eq!(stated_names(&clusters, &stated), [None, None, None]);
    }

    #[test]
    fn a_tag_takes_its_parts_and_one_fuller_name() {
        let clusters = [
            cluster("Sherlock", &[]),
            cluster("Holmes", &[]),
            cluster("John Watson", &[]),
            cluster("John Smith", &[]),
        ];
        let stated = tags(&["Sherlock Holmes", "John"]);
        assert_eq!(
            stated_names(&clusters, &stated),
            [Some(0), Some(0), Some(1), None]
        );
    }
}
