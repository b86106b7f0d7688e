//! Cases for images kept with works: stored once by content, linked per
//! work, swept when no work links them, written in the work's transaction.

use super::fixture::{full, save, try_save};
use crate::{Store, StoreError};
use ficshelf_model::Asset;

/// An image whose name is `fill` repeated (the store does not hash bytes).
fn image(fill: char, media_type: &str, bytes: &[u8]) -> Asset {
    Asset {
        sha256: fill.to_string().repeat(64),
        media_type: media_type.into(),
        bytes: bytes.to_vec(),
    }
}

fn stored(store: &dyn Store, sha: &str) -> Option<(String, Vec<u8>)> {
    store.asset(sha).expect("read asset")
}

fn links(store: &dyn Store, id: &str) -> Vec<String> {
    store.work_assets(id).expect("read links")
}

pub(super) fn assets_round_trip(store: &mut dyn Store) {
    let mut f = full("pictures");
    let (png, gif) = (
        image('a', "image/png", b"\x89PNG one"),
        image('b', "image/gif", b"GIF89a two"),
    );
    f.assets = vec![png.clone(), gif.clone()];
    let id = save(store, &f.write(None));
    assert_eq!(
        links(store, &id),
        vec![png.sha256.clone(), gif.sha256.clone()]
    );
    assert_eq!(
        stored(store, &png.sha256),
        Some(("image/png".into(), png.bytes.clone()))
    );
    assert_eq!(
        stored(store, &gif.sha256),
        Some(("image/gif".into(), gif.bytes.clone()))
    );
    assert_eq!(stored(store, &"c".repeat(64)), None);
    assert_eq!(links(store, "999999"), Vec::<String>::new());
    assert_eq!(links(store, "not an id"), Vec::<String>::new());

    // Saving again with one image left drops the other.
    f.assets = vec![gif.clone()];
    save(store, &f.write(Some(&id)));
    assert_eq!(links(store, &id), vec![gif.sha256.clone()]);
    assert!(
        stored(store, &png.sha256).is_some(),
        "unlinked image kept for the journal"
    );
    super::journal::purge_everything(store);
    assert_eq!(stored(store, &png.sha256), None, "purge sweeps it");
}

pub(super) fn assets_shared_between_works(store: &mut dyn Store) {
    let shared = image('d', "image/jpeg", b"\xff\xd8\xff shared");
    let mut a = full("a");
    a.assets = vec![shared.clone()];
    let mut b = full("b");
    // Same name, other bytes: the stored bytes are not rewritten.
    b.assets = vec![image('d', "image/jpeg", b"\xff\xd8\xff other")];
    let a_id = save(store, &a.write(None));
    let b_id = save(store, &b.write(None));
    assert_eq!(links(store, &a_id), vec![shared.sha256.clone()]);
    assert_eq!(links(store, &b_id), vec![shared.sha256.clone()]);
    let kept = Some(("image/jpeg".to_string(), shared.bytes.clone()));
    assert_eq!(stored(store, &shared.sha256), kept);

    // A stops using it; B still does.
    a.assets.clear();
    save(store, &a.write(Some(&a_id)));
    assert_eq!(links(store, &a_id), Vec::<String>::new());
    assert_eq!(stored(store, &shared.sha256), kept);

    // The last work using it lets go: the journal still refers to it, so it
    // is kept until a purge of those records.
    b.assets.clear();
    save(store, &b.write(Some(&b_id)));
    assert_eq!(stored(store, &shared.sha256), kept);
    super::journal::purge_everything(store);
    assert_eq!(stored(store, &shared.sha256), None);
}

pub(super) fn assets_of_removed_work_wait_for_purge(store: &mut dyn Store) {
    let only_a = image('e', "image/webp", b"RIFF....WEBP");
    let both = image('f', "image/png", b"\x89PNG both");
    let mut a = full("a");
    a.sources.truncate(1);
    a.work.sources.truncate(1);
    a.work.chapters.truncate(2);
    a.work.words = a.work.chapters.iter().map(|c| c.words).sum();
    a.keys.truncate(2);
    a.bodies.truncate(2);
    a.assets = vec![only_a.clone(), both.clone()];
    let a_id = save(store, &a.write(None));

    // B takes A's only file: A is removed; the image only A had stays for
    // the journal until a purge.
    let mut b = full("b");
    b.push_source("/in/a/one.txt");
    b.push_chapter("/in/a/one.txt", 0, "Taken", "Claimed text.");
    b.assets = vec![both.clone()];
    let b_id = save(store, &b.write(None));
    assert!(matches!(store.load_work(&a_id), Ok(None)), "A is gone");
    assert_eq!(links(store, &a_id), Vec::<String>::new());
    assert!(stored(store, &only_a.sha256).is_some());
    super::journal::purge_everything(store);
    assert_eq!(stored(store, &only_a.sha256), None);
    assert!(stored(store, &both.sha256).is_some());
    assert_eq!(links(store, &b_id), vec![both.sha256.clone()]);
}

pub(super) fn assets_refused_on_unknown_work(store: &mut dyn Store) {
    let mut f = full("ghost");
    let picture = image('9', "image/png", b"\x89PNG ghost");
    f.assets = vec![picture.clone()];
    let result = try_save(store, &f.write(Some("424242")));
    assert!(
        matches!(result, Err(StoreError::UnknownWork { .. })),
        "{result:?}"
    );
    assert_eq!(stored(store, &picture.sha256), None, "rolled back");

    // A malformed name is refused, and nothing of the write is kept.
    f.assets = vec![image('X', "image/png", b"\x89PNG bad")];
    let result = try_save(store, &f.write(None));
    assert!(
        matches!(result, Err(StoreError::InvalidWrite { .. })),
        "{result:?}"
    );
    assert_eq!(store.work_count().ok(), Some(0));
}
