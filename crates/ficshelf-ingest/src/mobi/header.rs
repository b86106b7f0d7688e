//! Record 0 of a MOBI part: the 16-byte PalmDOC header (compression, text
//! length, text record count, encryption), the MOBI header (encoding,
//! version, the records holding the Huffman tables, the KF8 indexes) and
//! the EXTH metadata records after it.
//!
//! Offsets follow the MobileRead wiki's description of the MOBI header.
//! A field past the header's stated length is absent, not read from
//! whatever follows.

use super::pdb::{be_u16, be_u32};
use super::MobiError;

/// "No such record" in the MOBI header's index fields.
const NONE: u32 = 0xFFFF_FFFF;

/// How the text records are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    PalmDoc,
    HuffCdic,
}

/// The text encoding a MOBI header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    Utf8,
    Windows1252,
}

/// What record 0 of a MOBI (or PalmDOC) part says.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub compression: Compression,
    /// Uncompressed text length the header states.
    pub text_length: u32,
    /// Text records follow record 0: records 1..=text_records.
    pub text_records: u16,
    pub encoding: TextEncoding,
    /// 6 for MOBI 6, 8 for KF8; 0 for a PalmDOC text.
    pub version: u32,
    /// The book's full name as record 0 stores it.
    pub full_name: Option<String>,
    /// First record of the HUFF/CDIC tables, and how many there are.
    pub huff_first: Option<u32>,
    pub huff_count: u32,
    /// Which trailing entries each text record carries (bit 0: multibyte
    /// overlap; every other bit one backward-sized entry).
    pub extra_flags: u16,
    /// KF8: the FDST record (flow boundaries).
    pub fdst: Option<u32>,
    /// The NCX (table of contents) index.
    pub ncx_index: Option<u32>,
    /// KF8: the fragment and skeleton indexes.
    pub fragment_index: Option<u32>,
    pub skeleton_index: Option<u32>,
    pub exth: Exth,
}

/// One EXTH metadata record: a type number and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExthRecord {
    pub kind: u32,
    pub data: Vec<u8>,
}

/// The EXTH records of a header, in file order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Exth(pub Vec<ExthRecord>);

/// EXTH record types read here.
pub(crate) mod exth {
    pub const AUTHOR: u32 = 100;
    pub const PUBLISHER: u32 = 101;
    pub const DESCRIPTION: u32 = 103;
    pub const SUBJECT: u32 = 105;
    pub const PUBLISHED: u32 = 106;
    pub const SOURCE: u32 = 112;
    /// The record number of the KF8 part's record 0 in a joint MOBI file.
    pub const KF8_BOUNDARY: u32 = 121;
    pub const UPDATED_TITLE: u32 = 503;
    pub const LANGUAGE: u32 = 524;
}

