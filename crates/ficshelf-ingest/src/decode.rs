//! Bytes to text: BOMs, UTF-8 (also with a few bad bytes), and legacy 8-bit
//! encodings guessed by chardetng.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Why a file's bytes are not story text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL bytes in what should be text)")]
    Binary,
}

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding (`"UTF-8"`, `"windows-1252"`, `"UTF-16LE"`).
    pub encoding: &'static str,
}

/// Decodes a text file's bytes.
///
/// A byte-order mark decides first; then valid UTF-8 is UTF-8, and so is
/// text that is overwhelmingly UTF-8 with a few bad bytes (see
/// [`decode_mostly_utf8`]); anything else is guessed by chardetng (trained
/// on web text, which knows the windows-1252 smart quotes and Latin-1
/// accents of old fan fiction saves). Line endings become `\n`.
///
/// ```
/// use ficshelf_ingest::decode;
/// let d = decode(b"caf\xe9 \x93quoted\x94").unwrap();
/// assert_eq!(d.text, "café \u{201c}quoted\u{201d}");
/// assert_eq!(d.encoding, "windows-1252");
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, body): (&'static Encoding, &[u8]) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => (enc, &bytes[bom_len..]),
        None => {
            if looks_like_utf16_without_bom(bytes) {
                (utf16_guess(bytes), bytes)
            } else if bytes.contains(&0) {
                return Err(DecodeError::Binary);
            } else if std::str::from_utf8(bytes).is_ok() {
                (UTF_8, bytes)
            } else if let Some(text) = decode_mostly_utf8(bytes) {
                return finish(text, UTF_8);
            } else {
                (guess_legacy(bytes), bytes)
            }
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if (encoding == UTF_16LE || encoding == UTF_16BE) && text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    finish(text.into_owned(), encoding)
}

fn finish(text: String, encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// UTF-8 with a few bad bytes (a legacy-encoded quote pasted into a UTF-8
/// file, a cut multi-byte character): the valid parts as UTF-8, each bad
/// sequence decoded by the single-byte encoding chardetng guesses from the
/// bad bytes alone (`caf\xe9` → `café`), or U+FFFD when the guess is not a
/// single-byte encoding.
///
/// Taken only when the file is overwhelmingly UTF-8: it holds at least two
/// valid multi-byte characters for every bad sequence. A real legacy file
/// almost never holds valid multi-byte UTF-8 (its accented letters are
/// followed by ASCII), so it falls through to chardetng. One pass over the
/// bytes.
fn decode_mostly_utf8(bytes: &[u8]) -> Option<String> {
    let (mut multibyte, mut bad_sequences) = (0usize, 0usize);
    let mut bad_bytes = Vec::new();
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad_sequences += 1;
            bad_bytes.extend_from_slice(chunk.invalid());
            bad_bytes.push(b' ');
        }
    }
    if multibyte == 0 || multibyte < 2 * bad_sequences {
        return None;
    }
    let local = Some(guess_legacy(&bad_bytes)).filter(|e| e.is_single_byte());
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        match local {
            Some(encoding) => text.push_str(&encoding.decode_without_bom_handling(bad).0),
            None => text.push(char::REPLACEMENT_CHARACTER),
        }
    }
    Some(text)
}

/// UTF-16 text without a BOM has a NUL in every other byte for ASCII text.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 {
        return false;
    }
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let half = sample.len() / 2;
    (odd_nuls * 10 > half * 9 && even_nuls == 0) || (even_nuls * 10 > half * 9 && odd_nuls == 0)
}

fn utf16_guess(bytes: &[u8]) -> &'static Encoding {
    let odd_nuls = bytes
        .iter()
        .skip(1)
        .step_by(2)
        .take(2048)
        .filter(|b| **b == 0)
        .count();
    if odd_nuls > 0 {
        UTF_16LE
    } else {
        UTF_16BE
    }
}

fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_win() {
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Héllo\r\nthere".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&utf16).unwrap();
        assert_eq!(d.text, "Héllo\nthere");
        assert_eq!(d.encoding, "UTF-16LE");
        let d = decode(b"\xEF\xBB\xBFplain").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("plain", "UTF-8"));
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t\n").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\x01\x02").unwrap_err(),
            DecodeError::Binary
        );
    }

    /// Issue #13: a UTF-8 file with a few cp1252 bytes pasted in was decoded
    /// whole as cp1252, turning every good curly quote into mojibake.
    #[test]
    fn mostly_utf8_keeps_its_good_parts() {
        let bytes = "\u{201c}Tea?\u{201d} she asked. \u{201c}Yes\u{2026}\u{201d} The caf"
            .bytes()
            .chain(*b"\xe9 was shut \x96 again.")
            .collect::<Vec<u8>>();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.text,
            "\u{201c}Tea?\u{201d} she asked. \u{201c}Yes\u{2026}\u{201d} The café was shut \u{2013} again."
        );
    }

    #[test]
    fn a_cut_character_becomes_a_guess_not_mojibake() {
        // "née" and "über" in UTF-8, then the first byte of a cut "é" at the end.
        let mut bytes = "Jos\u{e9}phine n\u{e9}e Brun, \u{fc}ber alles"
            .as_bytes()
            .to_vec();
        bytes.push(0xC3);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("Joséphine née Brun, über alles"));
        assert_eq!(
            d.text.chars().count(),
            "Joséphine née Brun, über alles".chars().count() + 1
        );
    }

    #[test]
    fn legacy_files_with_no_valid_utf8_still_go_to_chardetng() {
        let d = decode(b"\x93It\x92s mine,\x94 said Ren\xe9e.").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "\u{201c}It\u{2019}s mine,\u{201d} said Renée.");
    }

    #[test]
    fn latin1_accents() {
        let d = decode(b"Se\xf1or M\xfcller went to the caf\xe9 with Ren\xe9e.").unwrap();
        assert_eq!(d.text, "Señor Müller went to the café with Renée.");
    }
}
