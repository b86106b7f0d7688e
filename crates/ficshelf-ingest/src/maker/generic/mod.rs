//! Files no known maker wrote: any HTML page (`html`), any EPUB (`epub`).
//! Plain text with no maker's layout is read by the crate's text parser
//! (`crate::text`).

pub(crate) mod epub;
pub(crate) mod html;
