//! The import progress bar (files, MB, works), drawn only on a terminal.

use ficshelf_library::ImportObserver;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct ImportProgress {
    bar: ProgressBar,
    files: AtomicU64,
    total_files: AtomicU64,
    works: AtomicU64,
}

impl ImportProgress {
    pub fn new() -> ImportProgress {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let style = ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg} [{elapsed_precise}, eta {eta}]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        ImportProgress {
            bar,
            files: AtomicU64::new(0),
            total_files: AtomicU64::new(0),
            works: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn update_message(&self) {
        self.bar.set_message(format!(
            "files {}/{} · works {}",
            self.files.load(Ordering::Relaxed),
            self.total_files.load(Ordering::Relaxed),
            self.works.load(Ordering::Relaxed)
        ));
    }
}

impl ImportObserver for ImportProgress {
    fn total(&self, files: u64, bytes: u64) {
        self.total_files.store(files, Ordering::Relaxed);
        self.bar.set_length(bytes);
        self.update_message();
    }

    fn file_done(&self, _path: &str, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bar.inc(bytes);
        self.update_message();
    }

    fn work_saved(&self, _created: bool) {
        self.works.fetch_add(1, Ordering::Relaxed);
        self.update_message();
    }
}
