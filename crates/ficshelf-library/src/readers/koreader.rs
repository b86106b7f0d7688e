//! KOReader progress sync: its document hash, its sync keys, and positions
//! carried from one export of a work to the next.
//!
//! KOReader names a book by a partial MD5 of the file. A work is exported
//! again with every new chapter, so each export's hash is recorded with the
//! work and the chapter count it had; a position saved in one export is
//! answered for another by mapping it through the chapters' word counts
//! (an export holds the work's first chapters in order, so an older file's
//! text is a prefix of a newer one's). Hashes the library never made are
//! stored and answered too: KOReader syncs every book it opens.

use super::passwords::Verdict;
use super::{DocumentProgress, DocumentRecord, ExportRecord, ReaderError, Readers, User, UserId};
use ficshelf_model::Work;
use md5::{Digest, Md5};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes read at each sampled offset.
const SAMPLE_BYTES: u64 = 1024;
/// The most characters of a sync key, device name or position string kept.
const MAX_FIELD_CHARS: usize = 512;

/// The offsets KOReader samples: `lshift(1024, 2*i)` for `i = -1..=10` in
/// LuaJIT's 32-bit `bit.lshift`, which takes the shift count modulo 32.
/// For `i = -1` that is `1024 << 30`, which overflows 32 bits to 0; the
/// others are 1 KiB, 4 KiB, … 1 GiB.
fn sample_offsets() -> impl Iterator<Item = u64> {
    (-1i32..=10).map(|i| {
        let shift = (2 * i).rem_euclid(32) as u32;
        u64::from(1024u32.wrapping_shl(shift))
    })
}

/// KOReader's document id of a book file: the MD5 (lowercase hex) of up to
/// 1024 bytes read at each of [`sample_offsets`], stopping at the first
/// offset past the end (as `util.partialMD5` in KOReader's
/// `frontend/util.lua` does; no crate implements it).
pub fn partial_md5<R: Read + Seek>(mut file: R) -> std::io::Result<String> {
    let mut md5 = Md5::new();
    let mut sample = Vec::with_capacity(SAMPLE_BYTES as usize);
    for offset in sample_offsets() {
        file.seek(SeekFrom::Start(offset))?;
        sample.clear();
        (&mut file).take(SAMPLE_BYTES).read_to_end(&mut sample)?;
        // Lua's `file:read(n)` gives nil at the end of the file: stop there.
        if sample.is_empty() {
            break;
        }
        md5.update(&sample);
    }
    Ok(hex::encode(md5.finalize()))
}

/// [`partial_md5`] of the file at `path`.
pub fn partial_md5_of_file(path: &Path) -> Result<String, ReaderError> {
    let file = std::fs::File::open(path).map_err(ReaderError::ReadDocument)?;
    partial_md5(std::io::BufReader::new(file)).map_err(ReaderError::ReadDocument)
}

