//! A flat, depth-capped view of a small XML file (container.xml, OPF, NCX):
//! every element in document order with its attributes and direct text.

use super::EpubError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Deepest element nesting accepted.
const MAX_DEPTH: usize = 256;

/// One element: local name (no prefix), attributes by local name, and the
/// text directly inside it.
#[derive(Debug, Default, Clone)]
pub(crate) struct XmlElem {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    /// Depth of nesting, the root being 1.
    pub depth: usize,
}

impl XmlElem {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every element of `text` (named `what` in errors).
pub(crate) fn elements(text: &str, what: &str) -> Result<Vec<XmlElem>, EpubError> {
    let bad = |e: String| EpubError::Xml {
        what: what.to_string(),
        reason: e,
    };
    let mut reader = Reader::from_str(text);
    let mut out: Vec<XmlElem> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Start(e) => {
                if open.len() >= MAX_DEPTH {
                    return Err(bad("nested too deeply".into()));
                }
                out.push(start(&e, open.len() + 1).map_err(bad)?);
                open.push(out.len() - 1);
            }
            Event::Empty(e) => out.push(start(&e, open.len() + 1).map_err(bad)?),
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i]
                        .text
                        .push_str(&t.decode().map_err(|e| bad(e.to_string()))?);
                }
            }
            Event::CData(t) => {
                if let Some(&i) = open.last() {
                    out[i]
                        .text
                        .push_str(&t.decode().map_err(|e| bad(e.to_string()))?);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| bad(e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map(str::to_string)
                            .unwrap_or_default()
                    }
                };
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn start(e: &BytesStart, depth: usize) -> Result<XmlElem, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((key, value.to_string()));
    }
    Ok(XmlElem {
        name,
        attrs,
        text: String::new(),
        depth,
    })
}
