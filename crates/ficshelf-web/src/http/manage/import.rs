//! Importing uploaded files: `GET /admin/import` (the form and the recent
//! jobs), `POST /admin/import` (the upload), `GET /admin/import/{job}`
//! (its progress, refreshing itself with a `Refresh` header while it runs:
//! no script needed, none run from what was uploaded).
//!
//! The upload is a `multipart/form-data` form: the CSRF token first (the
//! middleware leaves it to this handler, see [`super::checks_own_csrf`]),
//! then one or more `files` (story files or zip archives). Each file is
//! streamed to the job's staging folder under the library, the whole
//! upload bounded by the manager's limit; past it, or on any failure
//! before the import starts, the folder is removed and nothing is imported.
//! The import itself is the library's, on a blocking thread with the
//! manager's writer, reporting to the job.

use super::{admin_access, refusal, see_other, Frame};
use crate::http::auth::csrf::{self, Pending};
use crate::http::auth::CurrentReader;
use crate::http::respond::{render, PageError};
use crate::manage::jobs::{Job, Progress, Stage};
use crate::manage::staging::{safe_file_name, Staging};
use crate::manage::{Fresh, ManageError, Manager};
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::response::Response;
use axum::Extension;
use serde::Serialize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// The upload form's address.
pub(crate) const UPLOAD_PATH: &str = "/admin/import";

/// Seconds between reloads of a running job's page.
const REFRESH_SECONDS: &str = "1";

#[derive(Serialize)]
struct JobRow {
    id: u64,
    progress: Progress,
}

#[derive(Serialize)]
struct ImportPage {
    #[serde(flatten)]
    frame: Frame,
    limit_mb: u64,
    running: Option<u64>,
    jobs: Vec<JobRow>,
}

/// `GET /admin/import`.
pub(in crate::http) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let jobs = manager.jobs();
    let context = ImportPage {
        frame: Frame::new(&state, csrf, "import"),
        limit_mb: manager.upload_limit().div_ceil(1 << 20),
        running: jobs.running().map(|job| job.id()),
        jobs: jobs
            .all()
            .into_iter()
            .map(|job| JobRow {
                id: job.id(),
                progress: job.progress(),
            })
            .collect(),
    };
    render(&state, "manage_import", context)
}

#[derive(Serialize)]
struct JobPage {
    #[serde(flatten)]
    frame: Frame,
    id: u64,
    running: bool,
    progress: Progress,
}

