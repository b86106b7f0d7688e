//! Whole-book tests over MOBI files built here byte by byte: a small MOBI 6
//! book read end to end, and hostile files (truncated, huge counts,
//! offsets out of range, bombs) that must give a one-line error, never a
//! panic.

use super::*;

/// Length of the MOBI header written (through the KF8 index fields).
const MOBI_HEADER_LEN: usize = 0x108;

/// A MOBI 6 book: record 0 (PalmDOC + MOBI header + EXTH), then the text
/// records stored uncompressed with one trailing byte of multibyte flags.
struct Builder {
    text: Vec<u8>,
    exth: Vec<(u32, Vec<u8>)>,
    compression: u16,
    version: u32,
}

impl Builder {
    fn new(text: &str) -> Builder {
        Builder {
            text: text.as_bytes().to_vec(),
            exth: vec![(100, b"Wren Aldous".to_vec()), (503, b"Sea Glass".to_vec())],
            compression: 1,
            version: 6,
        }
    }

    fn record0(&self, records: u16) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend_from_slice(&self.compression.to_be_bytes());
        r.extend_from_slice(&[0, 0]);
        r.extend_from_slice(&(self.text.len() as u32).to_be_bytes());
        r.extend_from_slice(&records.to_be_bytes());
        r.extend_from_slice(&4096u16.to_be_bytes());
        r.extend_from_slice(&[0, 0, 0, 0]);
        let mut mobi = vec![0u8; MOBI_HEADER_LEN];
        mobi[..4].copy_from_slice(b"MOBI");
        mobi[4..8].copy_from_slice(&(MOBI_HEADER_LEN as u32).to_be_bytes());
        mobi[12..16].copy_from_slice(&65001u32.to_be_bytes());
        mobi[20..24].copy_from_slice(&self.version.to_be_bytes());
        mobi[0x70 - 16..0x74 - 16].copy_from_slice(&u32::MAX.to_be_bytes());
        mobi[0x80 - 16..0x84 - 16].copy_from_slice(&0x40u32.to_be_bytes());
        mobi[0xF0 - 16..0xF4 - 16].copy_from_slice(&1u32.to_be_bytes());
        mobi[0xF4 - 16..0xF8 - 16].copy_from_slice(&u32::MAX.to_be_bytes());
        r.extend_from_slice(&mobi);
        let mut exth = Vec::new();
        for (kind, data) in &self.exth {
            exth.extend_from_slice(&kind.to_be_bytes());
            exth.extend_from_slice(&(data.len() as u32 + 8).to_be_bytes());
            exth.extend_from_slice(data);
        }
        r.extend_from_slice(b"EXTH");
        r.extend_from_slice(&(exth.len() as u32 + 12).to_be_bytes());
        r.extend_from_slice(&(self.exth.len() as u32).to_be_bytes());
        r.extend_from_slice(&exth);
        r
    }

    fn build(&self) -> Vec<u8> {
        let chunks: Vec<Vec<u8>> = self
            .text
            .chunks(64)
            .map(|c| [c, &[0u8][..]].concat())
            .collect();
        let mut records = vec![self.record0(chunks.len() as u16)];
        records.extend(chunks);
        pdb_file(b"BOOKMOBI", &records)
    }
}

/// A Palm database holding `records`.
fn pdb_file(magic: &[u8], records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0u8; 78];
    out[..9].copy_from_slice(b"Sea_Glass");
    out[60..68].copy_from_slice(magic);
    out[76..78].copy_from_slice(&(records.len() as u16).to_be_bytes());
    let mut at = 78 + 8 * records.len() + 2;
    for (i, r) in records.iter().enumerate() {
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(i as u32 * 2).to_be_bytes());
        at += r.len();
    }
    out.extend_from_slice(&[0, 0]);
    for r in records {
        out.extend_from_slice(r);
    }
    out
}

const BOOK: &str = "<html><head><guide></guide></head><body>\
    <p><font size=\"5\"><b>Chapter 1: Low Tide</b></font></p>\
    <p>The harbour emptied at dawn and Mara counted the boats left on the mud.</p>\
    <mbp:pagebreak/><p><font size=\"5\"><b>Chapter 2: Flood</b></font></p>\
    <p>By evening the water was back, and so were the gulls, arguing.</p></body></html>";

fn parse(bytes: &[u8]) -> Result<ParsedFile, MobiError> {
    parse_mobi(bytes, &Limits::default())
}

