//! The package document (OPF) and table of contents (NCX or EPUB 3 nav).

use super::archive::{resolve, Archive};
use super::xml::{elements, XmlElem};
use super::EpubError;
use crate::html::dom::{find_all, text};

/// What an EPUB's package says.
#[derive(Debug, Default)]
pub(crate) struct Package {
    /// `metadata` children, in order.
    pub metadata: Vec<XmlElem>,
    /// Spine documents as entry names, in reading order (the manifest's
    /// order when the spine names none).
    pub spine: Vec<String>,
    /// Table-of-contents labels by entry name.
    pub toc: Vec<(String, String)>,
    /// The EPUB 3 navigation document, left out of the chapters.
    pub nav_doc: Option<String>,
}

impl Package {
    /// The text of every metadata element named `name`.
    pub(crate) fn values(&self, name: &str) -> Vec<String> {
        self.metadata
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The content of `<meta name="…" content="…">`.
    pub(crate) fn meta(&self, name: &str) -> Option<String> {
        self.metadata
            .iter()
            .find(|e| e.name == "meta" && e.attr("name") == Some(name))
            .and_then(|e| e.attr("content"))
            .map(str::to_string)
    }

    /// The label the table of contents gives `entry`.
    pub(crate) fn toc_label(&self, entry: &str) -> Option<&str> {
        self.toc
            .iter()
            .find(|(e, _)| e == entry)
            .map(|(_, l)| l.as_str())
    }
}

/// Reads container.xml, the OPF and its table of contents.
pub(crate) fn read_package(archive: &mut Archive) -> Result<Package, EpubError> {
    let container = archive.read_text("META-INF/container.xml")?;
    let opf_path = elements(&container, "container.xml")?
        .into_iter()
        .find(|e| e.name == "rootfile")
        .and_then(|e| e.attr("full-path").map(str::to_string))
        .ok_or_else(|| EpubError::Missing("rootfile in container.xml".into()))?;
    let opf = archive.read_text(&opf_path)?;
    let all = elements(&opf, "package document")?;
    let mut package = Package::default();
    let mut in_metadata = None;
    let mut manifest: Vec<(String, String, String, String)> = Vec::new();
    let mut toc_id = None;
    for e in all {
        if let Some(depth) = in_metadata {
            if e.depth > depth {
                package.metadata.push(e);
                continue;
            }
            in_metadata = None;
        }
        match e.name.as_str() {
            "metadata" => in_metadata = Some(e.depth),
            "item" => manifest.push((
                e.attr("id").unwrap_or("").to_string(),
                resolve(&opf_path, e.attr("href").unwrap_or("")),
                e.attr("media-type").unwrap_or("").to_string(),
                e.attr("properties").unwrap_or("").to_string(),
            )),
            "spine" => toc_id = e.attr("toc").map(str::to_string),
            "itemref" if e.attr("linear") != Some("no") => {
                let id = e.attr("idref").unwrap_or("");
                if let Some((_, href, media, _)) = manifest.iter().find(|m| m.0 == id) {
                    if media.contains("html") || media.is_empty() {
                        package.spine.push(href.clone());
                    }
                }
            }
            _ => {}
        }
    }
    let nav = manifest
        .iter()
        .find(|m| m.3.split_whitespace().any(|p| p == "nav"));
    if package.spine.is_empty() {
        package.spine = manifest_order(&manifest, nav.map(|m| m.1.as_str()));
    }
    let ncx = manifest
        .iter()
        .find(|m| Some(&m.0) == toc_id.as_ref() || m.2 == "application/x-dtbncx+xml");
    if let Some((_, href, _, _)) = nav {
        package.nav_doc = Some(href.clone());
        let text = archive.read_text(href)?;
        package.toc = nav_labels(&text, href);
    }
    if package.toc.is_empty() {
        if let Some((_, href, _, _)) = ncx {
            if archive.has(href) {
                let text = archive.read_text(href)?;
                package.toc = ncx_labels(&text, href)?;
            }
        }
    }
    Ok(package)
}

/// A book whose spine lists nothing readable (empty, or naming no
/// manifest item) is read in manifest order: every (X)HTML item but the
/// navigation document.
fn manifest_order(manifest: &[(String, String, String, String)], nav: Option<&str>) -> Vec<String> {
    manifest
        .iter()
        .filter(|(_, href, media, _)| media.contains("html") && Some(href.as_str()) != nav)
        .map(|(_, href, _, _)| href.clone())
        .collect()
}

fn ncx_labels(text: &str, path: &str) -> Result<Vec<(String, String)>, EpubError> {
    let mut out = Vec::new();
    let mut label = String::new();
    for e in elements(text, "NCX")? {
        match e.name.as_str() {
            "navPoint" => label.clear(),
            "text" if label.is_empty() => label = squash(&e.text),
            "content" => {
                if let Some(src) = e.attr("src") {
                    out.push((resolve(path, src), std::mem::take(&mut label)));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn nav_labels(source: &str, path: &str) -> Vec<(String, String)> {
    let doc = crate::html::parse_bounded(source);
    let root = doc.tree.root();
    let toc = find_all(root, "nav", "")
        .find(|n| {
            n.value()
                .attrs()
                .any(|(k, v)| k.ends_with("type") && v == "toc")
        })
        .or_else(|| find_all(root, "nav", "").next());
    let Some(toc) = toc else {
        return Vec::new();
    };
    find_all(*toc, "a", "")
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            Some((resolve(path, href), text(*a)))
        })
        .collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
