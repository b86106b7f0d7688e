//! Templates: embedded, each replaceable by a file in the library's
//! `templates/` folder, rendered with HTML auto-escaping.

use crate::WebError;
use ficshelf_model::escape_html_into;
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Output, State};
use serde::Serialize;
use std::path::PathBuf;

/// The built-in templates, by name (without `.html`).
const BUILT_IN: &[(&str, &str)] = &[
    ("base", include_str!("../templates/base.html")),
    ("macros", include_str!("../templates/macros.html")),
    ("home", include_str!("../templates/home.html")),
    ("works", include_str!("../templates/works.html")),
    ("work", include_str!("../templates/work.html")),
    ("chapter", include_str!("../templates/chapter.html")),
    ("gate", include_str!("../templates/gate.html")),
    ("error", include_str!("../templates/error.html")),
    ("search", include_str!("../templates/search.html")),
    ("signin", include_str!("../templates/signin.html")),
    ("account", include_str!("../templates/account.html")),
    ("shelf", include_str!("../templates/shelf.html")),
    ("myshelf", include_str!("../templates/myshelf.html")),
    (
        "shelf_macros",
        include_str!("../templates/shelf_macros.html"),
    ),
    ("bookmarks", include_str!("../templates/bookmarks.html")),
    ("readers", include_str!("../templates/readers.html")),
    ("admin_nav", include_str!("../templates/admin_nav.html")),
    (
        "manage_import",
        include_str!("../templates/manage_import.html"),
    ),
    ("manage_job", include_str!("../templates/manage_job.html")),
    ("manage_work", include_str!("../templates/manage_work.html")),
    (
        "manage_merge",
        include_str!("../templates/manage_merge.html"),
    ),
    (
        "manage_history",
        include_str!("../templates/manage_history.html"),
    ),
    (
        "manage_trash",
        include_str!("../templates/manage_trash.html"),
    ),
    (
        "manage_message",
        include_str!("../templates/manage_message.html"),
    ),
];

/// The page templates, loaded on first use.
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Templates that prefer `override_dir/<name>` (when given and present)
    /// over the built-in template of that name.
    pub(crate) fn new(override_dir: Option<PathBuf>) -> Templates {
        let mut env = Environment::new();
        // `.html` names get HTML auto-escaping (minijinja's default rule).
        env.set_auto_escape_callback(minijinja::default_auto_escape_callback);
        env.set_formatter(html_formatter);
        env.set_loader(move |name| load(override_dir.as_ref(), name));
        Templates { env }
    }

    /// Renders template `name` (e.g. `"work"`) with `context`.
    pub(crate) fn render(&self, name: &str, context: impl Serialize) -> Result<String, WebError> {
        let file = format!("{name}.html");
        let fail = |source| WebError::Template {
            name: file.clone(),
            source,
        };
        let template = self.env.get_template(&file).map_err(fail)?;
        template.render(context).map_err(fail)
    }
}

/// Escapes text in HTML templates like minijinja's own formatter, but
/// leaves `/` alone: the five characters that matter in HTML text and quoted
/// attributes (`& < > " '`) are escaped, so links stay readable (`/works/1`,
/// not `&#x2f;works&#x2f;1`).
fn html_formatter(out: &mut Output, state: &State, value: &Value) -> Result<(), minijinja::Error> {
    if state.auto_escape() != AutoEscape::Html || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    let mut escaped = String::new();
    match (value.as_str(), value.kind()) {
        (Some(text), _) => escape_html_into(text, &mut escaped),
        // Numbers, booleans, none and undefined print no markup characters.
        (None, ValueKind::Undefined | ValueKind::None | ValueKind::Bool | ValueKind::Number) => {
            return minijinja::escape_formatter(out, state, value);
        }
        (None, _) => escape_html_into(&value.to_string(), &mut escaped),
    }
    out.write_str(&escaped).map_err(minijinja::Error::from)
}

/// Loads `name` (`work.html`): the override file if one exists, else the
/// built-in template, else `None` (minijinja reports it as not found).
fn load(override_dir: Option<&PathBuf>, name: &str) -> Result<Option<String>, minijinja::Error> {
    let Some(stem) = name.strip_suffix(".html") else {
        return Ok(None);
    };
    let Some((_, built_in)) = BUILT_IN.iter().find(|(known, _)| *known == stem) else {
        return Ok(None);
    };
    if let Some(dir) = override_dir {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok(Some(text)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::TemplateNotFound,
                    format!("cannot read {}", path.display()),
                )
                .with_source(err))
            }
        }
    }
    Ok(Some((*built_in).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_compiles() {
        let templates = Templates::new(None);
        for (name, _) in BUILT_IN {
            let file = format!("{name}.html");
            if let Err(err) = templates.env.get_template(&file) {
                panic!("{file}: {err:#}");
            }
        }
    }

    #[test]
    fn override_folder_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("error.html"), "custom {{ heading }}").expect("write");
        let templates = Templates::new(Some(dir.path().to_path_buf()));
        let html = templates
            .render("error", minijinja::context! { heading => "<b>" })
            .expect("render");
        assert_eq!(html, "custom &lt;b&gt;");
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("error.html"),
            "<a href=\"{{ url }}\">{{ text }}</a>{{ n }}{{ list }}{{ missing }}{{ safe }}",
        )
        .expect("write");
        let templates = Templates::new(Some(dir.path().to_path_buf()));
        let html = templates
            .render(
                "error",
                minijinja::context! {
                    url => "/works/1?a=1&b=\"2\"",
                    text => "<script>alert('x')</script>",
                    n => 3,
                    list => vec!["<i>"],
                    safe => Value::from_safe_string("<p>ok</p>".into()),
                },
            )
            .expect("render");
        assert_eq!(
            html,
            "<a href=\"/works/1?a=1&amp;b=&quot;2&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>\
             3[&quot;&lt;i&gt;&quot;]<p>ok</p>"
        );
    }
}
