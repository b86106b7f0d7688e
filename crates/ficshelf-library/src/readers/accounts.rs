//! Accounts: adding, signing in, passwords, the admin flag, rating limits,
//! preferences, removal.

use super::passwords::{check_new_password, Verdict};
use super::{Preferences, ReaderError, Readers, User, UserId};
use ficshelf_model::Rating;
use ficshelf_store::readers::NewUser;

/// The most characters a user name may have.
pub const MAX_NAME_CHARS: usize = 40;

/// Checks a new user name: 1 to [`MAX_NAME_CHARS`] characters, letters
/// and digits of any script plus `_`, `-` and `.`, starting with a letter
/// or digit.
///
/// Narrow on purpose: a name appears in URLs, HTTP Basic credentials
/// (where `:` would split it) and KOReader's `x-auth-user` header, and a
/// name of invisible or look-alike punctuation would let one reader pass
/// for another.
pub fn validate_name(name: &str) -> Result<(), ReaderError> {
    let invalid = |reason| {
        Err(ReaderError::InvalidName {
            name: name.to_string(),
            reason,
        })
    };
    let count = name.chars().count();
    if count == 0 {
        return invalid("it is empty");
    }
    if count > MAX_NAME_CHARS {
        return invalid("it is longer than 40 characters");
    }
    if !name.chars().next().is_some_and(char::is_alphanumeric) {
        return invalid("it must start with a letter or digit");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return invalid("only letters, digits, '_', '-' and '.' are allowed");
    }
    Ok(())
}

impl Readers {
    /// Creates an account; the password is checked ([`check_new_password`])
    /// and stored as an Argon2id hash.
    pub fn add_user(
        &mut self,
        name: &str,
        password: &str,
        admin: bool,
        max_rating: Option<Rating>,
    ) -> Result<User, ReaderError> {
        validate_name(name)?;
        check_new_password(password)?;
        let hash = self.passwords.hash(password)?;
        let preferences = Preferences::default();
        let id = self.store.create_user(&NewUser {
            name,
            password_hash: &hash,
            admin,
            max_rating,
            preferences: &preferences,
            created_at: self.now(),
        })?;
        self.user_by_id(id)
    }

    /// The account `name` and `password` sign in to, or `None` (a wrong
    /// password and an unknown name answer alike, in the same time). A hash
    /// made with older parameters is replaced on the way.
    pub fn sign_in(&mut self, name: &str, password: &str) -> Result<Option<User>, ReaderError> {
        let Some(user) = self.store.user_by_name(name)? else {
            self.passwords.verify_nobody(password)?;
            return Ok(None);
        };
        match self
            .passwords
            .verify(&user.name, password, &user.password_hash)?
        {
            Verdict::Mismatch => Ok(None),
            Verdict::Match { rehash: false } => Ok(Some(user)),
            Verdict::Match { rehash: true } => {
                let hash = self.passwords.hash(password)?;
                self.store.set_password_hash(user.id, &hash)?;
                Ok(Some(User {
                    password_hash: hash,
                    ..user
                }))
            }
        }
    }

    /// Sets a new password and ends every session of the account (whoever
    /// knew the old one is signed out).
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<(), ReaderError> {
        let user = self.user_named(name)?;
        check_new_password(password)?;
        let hash = self.passwords.hash(password)?;
        self.store.set_password_hash(user.id, &hash)?;
        self.store.delete_user_sessions(user.id)?;
        Ok(())
    }

    /// Makes the account an administrator or not.
    pub fn set_admin(&mut self, name: &str, admin: bool) -> Result<User, ReaderError> {
        let user = self.user_named(name)?;
        self.store.set_admin(user.id, admin)?;
        self.user_by_id(user.id)
    }

    /// Sets the highest rating the reader may see (`None`: no limit beyond
    /// the server's).
    pub fn set_max_rating(
        &mut self,
        name: &str,
        max_rating: Option<Rating>,
    ) -> Result<User, ReaderError> {
        let user = self.user_named(name)?;
        self.store.set_max_rating(user.id, max_rating)?;
        self.user_by_id(user.id)
    }

    /// Replaces the reader's preferences (adult-content consent, hiding
    /// works read).
    pub fn set_preferences(
        &mut self,
        user: UserId,
        preferences: &Preferences,
    ) -> Result<(), ReaderError> {
        Ok(self.store.set_preferences(user, preferences)?)
    }

