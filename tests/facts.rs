//! A hand-picked sample of what each article states, checked through the real
//! server: at least ten figures or relations per article, each citing it.

mod common;

use common::TestServer;
use serde_json::{json, Value};

const A: &str = "hongqiao-smart-valley-2021";
const B: &str = "innovation-spaces-2018";
const C: &str = "yangpu-mass-innovation-2017";
const D: &str = "yangpu-innovation-growth-2023";
const E: &str = "putuo-hero-returns-2022";

/// (source, entity, metric, value, unit, period)
type FactSample = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    Option<&'static str>,
);

const FACTS: &[FactSample] = &[
    (
        A,
        "park/hongqiao-smart-valley",
        "share_of_city_online_economy_output",
        23.0,
        "%",
        Some("2021-09-28"),
    ),
    (
        A,
        "park/hongqiao-smart-valley",
        "national_innovation_parks",
        12.0,
        "parks",
        Some("2021-09-28"),
    ),
    (
        A,
        "park/hongqiao-smart-valley",
        "city_level_innovation_parks",
        29.0,
        "parks",
        Some("2021-09-28"),
    ),
    (
        A,
        "park/hongqiao-smart-valley",
        "share_of_city_ecommerce_platforms",
        33.3,
        "%",
        Some("2021-09-28"),
    ),
    (
        A,
        "region/changning",
        "incubators",
        13.0,
        "incubators",
        Some("2021-09-28"),
    ),
    (
        A,
        "region/changning",
        "startups_cultivated_by_incubators",
        396.0,
        "firms",
        Some("2021-01..2021-09"),
    ),
    (
        A,
        "region/changning",
        "startups_cultivated_growth",
        15.4,
        "%",
        Some("2021-01..2021-09"),
    ),
    (
        A,
        "region/changning",
        "entrepreneur_services",
        1100.0,
        "services",
        Some("2021-09-28"),
    ),
    (
        B,
        "park/p2",
        "startups_hosted",
        1200.0,
        "firms",
        Some("2018-02"),
    ),
    (
        B,
        "park/p2",
        "shared_work_desks",
        12000.0,
        "desks",
        Some("2018-02"),
    ),
    (
        B,
        "park/p2",
        "investment_attracted_by_tenants",
        1_000_000_000.0,
        "CNY",
        Some("2018-02"),
    ),
    (
        B,
        "park/p2",
        "investment_attracted_by_tenants_usd",
        158_700_000.0,
        "USD",
        Some("2018-02"),
    ),
    (
        B,
        "region/shanghai",
        "startups_in_incubation_spaces",
        12000.0,
        "firms",
        Some("2017-01..2017-06"),
    ),
    (
        B,
        "region/shanghai",
        "employees_in_incubation_spaces",
        380_000.0,
        "people",
        Some("2017-01..2017-06"),
    ),
    (
        B,
        "region/shanghai",
        "work_permits_granted_to_foreigners",
        81000.0,
        "permits",
        Some("2017"),
    ),
    (
        B,
        "region/shanghai",
        "share_of_national_foreign_workers",
        23.7,
        "%",
        Some("2018"),
    ),
    (
        B,
        "company/china-baowu-steel-group",
        "planned_investment_in_shanghai",
        8_000_000_000.0,
        "CNY",
        Some("2018"),
    ),
    (
        B,
        "company/sensetime",
        "planned_fundraising",
        600_000_000.0,
        "USD",
        Some("2018"),
    ),
    (
        B,
        "project/eshimin",
        "registered_users",
        8_300_000.0,
        "users",
        Some("2018"),
    ),
    (
        B,
        "region/jingan",
        "iot_devices_adopted",
        500_000.0,
        "devices",
        Some("2018"),
    ),
    (
        C,
        "region/yangpu",
        "global_talents_programme_members",
        190.0,
        "people",
        Some("2017"),
    ),
    (
        C,
        "region/yangpu",
        "university_cooperation_agreements",
        11.0,
        "universities",
        Some("2017"),
    ),
    (
        C,
        "region/yangpu",
        "key_mass_innovation_projects_progressing",
        49.0,
        "projects",
        Some("2017"),
    ),
    (
        C,
        "policy/national-mass-innovation-support-fund",
        "awarded_to_yangpu_projects",
        70_000_000.0,
        "CNY",
        Some("2017"),
    ),
    (
        C,
        "event/national-mass-innovation-week-2017",
        "visitors",
        150_000.0,
        "people",
        Some("2017-09"),
    ),
    (
        C,
        "event/horizon-of-maker-festival-2017",
        "theme_events",
        21.0,
        "events",
        Some("2017-09"),
    ),
    (
        C,
        "region/yangpu",
        "maker_spaces",
        71.0,
        "spaces",
        Some("2017"),
    ),
    (
        C,
        "region/yangpu",
        "innovation_service_area",
        300_000.0,
        "m2",
        Some("2017"),
    ),
    (
        C,
        "region/yangpu",
        "maker_space_startup_survival_rate",
        31.4,
        "%",
        Some("2017"),
    ),
    (
        C,
        "region/yangpu",
        "fiscal_revenue",
        9_215_000_000.0,
        "CNY",
        Some("2017-01..2017-08"),
    ),
    (
        C,
        "region/yangpu",
        "fiscal_revenue_growth",
        5.72,
        "%",
        Some("2017-01..2017-08"),
    ),
    (
        D,
        "region/yangpu",
        "tech_firms",
        7000.0,
        "firms",
        Some("2023"),
    ),
    (
        D,
        "region/yangpu",
        "tech_firms_share_of_district_sales",
        50.0,
        "%",
        Some("2023"),
    ),
    (
        D,
        "region/yangpu",
        "tech_firms_share_of_tax_revenue",
        33.3,
        "%",
        Some("2023"),
    ),
    (
        D,
        "policy/yangpu-tech-incentives-2022",
        "maximum_incentive",
        15_000_000.0,
        "CNY",
        Some("2022"),
    ),
    (
        D,
        "policy/yangpu-tech-incentives-2022",
        "maximum_incentive_usd",
        2_100_000.0,
        "USD",
        Some("2022"),
    ),
    (
        D,
        "policy/shanghai-2023-growth-target",
        "target_growth",
        5.0,
        "%",
        Some("2023"),
    ),
    (
        D,
        "region/shanghai",
        "foreign_direct_investment",
        24_000_000_000.0,
        "USD",
        Some("2022"),
    ),
    (
        E,
        "region/taopu-smart-city",
        "core_area",
        4.2,
        "km2",
        Some("2022-11-25"),
    ),
    (
        E,
        "park/china-israel-innovation-hub",
        "construction_area",
        20000.0,
        "m2",
        Some("2022-11-25"),
    ),
    (
        E,
        "park/china-israel-innovation-hub",
        "roadshow_centres",
        2.0,
        "centres",
        Some("2022-11-25"),
    ),
    (
        E,
        "park/china-israel-innovation-hub",
        "roadshow_centre_capacity",
        100.0,
        "people",
        Some("2022-11-25"),
    ),
    (
        E,
        "park/china-israel-innovation-hub",
        "enterprises_institutions_projects_attracted",
        90.0,
        "organisations",
        Some("2022-11-25"),
    ),
    (
        E,
        "region/china",
        "china_israel_cooperation_parks",
        30.0,
        "parks",
        Some("2019"),
    ),
    (
        E,
        "company/mantis-vision",
        "hub_headquarters_area",
        2000.0,
        "m2",
        Some("2022-11-25"),
    ),
];

