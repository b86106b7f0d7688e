//! Work titles, pen names and chapter titles.
//!
//! The importer identifies a work by its title and authors, so two different
//! works must never share both. Pen names are a bijection of an author
//! number, and titles are a bijection of a *title code*: works by the same
//! author get distinct codes (see [`super::plan`]), hence distinct titles.

use super::rng::Rng;

const ADJ: &[&str] = &[
    "Hollow",
    "Silver",
    "Quiet",
    "Burning",
    "Broken",
    "Distant",
    "Golden",
    "Last",
    "Lost",
    "Little",
    "Long",
    "Bitter",
    "Gentle",
    "Crimson",
    "Wild",
    "Paper",
    "Glass",
    "Iron",
    "Secret",
    "Small",
    "Patient",
    "Restless",
    "Shattered",
    "Borrowed",
    "Sleeping",
    "Fallen",
    "Northern",
    "Hidden",
    "Endless",
    "Second",
    "Careful",
    "Honest",
    "Unspoken",
    "Tender",
    "Faded",
    "Stolen",
    "Forgotten",
    "Velvet",
    "Midnight",
    "Amber",
    "Ashen",
    "Bright",
    "Cold",
    "Drowned",
    "Empty",
    "Fragile",
    "Heavy",
    "Kind",
    "Lonely",
    "Narrow",
    "Open",
    "Pale",
    "Silent",
    "Slow",
    "Strange",
    "Sunlit",
    "Thin",
    "Weary",
    "Crooked",
    "Wandering",
];

const NOUN: &[&str] = &[
    "Crown", "Tide", "Star", "Road", "River", "Garden", "Letter", "Song", "Shadow", "Ember",
    "Harbor", "Tower", "Bridge", "Door", "Window", "Lantern", "Storm", "Promise", "Heart", "Hand",
    "Kingdom", "Map", "Ghost", "Season", "Mirror", "Thread", "Feather", "Anchor", "Compass",
    "Candle", "Morning", "Evening", "Orchard", "Field", "Wing", "Sword", "Shield", "Key", "Bell",
    "Stair", "Hall", "Island", "Shore", "Wave", "Cloud", "Flower", "Rose", "Thorn", "Stone",
    "Wall", "Gate", "Path", "Forest", "Meadow", "Valley", "Mountain", "Lake", "Well", "Ring",
    "Cup", "Book", "Page", "Word", "Name", "Secret", "Oath", "Vow", "Debt", "Gift", "Game",
    "Dance", "Dream", "Memory", "Light", "Flame", "Spark", "Signal", "Echo", "Whisper", "Chord",
    "Verse", "Ballad", "Hymn", "Lullaby", "Sparrow", "Raven", "Fox", "Hound", "Stag", "Moth",
    "Ship", "Sail", "Engine", "Clock", "Hour", "Minute", "Year", "Border", "Country", "Castle",
    "Chapel", "Ruin", "Cottage", "Station", "Platform", "Coat", "Glove", "Scar", "Knot", "Ribbon",
    "Button", "Blade", "Arrow", "Pearl", "Coin", "Winter", "Summer",
];

const ABSTRACT: &[&str] = &[
    "Home",
    "Salt",
    "Smoke",
    "Silence",
    "Dawn",
    "Dusk",
    "Midnight",
    "Yesterday",
    "Tomorrow",
    "Rain",
    "Snow",
    "Ash",
    "Gold",
    "Ruin",
    "Mercy",
    "Grace",
    "Hope",
    "Grief",
    "Longing",
    "Wonder",
    "Thunder",
    "Honey",
    "Rust",
    "Frost",
    "Starlight",
    "Sorrow",
    "Courage",
    "Distance",
    "Forgetting",
    "Becoming",
    "Leaving",
    "Autumn",
    "Spring",
    "Bone",
    "Iron",
    "Seafoam",
    "Heather",
    "Embers",
    "Tin",
    "Lavender",
];

