use proptest::prelude::*;

use super::*;

/// Queries the tests over the built-in data ask: words, a prefix, typos,
/// Chinese, a hyphen, an abbreviation, a single letter.
pub(super) const BUILTIN_QUERIES: [&str; 14] = [
    "university",
    "univ",
    "Univresity",
    "yangpu park",
    "杨浦",
    "同济",
    "zhangjiang hi",
    "innovation",
    "innovation park",
    "Jing-an",
    "x",
    "shanghai techn",
    "incubator",
    "sjtu",
];

fn index() -> SearchIndex {
    let mut b = IndexBuilder::default();
    b.add(0, Field::Name, "Tongji University");
    b.add(0, Field::Name, "同济大学");
    b.add(1, Field::Name, "Fudan University");
    b.add(2, Field::Name, "Hongqiao Smart Valley");
    b.add(2, Field::Description, "innovation area in Changning");
    b.add(3, Field::Name, "Yangpu District");
    b.add(3, Field::Name, "杨浦区");
    b.finish()
}

/// The reference: every document of every expansion scored, sorted, cut.
pub(super) fn exhaustive(
    ix: &SearchIndex,
    query: &str,
    keep: impl Fn(u32) -> bool,
    exact: &[u32],
    limit: usize,
) -> (Vec<Hit>, usize) {
    let qterms = query_terms(query);
    if qterms.is_empty() {
        return (Vec::new(), 0);
    }
    let groups = ix.expand(&qterms);
    let mut weights: std::collections::BTreeMap<u32, Vec<f32>> = Default::default();
    for d in exact {
        weights.entry(*d).or_insert_with(|| vec![0.0; groups.len()]);
    }
    for (i, g) in groups.iter().enumerate() {
        for &(t, mult) in &g.terms {
            for p in ix.postings[t as usize].iter() {
                let w = weights
                    .entry(p.doc)
                    .or_insert_with(|| vec![0.0; groups.len()]);
                w[i] = w[i].max(p.weight * mult);
            }
        }
    }
    let mut hits: Vec<Hit> = weights
        .into_iter()
        .filter(|(d, _)| keep(*d))
        .map(|(doc, w)| Hit {
            doc,
            score: rank::score(&w, exact.contains(&doc)),
        })
        .collect();
    let total = hits.len();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits.truncate(limit);
    (hits, total)
}

pub(super) fn search(ix: &SearchIndex, q: &str) -> Vec<Hit> {
    ix.search(q, Keep::All, &[], usize::MAX, Deadline::NONE)
        .expect("no deadline")
        .hits
}

fn docs(hits: &[Hit]) -> Vec<u32> {
    hits.iter().map(|h| h.doc).collect()
}

#[test]
fn a_passed_deadline_stops_the_search() {
    let mut b = IndexBuilder::default();
    for doc in 0..1000 {
        b.add(doc, Field::Name, "Innovation Park");
    }
    let ix = b.finish();
    let past = Deadline::after(std::time::Duration::ZERO);
    assert_eq!(
        ix.search("park", Keep::All, &[], 10, past).err(),
        Some(Expired)
    );
    let found = ix
        .search("park", Keep::All, &[], 10, Deadline::NONE)
        .expect("no deadline");
    assert_eq!(
        (found.hits.len(), found.total, found.exact),
        (10, 1000, true)
    );
}

/// A term spread thinly over many documents, and a common one beside it:
/// the count's windows widen over the sparse stretch and still count
/// every document once.
#[test]
fn without_a_filter_the_count_is_exact_up_to_the_cap() {
    // Two overlapping lists of at most 1,000 documents each (their union
    // counted from the bitmap), and one list alone (settled by its length).
    for union in [EXACT_COUNT, EXACT_COUNT + 1] {
        let mut b = IndexBuilder::default();
        for i in 0..union as u32 {
            let name = match i {
                0..300 => "Harbour",
                300..700 => "Harbour Harbor",
                _ => "Harbor",
            };
            b.add(i * 3, Field::Name, name);
            b.add(i * 3 + 1, Field::Name, "Other");
        }
        let ix = b.finish();
        let found = ix
            .search("harbour harbor", Keep::All, &[], 5, Deadline::NONE)
            .expect("no deadline");
        let complete = union == EXACT_COUNT;
        assert_eq!((found.total, found.exact), (EXACT_COUNT, complete));
        let mut b = IndexBuilder::default();
        for i in 0..union as u32 {
            b.add(i * 2, Field::Name, "Harbour");
        }
        let found = b
            .finish()
            .search("harbour", Keep::All, &[], 5, Deadline::NONE)
            .expect("no deadline");
        assert_eq!((found.total, found.exact), (EXACT_COUNT, complete));
    }
}

