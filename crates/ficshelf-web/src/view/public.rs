//! What a work may show to whoever asks, before it is serialised.
//!
//! - [`without_server_paths`]: the library records where each file was read
//!   (absolute paths on the server, so that a re-import recognises them);
//!   readers see only the file names (`harbour.txt`, `fics.zip!/a/b.txt`).
//!   Applied when works are loaded, so every page, the API and downloads
//!   see the same.
//! - [`withhold_adult_text`]: the JSON API follows the pages' adult-content
//!   gate; an adult work's blurb (title, tags, summary, counts) is public as
//!   on the listing page, its notes, disclaimer, extra header lines and the
//!   sentences analysis quotes as evidence are not.

use ficshelf_model::Work;

/// The file name of a recorded source path; for an entry of a zip archive
/// (`/srv/fics/all.zip!/a/b.txt`), the archive's file name and the entry's
/// path inside it (`all.zip!/a/b.txt`).
pub(crate) fn source_name(path: &str) -> String {
    let (file, inner) = match path.split_once("!/") {
        Some((archive, inner)) => (archive, Some(inner)),
        None => (path, None),
    };
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match inner {
        Some(inner) => format!("{name}!/{inner}"),
        None => name.to_string(),
    }
}

/// Replaces the work's and its chapters' source paths by [`source_name`]s.
pub(crate) fn without_server_paths(work: &mut Work) {
    for source in work
        .sources
        .iter_mut()
        .chain(work.chapters.iter_mut().flat_map(|c| c.sources.iter_mut()))
    {
        *source = source_name(source);
    }
}

/// Empties what of an adult work only its readers may see: notes (the
/// work's and its chapters'), disclaimer, extra header lines, and the
/// example sentences of the analysis' evidence. The blurb stays.
pub(crate) fn withhold_adult_text(work: &mut Work) {
    work.notes = Default::default();
    work.disclaimer = None;
    work.fields.clear();
    for chapter in &mut work.chapters {
        chapter.notes = Default::default();
    }
    for evidence in &mut work.suggested.evidence {
        evidence.examples.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Chapter, Evidence, Field, Notes};

    #[test]
    fn source_names_drop_the_server_folders() {
        assert_eq!(source_name("/srv/fics/harbour.txt"), "harbour.txt");
        assert_eq!(
            source_name("/srv/fics/all.zip!/a/b.txt"),
            "all.zip!/a/b.txt"
        );
        assert_eq!(source_name("C:\\fics\\x.epub"), "x.epub");
        assert_eq!(source_name("plain.html"), "plain.html");
    }

    #[test]
    fn adult_text_goes_and_the_blurb_stays() {
        let mut work = Work::new("1", "Title");
        work.summary = Some("Blurb".into());
        work.notes = Notes {
            begin: Some("note".into()),
            end: Some("end".into()),
        };
        work.disclaimer = Some("mine".into());
        work.fields = vec![Field {
            label: "Spoilers".into(),
            value: "all of them".into(),
        }];
        work.chapters = vec![Chapter {
            number: 1,
            title: Some("One".into()),
            words: 3,
            notes: Notes {
                begin: Some("chapter note".into()),
                end: None,
            },
            sources: vec!["/srv/a.txt".into()],
        }];
        work.sources = vec!["/srv/a.txt".into()];
        work.suggested.evidence = vec![Evidence {
            kind: "rating".into(),
            suggests: "explicit".into(),
            count: 2,
            examples: vec!["a quoted sentence".into()],
        }];
        withhold_adult_text(&mut work);
        without_server_paths(&mut work);
        assert_eq!(work.summary.as_deref(), Some("Blurb"));
        assert!(work.notes.is_empty() && work.disclaimer.is_none() && work.fields.is_empty());
        assert!(work.chapters[0].notes.is_empty());
        assert_eq!(work.chapters[0].title.as_deref(), Some("One"));
        assert_eq!(work.suggested.evidence[0].count, 2);
        assert!(work.suggested.evidence[0].examples.is_empty());
        assert_eq!(work.sources, ["a.txt"]);
        assert_eq!(work.chapters[0].sources, ["a.txt"]);
    }
}