const TITLE_NAMES: &[&str] = &[
    "Ada", "Bram", "Cora", "Dex", "Edith", "Finn", "Greta", "Hugo", "Iris", "Jem", "Kit", "Lena",
    "Milo", "Nina", "Otto", "Pia", "Quinn", "Rosa", "Saul", "Tess", "Ulla", "Vic", "Wanda",
    "Xander", "Yara", "Zeb", "Alma", "Basil", "Clem", "Dora", "Ezra", "Faye", "Gus", "Hester",
    "Ines", "Jonas", "Kaya", "Lars", "Maeve", "Nico",
];

const KNEW: &[&str] = &[
    "Knew",
    "Remembered",
    "Kept",
    "Forgot",
    "Carried",
    "Left Behind",
    "Saw",
    "Heard",
    "Promised",
    "Hid",
    "Wanted",
    "Lost",
    "Took",
    "Gave",
    "Broke",
    "Said",
];

const SLEEP: &[&str] = &[
    "Sleep", "Burn", "Wait", "Sing", "Fall", "Break", "Drown", "Gather", "Linger", "Wander",
    "Rest", "Turn",
];

const PEN_A: &[&str] = &[
    "ink",
    "quiet",
    "silver",
    "paper",
    "moon",
    "star",
    "velvet",
    "amber",
    "rain",
    "ember",
    "hollow",
    "wild",
    "dusk",
    "dawn",
    "frost",
    "honey",
    "salt",
    "iron",
    "glass",
    "winter",
    "summer",
    "autumn",
    "spring",
    "midnight",
    "lucky",
    "sleepy",
    "wandering",
    "cosmic",
    "tiny",
    "stray",
    "lost",
    "little",
    "blue",
    "scarlet",
    "golden",
    "grey",
    "lunar",
    "solar",
    "misty",
    "stormy",
    "crimson",
    "violet",
    "copper",
    "bramble",
    "thistle",
    "cinder",
    "clover",
    "maple",
    "willow",
    "cedar",
    "fern",
    "moss",
    "pebble",
    "river",
    "ocean",
    "northern",
    "southern",
    "secret",
    "gentle",
    "restless",
    "dreaming",
    "faded",
    "sunlit",
    "hidden",
];

const PEN_B: &[&str] = &[
    "quill", "writer", "dreamer", "moth", "fox", "raven", "sparrow", "wren", "otter", "hare",
    "owl", "crow", "heron", "finch", "lark", "badger", "kitsune", "dragon", "phoenix", "siren",
    "ghost", "witch", "bard", "scribe", "reader", "poet", "teacup", "lantern", "compass",
    "feather", "thread", "button", "ribbon", "pocket", "biscuit", "muffin", "pudding", "teapot",
    "kettle", "candle", "cloud", "comet", "galaxy", "nebula", "orbit", "tide", "harbor", "meadow",
    "orchard", "garden", "thorn", "rose", "petal", "leaf", "acorn", "pine", "stone", "pearl",
    "coin", "key", "map", "letter", "page", "ink",
];

/// Number of distinct pen names ([`pen_name`] is a bijection on `0..PEN_NAMES`).
pub const PEN_NAMES: u64 = (PEN_A.len() * PEN_B.len()) as u64;

/// Slot counts of each title template, in order.
fn template_sizes() -> [(usize, usize); 9] {
    [
        (ADJ.len(), NOUN.len()),
        (NOUN.len(), ABSTRACT.len()),
        (TITLE_NAMES.len(), NOUN.len()),
        (NOUN.len(), KNEW.len()),
        (ABSTRACT.len(), ABSTRACT.len() - 1),
        (ADJ.len(), ABSTRACT.len()),
        (NOUN.len(), SLEEP.len()),
        (ADJ.len(), NOUN.len()),
        (NOUN.len(), TITLE_NAMES.len()),
    ]
}

/// How many distinct titles [`title`] can make.
pub fn title_space() -> u64 {
    template_sizes().iter().map(|&(a, b)| (a * b) as u64).sum()
}

