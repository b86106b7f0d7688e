//! Word lists the name finder consults: capitalised words that are not
//! names, titles, place and organisation cues, speech verbs, and the few
//! words that mark a paragraph as romantic.
//!
//! All lists are lowercase; callers lowercase the word they look up. Each
//! list becomes a hash set once per process.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::scan::word_hash;
use super::shapes::ShapeLists;

/// Capitalised words that are never (or almost never) a person's name on
/// their own: function words and sentence openers, interjections and
/// greetings ("Alright", "Oi", "Morning"), kinship
/// words used as address, days, months, holidays, nationalities, and a small
/// gazetteer of places and organisations common in fan fiction.
const STOP: &str = "
a about above across after afterwards again against ah ahead all almost alone along already also although always am among an and another any anyone anything anyway anywhere apparently are around as at aw away aye
back be because been before behind being below beneath beside besides between beyond both but by bye
can cannot certainly could
damn dear definitely did do does doing done down during
each earlier either else enough even eventually ever every everybody everyone everything everywhere exactly except
few finally first for forget four from further
god gods goddamn good goodbye goodnight great
had has have having he hello hell her here hers herself hey hi him himself his how however hmm huh
i if in indeed inside instead into is it its itself
just
last later least less let like look luckily
maybe me meanwhile might mine more moreover most mostly much must my myself
naturally near neither never nevertheless next no nobody none nonetheless nor not nothing now nowhere
obviously of off oh ok okay on once one only onto or other others otherwise our ours ourselves out outside over
perhaps please possibly probably
quickly quietly quite
rather really right
sadly second see seriously several shall she should shit since slowly so some somebody somehow someone something sometimes somewhere soon sorry still such suddenly sure
tell than thank thanks that the their theirs them themselves then there therefore these they third this those though three through throughout thus to today together tomorrow tonight too toward towards two
uh um under unfortunately unless until up upon us
very
wait was we well were what whatever when whenever where wherever whether which while who whoever whom whose why will with within without wow would
yeah yes yesterday yet you your yours yourself yourselves
alright nope yup yep oi hullo hiya howdy whoa ugh urgh ew eww er erm err hmph mmm mhm ouch yikes ahh ohh aah ooh hah heh eh ha hm cheers
morning evening night afternoon congratulations
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
christmas easter halloween hanukkah thanksgiving yule valentine
english french german british american scottish irish welsh italian spanish russian chinese japanese european egyptian greek roman latin indian african asian arabic mexican canadian australian dutch swedish norwegian danish polish muggle-born
mum mom mummy mommy dad daddy mama papa mother father gran granny grandma grandpa nan
sir madam ma'am miss mister lord lady master captain doctor professor
christ jesus heaven fuck fucking bloody merlin
tv dvd usb ok
london paris england scotland ireland wales britain france germany america europe york manhattan brooklyn
hogwarts hogsmeade azkaban gringotts gryffindor slytherin ravenclaw hufflepuff muggle muggles quidditch
der die das den dem des ein eine einen auf und la le les el los las un una une du et y
tatooine coruscant naboo endor hoth alderaan jakku jedi sith
asgard wakanda midgard shield hydra avengers
";

/// Words that precede a name as a title. A run made only of these is an
/// honorific, not a name.
const TITLES: &str = "
mr mrs ms miss mx dr doctor prof professor capt captain lady lord sir dame madam madame mister herr frau monsieur mme mlle
inspector detective sergeant sgt constable agent commander general colonel major lieutenant lt admiral commodore
aunt uncle auntie abuela abuelo tia tio tía tío nonna nonno oma opa king queen prince princess duke duchess count countess baron baroness earl
headmaster headmistress healer minister senator president director chief officer
father sister brother mother reverend rev ser maester master mistress old young
";

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &str = "mr mrs ms dr prof capt sgt lt st mt rev jr sr vs";

