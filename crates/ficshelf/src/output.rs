//! Buffered standard output that treats a closed pipe (`ficshelf works | head`)
//! as the reader being done, not as an error.

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

    /// Appends a line.
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.buffer.push_str(line.as_ref());
        self.buffer.push('\n');
    }

    /// Appends text as it is.
    pub fn text(&mut self, text: impl AsRef<str>) {
        self.buffer.push_str(text.as_ref());
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
