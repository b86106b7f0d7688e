//! Front matter (disclaimers, content warnings, author's notes written as
//! prose) and end matter (`A/N:`, `TBC`, `Please review`).

/// What a front-matter paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FrontMatter {
    Disclaimer(String),
    Warning(String),
    Note(String),
}

const NOTE_LEADS: &[&str] = &[
    "a/n",
    "an:",
    "a.n.",
    "author's note",
    "authors note",
    "author note",
    "author's notes",
    "authors notes",
    "author's endnote",
    "author's endnotes",
    "authors endnote",
    "author's end note",
    "note:",
    "notes:",
    "end note",
    "end notes",
    "endnote",
    "endnotes",
    "acknowledgements",
    "acknowledgments",
    "self-promotion",
    "self promotion",
];

const OWNERSHIP: &[&str] = &[
    "don't own",
    "do not own",
    "doesn't own",
    "does not own",
    "own nothing",
    "not mine",
    "aren't mine",
    "are not mine",
    "belong to",
    "belongs to",
    "property of",
    "no copyright infringement",
    "not making any money",
    "no money is being made",
    "making no money",
    "no profit",
    "not for profit",
];

const OWNERSHIP_CONTEXT: &[&str] = &[
    "i",
    "characters",
    "rights",
    "copyright",
    "profit",
    "money",
    "franchise",
    "creator",
    "creators",
    "respective",
    "trademark",
    "owner",
    "owners",
    "disclaimer",
];

const WARNING_PHRASES: &[&str] = &[
    "this story contains",
    "this fic contains",
    "this chapter contains",
    "this work contains",
    "be warned",
    "read at your own risk",
    "if that bothers you",
    "if this bothers you",
    "contains scenes of",
    "contains references to",
    "contains mentions of",
    "contains depictions of",
];

const WARNING_LEADS: &[&str] = &[
    "warning:",
    "warnings:",
    "warning!",
    "warning -",
    "warning –",
    "content warning",
    "trigger warning",
    "tw:",
    "cw:",
    "tw -",
    "cw -",
];

/// Leads that make a content warning only when the sentence also names
/// what the text holds ("A warning bell rang" is story).
const SOFT_WARNING_LEADS: &[&str] = &[
    "a warning",
    "fair warning",
    "just a warning",
    "a quick warning",
    "quick warning",
    "a word of warning",
];

/// What content warnings name.
const CONTENT_WORDS: &[&str] = &[
    "contains",
    "language",
    "swearing",
    "violence",
    "violent",
    "gore",
    "sex",
    "sexual",
    "smut",
    "lemon",
    "death",
    "abuse",
    "themes",
    "triggers",
    "triggering",
    "self-harm",
    "suicide",
    "torture",
    "rape",
    "mature",
    "explicit",
];

const STRONG_META: &[&str] = &[
    "fic",
    "fanfic",
    "fanfiction",
    "fan fiction",
    "beta",
    "betaed",
    "beta'd",
    "prompt",
    "oneshot",
    "one-shot",
    "one shot",
    "drabble",
    "hope you enjoy",
    "hope you like",
    "written for",
    "kudos",
    "ficlet",
    "review",
    "reviews",
    "reviewers",
    "feedback",
    "thanks to",
    "thank you to",
    "this chapter",
    "this story",
    "this fic",
    "first fic",
    "my first",
    "reviewing",
    "thanks for reading",
    "thank you for reading",
    // Self-promotion: where else to read, follow or pay the author.
    "discord server",
    "my discord",
    "patreon",
    "p*t*e*n",
    "ko-fi",
    "kofi",
    "buy me a coffee",
    "support me",
    "my profile",
    "my twitter",
    "my tumblr",
    "tumblr",
    "wattpad",
    "my website",
    "my blog",
    "audiobook",
    "follow me",
];

const WEAK_META: &[&str] = &[
    "story",
    "chapter",
    "chapters",
    "readers",
    "update",
    "updates",
    "wrote",
    "writing",
    "comments",
    "posted",
    "challenge",
    "author",
];

/// Lowercased with curly apostrophes made straight.
fn lower(text: &str) -> String {
    text.replace(['’', '‘'], "'").to_lowercase()
}

fn has_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Strips a leading label such as `A/N:` or `Warning -` and the punctuation after it.
fn strip_lead(text: &str, lead_len: usize) -> String {
    let rest = text.get(lead_len..).unwrap_or("");
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ":-–—!.".contains(c));
    if rest.is_empty() {
        text.trim().to_string()
    } else {
        rest.trim().to_string()
    }
}

