//! Whether new files hold the same story as a work: their chapters' text
//! compared with the work's, chapter by chapter where both say which
//! chapter it is, with every chapter where the new one's place is unknown.
//!
//! Exact word shingles ([`Shingles`]) rather than MinHash estimates: only
//! the few works a file's title points at are compared, and a one-line
//! chapter against a long one is exactly where estimates are least reliable.

pub(super) use crate::shingles::Shingles;

/// Share of the shorter chapter's shingles the other copy must hold to be
/// the same text (a re-save with edits, other notes or other wrapping stays
/// far above it; a different story with the same title is near 0).
const SAME_TEXT: f64 = 0.5;

fn same_text(a: &Shingles, b: &Shingles) -> bool {
    a.containment(b) >= SAME_TEXT
}

/// Which chapter of its work a chapter says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A stated chapter number, or the place in a whole-work file.
    At(u32),
    /// The only chapter of a file that is not named as one chapter of
    /// several: a one-shot, the same place as the only chapter of a
    /// one-chapter work.
    Lone,
    /// A chapter file without a heading (`tale_ch2.txt`): its place in the
    /// work is not known.
    Unknown,
}

/// One chapter's place and text.
#[derive(Debug)]
pub(super) struct ChapterText {
    pub place: Place,
    pub shingles: Shingles,
}

/// What the text says about new files and a work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A chapter of the files holds most of the text of a chapter of the
    /// work (at the same place, or anywhere when its place is unknown).
    Same,
    /// Chapters at places the work has hold other text: another story.
    Different,
    /// No chapter could be compared (the files only add chapters).
    Unknown,
}

/// Compares the chapters of new files (`ours`) with a work's (`theirs`).
pub(super) fn compare(ours: &[ChapterText], theirs: &[ChapterText]) -> Verdict {
    let one_chapter = theirs.len() == 1;
    let place_of = |c: &ChapterText| match c.place {
        Place::At(n) => Some(n),
        Place::Lone => Some(1),
        Place::Unknown => None,
    };
    let mut compared = false;
    for chapter in ours {
        let at = match chapter.place {
            Place::At(n) => Some(n),
            Place::Lone if one_chapter => Some(1),
            Place::Lone | Place::Unknown => None,
        };
        let same_place: Vec<&ChapterText> = match at {
            Some(n) => theirs.iter().filter(|t| place_of(t) == Some(n)).collect(),
            None => Vec::new(),
        };
        if same_place.is_empty() {
            // Nothing at its place: a chapter the work lacks, or one whose
            // place is unknown. Finding its text anywhere is still evidence.
            if theirs
                .iter()
                .any(|t| same_text(&chapter.shingles, &t.shingles))
            {
                return Verdict::Same;
            }
            continue;
        }
        compared = true;
        if same_place
            .iter()
            .any(|t| same_text(&chapter.shingles, &t.shingles))
        {
            return Verdict::Same;
        }
    }
    if compared {
        Verdict::Different
    } else {
        Verdict::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HARBOUR: &str = "The ferry left the harbour at dawn with nobody aboard but the \
        pilot and a crate of oranges, and Mina counted the gulls that followed it.";
    const ORCHARD: &str = "Snow came early to the orchard that year and the old ladder \
        stayed against the last tree until spring, when Tomas finally moved it.";

    fn chapter(place: Place, text: &str) -> ChapterText {
        ChapterText {
            place,
            shingles: Shingles::of(text),
        }
    }

    #[test]
    fn the_same_text_at_the_same_place_is_the_same_work() {
        let ours = [chapter(Place::At(1), &HARBOUR.replace(", and", ".\nAnd"))];
        let theirs = [
            chapter(Place::At(1), HARBOUR),
            chapter(Place::At(2), ORCHARD),
        ];
        assert_eq!(compare(&ours, &theirs), Verdict::Same);
    }

    #[test]
    fn other_text_at_a_shared_place_is_another_work() {
        let ours = [chapter(Place::Lone, ORCHARD)];
        let theirs = [chapter(Place::At(1), HARBOUR)];
        assert_eq!(compare(&ours, &theirs), Verdict::Different);
    }

    #[test]
    fn chapters_beyond_the_work_or_without_a_place_decide_nothing() {
        let theirs = [chapter(Place::At(1), HARBOUR)];
        assert_eq!(
            compare(&[chapter(Place::At(2), ORCHARD)], &theirs),
            Verdict::Unknown
        );
        assert_eq!(
            compare(&[chapter(Place::Unknown, ORCHARD)], &theirs),
            Verdict::Unknown
        );
    }

    #[test]
    fn a_chapter_file_is_found_anywhere_in_the_work() {
        let theirs = [
            chapter(Place::At(1), ORCHARD),
            chapter(Place::At(2), HARBOUR),
        ];
        let ours = [chapter(Place::Unknown, HARBOUR)];
        assert_eq!(compare(&ours, &theirs), Verdict::Same);
    }

    #[test]
    fn a_one_line_save_is_found_inside_a_longer_chapter() {
        // A txt save that kept only the first sentence of a chapter.
        let ours = [chapter(Place::At(1), "The ferry left the harbour at dawn.")];
        let theirs = [chapter(Place::At(1), HARBOUR)];
        assert_eq!(compare(&ours, &theirs), Verdict::Same);
    }

    #[test]
    fn a_lone_chapter_is_placed_only_against_a_one_chapter_work() {
        let theirs = [
            chapter(Place::At(1), HARBOUR),
            chapter(Place::At(2), ORCHARD),
        ];
        let ours = [chapter(
            Place::Lone,
            "A third story about a lighthouse keeper's cat.",
        )];
        assert_eq!(compare(&ours, &theirs), Verdict::Unknown);
    }

    #[test]
    fn empty_text_matches_nothing() {
        let ours = [chapter(Place::At(1), "")];
        let theirs = [chapter(Place::At(1), "")];
        assert_eq!(compare(&ours, &theirs), Verdict::Different);
    }
}
