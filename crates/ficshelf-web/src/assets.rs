//! The embedded stylesheet and script, served under content-hashed names
//! (`/assets/ficshelf-<hash>.css`) so browsers may cache them forever.

use crate::digest::hex_digest;
use std::sync::LazyLock;

/// One embedded file.
pub(crate) struct Asset {
    /// File name with its content hash, e.g. `ficshelf-0123456789abcdef.css`.
    pub(crate) name: String,
    pub(crate) content_type: &'static str,
    pub(crate) body: &'static [u8],
}

impl Asset {
    fn new(stem: &str, extension: &str, content_type: &'static str, body: &'static str) -> Asset {
        Asset {
            name: format!("{stem}-{}.{extension}", hex_digest(body.as_bytes())),
            content_type,
            body: body.as_bytes(),
        }
    }

    /// The path the asset is served at.
    pub(crate) fn url(&self) -> String {
        format!("/assets/{}", self.name)
    }
}

const STYLESHEET: &str = include_str!("../assets/ficshelf.css");
const SCRIPT: &str = include_str!("../assets/ficshelf.js");

static ASSETS: LazyLock<[Asset; 2]> = LazyLock::new(|| {
    [
        Asset::new("ficshelf", "css", "text/css; charset=utf-8", STYLESHEET),
        Asset::new("ficshelf", "js", "text/javascript; charset=utf-8", SCRIPT),
    ]
});

/// The stylesheet.
pub(crate) fn stylesheet() -> &'static Asset {
    &ASSETS[0]
}

/// The script.
pub(crate) fn script() -> &'static Asset {
    &ASSETS[1]
}

/// The asset with this hashed file name, if any.
pub(crate) fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

#[cfg(test)]
mod tests;
