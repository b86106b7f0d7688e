//! What a word's shape says about it, for the name finder: words that open
//! a sentence before a name without being part of it ("Poor Tam",
//! "Carefully Wren", "Take Tam home"), drawn-out interjections ("Ohhh"),
//! stammers ("S-Suguru"), honorific suffixes ("Gojo-san") and compound
//! adjectives ("Fourth-year").
//!
//! English morphology does most of the work (adverbs in -ly, participles,
//! adjectives in -ous, -ful, -less …); a short list holds the common
//! openers no suffix gives away. No crate offers a part-of-speech guess
//! this cheap for one word, so the rules are written here.

use rustc_hash::FxHashSet;

use super::words::{words, FoldedSet};

/// Lowercase words that open a sentence before a name without being part
/// of it and that no suffix rule below catches: epithets ("Poor", "Sweet"),
/// prepositions ("Unlike"), imperatives ("Take", "Ask", "Know") and stage
/// directions ("Enter", "Exeunt"). Only consulted for the first word of a
/// capitalised run at the start of a sentence, and only when the text never
/// uses that word as a name.
const OPENERS: &str = "
poor sweet little silly stupid brave typical lucky clever sleepy grumpy stubborn tiny big sad mad
angry lovely cute pretty handsome gorgeous precious naughty bad brilliant smart dumb crazy lazy busy
shy proud kind cruel honest fierce bold wise strong gentle weird odd darling classic
unlike despite beside amid amidst alongside regarding concerning including excluding per versus whilst
take know ask get find help leave call bring give make keep put send stop watch meet trust follow
kill save hold grab kiss hug show remind warn wake fetch protect ignore forgive blame hit go move run
hide relax think catch excuse answer visit carry drag push pull hate marry text
enter exit exeunt re-enter
";

/// Honorific suffixes after a hyphen: "Gojo-san" is Gojo with a title.
const HONORIFICS: &str = "san sama kun chan chin senpai sempai sensei dono tan hime nim ssi ji";

/// Titles that only ever stand before a name, never inside one or as a
/// surname (unlike "King", "Major", "Prince"): a run that meets one
/// mid-way holds two names ("Herr Weber Dr. Hoi").
const PERSONAL_TITLES: &str =
    "mr mrs ms miss mx dr prof sir dame madam madame mister herr frau monsieur mme mlle";

/// Second halves of English compound adjectives: "Fourth-year", "NEWT-level".
const COMPOUND_TAILS: &str = "level year years old like only shaped ray type style class based born related sized esque looking eyed haired faced";

/// The shape lists, parsed once with the name finder's other word lists
/// (see [`super::words::Words`]).
pub(crate) struct ShapeLists {
    openers: FxHashSet<&'static str>,
    personal_titles: FoldedSet,
    honorifics: FxHashSet<&'static str>,
    compound_tails: FxHashSet<&'static str>,
}

impl ShapeLists {
    pub(crate) fn new() -> Self {
        ShapeLists {
            openers: OPENERS.split_whitespace().collect(),
            personal_titles: FoldedSet::new(PERSONAL_TITLES),
            honorifics: HONORIFICS.split_whitespace().collect(),
            compound_tails: COMPOUND_TAILS.split_whitespace().collect(),
        }
    }
}

fn lists() -> &'static ShapeLists {
    &words().shapes
}

/// Does `word` (lowercase) read as an ordinary word opening a sentence: on
/// the openers list, or shaped like an adverb, a participle or an
/// adjective? Suffixes that end common names are left out ("Beverly",
/// "Jared", "Alfred", "Ahmed", "Ernest").
pub(crate) fn opener_shaped(word: &str) -> bool {
    if lists().openers.contains(word) {
        return true;
    }
    let len = word.chars().count();
    let before = |suffix: &str| word[..word.len() - suffix.len()].chars().next_back();
    if word.ends_with("ly") && len >= 6 {
        // "Carefully", "Honestly", "Briskly"; not "Beverly", "Shelly".
        let ok = match before("ly") {
            Some('l') => len >= 7,
            Some('r' | 'e' | 'a' | 'o' | 'u') => false,
            Some(_) => true,
            None => false,
        };
        if ok {
            return true;
        }
    }
    if word.ends_with("ing") && len >= 6 {
        return true; // "Grinning", "Seeing", "Drowning"
    }
    if word.ends_with("ed") && len >= 5 {
        // "Puzzled", "Confused", "Worried"; not "Jared", "Ahmed", "Reed".
        return !matches!(before("ed"), Some('r' | 'm' | 'e'));
    }
    const ADJECTIVES: [&str; 7] = ["ous", "ful", "less", "able", "ible", "ical", "ish"];
    ADJECTIVES
        .iter()
        .any(|s| word.ends_with(s) && len >= s.len() + 3)
        || (word.ends_with("ive") && len >= 6)
}

