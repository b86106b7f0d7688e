//! Recording what one transaction does to works, for the journal.
//!
//! Every work a write touches is "touched" before its first change: its
//! complete state is read then. When the transaction ends, each touched
//! work gets a change-log entry and its journal record: the state before
//! (kept from the first write when an operation writes a work again, as an
//! import does batch after batch) and the fingerprint of the state after.

use super::state::read_state;
use super::write::log_change;
use crate::StoreError;
use rusqlite::Connection;

struct Touched {
    id: i64,
    before: Option<String>,
    trashed_before: bool,
    trashed_after: bool,
}

/// The works one transaction of operation `op` touched.
pub(super) struct Recorder {
    op: i64,
    touched: Vec<Touched>,
}

impl Recorder {
    pub(super) fn new(op: i64) -> Recorder {
        Recorder {
            op,
            touched: Vec::new(),
        }
    }

    /// Notes work `id` before its first change in this transaction and
    /// returns its state then (`None` if it does not exist).
    pub(super) fn touch(
        &mut self,
        tx: &Connection,
        id: i64,
        trashed_before: bool,
    ) -> Result<Option<crate::WorkState>, StoreError> {
        let state = read_state(tx, id)?;
        if !self.touched.iter().any(|t| t.id == id) {
            let before = state.as_ref().map(super::codec::to_json).transpose()?;
            self.touched.push(Touched {
                id,
                before,
                trashed_before,
                trashed_after: false,
            });
        }
        Ok(state)
    }

    /// Notes a work this transaction created.
    pub(super) fn created(&mut self, id: i64) {
        self.touched.push(Touched {
            id,
            before: None,
            trashed_before: false,
            trashed_after: false,
        });
    }

    /// Says that work `id` (touched) ends in the trash.
    pub(super) fn trash(&mut self, id: i64) {
        if let Some(t) = self.touched.iter_mut().find(|t| t.id == id) {
            t.trashed_after = true;
        }
    }

    /// Logs a change for every touched work and writes its record.
    pub(super) fn finish(self, tx: &Connection) -> Result<(), StoreError> {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO operation_works (operation_id, work_id, before, trashed_before,
                 after, trashed_after, change_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (operation_id, work_id) DO UPDATE SET after = excluded.after,
                 trashed_after = excluded.trashed_after, change_seq = excluded.change_seq",
        )?;
        for t in self.touched {
            let seq = log_change(tx, t.id)?;
            let after = read_state(tx, t.id)?.map(|s| s.fingerprint());
            let trashed_after = t.trashed_after && after.is_none();
            upsert.execute(rusqlite::params![
                self.op,
                t.id,
                t.before,
                t.trashed_before,
                after,
                trashed_after,
                seq
            ])?;
        }
        Ok(())
    }
}
