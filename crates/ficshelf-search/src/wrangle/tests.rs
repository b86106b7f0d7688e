use super::*;

fn cast(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_spelling_of_a_pairing_is_one_relationship() {
    let w = TagWrangler::new();
    let chars = cast(&["Draco Malfoy", "Harry Potter"]);
    for spelling in [
        "Harry/Draco",
        "Draco/Harry",
        "H/D",
        "Draco x Harry",
        "Draco Malfoy/Harry Potter",
        "harry potter / draco malfoy",
        "Malfoy/Potter",
    ] {
        assert_eq!(
            w.canonical(TagKind::Relationship, spelling, &chars),
            "Draco Malfoy/Harry Potter",
            "{spelling}"
        );
    }
}

#[test]
fn platonic_stays_distinct() {
    let w = TagWrangler::new();
    let chars = cast(&["Draco Malfoy", "Harry Potter"]);
    let platonic = w.key(TagKind::Relationship, "Harry & Draco", &chars);
    let romantic = w.key(TagKind::Relationship, "Harry/Draco", &chars);
    assert_eq!(platonic, "draco malfoy&harry potter");
    assert_ne!(platonic, romantic);
}

#[test]
fn without_the_cast_names_are_only_sorted() {
    let w = TagWrangler::new();
    assert_eq!(
        w.canonical(TagKind::Relationship, "Harry/Draco", &[]),
        "Draco/Harry"
    );
    assert_eq!(w.canonical(TagKind::Relationship, "H/D", &[]), "D/H");
}

#[test]
fn abbreviated_character_is_completed_from_the_cast() {
    let w = TagWrangler::new();
    let chars = cast(&["Hermione G.", "Hermione Granger", "Ron Weasley"]);
    assert_eq!(
        w.canonical(TagKind::Character, "Hermione G.", &chars),
        "Hermione Granger"
    );
    assert_eq!(
        w.canonical(TagKind::Character, "Hermione G.", &cast(&["Hermione G."])),
        "Hermione G."
    );
}

#[test]
fn case_and_spacing_never_split_a_tag() {
    let w = TagWrangler::new();
    assert_eq!(
        w.key(TagKind::Tag, "Hurt/Comfort", &[]),
        w.key(TagKind::Tag, " hurt /  comfort", &[])
    );
    assert_eq!(
        w.canonical(TagKind::Tag, "  Angst   with a Happy Ending ", &[]),
        "Angst with a Happy Ending"
    );
}

#[test]
fn synonyms_apply_everywhere_including_inside_relationships() {
    let w = TagWrangler::from_toml(
        r#"
[character]
"Hermione Granger" = ["Hermy", "Mione"]
[relationship]
"Harry Potter/Draco Malfoy" = ["Drarry"]
[fandom]
"Sherlock (TV)" = "BBC Sherlock"
"#,
    )
    .expect("valid synonyms");
    assert_eq!(
        w.canonical(TagKind::Character, "mione", &[]),
        "Hermione Granger"
    );
    assert_eq!(
        w.canonical(TagKind::Character, "hermione granger", &[]),
        "Hermione Granger"
    );
    assert_eq!(
        w.canonical(TagKind::Relationship, "Drarry", &[]),
        "Draco Malfoy/Harry Potter"
    );
    assert_eq!(
        w.canonical(TagKind::Relationship, "Ron/Hermy", &[]),
        "Hermione Granger/Ron"
    );
    assert_eq!(
        w.canonical(TagKind::Fandom, "bbc sherlock", &[]),
        "Sherlock (TV)"
    );
    let chars = cast(&["Mione", "Ron Weasley"]);
    assert_eq!(
        w.canonical(TagKind::Relationship, "Ron/Hermione", &chars),
        "Hermione Granger/Ron Weasley"
    );
}

#[test]
fn conflicting_synonyms_are_rejected() {
    let err = TagWrangler::from_toml("[tag]\n\"Angst\" = [\"sad\"]\n\"Fluff\" = [\"sad\"]\n")
        .unwrap_err();
    assert!(
        err.to_string().contains("\"sad\" is listed under both"),
        "{err}"
    );
}

#[test]
fn fingerprint_tracks_the_synonyms() {
    let a = TagWrangler::from_toml("[tag]\n\"Angst\" = [\"sad\"]\n").expect("valid");
    let b = TagWrangler::from_toml("[tag]\n\"Angst\" = [\"sad\", \"tragic\"]\n").expect("valid");
    assert_eq!(TagWrangler::new().fingerprint(), 0);
    assert_ne!(a.fingerprint(), 0);
    assert_ne!(a.fingerprint(), b.fingerprint());
}

#[test]
fn missing_synonyms_file_is_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = TagWrangler::load(&dir.path().join("synonyms.toml")).expect("missing is fine");
    assert_eq!(w.fingerprint(), 0);
    std::fs::write(
        dir.path().join("synonyms.toml"),
        "[tag]\n\"Angst\" = [\"sad\"]\n",
    )
    .expect("write");
    let w = TagWrangler::load(&dir.path().join("synonyms.toml")).expect("loads");
    assert_eq!(w.canonical(TagKind::Tag, "SAD", &[]), "Angst");
}
