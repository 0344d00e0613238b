//! Compiled plans (`graphql::plan`) against their reference, async-graphql's
//! executor: random documents over every field the plans cover (`entity`,
//! `search`, `path`), with literal and variable arguments, good and bad
//! ids, words, cursors and page sizes, nested through `other`, `from` and
//! `to`. Each runs on an
//! executor with plans and on one without; the bodies must be the same
//! bytes, and the plan must have answered exactly the requests whose
//! answer has no errors (where a resolver would fail, it gives way).

use std::sync::Arc;

use innograph::curation::Snapshot;
use innograph::graphql::access::Caller;
use innograph::graphql::execute::{Allowed, Executor, GraphqlRequest, Outcome, Settings};
use innograph::graphql::{build, build_fast, SchemaOptions};
use proptest::prelude::*;
use proptest::sample::subsequence;

const IDS: &[&str] = &[
    "park/hongqiao-smart-valley",
    "region/yangpu",
    "institution/fudan-university",
    "region/shanghai",
    "company/no-such-company",
    "not an id",
];

fn executor(plans: bool) -> Executor {
    let settings = Settings {
        plans,
        ..Settings::default()
    };
    Executor::new(build(SchemaOptions::default()), settings)
        .with_fast(build_fast(SchemaOptions::default()))
}

/// `name` or `alias: name`.
fn maybe_alias(name: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(name.to_owned()),
        1 => Just(format!("x_{name}: {name}")),
    ]
}

/// A non-empty selection of `fields` (some aliased), in random order, plus
/// the `extra` selections.
fn pick(
    fields: &'static [&'static str],
    extra: Vec<BoxedStrategy<Option<String>>>,
) -> BoxedStrategy<String> {
    let leaves = subsequence(fields, 1..=fields.len().min(4))
        .prop_flat_map(|names| names.into_iter().map(maybe_alias).collect::<Vec<_>>());
    (leaves, extra)
        .prop_map(|(mut items, extra)| {
            items.extend(extra.into_iter().flatten());
            items
        })
        .prop_shuffle()
        .prop_map(|items| format!("{{ {} }}", items.join(" ")))
        .boxed()
}

fn optional(s: BoxedStrategy<String>) -> BoxedStrategy<Option<String>> {
    prop_oneof![1 => Just(None), 2 => s.prop_map(Some)].boxed()
}

fn entity_selection(depth: u32, vars: bool) -> BoxedStrategy<String> {
    const FIELDS: &[&str] = &[
        "__typename",
        "id",
        "kind",
        "subtype",
        "name",
        "nameZh",
        "aliases",
        "nameIsLabel",
        "description",
    ];
    let mut extra = Vec::new();
    if depth > 0 {
        extra.push(optional(relations(depth, vars)));
    }
    pick(FIELDS, extra)
}