#[test]
fn counts_over_sparse_and_dense_stretches() {
    let mut b = IndexBuilder::default();
    let mut expected = 0;
    for doc in 0..60_000u32 {
        let sparse = doc.is_multiple_of(97);
        let dense = (20_000..20_400).contains(&doc);
        let name = match (sparse, dense) {
            (true, true) => "Harbour Harbor",
            (true, false) => "Harbour",
            (false, true) => "Harbor",
            _ => "Other",
        };
        if (sparse || dense) && doc.is_multiple_of(3) {
            expected += 1;
        }
        b.add(doc, Field::Name, name);
    }
    let ix = b.finish();
    let keep = |d: u32| d.is_multiple_of(3);
    let found = ix
        .search("harbour harbor", Keep::Only(&keep), &[], 5, Deadline::NONE)
        .expect("no deadline");
    assert_eq!((found.total, found.exact), (expected, true));
    let (_, total) = exhaustive(&ix, "harbour harbor", keep, &[], 5);
    assert_eq!(total, expected);
    let found = ix
        .search("harbour harbor", Keep::All, &[], 5, Deadline::NONE)
        .expect("no deadline");
    assert_eq!((found.total, found.exact), (EXACT_COUNT, false));
}

#[test]
fn counts_are_exact_to_the_cap_then_a_lower_bound() {
    let mut b = IndexBuilder::default();
    for doc in 0..3000 {
        let name = if doc % 2 == 0 {
            "Robot Park"
        } else {
            "Robot Lab"
        };
        b.add(doc, Field::Name, name);
    }
    let ix = b.finish();
    let found = ix
        .search("robot", Keep::All, &[], 5, Deadline::NONE)
        .expect("no deadline");
    assert_eq!((found.total, found.exact), (EXACT_COUNT, false));
    assert_eq!(docs(&found.hits), vec![0, 1, 2, 3, 4]);
    // A filter leaving fewer than the cap: exact again.
    let found = ix
        .search(
            "robot",
            Keep::Only(&|d: u32| d.is_multiple_of(5)),
            &[],
            5,
            Deadline::NONE,
        )
        .expect("no deadline");
    assert_eq!((found.total, found.exact), (600, true));
    let found = ix
        .search("robot park", Keep::All, &[], 5, Deadline::NONE)
        .expect("no deadline");
    assert_eq!(docs(&found.hits), vec![0, 2, 4, 6, 8]);
    assert!(!found.exact);
}

#[test]
fn exact_prefix_typo_and_cjk() {
    let ix = index();
    assert_eq!(docs(&search(&ix, "tongji")), vec![0]);
    assert_eq!(docs(&search(&ix, "hongq")), vec![2]);
    assert_eq!(docs(&search(&ix, "Hongqiso")), vec![2]);
    assert_eq!(docs(&search(&ix, "杨浦")), vec![3]);
    assert_eq!(docs(&search(&ix, "同济")), vec![0]);
    let uni = search(&ix, "university");
    assert_eq!(docs(&uni).len(), 2);
    assert!(search(&ix, "").is_empty());
    assert!(search(&ix, "zzzz").is_empty());
}

#[test]
fn edit_distance_counts_swaps_as_one() {
    let c = |s: &str| s.chars().collect::<Vec<_>>();
    assert!(within_edits(&c("university"), &c("univresity"), 1));
    assert!(within_edits(&c("hongqiao"), &c("hongqiso"), 1));
    assert!(!within_edits(&c("hongqiao"), &c("hangqiso"), 1));
    assert!(within_edits(&c("hongqiao"), &c("hangqiso"), 2));
    assert!(within_edits(&c("abc"), &c("abcd"), 1));
    assert!(!within_edits(&c("abc"), &c("xyz"), 2));
}

#[test]
fn more_terms_matched_rank_first_and_short_names_before_long() {
    let ix = index();
    let hits = search(&ix, "fudan university");
    assert_eq!(hits[0].doc, 1);
    assert!(hits[0].score > hits[1].score);
    let mut b = IndexBuilder::default();
    b.add(
        0,
        Field::Name,
        "Knowledge Economy Circle around Tongji University",
    );
    b.add(1, Field::Name, "Tongji University");
    let ix = b.finish();
    assert_eq!(docs(&search(&ix, "tongji university")), vec![1, 0]);
}

#[test]
fn prefix_expansions_are_capped_keeping_the_commonest() {
    let mut b = IndexBuilder::default();
    let mut doc = 0;
    for i in 0..(MAX_EXPANSIONS + 20) {
        // Term "ab{i}" in i + 1 documents.
        for _ in 0..=i {
            b.add(doc, Field::Name, &format!("ab{i:03}"));
            doc += 1;
        }
    }
    let ix = b.finish();
    let groups = ix.expand(&["ab".to_owned()]);
    assert_eq!(groups[0].terms.len(), MAX_EXPANSIONS);
    let rarest_kept = groups[0]
        .terms
        .iter()
        .map(|(t, _)| ix.postings[*t as usize].len())
        .min();
    assert_eq!(rarest_kept, Some(21));
}

