//! The same works as AO3-style HTML downloads and as EPUBs.
//!
//! A work's plan (title, authors, tags, chapters and their word counts) is
//! the one the plain-text writer uses; the story text comes from the same
//! [`Prose`] generator on a stream of its own, so each chapter has exactly
//! the planned number of words. The markup follows AO3's download:
//! `div#preface` (`p.message`, `div.meta` with `dl.tags`, `h1`,
//! `div.byline`, Summary and Notes blockquotes), `div#chapters` with a
//! `div.meta.group` (`h2.heading`, chapter notes) and a `div.userstuff`
//! between `<!--chapter content-->` comments per chapter, `#endnotesN`, and
//! `div#afterword`. A one-chapter work has only the `div.userstuff`.
//!
//! The EPUB is what calibre makes of that page (EPUB 3 with a nav document
//! and Dublin Core metadata, tags also as `dc:subject`): the preface, the
//! chapters and the afterword as three XHTML documents in the spine.

use super::manifest::ManifestEntry;
use super::plan::WorkPlan;
use super::prose::{story_rng, Prose};
use super::rng::Rng;
use super::text;
use super::vocab::Vocab;
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::Write;
use std::path::Path;

/// A file format of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Plain text in every header style (the original corpus).
    Txt,
    /// AO3 HTML downloads.
    Html,
    /// calibre-style EPUB 3 of the AO3 download.
    Epub,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Txt, Format::Html, Format::Epub];

    /// `txt`, `html` or `epub`: the file extension and the sub-folder name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Epub => "epub",
        }
    }

    pub fn parse(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(Format::Txt),
            "html" | "htm" => Ok(Format::Html),
            "epub" => Ok(Format::Epub),
            other => bail!("unknown format {other:?} (use txt, html or epub)"),
        }
    }
}

/// The stream of HTML/EPUB markup choices: summary, notes, emphasis, break
/// style (the plan uses 1, plain text 2, story text 4).
const STREAM_MARKUP: u64 = 3;

/// AO3's label for an AO3 rating machine name.
pub fn ao3_rating_label(machine: &str) -> &'static str {
    match machine {
        "general" => "General Audiences",
        "teen" => "Teen And Up Audiences",
        "mature" => "Mature",
        "explicit" => "Explicit",
        _ => "Not Rated",
    }
}

/// One block of story text.
enum Para {
    Text(String),
    Em(String),
    Break,
}

/// A work as AO3 download fragments (bodies of the three documents).
struct Ao3Work {
    preface: String,
    chapters: String,
    /// Empty when the work has no end notes.
    afterword: String,
}

/// Escapes text for XML and HTML element content and attribute values.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(s, &mut out);
    out
}

fn tag_link(kind: &str, name: &str) -> String {
    let mut href = String::with_capacity(name.len() + 40);
    for c in name.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '.' => href.push(c),
            '/' => href.push_str("*s*"),
            '&' => href.push_str("*a*"),
            _ => href.push_str("%20"),
        }
    }
    format!(
        "<a class=\"tag\" href=\"https://archiveofourown.org/{kind}/{}/works\">{}</a>",
        esc(&href),
        esc(name)
    )
}

fn dl_row(out: &mut String, singular: &str, plural: &str, kind: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let label = if items.len() > 1 { plural } else { singular };
    let links: Vec<String> = items.iter().map(|t| tag_link(kind, t)).collect();
    out.push_str(&format!(
        "<dt class=\"{}\">{label}:</dt>\n<dd class=\"{}\">{}</dd>\n",
        kind.trim_end_matches('s'),
        kind.trim_end_matches('s'),
        links.join(", ")
    ));
}