    /// Deletes the account and everything it kept.
    pub fn remove_user(&mut self, name: &str) -> Result<(), ReaderError> {
        let user = self.user_named(name)?;
        self.store.delete_user(user.id)?;
        Ok(())
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>, ReaderError> {
        Ok(self.store.users()?)
    }

    /// Whether the library has any account (with none, the server is one
    /// anonymous reader, as before accounts existed).
    pub fn has_users(&self) -> Result<bool, ReaderError> {
        Ok(self.store.user_count()? > 0)
    }

    /// The account called `name` (any case), if there is one.
    pub fn find_user(&self, name: &str) -> Result<Option<User>, ReaderError> {
        Ok(self.store.user_by_name(name)?)
    }

    /// The account with this id, if there is one.
    pub fn user(&self, id: UserId) -> Result<Option<User>, ReaderError> {
        Ok(self.store.user(id)?)
    }

    /// The account called `name`, or [`ReaderError::UnknownUser`].
    pub fn user_named(&self, name: &str) -> Result<User, ReaderError> {
        self.find_user(name)?
            .ok_or_else(|| ReaderError::UnknownUser { name: name.into() })
    }

    fn user_by_id(&self, id: UserId) -> Result<User, ReaderError> {
        self.store
            .user(id)?
            .ok_or_else(|| ReaderError::UnknownUser {
                name: format!("#{id}"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::readers;
    use super::*;

    #[test]
    fn names_follow_the_rules() {
        for good in ["mara", "Wren_Aldous", "élodie.b", "R2-D2", "名前", "7seas"] {
            assert!(validate_name(good).is_ok(), "{good:?}");
        }
        for bad in [
            "",
            " mara",
            "mara ",
            "ma ra",
            "mara:pass",
            "a/b",
            "_lead",
            ".dot",
            "tab\there",
            "zero\u{200b}width",
            &"x".repeat(41),
        ] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
        assert!(
            validate_name(&"é".repeat(40)).is_ok(),
            "40 characters, not bytes"
        );
    }

    #[test]
    fn add_and_sign_in() {
        let (mut readers, _clock) = readers();
        assert!(!readers.has_users().expect("has users"));
        let mara = readers
            .add_user("Mara", "lighthouse keeper", true, Some(Rating::Teen))
            .expect("add");
        assert_eq!((mara.name.as_str(), mara.admin), ("Mara", true));
        assert_eq!(mara.max_rating, Some(Rating::Teen));
        assert_eq!(mara.created_at, 1_000_000);
        assert!(mara.password_hash.starts_with("$argon2id$"));
        assert!(readers.has_users().expect("has users"));

        let signed = readers
            .sign_in("mara", "lighthouse keeper")
            .expect("sign in");
        assert_eq!(
            signed.map(|u| u.id),
            Some(mara.id),
            "names match in any case"
        );
        assert_eq!(
            readers.sign_in("Mara", "lighthouse").expect("sign in"),
            None
        );
        assert_eq!(
            readers
                .sign_in("Nobody", "lighthouse keeper")
                .expect("sign in"),
            None
        );
    }

    #[test]
    fn add_refuses_bad_input_and_taken_names() {
        let (mut readers, _clock) = readers();
        readers
            .add_user("mara", "lighthouse keeper", false, None)
            .expect("add");
        assert!(matches!(
            readers.add_user("MARA", "another password", false, None),
            Err(ReaderError::NameTaken { name }) if name == "MARA"
        ));
        assert!(matches!(
            readers.add_user("tobias", "short", false, None),
            Err(ReaderError::WeakPassword { .. })
        ));
        assert!(matches!(
            readers.add_user("to bias", "long enough pass", false, None),
            Err(ReaderError::InvalidName { .. })
        ));
        assert_eq!(readers.users().expect("users").len(), 1);
    }

    #[test]
    fn changing_a_password_signs_out_everywhere() {
        let (mut readers, _clock) = readers();
        let user = readers
            .add_user("wren", "first password", false, None)
            .expect("add");
        let signed = readers.start_session(user.id, None).expect("session");
        readers
            .set_password("WREN", "second password")
            .expect("passwd");
        assert_eq!(
            readers.sign_in("wren", "first password").expect("old"),
            None
        );
        assert!(readers
            .sign_in("wren", "second password")
            .expect("new")
            .is_some());
        assert!(readers
            .check_session(&signed.token)
            .expect("check")
            .is_none());
        assert!(matches!(
            readers.set_password("nobody", "second password"),
            Err(ReaderError::UnknownUser { .. })
        ));
        assert!(matches!(
            readers.set_password("wren", "short"),
            Err(ReaderError::WeakPassword { .. })
        ));
    }

    #[test]
    fn an_old_hash_is_upgraded_at_sign_in() {
        let (mut readers, _clock) = readers();
        let user = readers
            .add_user("juniper", "old parameters", false, None)
            .expect("add");
        // Stored with parameters other than today's.
        let old = super::super::passwords::Passwords::with_params(
            argon2::Params::new(32, 1, 1, None).expect("params"),
        )
        .hash("old parameters")
        .expect("hash");
        readers.store.set_password_hash(user.id, &old).expect("set");
        let signed = readers
            .sign_in("juniper", "old parameters")
            .expect("sign in");
        let hash = signed.map(|u| u.password_hash).expect("signed in");
        assert!(hash.contains("m=64,t=1,p=1"), "{hash}");
        assert_eq!(
            readers.user_named("juniper").expect("user").password_hash,
            hash
        );
    }

    #[test]
    fn admin_rating_preferences_and_removal() {
        let (mut readers, _clock) = readers();
        let user = readers
            .add_user("kestrel", "a good password", false, None)
            .expect("add");
        assert!(readers.set_admin("Kestrel", true).expect("admin").admin);
        let limited = readers
            .set_max_rating("kestrel", Some(Rating::General))
            .expect("rating");
        assert_eq!(limited.max_rating, Some(Rating::General));
        let preferences = Preferences {
            adult_consent: true,
            hide_read: true,
        };
        readers
            .set_preferences(user.id, &preferences)
            .expect("preferences");
        assert_eq!(
            readers.user_named("kestrel").expect("user").preferences,
            preferences
        );
        readers.remove_user("KESTREL").expect("remove");
        assert_eq!(readers.find_user("kestrel").expect("find"), None);
        assert!(matches!(
            readers.remove_user("kestrel"),
            Err(ReaderError::UnknownUser { .. })
        ));
    }
}
