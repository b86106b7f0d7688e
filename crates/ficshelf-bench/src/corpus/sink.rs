//! Writing text to a file in a chosen encoding and line ending, streaming.

use anyhow::{bail, Context, Result};
use encoding_rs::{EncoderResult, WINDOWS_1252};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How a file's bytes encode its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Legacy Windows text: smart quotes are single bytes 0x91–0x94.
    Windows1252,
    /// UTF-16 little-endian with a byte-order mark.
    Utf16Le,
}

impl TextEncoding {
    /// The name written in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1252 => "windows-1252",
            TextEncoding::Utf16Le => "utf-16le",
        }
    }
}

/// Text is gathered here and encoded in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;

/// A text file being written. Text is pushed as `&str` with `\n` line ends;
/// the sink converts line ends and encoding on the way out, so memory stays
/// bounded by [`CHUNK`] whatever the file's size.
pub struct Sink {
    path: PathBuf,
    out: BufWriter<File>,
    encoding: TextEncoding,
    crlf: bool,
    text: String,
    bytes: Vec<u8>,
    written: u64,
    /// How many `\n` end the text pushed so far.
    trailing_newlines: usize,
}

impl Sink {
    /// Creates (or truncates) `path`; a UTF-16 file starts with its BOM.
    pub fn create(path: &Path, encoding: TextEncoding, crlf: bool) -> Result<Sink> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut sink = Sink {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(CHUNK, file),
            encoding,
            crlf,
            text: String::with_capacity(CHUNK + 4096),
            bytes: Vec::with_capacity(2 * CHUNK + 8192),
            written: 0,
            trailing_newlines: 2,
        };
        if encoding == TextEncoding::Utf16Le {
            sink.write_bytes(&[0xFF, 0xFE])?;
        }
        Ok(sink)
    }

    /// Appends text.
    pub fn push(&mut self, s: &str) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        let trailing = s.len() - s.trim_end_matches('\n').len();
        self.trailing_newlines = if trailing == s.len() {
            self.trailing_newlines + trailing
        } else {
            trailing
        };
        self.text.push_str(s);
        if self.text.len() >= CHUNK {
            self.encode_pending()?;
        }
        Ok(())
    }

    /// Ends the current line if the text does not already end one.
    pub fn end_line(&mut self) -> Result<()> {
        if self.trailing_newlines == 0 {
            self.push("\n")?;
        }
        Ok(())
    }

    /// Makes the text end with a blank line (so what follows starts a new block).
    pub fn blank_line(&mut self) -> Result<()> {
        while self.trailing_newlines < 2 {
            self.push("\n")?;
        }
        Ok(())
    }

    /// Flushes everything and returns the file's size in bytes.
    pub fn finish(mut self) -> Result<u64> {
        self.end_line()?;
        self.encode_pending()?;
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(self.written)
    }

    fn encode_pending(&mut self) -> Result<()> {
        if self.text.is_empty() {
            return Ok(());
        }
        let mut text = std::mem::take(&mut self.text);
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        match self.encoding {
            TextEncoding::Utf8 => bytes.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf16Le => {
                for unit in text.encode_utf16() {
                    bytes.extend_from_slice(&unit.to_le_bytes());
                }
            }
            TextEncoding::Windows1252 => encode_1252(&text, &mut bytes)?,
        }
        self.write_bytes(&bytes)?;
        self.bytes = bytes;
        text.clear();
        self.text = text;
        Ok(())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.written += bytes.len() as u64;
        Ok(())
    }
}

/// Encodes `text` as windows-1252; every character the generator uses is
/// representable, so an unmappable one is a bug worth stopping for.
fn encode_1252(text: &str, bytes: &mut Vec<u8>) -> Result<()> {
    let mut encoder = WINDOWS_1252.new_encoder();
    let start = bytes.len();
    let max = encoder
        .max_buffer_length_from_utf8_without_replacement(text.len())
        .context("text too long to encode")?;
    bytes.resize(start + max, 0);
    let (result, read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut bytes[start..], true);
    match result {
        EncoderResult::InputEmpty => {
            bytes.truncate(start + written);
            Ok(())
        }
        EncoderResult::Unmappable(c) => {
            bail!("character {c:?} has no windows-1252 byte (after {read} bytes of text)")
        }
        EncoderResult::OutputFull => bail!("windows-1252 output buffer too small"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(encoding: TextEncoding, crlf: bool) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.txt");
        let mut sink = Sink::create(&path, encoding, crlf).expect("create");
        sink.push("“Hi,” said Zoë.\n").expect("push");
        sink.blank_line().expect("blank");
        sink.push("end").expect("push");
        let n = sink.finish().expect("finish");
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(n, bytes.len() as u64);
        bytes
    }

    #[test]
    fn encodes_each_way() {
        assert_eq!(
            roundtrip(TextEncoding::Utf8, false),
            "“Hi,” said Zoë.\n\nend\n".as_bytes()
        );
        assert_eq!(
            roundtrip(TextEncoding::Windows1252, true),
            b"\x93Hi,\x94 said Zo\xeb.\r\n\r\nend\r\n"
        );
        let utf16 = roundtrip(TextEncoding::Utf16Le, false);
        assert_eq!(&utf16[..4], &[0xFF, 0xFE, 0x1C, 0x20]);
    }
}