/// Maps `percentage` (0 to 1) through a file holding the first
/// `from_chapters` chapters onto one holding the first `to_chapters`, where
/// `chapter_words` are the work's chapters' word counts. The place in the
/// text stays; only the whole it is a fraction of changes. Without word
/// counts (all zero) chapters count as equally long.
pub fn map_progress(
    percentage: f64,
    from_chapters: usize,
    to_chapters: usize,
    chapter_words: &[u64],
) -> f64 {
    let percentage = if percentage.is_finite() {
        percentage.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if from_chapters == to_chapters || from_chapters == 0 || to_chapters == 0 {
        return percentage;
    }
    let weights: Vec<f64> = if chapter_words.iter().any(|&w| w > 0) {
        chapter_words.iter().map(|&w| w as f64).collect()
    } else {
        vec![1.0; from_chapters.max(to_chapters)]
    };
    // Chapters the words do not cover count as the average chapter.
    let average = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
    let length = |chapters: usize| -> f64 {
        (0..chapters)
            .map(|i| weights.get(i).copied().unwrap_or(average))
            .sum()
    };
    let (from, to) = (length(from_chapters), length(to_chapters));
    if to <= 0.0 {
        return percentage;
    }
    (percentage * from / to).clamp(0.0, 1.0)
}

/// `text` cut to at most [`MAX_FIELD_CHARS`] characters.
fn cut(text: &str) -> String {
    text.chars().take(MAX_FIELD_CHARS).collect()
}

impl Readers {
    /// Sets the key the reader's KOReader signs in with (its `x-auth-key`,
    /// which KOReader derives from the password typed into it); stored as
    /// an Argon2id hash like a password.
    pub fn set_kosync_key(&mut self, user: UserId, key: &str) -> Result<(), ReaderError> {
        if key.is_empty() || key.chars().count() > MAX_FIELD_CHARS {
            return Err(ReaderError::WeakPassword {
                reason: "a sync key must have 1 to 512 characters",
            });
        }
        let hash = self.passwords.hash(key)?;
        let now = self.now();
        Ok(self.store.set_kosync_key(user, &hash, now)?)
    }

    /// The account a KOReader `x-auth-user` / `x-auth-key` pair signs in
    /// to, or `None` (unknown name, no key set, wrong key: alike, in the
    /// same time).
    pub fn check_kosync_key(&self, name: &str, key: &str) -> Result<Option<User>, ReaderError> {
        let user = self.store.user_by_name(name)?;
        let stored = match &user {
            Some(user) => self.store.kosync_key(user.id)?,
            None => None,
        };
        let (Some(user), Some(stored)) = (user, stored) else {
            self.passwords.verify_nobody(key)?;
            return Ok(None);
        };
        match self.passwords.verify(&user.name, key, &stored)? {
            Verdict::Mismatch => Ok(None),
            Verdict::Match { .. } => Ok(Some(user)),
        }
    }

    /// Records that `document` (a [`partial_md5`]) is an export of `work`
    /// in `format`, as the work is now, with `front_pages` spine items
    /// before its first chapter (`None` for a format without a spine).
    pub fn record_export(
        &mut self,
        work: &Work,
        format: &str,
        document: &str,
        front_pages: Option<u32>,
    ) -> Result<(), ReaderError> {
        let chapters = u32::try_from(work.chapters.len()).unwrap_or(u32::MAX);
        let record = DocumentRecord {
            document: document.to_ascii_lowercase(),
            export: Some(ExportRecord {
                work_id: work.id.clone(),
                format: format.to_string(),
                chapters,
                front_pages,
            }),
            recorded_at: self.now(),
        };
        Ok(self.store.record_document(&record)?)
    }

    /// Stores the reader's KOReader position in `progress.document`, known
    /// to the library or not (an unknown hash is recorded as such). Its
    /// `updated_at` is set to now; text fields are shortened.
    pub fn save_kosync_progress(
        &mut self,
        progress: &DocumentProgress,
    ) -> Result<DocumentProgress, ReaderError> {
        let now = self.now();
        let document = progress.document.to_ascii_lowercase();
        if self.store.document(&document)?.is_none() {
            self.store.record_document(&DocumentRecord {
                document: document.clone(),
                export: None,
                recorded_at: now,
            })?;
        }
        let saved = DocumentProgress {
            document,
            progress: cut(&progress.progress),
            percentage: if progress.percentage.is_finite() {
                progress.percentage.clamp(0.0, 1.0)
            } else {
                0.0
            },
            device: cut(&progress.device),
            device_id: cut(&progress.device_id),
            updated_at: now,
            ..progress.clone()
        };
        self.store.save_document_progress(&saved)?;
        Ok(saved)
    }

    /// The reader's latest KOReader position for `document`: its own, or
    /// a newer one saved in another export of the same work, mapped onto
    /// this file by chapters (the position string is kept: a newer export
    /// only adds chapters after the old ones). `work` loads a work by id.
    pub fn kosync_progress(
        &self,
        user: UserId,
        document: &str,
        work: &dyn Fn(&str) -> Option<Work>,
    ) -> Result<Option<DocumentProgress>, ReaderError> {
        let document = document.to_ascii_lowercase();
        let own = self.store.document_progress(user, &document)?;
        let Some(DocumentRecord {
            export: Some(export),
            ..
        }) = self.store.document(&document)?
        else {
            return Ok(own);
        };
        let mut latest = own.map(|p| (p, export.chapters));
        for other in self.store.work_documents(&export.work_id)? {
            let Some(other_export) = other.export else {
                continue;
            };
            if other.document == document {
                continue;
            }
            if let Some(progress) = self.store.document_progress(user, &other.document)? {
                if latest
                    .as_ref()
                    .is_none_or(|(best, _)| progress.updated_at > best.updated_at)
                {
                    latest = Some((progress, other_export.chapters));
                }
            }
        }
        let Some((progress, from_chapters)) = latest else {
            return Ok(None);
        };
        if progress.document == document {
            return Ok(Some(progress));
        }
        let words: Vec<u64> = work(&export.work_id)
            .map(|w| w.chapters.iter().map(|c| c.words).collect())
            .unwrap_or_default();
        Ok(Some(DocumentProgress {
            percentage: map_progress(
                progress.percentage,
                from_chapters as usize,
                export.chapters as usize,
                &words,
            ),
            document,
            ..progress
        }))
    }
}

#[cfg(test)]
#[path = "koreader_tests.rs"]
mod tests;
