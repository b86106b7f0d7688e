//! PalmDOC's LZ77 compression, as used by MOBI text records.
//!
//! Written here rather than taken from the `mobi` crate: its decoder stops
//! early on valid records (a literal run followed by a back-reference
//! before the output has caught up with the input) and can divide by zero
//! on hostile input. The format is small (MobileRead wiki, "PalmDOC"):
//! - `0x00`, `0x09..=0x7F`: that byte;
//! - `0x01..=0x08`: that many literal bytes follow;
//! - `0x80..=0xBF`: with the next byte, 11 bits of distance back into the
//!   output and 3 bits of length (plus 3);
//! - `0xC0..=0xFF`: a space, then the byte XOR `0x80`.

use super::MobiError;

/// Appends the decompression of one record to `out`, never letting `out`
/// grow past `limit` bytes.
pub(crate) fn decompress_into(
    record: &[u8],
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<(), MobiError> {
    // Back-references reach only into this record's own output.
    let base = out.len();
    let mut i = 0;
    while i < record.len() {
        let byte = record[i];
        i += 1;
        match byte {
            0x00 | 0x09..=0x7F => out.push(byte),
            0x01..=0x08 => {
                let run = usize::from(byte);
                let literal = record.get(i..i + run).ok_or_else(|| {
                    MobiError::Corrupt("PalmDOC literal run past the end of a record".into())
                })?;
                out.extend_from_slice(literal);
                i += run;
            }
            0x80..=0xBF => {
                let Some(&next) = record.get(i) else {
                    return Err(MobiError::Corrupt(
                        "PalmDOC back-reference cut off at the end of a record".into(),
                    ));
                };
                i += 1;
                let pair = (u16::from(byte) << 8 | u16::from(next)) & 0x3FFF;
                let distance = usize::from(pair >> 3);
                let length = usize::from(pair & 7) + 3;
                let produced = out.len() - base;
                if distance == 0 || distance > produced {
                    return Err(MobiError::Corrupt(format!(
                        "PalmDOC back-reference {distance} bytes back, with {produced} written"
                    )));
                }
                // Byte by byte: a copy may overlap what it writes.
                for _ in 0..length {
                    out.push(out[out.len() - distance]);
                }
            }
            _ => {
                out.push(b' ');
                out.push(byte ^ 0x80);
            }
        }
        if out.len() > limit {
            return Err(MobiError::TooLarge { limit });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(record: &[u8]) -> Result<Vec<u8>, MobiError> {
        let mut out = Vec::new();
        decompress_into(record, &mut out, 1 << 20)?;
        Ok(out)
    }

    #[test]
    fn literals_spaces_and_back_references() {
        // "abc" then copy 3 back, 3 long → "abcabc"; 0xE8 → " h".
        let pair = 0x8000u16 | (3 << 3);
        let [hi, lo] = pair.to_be_bytes();
        assert_eq!(
            run(&[b'a', b'b', b'c', hi, lo, 0xE8]).expect("ok"),
            b"abcabc h"
        );
    }

    #[test]
    fn overlapping_copies_repeat_the_tail() {
        // "ab" then 1 back, 5 long → "abbbbbb".
        let pair = 0x8000u16 | (1 << 3) | 2;
        let [hi, lo] = pair.to_be_bytes();
        assert_eq!(run(&[b'a', b'b', hi, lo]).expect("ok"), b"abbbbbb");
    }

    #[test]
    fn a_literal_run_of_high_bytes_then_a_reference_is_read_whole() {
        // UTF-8 "é" (0xC3 0xA9) needs a literal run, so when the reference
        // after it is read more input than output has gone by.
        let pair = 0x8000u16 | (3 << 3);
        let [hi, lo] = pair.to_be_bytes();
        let out = run(&[b'a', 0x02, 0xC3, 0xA9, hi, lo]).expect("ok");
        assert_eq!(out, "aéaé".as_bytes());
    }

    #[test]
    fn hostile_records_are_errors() {
        assert!(
            run(&[0x80, 0x08]).is_err(),
            "reference with nothing written"
        );
        assert!(run(&[b'a', 0x80]).is_err(), "reference cut off");
        assert!(run(&[0x08, b'a']).is_err(), "literal run past the end");
        let mut out = Vec::new();
        let pair = (0x8000u16 | (1 << 3) | 7).to_be_bytes();
        let bomb: Vec<u8> = [b'a'].into_iter().chain(pair.repeat(100)).collect();
        assert!(matches!(
            decompress_into(&bomb, &mut out, 64),
            Err(MobiError::TooLarge { limit: 64 })
        ));
    }
}
