//! Secret tokens: random from the operating system (`getrandom`), handed to
//! the client once, and kept in the store only as their SHA-256.
//!
//! A token is a prefix naming its use (`fss_` for a browser session, `fsk_`
//! for an API key) and 32 random bytes in lowercase hex. 256 bits leave
//! nothing to guess, so an unsalted fast hash is enough at rest: a copy of
//! the database gives no token back.

use super::ReaderError;
use sha2::{Digest, Sha256};

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// What a token is for; its prefix says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Session,
    Api,
}

impl TokenKind {
    fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "fss_",
            TokenKind::Api => "fsk_",
        }
    }
}

/// `bytes` random bytes from the operating system, as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> Result<String, ReaderError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| ReaderError::Randomness {
        detail: e.to_string(),
    })?;
    Ok(hex::encode(buffer))
}

/// A new secret token of `kind`.
pub(crate) fn new_token(kind: TokenKind) -> Result<String, ReaderError> {
    Ok(format!("{}{}", kind.prefix(), random_hex(TOKEN_BYTES)?))
}

/// Whether `token` has the shape of a token of `kind` (checked before any
/// look-up, so garbage never reaches the store).
pub(crate) fn is_token(kind: TokenKind, token: &str) -> bool {
    token.strip_prefix(kind.prefix()).is_some_and(|rest| {
        rest.len() == TOKEN_BYTES * 2
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The lowercase hex SHA-256 of `secret`: what the store keeps.
pub(crate) fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_hex() {
        let one = new_token(TokenKind::Session).expect("token");
        let two = new_token(TokenKind::Session).expect("token");
        assert_ne!(one, two);
        assert!(one.starts_with("fss_") && one.len() == 4 + 64, "{one}");
        assert!(is_token(TokenKind::Session, &one));
        assert!(
            !is_token(TokenKind::Api, &one),
            "a session is not an API key"
        );
        let api = new_token(TokenKind::Api).expect("token");
        assert!(is_token(TokenKind::Api, &api));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let good = format!("fss_{}", "ab".repeat(32));
        assert!(is_token(TokenKind::Session, &good));
        for bad in [
            String::new(),
            "fss_".into(),
            format!("fss_{}", "AB".repeat(32)),
            format!("fss_{}", "ab".repeat(31)),
            format!("fss_{}0", "ab".repeat(32)),
            format!("fss_{}", "zz".repeat(32)),
            format!("xx_{}", "ab".repeat(32)),
        ] {
            assert!(!is_token(TokenKind::Session, &bad), "{bad:?}");
        }
    }

    #[test]
    fn hashes_are_sha256() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
