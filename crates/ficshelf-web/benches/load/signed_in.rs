//! The signed-in side of the load benchmark: a reader account with mutes
//! (in a readers' database of its own, so a `--library` stays unwritten),
//! the chapter pages that reader may open, and a session signed in through
//! the server's own `/login` form, whose cookie the load generator sends.

use ficshelf_library::readers::{MuteKind, ReaderView, Readers, Vocabulary};
use ficshelf_library::{Library, TagKind};
use ficshelf_model::Work;
use ficshelf_search::TagWrangler;
use std::net::SocketAddr;
use std::path::Path;

/// The bench reader's name and password.
const NAME: &str = "bench-reader";
const PASSWORD: &str = "load-bench-reader-password";

/// A reader account and what it may see.
pub struct BenchReader {
    pub readers: Readers,
    pub view: ReaderView,
    pub wrangler: TagWrangler,
    /// The mutes, as `kind:value`, for the report.
    pub mutes: Vec<String>,
}

impl BenchReader {
    /// Adds the bench reader to a readers' database in `dir`, muting a
    /// fandom, an additional tag and (with a wildcard) every relationship
    /// with one character, all drawn from the library's own tags: the
    /// second most common of each, so the mutes cut a real share of works
    /// (none unless `muted`).
    pub fn new(
        dir: &Path,
        library: &Library,
        works: &[Work],
        muted: bool,
    ) -> Result<BenchReader, Box<dyn std::error::Error>> {
        let mut readers = Readers::open(dir)?;
        let user = readers.add_user(NAME, PASSWORD, false, None)?;
        let second = |kind: TagKind| -> Result<Option<String>, Box<dyn std::error::Error>> {
            let tags = library.tags(Some(kind))?;
            Ok(tags.get(1).or(tags.first()).map(|t| t.name.clone()))
        };
        let mut mutes = Vec::new();
        if let Some(fandom) = second(TagKind::Fandom)? {
            mutes.push((MuteKind::Fandom, fandom));
        }
        if let Some(tag) = second(TagKind::Tag)? {
            mutes.push((MuteKind::Tag, tag));
        }
        let pairing = library
            .tags(Some(TagKind::Relationship))?
            .into_iter()
            .find_map(|t| t.name.split_once('/').map(|(_, b)| b.trim().to_string()));
        if let Some(character) = pairing {
            mutes.push((MuteKind::Relationship, format!("*/{character}")));
        }
        if !muted {
            mutes.clear();
        }
        for (kind, value) in &mutes {
            readers.add_mute(user.id, *kind, value)?;
        }
        let wrangler = TagWrangler::new();
        let user = readers.user_named(NAME)?;
        let limits = readers.limits(Some(&user), None, &|_| None)?;
        let vocabulary = Vocabulary::from_works(works, &wrangler);
        let view = ReaderView::new(&limits, &vocabulary, &wrangler);
        Ok(BenchReader {
            readers,
            view,
            wrangler,
            mutes: mutes
                .iter()
                .map(|(kind, value)| format!("{}:{value}", kind.as_str()))
                .collect(),
        })
    }

    /// Whether the reader may open `work`.
    pub fn allows(&self, work: &Work) -> bool {
        self.view.allows(work, &self.wrangler)
    }
}

/// Signs the bench reader in through `GET`/`POST /login` of the server at
/// `addr`, as a browser does (the form's token and its cookie); returns the
/// `Cookie` header value of the session.
pub async fn sign_in(addr: SocketAddr) -> Result<String, Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let base = format!("http://{addr}");
    let form = client.get(format!("{base}/login")).send().await?;
    let form_cookie = cookie_pair(&form, "ficshelf_sign_in")?;
    let html = form.text().await?;
    let token = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("the sign-in page has no form token")?;
    let body = format!("csrf={token}&next=%2F&name={NAME}&password={PASSWORD}");
    let signed = client
        .post(format!("{base}/login"))
        .header("cookie", form_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    if signed.status().as_u16() != 303 {
        return Err(format!("signing in answered {}", signed.status()).into());
    }
    cookie_pair(&signed, "ficshelf_session")
}

/// `name=value` of the cookie `name` a response sets.
fn cookie_pair(
    response: &reqwest::Response,
    name: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .map(str::to_string)
        .ok_or_else(|| format!("no {name} cookie").into())
}
