//! The full work as JSON: the contract of `ficshelf show --json`, with each
//! chapter object also carrying its story text as `text` (plain) and `html`.

use crate::error::ExportError;
use ficshelf_model::{ChapterBody, Work};
use serde_json::Value;
use std::io::Write;

/// The work's JSON value with chapter text added (see the module docs).
pub fn work_json(work: &Work, bodies: &[ChapterBody]) -> Result<Value, ExportError> {
    let mut value = serde_json::to_value(work)?;
    let empty = ChapterBody::default();
    if let Some(chapters) = value.get_mut("chapters").and_then(Value::as_array_mut) {
        for (i, chapter) in chapters.iter_mut().enumerate() {
            let body = bodies.get(i).unwrap_or(&empty);
            if let Some(object) = chapter.as_object_mut() {
                object.insert("text".into(), Value::String(body.to_text()));
                object.insert("html".into(), Value::String(body.to_html()));
            }
        }
    }
    Ok(value)
}

/// Writes the work as pretty-printed JSON to `out`, ending with a newline.
pub fn write_json<W: Write>(
    work: &Work,
    bodies: &[ChapterBody],
    mut out: W,
) -> Result<(), ExportError> {
    let value = work_json(work, bodies)?;
    serde_json::to_writer_pretty(&mut out, &value)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Chapter, Notes};

    #[test]
    fn json_is_the_work_contract_plus_text() {
        let mut work = Work::new("9", "Tides");
        work.chapters = vec![Chapter {
            number: 1,
            title: None,
            words: 1,
            notes: Notes::default(),
            sources: vec![],
        }];
        let bodies = vec![ChapterBody {
            blocks: vec![Block::Paragraph("<Hi>".into())],
        }];
        let mut out = Vec::new();
        write_json(&work, &bodies, &mut out).unwrap();
        let value: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["chapters"][0]["text"], "<Hi>\n");
        assert_eq!(value["chapters"][0]["html"], "<p>&lt;Hi&gt;</p>\n");
        let mut back = value.clone();
        for c in back["chapters"].as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            c.remove("text");
            c.remove("html");
        }
        assert_eq!(serde_json::from_value::<Work>(back).unwrap(), work);
    }
}