/// Last words of a capitalised run that make it a place or organisation.
const CUE_LAST: &str = "
street st road rd lane avenue ave drive way close crescent terrace square place row alley court gardens park
bridge station landing castle city town village hall manor house palace tower towers abbey church chapel
cathedral hospital school academy university college institute library museum theatre theater hotel inn pub
tavern cafe café market harbour harbor port bay beach coast river lake sea ocean island isle islands mountain
mountains hill hills valley forest wood woods moor moors fields field falls point heights hollow cross gate
yard base camp county shire province kingdom empire republic federation alliance ministry department office
agency bureau council guild society club company corporation industries enterprises inc ltd bank order army
navy corps force police service times post news prophet quibbler gazette tribune express cup day eve centre
center mall airport prison station district quarter estate farm lodge cottage arms tavern restaurant bakery
shop store sanctum embassy mews world planet moon
";

/// First words of a capitalised run that make it a place.
const CUE_FIRST: &str = "saint st mount mt fort lake port cape san santa los las upper lower north south east west new little great";

/// Speech verbs: "said Mara", "Mara asked".
const SPEECH: &str = "
said says say asked asks replied replies answered answers whispered whispers shouted shouts muttered mutters
called calls snapped snaps murmured murmurs told tells yelled yells laughed laughs sighed sighs admitted admits
insisted insists breathed breathes hissed hisses growled growls demanded demands continued continues agreed agrees
repeated repeats offered offers drawled drawls cried cries added adds began begins explained explains
grumbled grumbles snarled snarls groaned groans mumbled mumbles protested protests teased teases warned warns
suggested suggests declared declares announced announces called exclaimed exclaims whimpered whimpers
";

/// Words after a name that suggest it is the subject of a sentence.
const AFTER_NAME: &str = "
was is had has would could will did does can might must should shall wasn't isn't hadn't didn't couldn't wouldn't
nodded nods smiled smiles shrugged shrugs grinned grins frowned frowns looked looks turned turns stood stands sat sits
walked walks stared stares glanced glances watched watches leaned leans reached reaches took takes felt feels knew knows
thought thinks wanted wants went goes came comes kissed kisses held holds let lets moved moves pulled pulls pushed pushes
raised raises rolled rolls shook shakes winced winces swallowed swallows paused pauses hesitated hesitates blinked blinks
";

/// Words that precede a name only rarely: a phrase after them is a thing,
/// a group or a place.
const DETERMINERS: &str = "the a an this that these those every each some any der die das den dem des ein eine einen la le les el los las un una une du";

/// Prepositions that mostly introduce places: "in Paris", "near Fort William".
const PLACE_PREPOSITIONS: &str = "in into inside outside near across beyond throughout via";

/// Words that make a paragraph read as romantic, for pairing suggestions.
const ROMANCE: &str = "
kiss kissed kisses kissing lips love loved loves loving lover blush blushed blushing embrace embraced hug hugged
heart darling sweetheart love's boyfriend girlfriend husband wife married marry date dating caress caressed
cheek tender tenderly waist intertwined fingers desire wanted longing ached
";

/// Words that may start a disclaimer ("I don't own", "belongs to").
const DISCLAIMER_CUES: &str =
    "own owned belong belongs property rights copyright disclaimer claim mine";

/// [`Words::lexicon`] flag: a romantic word.
pub(crate) const LEX_ROMANCE: u8 = 1;
/// [`Words::lexicon`] flag: a disclaimer cue.
pub(crate) const LEX_CUE: u8 = 2;

/// The parsed lists.
pub(crate) struct Words {
    pub stop: FoldedSet,
    pub titles: FoldedSet,
    pub abbreviations: FoldedSet,
    pub cue_last: FoldedSet,
    pub cue_first: FoldedSet,
    pub speech: FxHashSet<&'static str>,
    pub after_name: FxHashSet<&'static str>,
    pub determiners: FxHashSet<&'static str>,
    pub place_prepositions: FxHashSet<&'static str>,
    /// Romantic words (flag 1) and disclaimer cue words (flag 2).
    pub lexicon: rustc_hash::FxHashMap<&'static str, u8>,
    /// A bit per lexicon word's hash: most words miss here without a lookup.
    lexicon_bits: [u64; 64],
    /// Openers, personal titles, honorifics, compound tails.
    pub shapes: ShapeLists,
}

