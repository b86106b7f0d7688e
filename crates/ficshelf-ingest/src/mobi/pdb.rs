//! The Palm database container every MOBI, AZW3 and PalmDOC file is: a
//! 78-byte header (name, type and creator at offset 60 — `BOOKMOBI` or
//! `TEXtREAd`) and a table of record offsets. Records are slices of the
//! file between consecutive offsets; every offset is checked against the
//! file before any record is read.

use super::MobiError;

/// Length of the Palm database header before the record table.
const HEADER_LEN: usize = 78;
/// Bytes per entry in the record table (offset, attributes, unique id).
const ENTRY_LEN: usize = 8;

/// What the type and creator at offset 60 say the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PdbKind {
    /// `BOOKMOBI`: MOBI 6, KF8 (AZW3) or both.
    Mobi,
    /// `TEXtREAd`: a plain PalmDOC text.
    PalmDoc,
}

/// Type and creator of a MOBI book, at offset 60.
pub(crate) const MOBI_MAGIC: &[u8] = b"BOOKMOBI";
/// Type and creator of a PalmDOC text, at offset 60.
pub(crate) const PALMDOC_MAGIC: &[u8] = b"TEXtREAd";

/// The kind of Palm database `bytes` starts with, if any.
pub(crate) fn kind_of(bytes: &[u8]) -> Option<PdbKind> {
    match bytes.get(60..68)? {
        m if m == MOBI_MAGIC => Some(PdbKind::Mobi),
        m if m == PALMDOC_MAGIC => Some(PdbKind::PalmDoc),
        _ => None,
    }
}

/// A Palm database held in memory, its record table checked.
pub(crate) struct Pdb<'a> {
    bytes: &'a [u8],
    /// Where each record starts; record `i` ends where `i + 1` starts
    /// (the last at the end of the file).
    starts: Vec<usize>,
    pub kind: PdbKind,
}

impl<'a> Pdb<'a> {
    /// Reads the header and record table of `bytes`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Pdb<'a>, MobiError> {
        if bytes.len() < HEADER_LEN {
            return Err(MobiError::Truncated("Palm database header"));
        }
        let kind = kind_of(bytes).ok_or(MobiError::NotMobi)?;
        let count = usize::from(u16::from_be_bytes([bytes[76], bytes[77]]));
        let table_end = HEADER_LEN + count * ENTRY_LEN;
        if count == 0 {
            return Err(MobiError::Corrupt("the file has no records".into()));
        }
        if table_end > bytes.len() {
            return Err(MobiError::Truncated("record table"));
        }
        let mut starts = Vec::with_capacity(count);
        for i in 0..count {
            let at = HEADER_LEN + i * ENTRY_LEN;
            let start = be_u32(bytes, at).map_or(usize::MAX, |v| v as usize);
            if start < table_end || start > bytes.len() {
                return Err(MobiError::Corrupt(format!(
                    "record {i} starts at byte {start}, outside the file ({} bytes)",
                    bytes.len()
                )));
            }
            if starts.last().is_some_and(|&prev| start < prev) {
                return Err(MobiError::Corrupt(format!(
                    "record {i} starts before the record ahead of it"
                )));
            }
            starts.push(start);
        }
        Ok(Pdb {
            bytes,
            starts,
            kind,
        })
    }

    /// How many records the file has.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Record `index`, or an error naming it when there is no such record.
    pub(crate) fn record(&self, index: usize) -> Result<&'a [u8], MobiError> {
        let start = *self
            .starts
            .get(index)
            .ok_or(MobiError::MissingRecord(index))?;
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.bytes.len());
        Ok(&self.bytes[start..end])
    }
}

/// The big-endian `u32` at `at`, if the slice holds it.
pub(crate) fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The big-endian `u16` at `at`, if the slice holds it.
pub(crate) fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}
