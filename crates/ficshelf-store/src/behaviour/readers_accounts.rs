//! Reader cases: accounts, sessions, API tokens, KOReader keys.

use super::readers::reader;
use crate::readers::{ApiToken, NewUser, Preferences, ReaderStore, Session, User, UserId};
use crate::StoreError;
use ficshelf_model::Rating;

fn load(store: &dyn ReaderStore, id: UserId) -> User {
    match store.user(id) {
        Ok(Some(user)) => user,
        other => panic!("user {id}: {other:?}"),
    }
}

pub fn users_round_trip(store: &mut dyn ReaderStore) {
    assert_eq!(store.user_count().ok(), Some(0));
    assert_eq!(store.users().expect("list").len(), 0);
    let preferences = Preferences {
        adult_consent: true,
        hide_read: false,
    };
    // The hash is opaque: any text comes back exactly.
    let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    let wren = store
        .create_user(&NewUser {
            name: "Wren Aldous",
            password_hash: phc,
            admin: true,
            max_rating: Some(Rating::Mature),
            preferences: &preferences,
            created_at: 1_700_000_000,
        })
        .expect("create");
    let toby = reader(store, "toby");
    assert_ne!(wren, toby);
    assert_eq!(
        load(store, wren),
        User {
            id: wren,
            name: "Wren Aldous".into(),
            password_hash: phc.into(),
            admin: true,
            max_rating: Some(Rating::Mature),
            preferences: preferences.clone(),
            created_at: 1_700_000_000,
        }
    );
    let plain = load(store, toby);
    assert_eq!(
        (plain.admin, plain.max_rating, plain.preferences),
        (false, None, Preferences::default())
    );

    // Found by name whatever its case; kept as written.
    let by_name = store.user_by_name("WREN aldous").expect("by name");
    assert_eq!(
        by_name.map(|u| (u.id, u.name)),
        Some((wren, "Wren Aldous".into()))
    );
    assert_eq!(store.user_by_name("Wren").expect("by name"), None);
    assert_eq!(store.user(UserId(wren.0 + 1000)).expect("by id"), None);

    // Listed by name key, counted.
    let names: Vec<String> = store
        .users()
        .expect("list")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, vec!["toby", "Wren Aldous"]);
    assert_eq!(store.user_count().ok(), Some(2));
}

pub fn user_names_unique_case_insensitively(store: &mut dyn ReaderStore) {
    let first = reader(store, "Mara");
    let preferences = Preferences::default();
    for clash in ["mara", "MARA", "Mara"] {
        let result = store.create_user(&NewUser {
            name: clash,
            password_hash: "other",
            admin: true,
            max_rating: None,
            preferences: &preferences,
            created_at: 5,
        });
        match result {
            Err(StoreError::NameTaken { what, value }) => {
                assert_eq!((what, value.as_str()), ("user name", clash));
            }
            other => panic!("{clash}: expected Taken, got {other:?}"),
        }
    }
    // Non-ASCII case folds too.
    reader(store, "Élodie");
    assert!(matches!(
        store.create_user(&NewUser {
            name: "éLODIE",
            password_hash: "x",
            admin: false,
            max_rating: None,
            preferences: &preferences,
            created_at: 5,
        }),
        Err(StoreError::NameTaken { .. })
    ));
    assert_eq!(store.user_count().ok(), Some(2));
    assert_eq!(load(store, first).password_hash, "hash-of-Mara");
    // A name freed by deleting its account can be used again.
    assert_eq!(store.delete_user(first).ok(), Some(true));
    let again = reader(store, "MARA");
    assert_ne!(again, first, "ids are never reused");
}

pub fn user_settings_update_alone(store: &mut dyn ReaderStore) {
    let id = reader(store, "juniper");
    let other = reader(store, "kestrel");
    let before_other = load(store, other);

    store.set_password_hash(id, "new-hash").expect("password");
    store.set_admin(id, true).expect("admin");
    store
        .set_max_rating(id, Some(Rating::Teen))
        .expect("rating");
    let preferences = Preferences {
        adult_consent: false,
        hide_read: true,
    };
    store
        .set_preferences(id, &preferences)
        .expect("preferences");
    let user = load(store, id);
    assert_eq!(user.password_hash, "new-hash");
    assert!(user.admin);
    assert_eq!(user.max_rating, Some(Rating::Teen));
    assert_eq!(user.preferences, preferences);
    assert_eq!((user.name.as_str(), user.created_at), ("juniper", 100));

    store.set_max_rating(id, None).expect("no limit");
    store.set_admin(id, false).expect("not admin");
    let user = load(store, id);
    assert_eq!((user.max_rating, user.admin), (None, false));
    assert_eq!(
        load(store, other),
        before_other,
        "the other account is untouched"
    );

    let ghost = UserId(other.0 + 77);
    for result in [
        store.set_password_hash(ghost, "x"),
        store.set_admin(ghost, true),
        store.set_max_rating(ghost, Some(Rating::General)),
        store.set_preferences(ghost, &preferences),
    ] {
        assert!(
            matches!(result, Err(StoreError::UnknownUser { id }) if id == ghost.0),
            "{result:?}"
        );
    }
    assert_eq!(store.delete_user(ghost).ok(), Some(false));
}

fn session(hash: &str, user: UserId, created_at: i64, expires_at: i64) -> Session {
    Session {
        token_hash: hash.into(),
        user,
        created_at,
        expires_at,
        last_seen_at: created_at,
        client: Some("Mozilla/5.0 (test)".into()),
    }
}