fn iso((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn blockquote(out: &mut String, label: &str, body: &str) {
    out.push_str("<p>");
    out.push_str(label);
    out.push_str("</p>\n<blockquote class=\"userstuff\"><p>");
    escape_into(body, out);
    out.push_str("</p></blockquote>\n");
}

/// Fandoms as AO3 states them: at least the one whose cast the text uses.
fn fandoms(plan: &WorkPlan) -> Vec<String> {
    if plan.fandoms.is_empty() {
        vec![plan.fandom.name.to_string()]
    } else {
        plan.fandoms.clone()
    }
}

/// Authors as AO3 states them: `Anonymous` when the plan states none.
fn authors(plan: &WorkPlan) -> Vec<String> {
    if plan.authors.is_empty() {
        vec!["Anonymous".to_string()]
    } else {
        plan.authors.clone()
    }
}

fn warnings(plan: &WorkPlan) -> Vec<String> {
    if plan.warnings.is_empty() {
        vec!["No Archive Warnings Apply".to_string()]
    } else {
        plan.warnings.clone()
    }
}

/// The chapter count AO3 prints: `3/3`, `3/?` or `3/10`.
fn chapter_stat(plan: &WorkPlan) -> String {
    let n = plan.chapters.len();
    if plan.complete {
        format!("{n}/{n}")
    } else if plan.index.is_multiple_of(2) {
        format!("{n}/?")
    } else {
        format!("{n}/{}", n + 1 + (plan.index % 5) as usize)
    }
}

impl Ao3Work {
    fn new(plan: &WorkPlan, vocab: &Vocab) -> Ao3Work {
        let mut rng = Rng::derive(plan.seed, STREAM_MARKUP, plan.index);
        let prose = Prose::of(plan, vocab);
        let work_id = 1_000_000 + plan.index;
        let url = format!("https://archiveofourown.org/works/{work_id}");
        let mut p = String::with_capacity(4096);
        p.push_str("<div id=\"preface\">\n<p class=\"message\"><b>");
        escape_into(&plan.title, &mut p);
        p.push_str("</b><br/>\nPosted originally on the <a href=\"https://archiveofourown.org/\">Archive of Our Own</a> at <a href=\"");
        p.push_str(&url);
        p.push_str("\">");
        p.push_str(&url);
        p.push_str("</a>.</p>\n<div class=\"meta\">\n<dl class=\"tags\">\n");
        let rating = ao3_rating_label(plan.rating_ao3());
        dl_row(&mut p, "Rating", "Ratings", "tags", &[rating.to_string()]);
        dl_row(
            &mut p,
            "Archive Warning",
            "Archive Warnings",
            "tags",
            &warnings(plan),
        );
        dl_row(&mut p, "Fandom", "Fandoms", "tags", &fandoms(plan));
        dl_row(
            &mut p,
            "Relationship",
            "Relationships",
            "tags",
            &plan.relationships,
        );
        dl_row(&mut p, "Character", "Characters", "tags", &plan.characters);
        let mut tags = plan.genres.clone();
        tags.extend(plan.tags.iter().cloned());
        dl_row(&mut p, "Additional Tags", "Additional Tags", "tags", &tags);
        p.push_str("<dt class=\"language\">Language:</dt>\n<dd class=\"language\">English</dd>\n");
        let words = plan.words();
        let mut stats = format!("Published: {}", iso(plan.published));
        if plan.chapters.len() > 1 {
            let label = if plan.complete {
                "Completed"
            } else {
                "Updated"
            };
            stats.push_str(&format!(" {label}: {}", iso(plan.updated)));
        }
        stats.push_str(&format!(
            " Words: {} Chapters: {}",
            text::thousands(words),
            chapter_stat(plan)
        ));
        p.push_str("<dt class=\"stats\">Stats:</dt>\n<dd class=\"stats\">");
        p.push_str(&stats);
        p.push_str("</dd>\n</dl>\n<h1>");
        escape_into(&plan.title, &mut p);
        p.push_str("</h1>\n<div class=\"byline\">by ");
        let authors: Vec<String> = authors(plan)
            .iter()
            .map(|a| {
                format!(
                    "<a rel=\"author\" href=\"https://archiveofourown.org/users/{}/pseuds/{}\">{}</a>",
                    esc(&a.replace(' ', "_")),
                    esc(&a.replace(' ', "_")),
                    esc(a)
                )
            })
            .collect();
        p.push_str(&authors.join(", "));
        p.push_str("</div>\n");
        let a = plan.cast.first().copied().unwrap_or("Nobody");
        let b = plan.cast.get(1).copied().unwrap_or(a);
        blockquote(&mut p, "Summary", &text::summary(&mut rng, a, b));
        if rng.chance(0.4) {
            let beta = plan.cast.last().copied().unwrap_or(a);
            blockquote(
                &mut p,
                "Notes",
                &text::header_note(&mut rng, plan.fandom, beta),
            );
        }
        p.push_str("</div>\n</div>\n");

        let one_shot = plan.chapters.len() == 1;
        let mut c = String::with_capacity(plan.words() as usize * 7);
        c.push_str("<div id=\"chapters\" class=\"userstuff\">\n");
        let mut paras = Vec::new();
        for (i, chapter) in plan.chapters.iter().enumerate() {
            let n = i + 1;
            if !one_shot {
                c.push_str("<div class=\"meta group\">\n<h2 class=\"heading\">");
                match &chapter.title {
                    Some(t) => {
                        c.push_str(&format!("Chapter {n}: "));
                        escape_into(t, &mut c);
                    }
                    None => c.push_str(&format!("Chapter {n}")),
                }
                c.push_str("</h2>\n");
                if let Some(note) = &chapter.begin_note {
                    blockquote(&mut c, "Chapter Notes", note);
                }
                c.push_str("</div>\n");
            }
            c.push_str("<div class=\"userstuff\"><!--chapter content-->\n");
            paras.clear();
            story(
                &prose,
                &mut story_rng(plan, i),
                &mut rng,
                chapter.words,
                &mut paras,
            );
            let hr = rng.chance(0.5);
            for para in &paras {
                match para {
                    Para::Text(t) => {
                        c.push_str("<p>");
                        escape_into(t, &mut c);
                        c.push_str("</p>\n");
                    }
                    Para::Em(t) => {
                        c.push_str("<p><em>");
                        escape_into(t, &mut c);
                        c.push_str("</em></p>\n");
                    }
                    Para::Break if hr => c.push_str("<hr/>\n"),
                    Para::Break => {
                        c.push_str("<p align=\"center\">");
                        escape_into(plan.scene_break, &mut c);
                        c.push_str("</p>\n");
                    }
                }
            }
            c.push_str("<!--/chapter content--></div>\n");
            if !one_shot && i + 1 < plan.chapters.len() {
                if let Some(note) = &chapter.end_note {
                    c.push_str(&format!("<div class=\"meta group\" id=\"endnotes{n}\">\n"));
                    blockquote(&mut c, "Chapter End Notes", note);
                    c.push_str("</div>\n");
                }
            }
        }
        c.push_str("</div>\n");

        let mut afterword = String::new();
        if let Some(note) = plan.chapters.last().and_then(|ch| ch.end_note.as_ref()) {
            afterword.push_str("<div id=\"afterword\">\n<div id=\"endnotes\">\n");
            blockquote(&mut afterword, "End Notes", note);
            afterword.push_str("</div>\n</div>\n");
        }
        Ao3Work {
            preface: p,
            chapters: c,
            afterword,
        }
    }
}

/// A chapter's story text as paragraphs and scene breaks, exactly `words`
/// words: the plain-text writer's loop ([`Prose::chapter`]) on the same
/// story stream, so the same text; `markup` picks the emphasis.
fn story(prose: &Prose<'_>, text: &mut Rng, markup: &mut Rng, words: u64, out: &mut Vec<Para>) {
    let mut remaining = words;
    let mut first = true;
    while remaining > 0 {
        if !first && remaining > 200 && text.chance(0.025) {
            out.push(Para::Break);
        }
        let mut para = String::with_capacity(512);
        remaining -= prose.paragraph(text, remaining, &mut para);
        out.push(if markup.chance(0.03) {
            Para::Em(para)
        } else {
            Para::Text(para)
        });
        first = false;
    }
}

/// The manifest entry of a work written as HTML or EPUB: everything the
/// AO3 download states.
fn entry(plan: &WorkPlan, format: Format, file: String, bytes: u64) -> ManifestEntry {
    let mut e = ManifestEntry::new(plan, vec![file], bytes);
    let multi = plan.chapters.len() > 1;
    e.style = match format {
        Format::Epub => "ao3-epub",
        _ => "ao3-html",
    }
    .to_string();
    e.encoding = "utf-8".to_string();
    e.line_endings = "lf".to_string();
    e.title = Some(plan.title.clone());
    e.authors = authors(plan);
    e.rating = Some(ao3_rating_label(plan.rating_ao3()).to_string());
    e.fandoms = fandoms(plan);
    e.warnings = warnings(plan);
    let complete = if plan.complete {
        "complete"
    } else {
        "in_progress"
    };
    e.status_label = Some(chapter_stat(plan));
    e.status = Some(complete.to_string());
    e.published = Some(iso(plan.published));
    e.updated = multi.then(|| iso(plan.updated));
    e
}

fn html_page(plan: &WorkPlan, work: &Ao3Work) -> String {
    let mut page = String::with_capacity(
        work.preface.len() + work.chapters.len() + work.afterword.len() + 512,
    );
    page.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    escape_into(&plan.title, &mut page);
    page.push_str(" - ");
    escape_into(&authors(plan).join(", "), &mut page);
    page.push_str(" - ");
    escape_into(&fandoms(plan).join(", "), &mut page);
    page.push_str("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"https://archiveofourown.org/stylesheets/ebooks.css\"/>\n</head>\n<body>\n");
    page.push_str(&work.preface);
    page.push_str(&work.chapters);
    page.push_str(&work.afterword);
    page.push_str("</body>\n</html>\n");
    page
}

/// Writes work `plan` as an AO3 HTML download or an EPUB under `root` and
/// returns its manifest entry.
pub fn write_work_as(
    format: Format,
    plan: &WorkPlan,
    vocab: &Vocab,
    root: &Path,
) -> Result<ManifestEntry> {
    let shard = format!("{:03}", plan.shard);
    let dir = root.join(&shard);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = format!("{}.{}", plan.slug, format.name());
    let path = dir.join(&name);
    let work = Ao3Work::new(plan, vocab);
    let bytes = match format {
        Format::Html => html_page(plan, &work).into_bytes(),
        Format::Epub => epub(plan, &work)?,
        Format::Txt => bail!("plain text is written by corpus::write_work"),
    };
    fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(entry(
        plan,
        format,
        format!("{shard}/{name}"),
        bytes.len() as u64,
    ))
}

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

fn xhtml(title: &str, body: &str) -> String {
    let mut s = String::with_capacity(body.len() + 400);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<head>\n<title>");
    escape_into(title, &mut s);
    s.push_str("</title>\n<meta charset=\"UTF-8\"/>\n</head>\n<body>\n");
    s.push_str(body);
    s.push_str("</body>\n</html>\n");
    s
}

/// The EPUB's bytes: `mimetype` stored first, the rest deflated.
fn epub(plan: &WorkPlan, work: &Ao3Work) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipWriter};
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default());
    let mut docs: Vec<(&str, &str, &str)> = vec![
        ("preface", "preface.xhtml", "Preface"),
        ("chapters", "chapters.xhtml", "Chapters"),
    ];
    if !work.afterword.is_empty() {
        docs.push(("afterword", "afterword.xhtml", "Afterword"));
    }
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(
        work.chapters.len() / 2 + 8192,
    )));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;

    let mut opf = String::with_capacity(4096);
    opf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    opf.push_str(&format!(
        "<dc:identifier id=\"uid\">urn:ficshelf-corpus:{}:{}</dc:identifier>\n<dc:title>{}</dc:title>\n<dc:language>en</dc:language>\n",
        plan.seed,
        plan.index,
        esc(&plan.title)
    ));
    for author in &authors(plan) {
        opf.push_str(&format!("<dc:creator>{}</dc:creator>\n", esc(author)));
    }
    opf.push_str("<dc:publisher>Archive of Our Own</dc:publisher>\n");
    let mut subjects = vec![ao3_rating_label(plan.rating_ao3()).to_string()];
    subjects.extend(warnings(plan));
    subjects.extend(fandoms(plan));
    subjects.extend(plan.relationships.iter().cloned());
    subjects.extend(plan.characters.iter().cloned());
    subjects.extend(plan.genres.iter().cloned());
    subjects.extend(plan.tags.iter().cloned());
    for s in &subjects {
        opf.push_str(&format!("<dc:subject>{}</dc:subject>\n", esc(s)));
    }
    opf.push_str(&format!(
        "<dc:date>{}</dc:date>\n<meta property=\"dcterms:modified\">{}T00:00:00Z</meta>\n</metadata>\n<manifest>\n<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n",
        iso(plan.published),
        iso(plan.updated)
    ));
    for (id, href, _) in &docs {
        opf.push_str(&format!(
            "<item id=\"{id}\" href=\"{href}\" media-type=\"application/xhtml+xml\"/>\n"
        ));
    }
    opf.push_str("</manifest>\n<spine>\n");
    for (id, _, _) in &docs {
        opf.push_str(&format!("<itemref idref=\"{id}\"/>\n"));
    }
    opf.push_str("</spine>\n</package>\n");
    zip.start_file("OEBPS/content.opf", deflated)?;
    zip.write_all(opf.as_bytes())?;

    let mut nav = String::from("<nav epub:type=\"toc\" id=\"toc\">\n<ol>\n");
    for (_, href, label) in &docs {
        nav.push_str(&format!("<li><a href=\"{href}\">{label}</a></li>\n"));
    }
    nav.push_str("</ol>\n</nav>\n");
    zip.start_file("OEBPS/nav.xhtml", deflated)?;
    zip.write_all(xhtml(&plan.title, &nav).as_bytes())?;

    for (id, href, _) in &docs {
        let body = match *id {
            "preface" => &work.preface,
            "chapters" => &work.chapters,
            _ => &work.afterword,
        };
        zip.start_file(format!("OEBPS/{href}"), deflated)?;
        zip.write_all(xhtml(&plan.title, body).as_bytes())?;
    }
    let cursor = zip.finish()?;
    Ok(cursor.into_inner())
}
