//! KF8 (AZW3, and the second half of a joint MOBI): the text is a set of
//! flows (`FDST` gives their bounds; flow 0 is the book's XHTML, the others
//! stylesheets and SVG), and flow 0 stores each XHTML file as a skeleton
//! (the file with its body's contents cut out) followed by the fragments
//! that go back into it. The skeleton and fragment indexes say where; this
//! module puts the files back together, as calibre's and KindleUnpack's
//! readers do.

use super::header::Header;
use super::index::Index;
use super::pdb::{be_u32, Pdb};
use super::MobiError;

/// One XHTML file of the book and the span of flow 0 it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub bytes: Vec<u8>,
    pub start: usize,
    pub end: usize,
}

/// Flow 0 of the part whose record 0 is `base`, from its decompressed text.
pub(crate) fn flow0<'t>(
    pdb: &Pdb,
    base: usize,
    header: &Header,
    text: &'t [u8],
) -> Result<&'t [u8], MobiError> {
    let Some(fdst) = header.fdst else {
        return Ok(text);
    };
    let record = pdb.record(base + fdst as usize)?;
    if record.get(..4) != Some(b"FDST") {
        return Err(MobiError::Corrupt("FDST record missing".into()));
    }
    let table = be_u32(record, 4).unwrap_or(12) as usize;
    let count = be_u32(record, 8).unwrap_or(0);
    if count == 0 {
        return Ok(text);
    }
    let (Some(start), Some(end)) = (be_u32(record, table), be_u32(record, table + 4)) else {
        return Err(MobiError::Truncated("FDST table"));
    };
    text.get(start as usize..end as usize)
        .ok_or_else(|| MobiError::Corrupt(format!("flow 0 ({start}..{end}) outside the text")))
}

/// The XHTML files of a KF8 part, in reading order. Without skeleton and
/// fragment indexes flow 0 is one file.
pub(crate) fn parts(
    pdb: &Pdb,
    base: usize,
    header: &Header,
    flow: &[u8],
) -> Result<Vec<Part>, MobiError> {
    let (Some(skel), Some(frag)) = (header.skeleton_index, header.fragment_index) else {
        return Ok(vec![Part {
            bytes: flow.to_vec(),
            start: 0,
            end: flow.len(),
        }]);
    };
    let skeletons = Index::read(pdb, base + skel as usize)?;
    let fragments = Index::read(pdb, base + frag as usize)?;
    let mut fragments = fragments.entries.iter();
    let mut out = Vec::with_capacity(skeletons.entries.len().min(flow.len()));
    // Each byte of flow 0 belongs to one file: more than that in all means
    // overlapping spans, which could otherwise copy the flow many times.
    let mut total = 0usize;
    // Inserting a fragment moves the skeleton's tail; real files insert
    // near the end, so a budget of moved bytes bounds hostile ones in time.
    let mut moved = 0usize;
    let budget = flow.len().saturating_mul(16).max(1 << 20);
    for skeleton in &skeletons.entries {
        let bad = |what: &str| {
            MobiError::Corrupt(format!(
                "skeleton {}: {what}",
                String::from_utf8_lossy(&skeleton.name)
            ))
        };
        let count = skeleton
            .value(1, 0)
            .ok_or_else(|| bad("no fragment count"))?;
        let (Some(start), Some(len)) = (skeleton.value(6, 0), skeleton.value(6, 1)) else {
            return Err(bad("no position"));
        };
        let start = usize::try_from(start).map_err(|_| bad("position out of range"))?;
        let mut next = start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        let mut file = flow
            .get(start..next)
            .ok_or_else(|| bad("outside flow 0"))?
            .to_vec();
        for _ in 0..count {
            let fragment = fragments.next().ok_or_else(|| bad("fragments missing"))?;
            let insert: usize = std::str::from_utf8(&fragment.name)
                .ok()
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| bad("fragment without an insert position"))?;
            let len = fragment
                .value(6, 1)
                .and_then(|l| usize::try_from(l).ok())
                .ok_or_else(|| bad("fragment without a length"))?;
            let piece = flow
                .get(next..next.saturating_add(len))
                .ok_or_else(|| bad("fragment outside flow 0"))?;
            let at = insert
                .checked_sub(start)
                .filter(|&at| at <= file.len())
                .ok_or_else(|| bad("fragment inserted outside its skeleton"))?;
            moved = moved.saturating_add(file.len() - at);
            if moved > budget {
                return Err(bad("too many fragments inserted early in their file"));
            }
            file.splice(at..at, piece.iter().copied());
            next += len;
        }
        total += file.len();
        if total > flow.len() {
            return Err(bad("files overlap in flow 0"));
        }
        out.push(Part {
            bytes: file,
            start,
            end: next,
        });
    }
    Ok(out)
}
