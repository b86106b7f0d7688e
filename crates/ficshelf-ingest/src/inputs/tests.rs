use super::zip_list::unsafe_entry_name;
use super::*;
use std::io::Write;

fn names(inputs: &[InputRef]) -> Vec<String> {
    inputs
        .iter()
        .map(|input| match input {
            InputRef::Unreadable { display, reason } => {
                format!(
                    "skip {}: {reason}",
                    display.rsplit('/').next().unwrap_or(display)
                )
            }
            other => other.file_name(),
        })
        .collect()
}

#[test]
fn unsafe_zip_entry_names_are_named() {
    assert_eq!(unsafe_entry_name("fics/a.txt"), None);
    assert_eq!(unsafe_entry_name("a..b.txt"), None);
    for (name, why) in [
        ("/etc/story.txt", "an absolute path"),
        ("\\story.txt", "an absolute path"),
        ("C:story.txt", "an absolute path"),
        ("../story.txt", "a .. part"),
        ("fics/../../story.txt", "a .. part"),
        ("fics\\..\\story.txt", "a .. part"),
        ("st\0ory.txt", "a NUL character"),
    ] {
        let reason = unsafe_entry_name(name).unwrap_or_else(|| panic!("{name} passed"));
        assert!(reason.contains(why), "{name}: {reason}");
    }
}

#[test]
fn an_absolute_zip_entry_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saves.zip");
    let mut zip = zip::ZipWriter::new(File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    for name in ["/abs/evil.txt", "good.txt"] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(b"Title: T\n\nText.\n").expect("write");
    }
    zip.finish().expect("finish");
    let (inputs, ignored) = collect_inputs(&[path], &Limits::default());
    assert_eq!(ignored, 0);
    assert_eq!(
        names(&inputs),
        [
            "skip evil.txt: unsafe entry name in zip (an absolute path)",
            "good.txt"
        ]
    );
}

#[cfg(unix)]
#[test]
fn links_are_followed_inside_the_imported_folder_only() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("fics");
    let outside = dir.path().join("private");
    std::fs::create_dir_all(root.join(".store")).expect("folders");
    std::fs::create_dir_all(root.join("sub")).expect("folders");
    std::fs::create_dir_all(&outside).expect("folders");
    std::fs::write(root.join(".store/kept.txt"), "kept").expect("write");
    std::fs::write(root.join("sub/plain.txt"), "plain").expect("write");
    std::fs::write(root.join("notes.doc"), "not a story").expect("write");
    std::fs::write(outside.join("secret.txt"), "secret").expect("write");
    symlink(root.join(".store/kept.txt"), root.join("a-linked.txt")).expect("link");
    symlink(root.join("sub/plain.txt"), root.join("b-again.txt")).expect("link");
    symlink(outside.join("secret.txt"), root.join("c-secret.txt")).expect("link");
    symlink(root.join("sub"), root.join("d-sub-link")).expect("link");
    symlink(dir.path(), root.join("e-up")).expect("link");
    symlink(root.join("missing.txt"), root.join("f-dangling.txt")).expect("link");

    let (inputs, ignored) = collect_inputs(std::slice::from_ref(&root), &Limits::default());
    let listed = names(&inputs);
    assert_eq!(ignored, 1, "only notes.doc: {listed:?}");
    assert_eq!(listed[0], "kept.txt", "read from the link's target");
    assert_eq!(listed[1], "plain.txt", "linked and present: listed once");
    assert!(
        listed[2].starts_with("skip c-secret.txt: symbolic link to "),
        "{listed:?}"
    );
    assert!(listed[2].ends_with("outside the imported folder: not followed"));
    assert!(
        listed[3].starts_with("skip e-up: symbolic link to "),
        "{listed:?}"
    );
    assert!(listed[4].starts_with("skip f-dangling.txt: symbolic link that leads nowhere"));
    assert_eq!(listed.len(), 5, "{listed:?}");

    // Named on the command line, a link is followed wherever it points.
    let (named, _) = collect_inputs(&[root.join("c-secret.txt")], &Limits::default());
    assert_eq!(names(&named), ["secret.txt"]);
}

#[test]
fn the_extension_list_reads_well() {
    assert_eq!(
        read_extensions_list(),
        ".txt, .text, .html, .htm, .xhtml, .epub, .mobi, .azw3, .azw, .prc or .zip"
    );
}

#[test]
fn folders_and_zips_list_mobi_kinds_and_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "a.mobi", "b.AZW3", "c.azw", "d.prc", "e.pdf", "f.jpg", "g.docx",
    ] {
        std::fs::write(dir.path().join(name), b"x").expect("write");
    }
    let mut zip = zip::ZipWriter::new(File::create(dir.path().join("h.zip")).expect("zip"));
    for name in ["inner.azw3", "inner.pdf", "cover.jpg"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"x").expect("write");
    }
    zip.finish().expect("finish");
    let (found, ignored) = collect_inputs(&[dir.path().to_path_buf()], &Limits::default());
    let names: Vec<String> = found.iter().map(InputRef::file_name).collect();
    assert_eq!(
        names,
        [
            "a.mobi",
            "b.AZW3",
            "c.azw",
            "d.prc",
            "e.pdf",
            "inner.azw3",
            "inner.pdf"
        ]
    );
    assert_eq!(ignored, 2, "f.jpg and g.docx");
}
