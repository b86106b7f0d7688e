//! `ficshelf export`: works as EPUB, HTML, plain text or JSON files.

use crate::output::Output;
use anyhow::{bail, Context};
use ficshelf_export::{file_name, to_bytes, Format};
use ficshelf_library::Library;
use ficshelf_model::{ChapterBody, Work};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exports every work in `ids` (all ids are checked before anything is
/// written). `output`: `None` → default names in the current folder; `-` →
/// standard output (one work); a folder, or a file name for one work.
pub fn run(
    library: &Library,
    ids: &[String],
    format: Format,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let mut works = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(work) = library.work(id)? else {
            bail!("no work with id {id:?} (see `ficshelf works`)");
        };
        works.push(work);
    }
    let to_stdout = output.is_some_and(|p| p.as_os_str() == "-");
    if to_stdout {
        if works.len() > 1 {
            bail!("`-o -` writes one work to standard output; give one id or an output folder");
        }
        let bytes = export_one(library, &works[0], format)?;
        let mut out = Output::new();
        // Output buffers text; EPUB bytes go straight to stdout.
        return match String::from_utf8(bytes) {
            Ok(text) => {
                out.text(text);
                out.finish()
            }
            Err(bytes) => write_stdout(&bytes.into_bytes()),
        };
    }
    let mut out = Output::new();
    for work in &works {
        let path = target(work, format, output, works.len())?;
        let bytes = export_one(library, work, format)?;
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        out.line(path.display().to_string());
    }
    out.finish()
}

/// Where one work goes.
fn target(
    work: &Work,
    format: Format,
    output: Option<&Path>,
    count: usize,
) -> anyhow::Result<PathBuf> {
    let name = file_name(work, format.extension());
    let Some(output) = output else {
        return Ok(PathBuf::from(name));
    };
    if count > 1 || output.is_dir() {
        std::fs::create_dir_all(output)
            .with_context(|| format!("cannot create folder {}", output.display()))?;
        return Ok(output.join(name));
    }
    Ok(output.to_path_buf())
}

fn export_one(library: &Library, work: &Work, format: Format) -> anyhow::Result<Vec<u8>> {
    let bodies = bodies(library, work)?;
    // Only EPUB and HTML carry images.
    let images = match format {
        Format::Epub | Format::Html => library.work_images(&work.id)?,
        Format::Txt | Format::Json => Vec::new(),
    };
    to_bytes(format, work, &bodies, &images)
        .with_context(|| format!("cannot export work {} as {format}", work.id))
}

/// The work's chapter bodies in chapter order.
pub(crate) fn bodies(library: &Library, work: &Work) -> anyhow::Result<Vec<ChapterBody>> {
    let mut bodies = Vec::with_capacity(work.chapters.len());
    for chapter in &work.chapters {
        let body = library
            .chapter(&work.id, chapter.number)?
            .map(|(_, body)| body)
            .unwrap_or_default();
        bodies.push(body);
    }
    Ok(bodies)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}