pub fn sessions_expire_by_the_callers_clock(store: &mut dyn ReaderStore) {
    let id = reader(store, "quill");
    let short = session(&"a".repeat(64), id, 1000, 2000);
    let long = Session {
        client: None,
        ..session(&"b".repeat(64), id, 1000, 9000)
    };
    store.create_session(&short).expect("create short");
    store.create_session(&long).expect("create long");
    assert_eq!(
        store.session(&short.token_hash).expect("get"),
        Some(short.clone())
    );
    assert_eq!(
        store.session(&long.token_hash).expect("get"),
        Some(long.clone())
    );
    assert_eq!(store.session(&"c".repeat(64)).expect("get"), None);

    // A use moves last-seen and expiry; nothing else.
    assert_eq!(
        store.touch_session(&short.token_hash, 1500, 3500).ok(),
        Some(true)
    );
    let touched = store.session(&short.token_hash).expect("get");
    assert_eq!(
        touched,
        Some(Session {
            last_seen_at: 1500,
            expires_at: 3500,
            ..short.clone()
        })
    );
    assert_eq!(store.touch_session(&"c".repeat(64), 1, 2).ok(), Some(false));

    // Expired is "at or before now".
    assert_eq!(store.delete_expired_sessions(3499).ok(), Some(0));
    assert_eq!(store.delete_expired_sessions(3500).ok(), Some(1));
    assert_eq!(store.session(&short.token_hash).expect("get"), None);
    assert!(store.session(&long.token_hash).expect("get").is_some());

    // A session for no account is refused.
    let ghost = session(&"d".repeat(64), UserId(id.0 + 9), 1, 2);
    assert!(matches!(
        store.create_session(&ghost),
        Err(StoreError::UnknownUser { .. })
    ));
    assert_eq!(store.session(&ghost.token_hash).expect("get"), None);
}

pub fn sessions_revoke_one_or_all(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    for (i, (user, seen)) in [(ana, 10), (ana, 30), (ana, 20), (bo, 40)]
        .into_iter()
        .enumerate()
    {
        let mut s = session(&format!("{i}").repeat(64), user, 1, 100);
        s.last_seen_at = seen;
        store.create_session(&s).expect("create");
    }
    let seen: Vec<i64> = store
        .user_sessions(ana)
        .expect("list")
        .iter()
        .map(|s| s.last_seen_at)
        .collect();
    assert_eq!(seen, vec![30, 20, 10], "most recently seen first");

    assert_eq!(store.delete_session(&"1".repeat(64)).ok(), Some(true));
    assert_eq!(store.delete_session(&"1".repeat(64)).ok(), Some(false));
    assert_eq!(store.user_sessions(ana).expect("list").len(), 2);

    assert_eq!(store.delete_user_sessions(ana).ok(), Some(2));
    assert_eq!(store.user_sessions(ana).expect("list"), vec![]);
    assert_eq!(
        store.user_sessions(bo).expect("list").len(),
        1,
        "bo stays signed in"
    );
    assert_eq!(store.delete_user_sessions(ana).ok(), Some(0));
}

fn token(hash: char, user: UserId, name: &str) -> ApiToken {
    ApiToken {
        token_hash: hash.to_string().repeat(64),
        user,
        name: name.into(),
        created_at: 50,
        last_used_at: None,
    }
}

pub fn api_tokens_are_named_and_revocable(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    let phone = token('1', ana, "phone");
    let calibre = token('2', ana, "calibre");
    store.create_api_token(&phone).expect("phone");
    store.create_api_token(&calibre).expect("calibre");
    // Names are per reader: bo may have a "phone" too; ana may not twice.
    store
        .create_api_token(&token('3', bo, "phone"))
        .expect("bo's phone");
    match store.create_api_token(&token('4', ana, "phone")) {
        Err(StoreError::NameTaken { what, value }) => {
            assert_eq!((what, value.as_str()), ("token name", "phone"));
        }
        other => panic!("expected Taken, got {other:?}"),
    }
    assert_eq!(store.api_token(&"4".repeat(64)).expect("get"), None);

    assert_eq!(
        store.api_token(&phone.token_hash).expect("get"),
        Some(phone.clone())
    );
    let names: Vec<String> = store
        .user_api_tokens(ana)
        .expect("list")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, vec!["calibre", "phone"]);

    assert_eq!(
        store.touch_api_token(&phone.token_hash, 77).ok(),
        Some(true)
    );
    assert_eq!(
        store
            .api_token(&phone.token_hash)
            .expect("get")
            .and_then(|t| t.last_used_at),
        Some(77)
    );
    assert_eq!(store.touch_api_token(&"9".repeat(64), 77).ok(), Some(false));

    assert_eq!(store.delete_api_token(ana, "phone").ok(), Some(true));
    assert_eq!(store.delete_api_token(ana, "phone").ok(), Some(false));
    assert_eq!(store.api_token(&phone.token_hash).expect("get"), None);
    assert!(
        store.api_token(&"3".repeat(64)).expect("get").is_some(),
        "bo's stays"
    );
    assert!(matches!(
        store.create_api_token(&token('5', UserId(bo.0 + 5), "x")),
        Err(StoreError::UnknownUser { .. })
    ));
}

pub fn kosync_keys_replace(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    assert_eq!(store.kosync_key(ana).expect("get"), None);
    store.set_kosync_key(ana, "first", 10).expect("set");
    store.set_kosync_key(bo, "bo-key", 10).expect("set");
    store.set_kosync_key(ana, "second", 20).expect("replace");
    assert_eq!(
        store.kosync_key(ana).expect("get").as_deref(),
        Some("second")
    );
    assert_eq!(
        store.kosync_key(bo).expect("get").as_deref(),
        Some("bo-key")
    );
    assert!(matches!(
        store.set_kosync_key(UserId(bo.0 + 3), "k", 1),
        Err(StoreError::UnknownUser { .. })
    ));
}
