//! Import jobs: one upload imported on a background task, followed by the
//! job page.
//!
//! A job is begun before its upload is read ([`Jobs::begin`] refuses a
//! second while one runs: at most one import per server), follows the
//! library's import through [`ImportObserver`] (files done of the total,
//! the file being read, each skipped file with its one-line reason, works
//! created and updated), and ends with the import's report or the reason
//! it failed. The last [`KEPT_JOBS`] jobs are kept in memory for their pages.

use ficshelf_library::{ImportObserver, ImportReport, SkippedFile};
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

/// How many finished jobs the import page lists.
const KEPT_JOBS: usize = 20;

/// Where a job is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Stage {
    /// The files are being received.
    Uploading,
    /// The library is importing them.
    Importing,
    /// Finished (files may still have been skipped).
    Done,
    /// The upload or the import failed; the reason is in `error`.
    Failed,
}

/// What the job page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Progress {
    pub(crate) stage: Stage,
    /// Names of the files uploaded (as written in the staging folder).
    pub(crate) uploaded: Vec<String>,
    /// Story files found in them (zip entries counted one by one), once known.
    pub(crate) files_total: u64,
    pub(crate) files_done: u64,
    /// The file handled last.
    pub(crate) current: Option<String>,
    pub(crate) skipped: Vec<SkippedFile>,
    pub(crate) works_created: u64,
    pub(crate) works_updated: u64,
    /// The import's report, once done.
    pub(crate) report: Option<ImportReport>,
    pub(crate) error: Option<String>,
}

/// One import job.
#[derive(Debug)]
pub(crate) struct Job {
    id: u64,
    progress: Mutex<Progress>,
}

impl Job {
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// A copy of where the job is now.
    pub(crate) fn progress(&self) -> Progress {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, Progress> {
        // A panic while holding this lock left plain counters behind;
        // they are still worth showing.
        self.progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn is_running(&self) -> bool {
        matches!(self.lock().stage, Stage::Uploading | Stage::Importing)
    }

    /// The upload arrived: `files` are about to be imported.
    pub(crate) fn importing(&self, files: Vec<String>) {
        let mut progress = self.lock();
        progress.uploaded = files;
        progress.stage = Stage::Importing;
    }

    /// The import ended with `outcome`.
    pub(crate) fn finish(&self, outcome: Result<ImportReport, String>) {
        let mut progress = self.lock();
        match outcome {
            Ok(report) => {
                progress.skipped = report
                    .skipped
                    .iter()
                    .map(|skip| SkippedFile {
                        path: shown_name(&skip.path),
                        reason: skip.reason.clone(),
                    })
                    .collect();
                progress.works_created = report.works_created;
                progress.works_updated = report.works_updated;
                progress.report = Some(report);
                progress.stage = Stage::Done;
            }
            Err(reason) => {
                progress.error = Some(reason);
                progress.stage = Stage::Failed;
            }
        }
        progress.current = None;
    }
}

impl ImportObserver for Job {
    fn total(&self, files: u64, _bytes: u64) {
        self.lock().files_total = files;
    }

    fn file_done(&self, path: &str, _bytes: u64) {
        let mut progress = self.lock();
        progress.files_done += 1;
        progress.current = Some(shown_name(path));
    }

    fn work_saved(&self, created: bool) {
        let mut progress = self.lock();
        if created {
            progress.works_created += 1;
        } else {
            progress.works_updated += 1;
        }
    }

    fn file_skipped(&self, skip: &SkippedFile) {
        self.lock().skipped.push(SkippedFile {
            path: shown_name(&skip.path),
            reason: skip.reason.clone(),
        });
    }
}

/// A staged file's path as the page shows it: from the job's folder on
/// (`story.txt`, `stories.zip/one.txt`), never the server's folders.
fn shown_name(path: &str) -> String {
    match path.split_once(super::staging::UPLOADS_DIR) {
        Some((_, rest)) => rest
            .trim_start_matches(['/', '\\'])
            .split_once(['/', '\\'])
            .map_or(rest, |(_job, name)| name)
            .to_string(),
        None => path.rsplit(['/', '\\']).next().unwrap_or(path).to_string(),
    }
}

/// The server's jobs, newest last.
#[derive(Default)]
pub(crate) struct Jobs {
    list: Mutex<VecDeque<Arc<Job>>>,
    next_id: Mutex<u64>,
}

impl Jobs {
    fn list(&self) -> MutexGuard<'_, VecDeque<Arc<Job>>> {
        self.list
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new job, or the running one when there is one (`Err`).
    pub(crate) fn begin(&self) -> Result<Arc<Job>, Arc<Job>> {
        let mut list = self.list();
        if let Some(running) = list.iter().find(|job| job.is_running()) {
            return Err(Arc::clone(running));
        }
        let id = {
            let mut next = self
                .next_id
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            *next += 1;
            *next
        };
        let job = Arc::new(Job {
            id,
            progress: Mutex::new(Progress {
                stage: Stage::Uploading,
                uploaded: Vec::new(),
                files_total: 0,
                files_done: 0,
                current: None,
                skipped: Vec::new(),
                works_created: 0,
                works_updated: 0,
                report: None,
                error: None,
            }),
        });
        list.push_back(Arc::clone(&job));
        while list.len() > KEPT_JOBS {
            list.pop_front();
        }
        Ok(job)
    }

    /// The job running now, if any.
    pub(crate) fn running(&self) -> Option<Arc<Job>> {
        self.list().iter().find(|job| job.is_running()).cloned()
    }

    /// Job `id`, while it is kept.
    pub(crate) fn get(&self, id: u64) -> Option<Arc<Job>> {
        self.list().iter().find(|job| job.id == id).cloned()
    }

    /// Every kept job, newest first.
    pub(crate) fn all(&self) -> Vec<Arc<Job>> {
        self.list().iter().rev().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_runs_at_a_time() {
        let jobs = Jobs::default();
        let first = jobs.begin().expect("first job");
        assert_eq!(jobs.begin().err().map(|j| j.id()), Some(first.id()));
        first.importing(vec!["a.txt".into()]);
        first.finish(Err("no".into()));
        let second = jobs.begin().expect("second job after the first ended");
        assert_ne!(second.id(), first.id());
        assert_eq!(jobs.all().len(), 2);
    }

    #[test]
    fn progress_counts_files_and_works() {
        let jobs = Jobs::default();
        let job = jobs.begin().expect("job");
        job.total(2, 10);
        job.file_done("/lib/uploads/7-1/one.txt", 5);
        job.file_skipped(&SkippedFile {
            path: "/lib/uploads/7-1/bundle.zip/two.pdf".into(),
            reason: "PDF is not read".into(),
        });
        job.work_saved(true);
        let progress = job.progress();
        assert_eq!((progress.files_total, progress.files_done), (2, 1));
        assert_eq!(progress.current.as_deref(), Some("one.txt"));
        assert_eq!(progress.skipped[0].path, "bundle.zip/two.pdf");
        assert_eq!(progress.works_created, 1);
    }
}
