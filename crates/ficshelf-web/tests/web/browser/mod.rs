//! Shared by the browser tests: a headless Chromium driven through
//! chromedriver, and Ficshelf servers over a real library imported from the
//! demo folder plus one hostile file.
//!
//! When chromedriver or Chromium is missing, [`Browser::launch`] returns
//! `None` after a notice, unless the `CI` variable is set: then it panics,
//! so CI can never skip these tests silently.
#![allow(dead_code)] // not every test uses every helper

use fantoccini::{Client, ClientBuilder, Locator};
use ficshelf_library::{Library, NoProgress};
use ficshelf_model::Rating;
use ficshelf_web::{router, AppState};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A marker the hostile file tries, every way it can, to set.
pub const PWNED: &str = "window.__pwned=1";

/// A text file whose every field tries to run script.
pub const HOSTILE: &str = r#"Title: Pwn <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">
Author: Mallory <svg onload="window.__pwned=1">
Rating: General Audiences
Fandom: Testing <iframe src="javascript:window.__pwned=1"></iframe>
Additional Tags: <script>window.__pwned=1</script>, javascript:window.__pwned=1
Summary: <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> <a href="javascript:window.__pwned=1">click</a> <iframe src="javascript:window.__pwned=1"></iframe> <svg onload="window.__pwned=1"></svg>

Chapter 1: <svg onload="window.__pwned=1"></svg>

The story says <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1"> out loud.

A link: <a href="javascript:window.__pwned=1">click me</a>, a bare javascript:window.__pwned=1 and [another](javascript:window.__pwned=1).

A frame: <iframe src="data:text/html,<script>parent.__pwned=1</script>"></iframe> and a drawing: <svg onload="window.__pwned=1"><circle r="5"/></svg>.

Chapter 2: The end

Nothing more to see <b onmouseover="window.__pwned=1">here</b>.
"#;

/// Whether the browser tools are installed; panics under CI when not.
pub fn tools_present() -> bool {
    let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {missing:?} is missing: install chromium and chromium-driver");
    }
    eprintln!("skipping the browser tests: {missing:?} not installed (apt-get install chromium chromium-driver)");
    false
}