#[test]
fn a_mobi6_book_reads_its_pages_and_exth_metadata() {
    let parsed = parse(&Builder::new(BOOK).build()).expect("parses");
    assert_eq!(parsed.meta.title.as_deref(), Some("Sea Glass"));
    assert_eq!(parsed.meta.authors, ["Wren Aldous"]);
    let titles: Vec<_> = parsed.chapters.iter().map(|c| c.title.clone()).collect();
    assert_eq!(titles, [Some("Low Tide".into()), Some("Flood".into())]);
    assert_eq!(
        parsed.chapters[1].body.to_text(),
        "By evening the water was back, and so were the gulls, arguing.\n"
    );
}

#[test]
fn exth_fills_only_what_the_pages_do_not_state() {
    let mut book = Builder::new(BOOK);
    book.exth.extend([
        (105, b"Harbours".to_vec()),
        (103, b"<p>Boats and <b>gulls</b>.</p>".to_vec()),
        (524, b"en".to_vec()),
        (101, b"Small Hours Press".to_vec()),
    ]);
    let parsed = parse(&book.build()).expect("parses");
    assert_eq!(parsed.meta.tags, ["Harbours"]);
    assert_eq!(parsed.meta.summary.as_deref(), Some("Boats and gulls."));
    assert_eq!(parsed.meta.language.as_deref(), Some("en"));
}

#[test]
fn a_book_with_no_text_is_refused() {
    let err = parse(&Builder::new("<html><body> </body></html>").build()).expect_err("no text");
    assert!(matches!(err, MobiError::NoText));
}

/// Every hostile file gives an error whose message is one line.
fn refused(bytes: &[u8]) -> String {
    let err = parse(bytes).expect_err("refused");
    let line = err.to_string();
    assert!(!line.contains('\n') && !line.is_empty(), "{line:?}");
    line
}

#[test]
fn truncated_files_are_refused() {
    let good = Builder::new(BOOK).build();
    for cut in [0, 10, 60, 77, 78, 90, 100, 200, 300, good.len() - 30] {
        refused(&good[..cut]);
    }
}

#[test]
fn huge_counts_and_bad_offsets_are_refused() {
    let good = Builder::new(BOOK).build();
    // A record count the table cannot hold.
    let mut bad = good.clone();
    bad[76..78].copy_from_slice(&u16::MAX.to_be_bytes());
    assert!(refused(&bad).contains("truncated"));
    // A record starting past the end of the file.
    let mut bad = good.clone();
    bad[78..82].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(refused(&bad).contains("outside the file"));
    // Offsets going backwards.
    let mut bad = good.clone();
    bad[86..90].copy_from_slice(&100u32.to_be_bytes());
    refused(&bad);
    // More text records claimed than the file has.
    let mut bad = good.clone();
    let rec0 = u32::from_be_bytes([good[78], good[79], good[80], good[81]]) as usize;
    bad[rec0 + 8..rec0 + 10].copy_from_slice(&u16::MAX.to_be_bytes());
    assert!(refused(&bad).contains("text records"));
    // An EXTH count far past its block.
    let mut bad = good.clone();
    let exth = rec0 + 16 + MOBI_HEADER_LEN;
    bad[exth + 8..exth + 12].copy_from_slice(&u32::MAX.to_be_bytes());
    refused(&bad);
    // An EXTH record with a length past its block.
    let mut bad = good;
    bad[exth + 16..exth + 20].copy_from_slice(&u32::MAX.to_be_bytes());
    refused(&bad);
}

#[test]
fn drm_unknown_compression_and_bombs_are_refused() {
    let good = Builder::new(BOOK).build();
    let rec0 = u32::from_be_bytes([good[78], good[79], good[80], good[81]]) as usize;
    let mut drm = good.clone();
    drm[rec0 + 12..rec0 + 14].copy_from_slice(&2u16.to_be_bytes());
    assert!(refused(&drm).contains("DRM"));
    let mut odd = good.clone();
    odd[rec0..rec0 + 2].copy_from_slice(&9u16.to_be_bytes());
    assert!(refused(&odd).contains("compression"));
    // A stated text length over the limit.
    let mut huge = good.clone();
    huge[rec0 + 4..rec0 + 8].copy_from_slice(&u32::MAX.to_be_bytes());
    let limits = Limits {
        max_file_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        parse_mobi(&huge, &limits),
        Err(MobiError::TooLarge { .. })
    ));
    // PalmDOC records that expand past the limit although the header
    // states a small length.
    let pair = (0x8000u16 | (1 << 3) | 7).to_be_bytes();
    let bomb_record: Vec<u8> = [b'a'].into_iter().chain(pair.repeat(2000)).collect();
    let mut book = Builder::new("x");
    book.compression = 2;
    let mut records = vec![book.record0(200)];
    records.extend(std::iter::repeat_n(bomb_record, 200));
    let limits = Limits {
        max_file_bytes: 200_000,
        ..Limits::default()
    };
    let err = parse_mobi(&pdb_file(b"BOOKMOBI", &records), &limits).expect_err("bomb");
    assert!(matches!(err, MobiError::TooLarge { .. }), "{err}");
}

