//! Small helpers over scraper's tree: finding elements by name, id and
//! class, and reading text, all without recursion.

use crate::sanitise::DROPPED_WITH_CONTENT;
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// A node of a parsed document.
pub(crate) type DomNode<'a> = NodeRef<'a, Node>;

/// Every element under `root` (not `root` itself), in document order.
pub(crate) fn elements<'a>(root: DomNode<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    root.descendants().skip(1).filter_map(ElementRef::wrap)
}

/// The element children of `node`.
pub(crate) fn child_elements<'a>(node: DomNode<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    node.children().filter_map(ElementRef::wrap)
}

/// The first element under `root` named `name` (any name when empty) that
/// has class `class` (any class when empty).
pub(crate) fn find<'a>(root: DomNode<'a>, name: &str, class: &str) -> Option<ElementRef<'a>> {
    elements(root).find(|e| is(e, name, class))
}

/// All elements under `root` matching like [`find`].
pub(crate) fn find_all<'a>(
    root: DomNode<'a>,
    name: &'a str,
    class: &'a str,
) -> impl Iterator<Item = ElementRef<'a>> {
    elements(root).filter(move |e| is(e, name, class))
}

/// Whether `e` is named `name` (any when empty) and has class `class`
/// (any when empty).
pub(crate) fn is(e: &ElementRef, name: &str, class: &str) -> bool {
    (name.is_empty() || e.value().name() == name) && (class.is_empty() || has_class(e, class))
}

pub(crate) fn has_class(e: &ElementRef, class: &str) -> bool {
    e.value().classes().any(|c| c == class)
}

/// What [`walk`] does after visiting an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// Go on into the element's children.
    Into,
    /// Leave the element's children unvisited.
    Over,
}

/// Visits every element under `root` in document order, going into each
/// one's children only when `visit` returns [`Walk::Into`]. Iterative (an
/// explicit stack of sibling iterators), so deep nesting cannot overflow.
pub(crate) fn walk<'a>(root: DomNode<'a>, mut visit: impl FnMut(ElementRef<'a>) -> Walk) {
    let mut stack = vec![root.children()];
    while let Some(siblings) = stack.last_mut() {
        let Some(node) = siblings.next() else {
            stack.pop();
            continue;
        };
        if let Some(element) = ElementRef::wrap(node) {
            if visit(element) == Walk::Into {
                stack.push(node.children());
            }
        }
    }
}

/// The element with `id` under `root`.
pub(crate) fn by_id<'a>(root: DomNode<'a>, id: &str) -> Option<ElementRef<'a>> {
    elements(root).find(|e| e.value().id() == Some(id))
}

/// The text under `node`, with runs of white space squashed to one space.
/// Text inside elements under `node` that the sanitiser drops with their
/// content (`script`, `style`, …) is left out.
pub(crate) fn text(node: DomNode) -> String {
    let mut raw = String::new();
    let mut hidden = 0usize;
    for edge in node.traverse() {
        match edge {
            // `node` itself is read even when it is a `title` or `style`.
            Edge::Open(n) if n.id() == node.id() => {
                if let Node::Text(t) = n.value() {
                    raw.push_str(t);
                }
            }
            Edge::Close(n) if n.id() == node.id() => {}
            Edge::Open(n) => match n.value() {
                Node::Element(e) if hidden > 0 || DROPPED_WITH_CONTENT.contains(&e.name()) => {
                    hidden += 1
                }
                Node::Text(t) if hidden == 0 => raw.push_str(t),
                _ => {}
            },
            Edge::Close(n) => {
                if n.value().is_element() && hidden > 0 {
                    hidden -= 1;
                }
            }
        }
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The texts of the links under `node`, or when it has none its text split
/// on commas.
pub(crate) fn tag_list(node: DomNode) -> Vec<String> {
    let links: Vec<String> = find_all(node, "a", "")
        .map(|a| text(*a))
        .filter(|t| !t.is_empty())
        .collect();
    if !links.is_empty() {
        return links;
    }
    text(node)
        .split(", ")
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_skips_the_children_it_is_told_to() {
        let doc = scraper::Html::parse_fragment(
            "<div id=a><p id=b><i id=c>x</i></p><p id=d></p></div><p id=e></p>",
        );
        let mut seen = Vec::new();
        walk(doc.tree.root(), |e| {
            let id = e.value().id().unwrap_or("");
            if !id.is_empty() {
                seen.push(id.to_string());
            }
            if id == "b" {
                Walk::Over
            } else {
                Walk::Into
            }
        });
        assert_eq!(seen, ["a", "b", "d", "e"]);
    }

    #[test]
    fn text_leaves_out_scripts_and_styles() {
        let doc = scraper::Html::parse_fragment(
            "<a href=\"x\">Crossing <script>steal()</script><b>over</b>\
             <style>a{}</style> <svg><text>tap</text></svg>water</a>",
        );
        assert_eq!(text(doc.tree.root()), "Crossing over water");
        let doc = scraper::Html::parse_document("<title>Kettle  Weather</title><p>x</p>");
        let title = find(doc.tree.root(), "title", "").expect("title");
        assert_eq!(text(*title), "Kettle Weather");
    }
}
