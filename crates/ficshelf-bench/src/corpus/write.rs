//! Writing one work's files from its plan.

use super::headers;
use super::manifest::ManifestEntry;
use super::plan::{Style, WorkPlan};
use super::prose::{story_rng, Layout, Prose};
use super::rng::Rng;
use super::sink::Sink;
use super::text;
use super::vocab::Vocab;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

const STREAM_TEXT: u64 = 2;

/// Writes work `plan` under `root` and returns its manifest entry.
pub fn write_work(plan: &WorkPlan, vocab: &Vocab, root: &Path) -> Result<ManifestEntry> {
    let mut rng = Rng::derive(plan.seed, STREAM_TEXT, plan.index);
    let shard = format!("{:03}", plan.shard);
    let prose = Prose::of(plan, vocab);
    let header = headers::header(plan, &mut rng);
    let mut files = Vec::new();
    let mut bytes = 0;
    if plan.style == Style::FilePerChapter {
        let dir = root.join(&shard).join(&plan.slug);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (i, chapter) in plan.chapters.iter().enumerate() {
            let name = format!("ch{}.txt", i + 1);
            let mut sink = Sink::create(&dir.join(&name), plan.encoding, plan.crlf)?;
            sink.push(&header)?;
            if rng.chance(0.15) {
                sink.push(&text::begin_note(&mut rng))?;
                sink.push("\n\n")?;
            }
            prose.chapter(&mut story_rng(plan, i), chapter.words, &mut sink)?;
            if let Some(note) = &chapter.end_note {
                end_note(&prose, note, &mut sink)?;
            }
            bytes += sink.finish()?;
            files.push(format!("{shard}/{}/{name}", plan.slug));
        }
    } else {
        let dir = root.join(&shard);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let name = format!("{}.txt", plan.slug);
        let mut sink = Sink::create(&dir.join(&name), plan.encoding, plan.crlf)?;
        sink.push(&header)?;
        for (i, chapter) in plan.chapters.iter().enumerate() {
            if let Some(heading) = &chapter.heading {
                sink.blank_line()?;
                sink.push(heading)?;
                sink.push("\n\n")?;
            }
            if let Some(note) = &chapter.begin_note {
                sink.push(note)?;
                sink.push(if prose.layout == Layout::LinePerParagraph {
                    "\n"
                } else {
                    "\n\n"
                })?;
            }
            prose.chapter(&mut story_rng(plan, i), chapter.words, &mut sink)?;
            if let Some(note) = &chapter.end_note {
                end_note(&prose, note, &mut sink)?;
            }
        }
        bytes += sink.finish()?;
        files.push(format!("{shard}/{name}"));
    }
    Ok(ManifestEntry::new(plan, files, bytes))
}

fn end_note(prose: &Prose<'_>, note: &str, sink: &mut Sink) -> Result<()> {
    if prose.layout == Layout::LinePerParagraph {
        sink.end_line()?;
    } else {
        sink.blank_line()?;
    }
    sink.push(note)?;
    sink.push("\n")
}