/// `GET /admin/import/{job}`.
pub(in crate::http) async fn job(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let job = id
        .parse::<u64>()
        .ok()
        .and_then(|id| manager.jobs().get(id))
        .ok_or(PageError::NotFound)?;
    let progress = job.progress();
    let running = matches!(progress.stage, Stage::Uploading | Stage::Importing);
    let context = JobPage {
        frame: Frame::new(&state, csrf, "import"),
        id: job.id(),
        running,
        progress,
    };
    let mut response = render(&state, "manage_job", context)?;
    if running {
        let headers = response.headers_mut();
        headers.insert("refresh", HeaderValue::from_static(REFRESH_SECONDS));
        // Each reload is a new state of the job: never a cached copy.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// `POST /admin/import`.
pub(in crate::http) async fn upload(
    State(state): State<AppState>,
    reader: CurrentReader,
    pending: Option<Extension<Pending>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let Ok(mut multipart) = multipart else {
        let error = ManageError::Refused("This form takes files (multipart/form-data).".into());
        return refusal(&state, csrf, error, UPLOAD_PATH);
    };
    if let Some(Extension(expected)) = pending {
        if !first_field_is_token(&mut multipart, &expected).await {
            return Ok(csrf::refused());
        }
    }
    let job = match manager.jobs().begin() {
        Ok(job) => job,
        Err(running) => {
            let error = ManageError::Busy(format!(
                "An import is running (job {}); upload again when it is done.",
                running.id()
            ));
            return refusal(
                &state,
                csrf,
                error,
                &format!("/admin/import/{}", running.id()),
            );
        }
    };
    let mut staging = match Staging::create(manager.root(), job.id()) {
        Ok(staging) => staging,
        Err(err) => {
            job.finish(Err(format!("cannot make a folder for the upload: {err}")));
            let error = ManageError::Refused(format!(
                "The upload cannot be kept in the library folder: {err}"
            ));
            return refusal(&state, csrf, error, UPLOAD_PATH);
        }
    };
    let names = match receive(&mut multipart, &mut staging, manager.upload_limit()).await {
        Ok(names) => names,
        Err(error) => {
            staging.remove();
            job.finish(Err(error.to_string()));
            return refusal(&state, csrf, error, UPLOAD_PATH);
        }
    };
    job.importing(names);
    start_import(manager, Arc::clone(&job), staging);
    see_other(&format!("/admin/import/{}", job.id()))
}

/// Whether the form's first field is the CSRF token `expected` wants.
async fn first_field_is_token(multipart: &mut Multipart, expected: &Pending) -> bool {
    let Ok(Some(field)) = multipart.next_field().await else {
        return false;
    };
    if field.name() != Some(csrf::FIELD) {
        return false;
    }
    field
        .text()
        .await
        .is_ok_and(|given| expected.accepts(&given))
}

/// Writes the form's `files` into `staging`; returns the names written.
async fn receive(
    multipart: &mut Multipart,
    staging: &mut Staging,
    limit: u64,
) -> Result<Vec<String>, ManageError> {
    let mut names = Vec::new();
    let mut total: u64 = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("files") {
            continue;
        }
        // A file input with nothing chosen sends an empty name.
        let given = field.file_name().unwrap_or_default().to_string();
        if given.is_empty() {
            continue;
        }
        let Some(name) = safe_file_name(&given) else {
            return Err(ManageError::Refused(format!(
                "“{given}” is not a usable file name."
            )));
        };
        let path = staging.path_for(&name);
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(|err| cannot_write(&name, &err))?;
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            total += chunk.len() as u64;
            if total > limit {
                return Err(ManageError::Refused(format!(
                    "The upload is larger than the limit of {} MB; nothing was imported.",
                    limit.div_ceil(1 << 20)
                )));
            }
            file.write_all(&chunk)
                .await
                .map_err(|err| cannot_write(&name, &err))?;
        }
        file.flush()
            .await
            .map_err(|err| cannot_write(&name, &err))?;
        let written = path
            .file_name()
            .map_or(name, |n| n.to_string_lossy().into_owned());
        names.push(written);
    }
    if names.is_empty() {
        return Err(ManageError::Refused(
            "Choose at least one file to import.".into(),
        ));
    }
    Ok(names)
}

fn unreadable(err: MultipartError) -> ManageError {
    ManageError::Refused(format!("The upload could not be read: {}", err.body_text()))
}

fn cannot_write(name: &str, err: &std::io::Error) -> ManageError {
    tracing::error!(error = %err, file = name, "cannot write an uploaded file");
    ManageError::Refused(format!(
        "{name}: cannot be written to the library folder ({err})."
    ))
}

/// Imports the staged folder on a blocking thread, reporting to `job`.
fn start_import(manager: Arc<Manager>, job: Arc<Job>, staging: Staging) {
    let folder = staging.dir().to_path_buf();
    tokio::task::spawn_blocking(move || {
        // The library keeps a failure to one file; should anything else
        // panic, the job still ends (and the next write reopens the handle).
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            manager.with_writer(None, Fresh::Yes, |library| {
                library.import(std::slice::from_ref(&folder), job.as_ref())
            })
        }))
        .unwrap_or_else(|_panic| {
            Err(ManageError::Refused(
                "The import stopped unexpectedly (see the server's log).".into(),
            ))
        });
        let outcome = outcome.map_err(|error| match error {
            ManageError::Web(err) => {
                tracing::error!(error = %err, "an upload's import failed");
                let mut said = err.to_string();
                let mut source = std::error::Error::source(&err);
                while let Some(cause) = source {
                    said.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                said
            }
            other => other.to_string(),
        });
        job.finish(outcome);
    });
}
