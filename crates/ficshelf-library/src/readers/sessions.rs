//! Browser sessions and API tokens: secrets handed out once, checked by
//! their hash, ended one at a time or all at once.

use super::tokens::{is_token, new_token, secret_hash, TokenKind};
use super::{ApiToken, ReaderError, Readers, Session, User, UserId};

/// The most characters of a client description (User-Agent) kept.
const MAX_CLIENT_CHARS: usize = 200;
/// The most characters of an API token's name.
const MAX_TOKEN_NAME_CHARS: usize = 60;

/// How long sessions last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Seconds a session lasts after its last use (a sliding window).
    pub lifetime: i64,
    /// Seconds between two writes of a session's last use, so that a busy
    /// reader does not write to the database on every page.
    pub refresh: i64,
}

impl Default for SessionPolicy {
    /// 30 days, refreshed at most once an hour.
    fn default() -> SessionPolicy {
        SessionPolicy {
            lifetime: 30 * 24 * 3600,
            refresh: 3600,
        }
    }
}

/// A new session: the token for the browser's cookie, and when it ends
/// unless used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: i64,
}

/// A valid session and its account.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveSession {
    pub user: User,
    pub session: Session,
}

/// `text` cut to at most `max` characters.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

impl Readers {
    /// Starts a session for the account; `client` is what the browser says
    /// it is (kept, shortened, for a list of signed-in devices).
    pub fn start_session(
        &mut self,
        user: UserId,
        client: Option<&str>,
    ) -> Result<SignedIn, ReaderError> {
        let token = new_token(TokenKind::Session)?;
        let now = self.now();
        let expires_at = now.saturating_add(self.policy.lifetime);
        self.store.create_session(&Session {
            token_hash: secret_hash(&token),
            user,
            created_at: now,
            expires_at,
            last_seen_at: now,
            client: client.map(|c| cut(c, MAX_CLIENT_CHARS)),
        })?;
        Ok(SignedIn { token, expires_at })
    }

    /// The session `token` names and its account, or `None` when the token
    /// is malformed, unknown, expired (an expired session is deleted) or
    /// its account is gone. A use moves the expiry forward, written at most
    /// once per [`SessionPolicy::refresh`].
    pub fn check_session(&mut self, token: &str) -> Result<Option<ActiveSession>, ReaderError> {
        if !is_token(TokenKind::Session, token) {
            return Ok(None);
        }
        let hash = secret_hash(token);
        let Some(mut session) = self.store.session(&hash)? else {
            return Ok(None);
        };
        let now = self.now();
        if session.expires_at <= now {
            self.store.delete_session(&hash)?;
            return Ok(None);
        }
        let Some(user) = self.store.user(session.user)? else {
            return Ok(None);
        };
        if now - session.last_seen_at >= self.policy.refresh {
            session.last_seen_at = now;
            session.expires_at = now.saturating_add(self.policy.lifetime);
            self.store
                .touch_session(&hash, session.last_seen_at, session.expires_at)?;
        }
        Ok(Some(ActiveSession { user, session }))
    }

    /// Ends the session `token` names (signing out); `false` if there was none.
    pub fn end_session(&mut self, token: &str) -> Result<bool, ReaderError> {
        if !is_token(TokenKind::Session, token) {
            return Ok(false);
        }
        Ok(self.store.delete_session(&secret_hash(token))?)
    }

    /// Ends every session of the account ("sign out everywhere"); returns
    /// how many there were. API tokens are not sessions and stay.
    pub fn sign_out_everywhere(&mut self, user: UserId) -> Result<u64, ReaderError> {
        Ok(self.store.delete_user_sessions(user)?)
    }

    /// The account's sessions, most recently seen first.
    pub fn sessions(&self, user: UserId) -> Result<Vec<Session>, ReaderError> {
        Ok(self.store.user_sessions(user)?)
    }

    /// Deletes every expired session; returns how many.
    pub fn prune_sessions(&mut self) -> Result<u64, ReaderError> {
        let now = self.now();
        Ok(self.store.delete_expired_sessions(now)?)
    }

