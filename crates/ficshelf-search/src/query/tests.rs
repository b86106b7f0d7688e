use super::*;
use crate::SearchError;
use ficshelf_model::{Rating, Status};

fn expr(query: &str) -> Expr {
    match parse(query) {
        Ok(ParsedQuery {
            expr: Some(expr), ..
        }) => expr,
        other => panic!("{query}: {other:?}"),
    }
}

fn text(word: &str) -> Expr {
    Expr::Text(word.to_string())
}

fn filter(field: FilterField, values: &[&str]) -> Expr {
    Expr::Filter(Filter {
        field,
        suggested: false,
        values: values
            .iter()
            .map(|v| FilterValue::Text(v.to_string()))
            .collect(),
    })
}

fn not(e: Expr) -> Expr {
    Expr::Not(Box::new(e))
}

/// `(message, offset, fragment, display)` of a query error.
fn error(query: &str) -> (String, usize, String, String) {
    match parse(query) {
        Err(err @ SearchError::Query { .. }) => {
            let display = err.to_string();
            let SearchError::Query {
                message,
                offset,
                fragment,
                ..
            } = err
            else {
                unreachable!()
            };
            (message, offset, fragment, display)
        }
        other => panic!("{query}: expected a query error, got {other:?}"),
    }
}

#[test]
fn empty_query_browses() {
    for q in ["", "   ", "\"\""] {
        let parsed = parse(q).expect("parses");
        assert_eq!(parsed.expr, None, "{q}");
        assert_eq!(
            parsed.effective_sort(),
            Sort::new(SortField::Updated, SortOrder::Desc)
        );
    }
}

