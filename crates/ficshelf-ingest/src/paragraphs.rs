//! Lines to paragraphs and scene breaks (see TEXT_FORMAT.md, "Blocks").

use ficshelf_model::Block;

/// Whether a line is a scene-break marker: only `* ~ - = _ # + • ·`, dashes,
/// the asterism `⁂`, dinkus-like `§` `¤` `❧` and spaces, or an `xXx` / `oOo`
/// pattern.
pub(crate) fn is_scene_break(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 60 {
        return false;
    }
    if t.chars()
        .all(|c| "*~-=_#+•·—–⁂§¤❧".contains(c) || c.is_whitespace())
    {
        return true;
    }
    let compact: String = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let all_x = compact.chars().all(|c| c == 'x');
    let all_o = compact.chars().all(|c| c == 'o');
    let alternating = compact.chars().all(|c| c == 'x' || c == 'o')
        && compact.as_bytes().windows(2).all(|w| w[0] != w[1]);
    compact.len() >= 3 && (all_x || all_o || alternating)
}

/// How the lines of a chapter are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    HardWrapped,
    LinePerParagraph,
    BlankSeparated,
}

fn layout(lines: &[&str]) -> Layout {
    let text_lines: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty() && !is_scene_break(l))
        .collect();
    if text_lines.is_empty() {
        return Layout::BlankSeparated;
    }
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    let max_len = text_lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let long_enough = text_lines
        .iter()
        .filter(|l| l.chars().count() >= 50)
        .count();
    if text_lines.len() >= 3 && max_len <= 90 && long_enough * 2 >= text_lines.len() {
        Layout::HardWrapped
    } else if blank * 10 < text_lines.len() {
        Layout::LinePerParagraph
    } else {
        Layout::BlankSeparated
    }
}

/// Turns a chapter's lines into blocks: paragraphs and scene breaks.
pub(crate) fn blocks(lines: &[&str]) -> Vec<Block> {
    let layout = layout(lines);
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !block.is_empty() {
            paragraphs_of_block(block, layout, out);
            block.clear();
        }
    };
    for line in lines {
        if line.trim().is_empty() {
            flush(&mut block, &mut out);
        } else if is_scene_break(line) {
            flush(&mut block, &mut out);
            out.push(Block::SceneBreak);
        } else {
            block.push(line);
        }
    }
    flush(&mut block, &mut out);
    // Collapse runs of scene breaks into one.
    out.dedup_by(|a, b| matches!((a, b), (Block::SceneBreak, Block::SceneBreak)));
    out
}

fn paragraphs_of_block(block: &[&str], layout: Layout, out: &mut Vec<Block>) {
    let push = |text: String, out: &mut Vec<Block>| {
        if !text.trim().is_empty() {
            out.push(Block::Paragraph(text));
        }
    };
    match layout {
        Layout::HardWrapped => {
            let mut current: Vec<&str> = Vec::new();
            for line in block {
                let indented = line.starts_with('\t') || line.starts_with("  ");
                if indented && !current.is_empty() {
                    push(join_words(&current), out);
                    current.clear();
                }
                current.push(line);
            }
            push(join_words(&current), out);
        }
        Layout::LinePerParagraph => {
            for line in block {
                push(line.trim().to_string(), out);
            }
        }
        Layout::BlankSeparated => {
            if block.iter().any(|l| l.chars().count() > 90) {
                for line in block {
                    push(line.trim().to_string(), out);
                }
            } else {
                let kept: Vec<&str> = block.iter().map(|l| l.trim()).collect();
                push(kept.join("\n"), out);
            }
        }
    }
}

fn join_words(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The plain text of a paragraph block, for classifying front and end matter.
pub(crate) fn paragraph_text(block: &Block) -> Option<&str> {
    match block {
        Block::Paragraph(p) => Some(p),
        Block::SceneBreak | Block::Html(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scene_breaks() {
        for yes in [
            "* * *", "~~~", "xXx", "oOo", "---", "#", "XxXxX", "OoOoO", "xxx", "~*~*~", "⁂",
            "§ § §", "❧",
        ] {
            assert!(is_scene_break(yes), "{yes}");
        }
        for no in ["Ox", "Hello", "***Chapter***", "xo", "...", "oxen"] {
            assert!(!is_scene_break(no), "{no}");
        }
    }

    fn paras(text: &str) -> Vec<Block> {
        let lines: Vec<&str> = text.lines().collect();
        blocks(&lines)
    }

    #[test]
    fn hard_wrapped_text_flows() {
        let text = "The rain had not stopped for three days, and the harbour\nwall was green with it. Nobody went out who did not have to.\n\nMara went out anyway, because the letter had said to come at\nonce, and she had never been good at waiting for anything.";
        assert_eq!(
            paras(text),
            vec![
                Block::Paragraph("The rain had not stopped for three days, and the harbour wall was green with it. Nobody went out who did not have to.".into()),
                Block::Paragraph("Mara went out anyway, because the letter had said to come at once, and she had never been good at waiting for anything.".into()),
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line() {
        let text = "First line is a paragraph.\nSecond one too.\nThird.\n* * *\nFourth.";
        assert_eq!(
            paras(text),
            vec![
                Block::Paragraph("First line is a paragraph.".into()),
                Block::Paragraph("Second one too.".into()),
                Block::Paragraph("Third.".into()),
                Block::SceneBreak,
                Block::Paragraph("Fourth.".into()),
            ]
        );
    }

    #[test]
    fn verse_keeps_its_lines() {
        let text = "She sang it under her breath.\n\nOh the tide comes in\nand the tide goes out\n\nThen she stopped.";
        assert_eq!(
            paras(text)[1],
            Block::Paragraph("Oh the tide comes in\nand the tide goes out".into())
        );
    }
}
