//! Taking works away: EPUB 3 (with an EPUB 2 NCX), one self-contained HTML
//! page, plain text the importer reads back, JSON; and OPDS 1.2 catalog
//! feeds for e-reader apps.
//!
//! Every writer streams into a `std::io::Write` (EPUB needs `Write + Seek`
//! only where the zip format does) and takes the work and its chapter bodies
//! as arguments: no IO of its own, no temporary files, no subprocess.

pub mod opds;
