//! The documents Ficshelf hands to tantivy's index writer, and the bound on
//! how much of them may wait to be indexed.
//!
//! [`IndexDoc`] implements tantivy's `Document` itself instead of filling a
//! `TantivyDocument`, which copies every value into its own buffer: a
//! chapter's text is made once and shared (`Arc`) by the work document,
//! where it is indexed, and the chapter document, where it is stored.
//!
//! The writer queues up to 10,000 documents for its indexing threads, a
//! bound in documents, not bytes: with whole works of text in them the
//! queue alone could hold gigabytes while indexing falls behind. The
//! documents of a work therefore share a [`Ticket`] for its text bytes from
//! a [`TextGate`], returned when the indexing threads have dropped them all,
//! and the gate makes the writer's caller wait while too many bytes are out.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tantivy::schema::document::{Document, ReferenceValue, ReferenceValueLeaf, Value};
use tantivy::schema::Field;

/// One value of an [`IndexDoc`].
#[derive(Debug)]
pub(crate) enum Leaf {
    Text(String),
    /// Text shared with another document (a chapter's text).
    Shared(Arc<String>),
    U64(u64),
    Bytes(Vec<u8>),
}

impl<'a> Value<'a> for &'a Leaf {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        let leaf: &'a Leaf = self;
        ReferenceValue::Leaf(match leaf {
            Leaf::Text(text) => ReferenceValueLeaf::Str(text),
            Leaf::Shared(text) => ReferenceValueLeaf::Str(text.as_str()),
            Leaf::U64(n) => ReferenceValueLeaf::U64(*n),
            Leaf::Bytes(bytes) => ReferenceValueLeaf::Bytes(bytes),
        })
    }
}

/// A document for the index writer: its field values, and the ticket for
/// the text it holds.
#[derive(Debug, Default)]
pub(crate) struct IndexDoc {
    values: Vec<(Field, Leaf)>,
    ticket: Option<Arc<Ticket>>,
}

impl IndexDoc {
    pub(crate) fn add_text(&mut self, field: Field, text: impl Into<String>) {
        self.values.push((field, Leaf::Text(text.into())));
    }

    pub(crate) fn add_shared_text(&mut self, field: Field, text: &Arc<String>) {
        self.values.push((field, Leaf::Shared(Arc::clone(text))));
    }

    pub(crate) fn add_u64(&mut self, field: Field, value: u64) {
        self.values.push((field, Leaf::U64(value)));
    }

    pub(crate) fn add_bytes(&mut self, field: Field, bytes: Vec<u8>) {
        self.values.push((field, Leaf::Bytes(bytes)));
    }

    /// Attaches the ticket returned to the gate when the last document
    /// holding it is dropped.
    pub(crate) fn set_ticket(&mut self, ticket: &Arc<Ticket>) {
        self.ticket = Some(Arc::clone(ticket));
    }
}

type FieldValues<'a> =
    std::iter::Map<std::slice::Iter<'a, (Field, Leaf)>, fn(&'a (Field, Leaf)) -> (Field, &'a Leaf)>;

impl Document for IndexDoc {
    type Value<'a> = &'a Leaf;
    type FieldsValuesIter<'a> = FieldValues<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        fn pair((field, value): &(Field, Leaf)) -> (Field, &Leaf) {
            (*field, value)
        }
        self.values.iter().map(pair)
    }
}

/// Counts the text bytes handed to the writer and not yet indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextGate {
    out: Arc<(Mutex<usize>, Condvar)>,
}

/// How long [`TextGate::admit`] waits for the indexing threads before it
/// lets a document through anyway: they only stop taking documents when
/// they have failed, and then the writer reports the error.
const LONGEST_WAIT: Duration = Duration::from_secs(120);

impl TextGate {
    /// Waits until `bytes` more fit under `limit` (a document is always let
    /// through when nothing else is out), and counts them out.
    pub(crate) fn admit(&self, bytes: usize, limit: usize) -> Ticket {
        let (count, returned) = &*self.out;
        let deadline = Instant::now() + LONGEST_WAIT;
        let mut out = count.lock().unwrap_or_else(PoisonError::into_inner);
        while *out > 0 && out.saturating_add(bytes) > limit {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            out = returned
                .wait_timeout(out, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *out = out.saturating_add(bytes);
        Ticket {
            gate: self.clone(),
            bytes,
        }
    }

    /// Bytes out now.
    #[cfg(test)]
    fn out(&self) -> usize {
        *self.out.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Bytes counted out of a [`TextGate`], returned when dropped.
#[derive(Debug)]
pub(crate) struct Ticket {
    gate: TextGate,
    bytes: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let (count, returned) = &*self.gate.out;
        let mut out = count.lock().unwrap_or_else(PoisonError::into_inner);
        *out = out.saturating_sub(self.bytes);
        returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_waits_until_others_are_indexed() {
        let gate = TextGate::default();
        let first = gate.admit(60, 100);
        let alone = gate.out();
        assert_eq!(alone, 60);
        let waiting = {
            let gate = gate.clone();
            std::thread::spawn(move || {
                let ticket = gate.admit(60, 100);
                drop(ticket);
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(gate.out(), 60, "the second document must wait");
        drop(first);
        waiting.join().expect("the waiting thread");
        assert_eq!(gate.out(), 0);
    }

    #[test]
    fn a_large_document_alone_goes_through() {
        let gate = TextGate::default();
        let ticket = gate.admit(1_000, 100);
        assert_eq!(gate.out(), 1_000);
        drop(ticket);
        assert_eq!(gate.out(), 0);
    }
}
