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
//!
//! KOReader and the web reader share one place per work: a push for an
//! export is also saved as the web position (chapter and fraction,
//! `koreader_place.rs`), and KOReader is answered with the web position
//! when that is newer than its own.

use super::koreader_place::{
    chapter_lengths, chapter_start_xpointer, fraction_in_chapter, percentage_place,
    place_percentage, unit, xpointer_chapter, ChapterPlace,
};
use super::passwords::Verdict;
use super::{
    DocumentProgress, DocumentRecord, ExportRecord, ReaderError, Readers, ReadingPosition, User,
    UserId,
};
use ficshelf_model::Work;
use md5::{Digest, Md5};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes read at each sampled offset.
const SAMPLE_BYTES: u64 = 1024;
/// The most characters of a sync key, device name or position string kept.
const MAX_FIELD_CHARS: usize = 512;
/// The device KOReader is told a web reader's position comes from.
pub const WEB_DEVICE: &str = "Ficshelf web";
/// The device id of [`WEB_DEVICE`], the same for every reader and server.
pub const WEB_DEVICE_ID: &str = "ficshelf-web-reader";

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
    let percentage = unit(percentage);
    if from_chapters == to_chapters || from_chapters == 0 || to_chapters == 0 {
        return percentage;
    }
    let length = |chapters: usize| -> f64 { chapter_lengths(chapter_words, chapters).iter().sum() };
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
    /// `updated_at` is set to now; text fields are shortened. In a book the
    /// library exported, the place is also saved as the reader's web
    /// position in the work (see [`Readers::mirror_kosync_progress`]);
    /// `work` loads a work by id, `None` for one the reader may not see.
    pub fn save_kosync_progress(
        &mut self,
        progress: &DocumentProgress,
        work: &dyn Fn(&str) -> Option<Work>,
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
            percentage: unit(progress.percentage),
            device: cut(&progress.device),
            device_id: cut(&progress.device_id),
            updated_at: now,
            ..progress.clone()
        };
        self.store.save_document_progress(&saved)?;
        self.mirror_kosync_progress(&saved, work)?;
        Ok(saved)
    }

    /// Saves `progress`, pushed for an export of a work, as the reader's web
    /// position in that work: the chapter its xpointer's `DocFragment`
    /// names through the export's layout (else the one its percentage
    /// falls in, by the chapters' word counts) and the fraction of that
    /// chapter before it. The xpointer and device are kept as the
    /// position's locator and device, which is how
    /// [`Readers::kosync_progress`] knows the position for KOReader's own.
    /// Nothing happens for a book the library did not export, a work that
    /// is gone or hidden from the reader, or a chapter it no longer has.
    fn mirror_kosync_progress(
        &mut self,
        progress: &DocumentProgress,
        work: &dyn Fn(&str) -> Option<Work>,
    ) -> Result<(), ReaderError> {
        let Some(DocumentRecord {
            export: Some(export),
            ..
        }) = self.store.document(&progress.document)?
        else {
            return Ok(());
        };
        let Some(work) = work(&export.work_id) else {
            return Ok(());
        };
        let Some(place) = kosync_place(progress, &export, &chapter_words(&work)) else {
            return Ok(());
        };
        if place.chapter as usize > work.chapters.len() {
            return Ok(());
        }
        self.save_position(
            progress.user,
            &work,
            place.chapter,
            place.fraction,
            Some(&progress.progress),
            Some(&progress.device),
        )
    }

    /// The position to answer KOReader with for `document`: whichever is
    /// newer of KOReader's own ([`Readers::koreader_progress`]) and the
    /// reader's latest web position in the work the document is an export
    /// of, the latter as KOReader names it ([`web_progress`]). A web
    /// position that is the copy of KOReader's push
    /// ([`Readers::mirror_kosync_progress`]) leaves KOReader's own, more
    /// precise one. `work` loads a work by id.
    pub fn kosync_progress(
        &self,
        user: UserId,
        document: &str,
        work: &dyn Fn(&str) -> Option<Work>,
    ) -> Result<Option<DocumentProgress>, ReaderError> {
        let document = document.to_ascii_lowercase();
        let record = self.store.document(&document)?;
        let koreader = self.koreader_progress(user, &document, record.as_ref(), work)?;
        let Some(export) = record.and_then(|r| r.export) else {
            return Ok(koreader);
        };
        let latest = self
            .store
            .work_positions(user, &export.work_id)?
            .into_iter()
            .max_by_key(|p| p.updated_at);
        let Some(position) = latest else {
            return Ok(koreader);
        };
        if let Some(own) = &koreader {
            let copied = position.locator.as_deref() == Some(own.progress.as_str())
                && position.device.as_deref() == Some(own.device.as_str());
            if position.updated_at <= own.updated_at || copied {
                return Ok(koreader);
            }
        }
        let words = work(&export.work_id)
            .map(|w| chapter_words(&w))
            .unwrap_or_default();
        Ok(web_progress(user, &document, &position, &export, &words).or(koreader))
    }

    /// The reader's latest KOReader position for `document` (`record`, its
    /// record if any): its own, or a newer one saved in another export of
    /// the same work, mapped onto this file by chapters (the position
    /// string is kept: a newer export only adds chapters after the old
    /// ones).
    fn koreader_progress(
        &self,
        user: UserId,
        document: &str,
        record: Option<&DocumentRecord>,
        work: &dyn Fn(&str) -> Option<Work>,
    ) -> Result<Option<DocumentProgress>, ReaderError> {
        let own = self.store.document_progress(user, document)?;
        let Some(export) = record.and_then(|r| r.export.as_ref()) else {
            return Ok(own);
        };
        let mut latest = own.map(|p| (p, export.chapters));
        for other in self.store.work_documents(&export.work_id)? {
            let Some(other_export) = other.export else {
                continue;
            };
            if other.document == *document {
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
        let words = work(&export.work_id)
            .map(|w| chapter_words(&w))
            .unwrap_or_default();
        Ok(Some(DocumentProgress {
            percentage: map_progress(
                progress.percentage,
                from_chapters as usize,
                export.chapters as usize,
                &words,
            ),
            document: document.to_string(),
            ..progress
        }))
    }
}

/// The word counts of `work`'s chapters, in order.
fn chapter_words(work: &Work) -> Vec<u64> {
    work.chapters.iter().map(|c| c.words).collect()
}

/// The place KOReader's `progress` names in `export`: the chapter of its
/// xpointer when the export's layout is known and the xpointer is in a
/// chapter, else the chapter its percentage falls in; the fraction of that
/// chapter from the percentage. `chapter_words` are the work's.
fn kosync_place(
    progress: &DocumentProgress,
    export: &ExportRecord,
    chapter_words: &[u64],
) -> Option<ChapterPlace> {
    let chapters = export.chapters;
    let named = export
        .front_pages
        .and_then(|front| xpointer_chapter(&progress.progress, front, chapters));
    match named {
        Some(chapter) => Some(ChapterPlace {
            chapter,
            fraction: fraction_in_chapter(progress.percentage, chapter, chapters, chapter_words),
        }),
        None => percentage_place(progress.percentage, chapters, chapter_words),
    }
}

/// The web reader's `position` as KOReader names it in `document`, an
/// export (`export`) of its work: the start of the chapter's spine item
/// and the fraction of the book before the place; `None` when the export's
/// layout is unknown or it lacks the chapter.
fn web_progress(
    user: UserId,
    document: &str,
    position: &ReadingPosition,
    export: &ExportRecord,
    chapter_words: &[u64],
) -> Option<DocumentProgress> {
    let front_pages = export.front_pages?;
    if position.chapter == 0 || position.chapter > export.chapters {
        return None;
    }
    let place = ChapterPlace {
        chapter: position.chapter,
        fraction: position.fraction,
    };
    Some(DocumentProgress {
        user,
        document: document.to_string(),
        progress: chapter_start_xpointer(position.chapter, front_pages),
        percentage: place_percentage(place, export.chapters, chapter_words),
        device: WEB_DEVICE.to_string(),
        device_id: WEB_DEVICE_ID.to_string(),
        updated_at: position.updated_at,
    })
}

#[cfg(test)]
#[path = "koreader_tests.rs"]
mod tests;
