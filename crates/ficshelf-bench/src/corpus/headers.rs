//! The text above the story: labelled headers, FanFiction.Net's stat line and
//! prose front matter. Only the *surface* is chosen here (label spelling and
//! case, order, block layout); what is stated comes from the [`WorkPlan`].

use super::names::{self, PEN_NAMES};
use super::plan::{Style, WorkPlan};
use super::rng::{mix, Rng};
use super::text;

/// The header of a work's file(s), ending with a blank line.
pub fn header(plan: &WorkPlan, rng: &mut Rng) -> String {
    let beta = names::pen_name(mix(plan.seed ^ 0xBE7A, plan.index) % PEN_NAMES);
    match plan.style {
        Style::Labelled | Style::FilePerChapter => labelled(plan, rng, &beta, true),
        Style::Headings => labelled(plan, rng, &beta, false),
        Style::FanFictionNet => ffnet(plan, rng),
        Style::Prose => prose(plan, rng, &beta),
    }
}

/// How a work writes its labels.
#[derive(Clone, Copy)]
enum Case {
    Title,
    Upper,
    Lower,
}

fn label(case: Case, l: &str) -> String {
    match case {
        Case::Title => l.to_string(),
        Case::Upper => l.to_uppercase(),
        Case::Lower => l.to_lowercase(),
    }
}