#[test]
fn words_and_phrases_are_anded() {
    assert_eq!(
        expr(r#"dragon "sea glass""#),
        Expr::And(vec![text("dragon"), Expr::Phrase("sea glass".into())])
    );
    let parsed = parse("dragon").expect("parses");
    assert_eq!(
        parsed.effective_sort(),
        Sort::new(SortField::Relevance, SortOrder::Desc)
    );
    assert_eq!(
        expr("12:30 o'clock"),
        Expr::And(vec![text("12:30"), text("o'clock")])
    );
}

#[test]
fn boolean_operators_and_precedence() {
    assert_eq!(
        expr("a b OR c"),
        Expr::And(vec![text("a"), Expr::Or(vec![text("b"), text("c")])])
    );
    assert_eq!(expr("a AND b"), Expr::And(vec![text("a"), text("b")]));
    assert_eq!(expr("NOT a"), not(text("a")));
    assert_eq!(expr("-a"), not(text("a")));
    assert_eq!(
        expr("(a OR b) -(c d)"),
        Expr::And(vec![
            Expr::Or(vec![text("a"), text("b")]),
            not(Expr::And(vec![text("c"), text("d")])),
        ])
    );
    assert_eq!(
        expr("a OR NOT b"),
        Expr::Or(vec![text("a"), not(text("b"))])
    );
    assert_eq!(
        expr("or and not"),
        Expr::And(vec![text("or"), text("and"), text("not")])
    );
}

#[test]
fn text_filters_with_alternatives_quotes_and_exclusion() {
    assert_eq!(
        expr("tag:angst,fluff"),
        filter(FilterField::Tag, &["angst", "fluff"])
    );
    assert_eq!(
        expr(r#"fandom:"Sherlock (TV)""#),
        filter(FilterField::Fandom, &["Sherlock (TV)"])
    );
    assert_eq!(
        expr(r#"-warning:"Major Character Death""#),
        not(filter(FilterField::Warning, &["Major Character Death"]))
    );
    assert_eq!(
        expr(r#"tag:"Hurt, Comfort",fluff"#),
        filter(FilterField::Tag, &["Hurt, Comfort", "fluff"])
    );
    assert_eq!(
        expr("tag:angst tag:fluff"),
        Expr::And(vec![
            filter(FilterField::Tag, &["angst"]),
            filter(FilterField::Tag, &["fluff"])
        ])
    );
    assert_eq!(expr("(tag:angst)"), filter(FilterField::Tag, &["angst"]));
    assert_eq!(expr("tags:angst"), filter(FilterField::Tag, &["angst"]));
    for field in FilterField::ALL {
        let Some(_) = field
            .tag_kind()
            .or((field == FilterField::Author).then_some(crate::TagKind::Tag))
        else {
            continue;
        };
        assert_eq!(
            expr(&format!("{}:x", field.as_str())),
            filter(field, &["x"])
        );
    }
}

#[test]
fn typed_filters() {
    assert_eq!(
        expr("rating:teen,general"),
        Expr::Filter(Filter {
            field: FilterField::Rating,
            suggested: false,
            values: vec![
                FilterValue::Rating(Rating::Teen),
                FilterValue::Rating(Rating::General)
            ],
        })
    );
    assert_eq!(
        expr("status:wip"),
        Expr::Filter(Filter {
            field: FilterField::Status,
            suggested: false,
            values: vec![FilterValue::Status(Status::InProgress)],
        })
    );
    let range = |q: &str| match expr(q) {
        Expr::Filter(Filter { values, .. }) => values,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        range("words:>5000"),
        vec![FilterValue::Range {
            min: 5001,
            max: u64::MAX
        }]
    );
    assert_eq!(
        range("chapters:2..3"),
        vec![FilterValue::Range { min: 2, max: 3 }]
    );
    assert_eq!(
        range("words:<=10,>=100"),
        vec![
            FilterValue::Range { min: 0, max: 10 },
            FilterValue::Range {
                min: 100,
                max: u64::MAX
            },
        ]
    );
    assert_eq!(
        range("updated:>2020-01-01"),
        vec![FilterValue::Range {
            min: 20200102,
            max: u64::MAX
        }]
    );
    assert_eq!(
        range("published:2019-01-01..2019-12-31"),
        vec![FilterValue::Range {
            min: 20190101,
            max: 20191231
        }]
    );
}

#[test]
fn suggested_filters() {
    assert_eq!(
        expr("character~:Sherlock"),
        Expr::Filter(Filter {
            field: FilterField::Character,
            suggested: true,
            values: vec![FilterValue::Text("Sherlock".into())],
        })
    );
    let (message, _, _, display) = error("tag~:angst");
    assert_eq!(message, "tag~: does not exist");
    assert!(display
        .ends_with("(suggestions exist for rating, warning, fandom, relationship and character)"));
}

#[test]
fn sort_forms() {
    let sort = |q: &str| parse(q).expect("parses").sort;
    assert_eq!(
        sort("dragon sort:words"),
        Some(Sort::new(SortField::Words, SortOrder::Desc))
    );
    assert_eq!(
        sort("sort:-title"),
        Some(Sort::new(SortField::Title, SortOrder::Desc))
    );
    assert_eq!(
        sort("sort:updated:asc"),
        Some(Sort::new(SortField::Updated, SortOrder::Asc))
    );
    assert_eq!(parse("sort:words").expect("parses").expr, None);
}

#[test]
fn the_issue_example_parses() {
    let q = parse(r#"rating:teen,general fandom:"Sherlock (TV)" -warning:"Major Character Death" words:>5000 sort:updated dragon "sea glass""#)
        .expect("parses");
    let Some(Expr::And(parts)) = q.expr else {
        panic!("not an AND")
    };
    assert_eq!(parts.len(), 6);
    assert_eq!(q.sort, Some(Sort::new(SortField::Updated, SortOrder::Desc)));
}

#[test]
fn errors_point_at_the_offending_part() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("ratin:teen", "unknown filter \"ratin\"", 0, "ratin:teen"),
        ("dragon \"sea glass", "unclosed quote", 7, "\"sea glass"),
        ("words:>abc", "bad number \"abc\"", 0, "words:>abc"),
        (
            "a updated:2019-13",
            "bad date \"2019-13\"",
            2,
            "updated:2019-13",
        ),
        (
            "rating:spicy",
            "unknown rating \"spicy\"",
            0,
            "rating:spicy",
        ),
        (
            "status:maybe",
            "unknown status \"maybe\"",
            0,
            "status:maybe",
        ),
        ("tag:", "missing value", 0, "tag:"),
        ("tag:a,", "empty value", 0, "tag:a,"),
        ("tag:\"unclosed", "unclosed quote", 4, "\"unclosed"),
        ("(a b", "unclosed parenthesis", 0, "(a b"),
        ("a b)", "unmatched closing parenthesis", 3, ")"),
        ("()", "empty parentheses", 0, "()"),
        ("OR a", "OR with nothing before it", 0, "OR"),
        ("a OR", "OR with nothing after it", 2, "OR"),
        ("AND a", "AND with nothing before it", 0, "AND"),
        ("a AND", "AND with nothing after it", 2, "AND"),
        ("a NOT", "NOT with nothing after it", 2, "NOT"),
        ("a - b", "- with nothing after it", 2, "-"),
        ("-sort:words", "sort: cannot be negated", 0, "-sort:words"),
        (
            "a OR sort:words",
            "sort: cannot be combined with OR",
            5,
            "sort:words",
        ),
        (
            "(sort:words)",
            "sort: cannot be used inside parentheses",
            1,
            "sort:words",
        ),
        (
            "sort:words sort:title",
            "sort: given twice",
            11,
            "sort:title",
        ),
        ("sort:wrods", "unknown sort \"wrods\"", 0, "sort:wrods"),
        ("words:9..3", "empty range \"9..3\"", 0, "words:9..3"),
    ];
    for (query, message, offset, fragment) in cases {
        let (m, o, f, _) = error(query);
        assert_eq!(
            (m.as_str(), o, f.as_str()),
            (*message, *offset, *fragment),
            "{query}"
        );
    }
}

#[test]
fn error_display_matches_the_issue() {
    assert_eq!(
        error("ratin:teen").3,
        "unknown filter \"ratin\" at column 1: ratin:teen (did you mean rating?)"
    );
    assert_eq!(
        error("dragon sea \"glass").3,
        "unclosed quote at column 12: \"glass"
    );
    assert_eq!(
        error("words:>abc").3,
        "bad number \"abc\" at column 1: words:>abc"
    );
    assert!(error("http://example.org")
        .3
        .ends_with("(put text containing : in quotes to search for it)"));
}

#[test]
fn a_query_past_the_length_limit_is_refused_naming_the_limit() {
    let long = format!("{}x", "-".repeat(2000));
    let (message, offset, _, display) = error(&long);
    assert_eq!(message, "query longer than the limit of 2000 characters");
    assert_eq!(offset, 2000);
    assert!(display.ends_with("(it has 2001)"), "{display}");
    // Exactly at the limit, multibyte characters count once each.
    let at_limit = "é".repeat(limits::MAX_QUERY_CHARS);
    assert!(parse(&at_limit).is_ok());
}

#[test]
fn deep_nesting_is_refused_before_the_stack_runs_out() {
    for query in [
        format!("{}x", "-".repeat(500)),
        format!("{}x{}", "(".repeat(3000), ")".repeat(3000))
            .chars()
            .take(limits::MAX_QUERY_CHARS)
            .collect(),
        format!("{}x", "NOT ".repeat(40)),
    ] {
        let (message, offset, _, _) = error(&query);
        assert_eq!(
            message, "nested deeper than the limit of 32 parentheses and negations",
            "{query}"
        );
        assert!(offset > 0, "{query}");
    }
    let deepest = format!("{}x{}", "(".repeat(32), ")".repeat(32));
    assert_eq!(
        parse(&deepest).expect("32 levels parse").expr,
        Some(text("x"))
    );
    let negations = format!("{}x", "-".repeat(32));
    assert!(parse(&negations).is_ok());
}

#[test]
fn too_many_terms_are_refused_naming_the_limit() {
    let phrases = "\"the a\" ".repeat(200);
    let (message, offset, fragment, _) = error(&phrases);
    assert_eq!(
        message,
        "more than the limit of 64 words, phrases and filter values"
    );
    assert_eq!(offset, 64 * 8);
    assert_eq!(fragment, "\"the a\"");
    let values: Vec<String> = (0..65).map(|n| format!("t{n}")).collect();
    let (message, ..) = error(&format!("tag:{}", values.join(",")));
    assert!(
        message.starts_with("more than the limit of 64"),
        "{message}"
    );
    let words: Vec<String> = (0..64).map(|n| format!("w{n}")).collect();
    assert!(parse(&words.join(" ")).is_ok());
}
