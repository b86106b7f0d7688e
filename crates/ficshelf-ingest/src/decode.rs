//! Bytes to text: BOMs, UTF-8, and legacy 8-bit encodings guessed by chardetng.

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
/// A byte-order mark decides first; then valid UTF-8 is UTF-8; anything else
/// is guessed by chardetng (trained on web text, which knows the windows-1252
/// smart quotes and Latin-1 accents of old fan fiction saves). Line endings
/// become `\n`.
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
            } else {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                (detector.guess(None, chardetng::Utf8Detection::Deny), bytes)
            }
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if (encoding == UTF_16LE || encoding == UTF_16BE) && text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    let text = normalise_newlines(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
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

fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
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

    #[test]
    fn latin1_accents() {
        let d = decode(b"Se\xf1or M\xfcller went to the caf\xe9 with Ren\xe9e.").unwrap();
        assert_eq!(d.text, "Señor Müller went to the café with Renée.");
    }
}
