//! The OpenSearch description document: how an e-reader app searches the
//! catalog (`/opds/search?q={searchTerms}`).

use super::xml::{Xml, OPENSEARCH_NS};
use super::{to_string, OpdsError, Urls, ACQUISITION_TYPE};

/// The description document of the catalog's search, its template carrying
/// the catalog's consent to adult works.
pub fn opensearch_description(urls: &Urls) -> Result<String, OpdsError> {
    to_string(|buffer| {
        let mut xml = Xml::new(buffer)?;
        xml.open("OpenSearchDescription", &[("xmlns", OPENSEARCH_NS)])?;
        xml.text("ShortName", &[], "Ficshelf")?;
        xml.text(
            "Description",
            &[],
            "Search the works of this Ficshelf library: titles, tags, summaries and story text, \
             with filters such as rating:teen or fandom:\"Star Trek\".",
        )?;
        xml.text("InputEncoding", &[], "UTF-8")?;
        xml.text("OutputEncoding", &[], "UTF-8")?;
        xml.empty(
            "Url",
            &[
                ("type", ACQUISITION_TYPE),
                ("template", &urls.search_template()),
            ],
        )?;
        xml.close("OpenSearchDescription")?;
        xml.finish()
    })
}