#[test]
fn kf8_headers_pointing_at_missing_indexes_are_refused() {
    let mut book = Builder::new(BOOK);
    book.version = 8;
    let mut bytes = book.build();
    let rec0 = u32::from_be_bytes([bytes[78], bytes[79], bytes[80], bytes[81]]) as usize;
    // Skeleton and fragment indexes at records the file does not have.
    bytes[rec0 + 0xF8..rec0 + 0xFC].copy_from_slice(&900u32.to_be_bytes());
    bytes[rec0 + 0xFC..rec0 + 0x100].copy_from_slice(&901u32.to_be_bytes());
    assert!(refused(&bytes).contains("record 90"));
    // A joint file whose KF8 boundary names no record.
    let mut joint = Builder::new(BOOK);
    joint.exth.push((121, 5000u32.to_be_bytes().to_vec()));
    assert!(refused(&joint.build()).contains("5000"));
}

#[test]
fn a_palmdoc_text_reads_as_plain_text() {
    let text =
        "Title: Sea Glass\nAuthor: Wren Aldous\n\nThe tide went out and did not come back.\n";
    let mut rec0 = Vec::new();
    rec0.extend_from_slice(&1u16.to_be_bytes());
    rec0.extend_from_slice(&[0, 0]);
    rec0.extend_from_slice(&(text.len() as u32).to_be_bytes());
    rec0.extend_from_slice(&1u16.to_be_bytes());
    rec0.extend_from_slice(&4096u16.to_be_bytes());
    rec0.extend_from_slice(&[0, 0, 0, 0]);
    let parsed = parse(&pdb_file(b"TEXtREAd", &[rec0, text.as_bytes().to_vec()])).expect("parses");
    assert_eq!(parsed.meta.title.as_deref(), Some("Sea Glass"));
    assert_eq!(parsed.meta.authors, ["Wren Aldous"]);
}

/// The next value of a fixed xorshift sequence (tests stay repeatable).
fn next_random(state: &mut u32) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    *state
}

#[test]
fn random_bytes_after_a_valid_header_never_panic() {
    let good = Builder::new(BOOK).build();
    // A fixed pseudo-random walk of single-byte changes over the whole file.
    let mut state: u32 = 0x2545_F491;
    for _ in 0..1000 {
        let state = next_random(&mut state);
        let mut bytes = good.clone();
        let at = state as usize % bytes.len();
        bytes[at] = (state >> 8) as u8;
        let _ = parse(&bytes);
    }
}

/// Calibre-made books from the format fixtures (see
/// `tests/fixtures/formats/tools/make_mobi.sh`).
const CALIBRE_AZW3: &[u8] =
    include_bytes!("../../../../tests/fixtures/formats/cases/azw3_ao3.azw3");
const CALIBRE_JOINT: &[u8] =
    include_bytes!("../../../../tests/fixtures/formats/cases/mobi_joint_generic.mobi");

#[test]
fn calibre_books_with_corrupted_indexes_and_tables_never_panic() {
    for (name, book) in [("azw3", CALIBRE_AZW3), ("joint", CALIBRE_JOINT)] {
        let parsed = parse(book).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed.chapters.len(), 3, "{name}");
        // Truncated anywhere: an error, never a panic.
        for cut in (0..book.len()).step_by(997) {
            let _ = parse(&book[..cut]);
        }
        // One word overwritten at a time: record offsets, header fields,
        // INDX/TAGX/IDXT tables, FDST and text all take their turn.
        let mut state: u32 = 0x9E37_79B9;
        for _ in 0..300 {
            let state = next_random(&mut state);
            let mut bytes = book.to_vec();
            let at = state as usize % (bytes.len() - 4);
            bytes[at..at + 4].copy_from_slice(&state.rotate_left(7).to_be_bytes());
            let _ = parse(&bytes);
        }
    }
}
