//! MOBI index tables (`INDX` records): the KF8 skeleton and fragment tables
//! and the NCX table of contents. A main `INDX` record holds the tag
//! description (`TAGX`) and how many index records follow; each of those
//! lists entries (a name and tagged values, located by its `IDXT` table);
//! label strings live in `CNCX` records after them.
//!
//! Layout as calibre and KindleUnpack read it; every offset is checked.

use super::pdb::{be_u16, be_u32, Pdb};
use super::MobiError;

/// One index entry: its name and its values by tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexEntry {
    pub name: Vec<u8>,
    pub tags: Vec<(u8, Vec<u64>)>,
}

impl IndexEntry {
    /// The values of `tag`, if the entry has it.
    pub(crate) fn tag(&self, tag: u8) -> Option<&[u64]> {
        self.tags
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_slice())
    }

    /// The `n`th value of `tag`.
    pub(crate) fn value(&self, tag: u8, n: usize) -> Option<u64> {
        self.tag(tag)?.get(n).copied()
    }
}

/// An index: its entries in order and the records holding its strings.
pub(crate) struct Index<'a> {
    pub entries: Vec<IndexEntry>,
    cncx: Vec<&'a [u8]>,
}

/// One tag description from `TAGX`.
#[derive(Debug, Clone, Copy)]
struct TagSpec {
    tag: u8,
    values_per_entry: u8,
    mask: u8,
    end_of_control_byte: bool,
}

fn corrupt(what: impl std::fmt::Display) -> MobiError {
    MobiError::Corrupt(format!("index: {what}"))
}

impl<'a> Index<'a> {
    /// Reads the index whose main record is record `first`.
    pub(crate) fn read(pdb: &Pdb<'a>, first: usize) -> Result<Index<'a>, MobiError> {
        let main = pdb.record(first)?;
        let header = IndxHeader::parse(main)?;
        let (control_bytes, specs) = read_tagx(main, header.header_len)?;
        let records = header.count as usize;
        if records > pdb.len() {
            return Err(corrupt(format!("{records} index records claimed")));
        }
        let mut entries = Vec::new();
        for index in first + 1..=first + records {
            let data = pdb.record(index)?;
            let rec_header = IndxHeader::parse(data)?;
            let idxt = rec_header.idxt as usize;
            if data.get(idxt..idxt + 4) != Some(b"IDXT") {
                return Err(corrupt("no IDXT table where the header says"));
            }
            let count = rec_header.count as usize;
            let mut starts = Vec::with_capacity(count.min(data.len()));
            for j in 0..count {
                let at = be_u16(data, idxt + 4 + 2 * j).ok_or_else(|| corrupt("short IDXT"))?;
                starts.push(usize::from(at));
            }
            starts.push(idxt);
            for pair in starts.windows(2) {
                let (start, end) = (pair[0], pair[1]);
                let entry = data
                    .get(start..end)
                    .ok_or_else(|| corrupt("entry outside its record"))?;
                entries.push(read_entry(entry, control_bytes, &specs)?);
            }
        }
        let cncx_first = first + records + 1;
        let cncx = (cncx_first..cncx_first + header.cncx_records as usize)
            .map(|i| pdb.record(i))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Index { entries, cncx })
    }

    /// The string at `offset` in the CNCX records (record number in the
    /// high 16 bits, position in the low 16), as bytes.
    pub(crate) fn string(&self, offset: u64) -> Option<&'a [u8]> {
        let record = self.cncx.get(usize::try_from(offset >> 16).ok()?)?;
        let at = (offset & 0xFFFF) as usize;
        let (len, used) = forward_value(record.get(at..)?)?;
        let start = at + used;
        record.get(start..start.checked_add(usize::try_from(len).ok()?)?)
    }
}

/// The fields of an `INDX` record header used here.
struct IndxHeader {
    header_len: usize,
    /// Where the `IDXT` table starts (entry records).
    idxt: u32,
    /// Index records that follow (main record) or entries here (others).
    count: u32,
    cncx_records: u32,
}

impl IndxHeader {
    fn parse(data: &[u8]) -> Result<IndxHeader, MobiError> {
        if data.get(..4) != Some(b"INDX") {
            return Err(corrupt("a record that is not INDX"));
        }
        let word = |at| be_u32(data, at).ok_or_else(|| corrupt("short INDX header"));
        Ok(IndxHeader {
            header_len: word(4)? as usize,
            idxt: word(20)?,
            count: word(24)?,
            cncx_records: word(52)?,
        })
    }
}

/// The `TAGX` block after the main record's header: how many control
/// bytes each entry has, and the tags.
fn read_tagx(main: &[u8], at: usize) -> Result<(usize, Vec<TagSpec>), MobiError> {
    if main.get(at..at + 4) != Some(b"TAGX") {
        return Err(corrupt("no TAGX block"));
    }
    let len = be_u32(main, at + 4).ok_or_else(|| corrupt("short TAGX"))? as usize;
    let control_bytes = be_u32(main, at + 8).ok_or_else(|| corrupt("short TAGX"))? as usize;
    let block = main
        .get(at..at.saturating_add(len))
        .ok_or_else(|| corrupt("TAGX longer than its record"))?;
    let specs = block
        .get(12..)
        .unwrap_or(&[])
        .chunks_exact(4)
        .map(|t| TagSpec {
            tag: t[0],
            values_per_entry: t[1],
            mask: t[2],
            end_of_control_byte: t[3] == 1,
        })
        .collect();
    Ok((control_bytes, specs))
}

