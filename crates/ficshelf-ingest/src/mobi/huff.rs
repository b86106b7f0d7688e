//! HUFF/CDIC compression (Amazon's kindlegen writes it; calibre reads it):
//! a canonical Huffman code (the HUFF record) whose symbols index a phrase
//! dictionary (the CDIC records); a phrase may itself be compressed, so it
//! is unpacked on first use.
//!
//! Written here because no maintained crate decodes it (the `mobi` crate's
//! decoder recurses without bound on a self-referencing phrase). Layout as
//! documented on the MobileRead wiki and read by calibre's `huffcdic.py`.
//! Hostile tables are bounded: phrase nesting depth, output size, and
//! every table offset is checked.

use super::pdb::{be_u16, be_u32};
use super::MobiError;

/// Deepest phrase-inside-phrase nesting followed.
const MAX_DEPTH: usize = 32;

/// One entry of the 256-entry lookup table, by the code's top 8 bits.
#[derive(Debug, Clone, Copy)]
struct Lookup {
    code_len: u32,
    terminal: bool,
    max_code: u64,
}

/// A phrase: its bytes and whether they are already plain text.
#[derive(Debug, Clone)]
enum Phrase {
    Packed(Vec<u8>),
    Plain(Vec<u8>),
    /// Being unpacked: meeting it again means the phrase contains itself.
    InProgress,
}

/// The decoder built from a HUFF record and its CDIC records.
pub(crate) struct HuffDecoder {
    lookup: Vec<Lookup>,
    min_code: [u64; 33],
    max_code: [u64; 33],
    phrases: Vec<Phrase>,
}

fn corrupt(what: &str) -> MobiError {
    MobiError::Corrupt(format!("HUFF/CDIC tables: {what}"))
}

impl HuffDecoder {
    /// Builds the decoder from the HUFF record and the CDIC records after it.
    pub(crate) fn new(huff: &[u8], cdics: &[&[u8]]) -> Result<HuffDecoder, MobiError> {
        if huff.get(..8) != Some(b"HUFF\0\0\0\x18") {
            return Err(corrupt("no HUFF header"));
        }
        let lookup_at = be_u32(huff, 8).ok_or_else(|| corrupt("short HUFF header"))? as usize;
        let limits_at = be_u32(huff, 12).ok_or_else(|| corrupt("short HUFF header"))? as usize;
        let mut lookup = Vec::with_capacity(256);
        for i in 0..256 {
            let v = be_u32(huff, lookup_at + 4 * i).ok_or_else(|| corrupt("short code table"))?;
            let code_len = v & 0x1F;
            if code_len == 0 {
                return Err(corrupt("a code of length 0"));
            }
            lookup.push(Lookup {
                code_len,
                terminal: v & 0x80 != 0,
                max_code: ((u64::from(v >> 8) + 1) << (32 - code_len)).wrapping_sub(1),
            });
        }
        let mut min_code = [0u64; 33];
        let mut max_code = [u64::MAX; 33];
        for len in 1..=32usize {
            let at = limits_at + 8 * (len - 1);
            let low = be_u32(huff, at).ok_or_else(|| corrupt("short code limits"))?;
            let high = be_u32(huff, at + 4).ok_or_else(|| corrupt("short code limits"))?;
            min_code[len] = u64::from(low) << (32 - len);
            max_code[len] = ((u64::from(high) + 1) << (32 - len)).wrapping_sub(1);
        }
        let mut phrases = Vec::new();
        for cdic in cdics {
            read_cdic(cdic, &mut phrases)?;
        }
        Ok(HuffDecoder {
            lookup,
            min_code,
            max_code,
            phrases,
        })
    }

    /// Appends the decompression of one text record to `out`, never letting
    /// it grow past `limit` bytes.
    pub(crate) fn decompress_into(
        &mut self,
        record: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
    ) -> Result<(), MobiError> {
        self.unpack(record, out, limit, 0)
    }

    fn unpack(
        &mut self,
        data: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
        depth: usize,
    ) -> Result<(), MobiError> {
        if depth > MAX_DEPTH {
            return Err(corrupt("phrases nested too deep"));
        }
        let mut bits_left = data.len() as i64 * 8;
        let mut bit_pos = 0usize;
        loop {
            let code = peek32(data, bit_pos);
            let entry = self.lookup[(code >> 24) as usize];
            let mut code_len = entry.code_len as usize;
            let mut max_code = entry.max_code;
            if !entry.terminal {
                while code_len < 32 && code < self.min_code[code_len] {
                    code_len += 1;
                }
                max_code = self.max_code[code_len];
            }
            bits_left -= code_len as i64;
            if bits_left < 0 {
                return Ok(());
            }
            bit_pos += code_len;
            let index = (max_code.wrapping_sub(code) >> (32 - code_len)) as usize;
            let phrase = match self.phrases.get(index) {
                Some(p) => p.clone(),
                None => return Err(corrupt("a code beyond the phrase dictionary")),
            };
            match phrase {
                Phrase::Plain(bytes) => out.extend_from_slice(&bytes),
                Phrase::InProgress => return Err(corrupt("a phrase that contains itself")),
                Phrase::Packed(bytes) => {
                    self.phrases[index] = Phrase::InProgress;
                    let mut plain = Vec::new();
                    self.unpack(&bytes, &mut plain, limit, depth + 1)?;
                    out.extend_from_slice(&plain);
                    self.phrases[index] = Phrase::Plain(plain);
                }
            }
            if out.len() > limit {
                return Err(MobiError::TooLarge { limit });
            }
        }
    }
}