/// Words the generated documents are made of: a few common, most rare,
/// some sharing prefixes and near-misspellings.
const WORDS: &[&str] = &[
    "robot",
    "robotics",
    "robots",
    "park",
    "parks",
    "technology",
    "tech",
    "co",
    "company",
    "zhang",
    "zhangjiang",
    "xinrui",
    "xinrong",
    "university",
    "univresity",
    "lab",
    "hub",
    "data",
    "bio",
];

fn doc_text() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    (
        prop::collection::vec(0..WORDS.len(), 1..6),
        prop::collection::vec(0..WORDS.len(), 0..4),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// MaxScore returns exactly the reference's top hits (scores and
    /// order), and the count is exact below the cap.
    #[test]
    fn bounded_ranking_equals_the_exhaustive_reference(
        docs in prop::collection::vec(doc_text(), 1..400),
        query in prop::collection::vec(0..WORDS.len(), 1..4),
        cut in 0usize..5,
        limit in 1usize..30,
        exact in prop::collection::vec(0u32..400, 0..3),
        modulus in 1u32..4,
        typo in 0usize..4,
    ) {
        let mut b = IndexBuilder::default();
        for (d, (name, desc)) in docs.iter().enumerate() {
            let name: Vec<&str> = name.iter().map(|w| WORDS[*w]).collect();
            b.add(d as u32, Field::Name, &name.join(" "));
            if !desc.is_empty() {
                let desc: Vec<&str> = desc.iter().map(|w| WORDS[*w]).collect();
                b.add(d as u32, Field::Description, &desc.join(" "));
            }
        }
        let ix = b.finish();
        let mut q: Vec<String> = query.iter().map(|w| WORDS[*w].to_owned()).collect();
        // Sometimes a typo in the first term: neighbours swapped or a
        // letter dropped.
        let mut first: Vec<char> = q[0].chars().collect();
        match typo {
            1 if first.len() > 2 => first.swap(1, 2),
            2 if first.len() > 5 => drop(first.remove(3)),
            _ => {}
        }
        q[0] = first.into_iter().collect();
        if let Some(last) = q.last_mut() {
            let keep = last.len().saturating_sub(cut).max(1);
            last.truncate(keep);
        }
        let q = q.join(" ");
        let exact: Vec<u32> = exact.into_iter().filter(|d| (*d as usize) < docs.len()).collect();
        let keep = |d: u32| d.is_multiple_of(modulus);
        // Modulus 1 keeps every document, by the search's own shortcut.
        let only = if modulus == 1 { Keep::All } else { Keep::Only(&keep) };
        let found = ix.search(&q, only, &exact, limit, Deadline::NONE).expect("no deadline");
        let (hits, total) = exhaustive(&ix, &q, keep, &exact, limit);
        prop_assert_eq!(&found.hits, &hits, "query {}", q);
        prop_assert_eq!(found.total, total);
        prop_assert!(found.exact);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The automaton finds exactly the terms a scan of the dictionary with
    /// the edit-distance reference finds (same first letter, within the
    /// budget, a swap of neighbours counting one).
    #[test]
    fn typo_automaton_equals_the_edit_distance_scan(
        mut words in prop::collection::vec("[a-eжა]{1,10}", 1..200),
        query in "[a-eжა]{5,12}",
        near in prop::collection::vec(
            prop::collection::vec((0u8..4, 0usize..14, "[a-eжა]"), 1..4),
            0..40,
        ),
        small in any::<bool>(),
    ) {
        // Terms a few edits from the query, so that the walk goes deep.
        for edits in &near {
            let mut t: Vec<char> = query.chars().collect();
            for (kind, at, letter) in edits {
                super::typo::edit(&mut t, *kind, *at, letter.chars().next().unwrap_or('a'));
            }
            if !t.is_empty() {
                words.push(t.into_iter().collect());
            }
        }
        let mut b = IndexBuilder::default();
        for (d, w) in words.iter().enumerate() {
            b.add(d as u32, Field::Name, w);
        }
        let ix = b.finish_as(if small { usize::MAX } else { 0 });
        let budget = typo_budget(&query);
        let mut found = Vec::new();
        ix.typos(&query, budget, &mut found);
        let mut found: Vec<u64> = found.into_iter().map(|(v, _)| v).collect();
        found.sort_unstable();
        let want: Vec<char> = query.chars().collect();
        let mut dictionary: Vec<&String> = words.iter().collect();
        dictionary.sort();
        dictionary.dedup();
        let expected: Vec<u64> = dictionary
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                let w: Vec<char> = w.chars().collect();
                w[0] == want[0] && within_edits(&want, &w, budget as usize)
            })
            .map(|(i, _)| i as u64)
            .collect();
        prop_assert_eq!(found, expected, "query {}", query);
    }
}