/// (source, from, type, to, title or role or date that must be present)
const RELATIONS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        A,
        "institution/simit",
        "AFFILIATED_WITH",
        "institution/cas",
        None,
    ),
    (
        A,
        "institution/simit",
        "DEVELOPED",
        "park/simic-valley",
        None,
    ),
    (
        A,
        "park/simic-valley",
        "FORMERLY",
        "company/printemps-department-store",
        Some("2019-04"),
    ),
    (
        A,
        "company/gravibit",
        "LOCATED_IN",
        "park/simic-valley",
        None,
    ),
    (
        A,
        "company/dobe",
        "MEMBER_OF",
        "institution/changning-service-alliance",
        None,
    ),
    (
        C,
        "person/xie-jiangang",
        "LEADS",
        "region/yangpu",
        Some("Head of Yangpu District"),
    ),
    (
        C,
        "institution/ministry-of-public-security",
        "ISSUED",
        "policy/ten-exit-entry-policies",
        Some("2017-03-02"),
    ),
    (
        D,
        "person/xue-kan",
        "LEADS",
        "institution/cpc-yangpu-district-committee",
        Some("Communist Party Secretary"),
    ),
    (
        D,
        "person/gong-zheng",
        "LEADS",
        "region/shanghai",
        Some("Mayor"),
    ),
    (
        D,
        "institution/shanghai-technology-exchange",
        "LOCATED_IN",
        "region/yangpu",
        None,
    ),
    (
        E,
        "person/qiang-hao",
        "LEADS",
        "company/china-israel-innovation-park-shanghai",
        Some("General Manager"),
    ),
    (
        E,
        "company/mantis-vision",
        "ORIGINATES_FROM",
        "region/israel",
        None,
    ),
    (
        E,
        "park/china-israel-innovation-hub",
        "FORMERLY",
        "company/hero-gold-pen-factory",
        None,
    ),
    (
        B,
        "person/ni-shuyin",
        "LEADS",
        "company/kuai-niu",
        Some("CEO"),
    ),
    (
        B,
        "company/sensetime",
        "PARTNERS_WITH",
        "company/shanghai-lingang-group",
        None,
    ),
];