/// The 32 bits of `data` starting at bit `pos` (zeros past the end).
fn peek32(data: &[u8], pos: usize) -> u64 {
    let byte = pos / 8;
    let mut v: u64 = 0;
    for i in 0..5 {
        v = v << 8 | u64::from(data.get(byte + i).copied().unwrap_or(0));
    }
    (v >> (8 - pos % 8)) & 0xFFFF_FFFF
}

/// Adds the phrases of one CDIC record: `CDIC`, header length 16, the
/// total phrase count, bits per index, then `u16` offsets to phrases (each
/// a `u16` length, top bit meaning "already plain", and its bytes).
fn read_cdic(cdic: &[u8], phrases: &mut Vec<Phrase>) -> Result<(), MobiError> {
    if cdic.get(..8) != Some(b"CDIC\0\0\0\x10") {
        return Err(corrupt("no CDIC header"));
    }
    let total = be_u32(cdic, 8).ok_or_else(|| corrupt("short CDIC header"))? as usize;
    let bits = be_u32(cdic, 12).ok_or_else(|| corrupt("short CDIC header"))?;
    if bits > 16 {
        return Err(corrupt("CDIC index wider than 16 bits"));
    }
    let here = (1usize << bits).min(total.saturating_sub(phrases.len()));
    for i in 0..here {
        let offset = be_u16(cdic, 16 + 2 * i).ok_or_else(|| corrupt("short CDIC offsets"))?;
        let at = 16 + usize::from(offset);
        let len = be_u16(cdic, at).ok_or_else(|| corrupt("CDIC phrase outside its record"))?;
        let bytes = cdic
            .get(at + 2..at + 2 + usize::from(len & 0x7FFF))
            .ok_or_else(|| corrupt("CDIC phrase outside its record"))?
            .to_vec();
        phrases.push(if len & 0x8000 != 0 {
            Phrase::Plain(bytes)
        } else {
            Phrase::Packed(bytes)
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A HUFF record where every code is 8 bits long and terminal, so byte
    /// `b` of the input selects phrase `255 - b`.
    fn flat_huff() -> Vec<u8> {
        let mut huff = b"HUFF\0\0\0\x18".to_vec();
        huff.extend_from_slice(&16u32.to_be_bytes());
        huff.extend_from_slice(&(16u32 + 1024).to_be_bytes());
        for _ in 0..256 {
            huff.extend_from_slice(&((255u32 << 8) | 0x80 | 8).to_be_bytes());
        }
        for len in 1..=32u32 {
            let (low, high): (u32, u32) = if len == 8 { (0, 255) } else { (u32::MAX, 0) };
            huff.extend_from_slice(&low.to_be_bytes());
            huff.extend_from_slice(&high.to_be_bytes());
        }
        huff
    }

    /// A CDIC record holding `phrases` (bytes, already plain?) in order.
    fn cdic(phrases: &[(&[u8], bool)]) -> Vec<u8> {
        let mut body = Vec::new();
        let mut offsets = Vec::new();
        for (bytes, plain) in phrases {
            offsets.push((2 * phrases.len() + body.len()) as u16);
            let flag = if *plain { 0x8000 } else { 0 };
            body.extend_from_slice(&(bytes.len() as u16 | flag).to_be_bytes());
            body.extend_from_slice(bytes);
        }
        let mut rec = b"CDIC\0\0\0\x10".to_vec();
        rec.extend_from_slice(&(phrases.len() as u32).to_be_bytes());
        rec.extend_from_slice(&8u32.to_be_bytes());
        for o in offsets {
            rec.extend_from_slice(&o.to_be_bytes());
        }
        rec.extend_from_slice(&body);
        rec
    }

    fn decode(huff: &[u8], cdic_rec: &[u8], text: &[u8]) -> Result<Vec<u8>, MobiError> {
        let mut decoder = HuffDecoder::new(huff, &[cdic_rec])?;
        let mut out = Vec::new();
        decoder.decompress_into(text, &mut out, 1 << 16)?;
        Ok(out)
    }

    #[test]
    fn codes_select_phrases_and_packed_phrases_unpack() {
        // Phrase 0 "Tide", phrase 1 " turns", phrase 2 packed: phrases 1, 0.
        let rec = cdic(&[(b"Tide", true), (b" turns", true), (&[254, 255], false)]);
        let out = decode(&flat_huff(), &rec, &[255, 254, 253, 253]).expect("decodes");
        assert_eq!(out, b"Tide turns turnsTide turnsTide");
    }

    #[test]
    fn hostile_tables_are_errors() {
        let huff = flat_huff();
        // A phrase made of itself.
        let rec = cdic(&[(&[255], false)]);
        assert!(decode(&huff, &rec, &[255]).is_err());
        // A code past the dictionary.
        let rec = cdic(&[(b"a", true)]);
        assert!(decode(&huff, &rec, &[200]).is_err());
        // Truncated tables.
        assert!(HuffDecoder::new(&huff[..100], &[]).is_err());
        assert!(HuffDecoder::new(&huff, &[&rec[..20]]).is_err());
        assert!(HuffDecoder::new(b"HUFF", &[]).is_err());
    }
}
