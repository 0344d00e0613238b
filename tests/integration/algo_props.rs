//! Property tests: on random small graphs, the traversals agree with plain
//! reference implementations written for clarity rather than speed.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use innograph::algo::neighborhood::{neighborhood, NeighborhoodQuery};
use innograph::algo::path::{k_shortest, nodes_of, shortest, Outcome, PathQuery};
use innograph::algo::traversal::{Filter, Hop, KindSet};
use innograph::model::{
    Attributes, Entity, EntityId, EntityKind, Relation, RelationProps, RelationType, Source,
    SourceRef,
};
use innograph::store::{Direction, Store};
use petgraph::graph::{EdgeIndex, NodeIndex};
use proptest::prelude::*;

const TYPES: [RelationType; 3] = [
    RelationType::LocatedIn,
    RelationType::PartnersWith,
    RelationType::Hosts,
];
const KINDS: [EntityKind; 3] = [EntityKind::Company, EntityKind::Park, EntityKind::Region];

/// A random graph: `n` entities, edges as (from, to, type index, sources).
#[derive(Debug, Clone)]
struct Spec {
    n: usize,
    edges: Vec<(usize, usize, usize, usize)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..14).prop_flat_map(|n| {
        prop::collection::vec((0..n, 0..n, 0..TYPES.len(), 1usize..3), 0..30)
            .prop_map(move |edges| Spec { n, edges })
    })
}

fn build(spec: &Spec) -> Store {
    let sources = vec![
        Source {
            id: "a".into(),
            title: "A".into(),
            file: None,
            outlet: None,
            date: None,
            date_note: None,
            url: None,
        },
        Source {
            id: "b".into(),
            title: "B".into(),
            file: None,
            outlet: None,
            date: None,
            date_note: None,
            url: None,
        },
    ];
    // Ids sort in node order: n00, n01, ...
    let entities = (0..spec.n)
        .map(|i| {
            let kind = KINDS[i % KINDS.len()];
            Entity {
                id: format!("{kind}/n{i:02}")
                    .parse::<EntityId>()
                    .expect("valid id"),
                subtype: None,
                name: format!("N{i}"),
                name_zh: None,
                aliases: Vec::new(),
                description: None,
                attributes: Attributes::new(),
                annotations: Default::default(),
                sources: [SourceRef(0)].into_iter().collect(),
                facts: Vec::new(),
            }
        })
        .collect::<Vec<_>>();
    let ids: Vec<EntityId> = entities.iter().map(|e| e.id.clone()).collect();
    let relations = spec
        .edges
        .iter()
        .map(|&(a, b, t, s)| {
            (
                ids[a].clone(),
                ids[b].clone(),
                Relation::new(
                    TYPES[t],
                    RelationProps::default(),
                    (0..s as u32).map(SourceRef),
                ),
            )
        })
        .collect();
    Store::new(sources, entities, relations).expect("valid graph")
}

/// Entity ids are `<kind>/nNN`; the store sorts by id, so map spec indexes
/// to nodes through the ids.
fn node(store: &Store, spec_ix: usize) -> NodeIndex {
    let kind = KINDS[spec_ix % KINDS.len()];
    store
        .lookup(&format!("{kind}/n{spec_ix:02}"))
        .expect("entity exists")
}

/// Every (edge, neighbour) a filter lets a walk take from `u`.
fn steps(store: &Store, u: NodeIndex, f: &Filter) -> Vec<(EdgeIndex, NodeIndex, bool)> {
    let mut out = Vec::new();
    for e in store.edges() {
        let (a, b, r) = store.relation(e).expect("edge");
        if !f.types.has(r.kind) {
            continue;
        }
        if a == u && f.direction != Direction::Incoming {
            out.push((e, b, true));
        }
        if b == u && f.direction != Direction::Outgoing {
            out.push((e, a, false));
        }
    }
    out
}

/// Plain BFS distances from `s`, not entering `avoid` or disallowed kinds.
fn distances(
    store: &Store,
    s: NodeIndex,
    f: &Filter,
    allowed: impl Fn(NodeIndex) -> bool,
) -> HashMap<NodeIndex, u32> {
    let mut dist = HashMap::from([(s, 0)]);
    let mut queue = VecDeque::from([s]);
    while let Some(u) = queue.pop_front() {
        for (_, w, _) in steps(store, u, f) {
            if allowed(w) && !dist.contains_key(&w) {
                dist.insert(w, dist[&u] + 1);
                queue.push_back(w);
            }
        }
    }
    dist
}