/// The title with code `code` (`code < title_space()`); distinct codes give
/// distinct titles.
pub fn title(code: u64) -> String {
    let mut c = code as usize;
    for (t, &(a, b)) in template_sizes().iter().enumerate() {
        if c >= a * b {
            c -= a * b;
            continue;
        }
        let (i, j) = (c % a, c / a);
        return match t {
            0 => format!("The {} {}", ADJ[i], NOUN[j]),
            1 => format!("{} of {}", plural(NOUN[i]), ABSTRACT[j]),
            2 => format!("{}'s {}", TITLE_NAMES[i], NOUN[j]),
            3 => format!("What the {} {}", NOUN[i], KNEW[j]),
            4 => format!(
                "Between {} and {}",
                ABSTRACT[i],
                ABSTRACT[(i + 1 + j) % ABSTRACT.len()]
            ),
            5 => format!("{} Like {}", ADJ[i], ABSTRACT[j]),
            6 => format!("Where the {} {}", plural(NOUN[i]), SLEEP[j]),
            7 => format!("{} {}", ADJ[i], plural(NOUN[j])),
            _ => format!("{} {} for {}", article(NOUN[i]), NOUN[i], TITLE_NAMES[j]),
        };
    }
    unreachable!("title code {code} out of range")
}

/// The pen name of author number `id` (`id < PEN_NAMES`).
pub fn pen_name(id: u64) -> String {
    let id = id as usize;
    let (a, b) = (
        PEN_A[id % PEN_A.len()],
        PEN_B[id / PEN_A.len() % PEN_B.len()],
    );
    match id % 5 {
        0 => format!("{a}_{b}"),
        1 => format!("{}{}", capitalise(a), capitalise(b)),
        2 => format!("{} {}", capitalise(a), capitalise(b)),
        3 => format!("{a}{b}{}", 10 + id % 89),
        _ => format!("the{}{}", capitalise(a), capitalise(b)),
    }
}

/// A chapter title (not unique).
pub fn chapter_title(rng: &mut Rng, cast_first_name: &str) -> String {
    match rng.below(7) {
        0 => format!("The {} {}", rng.pick(ADJ), rng.pick(NOUN)),
        1 => plural(rng.word(NOUN)),
        2 => (rng.word(ABSTRACT)).to_string(),
        3 => format!(
            "In Which {} {} the {}",
            cast_first_name,
            rng.pick(&["Finds", "Loses", "Breaks", "Keeps", "Opens"]),
            rng.pick(NOUN)
        ),
        4 => format!("{} and {}", rng.pick(ABSTRACT), rng.pick(ABSTRACT)),
        5 => format!(
            "{} the {}",
            rng.pick(&["Before", "After", "Under", "Beyond"]),
            rng.pick(NOUN)
        ),
        _ => format!("{} {}", rng.pick(ADJ), plural(rng.word(NOUN))),
    }
}

/// A lower-case noun for summaries.
pub fn noun(rng: &mut Rng) -> String {
    rng.pick(NOUN).to_lowercase()
}

/// A lower-case abstract noun for summaries.
pub fn abstract_noun(rng: &mut Rng) -> String {
    rng.pick(ABSTRACT).to_lowercase()
}

/// English plural of a regular noun.
pub fn plural(noun: &str) -> String {
    if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") || noun.ends_with('x') {
        format!("{noun}es")
    } else if noun.ends_with('y') && !noun.ends_with("ey") && !noun.ends_with("ay") {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

fn article(noun: &str) -> &'static str {
    match noun.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "An",
        _ => "A",
    }
}

/// `word` with its first letter upper-cased.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn titles_are_a_bijection() {
        let space = title_space();
        let titles: HashSet<String> = (0..space).map(|c| title(c).to_lowercase()).collect();
        assert_eq!(titles.len() as u64, space);
        assert!(titles
            .iter()
            .all(|t| !t.contains(':') && !t.contains(" by ")));
    }

    #[test]
    fn pen_names_are_a_bijection() {
        let names: HashSet<String> = (0..PEN_NAMES).map(pen_name).collect();
        assert_eq!(names.len() as u64, PEN_NAMES);
        assert!(names
            .iter()
            .all(|n| !n.contains(',') && !n.contains(" and ")));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("Fox"), "Foxes");
        assert_eq!(plural("Country"), "Countries");
        assert_eq!(plural("Key"), "Keys");
        assert_eq!(plural("Wish"), "Wishes");
    }
}
