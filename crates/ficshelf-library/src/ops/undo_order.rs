//! Which operation a plain `undo` (no operation named) reverses.
//!
//! Plain `undo` walks the library back in time, one operation per call,
//! like an editor's undo: it reverses the newest operation in effect,
//! where the undos made by walking back do not count (otherwise a second
//! `undo` would redo the first). An undo of a named operation (`undo 5`)
//! is a change like any other: the walk reverses it in its turn (which
//! re-applies what it had undone), and reverses a redo (an undo of an
//! undo) by undoing its original operation again.
//!
//! Whether an undo was a step of the walk is not stored: it is the undo of
//! the operation the walk would have taken at its place in the journal,
//! which the journal alone decides (who reversed what, and when, from each
//! undo's `reverses`). Walking back in this order always succeeds: each
//! step finds its works as the operation left them.

use ficshelf_store::{Operation, OperationKind};
use std::collections::HashMap;

/// The journal, ordered, with each operation's undos.
struct Timeline<'a> {
    /// Oldest first.
    ops: Vec<&'a Operation>,
    by_id: HashMap<u64, &'a Operation>,
    /// Ids of the undos that reversed each operation (at some time).
    undos_of: HashMap<u64, Vec<u64>>,
    /// For each undo, whether it was a step of the walk back.
    step_back: HashMap<u64, bool>,
}

/// The operation plain `undo` reverses, `None` when there is nothing left
/// to undo (undos and purges themselves are never the answer, but a named
/// undo is: reversing it re-applies what it undid).
pub(super) fn plain_undo_target(operations: &[Operation]) -> Option<Operation> {
    let timeline = Timeline::new(operations);
    timeline.newest_in_effect(u64::MAX).cloned()
}

impl<'a> Timeline<'a> {
    fn new(operations: &'a [Operation]) -> Timeline<'a> {
        let mut ops: Vec<&Operation> = operations.iter().collect();
        ops.sort_by_key(|o| o.id);
        let by_id = ops.iter().map(|o| (o.id, *o)).collect();
        let mut undos_of: HashMap<u64, Vec<u64>> = HashMap::new();
        for op in &ops {
            if let Some(target) = op.reverses {
                undos_of.entry(target).or_default().push(op.id);
            }
        }
        let mut timeline = Timeline {
            ops,
            by_id,
            undos_of,
            step_back: HashMap::new(),
        };
        // Oldest first: deciding an undo looks only at earlier ones.
        let undos: Vec<&Operation> = timeline
            .ops
            .iter()
            .copied()
            .filter(|o| o.kind == OperationKind::Undo)
            .collect();
        for undo in undos {
            let walked = timeline.newest_in_effect(undo.id).map(|o| o.id);
            let step = walked.is_some() && walked == undo.reverses;
            timeline.step_back.insert(undo.id, step);
        }
        timeline
    }

    /// Whether `id` was in effect just before operation `before` ran: not
    /// reversed by an undo that was itself in effect then.
    fn in_effect(&self, id: u64, before: u64) -> bool {
        !self.undos_of.get(&id).is_some_and(|undos| {
            undos
                .iter()
                .any(|&u| u < before && self.in_effect(u, before))
        })
    }

    /// The operation plain `undo` would have reversed just before `before`.
    fn newest_in_effect(&self, before: u64) -> Option<&'a Operation> {
        for op in self.ops.iter().rev().filter(|o| o.id < before) {
            if op.purged || op.kind == OperationKind::Purge || !self.in_effect(op.id, before) {
                continue;
            }
            if op.kind != OperationKind::Undo {
                return Some(op);
            }
            if self.step_back.get(&op.id).copied().unwrap_or(false) {
                continue;
            }
            // A named undo. Of an undo (a redo): its original is undone
            // again, if it stands; otherwise the walk goes on past it.
            let target = op.reverses.and_then(|t| self.by_id.get(&t).copied());
            match target {
                Some(undone) if undone.kind == OperationKind::Undo => {
                    let original = undone.reverses.and_then(|o| self.by_id.get(&o).copied());
                    if let Some(original) =
                        original.filter(|o| !o.purged && self.in_effect(o.id, before))
                    {
                        return Some(original);
                    }
                }
                _ => return Some(op),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: u64, kind: OperationKind, reverses: Option<u64>) -> Operation {
        Operation {
            id,
            kind,
            summary: String::new(),
            at: 0,
            reverses,
            reversed_by: None,
            purged: false,
            works: Vec::new(),
        }
    }

    fn target(ops: &[Operation]) -> Option<u64> {
        plain_undo_target(ops).map(|o| o.id)
    }

    use OperationKind::{Delete, Import, Undo};

    #[test]
    fn plain_undos_walk_back_one_operation_each() {
        let mut ops = vec![op(1, Import, None), op(2, Delete, None)];
        assert_eq!(target(&ops), Some(2));
        ops.push(op(3, Undo, Some(2)));
        assert_eq!(target(&ops), Some(1));
        ops.push(op(4, Undo, Some(1)));
        assert_eq!(target(&ops), None);
    }

    /// Regression (found by the model test): after `undo 2` named an
    /// older delete, plain `undo` took the newer delete 4, which was refused
    /// (the work 2 would bring back holds a key the restored work 1 has),
    /// and the library could not be walked back.
    #[test]
    fn a_named_undo_is_walked_back_first() {
        let mut ops = vec![
            op(1, Import, None),
            op(2, Delete, None),
            op(3, Import, None),
            op(4, Delete, None),
            op(5, Undo, Some(2)),
        ];
        assert_eq!(target(&ops), Some(5));
        ops.push(op(6, Undo, Some(5))); // redoes 2
        assert_eq!(target(&ops), Some(4));
        ops.push(op(7, Undo, Some(4)));
        assert_eq!(target(&ops), Some(3));
        ops.push(op(8, Undo, Some(3)));
        assert_eq!(target(&ops), Some(2));
        ops.push(op(9, Undo, Some(2)));
        assert_eq!(target(&ops), Some(1));
        ops.push(op(10, Undo, Some(1)));
        assert_eq!(target(&ops), None);
    }

    /// A redo (`undo` of an undo) is walked back by undoing its original.
    #[test]
    fn a_redo_is_walked_back_by_undoing_its_original() {
        let mut ops = vec![
            op(1, Import, None),
            op(2, Undo, Some(1)),
            op(3, Import, None),
            op(4, Delete, None),
            op(5, Undo, Some(2)),
        ];
        assert_eq!(target(&ops), Some(1));
        ops.push(op(6, Undo, Some(1)));
        assert_eq!(target(&ops), Some(4));
        ops.push(op(7, Undo, Some(4)));
        assert_eq!(target(&ops), Some(3));
        ops.push(op(8, Undo, Some(3)));
        assert_eq!(target(&ops), None);
    }

    #[test]
    fn purged_operations_and_purges_are_never_taken() {
        let mut purged = op(2, Delete, None);
        purged.purged = true;
        let ops = vec![
            op(1, Import, None),
            purged,
            op(3, OperationKind::Purge, None),
        ];
        assert_eq!(target(&ops), Some(1));
    }
}