fn filter_of(types: usize, direction: usize) -> Filter {
    let ts: Vec<RelationType> = TYPES
        .iter()
        .enumerate()
        .filter(|(i, _)| types & (1 << i) != 0)
        .map(|(_, t)| *t)
        .collect();
    let dir = [Direction::Both, Direction::Outgoing, Direction::Incoming][direction];
    Filter::new(if types == 0 { None } else { Some(&ts) }, dir)
}

/// Every hop is a real relation that the filter allows, walked consistently.
fn check_hops(store: &Store, from: NodeIndex, to: NodeIndex, hops: &[Hop], f: &Filter) {
    let mut at = from;
    for h in hops {
        assert_eq!(h.from, at, "hops must chain");
        let (a, b, r) = store.relation(h.edge).expect("real relation");
        assert!(f.types.has(r.kind));
        if h.forward {
            assert_eq!((a, b), (h.from, h.to));
            assert_ne!(f.direction, Direction::Incoming);
        } else {
            assert_eq!((a, b), (h.to, h.from));
            assert_ne!(f.direction, Direction::Outgoing);
        }
        at = h.to;
    }
    assert_eq!(at, to);
}

/// All simple paths up to `max` hops, as edge sequences (a reference for
/// k shortest paths on small graphs).
fn all_simple(
    store: &Store,
    s: NodeIndex,
    t: NodeIndex,
    f: &Filter,
    max: usize,
) -> Vec<Vec<EdgeIndex>> {
    #[allow(clippy::too_many_arguments)]
    fn walk(
        store: &Store,
        u: NodeIndex,
        t: NodeIndex,
        f: &Filter,
        max: usize,
        seen: &mut Vec<NodeIndex>,
        edges: &mut Vec<EdgeIndex>,
        out: &mut Vec<Vec<EdgeIndex>>,
    ) {
        if u == t {
            out.push(edges.clone());
            return;
        }
        if edges.len() == max {
            return;
        }
        for (e, w, _) in steps(store, u, f) {
            if !seen.contains(&w) {
                seen.push(w);
                edges.push(e);
                walk(store, w, t, f, max, seen, edges, out);
                edges.pop();
                seen.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(store, s, t, f, max, &mut vec![s], &mut Vec::new(), &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn shortest_path_length_equals_reference_bfs(
        g in spec(), a in 0usize..14, b in 0usize..14, types in 0usize..8, dir in 0usize..3, max_hops in 1u32..6,
    ) {
        let store = build(&g);
        let (s, t) = (node(&store, a % g.n), node(&store, b % g.n));
        let f = filter_of(types, dir);
        let q = PathQuery { filter: f, max_hops, ..PathQuery::default() };
        let answer = shortest(&store, s, t, &q).expect("small graphs stay in bounds");
        let dist = distances(&store, s, &f, |_| true);
        match (answer.outcome, dist.get(&t)) {
            (Outcome::Found(hops), Some(&d)) => {
                prop_assert_eq!(hops.len() as u32, d);
                check_hops(&store, s, t, &hops, &f);
            }
            // "Not within maxHops" is right when no path is that short,
            // whether or not a longer one exists.
            (Outcome::TooFar, d) => prop_assert!(d.is_none_or(|d| *d > max_hops)),
            (Outcome::NotConnected, None) => {}
            (other, d) => prop_assert!(false, "outcome {:?} but reference distance {:?}", other, d),
        }
    }

    #[test]
    fn avoided_entities_are_never_crossed(
        g in spec(), a in 0usize..14, b in 0usize..14, avoid in prop::collection::vec(0usize..14, 0..4),
    ) {
        let store = build(&g);
        let (s, t) = (node(&store, a % g.n), node(&store, b % g.n));
        let avoid: Vec<NodeIndex> = avoid.iter().map(|i| node(&store, i % g.n)).filter(|n| *n != s && *n != t).collect();
        let q = PathQuery { avoid: avoid.clone(), max_hops: 20, ..PathQuery::default() };
        let answer = shortest(&store, s, t, &q).expect("in bounds");
        let blocked: HashSet<NodeIndex> = avoid.into_iter().collect();
        let dist = distances(&store, s, &Filter::ANY, |n| !blocked.contains(&n));
        match answer.outcome {
            Outcome::Found(hops) => {
                prop_assert_eq!(Some(&(hops.len() as u32)), dist.get(&t));
                prop_assert!(nodes_of(s, &hops).iter().all(|n| !blocked.contains(n)));
            }
            other => prop_assert!(!dist.contains_key(&t), "{:?}", other),
        }
    }

    #[test]
    fn k_shortest_paths_are_simple_distinct_ordered_and_shortest(
        g in spec(), a in 0usize..14, b in 0usize..14, k in 1usize..6, dir in 0usize..3,
    ) {
        let store = build(&g);
        let (s, t) = (node(&store, a % g.n), node(&store, b % g.n));
        prop_assume!(s != t);
        let f = filter_of(0, dir);
        let max = 5;
        let q = PathQuery { filter: f, max_hops: max as u32, ..PathQuery::default() };
        let paths = k_shortest(&store, s, t, &q, k).expect("in bounds").paths;
        let mut reference: Vec<usize> = all_simple(&store, s, t, &f, max).iter().map(Vec::len).collect();
        reference.sort();
        reference.truncate(k);
        let lengths: Vec<usize> = paths.iter().map(Vec::len).collect();
        prop_assert_eq!(&lengths, &reference, "lengths must be the k smallest");
        let mut distinct = BTreeSet::new();
        for p in &paths {
            check_hops(&store, s, t, p, &f);
            let nodes = nodes_of(s, p);
            let unique: HashSet<_> = nodes.iter().collect();
            prop_assert_eq!(unique.len(), nodes.len(), "paths must be simple");
            prop_assert!(distinct.insert(p.iter().map(|h| h.edge).collect::<Vec<_>>()), "paths must be distinct");
        }
    }

    #[test]
    fn neighborhood_equals_reference_bfs(
        g in spec(), c in 0usize..14, depth in 0u32..4, types in 0usize..8, dir in 0usize..3, kinds in 0usize..8,
    ) {
        let store = build(&g);
        let center = node(&store, c % g.n);
        let f = filter_of(types, dir);
        let ks: Vec<EntityKind> = KINDS.iter().enumerate().filter(|(i, _)| kinds & (1 << i) != 0).map(|(_, k)| *k).collect();
        let kind_set = KindSet::of(Some(&ks));
        let q = NeighborhoodQuery { filter: f, kinds: kind_set, depth, max_nodes: 1000, max_edges: 1000, deadline: Default::default() };
        let got = neighborhood(&store, center, &q).expect("no deadline");
        prop_assert!(!got.truncated);
        let allowed = |n: NodeIndex| n == center || kind_set.has(store.entity(n).kind());
        let dist = distances(&store, center, &f, allowed);
        let expected_nodes: BTreeSet<(NodeIndex, u32)> = dist.iter().filter(|(_, d)| **d <= depth).map(|(n, d)| (*n, *d)).collect();
        let got_nodes: BTreeSet<(NodeIndex, u32)> = got.nodes.iter().copied().collect();
        prop_assert_eq!(got_nodes.len(), got.nodes.len(), "nodes listed once");
        prop_assert_eq!(&got_nodes, &expected_nodes);
        // Relations walked from an entity less than `depth` out to an included one.
        let mut expected_edges = BTreeSet::new();
        for (&u, &du) in &dist {
            if du < depth {
                for (e, w, _) in steps(&store, u, &f) {
                    if dist.get(&w).is_some_and(|dw| *dw <= depth) {
                        expected_edges.insert(e);
                    }
                }
            }
        }
        let got_edges: BTreeSet<EdgeIndex> = got.edges.iter().copied().collect();
        prop_assert_eq!(got_edges.len(), got.edges.len(), "edges listed once");
        prop_assert_eq!(&got_edges, &expected_edges);
    }

    #[test]
    fn truncated_neighborhood_is_a_nearest_first_prefix(
        g in spec(), c in 0usize..14, limit in 1usize..6,
    ) {
        let store = build(&g);
        let center = node(&store, c % g.n);
        let q = NeighborhoodQuery { filter: Filter::ANY, kinds: KindSet::default(), depth: 3, max_nodes: limit, max_edges: 1000, deadline: Default::default() };
        let got = neighborhood(&store, center, &q).expect("no deadline");
        let dist = distances(&store, center, &Filter::ANY, |_| true);
        let within = dist.values().filter(|d| **d <= 3).count();
        prop_assert_eq!(got.truncated, within > limit);
        prop_assert!(got.nodes.len() <= limit);
        for (n, d) in &got.nodes {
            prop_assert_eq!(dist.get(n), Some(d));
        }
        prop_assert!(got.nodes.windows(2).all(|w| w[0].1 <= w[1].1), "breadth-first order");
    }
}