/// One entry: a length-prefixed name, control bytes, then the values
/// their masked bits announce.
fn read_entry(
    entry: &[u8],
    control_bytes: usize,
    specs: &[TagSpec],
) -> Result<IndexEntry, MobiError> {
    let name_len = usize::from(*entry.first().ok_or_else(|| corrupt("empty entry"))?);
    let name = entry
        .get(1..1 + name_len)
        .ok_or_else(|| corrupt("entry name past its end"))?
        .to_vec();
    let controls_at = 1 + name_len;
    let mut pos = controls_at + control_bytes;
    let mut control_index = 0;
    // (tag, value count or byte count, values per entry)
    let mut wanted: Vec<(u8, Count, u8)> = Vec::new();
    for spec in specs {
        if spec.end_of_control_byte {
            control_index += 1;
            continue;
        }
        let control = *entry
            .get(controls_at + control_index)
            .ok_or_else(|| corrupt("entry control bytes past its end"))?;
        let mut value = control & spec.mask;
        if value == 0 {
            continue;
        }
        if value == spec.mask && spec.mask.count_ones() > 1 {
            let (bytes, used) = forward_value(entry.get(pos..).unwrap_or(&[]))
                .ok_or_else(|| corrupt("entry value past its end"))?;
            pos += used;
            wanted.push((spec.tag, Count::Bytes(bytes), spec.values_per_entry));
        } else {
            let mut mask = spec.mask;
            while mask & 1 == 0 {
                mask >>= 1;
                value >>= 1;
            }
            wanted.push((
                spec.tag,
                Count::Values(u64::from(value)),
                spec.values_per_entry,
            ));
        }
    }
    let mut tags = Vec::new();
    for (tag, count, per_entry) in wanted {
        let mut values = Vec::new();
        match count {
            Count::Values(n) => {
                for _ in 0..n * u64::from(per_entry) {
                    let (v, used) = forward_value(entry.get(pos..).unwrap_or(&[]))
                        .ok_or_else(|| corrupt("entry value past its end"))?;
                    pos += used;
                    values.push(v);
                }
            }
            Count::Bytes(total) => {
                let end = pos.saturating_add(usize::try_from(total).unwrap_or(usize::MAX));
                while pos < end {
                    let (v, used) =
                        forward_value(entry.get(pos..end.min(entry.len())).unwrap_or(&[]))
                            .ok_or_else(|| corrupt("entry value past its end"))?;
                    pos += used;
                    values.push(v);
                }
            }
        }
        tags.push((tag, values));
    }
    Ok(IndexEntry { name, tags })
}

/// How many values a tag has: a count, or a byte length to fill.
enum Count {
    Values(u64),
    Bytes(u64),
}

/// A forward variable-width integer (7 bits a byte, the last byte flagged
/// by its top bit): the value and the bytes used; `None` when cut off or
/// longer than 9 bytes.
pub(crate) fn forward_value(data: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &byte) in data.iter().enumerate().take(9) {
        value = value << 7 | u64::from(byte & 0x7F);
        if byte & 0x80 != 0 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_values_end_at_the_flagged_byte() {
        assert_eq!(forward_value(&[0x85]), Some((5, 1)));
        assert_eq!(forward_value(&[0x01, 0x80]), Some((128, 2)));
        assert_eq!(forward_value(&[0x01, 0x02]), None);
        assert_eq!(forward_value(&[0x7F; 12]), None);
    }

    #[test]
    fn entries_read_counted_and_byte_length_values() {
        // Tag 1: one value a time (mask 0x01); tag 6: two values a time
        // (mask 0x02); control byte 0x03: one of each.
        let specs = [
            TagSpec {
                tag: 1,
                values_per_entry: 1,
                mask: 0x01,
                end_of_control_byte: false,
            },
            TagSpec {
                tag: 6,
                values_per_entry: 2,
                mask: 0x02,
                end_of_control_byte: false,
            },
            TagSpec {
                tag: 0,
                values_per_entry: 0,
                mask: 0,
                end_of_control_byte: true,
            },
        ];
        let entry = [4, b'S', b'K', b'E', b'L', 0x03, 0x82, 0x80, 0x01, 0x80];
        let read = read_entry(&entry, 1, &specs).expect("reads");
        assert_eq!(read.name, b"SKEL");
        assert_eq!(read.tag(1), Some(&[2][..]));
        assert_eq!(read.tag(6), Some(&[0, 128][..]));
        // Cut off before the values it announces.
        assert!(read_entry(&entry[..7], 1, &specs).is_err());
        // A name longer than the entry.
        assert!(read_entry(&[40, b'a'], 1, &specs).is_err());
    }
}
