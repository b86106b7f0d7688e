//! A few catalog handles for concurrent reads.
//!
//! A [`Catalog`] is `Send` but not `Sync` (a SQLite connection is not), so
//! each handle sits behind its own mutex. A read takes the first free handle,
//! starting from a rotating index, and waits for one only when all are busy.
//! Several [`Library`](ficshelf_library::Library) handles on one folder read
//! concurrently: SQLite in WAL mode lets readers proceed side by side.

use crate::catalog::Catalog;
use crate::WebError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, TryLockError};

/// Catalog handles, at least one.
pub(crate) struct Pool {
    handles: Vec<Mutex<Box<dyn Catalog>>>,
    next: AtomicUsize,
}

impl Pool {
    /// A pool of `first` and `more`.
    pub(crate) fn new(first: Box<dyn Catalog>, more: Vec<Box<dyn Catalog>>) -> Pool {
        let handles = std::iter::once(first).chain(more).map(Mutex::new).collect();
        Pool {
            handles,
            next: AtomicUsize::new(0),
        }
    }

    /// A pool of `handles`, `None` when there are none.
    pub(crate) fn from_handles(handles: Vec<Box<dyn Catalog>>) -> Option<Pool> {
        let mut handles = handles.into_iter();
        let first = handles.next()?;
        Some(Pool::new(first, handles.collect()))
    }

    /// How many handles the pool holds.
    pub(crate) fn len(&self) -> usize {
        self.handles.len()
    }

    /// Runs `read` with a handle, blocking until one is free.
    pub(crate) fn with<T>(&self, read: impl FnOnce(&dyn Catalog) -> T) -> Result<T, WebError> {
        let count = self.handles.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        for offset in 0..count {
            match self.handles[(start + offset) % count].try_lock() {
                Ok(handle) => return Ok(read(handle.as_ref())),
                Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Poisoned(_)) => return Err(WebError::LibraryPoisoned),
            }
        }
        let handle = self.handles[start]
            .lock()
            .map_err(|_poisoned| WebError::LibraryPoisoned)?;
        Ok(read(handle.as_ref()))
    }
}