fn set(text: &'static str) -> FxHashSet<&'static str> {
    text.split_whitespace().collect()
}

/// A word list of lowercase words, also looked up in any case: a bitmap of
/// (first letter, length) lets most capitalised words miss without being
/// lowercased (the name scan asks it of every capitalised word).
pub(crate) struct FoldedSet {
    words: FxHashSet<&'static str>,
    shapes: [u64; 8],
}

impl FoldedSet {
    /// The set of the whitespace-separated lowercase words of `text`.
    pub(crate) fn new(text: &'static str) -> Self {
        let words = set(text);
        let mut shapes = [0u64; 8];
        for w in &words {
            if let Some(key) = shape_key(w) {
                shapes[key / 64] |= 1 << (key % 64);
            }
        }
        FoldedSet { words, shapes }
    }

    /// Holds `word` (already lowercase)?
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Holds `word` lowercased? `buf` is scratch space.
    #[inline]
    pub fn contains_folded(&self, word: &str, buf: &mut String) -> bool {
        if let Some(key) = shape_key(word) {
            if self.shapes[key / 64] & (1 << (key % 64)) == 0 {
                return false;
            }
        }
        self.words.contains(lower(word, buf))
    }
}

/// An ASCII word's first letter (case folded) and length (up to 15), which
/// lowercasing keeps; None for other words.
#[inline]
fn shape_key(word: &str) -> Option<usize> {
    let first = *word.as_bytes().first()?;
    word.is_ascii()
        .then(|| (usize::from(first | 0x20) & 31) * 16 + word.len().min(15))
}

impl Words {
    /// The lexicon flags of a lowercase word whose [`word_hash`] is `h`.
    pub fn lexicon_flags(&self, word: &str, h: u64) -> Option<u8> {
        let bit = h & 4095;
        if self.lexicon_bits[(bit / 64) as usize] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.lexicon.get(word).copied()
    }
}

/// The word lists, built on first use.
pub(crate) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(build)
}

fn build() -> Words {
    let lexicon: rustc_hash::FxHashMap<&'static str, u8> = ROMANCE
        .split_whitespace()
        .map(|w| (w, LEX_ROMANCE))
        .chain(DISCLAIMER_CUES.split_whitespace().map(|w| (w, LEX_CUE)))
        .collect();
    let mut lexicon_bits = [0u64; 64];
    for w in lexicon.keys() {
        let bit = word_hash(w) & 4095;
        lexicon_bits[(bit / 64) as usize] |= 1 << (bit % 64);
    }
    Words {
        stop: FoldedSet::new(STOP),
        titles: FoldedSet::new(TITLES),
        abbreviations: FoldedSet::new(ABBREVIATIONS),
        cue_last: FoldedSet::new(CUE_LAST),
        cue_first: FoldedSet::new(CUE_FIRST),
        speech: set(SPEECH),
        after_name: set(AFTER_NAME),
        determiners: set(DETERMINERS),
        place_prepositions: set(PLACE_PREPOSITIONS),
        lexicon,
        lexicon_bits,
        shapes: ShapeLists::new(),
    }
}

/// Lowercases `word` into `buf` (reused to avoid an allocation per word)
/// and returns it.
pub(crate) fn lower<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    buf.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_what_the_finder_relies_on() {
        let w = words();
        assert!(w.stop.contains("still") && w.stop.contains("tuesday"));
        assert!(w.titles.contains("mrs") && w.titles.contains("captain"));
        assert!(w.cue_last.contains("street") && w.cue_last.contains("landing"));
        assert!(w.speech.contains("said"));
        let mut buf = String::new();
        assert_eq!(lower("Émile", &mut buf), "émile");
    }

    #[test]
    fn folded_lookups_match_any_case_and_miss_what_lowercasing_misses() {
        let w = words();
        let mut buf = String::new();
        for title in ["Mrs", "MRS", "mrs", "Captain", "Tía", "TÍO"] {
            assert!(w.titles.contains_folded(title, &mut buf), "{title}");
        }
        for other in ["Mrsx", "Harry", "Cap", "", "Ø"] {
            assert!(!w.titles.contains_folded(other, &mut buf), "{other}");
        }
        assert!(w.stop.contains_folded("TUESDAY", &mut buf));
    }
}
