//! Works to store: a fully populated one, a sparse one, and helpers that
//! turn them into writes and expected reads.

use crate::{ChapterKey, Store, StoredWork, WorkWrite};
use ficshelf_model::{
    Asset, Block, Chapter, ChapterBody, ChapterSuggested, Evidence, Field, NameCount, Notes,
    Rating, Source, Status, Suggested, TextStats, Work,
};

/// A work with everything a save needs: sources, chapter keys, bodies.
#[derive(Debug, Clone)]
pub(super) struct Fixture {
    pub work: Work,
    pub identity_key: String,
    pub aliases: Vec<String>,
    pub sources: Vec<Source>,
    /// One per chapter, same order.
    pub keys: Vec<ChapterKey>,
    /// One per chapter, same order.
    pub bodies: Vec<ChapterBody>,
    /// Images the work links.
    pub assets: Vec<Asset>,
}

impl Fixture {
    /// A write of the whole fixture with every body.
    pub fn write<'a>(&'a self, id: Option<&'a str>) -> WorkWrite<'a> {
        let all: Vec<usize> = (0..self.keys.len()).collect();
        self.write_with_bodies(id, &all)
    }

    /// A write of the whole fixture with the bodies of chapters at `which`
    /// (0-based positions) only.
    pub fn write_with_bodies<'a>(&'a self, id: Option<&'a str>, which: &[usize]) -> WorkWrite<'a> {
        WorkWrite {
            id,
            identity_key: &self.identity_key,
            aliases: &self.aliases,
            work: &self.work,
            sources: &self.sources,
            chapter_keys: &self.keys,
            new_bodies: which
                .iter()
                .map(|&i| (self.keys[i].clone(), &self.bodies[i]))
                .collect(),
            assets: &self.assets,
            signature: None,
        }
    }

    /// What loading the fixture saved under `id` must give.
    pub fn expected(&self, id: &str) -> StoredWork {
        let mut work = self.work.clone();
        work.id = id.to_string();
        StoredWork {
            work,
            identity_key: self.identity_key.clone(),
            sources: self.sources.clone(),
            chapter_keys: self.keys.clone(),
            texts: self.bodies.iter().map(text_name).collect(),
        }
    }

    /// Appends a chapter read from `source` at `index`, numbered next.
    pub fn push_chapter(&mut self, source: &str, index: u32, title: &str, text: &str) {
        let body = body(&[text]);
        let number = self.work.chapters.len() as u32 + 1;
        self.work.chapters.push(Chapter {
            number,
            title: Some(title.to_string()),
            words: body.words(),
            notes: Notes::default(),
            sources: vec![source.to_string()],
        });
        self.work.words += body.words();
        self.keys.push(ChapterKey {
            source: source.to_string(),
            index,
            stated_number: Some(number),
        });
        self.bodies.push(body);
    }

    /// Adds a source file (not yet used by any chapter).
    pub fn push_source(&mut self, path: &str) {
        self.sources.push(source(path));
        self.work.sources.push(path.to_string());
    }
}

/// The name a store gives `body`: the SHA-256 of its JSON.
pub(super) fn text_name(body: &ChapterBody) -> String {
    use sha2::Digest;
    let json = serde_json::to_string(body).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(json.as_bytes()))
}

/// A body of plain paragraphs.
pub(super) fn body(paragraphs: &[&str]) -> ChapterBody {
    ChapterBody {
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph(p.to_string()))
            .collect(),
    }
}

fn source(path: &str) -> Source {
    Source {
        path: path.to_string(),
        sha256: format!("{:0>64x}", path.len() * 7919),
        bytes: 1000 + path.len() as u64,
    }
}

