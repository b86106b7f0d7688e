//! Buffered standard output that treats a closed pipe (`ficshelf works | head`)
//! as the reader being done, not as an error.
//!
//! Human-readable text ([`Output::line`], [`Output::text`], and error lines
//! through [`escape_controls`]) never reaches the terminal with its control
//! characters: a title or author holding `ESC [ 2 J` or an OSC sequence
//! would otherwise clear the screen, retitle the window or forge a hyperlink.
//! Each control character other than newline and tab is written as a visible
//! escape (`\x1b`, `\u{9b}`). JSON ([`Output::json`]) is written exactly as
//! serde writes it, which escapes control characters itself.

use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;

/// Collects a command's output and writes it at once.
pub struct Output {
    buffer: String,
}

impl Output {
    pub fn new() -> Output {
        Output {
            buffer: String::new(),
        }
    }

    /// Appends a line of human-readable text, control characters escaped.
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.buffer.push_str(&escape_controls(line.as_ref()));
        self.buffer.push('\n');
    }

    /// Appends human-readable text (a chapter), control characters escaped.
    pub fn text(&mut self, text: impl AsRef<str>) {
        self.buffer.push_str(&escape_controls(text.as_ref()));
    }

    /// Appends `value` as pretty-printed JSON and a newline, exactly.
    pub fn json(&mut self, value: &impl Serialize) -> anyhow::Result<()> {
        self.buffer.push_str(&serde_json::to_string_pretty(value)?);
        self.buffer.push('\n');
        Ok(())
    }

    /// Writes everything to stdout. A broken pipe ends quietly with success.
    pub fn finish(self) -> anyhow::Result<ExitCode> {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(self.buffer.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
        }
    }
}

/// `text` with every control character but newline and tab (C0, DEL, C1)
/// written as a visible escape: `\x1b` below U+0080, `\u{9b}` above.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let is_escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_escaped(c) {
            out.push(c);
        } else if c.is_ascii() {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn terminal_escapes_become_visible() {
        assert_eq!(
            escape_controls("Title\u{1b}[2J\u{1b}]0;pwned\u{7}"),
            "Title\\x1b[2J\\x1b]0;pwned\\x07"
        );
        assert_eq!(
            escape_controls("a\u{9b}31mb\u{7f}\r"),
            "a\\u{9b}31mb\\x7f\\x0d"
        );
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "Line one\n\tLine two — café, 東京";
        assert!(matches!(escape_controls(text), std::borrow::Cow::Borrowed(t) if t == text));
    }
}
