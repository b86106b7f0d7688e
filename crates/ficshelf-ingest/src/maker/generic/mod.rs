//! Files no known maker wrote: any HTML page (`html`, its story found
//! among the site's furniture by `content`), any EPUB (`epub`, whose walk
//! over a book's pages the downloaders' readers share). Plain text with no
//! maker's layout is read by the crate's text parser (`crate::text`).

mod content;
pub(crate) mod epub;
pub(crate) mod html;