/// A chromedriver process and one browser session on it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    driver_url: String,
    /// The session's id, to end it from `Drop` when a test fails.
    session: String,
    port: u16,
    _profile: TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium.
    pub async fn launch() -> Option<Browser> {
        if !tools_present() {
            return None;
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver_url = format!("http://127.0.0.1:{port}");
        wait_for_port(port).await;
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--window-size=1280,900".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal");
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver_url)
            .await
            .expect("start a Chromium session");
        let session = client
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        Some(Browser {
            client,
            driver,
            driver_url,
            session,
            port,
            _profile: profile,
        })
    }

    /// Ends the session and chromedriver.
    pub async fn quit(mut self) {
        let client = self.client.clone();
        if let Err(err) = client.close().await {
            eprintln!("closing the browser: {err}");
        }
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        if let Err(err) = self.driver.kill() {
            eprintln!("stopping chromedriver: {err}");
        }
        if let Err(err) = self.driver.wait() {
            eprintln!("waiting for chromedriver: {err}");
        }
    }

    /// Navigates to `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits until the address bar satisfies `done` and the document shown
    /// is the one at that address, fully loaded. The address bar changes when
    /// a navigation commits, while scripts may still see the previous page;
    /// reading the list then gave the previous page's titles (a flake seen
    /// on a loaded machine), so the document's own URL is checked too.
    pub async fn wait_for_url(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let url = self.client.current_url().await.expect("current url");
            if done(url.as_str()) {
                let shown = self
                    .client
                    .execute(
                        "return document.readyState === 'complete' ? document.URL : null;",
                        Vec::new(),
                    )
                    .await;
                // A script sent while the page is being replaced may fail;
                // that only means "not yet".
                if let Ok(Value::String(shown)) = shown {
                    if done(&shown) {
                        return url.to_string();
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; at {url}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `script` (a function body) and returns its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .expect("run script")
    }

    /// The text of the page as a reader sees it.
    pub async fn visible_text(&self) -> String {
        let text = self.eval("return document.body.innerText;").await;
        text.as_str().unwrap_or_default().to_string()
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.client.find(Locator::Css(css)).await.expect(css);
        element.click().await.expect("click");
    }

    /// Signs in on the page at `base`/login as a reader would, and waits
    /// to leave it.
    pub async fn sign_in(&self, base: &str, name: &str, password: &str) {
        self.goto(&format!("{base}/login")).await;
        let script = format!(
            "document.getElementById('sign-in-name').value = {name:?};\
             document.getElementById('sign-in-password').value = {password:?};\
             document.querySelector('form[action=\"/login\"]').submit(); return null;"
        );
        self.eval(&script).await;
        self.wait_for_url("signing in", |url| !url.contains("/login"))
            .await;
    }

    /// Saves a screenshot as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Browser console entries since the last call (chromedriver's log).
    pub async fn console(&self) -> Vec<Value> {
        let session = self
            .client
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        let response = reqwest::Client::new()
            .post(format!("{}/session/{session}/se/log", self.driver_url))
            .header("content-type", "application/json")
            .body(r#"{"type":"browser"}"#)
            .send()
            .await
            .expect("read the browser log");
        let body: Value =
            serde_json::from_str(&response.text().await.expect("log body")).expect("log JSON");
        body["value"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // After `quit` the driver has exited; otherwise a test failed, and
        // killing chromedriver alone would leave Chromium running: end the
        // session first (chromedriver then closes the browser).
        if let Ok(None) = self.driver.try_wait() {
            end_session(self.port, &self.session);
            self.stop_driver();
        }
    }
}

/// `DELETE /session/{id}` with a blocking socket (`Drop` cannot await).
fn end_session(port: u16, session: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    if let Err(err) = stream.set_read_timeout(Some(Duration::from_secs(10))) {
        eprintln!("ending the browser session: {err}");
    }
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let mut answer = Vec::new();
    let outcome = stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.read_to_end(&mut answer));
    if let Err(err) = outcome {
        eprintln!("ending the browser session: {err}");
    }
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local address").port()
}

async fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A library imported from the demo folder and [`HOSTILE`].
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    pub fn import() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("input");
        std::fs::create_dir_all(&input).expect("mkdir");
        std::fs::write(input.join("hostile.txt"), HOSTILE).expect("write hostile file");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        let mut library = Library::open(&dir.path().join("library")).expect("open library");
        let report = library.import(&[demo, input], &NoProgress).expect("import");
        assert_eq!(report.works_created, 8, "{report:?}");
        Fixture { dir }
    }

    /// Serves the library on `127.0.0.1:0`; returns the base URL.
    pub async fn serve(&self, max_rating: Option<Rating>) -> String {
        let library = Library::open(&self.dir.path().join("library")).expect("open library");
        serve_state(AppState::new(library, max_rating)).await
    }

    /// Adds the account `name` and serves the library privately (with
    /// readers' records) on `127.0.0.1:0`; returns the base URL.
    pub async fn serve_private(&self, name: &str, password: &str) -> String {
        self.serve_private_with(|readers| {
            readers
                .add_user(name, password, false, None)
                .expect("add an account");
        })
        .await
    }

    /// [`Fixture::serve_private`] with `name` an administrator.
    pub async fn serve_with_admin(&self, name: &str, password: &str) -> String {
        self.serve_private_with(|readers| {
            readers
                .add_user(name, password, true, None)
                .expect("add an account");
        })
        .await
    }

    /// Lets `add` make the accounts, then serves the library privately on
    /// `127.0.0.1:0`; returns the base URL.
    pub async fn serve_private_with(
        &self,
        add: impl FnOnce(&mut ficshelf_library::readers::Readers),
    ) -> String {
        let root = self.dir.path().join("library");
        let mut readers = ficshelf_library::readers::Readers::open(&root).expect("readers");
        add(&mut readers);
        let library = Library::open(&root).expect("open library");
        let wrangler = ficshelf_search::TagWrangler::new();
        serve_state(AppState::new(library, None).with_readers(readers, wrangler)).await
    }
}

/// Serves `state` on `127.0.0.1:0`; returns the base URL.
async fn serve_state(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = router(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// The id of the work titled `prefix…`, from the API of `base`.
pub async fn id_of(base: &str, prefix: &str) -> String {
    let text = reqwest::get(format!("{base}/api/works"))
        .await
        .expect("api")
        .text()
        .await
        .expect("api body");
    let works: Value = serde_json::from_str(&text).expect("api JSON");
    works
        .as_array()
        .expect("array")
        .iter()
        .find(|w| w["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .and_then(|w| w["id"].as_str())
        .unwrap_or_else(|| panic!("no work titled {prefix}…"))
        .to_string()
}
