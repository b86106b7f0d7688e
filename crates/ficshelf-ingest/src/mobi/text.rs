//! A part's text records to its raw markup bytes: each record loses its
//! trailing entries, is decompressed (none, PalmDOC LZ77 or HUFF/CDIC) and
//! appended, within a size limit.

use super::header::{Compression, Header};
use super::huff::HuffDecoder;
use super::pdb::Pdb;
use super::{lz77, MobiError};

/// The decompressed text of the part whose record 0 is `base`.
pub(crate) fn read_text(
    pdb: &Pdb,
    base: usize,
    header: &Header,
    limit: usize,
) -> Result<Vec<u8>, MobiError> {
    let count = usize::from(header.text_records);
    if base + count >= pdb.len() {
        return Err(MobiError::Corrupt(format!(
            "{count} text records claimed, {} records in the file",
            pdb.len()
        )));
    }
    let mut decoder = match header.compression {
        Compression::None => Decoder::Stored,
        Compression::PalmDoc => Decoder::PalmDoc,
        Compression::HuffCdic => Decoder::Huff(Box::new(huff_decoder(pdb, base, header)?)),
    };
    let stated = header.text_length as usize;
    let mut out = Vec::with_capacity(stated.min(limit));
    for index in base + 1..=base + count {
        let record = strip_trailing_entries(pdb.record(index)?, header.extra_flags);
        match &mut decoder {
            Decoder::Stored => {
                out.extend_from_slice(record);
                if out.len() > limit {
                    return Err(MobiError::TooLarge { limit });
                }
            }
            Decoder::PalmDoc => lz77::decompress_into(record, &mut out, limit)?,
            Decoder::Huff(huff) => huff.decompress_into(record, &mut out, limit)?,
        }
    }
    Ok(out)
}

/// How a part's text records are turned back into text.
enum Decoder {
    Stored,
    PalmDoc,
    Huff(Box<HuffDecoder>),
}

fn huff_decoder(pdb: &Pdb, base: usize, header: &Header) -> Result<HuffDecoder, MobiError> {
    let first = header
        .huff_first
        .ok_or_else(|| MobiError::Corrupt("HUFF/CDIC book without its tables".into()))?
        as usize
        + base;
    let count = header.huff_count as usize;
    if count == 0 || count > pdb.len() {
        return Err(MobiError::Corrupt(format!(
            "{count} HUFF/CDIC records claimed"
        )));
    }
    let huff = pdb.record(first)?;
    let cdics = (first + 1..first + count)
        .map(|i| pdb.record(i))
        .collect::<Result<Vec<_>, _>>()?;
    HuffDecoder::new(huff, &cdics)
}

/// A text record without the entries appended after its compressed data.
/// Each set bit of `flags` above bit 0 is one entry whose size is written
/// backwards at the record's end (7 bits a byte, the first byte flagged
/// by its top bit); bit 0 is the multibyte overlap, whose size is in the
/// low two bits of the last byte left. Removed in that order, as calibre
/// and the Kindle readers do.
pub(crate) fn strip_trailing_entries(record: &[u8], flags: u16) -> &[u8] {
    let mut end = record.len();
    let mut rest = flags >> 1;
    while rest != 0 {
        if rest & 1 == 1 {
            end = end.saturating_sub(trailing_entry_size(&record[..end]));
        }
        rest >>= 1;
    }
    if flags & 1 == 1 && end > 0 {
        end = end.saturating_sub(usize::from(record[end - 1] & 3) + 1);
    }
    &record[..end]
}

/// The size of the trailing entry at the end of `data`, read backwards
/// (at most four bytes, 28 bits).
fn trailing_entry_size(data: &[u8]) -> usize {
    let mut size = 0usize;
    for &byte in &data[data.len().saturating_sub(4)..] {
        if byte & 0x80 != 0 {
            size = 0;
        }
        size = size << 7 | usize::from(byte & 0x7F);
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_entries_and_multibyte_overlap_are_removed() {
        // Text, then a multibyte overlap of 2 bytes (last byte says 1 → 2
        // bytes), then one trailing entry of 3 bytes (size byte 0x83).
        let record = b"story\xC3\x01\xAA\xBB\x83";
        assert_eq!(strip_trailing_entries(record, 0b11), b"story");
        assert_eq!(strip_trailing_entries(record, 0b00), record);
        // Two entries of sizes 2 and 3, each size counting its own bytes.
        let record = b"tide\xAA\xAA\x83\xBB\x82";
        assert_eq!(strip_trailing_entries(record, 0b110), b"tide");
    }

    #[test]
    fn hostile_trailing_sizes_never_cut_past_the_start() {
        assert_eq!(strip_trailing_entries(b"\xFF", 0xFFFF), b"");
        assert_eq!(strip_trailing_entries(b"", 0xFFFF), b"");
        assert_eq!(strip_trailing_entries(b"ab\x7F\x7F\x7F\x7F", 0b10), b"");
    }
}