/// A `Label: value` header. `rich` adds summary, disclaimer, notes and the
/// labels Ficshelf keeps as unknown fields.
fn labelled(plan: &WorkPlan, rng: &mut Rng, beta: &str, rich: bool) -> String {
    let case = [Case::Title, Case::Upper, Case::Lower][rng.weighted(&[70, 15, 15])];
    let mut head: Vec<(String, String)> = Vec::new();
    if plan.title_stated {
        head.push(("Title".into(), plan.title.clone()));
    }
    let author_label = if plan.authors.len() > 1 {
        rng.word(&["Authors", "Written by", "Author", "By"])
    } else {
        rng.word(&["Author", "Author", "Written by", "Pen name", "By", "Writer"])
    };
    let joiner = rng.word(&[", ", " & ", " and "]);
    head.push((author_label.into(), plan.authors.join(joiner)));

    let mut rest: Vec<(String, String)> = Vec::new();
    if let Some((r, _)) = plan.rating {
        rest.push((
            rng.pick(&["Rating", "Rating", "Rated"]).to_string(),
            r.to_string(),
        ));
    }
    let list_sep = rng.word(&[", ", ", ", "; "]);
    if !plan.fandoms.is_empty() {
        let l = if plan.fandoms.len() > 1 {
            "Fandoms"
        } else {
            rng.word(&["Fandom", "Fandoms"])
        };
        rest.push((l.into(), plan.fandoms.join(list_sep)));
    }
    if !plan.relationships.is_empty() {
        let l = rng.word(&[
            "Pairing",
            "Pairings",
            "Relationship",
            "Relationships",
            "Ship",
        ]);
        rest.push((l.into(), plan.relationships.join(list_sep)));
    }
    if !plan.characters.is_empty() {
        let l = rng.word(&["Characters", "Characters", "Character"]);
        rest.push((l.into(), plan.characters.join(list_sep)));
    }
    if !plan.warnings.is_empty() {
        let l = rng.word(&[
            "Warnings",
            "Warning",
            "Content Warnings",
            "Archive Warnings",
            "TW",
        ]);
        rest.push((l.into(), plan.warnings.join(", ")));
    }
    if let Some((s, _)) = plan.status {
        rest.push(("Status".into(), s.to_string()));
    }
    if rich {
        if rng.chance(0.5) {
            let l = rng.word(&["Words", "Word Count", "Word count"]);
            rest.push((l.into(), text::thousands(plan.words())));
        }
        for (l, v) in [
            ("Beta", beta.to_string()),
            ("Spoilers", "through the finale".to_string()),
            ("Feedback", "always welcome".to_string()),
            ("Archive", "ask first".to_string()),
            ("Dedication", format!("for {beta}")),
        ] {
            if rng.chance(0.12) {
                rest.push((l.into(), v));
            }
        }
    }
    rng.shuffle(&mut rest);
    // Genres before tags, so the manifest's tag order is the file's.
    if !plan.genres.is_empty() {
        let sep = if plan.genres.iter().any(|g| g.contains('/')) {
            ", "
        } else {
            rng.word(&[", ", "/"])
        };
        let l = rng.word(&["Genre", "Genres"]);
        let at = rng.index(rest.len() + 1);
        rest.insert(at, (l.into(), plan.genres.join(sep)));
        if !plan.tags.is_empty() {
            let l = rng.word(&["Tags", "Additional Tags", "Freeform"]);
            let after = at + 1 + rng.index(rest.len() - at);
            rest.insert(after, (l.into(), plan.tags.join(", ")));
        }
    }
    head.extend(rest);

    let mut tail: Vec<(String, String)> = Vec::new();
    if rich {
        let a = plan.cast.first().copied().unwrap_or("Nobody");
        let b = plan.cast.get(1).copied().unwrap_or(a);
        tail.push(("Summary".into(), text::summary(rng, a, b)));
        if rng.chance(0.6) {
            let l = rng.word(&["Disclaimer", "Disclaimers"]);
            tail.push((l.into(), text::disclaimer(rng, plan.fandom)));
        }
        if rng.chance(0.5) {
            let l = rng.word(&["Notes", "Note", "A/N", "Author's Note", "Authors Notes"]);
            tail.push((l.into(), text::header_note(rng, plan.fandom, beta)));
        }
    }

    let separate_tail = rng.chance(0.5);
    let rule = rng.chance(0.25).then(|| {
        let c = rng.word(&["=", "-", "*", "~"]);
        c.repeat(rng.range(20, 40) as usize)
    });
    let mut out = String::new();
    if let Some(r) = &rule {
        out.push_str(r);
        out.push('\n');
    }
    for (l, v) in &head {
        write_field(&mut out, &label(case, l), v);
    }
    for (l, v) in &tail {
        if separate_tail {
            out.push('\n');
        }
        write_field(&mut out, &label(case, l), v);
    }
    if let Some(r) = &rule {
        out.push_str(r);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// `Label: value`, a long value wrapped onto continuation lines.
fn write_field(out: &mut String, label: &str, value: &str) {
    out.push_str(label);
    out.push(':');
    let mut column = label.len() + 1;
    for word in value.split(' ') {
        if column + 1 + word.len() > 70 && column > label.len() + 1 {
            out.push('\n');
            column = 0;
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out.push('\n');
}

/// `Title by Author` and FanFiction.Net's stat line.
fn ffnet(plan: &WorkPlan, rng: &mut Rng) -> String {
    let mut parts: Vec<String> = Vec::new();
    let rating = plan.rating.map_or("T", |(r, _)| r);
    parts.push(format!("Rated: {rating}"));
    parts.push("English".into());
    parts.push(plan.genres.join("/"));
    if !plan.characters.is_empty() {
        if plan.relationships.is_empty() {
            parts.push(plan.characters.join(", "));
        } else {
            let rest = plan.characters[2..].join(", ");
            let pair = format!("[{}, {}]", plan.characters[0], plan.characters[1]);
            parts.push(if rest.is_empty() {
                pair
            } else {
                format!("{pair} {rest}")
            });
        }
    }
    let chapters = plan.chapters.len();
    if chapters > 1 {
        parts.push(format!("Chapters: {chapters}"));
    }
    parts.push(format!("Words: {}", text::thousands(plan.words())));
    if rng.chance(0.8) {
        parts.push(format!("Reviews: {}", rng.range(0, 900)));
        parts.push(format!("Favs: {}", rng.range(0, 700)));
        parts.push(format!("Follows: {}", rng.range(0, 700)));
    }
    let date = |(y, m, d): (u32, u32, u32)| format!("{m}/{d}/{y}");
    if chapters > 1 {
        parts.push(format!("Updated: {}", date(plan.updated)));
    }
    parts.push(format!("Published: {}", date(plan.published)));
    if plan.status.is_some() {
        parts.push("Status: Complete".into());
    }
    parts.push(format!(
        "id: {}",
        1_000_000 + mix(plan.seed, plan.index) % 9_000_000
    ));
    format!(
        "{} by {}\n{}\n\n",
        plan.title,
        plan.authors.join(", "),
        parts.join(" - ")
    )
}

/// An optional `Title` / `by Author` block, then disclaimer, warning and an
/// author's note as prose paragraphs.
fn prose(plan: &WorkPlan, rng: &mut Rng, beta: &str) -> String {
    let mut out = String::new();
    if plan.title_stated {
        let by = rng.word(&["by", "by", "By"]);
        out.push_str(&format!(
            "{}\n{by} {}\n\n",
            plan.title,
            plan.authors.join(" & ")
        ));
    }
    out.push_str(&text::disclaimer(rng, plan.fandom));
    out.push_str("\n\n");
    if let Some(w) = &plan.front_warning {
        out.push_str(w);
        out.push_str("\n\n");
    }
    if rng.chance(0.7) {
        out.push_str(&text::front_note(rng, plan.fandom, beta));
        out.push_str("\n\n");
    }
    out
}