fn cites(sources: &Value, id: &str) -> bool {
    sources
        .as_array()
        .is_some_and(|a| a.iter().any(|s| s["id"] == id))
}

#[tokio::test]
async fn sampled_facts_are_in_the_graph_with_their_source() {
    let server = TestServer::builtin();
    for (src, entity, metric, value, unit, period) in FACTS {
        let d = server
            .data(
                "query($id: ID!) { entity(id: $id) { facts { metric value unit period sources { id } } } }",
                json!({ "id": entity }),
            )
            .await;
        let facts = d["entity"]["facts"].as_array().expect("facts list");
        let found = facts.iter().find(|f| f["metric"] == *metric);
        let f = found.unwrap_or_else(|| panic!("{entity} has no fact {metric}"));
        let got = f["value"].as_f64().unwrap();
        assert!(
            (got - value).abs() < 1e-9 * value.abs().max(1.0),
            "{entity} {metric}: {got} != {value}"
        );
        assert_eq!(f["unit"], *unit, "{entity} {metric}");
        assert_eq!(f["period"].as_str(), *period, "{entity} {metric}");
        assert!(cites(&f["sources"], src), "{entity} {metric} cites {src}");
    }
}

#[tokio::test]
async fn sampled_relations_are_in_the_graph_with_their_source() {
    let server = TestServer::builtin();
    for (src, from, ty, to, detail) in RELATIONS {
        let d = server
            .data(
                "query($id: ID!, $t: [RelationType!]) { entity(id: $id) { relations(types: $t, direction: OUTGOING, first: 100) { edges { node { to { id } title role date sources { id } } } } } }",
                json!({ "id": from, "t": [ty] }),
            )
            .await;
        let edges = d["entity"]["relations"]["edges"].as_array().unwrap();
        let rel = edges
            .iter()
            .map(|e| &e["node"])
            .find(|n| n["to"]["id"] == *to)
            .unwrap_or_else(|| panic!("no {from} -{ty}-> {to}"));
        assert!(
            cites(&rel["sources"], src),
            "{from} -{ty}-> {to} cites {src}"
        );
        if let Some(want) = detail {
            let has = [&rel["title"], &rel["role"], &rel["date"]]
                .iter()
                .any(|v| v.as_str() == Some(want));
            assert!(has, "{from} -{ty}-> {to} carries {want}: {rel}");
        }
    }
}

#[test]
fn every_article_is_sampled_at_least_ten_times() {
    for src in [A, B, C, D, E] {
        let n = FACTS.iter().filter(|f| f.0 == src).count()
            + RELATIONS.iter().filter(|r| r.0 == src).count();
        assert!(n >= 10, "{src} has only {n} sampled statements");
    }
}

#[tokio::test]
async fn every_record_cites_a_source() {
    let store = innograph::load::builtin().unwrap();
    for ix in store.graph().node_indices() {
        let e = store.entity(ix);
        assert!(!e.sources.is_empty(), "{} cites nothing", e.id);
        for f in &e.facts {
            assert!(!f.sources.is_empty(), "a fact of {} cites nothing", e.id);
        }
    }
    for r in store.graph().edge_weights() {
        assert!(!r.sources.is_empty());
    }
    assert!(store.entity_count() > 100);
    assert!(store.fact_count() >= 60);
}