impl Exth {
    /// Every text value of type `kind`, decoded with `encoding`, trimmed,
    /// empty ones left out.
    pub(crate) fn strings(&self, kind: u32, encoding: TextEncoding) -> Vec<String> {
        self.0
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| decode_text(&r.data, encoding).trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The first value of type `kind` read as a big-endian `u32`.
    pub(crate) fn number(&self, kind: u32) -> Option<u32> {
        let record = self.0.iter().find(|r| r.kind == kind)?;
        be_u32(&record.data, 0).filter(|&v| v != NONE)
    }
}

/// Decodes text in the book's encoding (invalid bytes become U+FFFD).
pub(crate) fn decode_text(bytes: &[u8], encoding: TextEncoding) -> String {
    let coding = match encoding {
        TextEncoding::Utf8 => encoding_rs::UTF_8,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    coding.decode_without_bom_handling(bytes).0.into_owned()
}

impl Header {
    /// Reads record 0 (`rec`) of a part. `palmdoc_only` is true for a
    /// `TEXtREAd` file, which has no MOBI header.
    pub(crate) fn parse(rec: &[u8], palmdoc_only: bool) -> Result<Header, MobiError> {
        let field16 = |at| be_u16(rec, at).ok_or(MobiError::Truncated("PalmDOC header"));
        let compression = match field16(0)? {
            1 => Compression::None,
            2 => Compression::PalmDoc,
            17480 => Compression::HuffCdic,
            other => return Err(MobiError::UnknownCompression(other)),
        };
        let text_length = be_u32(rec, 4).ok_or(MobiError::Truncated("PalmDOC header"))?;
        let text_records = field16(8)?;
        let encryption = field16(12)?;
        if encryption != 0 {
            return Err(MobiError::Encrypted(encryption));
        }
        let mut header = Header {
            compression,
            text_length,
            text_records,
            encoding: TextEncoding::Windows1252,
            version: 0,
            full_name: None,
            huff_first: None,
            huff_count: 0,
            extra_flags: 0,
            fdst: None,
            ncx_index: None,
            fragment_index: None,
            skeleton_index: None,
            exth: Exth::default(),
        };
        if palmdoc_only {
            return Ok(header);
        }
        if rec.get(16..20) != Some(b"MOBI") {
            return Err(MobiError::Corrupt("record 0 has no MOBI header".into()));
        }
        let header_len = be_u32(rec, 20).ok_or(MobiError::Truncated("MOBI header"))? as usize;
        // Fields are relative to record 0; the MOBI header starts at 16.
        let end = 16usize.saturating_add(header_len).min(rec.len());
        let field = |at: usize| (at + 4 <= end).then(|| be_u32(rec, at)).flatten();
        let index = |at: usize| field(at).filter(|&v| v != NONE && v != 0);
        header.encoding = match field(0x1C) {
            Some(65001) => TextEncoding::Utf8,
            _ => TextEncoding::Windows1252,
        };
        header.version = field(0x24).unwrap_or(0);
        header.huff_first = index(0x70);
        header.huff_count = field(0x74).unwrap_or(0);
        if let (Some(at), Some(len)) = (field(0x54), field(0x58)) {
            let name = rec.get(at as usize..(at as usize).saturating_add(len as usize));
            header.full_name = name
                .map(|n| decode_text(n, header.encoding).trim().to_string())
                .filter(|n| !n.is_empty());
        }
        // Trailing-entry flags: the low half of the word at 0xF0, present
        // when the header is long enough to hold it.
        if header_len >= 0xE4 {
            header.extra_flags = field(0xF0).map_or(0, |v| (v & 0xFFFF) as u16);
        }
        header.ncx_index = index(0xF4);
        if header.version >= 8 {
            header.fdst = index(0xC0);
            header.fragment_index = index(0xF8);
            header.skeleton_index = index(0xFC);
        }
        let exth_flags = field(0x80).unwrap_or(0);
        if exth_flags & 0x40 != 0 {
            header.exth = parse_exth(rec.get(16 + header_len..).unwrap_or(&[]))?;
        }
        Ok(header)
    }
}

/// Reads the EXTH block at the start of `bytes`: `EXTH`, its length, a
/// record count, then (type, length, data) records. Records are read only
/// as far as the block and the record really reach.
fn parse_exth(bytes: &[u8]) -> Result<Exth, MobiError> {
    if bytes.get(..4) != Some(b"EXTH") {
        return Err(MobiError::Corrupt("EXTH flag set but no EXTH block".into()));
    }
    let block_len = be_u32(bytes, 4).ok_or(MobiError::Truncated("EXTH header"))? as usize;
    let count = be_u32(bytes, 8).ok_or(MobiError::Truncated("EXTH header"))?;
    let block = &bytes[..block_len.clamp(12, bytes.len())];
    let mut records = Vec::new();
    let mut at = 12;
    for _ in 0..count {
        let (Some(kind), Some(len)) = (be_u32(block, at), be_u32(block, at + 4)) else {
            return Err(MobiError::Truncated("EXTH records"));
        };
        let len = len as usize;
        let data = (len >= 8)
            .then(|| block.get(at + 8..at.saturating_add(len)))
            .flatten()
            .ok_or_else(|| {
                MobiError::Corrupt(format!("EXTH record of type {kind} has a bad length {len}"))
            })?;
        records.push(ExthRecord {
            kind,
            data: data.to_vec(),
        });
        at += len;
    }
    Ok(Exth(records))
}
