//! The HTTP layer: routes, handlers and the headers every response gets.
//!
//! Public items:
//! - [`router`]: the whole application for an [`AppState`].
//!
//! Routes, by module:
//! - [`listing`]: `GET /` and `GET /works`;
//! - [`reader`]: `GET /works/{id}` (with `?view_full_work=true`),
//!   `GET /works/{id}/chapters/{n}` and the chapter menu's
//!   `GET /works/{id}/chapters?chapter=n`;
//! - [`gate`]: the adult-content gate and its answer, `POST /works/{id}/view_adult`;
//! - [`download`]: `GET /works/{id}/download.epub` (`.html`, `.txt`, `.json`);
//! - [`images`]: `GET /works/{id}/assets/{sha256}`, the images kept with a work;
//! - [`api`]: `GET /api/works`, `/api/works/{id}`, `/api/works/{id}/chapters/{n}`;
//! - [`opds`]: the OPDS catalog for e-reader apps, `GET /opds` and below;
//! - [`auth`]: who is reading (session cookie, API token, HTTP Basic), the
//!   sign-in wall of a library with accounts, CSRF checks, each reader's
//!   limits on a work's pages; `GET`/`POST /login`, `POST /logout`,
//!   `POST /logout/everywhere`;
//! - [`account`]: `GET /account` and its forms (preferences, mutes, the
//!   KOReader sync password, API tokens);
//! - [`reading`]: reading positions that follow a signed-in reader,
//!   `GET /works/{id}/reading`, `PUT /works/{id}/reading/{chapter}`;
//! - [`shelf`]: bookmarks and Marked for Later, `GET`/`POST /works/{id}/shelf`;
//! - [`admin`]: `GET`/`POST /admin/readers`, administrators managing
//!   accounts (as `ficshelf user` does);
//! - [`manage`]: administrators managing the library — `/admin/import`
//!   (uploads imported with progress), `/works/{id}/manage` (edit, delete,
//!   merge, split), `/admin/trash`, `/admin/history` (undo), through
//!   [`crate::manage`], the web's one write path;
//! - [`my_shelf`]: `GET /shelf`, the reader's continue reading, new
//!   chapters in bookmarked works, Marked for Later, bookmarks (by their
//!   own tags) and history, the first three also on `/`;
//! - [`bookmarks`]: public bookmarks, `GET /works/{id}/bookmarks` and
//!   `GET /readers/{name}/bookmarks`;
//! - [`reader_works`]: the works a signed-in reader may see, by id;
//! - [`kosync`]: KOReader's progress sync, `/users/…` and `/syncs/progress`;
//! - [`headers`]: `GET /assets/{name}`, plus the security headers and entity
//!   tags every response gets.
//!
//! [`respond`] renders pages and turns failures into the 404 and 500 pages.
//! Compression wraps everything.

mod account;
mod admin;
mod api;
pub(crate) mod auth;
mod bookmarks;
mod download;
mod gate;
mod headers;
pub(crate) mod images;
mod kosync;
mod listing;
pub(crate) mod manage;
mod my_shelf;
mod opds;
mod reader;
mod reader_works;
mod reading;
mod respond;
mod search;
mod shelf;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The application: every route, with error pages, entity tags,
/// compression and security headers applied.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .route("/", get(listing::home))
        .route("/works", get(listing::works))
        .route("/works/{id}", get(reader::work))
        .route("/works/{id}/chapters", get(reader::menu_choice))
        .route("/works/{id}/chapters/{number}", get(reader::chapter))
        .route("/works/{id}/view_adult", post(gate::answer))
        .route("/works/{id}/download.epub", get(download::epub))
        .route("/works/{id}/download.html", get(download::html))
        .route("/works/{id}/download.txt", get(download::txt))
        .route("/works/{id}/download.json", get(download::json))
        .route("/works/{id}/assets/{sha256}", get(images::asset))
        .route("/search", get(search::page))
        .route("/api/search", get(search::api))
        .route("/api/works", get(api::works))
        .route("/api/works/{id}", get(api::work))
        .route("/api/works/{id}/chapters/{number}", get(api::chapter))
        .route("/assets/{name}", get(headers::asset))
        .route("/opds", get(opds::root))
        .route("/opds/opensearch.xml", get(opds::opensearch))
        .route("/opds/works", get(opds::works))
        .route("/opds/search", get(opds::search))
        .route("/opds/{kind}", get(opds::browse))
        .route("/login", get(auth::signin::form).post(auth::signin::submit))
        .route("/logout", post(auth::signin::sign_out))
        .route(
            "/logout/everywhere",
            post(auth::signin::sign_out_everywhere),
        )
        .route("/account", get(account::page))
        .route("/account/preferences", post(account::preferences))
        .route("/account/mutes", post(account::add_mute))
        .route("/account/mutes/remove", post(account::remove_mute))
        .route("/account/kosync", post(account::set_kosync))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/revoke", post(account::revoke_token))
        .route("/works/{id}/reading", get(reading::positions))
        .route("/works/{id}/reading/{chapter}", put(reading::save))
        .route("/works/{id}/shelf", get(shelf::page).post(shelf::change))
        .route("/shelf", get(my_shelf::page))
        .route("/works/{id}/bookmarks", get(bookmarks::of_work))
        .route("/readers/{name}/bookmarks", get(bookmarks::of_reader))
        .route("/admin/readers", get(admin::page).post(admin::change))
        .route(
            manage::import::UPLOAD_PATH,
            get(manage::import::page)
                .post(manage::import::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/admin/import/{job}", get(manage::import::job))
        .route(
            "/admin/history",
            get(manage::journal::history).post(manage::journal::undo),
        )
        .route(
            "/admin/trash",
            get(manage::journal::trash).post(manage::journal::restore),
        )
        .route(
            "/works/{id}/manage",
            get(manage::work::page).post(manage::work::change),
        )
        .route("/users/create", post(kosync::create_user))
        .route("/users/auth", get(kosync::authorize))
        .route("/syncs/progress", put(kosync::update_progress))
        .route("/syncs/progress/{document}", get(kosync::get_progress))
        .fallback(respond::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            respond::render_error_pages,
        ))
        .layer(axum::middleware::from_fn(headers::entity_tags))
        .layer(CompressionLayer::new());
    headers::security_headers()
        .into_iter()
        .fold(router, |router, (name, value)| {
            router.layer(SetResponseHeaderLayer::overriding(name, value))
        })
        .with_state(state)
}
