//! The reader's own page, `GET /account`, and its forms: preferences
//! (adult-content consent, hiding works read), mutes, the KOReader sync
//! password, signing out. Every form carries the session's CSRF token
//! (checked by `auth`).

use super::auth::{CurrentReader, SignedInReader};
use super::respond::{render, PageError};
use crate::accounts::Accounts;
use crate::view::Layout;
use crate::AppState;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use ficshelf_library::readers::{MuteKind, Preferences, ReaderError};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Serialize)]
struct MuteView {
    kind: &'static str,
    value: String,
}

#[derive(Serialize)]
struct AccountPage {
    layout: Layout,
    name: String,
    csrf: String,
    adult_consent: bool,
    hide_read: bool,
    mutes: Vec<MuteView>,
    kinds: Vec<&'static str>,
    kosync_set: bool,
    /// An administrator gets a link to the readers' page.
    admin: bool,
    tokens: Vec<String>,
    /// A token just made: its secret, shown this once.
    new_token: Option<String>,
    error: Option<String>,
}

/// What the account page says besides the account.
#[derive(Default)]
struct Notice {
    error: Option<String>,
    new_token: Option<String>,
}

impl Notice {
    fn error(error: String) -> Notice {
        Notice {
            error: Some(error),
            new_token: None,
        }
    }
}

/// The readers' records and the signed-in reader a form acts for (a 404
/// for anyone else: the sign-in wall keeps them out of a private library).
fn account_of<'a>(
    state: &'a AppState,
    reader: &'a CurrentReader,
) -> Result<(&'a Arc<Accounts>, &'a SignedInReader), PageError> {
    match (state.accounts(), reader.signed_in()) {
        (Some(accounts), Some(signed)) => Ok((accounts, signed.as_ref())),
        _ => Err(PageError::NotFound),
    }
}

/// A redirect to `location` (after a form, or to sign in).
fn see_other(location: &'static str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static(location));
    response
}

/// Back to the account page, after a form.
fn back() -> Response {
    see_other("/account")
}

/// `GET /account`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
) -> Result<Response, PageError> {
    show(&state, &reader, Notice::default(), StatusCode::OK).await
}

