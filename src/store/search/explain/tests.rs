use proptest::prelude::*;

use super::*;
use crate::model::EntityId;
use crate::store::normalize::each_term;

fn entity(name: &str, zh: Option<&str>, aliases: &[&str], description: Option<&str>) -> Entity {
    Entity {
        id: "park/test".parse::<EntityId>().expect("id"),
        subtype: None,
        name: name.to_owned(),
        name_zh: zh.map(str::to_owned),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        description: description.map(str::to_owned),
        attributes: Default::default(),
        annotations: Default::default(),
        sources: Default::default(),
        facts: Vec::new(),
    }
}

fn explain(query: &str, e: &Entity) -> Explanation {
    Explainer::new(query).explain(e)
}

/// The segments as `[a]` for matched, plain otherwise.
fn marked(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| {
            if s.matched {
                format!("[{}]", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

fn matched(x: &Explanation, i: usize) -> &Matched {
    x.terms[i].matched.as_ref().expect("term matched")
}

#[test]
fn exact_words_in_the_name() {
    let x = explain(
        "tongji university",
        &entity("Tongji University", None, &[], None),
    );
    assert_eq!(marked(&x.name), "[Tongji] [University]");
    assert_eq!(x.places, vec![Place::Name]);
    assert!(x.exact);
    let m = matched(&x, 0);
    assert_eq!((m.word.as_str(), m.typos, m.prefix), ("Tongji", 0, false));
    // The last word matched whole is exact, not a prefix.
    assert!(!matched(&x, 1).prefix);
}

#[test]
fn the_last_word_as_a_prefix_marks_what_was_typed() {
    let x = explain(
        "zhangjiang hi",
        &entity("Zhangjiang Hi-Tech Park", None, &[], None),
    );
    assert_eq!(marked(&x.name), "[Zhangjiang] [Hi]-Tech Park");
    assert!(!x.exact);
    let m = matched(&x, 1);
    assert_eq!((m.word.as_str(), m.prefix, m.typos), ("Hi", false, 0));
    let x = explain("yangp", &entity("Yangpu District", None, &[], None));
    assert_eq!(marked(&x.name), "[Yangp]u District");
    let m = matched(&x, 0);
    assert_eq!((m.word.as_str(), m.prefix), ("Yangpu", true));
    // Only the last query term is a prefix.
    let x = explain("yan district", &entity("Yangpu District", None, &[], None));
    assert!(x.terms[0].matched.is_none());
    assert_eq!(marked(&x.name), "Yangpu [District]");
}

#[test]
fn typos_are_counted() {
    let e = entity("Tongji University", None, &[], None);
    let x = explain("tongji univresity", &e);
    let m = matched(&x, 1);
    // A swap of neighbours is one edit.
    assert_eq!(
        (m.word.as_str(), m.typos, m.prefix),
        ("University", 1, false)
    );
    assert_eq!(marked(&x.name), "[Tongji] [University]");
    let x = explain("unversty", &e);
    // Eight letters allow one typo: two deletions are too many.
    assert!(x.terms[0].matched.is_none());
    assert!(x.places.is_empty());
    assert_eq!(marked(&x.name), "Tongji University");
    let x = explain("unversityy", &e);
    assert_eq!(matched(&x, 0).typos, 2);
    // Typos keep the first letter.
    assert!(explain("oniversity", &e).terms[0].matched.is_none());
    // Four letters allow none.
    assert!(explain("tonj", &e).terms[0].matched.is_none());
}

#[test]
fn accents_and_apostrophes_fold() {
    let e = entity("Jìng'ān District", None, &[], None);
    let x = explain("jingan", &e);
    assert_eq!(marked(&x.name), "[Jìng'ān] District");
    assert_eq!(matched(&x, 0).word, "Jìng'ān");
    let x = explain("Jing-a", &e);
    assert_eq!(x.terms[0].term, "jinga");
    assert_eq!(marked(&x.name), "[Jìng'ā]n District");
}

#[test]
fn chinese_names_mark_characters() {
    let e = entity("Yangpu District", Some("杨浦区"), &[], None);
    let x = explain("杨浦", &e);
    let terms: Vec<&str> = x.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["杨", "杨浦", "浦"]);
    assert_eq!(marked(x.name_zh.as_deref().expect("zh")), "[杨浦]区");
    assert_eq!(marked(&x.name), "Yangpu District");
    assert_eq!(x.places, vec![Place::NameZh]);
    // The last character matches itself rather than as the start of 浦区.
    let m = matched(&x, 2);
    assert_eq!(
        (m.word.as_str(), m.prefix, m.place),
        ("浦", false, Place::NameZh)
    );
    let x = explain("浦区", &e);
    assert_eq!(marked(x.name_zh.as_deref().expect("zh")), "杨[浦区]");
    assert!(explain("jiangsu", &e).name_zh.is_some_and(|s| s.len() == 1));
}

#[test]
fn alias_only_and_description_only() {
    let e = entity(
        "Shanghai Jiao Tong University",
        None,
        &["SJTU"],
        Some("A research university in Minhang"),
    );
    let x = explain("sjtu", &e);
    assert_eq!(x.places, vec![Place::Alias]);
    assert!(x.exact);
    assert_eq!(marked(&x.name), "Shanghai Jiao Tong University");
    assert_eq!(matched(&x, 0).place, Place::Alias);
    assert_eq!(matched(&x, 0).word, "SJTU");
    let x = explain("minhang", &e);
    assert_eq!(x.places, vec![Place::Description]);
    assert!(!x.exact);
    assert_eq!(matched(&x, 0).place, Place::Description);
    // Found in the name and the description: the name is reported.
    let x = explain("university", &e);
    assert_eq!(x.places, vec![Place::Name, Place::Description]);
    assert_eq!(matched(&x, 0).place, Place::Name);
}

#[test]
fn the_best_match_is_reported() {
    // An exact word beats a typo of another, whatever their order.
    let e = entity("Pudong Pudang", None, &[], None);
    let x = explain("pudang", &e);
    assert_eq!(matched(&x, 0).word, "Pudang");
    assert_eq!(matched(&x, 0).typos, 0);
    assert_eq!(marked(&x.name), "[Pudong] [Pudang]");
}

#[test]
fn hyphenated_words_match_joined_or_apart() {
    let e = entity("China-Israel (Shanghai) Innovation Hub", None, &[], None);
    let x = explain("china-israel", &e);
    assert_eq!(x.terms[0].term, "chinaisrael");
    assert_eq!(matched(&x, 0).word, "China-Israel");
    assert_eq!(marked(&x.name), "[China-Israel] (Shanghai) Innovation Hub");
    let x = explain("israel hub", &e);
    assert_eq!(
        marked(&x.name),
        "China-[Israel] (Shanghai) Innovation [Hub]"
    );
}

#[test]
fn a_whole_name_match_marks_the_name() {
    // The words differ ("jingan" against "jing", "an"), the name's key is
    // the query's: the ranker's exact bonus, and the whole name marked.
    let e = entity("Jing An", None, &[], None);
    let x = explain("Jingan", &e);
    assert!(x.exact);
    assert!(x.terms[0].matched.is_none());
    assert_eq!(x.places, vec![Place::Name]);
    assert_eq!(marked(&x.name), "[Jing] [An]");
}

#[test]
fn segments_cover_the_text() {
    assert_eq!(marked(&segments("abc", vec![2..3, 0..1, 0..2])), "[abc]");
    assert!(segments("", vec![]).is_empty());
    assert_eq!(marked(&segments("ab", vec![])), "ab");
}

proptest! {
    /// For any name and query, the segments concatenate to the name, and
    /// every matched segment holds a word the query matches (unless the
    /// whole name matched).
    #[test]
    fn segments_concatenate_and_matched_ones_match(
        name in "[A-Za-zé'’ 杨浦区人民ﬁ-]{0,24}",
        query in "[a-zé 杨浦区-]{1,10}",
    ) {
        let e = entity(&name, Some(&name), &[], None);
        let explainer = Explainer::new(&query);
        let x = explainer.explain(&e);
        for segs in [&x.name, x.name_zh.as_ref().expect("zh")] {
            let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
            prop_assert_eq!(&joined, &name);
            prop_assert!(segs.windows(2).all(|w| w[0].matched != w[1].matched));
            if x.exact {
                continue;
            }
            let mut buf = Vec::new();
            for s in segs.iter().filter(|s| s.matched) {
                let mut ok = false;
                each_term(&s.text, |t| {
                    ok |= explainer.terms.iter().any(|q| explainer.how(q, t, &mut buf).is_some());
                });
                prop_assert!(ok, "segment {:?} of {:?} for {:?}", s.text, name, query);
            }
        }
        for t in &x.terms {
            if let Some(m) = &t.matched {
                prop_assert!(name.contains(&m.word));
            }
        }
    }
}
