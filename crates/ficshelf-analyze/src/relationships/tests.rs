use super::*;
use crate::characters::scan_names;

fn cast() -> Vec<CharacterCluster> {
    let c = |name: &str, variants: &[&str], mentions| CharacterCluster {
        name: name.to_string(),
        variants: variants.iter().map(|v| v.to_string()).collect(),
        mentions,
    };
    vec![
        c("Harry Potter", &["Harry", "Potter"], 40),
        c("Draco Malfoy", &["Draco", "Malfoy"], 25),
        c("Ron Weasley", &["Ron"], 12),
        c("Hermione Granger", &["Hermione"], 10),
    ]
}

#[test]
fn notation_in_every_common_form() {
    let notes = [
        "Pairing: H/D, background Ron/Hermione",
        "A Draco x Harry story. Also Harry & Ron friendship.",
        "Harry Potter/Draco Malfoy (eventual)",
        "Rated T for language and/or violence; see www.example.com/a/b",
    ];
    assert_eq!(
        from_notation(&notes, &cast()),
        [
            "Draco Malfoy/Harry Potter",
            "Hermione Granger/Ron Weasley",
            "Harry Potter & Ron Weasley",
        ]
    );
}

#[test]
fn unknown_members_stay_as_written_and_nonsense_is_ignored() {
    let notes = [
        "Harry/Original Female Character",
        "Yes/No",
        "24/7",
        "Tags: Luna/Neville",
    ];
    assert_eq!(
        from_notation(&notes, &cast()),
        ["Harry Potter/Original Female Character"]
    );
}

#[test]
fn canonical_tags_sort_members() {
    assert_eq!(
        canonical_tag(&["Harry Potter", "Draco Malfoy"], false),
        "Draco Malfoy/Harry Potter"
    );
    assert_eq!(canonical_tag(&["Ron", "Harry"], true), "Harry & Ron");
}

#[test]
fn text_pairs_follow_romance_and_dialogue() {
    let paragraphs = [
        "Mara Voss found Ilan Brede on the pier.",
        "\"You came back,\" said Ilan.",
        "\"I said I would,\" Mara answered, and kissed him.",
        "\"Again,\" said Ilan, and Mara laughed against his lips.",
        "Old Tobin watched them from the boathouse. Tobin shook his head.",
        "Mara took Ilan's hand and did not let go; she loved him.",
    ];
    let scan = scan_names(&paragraphs);
    let names: Vec<&str> = scan.clusters.iter().map(|c| c.name.as_str()).collect();
    let pairs = from_text(&scan);
    assert_eq!(pairs.len(), 1, "{names:?} {pairs:?}");
    let p = &pairs[0];
    let mut got = [names[p.a as usize], names[p.b as usize]];
    got.sort();
    assert_eq!(got, ["Ilan Brede", "Mara Voss"]);
    assert!(p.exchanges >= 2 && p.romantic >= 2);
}

#[test]
fn same_relationship_ignores_order_and_case_not_kind() {
    assert!(same_relationship(
        "Sherlock Holmes/John Watson",
        "john watson/Sherlock Holmes"
    ));
    assert!(!same_relationship("Harry/Ron", "Harry & Ron"));
    assert!(!same_relationship("Harry/Ron", "Harry/Hermione"));
}
