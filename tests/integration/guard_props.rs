//! Property tests: the document guard never panics, whatever the text, and
//! its expanded-selection count agrees with a naive expansion on small
//! fragment graphs.

use innograph::graphql::guard::{check_query, scan, Limits, Rejection};
use proptest::prelude::*;

/// Pieces of GraphQL, so random documents often parse.
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "...",
        "F",
        "G",
        "on",
        "Query",
        "query",
        "fragment",
        "a",
        "b:",
        "__typename",
        "first:",
        "1",
        "-5",
        "101",
        "$v",
        "@include(if: true)",
        "\"s\"",
        "\"\"\"block\"\"\"",
        "#c\n",
        ",",
        " ",
        "\n",
        ":",
        "=",
        "!",
        "\u{feff}",
        "é",
        "\\",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_token_soup(tokens in prop::collection::vec(token(), 0..200)) {
        let doc: String = tokens.concat();
        let _ = check_query(&doc, &Default::default(), &Limits::default());
    }

    #[test]
    fn never_panics_on_arbitrary_text(doc in "\\PC{0,300}") {
        let _ = check_query(&doc, &Default::default(), &Limits::default());
    }

    /// Fragment Fi spreads some of F(i+1..n); the guard's count (memoised)
    /// equals expanding every spread by hand.
    #[test]
    fn expanded_selections_match_naive_expansion(
        spreads in prop::collection::vec(prop::collection::vec((0usize..6, 1usize..4), 0..4), 1..6)
    ) {
        let n = spreads.len();
        let mut doc = String::from("query { ...F0 }\n");
        for (i, list) in spreads.iter().enumerate() {
            let mut body = String::from("__typename ");
            for &(to, times) in list {
                let to = i + 1 + to % (n - i);
                if to < n {
                    body.push_str(&format!("...F{to} ").repeat(times));
                }
            }
            doc.push_str(&format!("fragment F{i} on Query {{ {body}}}\n"));
        }
        fn naive(i: usize, spreads: &[Vec<(usize, usize)>]) -> u64 {
            let n = spreads.len();
            let mut total = 1;
            for &(to, times) in &spreads[i] {
                let to = i + 1 + to % (n - i);
                if to < n {
                    total += times as u64 * naive(to, spreads);
                }
            }
            total
        }
        let limits = Limits { max_selections: u64::MAX, max_complexity: u64::MAX, ..Limits::default() };
        let cost = check_query(&doc, &Default::default(), &limits).expect("acyclic and small");
        prop_assert_eq!(cost.selections, naive(0, &spreads));
    }

    #[test]
    fn scan_stops_at_the_token_limit(len in 0usize..20_000) {
        let doc = "a ".repeat(len);
        let limits = Limits { max_bytes: usize::MAX, ..Limits::default() };
        match scan(&doc, &limits) {
            Ok(cost) => {
                prop_assert!(len <= limits.max_tokens);
                prop_assert_eq!(cost.tokens, len);
            }
            Err(why) => {
                prop_assert!(len > limits.max_tokens);
                prop_assert_eq!(why, Rejection::TooManyTokens { max: limits.max_tokens });
            }
        }
    }
}
