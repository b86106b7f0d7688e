//! Works saved twice that identity could not join because their text does
//! not agree (one copy garbled by a wrong encoding, or rewritten), found by
//! their shape instead: the same title, authors that agree, and the same
//! number of chapters of about the same lengths. MinHash (in
//! `Library::duplicates`) finds copies whose text agrees; this finds the rest.

use ficshelf_ingest::recover::{name_key, normalise_key};
use ficshelf_model::Work;
use std::collections::HashMap;

/// How far two chapters' word counts may differ, as a share of the longer,
/// in works of several chapters (a copy with other notes or a header read
/// into its first chapter stays well inside it)…
const CHAPTER_SLACK: f64 = 0.05;
/// …and in one-shots, where the length is the only evidence besides the title.
const ONE_SHOT_SLACK: f64 = 0.02;

/// What the shape of a work is compared on.
pub(crate) struct Shape {
    pub id: u64,
    name: Option<String>,
    authors: Vec<String>,
    chapter_words: Vec<u64>,
}

impl Shape {
    pub fn of(id: u64, work: &Work) -> Shape {
        Shape {
            id,
            name: name_key(&work.title),
            authors: work.authors.iter().map(|a| normalise_key(a)).collect(),
            chapter_words: work.chapters.iter().map(|c| c.words).collect(),
        }
    }

    fn same_shape(&self, other: &Shape) -> bool {
        let authors_agree = self.authors.is_empty()
            || other.authors.is_empty()
            || self.authors.iter().any(|a| other.authors.contains(a));
        let slack = if self.chapter_words.len() == 1 {
            ONE_SHOT_SLACK
        } else {
            CHAPTER_SLACK
        };
        authors_agree
            && !self.chapter_words.is_empty()
            && self.chapter_words.len() == other.chapter_words.len()
            && self
                .chapter_words
                .iter()
                .zip(&other.chapter_words)
                .all(|(&a, &b)| a.abs_diff(b) as f64 <= slack * a.max(b) as f64)
    }
}

/// Groups (ids ascending, groups by their first id) of two or more works of
/// the same shape, leaving out pairs `already` says are grouped.
pub(crate) fn same_shapes(shapes: &[Shape], already: impl Fn(u64, u64) -> bool) -> Vec<Vec<u64>> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, shape) in shapes.iter().enumerate() {
        if let Some(name) = &shape.name {
            by_name.entry(name.as_str()).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..shapes.len()).collect();
    for members in by_name.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                let (a, b) = (&shapes[i], &shapes[j]);
                if !already(a.id, b.id) && a.same_shape(b) {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ri] = rj;
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<u64>> = HashMap::new();
    for (i, shape) in shapes.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(shape.id);
    }
    let mut out: Vec<Vec<u64>> = groups
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|mut ids| {
            ids.sort_unstable();
            ids
        })
        .collect();
    out.sort();
    out
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Chapter, Work};

    fn work(title: &str, authors: &[&str], words: &[u64]) -> Work {
        let mut work = Work::new("", title);
        work.authors = authors.iter().map(|a| a.to_string()).collect();
        work.chapters = words
            .iter()
            .enumerate()
            .map(|(i, &words)| Chapter {
                number: i as u32 + 1,
                title: None,
                words,
                notes: Default::default(),
                sources: Vec::new(),
            })
            .collect();
        work
    }

    fn groups(works: &[Work]) -> Vec<Vec<u64>> {
        let shapes: Vec<Shape> = works
            .iter()
            .enumerate()
            .map(|(i, w)| Shape::of(i as u64 + 1, w))
            .collect();
        same_shapes(&shapes, |_, _| false)
    }

    #[test]
    fn the_same_title_and_chapter_lengths_are_one_group() {
        let works = [
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 1800, 4100]),
            work("salt and clockwork", &["Marlo_Venn"], &[3240, 1790, 4050]),
            work("Salt and Clockwork", &[], &[3210, 1800, 4100]),
            work("Brass Teeth", &["Marlo Venn"], &[3200, 1800, 4100]),
        ];
        assert_eq!(groups(&works), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn other_lengths_other_counts_or_other_authors_are_not() {
        let works = [
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 1800, 4100]),
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 2400, 4100]),
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 1800]),
            work("Salt and Clockwork", &["Ada Finch"], &[3200, 1800, 4100]),
        ];
        assert!(groups(&works).is_empty());
    }

    #[test]
    fn one_shots_need_nearly_the_same_length() {
        let works = [
            work("Untitled", &["Sparrowhawk"], &[1000]),
            work("Untitled", &["Sparrowhawk"], &[1015]),
            work("Untitled", &["Sparrowhawk"], &[1100]),
        ];
        assert_eq!(groups(&works), vec![vec![1, 2]]);
    }

    #[test]
    fn pairs_already_grouped_are_left_out() {
        let works = [
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 1800]),
            work("Salt and Clockwork", &["Marlo Venn"], &[3200, 1800]),
        ];
        let shapes: Vec<Shape> = works
            .iter()
            .enumerate()
            .map(|(i, w)| Shape::of(i as u64 + 1, w))
            .collect();
        assert!(same_shapes(&shapes, |a, b| (a, b) == (1, 2) || (a, b) == (2, 1)).is_empty());
    }
}