/// Is `word` (in any case) a title that only ever stands before a name?
/// `buf` is scratch space.
pub(crate) fn personal_title(word: &str, buf: &mut String) -> bool {
    lists().personal_titles.contains_folded(word, buf)
}

/// A drawn-out interjection: the same letter three times in a row
/// ("Ohhh", "Mhmmm", "Ahhhh"), which no name has.
pub(crate) fn drawn_out(word: &str) -> bool {
    if word.is_ascii() {
        let b = word.as_bytes();
        return b.windows(3).any(|w| {
            w[0].is_ascii_alphabetic()
                && w[0].eq_ignore_ascii_case(&w[1])
                && w[1].eq_ignore_ascii_case(&w[2])
        });
    }
    let mut run = 0;
    let mut last = None;
    for c in word.chars() {
        let c = c.to_lowercase().next().unwrap_or(c);
        if Some(c) == last && c.is_alphabetic() {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 1;
            last = Some(c);
        }
    }
    false
}

/// The word without a stammer: "S-Suguru" is "Suguru", "M-M-Master" is
/// "Master" (a start of one or two letters repeated before a hyphen).
pub(crate) fn unstammer(word: &str) -> &str {
    let mut rest = word;
    while let Some((head, tail)) = rest.split_once('-') {
        let repeated = !head.is_empty()
            && head.chars().count() <= 2
            && tail.len() > head.len()
            && tail.is_char_boundary(head.len())
            && tail[..head.len()].eq_ignore_ascii_case(head);
        if !repeated {
            break;
        }
        rest = tail;
    }
    rest
}

/// The word without an honorific suffix ("Gojo-san" → "Gojo"), and whether
/// it had one.
pub(crate) fn strip_honorific(word: &str) -> (&str, bool) {
    match word.rsplit_once('-') {
        Some((stem, suffix)) if !stem.is_empty() && lists().honorifics.contains(suffix) => {
            (stem, true)
        }
        _ => (word, false),
    }
}

/// A compound adjective: "Fourth-year", "NEWT-level", "V-shaped".
pub(crate) fn compound_adjective(word: &str) -> bool {
    // The last hyphen is ASCII: the tail after it starts on a char boundary.
    memchr::memrchr(b'-', word.as_bytes())
        .is_some_and(|at| lists().compound_tails.contains(&word[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_told_from_names_by_shape_and_list() {
        for word in [
            "poor",
            "unlike",
            "take",
            "carefully",
            "honestly",
            "briskly",
            "grinning",
            "seeing",
            "puzzled",
            "confused",
            "worried",
            "furious",
            "typical",
            "clueless",
            "sheepish",
            "massive",
            "finally",
        ] {
            assert!(opener_shaped(word), "{word}");
        }
        for name in [
            "tam", "beverly", "kimberly", "shelly", "emily", "molly", "jared", "alfred", "ahmed",
            "reed", "ernest", "olive", "clive", "sally", "harry", "king", "happy", "will",
        ] {
            assert!(!opener_shaped(name), "{name}");
        }
    }

    #[test]
    fn interjections_stammers_honorifics_and_compounds() {
        assert!(drawn_out("Ohhh") && drawn_out("Mhmmm") && drawn_out("Johnnnn"));
        assert!(!drawn_out("Ann") && !drawn_out("Llewellyn") && !drawn_out("Hmm"));
        assert_eq!(unstammer("S-Suguru"), "Suguru");
        assert_eq!(unstammer("M-M-Master"), "Master");
        assert_eq!(unstammer("Finch-Fletchley"), "Finch-Fletchley");
        assert_eq!(unstammer("Ji-min"), "Ji-min");
        assert_eq!(unstammer("É-Émile"), "Émile");
        assert_eq!(strip_honorific("Gojo-san"), ("Gojo", true));
        assert_eq!(strip_honorific("Ji-min"), ("Ji-min", false));
        assert!(compound_adjective("Fourth-year") && compound_adjective("NEWT-level"));
        assert!(!compound_adjective("Seok-jin") && !compound_adjective("Finch-Fletchley"));
    }
}