    /// Creates an API token called `name` for the account and returns its
    /// secret, which is shown this once: only its hash is kept.
    pub fn create_api_token(&mut self, user: UserId, name: &str) -> Result<String, ReaderError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
            return Err(ReaderError::InvalidTokenName {
                name: name.to_string(),
                reason: "it must have 1 to 60 characters",
            });
        }
        let token = new_token(TokenKind::Api)?;
        self.store.create_api_token(&ApiToken {
            token_hash: secret_hash(&token),
            user,
            name: name.to_string(),
            created_at: self.now(),
            last_used_at: None,
        })?;
        Ok(token)
    }

    /// The account an API token belongs to, or `None` when it is malformed,
    /// unknown or revoked. Records the use.
    pub fn check_api_token(&mut self, token: &str) -> Result<Option<User>, ReaderError> {
        if !is_token(TokenKind::Api, token) {
            return Ok(None);
        }
        let hash = secret_hash(token);
        let Some(found) = self.store.api_token(&hash)? else {
            return Ok(None);
        };
        let now = self.now();
        self.store.touch_api_token(&hash, now)?;
        Ok(self.store.user(found.user)?)
    }

    /// The account's API tokens (names and times; never the secrets).
    pub fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, ReaderError> {
        Ok(self.store.user_api_tokens(user)?)
    }

    /// Revokes the account's token called `name`; `false` if there was none.
    pub fn revoke_api_token(&mut self, user: UserId, name: &str) -> Result<bool, ReaderError> {
        Ok(self.store.delete_api_token(user, name.trim())?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::readers;
    use super::*;

    #[test]
    fn a_session_token_signs_in_until_it_expires() {
        let (mut readers, clock) = readers();
        let user = readers
            .add_user("ana", "a good password", false, None)
            .expect("add");
        let signed = readers
            .start_session(user.id, Some(&"Browser ".repeat(100)))
            .expect("start");
        assert_eq!(signed.expires_at, 1_000_000 + 30 * 24 * 3600);
        let active = readers
            .check_session(&signed.token)
            .expect("check")
            .expect("valid");
        assert_eq!(active.user.id, user.id);
        assert_eq!(active.session.client.map(|c| c.chars().count()), Some(200));

        // The store holds only the hash.
        let stored = readers.sessions(user.id).expect("sessions");
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].token_hash, signed.token);
        assert!(!stored[0].token_hash.contains(&signed.token[4..]));

        // Used within the refresh window: nothing written.
        clock.set(1_000_000 + 1800);
        let active = readers
            .check_session(&signed.token)
            .expect("check")
            .expect("valid");
        assert_eq!(active.session.last_seen_at, 1_000_000);
        // Used later: expiry slides forward.
        clock.set(1_000_000 + 7200);
        let active = readers
            .check_session(&signed.token)
            .expect("check")
            .expect("valid");
        assert_eq!(active.session.expires_at, 1_000_000 + 7200 + 30 * 24 * 3600);
        assert_eq!(
            readers.sessions(user.id).expect("sessions")[0],
            active.session
        );

        // Unused for the whole lifetime: gone, and deleted.
        clock.set(active.session.expires_at);
        assert_eq!(readers.check_session(&signed.token).expect("check"), None);
        assert_eq!(readers.sessions(user.id).expect("sessions"), vec![]);
    }

    #[test]
    fn bad_tokens_sign_in_no_one() {
        let (mut readers, _clock) = readers();
        let user = readers
            .add_user("ana", "a good password", false, None)
            .expect("add");
        let signed = readers.start_session(user.id, None).expect("start");
        let api = readers.create_api_token(user.id, "feed").expect("token");
        let mut flipped = signed.token.clone();
        flipped.replace_range(
            10..11,
            if &signed.token[10..11] == "a" {
                "b"
            } else {
                "a"
            },
        );
        for bad in ["", "fss_", "garbage", flipped.as_str(), api.as_str()] {
            assert_eq!(readers.check_session(bad).expect("check"), None, "{bad:?}");
        }
        assert_eq!(readers.check_api_token(&signed.token).expect("check"), None);
        assert!(!readers.end_session("garbage").expect("end"));
    }

    #[test]
    fn sign_out_one_or_everywhere() {
        let (mut readers, _clock) = readers();
        let ana = readers
            .add_user("ana", "a good password", false, None)
            .expect("add");
        let bo = readers
            .add_user("bo", "a good password", false, None)
            .expect("add");
        let laptop = readers
            .start_session(ana.id, Some("laptop"))
            .expect("start");
        let phone = readers.start_session(ana.id, Some("phone")).expect("start");
        let bos = readers.start_session(bo.id, None).expect("start");
        assert!(readers.end_session(&laptop.token).expect("end"));
        assert!(!readers.end_session(&laptop.token).expect("end again"));
        assert!(readers
            .check_session(&laptop.token)
            .expect("check")
            .is_none());
        assert!(readers
            .check_session(&phone.token)
            .expect("check")
            .is_some());

        let api = readers.create_api_token(ana.id, "feed").expect("token");
        assert_eq!(readers.sign_out_everywhere(ana.id).expect("all"), 1);
        assert!(readers
            .check_session(&phone.token)
            .expect("check")
            .is_none());
        assert!(readers.check_session(&bos.token).expect("check").is_some());
        assert!(
            readers.check_api_token(&api).expect("check").is_some(),
            "tokens stay"
        );
    }

    #[test]
    fn expired_sessions_are_pruned() {
        let (mut readers, clock) = readers();
        let ana = readers
            .add_user("ana", "a good password", false, None)
            .expect("add");
        readers.start_session(ana.id, None).expect("start");
        clock.set(1_000_000 + 10 * 24 * 3600);
        readers.start_session(ana.id, None).expect("start");
        clock.set(1_000_000 + 31 * 24 * 3600);
        assert_eq!(readers.prune_sessions().expect("prune"), 1);
        assert_eq!(readers.sessions(ana.id).expect("sessions").len(), 1);
    }

    #[test]
    fn api_tokens_are_named_shown_once_and_revocable() {
        let (mut readers, clock) = readers();
        let ana = readers
            .add_user("ana", "a good password", false, None)
            .expect("add");
        let token = readers
            .create_api_token(ana.id, "  e-reader ")
            .expect("token");
        assert!(token.starts_with("fsk_"));
        assert!(matches!(
            readers.create_api_token(ana.id, "e-reader"),
            Err(ReaderError::TokenNameTaken { .. })
        ));
        assert!(matches!(
            readers.create_api_token(ana.id, "  "),
            Err(ReaderError::InvalidTokenName { .. })
        ));
        clock.set(1_000_500);
        let user = readers.check_api_token(&token).expect("check");
        assert_eq!(user.map(|u| u.id), Some(ana.id));
        let listed = readers.api_tokens(ana.id).expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].name.as_str(), listed[0].last_used_at),
            ("e-reader", Some(1_000_500))
        );
        assert_ne!(listed[0].token_hash, token);

        assert!(readers
            .revoke_api_token(ana.id, "e-reader")
            .expect("revoke"));
        assert_eq!(readers.check_api_token(&token).expect("check"), None);
    }
}