fn note_lead_len(l: &str) -> Option<usize> {
    NOTE_LEADS
        .iter()
        .find(|lead| {
            l.starts_with(*lead)
                && l[lead.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|lead| lead.len())
}

/// Whether a paragraph is only a note's label (`A/N:`, `Author's Note:`):
/// the note is the paragraphs that follow.
pub(crate) fn is_bare_note_lead(text: &str) -> bool {
    let l = lower(text.trim());
    note_lead_len(&l).is_some_and(|len| {
        l[len..]
            .trim_matches(|c: char| c.is_whitespace() || ":-–—!.".contains(c))
            .is_empty()
    })
}

/// Classifies a paragraph before the story starts.
pub(crate) fn classify_front(text: &str) -> Option<FrontMatter> {
    let l = lower(text);
    if let Some(len) = note_lead_len(&l) {
        return Some(FrontMatter::Note(strip_lead(text, len)));
    }
    if l.starts_with("disclaimer") {
        return Some(FrontMatter::Disclaimer(strip_lead(
            text,
            "disclaimer".len(),
        )));
    }
    if is_warning_sentence(&l) {
        return Some(FrontMatter::Warning(strip_warning_lead(text, &l)));
    }
    if is_disclaimer(text, &l) {
        return Some(FrontMatter::Disclaimer(text.trim().to_string()));
    }
    if is_first_person_note(&l) {
        return Some(FrontMatter::Note(text.trim().to_string()));
    }
    None
}

/// Whether a (lowercased) paragraph or sentence is a content warning:
/// `Warning: …`, `TW: …`, "this story contains …", or "a warning before you
/// read" about what the text holds.
pub(crate) fn is_warning_sentence(l: &str) -> bool {
    WARNING_LEADS.iter().any(|lead| l.starts_with(lead))
        || WARNING_PHRASES.iter().any(|p| l.contains(p))
        || (SOFT_WARNING_LEADS.iter().any(|lead| l.starts_with(lead))
            && CONTENT_WORDS.iter().any(|w| has_word(l, w)))
}

/// A warning's text without its `Warning:` lead (kept whole otherwise).
fn strip_warning_lead(text: &str, l: &str) -> String {
    match WARNING_LEADS.iter().find(|lead| l.starts_with(*lead)) {
        Some(lead) => strip_lead(text, lead.len()),
        None => text.trim().to_string(),
    }
}

/// Splits a disclaimer or note that also warns ("I don't own them. Fair
/// warning: this fic contains gore.") into its other sentences and its
/// warning sentences.
pub(crate) fn split_warnings(text: &str) -> (String, Vec<String>) {
    let mut rest = Vec::new();
    let mut warnings = Vec::new();
    for sentence in sentences(text) {
        let l = lower(sentence);
        if is_warning_sentence(&l) {
            warnings.push(strip_warning_lead(sentence, &l));
        } else {
            rest.push(sentence);
        }
    }
    (rest.join(" "), warnings)
}

/// Sentences: text cut after `.`, `!` or `?` (and closing quotes or
/// brackets) followed by white space.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '!' | '?' | '"' | '”' | '\'' | '’' | ')' | ']') {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_some_and(|(_, d)| d.is_whitespace()) {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn is_disclaimer(original: &str, l: &str) -> bool {
    let Some(phrase) = OWNERSHIP.iter().find(|p| l.contains(*p)) else {
        return false;
    };
    if OWNERSHIP_CONTEXT.iter().any(|w| has_word(l, w)) {
        return true;
    }
    // "Sherlock belongs to Arthur Conan Doyle.": the owner is a capitalised name.
    let after = l.find(phrase).map(|i| i + phrase.len()).unwrap_or(0);
    let word_count = l.split_whitespace().count();
    word_count < 40
        && !original.contains('"')
        && !original.contains('“')
        && original
            .get(after..)
            .and_then(|rest| rest.trim_start().chars().next())
            .is_some_and(char::is_uppercase)
}

fn is_first_person_note(l: &str) -> bool {
    let first_person = ["i", "i'm", "i've", "i'd", "i'll", "my", "me", "we", "our"]
        .iter()
        .any(|w| has_word(l, w));
    if !first_person || l.starts_with('"') || l.starts_with('“') {
        return false;
    }
    let strong = STRONG_META.iter().filter(|w| has_word(l, w)).count();
    let weak = WEAK_META.iter().filter(|w| has_word(l, w)).count();
    strong >= 1 || weak >= 2
}

/// Whether a paragraph starts the end matter of a chapter.
pub(crate) fn is_end_marker(text: &str) -> bool {
    let l = lower(text.trim());
    if note_lead_len(&l).is_some() {
        return true;
    }
    let words: String = l
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '&' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    matches!(
        words.as_str(),
        "tbc" | "to be continued" | "r&r" | "r r" | "read and review" | "please read and review"
    ) || words.starts_with("please review")
        || words.starts_with("thanks for reading")
        || words.starts_with("thank you for reading")
        || words.starts_with("review please")
        || words.starts_with("please r&r")
        || (words.starts_with("to be continued") && words.len() <= 40)
}

/// End notes text: `A/N:`-style leads stripped from the first paragraph,
/// bare note labels (`Author's Endnote:` alone) left out.
pub(crate) fn end_note_text(paragraphs: &[String]) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if is_bare_note_lead(p) {
            continue;
        }
        let l = lower(p);
        let text = match note_lead_len(&l) {
            Some(len) if i == 0 || len > 0 => strip_lead(p, len),
            _ => p.trim().to_string(),
        };
        out.push(text);
    }
    crate::lists::join_notes(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        assert_eq!(
            classify_front("I don't own Sherlock Holmes; he belongs to his creator."),
            Some(FrontMatter::Disclaimer(
                "I don't own Sherlock Holmes; he belongs to his creator.".into()
            ))
        );
        assert_eq!(
            classify_front("Warning: this story contains character death."),
            Some(FrontMatter::Warning(
                "this story contains character death.".into()
            ))
        );
        assert!(matches!(
            classify_front("This is my first fic, so please be kind. Thanks to my beta!"),
            Some(FrontMatter::Note(_))
        ));
        assert_eq!(
            classify_front("The house didn't belong to her anymore."),
            None
        );
        assert_eq!(
            classify_front("I walked down to the harbour, my coat wet."),
            None
        );
        assert_eq!(classify_front("Warning bells rang in her head."), None);
        assert_eq!(
            classify_front("A warning bell rang out over the bay."),
            None
        );
        assert_eq!(
            classify_front("A warning before you read: graphic language and violence."),
            Some(FrontMatter::Warning(
                "A warning before you read: graphic language and violence.".into()
            ))
        );
        assert!(matches!(
            classify_front(
                "I have a Discord server where you can read ahead. Support me on Ko-fi!"
            ),
            Some(FrontMatter::Note(_))
        ));
        assert_eq!(classify_front("I could feel the discord between us."), None);
        assert!(matches!(
            classify_front("A/N: Set after season two."),
            Some(FrontMatter::Note(n)) if n == "Set after season two."
        ));
    }

    #[test]
    fn disclaimers_give_up_their_warnings() {
        assert_eq!(
            split_warnings("I own nothing. A warning before you read, this fic contains graphic language! Enjoy."),
            (
                "I own nothing. Enjoy.".to_string(),
                vec!["A warning before you read, this fic contains graphic language!".to_string()]
            )
        );
        assert_eq!(
            split_warnings("Not mine. Mr. Holt's \"house.\" Ends here"),
            (
                "Not mine. Mr. Holt's \"house.\" Ends here".to_string(),
                vec![]
            )
        );
    }

    #[test]
    fn bare_note_leads() {
        for yes in [
            "A/N:",
            "Author's Note:",
            "Author's Endnote:",
            "AN:",
            "Notes:",
        ] {
            assert!(is_bare_note_lead(yes), "{yes}");
        }
        for no in ["A/N: hi", "Another day", "Notes from the field"] {
            assert!(!is_bare_note_lead(no), "{no}");
        }
    }

    #[test]
    fn end_markers() {
        for yes in [
            "TBC",
            "(TBC...)",
            "To be continued...",
            "Please review!",
            "R&R",
            "A/N: thanks!",
            "Author's Note: more soon",
            "Thanks for reading! Find me on tumblr.",
        ] {
            assert!(is_end_marker(yes), "{yes}");
        }
        for no in ["And then it ended.", "Note the door was open."] {
            assert!(!is_end_marker(no), "{no}");
        }
    }
}