async fn show(
    state: &AppState,
    reader: &CurrentReader,
    notice: Notice,
    status: StatusCode,
) -> Result<Response, PageError> {
    let Some(signed) = reader.signed_in() else {
        return Ok(see_other("/login?next=/account"));
    };
    let Some(accounts) = state.accounts() else {
        return Err(PageError::NotFound);
    };
    let id = signed.user.id;
    let (user, mutes, kosync_set, tokens) = accounts
        .run(move |r| {
            let user = r.user(id)?;
            let mutes = r.mutes(id)?;
            let key = r.store().kosync_key(id)?;
            let tokens = r.api_tokens(id)?.into_iter().map(|t| t.name).collect();
            Ok((user, mutes, key.is_some(), tokens))
        })
        .await?;
    let Some(user) = user else {
        return Err(PageError::NotFound);
    };
    let context = AccountPage {
        layout: Layout::new(state.max_rating()),
        name: user.name,
        csrf: signed.csrf(),
        adult_consent: user.preferences.adult_consent,
        hide_read: user.preferences.hide_read,
        mutes: mutes
            .into_iter()
            .map(|m| MuteView {
                kind: m.kind.as_str(),
                value: m.value,
            })
            .collect(),
        kinds: MuteKind::ALL.iter().map(|k| k.as_str()).collect(),
        kosync_set,
        admin: user.admin,
        tokens,
        new_token: notice.new_token,
        error: notice.error,
    };
    let mut response = render(state, "account", context)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The account page again, saying what was wrong with the form.
async fn refuse(
    state: &AppState,
    reader: &CurrentReader,
    error: String,
) -> Result<Response, PageError> {
    show(state, reader, Notice::error(error), StatusCode::BAD_REQUEST).await
}

/// `POST /account/preferences`: checkboxes send `on` when ticked.
pub(super) async fn preferences(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (accounts, signed) = account_of(&state, &reader)?;
    let id = signed.user.id;
    let preferences = Preferences {
        adult_consent: form.get("adult_consent").is_some_and(|v| v == "on"),
        hide_read: form.get("hide_read").is_some_and(|v| v == "on"),
    };
    accounts
        .run(move |r| r.set_preferences(id, &preferences))
        .await?;
    Ok(back())
}

#[derive(Deserialize)]
pub(super) struct MuteForm {
    kind: String,
    value: String,
}

/// `POST /account/mutes` (`remove`: `POST /account/mutes/remove`).
async fn change_mute(
    state: AppState,
    reader: CurrentReader,
    form: MuteForm,
    add: bool,
) -> Result<Response, PageError> {
    let (accounts, signed) = account_of(&state, &reader)?;
    let Some(kind) = MuteKind::from_name(&form.kind) else {
        let error = format!("“{}” is not a kind of tag.", form.kind);
        return refuse(&state, &reader, error).await;
    };
    let id = signed.user.id;
    let value = form.value;
    let changed = accounts
        .run(move |r| {
            let result = if add {
                r.add_mute(id, kind, &value)
            } else {
                r.remove_mute(id, kind, &value)
            };
            match result {
                Ok(_) => Ok(None),
                Err(e @ (ReaderError::InvalidMute { .. } | ReaderError::TooLong { .. })) => {
                    Ok(Some(e.to_string()))
                }
                Err(e) => Err(e),
            }
        })
        .await?;
    match changed {
        None => Ok(back()),
        Some(error) => refuse(&state, &reader, error).await,
    }
}

pub(super) async fn add_mute(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<MuteForm>,
) -> Result<Response, PageError> {
    change_mute(state, reader, form, true).await
}

pub(super) async fn remove_mute(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<MuteForm>,
) -> Result<Response, PageError> {
    change_mute(state, reader, form, false).await
}

#[derive(Deserialize)]
pub(super) struct KosyncForm {
    password: String,
}

/// KOReader's `x-auth-key` for a password typed into it: the MD5 of the
/// password, in lower-case hex (what its sync plugin sends).
pub(crate) fn kosync_key(password: &str) -> String {
    hex::encode(Md5::digest(password.as_bytes()))
}

/// `POST /account/kosync`: sets the password KOReader signs in with.
pub(super) async fn set_kosync(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<KosyncForm>,
) -> Result<Response, PageError> {
    let (accounts, signed) = account_of(&state, &reader)?;
    if form.password.is_empty() {
        let error = "Type a sync password.".to_string();
        return refuse(&state, &reader, error).await;
    }
    let id = signed.user.id;
    let key = kosync_key(&form.password);
    accounts.run(move |r| r.set_kosync_key(id, &key)).await?;
    Ok(back())
}

#[derive(Deserialize)]
pub(super) struct TokenForm {
    name: String,
}

/// `POST /account/tokens`: makes an API token and shows its secret once.
pub(super) async fn create_token(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let (accounts, signed) = account_of(&state, &reader)?;
    let id = signed.user.id;
    let made = accounts
        .run(move |r| match r.create_api_token(id, &form.name) {
            Ok(secret) => Ok(Ok(secret)),
            Err(
                e @ (ReaderError::InvalidTokenName { .. } | ReaderError::TokenNameTaken { .. }),
            ) => Ok(Err(e.to_string())),
            Err(e) => Err(e),
        })
        .await?;
    let (notice, status) = match made {
        Ok(secret) => (
            Notice {
                error: None,
                new_token: Some(secret),
            },
            StatusCode::OK,
        ),
        Err(error) => (Notice::error(error), StatusCode::BAD_REQUEST),
    };
    let mut response = show(&state, &reader, notice, status).await?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// `POST /account/tokens/revoke`.
pub(super) async fn revoke_token(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let (accounts, signed) = account_of(&state, &reader)?;
    let id = signed.user.id;
    accounts
        .run(move |r| r.revoke_api_token(id, &form.name))
        .await?;
    Ok(back())
}

#[cfg(test)]
mod tests {
    #[test]
    fn kosync_key_is_md5_hex() {
        // MD5("password"), a well-known value.
        assert_eq!(
            super::kosync_key("password"),
            "5f4dcc3b5aa765d61d8327deb882cf99"
        );
    }
}