fn relations(depth: u32, vars: bool) -> BoxedStrategy<String> {
    let first = if vars {
        prop_oneof![Just(""), Just("first: 2"), Just("first: $n")].boxed()
    } else {
        prop_oneof![
            3 => Just(""),
            3 => Just("first: 1"),
            3 => Just("first: 3"),
            3 => Just("first: 100"),
            1 => Just("first: 0"),
            1 => Just("first: 101"),
        ]
        .boxed()
    };
    let args = (
        first,
        prop_oneof![
            Just(""),
            Just("direction: OUTGOING"),
            Just("direction: INCOMING"),
            Just("direction: BOTH")
        ],
        prop_oneof![
            Just(""),
            Just("types: [LOCATED_IN]"),
            Just("types: LOCATED_IN"),
            Just("types: [PART_OF, OPERATES, HOSTS]"),
            Just("types: []"),
        ],
        prop_oneof![
            6 => Just(""),
            2 => Just(r#"after: "YXQ6MA""#),
            1 => Just(r#"after: "YXQ6Mg""#),
            1 => Just(r#"after: "garbage!""#),
        ],
    )
        .prop_map(|(a, b, c, d)| {
            let list: Vec<&str> = [a, b, c, d].into_iter().filter(|s| !s.is_empty()).collect();
            if list.is_empty() {
                String::new()
            } else {
                format!("({})", list.join(", "))
            }
        });
    (args, connection(depth, vars))
        .prop_map(|(args, set)| format!("relations{args} {set}"))
        .boxed()
}

fn connection(depth: u32, vars: bool) -> BoxedStrategy<String> {
    const FIELDS: &[&str] = &["__typename", "totalCount"];
    let edges = pick(
        &["__typename", "cursor"],
        vec![optional(
            relation(depth, vars)
                .prop_map(|r| format!("node {r}"))
                .boxed(),
        )],
    )
    .prop_map(|set| format!("edges {set}"))
    .boxed();
    let page_info = pick(
        &[
            "__typename",
            "hasNextPage",
            "hasPreviousPage",
            "startCursor",
            "endCursor",
        ],
        vec![],
    )
    .prop_map(|set| format!("pageInfo {set}"))
    .boxed();
    pick(FIELDS, vec![optional(edges), optional(page_info)])
}

fn relation(depth: u32, vars: bool) -> BoxedStrategy<String> {
    const FIELDS: &[&str] = &[
        "__typename",
        "type",
        "direction",
        "role",
        "title",
        "date",
        "amount",
        "unit",
        "note",
        "inferred",
    ];
    let ends = ["other", "from", "to"]
        .into_iter()
        .map(|end| {
            optional(
                entity_selection(depth - 1, vars)
                    .prop_map(move |s| format!("{end} {s}"))
                    .boxed(),
            )
        })
        .collect();
    pick(FIELDS, ends)
}

fn search_selection() -> BoxedStrategy<String> {
    let edges = pick(
        &["__typename", "cursor", "score"],
        vec![optional(
            entity_selection(1, false)
                .prop_map(|s| format!("node {s}"))
                .boxed(),
        )],
    )
    .prop_map(|s| format!("edges {s}"))
    .boxed();
    let page_info = pick(&["hasNextPage", "endCursor", "startCursor"], vec![])
        .prop_map(|s| format!("pageInfo {s}"))
        .boxed();
    pick(
        &["__typename", "totalCount", "totalCountIsExact"],
        vec![optional(edges), optional(page_info)],
    )
}

fn path_selection() -> BoxedStrategy<String> {
    let hops = pick(
        &["__typename", "forward"],
        vec![
            optional(
                entity_selection(0, false)
                    .prop_map(|s| format!("from {s}"))
                    .boxed(),
            ),
            optional(
                entity_selection(0, false)
                    .prop_map(|s| format!("to {s}"))
                    .boxed(),
            ),
            optional(
                relation(1, false)
                    .prop_map(|s| format!("relation {s}"))
                    .boxed(),
            ),
        ],
    )
    .prop_map(|s| format!("hops {s}"))
    .boxed();
    let nodes = entity_selection(0, false)
        .prop_map(|s| format!("nodes {s}"))
        .boxed();
    let path = pick(
        &["__typename", "length", "evidence"],
        vec![optional(hops), optional(nodes)],
    )
    .prop_map(|s| format!("path {s}"))
    .boxed();
    pick(
        &["__typename", "reason", "message", "visited"],
        vec![optional(path)],
    )
}

/// `search` and `path` at the root, with literal arguments or variables.
fn search_or_path() -> impl Strategy<Value = GraphqlRequest> {
    const WORDS: &[&str] = &[
        "park",
        "Fudan",
        "innov",
        "Yangpu District",
        "zzzzqx",
        "",
        "复旦",
    ];
    let search = (
        prop::sample::select(WORDS),
        prop_oneof![
            Just(""),
            Just(", kinds: [PARK]"),
            Just(", kinds: [PARK, COMPANY]")
        ],
        prop_oneof![
            Just(""),
            Just(", first: 3"),
            Just(", first: 100"),
            Just(", first: 0")
        ],
        prop_oneof![4 => Just(""), 1 => Just(r#", after: "YXQ6MA""#)],
        any::<bool>(),
        search_selection(),
    )
        .prop_map(|(word, kinds, first, after, vars, set)| {
            if vars {
                GraphqlRequest {
                    query: format!(
                        "query($q: String!) {{ search(query: $q{kinds}{first}{after}) {set} }}"
                    ),
                    variables: async_graphql::Variables::from_json(
                        serde_json::json!({ "q": word }),
                    ),
                    ..GraphqlRequest::default()
                }
            } else {
                GraphqlRequest {
                    query: format!("{{ search(query: {word:?}{kinds}{first}{after}) {set} }}"),
                    ..GraphqlRequest::default()
                }
            }
        });
    let path = (
        prop::sample::select(IDS),
        prop::sample::select(IDS),
        prop_oneof![
            Just(""),
            Just(", maxHops: 1"),
            Just(", maxHops: 2"),
            Just(", maxHops: 11")
        ],
        prop_oneof![
            Just(""),
            Just(", relationTypes: [LOCATED_IN, PART_OF]"),
            Just(", direction: OUTGOING"),
            Just(r#", avoid: ["region/shanghai"]"#),
        ],
        any::<bool>(),
        path_selection(),
    )
        .prop_map(|(from, to, hops, filter, vars, set)| {
            if vars {
                GraphqlRequest {
                    query: format!(
                        "query($a: ID!, $b: ID!) {{ path(from: $a, to: $b{hops}{filter}) {set} }}"
                    ),
                    variables: async_graphql::Variables::from_json(
                        serde_json::json!({ "a": from, "b": to }),
                    ),
                    ..GraphqlRequest::default()
                }
            } else {
                GraphqlRequest {
                    query: format!("{{ path(from: {from:?}, to: {to:?}{hops}{filter}) {set} }}"),
                    ..GraphqlRequest::default()
                }
            }
        });
    prop_oneof![search, path]
}

/// A document and its variables.
fn request() -> impl Strategy<Value = GraphqlRequest> {
    let literal = (prop::sample::select(IDS), entity_selection(2, false)).prop_map(|(id, set)| {
        GraphqlRequest {
            query: format!("{{ entity(id: {id:?}) {set} }}"),
            ..GraphqlRequest::default()
        }
    });
    let variables = (
        prop::sample::select(IDS),
        prop::option::of(1..4i32),
        any::<bool>(),
        entity_selection(2, true),
    )
        .prop_map(|(id, n, typename, set)| {
            let mut vars = serde_json::json!({ "id": id });
            if let Some(n) = n {
                vars["n"] = n.into();
            }
            let root = if typename { "__typename " } else { "" };
            // A variable must be used if declared.
            let n_def = if set.contains("$n") {
                ", $n: Int = 3"
            } else {
                ""
            };
            GraphqlRequest {
                query: format!("query Q($id: ID!{n_def}) {{ {root}e: entity(id: $id) {set} }}"),
                operation_name: Some("Q".into()),
                variables: async_graphql::Variables::from_json(vars),
            }
        });
    prop_oneof![literal, variables, search_or_path()]
}

/// The body of an executed request; what refused it otherwise (the guard
/// refuses some of the random documents, on both executors alike).
fn body(outcome: Outcome) -> String {
    match outcome {
        Outcome::Executed(answer) => String::from_utf8(answer.body).expect("UTF-8"),
        Outcome::NotExecuted(answer) => format!("not executed: {:?}", answer.codes),
        Outcome::Refused(r) => format!("refused: {r:?}"),
    }
}

#[test]
fn plans_answer_as_async_graphql_does() {
    let store = Arc::new(innograph::load::builtin().expect("built-in data"));
    let snapshot = Arc::new(Snapshot::of(store));
    let (with, without) = (executor(true), executor(false));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let config = ProptestConfig {
        cases: if std::env::var_os("CI").is_some() {
            3_000
        } else {
            1_000
        },
        ..ProptestConfig::default()
    };
    let answered = std::cell::Cell::new((0, 0));
    proptest!(config, |(req in request())| {
        let run = |e: &Executor| {
            rt.block_on(e.run(req.clone(), Allowed::QueriesAndMutations, &Caller::Anonymous, snapshot.clone())).0
        };
        // The first request of a text validates it; plans run from the second.
        let _ = run(&with);
        let before = with.document_stats().planned;
        let planned = body(run(&with));
        let by_plan = with.document_stats().planned - before;
        let reference = body(run(&without));
        prop_assert_eq!(&planned, &reference, "{}", req.query);
        let has_errors = !reference.starts_with("{\"data\":") || reference.contains("\"errors\":");
        prop_assert_eq!(by_plan, u64::from(!has_errors), "{} -> {}", req.query, reference);
        let (ok, failed) = answered.get();
        answered.set(if has_errors { (ok, failed + 1) } else { (ok + 1, failed) });
    });
    assert_eq!(without.document_stats().planned, 0);
    // Both kinds of answer were tried.
    let (ok, failed) = answered.get();
    eprintln!("{ok} answered by plans, {failed} with errors");
    assert!(
        ok > 50 && failed > 20,
        "{ok} answered by plans, {failed} with errors"
    );
}
