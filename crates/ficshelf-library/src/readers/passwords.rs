//! Password hashing with Argon2id (the `argon2` crate), stored as PHC strings.
//!
//! Parameters are OWASP's first recommendation for Argon2id (19 MiB of
//! memory, 2 passes, 1 lane), which the `argon2` crate also uses as its
//! default; a hash made with other parameters still verifies (they are in
//! its PHC string) and is flagged for rehashing. Verification compares in
//! constant time (inside `argon2`). For a name with no account, a hash of a
//! random password is verified instead, so a sign-in takes as long whether
//! or not the name exists.

use super::ReaderError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// The fewest characters a password may have (NIST SP 800-63B's floor).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The most bytes a password may have; longer input is refused rather than
/// hashed (it only costs time).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// What verifying a password against a stored hash found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Wrong password.
    Mismatch,
    /// Right password; `rehash` when the stored hash used other parameters
    /// than today's and should be replaced.
    Match { rehash: bool },
}

/// Hashes and verifies passwords.
pub(crate) struct Passwords {
    params: Params,
    /// A hash of a random password, made on first need, verified against
    /// when a sign-in names no account.
    dummy: OnceLock<String>,
}

impl Passwords {
    /// Hashing with OWASP's Argon2id parameters.
    pub fn new() -> Passwords {
        Passwords::with_params(Params::DEFAULT)
    }

    /// Hashing with other parameters (tests use cheap ones).
    pub fn with_params(params: Params) -> Passwords {
        Passwords {
            params,
            dummy: OnceLock::new(),
        }
    }

    fn hasher(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string of `password` with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String, ReaderError> {
        let hash = self
            .hasher()
            .hash_password(password.as_bytes())
            .map_err(|e| ReaderError::Hashing {
                detail: e.to_string(),
            })?;
        Ok(hash.to_string())
    }

    /// Whether `password` is the one `stored` was made from. `user` names
    /// the account in the error a corrupt hash gives.
    pub fn verify(&self, user: &str, password: &str, stored: &str) -> Result<Verdict, ReaderError> {
        let parsed = PasswordHash::new(stored).map_err(|e| ReaderError::CorruptHash {
            name: user.to_string(),
            detail: e.to_string(),
        })?;
        if self
            .hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
        {
            return Ok(Verdict::Mismatch);
        }
        let current = parsed.algorithm.as_str() == Algorithm::Argon2id.ident().as_str()
            && Params::try_from(&parsed).is_ok_and(|p| {
                (p.m_cost(), p.t_cost(), p.p_cost())
                    == (
                        self.params.m_cost(),
                        self.params.t_cost(),
                        self.params.p_cost(),
                    )
            });
        Ok(Verdict::Match { rehash: !current })
    }

    /// Spends the time a verification takes, for a name with no account.
    pub fn verify_nobody(&self, password: &str) -> Result<(), ReaderError> {
        let dummy = match self.dummy.get() {
            Some(dummy) => dummy,
            None => {
                let random = super::tokens::random_hex(16)?;
                let made = self.hash(&random)?;
                self.dummy.get_or_init(|| made)
            }
        };
        // Whatever it says, the answer is "no such account".
        let _verdict = self.verify("(nobody)", password, dummy)?;
        Ok(())
    }
}

/// Checks a new password against the rules: at least
/// [`MIN_PASSWORD_CHARS`] characters, at most [`MAX_PASSWORD_BYTES`] bytes,
/// not only white space. No composition rules (NIST SP 800-63B).
pub fn check_new_password(password: &str) -> Result<(), ReaderError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ReaderError::WeakPassword {
            reason: "it must have at least 8 characters",
        });
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ReaderError::WeakPassword {
            reason: "it must have at most 1024 bytes",
        });
    }
    if password.trim().is_empty() {
        return Err(ReaderError::WeakPassword {
            reason: "it must not be only spaces",
        });
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Cheap parameters: these tests are about behaviour, not cost.
    pub(crate) fn cheap() -> Passwords {
        Passwords::with_params(Params::new(64, 1, 1, None).expect("params"))
    }

    #[test]
    fn hashes_are_argon2id_phc_strings_with_fresh_salts() {
        let passwords = cheap();
        let one = passwords.hash("correct horse").expect("hash");
        let two = passwords.hash("correct horse").expect("hash");
        assert!(one.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(!one.contains("correct horse"));
    }

    #[test]
    fn verifies_the_right_password_only() {
        let passwords = cheap();
        let stored = passwords.hash("correct horse").expect("hash");
        let verdict = passwords.verify("u", "correct horse", &stored);
        assert_eq!(verdict.ok(), Some(Verdict::Match { rehash: false }));
        for wrong in ["correct hors", "Correct horse", "", "correct horse "] {
            assert_eq!(
                passwords.verify("u", wrong, &stored).ok(),
                Some(Verdict::Mismatch),
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn default_parameters_are_owasps() {
        let stored = Passwords::new().hash("a long passphrase").expect("hash");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        // A hash made with other parameters verifies and asks for a rehash.
        let verdict = cheap().verify("u", "a long passphrase", &stored);
        assert_eq!(verdict.ok(), Some(Verdict::Match { rehash: true }));
    }

    #[test]
    fn corrupt_hashes_are_errors_naming_the_user() {
        let err = cheap()
            .verify("mara", "x", "not a phc string")
            .expect_err("corrupt");
        assert!(err.to_string().contains("\"mara\""), "{err}");
    }

    #[test]
    fn verifying_nobody_costs_a_verification() {
        let passwords = cheap();
        passwords.verify_nobody("guess").expect("dummy verify");
        let dummy = passwords.dummy.get().cloned().expect("made once");
        passwords
            .verify_nobody("guess again")
            .expect("dummy verify");
        assert_eq!(passwords.dummy.get(), Some(&dummy), "kept, not remade");
        assert!(dummy.starts_with("$argon2id$"));
    }

    #[test]
    fn password_rules() {
        assert!(check_new_password("eight ch").is_ok());
        assert!(
            check_new_password("ünïcødé!").is_ok(),
            "characters, not bytes"
        );
        for weak in ["short", "", "        ", "seven77"] {
            assert!(check_new_password(weak).is_err(), "{weak:?}");
        }
        assert!(check_new_password(&"x".repeat(MAX_PASSWORD_BYTES)).is_ok());
        assert!(check_new_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }
}
