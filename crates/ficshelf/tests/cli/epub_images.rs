//! Images inside EPUBs, through the binary: an EPUB built here holds a
//! small PNG (written byte by byte), an image on a (local, watched) web
//! server, an SVG with a script, a `../../etc/passwd` source and an image
//! over the size limit. After import only the PNG is kept; `ficshelf serve`
//! serves it with its type (behind the adult gate, hidden above
//! `--max-rating`); nothing is fetched and nothing but the database
//! and index changes in the library folder; importing again changes
//! nothing; the work's exported EPUB holds the image and passes epubcheck
//! (skipped with a notice when epubcheck is missing, unless `CI` is set).

use crate::common::{assert_epubcheck_clean, epubcheck, ficshelf, succeed};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// CRC-32 (IEEE) as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8], out: &mut Vec<u8>) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

/// A valid 2×1 8-bit greyscale PNG (pixels `shade` and white): zlib with
/// one stored deflate block.
fn tiny_png(shade: u8) -> Vec<u8> {
    let raw = [0u8, shade, 0xff]; // filter type 0, two pixels
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend((raw.len() as u16).to_le_bytes());
    zlib.extend((!(raw.len() as u16)).to_le_bytes());
    zlib.extend(raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(2u32.to_be_bytes());
    ihdr.extend(1u32.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr, &mut png);
    chunk(b"IDAT", &zlib, &mut png);
    chunk(b"IEND", &[], &mut png);
    png
}

/// The EPUB under test: a chapter whose first paragraph is `prose`, with
/// the images, and a plain second chapter when `second` is given; `remote`
/// is the address of the watched server.
fn build_epub(title: &str, prose: &str, second: Option<&str>, png: &[u8], remote: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, stored).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    };
    put("mimetype", b"application/epub+zip");
    put(
        "META-INF/container.xml",
        b"<?xml version=\"1.0\"?>\n<container version=\"1.0\" \
          xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>\
          <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\
          </rootfiles></container>",
    );
    let opf =
        format!(
        "<?xml version=\"1.0\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">\
          <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
          <dc:title>{title}</dc:title><dc:creator>Ines Marlow</dc:creator>\
          <dc:language>en</dc:language></metadata><manifest>\
          <item id=\"c1\" href=\"ch1.xhtml\" media-type=\"application/xhtml+xml\"/>\
          <item id=\"c2\" href=\"ch2.xhtml\" media-type=\"application/xhtml+xml\"/>\
          <item id=\"p\" href=\"images/map.png\" media-type=\"image/png\"/>\
          </manifest><spine><itemref idref=\"c1\"/>{}</spine></package>",
        if second.is_some() { "<itemref idref=\"c2\"/>" } else { "" }
    );
    put("OEBPS/content.opf", opf.as_bytes());
    let chapter = format!(
        "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>One</title>\
         </head><body><h1>Chapter 1: {title}</h1>\
         <p>{prose}</p>\
         <div class=\"figure\"><img src=\"images/map.png\" alt=\"A hand-drawn map\"/></div>\
         <p>Remote <img src=\"{remote}/remote.png\" alt=\"remote\"/> and \
         <img src=\"images/evil.svg\" alt=\"svg\"/> and \
         <img src=\"../../etc/passwd\" alt=\"escape\"/> and \
         <img src=\"images/huge.png\" alt=\"huge\"/> are all gone.</p>\
         <p>Again: <img src=\"./images/map.png\"/></p></body></html>"
    );
    put("OEBPS/ch1.xhtml", chapter.as_bytes());
    if let Some(second) = second {
        let chapter = format!(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>\
             <title>Two</title></head><body><h1>Chapter 2: Onward</h1><p>{second}</p></body></html>"
        );
        put("OEBPS/ch2.xhtml", chapter.as_bytes());
    }
    put("OEBPS/images/map.png", png);
    put(
        "OEBPS/images/evil.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    huge.resize((5 << 20) + 1024, 7);
    put("OEBPS/images/huge.png", &huge);
    zip.finish().expect("zip").into_inner()
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under").to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// Files of the library folder other than the database and search index.
fn other_files(library: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = files(library);
    all.retain(|p, _| {
        !p.starts_with("index") && !p.to_string_lossy().starts_with("library.sqlite3")
    });
    all
}

fn import_json(library: &Path, path: &Path) -> Value {
    let out = succeed(ficshelf(library).args(["import", "--json"]).arg(path));
    serde_json::from_slice(&out).expect("JSON report")
}

/// `ficshelf serve` on a free local port, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(library: &Path, extra: &[&str]) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(assert_cmd::cargo::cargo_bin("ficshelf"))
        .arg("--library")
        .arg(library)
        .args(["serve", "--addr", &addr])
        .args(extra)
        .env_remove("FICSHELF_LIBRARY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let server = Server { child, addr };
    let started = Instant::now();
    while TcpStream::connect(&server.addr).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "server up");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// `GET path`: status, lowercased headers, body.
fn get(server: &Server, path: &str) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .expect("request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().expect("status line")[9..12]
        .parse()
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, response[split + 4..].to_vec())
}

