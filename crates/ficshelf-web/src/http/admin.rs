//! Administrators manage readers from the browser: `GET /admin/readers`
//! lists the accounts; `POST /admin/readers` with `action` = `add`,
//! `max_rating`, `make_admin`, `revoke_admin`, `sign_out` or `remove` does
//! what `ficshelf user …` does, through the same library operations. Not
//! an administrator: a 404, as if the page did not exist. An administrator
//! cannot remove themself or drop their own flag here (the CLI can), so the
//! library is never left with nobody to manage it by mistake.

use super::auth::CurrentReader;
use super::respond::{render, PageError};
use crate::view::Layout;
use crate::AppState;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use ficshelf_library::readers::ReaderError;
use ficshelf_model::Rating;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ReaderRow {
    name: String,
    admin: bool,
    max_rating: Option<&'static str>,
}

#[derive(Serialize)]
struct RatingChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct ReadersPage {
    layout: Layout,
    csrf: String,
    me: String,
    readers: Vec<ReaderRow>,
    ratings: Vec<RatingChoice>,
    error: Option<String>,
}

/// The signed-in administrator, or a 404.
pub(super) fn administrator(
    reader: &CurrentReader,
) -> Result<&super::auth::SignedInReader, PageError> {
    reader
        .signed_in()
        .map(|r| r.as_ref())
        .filter(|r| r.user.admin)
        .ok_or(PageError::NotFound)
}

/// `GET /admin/readers`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
) -> Result<Response, PageError> {
    show(&state, &reader, None).await
}

async fn show(
    state: &AppState,
    reader: &CurrentReader,
    error: Option<String>,
) -> Result<Response, PageError> {
    let admin = administrator(reader)?;
    let accounts = state.accounts().ok_or(PageError::NotFound)?;
    let users = accounts.run(|r| r.users()).await?;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let context = ReadersPage {
        layout: Layout::new(state.max_rating()),
        csrf: admin.csrf(),
        me: admin.user.name.clone(),
        readers: users
            .into_iter()
            .map(|u| ReaderRow {
                name: u.name,
                admin: u.admin,
                max_rating: u.max_rating.map(Rating::as_str),
            })
            .collect(),
        ratings: Rating::ALL
            .into_iter()
            .map(|r| RatingChoice {
                value: r.as_str(),
                label: r.display_name(),
            })
            .collect(),
        error,
    };
    let mut response = render(state, "readers", context)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The form: which action, on which account, with what.
#[derive(Deserialize)]
pub(super) struct ReaderForm {
    action: String,
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    max_rating: String,
    #[serde(default)]
    admin: Option<String>,
}

/// A rating limit from the form: `none` or a rating's machine name.
fn rating_limit(value: &str) -> Result<Option<Rating>, String> {
    if value == "none" || value.is_empty() {
        return Ok(None);
    }
    Rating::from_machine_name(value)
        .map(Some)
        .ok_or_else(|| format!("“{value}” is not a rating."))
}

/// `POST /admin/readers`.
pub(super) async fn change(
    State(state): State<AppState>,
    reader: CurrentReader,
    Form(form): Form<ReaderForm>,
) -> Result<Response, PageError> {
    let admin = administrator(&reader)?;
    let accounts = state.accounts().ok_or(PageError::NotFound)?;
    let limit = match rating_limit(&form.max_rating) {
        Ok(limit) => limit,
        Err(error) => return show(&state, &reader, Some(error)).await,
    };
    let myself = admin.user.name.to_lowercase() == form.name.to_lowercase();
    if myself && matches!(form.action.as_str(), "remove" | "revoke_admin") {
        let error = "Use `ficshelf user` to remove yourself or your own administrator flag.";
        return show(&state, &reader, Some(error.to_string())).await;
    }
    let outcome = accounts
        .run(move |r| {
            let name = form.name.as_str();
            let done = match form.action.as_str() {
                "add" => r
                    .add_user(name, &form.password, form.admin.is_some(), limit)
                    .map(|_| ()),
                "max_rating" => r.set_max_rating(name, limit).map(|_| ()),
                "make_admin" => r.set_admin(name, true).map(|_| ()),
                "revoke_admin" => r.set_admin(name, false).map(|_| ()),
                "sign_out" => r
                    .user_named(name)
                    .and_then(|u| r.sign_out_everywhere(u.id))
                    .map(|_| ()),
                "remove" => r.remove_user(name),
                other => return Ok(Some(format!("“{other}” is not something this form does."))),
            };
            match done {
                Ok(()) => Ok(None),
                Err(
                    e @ (ReaderError::InvalidName { .. }
                    | ReaderError::NameTaken { .. }
                    | ReaderError::UnknownUser { .. }
                    | ReaderError::WeakPassword { .. }),
                ) => Ok(Some(e.to_string())),
                Err(e) => Err(e),
            }
        })
        .await?;
    if let Some(error) = outcome {
        return show(&state, &reader, Some(error)).await;
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/admin/readers"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::rating_limit;
    use ficshelf_model::Rating;

    #[test]
    fn rating_limits_read_from_the_form() {
        assert_eq!(rating_limit("none"), Ok(None));
        assert_eq!(rating_limit("teen"), Ok(Some(Rating::Teen)));
        assert!(rating_limit("PG").is_err());
    }
}