/// A work named `name` with every field set: three chapters, the first two
/// from `/in/{name}/one.txt`, the third from `/in/{name}/two.txt`.
pub(super) fn full(name: &str) -> Fixture {
    let one = format!("/in/{name}/one.txt");
    let two = format!("/in/{name}/two.txt");
    let list = |kind: &str| vec![format!("{kind} A of {name}"), format!("{kind} B of {name}")];
    let mut work = Work::new("ignored", format!("The Long Way Round ({name})"));
    work.title_inferred = true;
    work.authors = list("Author");
    work.rating = Rating::Explicit;
    work.rating_original = Some("NC-17".into());
    work.warnings = list("Warning");
    work.fandoms = list("Fandom");
    work.relationships = list("Relationship");
    work.characters = list("Character");
    work.tags = list("Tag");
    work.category = list("Category");
    work.language = Some("English".into());
    work.summary = Some("Two \"friends\" take\nthe long way — café and all.".into());
    work.disclaimer = Some("Not mine.".into());
    work.notes = Notes {
        begin: Some("Thanks to my beta.".into()),
        end: Some("Comments welcome!".into()),
    };
    work.status = Some(Status::InProgress);
    work.published = Some("2003-04-05".into());
    work.updated = Some("2004-05-06".into());
    work.fields = vec![
        Field {
            label: "Spoilers".into(),
            value: "Book 5".into(),
        },
        Field {
            label: "Archive".into(),
            value: "Yes, ask".into(),
        },
    ];
    work.suggested = Suggested {
        fandoms: vec!["Suggested fandom".into()],
        relationships: vec!["X/Y".into()],
        characters: vec!["X".into(), "Y".into()],
        rating: Some(Rating::Mature),
        warnings: vec!["Suggested warning".into()],
        language: Some("en".into()),
        character_mentions: vec![NameCount {
            name: "X".into(),
            count: 3,
        }],
        evidence: vec![Evidence {
            kind: "graphic violence".into(),
            suggests: "Mature".into(),
            count: 2,
            examples: vec!["A sentence.".into()],
        }],
        stats: Some(TextStats {
            words: 10,
            reading_minutes: 1,
            dialogue_permille: 250,
        }),
        chapters: vec![ChapterSuggested {
            number: 1,
            stats: TextStats::default(),
            language: Some("en".into()),
            point_of_view: Some("third person past".into()),
            interior_monologue: vec![2],
        }],
    };
    let mut fixture = Fixture {
        work,
        identity_key: format!("identity of {name}"),
        aliases: Vec::new(),
        sources: Vec::new(),
        keys: Vec::new(),
        bodies: Vec::new(),
        assets: Vec::new(),
    };
    fixture.push_source(&one);
    fixture.push_source(&two);
    let texts = [
        ("Beginnings", "It was raining.\nAgain."),
        ("Middles", "They walked on."),
        ("Endings", "Home at last, or so they thought."),
    ];
    for (i, (title, text)) in texts.into_iter().enumerate() {
        let (file, index) = if i < 2 { (&one, i as u32) } else { (&two, 0) };
        fixture.push_chapter(file, index, title, text);
    }
    for (i, chapter) in fixture.work.chapters.iter_mut().enumerate() {
        chapter.notes = Notes {
            begin: Some(format!("Chapter {} begins.", i + 1)),
            end: Some(format!("Chapter {} ends.", i + 1)),
        };
    }
    fixture.bodies[1].blocks.push(Block::SceneBreak);
    fixture.bodies[1]
        .blocks
        .push(Block::Paragraph("Later, by the river.".into()));
    fixture
}

/// A work with every optional field empty, and chapters whose source lists
/// are not simply their key's file: one lists none, one lists two files.
pub(super) fn sparse(name: &str) -> Fixture {
    let path = format!("/in/{name}/only.txt");
    let mut fixture = Fixture {
        work: Work::new("ignored", ""),
        identity_key: format!("identity of {name}"),
        aliases: Vec::new(),
        sources: Vec::new(),
        keys: Vec::new(),
        bodies: Vec::new(),
        assets: Vec::new(),
    };
    fixture.push_source(&path);
    fixture.push_chapter(&path, 0, "unused", "First.");
    fixture.push_chapter(&path, 1, "unused", "Second.");
    for chapter in &mut fixture.work.chapters {
        chapter.title = None;
    }
    fixture.work.chapters[0].sources = Vec::new();
    fixture.work.chapters[1].sources = vec![path.clone(), "/elsewhere.txt".into()];
    fixture.keys[0].stated_number = None;
    fixture
}

/// Starts an import operation, panicking if it fails.
pub(super) fn op(store: &mut dyn Store) -> u64 {
    let new = crate::NewOperation {
        kind: crate::OperationKind::Import,
        summary: "test import",
        at: 1_700_000_000,
        reverses: None,
    };
    match store.begin_operation(&new) {
        Ok(id) => id,
        Err(e) => panic!("begin_operation failed: {e} ({e:?})"),
    }
}

/// Saves `write` as an operation of its own.
pub(super) fn try_save(
    store: &mut dyn Store,
    write: &WorkWrite<'_>,
) -> Result<String, crate::StoreError> {
    let operation = op(store);
    store.save_work(operation, write)
}

/// Saves `write` as an operation of its own, panicking with the error if it fails.
pub(super) fn save(store: &mut dyn Store, write: &WorkWrite<'_>) -> String {
    let operation = op(store);
    match store.save_work(operation, write) {
        Ok(id) => id,
        Err(e) => panic!("save_work failed: {e} ({e:?})"),
    }
}

/// Loads work `id`, panicking if it fails or is missing.
pub(super) fn load(store: &dyn Store, id: &str) -> StoredWork {
    match store.load_work(id) {
        Ok(Some(stored)) => stored,
        Ok(None) => panic!("work {id} is missing"),
        Err(e) => panic!("load_work({id}) failed: {e} ({e:?})"),
    }
}

/// The body of chapter `number` of work `id`, panicking on error.
pub(super) fn body_of(store: &dyn Store, id: &str, number: u32) -> Option<ChapterBody> {
    match store.chapter_body(id, number) {
        Ok(body) => body,
        Err(e) => panic!("chapter_body({id}, {number}) failed: {e} ({e:?})"),
    }
}