#[test]
fn epub_images_are_kept_served_and_exported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("library");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");

    // A watched "remote" server: nothing may connect to it.
    let remote = TcpListener::bind("127.0.0.1:0").expect("remote");
    remote.set_nonblocking(true).expect("nonblocking");
    let remote_url = format!("http://{}", remote.local_addr().expect("addr"));

    let png = tiny_png(0x20);
    let book = inbox.join("lighthouse.epub");
    let prose = "The keeper unrolled the chart on the table and smoothed its corners flat.";
    let bytes = build_epub("The Lighthouse Map", prose, None, &png, &remote_url);
    std::fs::write(&book, bytes).expect("write epub");

    // The library exists (with one plain-text work) before the EPUB comes.
    let txt = dir.path().join("other.txt");
    std::fs::write(&txt, "Title: Other\nAuthor: Someone\n\nJust text.\n").expect("txt");
    import_json(&library, &txt);
    let before = other_files(&library);
    let inbox_before = files(&inbox);

    let report = import_json(&library, &book);
    assert_eq!(report["works_created"], 1, "{report}");
    assert_eq!(
        report["skipped"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    assert!(
        matches!(remote.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the remote image was fetched"
    );
    assert_eq!(
        other_files(&library),
        before,
        "only database and index change"
    );
    assert_eq!(files(&inbox), inbox_before, "the input is untouched");
    for (path, bytes) in files(&library) {
        let in_db = path.to_string_lossy().starts_with("library.sqlite3");
        let holds_png = bytes.windows(png.len()).any(|w| w == png.as_slice());
        assert!(
            in_db || !holds_png,
            "image bytes written to {}",
            path.display()
        );
    }

    let out = ficshelf(&library)
        .args(["works", "--json"])
        .output()
        .expect("runs");
    let works: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let work = works
        .as_array()
        .expect("array")
        .iter()
        .find(|w| w["title"] == "The Lighthouse Map")
        .expect("work imported");
    let id = work["id"].as_str().expect("id").to_string();

    // Importing again changes nothing.
    let again = import_json(&library, &book);
    assert_eq!(again["works_created"], 0, "{again}");
    assert_eq!(again["works_updated"], 0, "{again}");
    assert_eq!(again["files_unchanged"], 1, "{again}");

    let server = serve(&library, &[]);
    let (status, _, api) = get(
        &server,
        &format!("/api/works/{id}/chapters/1?view_adult=true"),
    );
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&api).expect("JSON");
    let html = api["html"].as_str().expect("chapter html");
    let image =
        regex::Regex::new(r#"<img src="/works/[^/"]+/assets/([0-9a-f]{64})" alt="([^"]*)">"#)
            .unwrap();
    let found: Vec<(String, String)> = image
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    assert_eq!(found.len(), 2, "the map, twice; nothing else: {html}");
    assert!(
        !html.contains("asset:"),
        "the API points images at URLs: {html}"
    );
    assert_eq!(html.matches("<img").count(), 2, "{html}");
    assert_eq!(found[0].1, "A hand-drawn map");
    assert_eq!(found[0].0, found[1].0);
    let sha = found[0].0.clone();
    for gone in ["remote", "svg", "escape", "huge"] {
        assert!(!html.contains(&format!("alt=\"{gone}\"")), "{gone}: {html}");
    }
    assert!(
        !html.contains("passwd") && !html.contains("script"),
        "{html}"
    );
    assert!(html.contains("are all gone."), "{html}");

    // The work states no rating (Not Rated): the adult gate applies.
    let page = format!("/works/{id}/chapters/1?view_adult=true");
    let (status, _, body) = get(&server, &page);
    assert_eq!(status, 200);
    let body = String::from_utf8_lossy(&body);
    let url = format!("/works/{id}/assets/{sha}");
    assert!(
        body.contains(&format!("<img src=\"{url}\" alt=\"A hand-drawn map\">")),
        "{body}"
    );
    assert!(!body.contains("asset:"), "{body}");

    let (_, headers, gated) = get(&server, &url);
    assert_ne!(gated, png, "served past the adult gate");
    assert!(headers["content-type"].starts_with("text/html"));
    let (status, headers, served) = get(&server, &format!("{url}?view_adult=true"));
    assert_eq!(status, 200);
    assert_eq!(served, png);
    assert_eq!(
        headers.get("content-type").map(String::as_str),
        Some("image/png")
    );
    assert_eq!(
        headers.get("x-content-type-options").map(String::as_str),
        Some("nosniff")
    );
    assert!(headers["cache-control"].contains("max-age=31536000"));
    assert!(headers["content-security-policy"].contains("img-src 'self'"));
    // Not a work's image, not a name, or another work: nothing.
    let other_id = works
        .as_array()
        .expect("array")
        .iter()
        .find(|w| w["title"] == "Other")
        .and_then(|w| w["id"].as_str())
        .expect("other work")
        .to_string();
    for path in [
        format!("/works/{id}/assets/{}?view_adult=true", "0".repeat(64)),
        format!("/works/{id}/assets/{}?view_adult=true", &sha[1..]),
        format!("/works/{other_id}/assets/{sha}?view_adult=true"),
        format!("/works/999999/assets/{sha}?view_adult=true"),
    ] {
        assert_eq!(get(&server, &path).0, 404, "{path}");
    }
    drop(server);
    // Above `--max-rating` the work and its images are hidden.
    let limited = serve(&library, &["--max-rating", "teen"]);
    assert_eq!(get(&limited, &format!("{url}?view_adult=true")).0, 404);
    drop(limited);

    // EPUB export holds the image and passes epubcheck.
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(&out_dir).expect("out");
    let epub = out_dir.join("lighthouse.epub");
    succeed(
        ficshelf(&library)
            .args(["export", &id, "--format", "epub", "-o"])
            .arg(&epub),
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&epub).expect("epub")).expect("zip");
    let mut stored = Vec::new();
    archive
        .by_name(&format!("OEBPS/images/{sha}.png"))
        .expect("image in the book")
        .read_to_end(&mut stored)
        .expect("read");
    assert_eq!(stored, png);
    drop(archive);
    if let Some(check) = epubcheck() {
        assert_epubcheck_clean(&check, &epub);
    }

    // HTML export inlines it; TXT has no trace of it.
    let out = ficshelf(&library)
        .args(["export", &id, "--format", "html", "-o", "-"])
        .output()
        .expect("runs");
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains("<img src=\"data:image/png;base64,"), "{page}");
    let out = ficshelf(&library)
        .args(["export", &id, "--format", "txt", "-o", "-"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("img") && !text.contains("asset:"), "{text}");
}

/// The images work `id`'s first chapter shows, by name.
fn chapter_images(server: &Server, id: &str) -> Vec<String> {
    images_of_chapter(server, id, 1)
}

/// The images chapter `number` of work `id` shows, by name.
fn images_of_chapter(server: &Server, id: &str, number: u32) -> Vec<String> {
    let (status, _, api) = get(
        server,
        &format!("/api/works/{id}/chapters/{number}?view_adult=true"),
    );
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&api).expect("JSON");
    let image = regex::Regex::new(r#"src="/works/[^/"]+/assets/([0-9a-f]{64})""#).unwrap();
    let mut names: Vec<String> = image
        .captures_iter(api["html"].as_str().expect("html"))
        .map(|c| c[1].to_string())
        .collect();
    names.dedup();
    names
}

/// `ficshelf merge`: images move with the chapters that show them, and
/// every chapter is kept, so the joined work shows both.
#[test]
fn merged_works_keep_the_images_of_every_chapter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("library");
    let (first, second) = (tiny_png(0x10), tiny_png(0x90));
    let remote = "http://127.0.0.1:9"; // never contacted
                                       // B has two chapters; its first one shows its image.
    let books = [
        (
            "a.epub",
            "Harbour Lights",
            "Fog rolled over the quay while the ferry waited with its lamps lit.",
            None,
            &first,
        ),
        (
            "b.epub",
            "Harbour Lights Again",
            "Years later a stranger asked the harbourmaster about the old ferry.",
            Some("The harbourmaster only shrugged and pointed at the sea."),
            &second,
        ),
    ];
    for (name, title, prose, more, png) in books {
        let path = dir.path().join(name);
        let bytes = build_epub(title, prose, more, png, remote);
        std::fs::write(&path, bytes).expect("write");
        import_json(&library, &path);
    }
    let out = ficshelf(&library)
        .args(["works", "--json"])
        .output()
        .expect("runs");
    let works: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<String> = works
        .as_array()
        .expect("array")
        .iter()
        .map(|w| w["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    let server = serve(&library, &[]);
    let (a, b) = (
        chapter_images(&server, &ids[0]),
        chapter_images(&server, &ids[1]),
    );
    assert_eq!((a.len(), b.len()), (1, 1));
    assert_ne!(a, b);
    drop(server);

    succeed(ficshelf(&library).args(["merge", &ids[0], &ids[1], "--yes"]));
    // The kept work shows A's image and B's (moved with B's chapter); B is gone.
    let server = serve(&library, &[]);
    assert_eq!(images_of_chapter(&server, &ids[0], 1), a);
    assert_eq!(images_of_chapter(&server, &ids[0], 2), b);
    for (name, bytes) in [(&b[0], &second), (&a[0], &first)] {
        let url = format!("/works/{}/assets/{}?view_adult=true", ids[0], name);
        let (status, headers, body) = get(&server, &url);
        assert_eq!(status, 200, "{url}");
        assert_eq!(&body, bytes);
        assert_eq!(headers["content-type"], "image/png");
    }
    let path = format!("/works/{}/assets/{}?view_adult=true", ids[1], b[0]);
    assert_eq!(get(&server, &path).0, 404, "{path}");
}
