//! Short texts around the story: summaries, disclaimers, warnings, authors'
//! notes and end matter, plus file-name slugs. Written so that none contains
//! a colon where a header value would be read (the importer would take
//! `Word:` for a label).

use super::fandoms::{Fandom, WARNING_PHRASES};
use super::names;
use super::rng::Rng;

/// `the-silver-tide` for `The Silver Tide`.
pub fn slug(title: &str) -> String {
    let mut s = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if c != '\'' && !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// A one- to three-sentence summary naming the leads.
pub fn summary(rng: &mut Rng, a: &str, b: &str) -> String {
    let mut sentences = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let s = match rng.below(7) {
            0 => format!("{a} never meant to fall for {b}."),
            1 => format!(
                "After the {}, {a} and {b} have to find the {} before anyone else does.",
                names::noun(rng),
                names::noun(rng)
            ),
            2 => format!(
                "{a} has one {} left and no {} at all.",
                names::noun(rng),
                names::abstract_noun(rng)
            ),
            3 => format!(
                "Five times {a} almost told {b} the truth, and the one time {b} said it first."
            ),
            4 => format!(
                "Or, {a} learns that {} is not the same thing as {}.",
                names::abstract_noun(rng),
                names::abstract_noun(rng)
            ),
            5 => format!("{b} is stubborn. {a} is worse. It goes about as well as expected."),
            _ => format!(
                "Set after the end of the {}, {a} goes looking for {b}.",
                rng.pick(&["first book", "second season", "war", "last game", "finale"])
            ),
        };
        sentences.push(s);
    }
    sentences.join(" ")
}

/// A disclaimer sentence for a header value or front matter.
pub fn disclaimer(rng: &mut Rng, fandom: &Fandom) -> String {
    let (f, o) = (fandom.name, fandom.owner);
    match rng.below(4) {
        0 => format!("I don't own {f}, they belong to {o}."),
        1 => format!("I do not own {f} or any of its characters. They are the property of {o}."),
        2 => format!("{f} belongs to {o}. I'm not making any money from this."),
        _ => format!("I don't own anything you recognise; it all belongs to {o}."),
    }
}

/// A content-warning sentence for prose front matter, and the warning the
/// importer should keep (the sentence without its lead label).
pub fn warning_sentence(rng: &mut Rng) -> (String, String) {
    let a = rng.pick(WARNING_PHRASES);
    let b = rng.pick(WARNING_PHRASES);
    match rng.below(5) {
        0 => {
            let kept = format!("this fic contains {a} and {b}.");
            (format!("Warning: {kept}"), kept)
        }
        1 => {
            let s = format!("This story contains {a}.");
            (s.clone(), s)
        }
        2 => {
            let s = format!("Be warned, there is {a} ahead.");
            (s.clone(), s)
        }
        3 => (format!("TW: {a}."), format!("{a}.")),
        _ => {
            let kept = format!("{a} and {b}.");
            (format!("Content warning: {kept}"), kept)
        }
    }
}

/// A first-person author's note for front matter.
pub fn front_note(rng: &mut Rng, fandom: &Fandom, beta: &str) -> String {
    let f = fandom.name;
    match rng.below(5) {
        0 => format!("A/N: This is my first {f} fic, so please be gentle with me."),
        1 => format!(
            "I wrote this for a prompt on the {f} exchange and it got completely away from me. Hope you enjoy!"
        ),
        2 => format!("Huge thanks to {beta} for the beta. I hope you enjoy this one."),
        3 => "Author's note: I've had this story in my head for months, and I finally sat down to write it.".to_string(),
        _ => format!("I've been reading {f} fic for years and this is my first try at writing some. Reviews make my day."),
    }
}

/// Header notes (a labelled `Notes:` value).
pub fn header_note(rng: &mut Rng, fandom: &Fandom, beta: &str) -> String {
    let f = fandom.name;
    match rng.below(4) {
        0 => format!("Written for the {f} Big Bang. Many thanks to {beta} for the beta read."),
        1 => "Title from an old song my grandmother used to sing.".to_string(),
        2 => format!("This is my first fic for {f}, so be gentle. Comments make my day."),
        _ => format!("Thanks to {beta}, who listened to me complain about this for weeks."),
    }
}

/// A note right under a chapter heading.
pub fn begin_note(rng: &mut Rng) -> String {
    rng.pick(&[
        "A/N: Sorry for the wait, everyone! Real life got in the way.",
        "A/N: This one gets a little dark, so take care of yourselves.",
        "A/N: Thank you so much for all the lovely reviews on the last chapter.",
        "A/N: Short one this time, but the next is nearly done.",
    ])
    .to_string()
}

/// End matter for a chapter.
pub fn end_note(rng: &mut Rng, last: bool, complete: bool) -> String {
    if last && complete {
        return rng
            .pick(&[
                "A/N: And that's the end! Thank you all for reading and sticking with me.",
                "Please review!",
                "A/N: Thanks for reading. Let me know what you thought!",
            ])
            .to_string();
    }
    rng.pick(&[
        "TBC",
        "To be continued...",
        "Please review!",
        "R&R please!",
        "A/N: Thanks for reading! The next chapter should be up soon.",
        "A/N: I know this one was short. Let me know what you think!",
        "Author's note: Thank you all for the lovely reviews, they keep me going.",
    ])
    .to_string()
}

/// `48,310`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_numbers() {
        assert_eq!(slug("Ada's Lantern"), "adas-lantern");
        assert_eq!(slug("The Quiet Crown"), "the-quiet-crown");
        assert_eq!(thousands(48310), "48,310");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
