//! What the five articles state, checked through the real server over HTTP
//! against expectations written by hand from the articles themselves (not
//! copied from `data/`): every figure each article gives, and at least ten
//! relations per article. Each row quotes the figure as its article gives
//! it, with a few words of context (`says`; pieces joined by " … "), so a
//! reviewer can find it in the article; `figures_are_quoted_from_the_articles`
//! checks the quotes against the article files when they are at hand.
//! Then the corrections of the data review (issue 12), pinned so that they
//! cannot silently come back.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::TestServer;
use serde_json::{json, Value};

/// One of the five articles: its id in the graph and its file in the corpus
/// (`/work/shared/sources/` on the curators' machines).
type Article = (&'static str, &'static str);

const A: Article = ("hongqiao-smart-valley-2021", "000_c9ae008a1a495370.txt");
const B: Article = ("innovation-spaces-2018", "001_0c233d8171d3a72e.txt");
const C: Article = ("yangpu-mass-innovation-2017", "002_90abe18e1cc4067e.txt");
const D: Article = ("yangpu-innovation-growth-2023", "003_89a7e81d1ed866b8.txt");
const E: Article = ("putuo-hero-returns-2022", "004_162ac498ea3fc27e.txt");
const ARTICLES: [Article; 5] = [A, B, C, D, E];

/// How the article gives a figure (the data model's qualifiers, as
/// data/README.md describes them).
#[derive(Clone, Copy, Debug)]
enum Is {
    /// The number itself.
    Exactly(f64),
    /// "about", "approximately", "a dozen", "one-third".
    About(f64),
    /// "over", "more than" (not reached).
    Over(f64),
    /// "at least".
    AtLeast(f64),
    /// "up to".
    UpTo(f64),
    /// "nearly" (not reached).
    Under(f64),
    /// "60 percent to 70 percent", "one or two".
    Between(f64, f64),
    /// Words without a number, with the least they imply.
    Words(Option<f64>),
}
use Is::{About, AtLeast, Between, Exactly, Over, Under, UpTo, Words};

impl Is {
    /// (qualifier, value, min, max, exact) as the API documents them for
    /// such a figure.
    fn served(self) -> (&'static str, Option<f64>, Option<f64>, Option<f64>, bool) {
        match self {
            Exactly(v) => ("EXACT", Some(v), Some(v), Some(v), true),
            About(v) => ("ABOUT", Some(v), None, None, false),
            Over(v) => ("OVER", Some(v), Some(v), None, false),
            AtLeast(v) => ("AT_LEAST", Some(v), Some(v), None, false),
            UpTo(v) => ("UP_TO", Some(v), None, Some(v), false),
            Under(v) => ("UNDER", Some(v), None, Some(v), false),
            Between(lo, hi) => ("RANGE", None, Some(lo), Some(hi), false),
            Words(lo) => ("INDEFINITE", None, lo, None, false),
        }
    }
}

/// When a figure stands or what span it covers.
#[derive(Clone, Copy, Debug)]
enum When {
    /// A point in time (`asOf`).
    AsOf(&'static str),
    /// A span (`covers`).
    Covers(&'static str),
    /// Neither.
    Timeless,
}
use When::{AsOf, Covers, Timeless};

/// (article, what it says, entity, metric, the figure, unit, when, the
/// article's own words kept as `wording`)
type Figure = (
    Article,
    &'static str,
    &'static str,
    &'static str,
    Is,
    &'static str,
    When,
    Option<&'static str>,
);

/// Every figure the five articles give, read off the articles by hand.
/// Undated articles are dated as `sources.toml` records: B's "now" is early
/// 2018, C's "this year" 2017, D's "this year" 2023 and "last year" 2022.
#[rustfmt::skip]
const FIGURES: &[Figure] = &[
    // 000: Hongqiao Smart Valley, SHINE, 2021-09-28.
    (A, "about 23 percent of Shanghai's total online economy output", "park/hongqiao-smart-valley", "share_of_city_online_economy_output", About(23.0), "%", AsOf("2021-09-28"), Some("about 23 percent")),
    (A, "One-third of the city's e-commerce platforms", "park/hongqiao-smart-valley", "share_of_city_ecommerce_platforms", About(33.3), "%", AsOf("2021-09-28"), Some("one-third")),
    (A, "a dozen national and 29 city-level innovation parks", "park/hongqiao-smart-valley", "national_innovation_parks", About(12.0), "parks", AsOf("2021-09-28"), Some("a dozen")),
    (A, "a dozen national and 29 city-level innovation parks", "park/hongqiao-smart-valley", "city_level_innovation_parks", Exactly(29.0), "parks", AsOf("2021-09-28"), None),
    (A, "13 incubators in Changning", "region/changning", "incubators", Exactly(13.0), "incubators", AsOf("2021-09-28"), None),
    (A, "cultivated 396 startup firms since January this year", "region/changning", "startups_cultivated_by_incubators", Exactly(396.0), "firms", Covers("2021-01..2021-09"), None),
    (A, "a 15.4 percent increase from last year", "region/changning", "startups_cultivated_growth", Exactly(15.4), "%", Covers("2021-01..2021-09"), None),
    (A, "Over 1,100 services are available for entrepreneurs", "region/changning", "entrepreneur_services", Over(1100.0), "services", AsOf("2021-09-28"), Some("over 1,100")),
    // 001: Shanghai's innovation spaces, undated (early 2018).
    (B, "over 500 innovation spaces", "region/shanghai", "innovation_spaces", Over(500.0), "spaces", AsOf("2018"), Some("over 500")),
    (B, "12,000 startups with 380,000 employees by the first half of 2017", "region/shanghai", "startups_in_incubation_spaces", Exactly(12000.0), "firms", AsOf("2017-06"), Some("by the first half of 2017")),
    (B, "12,000 startups with 380,000 employees by the first half of 2017", "region/shanghai", "employees_in_incubation_spaces", Exactly(380_000.0), "people", AsOf("2017-06"), Some("by the first half of 2017")),
    (B, "P2 now has been home to 1,200 startups", "park/p2", "startups_hosted", Exactly(1200.0), "firms", AsOf("2018"), None),
    (B, "with 12,000 shared work desks", "park/p2", "shared_work_desks", Exactly(12000.0), "desks", AsOf("2018"), None),
    (B, "a combined investment of 1 billion yuan (US$158.7 million) by February", "park/p2", "investment_attracted_by_tenants", Exactly(1_000_000_000.0), "CNY", AsOf("2018-02"), Some("by February")),
    (B, "a combined investment of 1 billion yuan (US$158.7 million) by February", "park/p2", "investment_attracted_by_tenants_usd", Exactly(158_700_000.0), "USD", AsOf("2018-02"), Some("by February")),
    (B, "In 2017, 81,000 work permits were granted to foreigners", "region/shanghai", "work_permits_granted_to_foreigners", Exactly(81000.0), "permits", Covers("2017"), None),
    (B, "ranking No. 1 nationwide", "region/shanghai", "national_rank_work_permits_to_foreigners", Exactly(1.0), "rank", Covers("2017"), None),
    (B, "Over 215,000 foreigners work in Shanghai", "region/shanghai", "foreigners_working", Over(215_000.0), "people", AsOf("2018"), Some("over 215,000")),
    (B, "accounting for 23.7 percent of the national level", "region/shanghai", "share_of_national_foreign_workers", Exactly(23.7), "%", AsOf("2018"), None),
    (B, "home to one-third of the AI professionals nationwide", "region/shanghai", "share_of_national_ai_professionals", About(33.3), "%", AsOf("2018"), Some("one-third")),
    (B, "plans to invest 8 billion yuan in Shanghai", "company/china-baowu-steel-group", "planned_investment_in_shanghai", Exactly(8_000_000_000.0), "CNY", AsOf("2018"), None),
    (B, "plans to raise US$600 million", "company/sensetime", "planned_fundraising", Exactly(600_000_000.0), "USD", AsOf("2018"), None),
    (B, "will invest 6 billion yuan in Shanghai", "company/sensetime", "planned_investment_in_shanghai", Exactly(6_000_000_000.0), "CNY", AsOf("2018"), None),
    (B, "more than 100 features and public services", "project/eshimin", "features_and_services", Over(100.0), "services", AsOf("2018"), Some("more than 100")),
    (B, "Up to now, it has over 8.3 million registered users", "project/eshimin", "registered_users", Over(8_300_000.0), "users", AsOf("2018"), Some("over 8.3 million, up to now")),
    (B, "more than one-third of the city's population", "project/eshimin", "share_of_city_population_registered", Over(33.3), "%", AsOf("2018"), Some("more than one-third")),
    (B, "More than 500,000 Internet of Things devices … are being adopted in Jing'an District", "region/jingan", "iot_devices_adopted", Over(500_000.0), "devices", AsOf("2018"), Some("more than 500,000")),
    (B, "a special team with \"several hundred people\" nationwide working on security", "company/kuai-niu", "security_team_size", Words(Some(200.0)), "people", AsOf("2018"), Some("several hundred")),
    // 002: Yangpu News, undated (September 2017).
    (C, "In the past five years", "region/yangpu", "years_building_pilot_innovative_urban_area", Exactly(5.0), "years", Covers("2012..2017"), Some("in the past five years")),
    (C, "currently 190 talents in the Recruitment Program of Global Talents", "region/yangpu", "global_talents_programme_members", Exactly(190.0), "people", AsOf("2017"), None),
    (C, "roughly accounting for one fifth of all such talents in Shanghai", "region/yangpu", "share_of_city_global_talents_programme_members", About(20.0), "%", AsOf("2017"), Some("roughly one fifth")),
    (C, "the ten new exit-entry policies", "policy/ten-exit-entry-policies", "policies", Exactly(10.0), "policies", Timeless, None),
    (C, "worked in the 'mass innovation & entrepreneurship' zone for four years", "policy/ten-exit-entry-policies", "years_worked_for_permanent_residence", Exactly(4.0), "years", Timeless, None),
    (C, "the construction of four innovation & entrepreneurship blocks", "region/yangpu", "innovation_blocks", Exactly(4.0), "blocks", AsOf("2017"), None),
    (C, "signed cooperation agreements with 11 universities and colleges", "region/yangpu", "university_cooperation_agreements", Exactly(11.0), "universities", AsOf("2017"), None),
    (C, "49 key mass innovation & entrepreneurship projects", "region/yangpu", "key_mass_innovation_projects_progressing", Exactly(49.0), "projects", AsOf("2017"), None),
    (C, "Three projects including NETC", "region/yangpu", "projects_winning_national_support_fund", Exactly(3.0), "projects", AsOf("2017"), None),
    (C, "won a national support fund of 70 million yuan", "policy/national-mass-innovation-support-fund", "awarded_to_three_projects", Exactly(70_000_000.0), "CNY", AsOf("2017"), None),
    (C, "the 3rd National Mass Innovation & Entrepreneurship Week", "event/national-mass-innovation-week-2017", "edition", Exactly(3.0), "edition", Timeless, None),
    (C, "about 180 events … were held in Shanghai", "event/mass-innovation-week-2017-shanghai-events", "events", About(180.0), "events", Timeless, Some("about 180")),
    (C, "attracting more than 150,000 visitors", "event/mass-innovation-week-2017-shanghai-events", "visitors", Over(150_000.0), "people", Timeless, Some("more than 150,000")),
    (C, "21 theme events", "event/horizon-of-maker-festival-2017", "theme_events", Exactly(21.0), "events", Timeless, None),
    (C, "20 technology parks including seven national university technology parks", "region/yangpu", "technology_parks", Exactly(20.0), "parks", AsOf("2017"), None),
    (C, "20 technology parks including seven national university technology parks", "region/yangpu", "national_university_technology_parks", Exactly(7.0), "parks", AsOf("2017"), None),
    (C, "71 distinctive maker spaces", "region/yangpu", "maker_spaces", Exactly(71.0), "spaces", AsOf("2017"), None),
    (C, "more than 1,000 entrepreneurial teams", "region/yangpu", "entrepreneurial_teams", Over(1000.0), "teams", AsOf("2017"), Some("more than 1,000")),
    (C, "a total service area of 300,000 square meters", "region/yangpu", "innovation_service_area", Exactly(300_000.0), "m2", AsOf("2017"), None),
    (C, "31.4 percent of startup enterprises incubated in maker spaces survived", "region/yangpu", "maker_space_startup_survival_rate", Exactly(31.4), "%", AsOf("2017"), None),
    (C, "the incubation success rate of 15 percent of maker spaces", "region/yangpu", "share_of_maker_spaces_with_60_to_70pct_incubation_success", Exactly(15.0), "%", AsOf("2017"), None),
    (C, "reached 60 percent to 70 percent", "region/yangpu", "incubation_success_rate_of_leading_maker_spaces", Between(60.0, 70.0), "%", AsOf("2017"), Some("60 percent to 70 percent")),
    (C, "one of the country's five \"fruitful regional mass innovation & entrepreneurship demonstration bases\"", "policy/ndrc-fruitful-demonstration-bases", "bases_named", Exactly(5.0), "bases", Covers("2017"), None),
    (C, "was ranked third in the evaluation", "region/yangpu", "rank_in_cast_demonstration_base_evaluation", Exactly(3.0), "rank", Covers("2017"), None),
    (C, "In the first eight months of this year … financial revenues of 9.215 billion yuan", "region/yangpu", "fiscal_revenue", Exactly(9_215_000_000.0), "CNY", Covers("2017-01..2017-08"), None),
    (C, "up 5.72 percent year on year", "region/yangpu", "fiscal_revenue_growth", Exactly(5.72), "%", Covers("2017-01..2017-08"), None),
    (C, "ranking third among central urban areas", "region/yangpu", "rank_fiscal_revenue_central_urban_areas", Exactly(3.0), "rank", Covers("2017-01..2017-08"), None),
    // 003: Yangpu's innovation and growth, undated (read as 2023).
    (D, "approximately 7,000 tech firms", "region/yangpu", "tech_firms", About(7000.0), "firms", AsOf("2023"), Some("approximately 7,000")),
    (D, "over half of the district's total sales", "region/yangpu", "tech_firms_share_of_district_sales", Over(50.0), "%", AsOf("2023"), Some("over half")),
    (D, "approximately a third of its tax revenue", "region/yangpu", "tech_firms_share_of_tax_revenue", About(33.3), "%", AsOf("2023"), Some("approximately a third")),
    (D, "Last year … incentives of up to 15 million yuan", "policy/yangpu-tech-incentives-2022", "maximum_incentive", UpTo(15_000_000.0), "CNY", AsOf("2022"), Some("up to 15 million yuan")),
    (D, "up to 15 million yuan (US$2.1 million)", "policy/yangpu-tech-incentives-2022", "maximum_incentive_usd", UpTo(2_100_000.0), "USD", AsOf("2022"), None),
    (D, "achieving 5% economic growth this year", "policy/shanghai-2023-growth-target", "target_growth", Exactly(5.0), "%", Covers("2023"), None),
    (D, "foreign direct investment of US$24 billion last year", "region/shanghai", "foreign_direct_investment", Exactly(24_000_000_000.0), "USD", Covers("2022"), None),
    // 004: Hero returns, Putuo, 2022-11-25.
    (E, "the 4.2-square-kilometer core area of Taopu Smart City", "region/taopu-smart-city", "core_area", Exactly(4.2), "km2", AsOf("2022-11-25"), None),
    (E, "a construction area of 20,000 square meters", "park/china-israel-innovation-hub", "construction_area", Exactly(20000.0), "m2", AsOf("2022-11-25"), None),
    (E, "we took out two buildings", "park/china-israel-innovation-hub", "renovated_buildings_for_small_offices", Exactly(2.0), "buildings", Timeless, None),
    (E, "provided with one or two rooms", "park/china-israel-innovation-hub", "rooms_per_tenant_unit", Between(1.0, 2.0), "rooms", Timeless, Some("one or two rooms")),
    (E, "at least 30 Chinese-Israeli co-op parks across China", "region/china", "china_israel_cooperation_parks", AtLeast(30.0), "parks", AsOf("2019"), Some("at least 30")),
    (E, "two roadshow centers that can accommodate 100 people", "park/china-israel-innovation-hub", "roadshow_centres", Exactly(2.0), "centres", AsOf("2022-11-25"), None),
    (E, "two roadshow centers that can accommodate 100 people", "park/china-israel-innovation-hub", "roadshow_centre_capacity", Exactly(100.0), "people", AsOf("2022-11-25"), Some("can accommodate 100 people")),
    (E, "dozens of small offices for start-ups", "park/china-israel-innovation-hub", "small_startup_offices", Words(Some(24.0)), "offices", AsOf("2022-11-25"), Some("dozens")),
    (E, "The 2,000-square-meter headquarters and exhibition area at the hub", "park/china-israel-innovation-hub", "headquarters_and_exhibition_area", Exactly(2000.0), "m2", AsOf("2022-11-25"), None),
    (E, "it only took us a month to decide", "company/mantis-vision", "months_to_decide_on_hub", Exactly(1.0), "months", Timeless, Some("only took us a month")),
    (E, "Since its opening nearly three years ago", "park/china-israel-innovation-hub", "years_since_opening", Under(3.0), "years", AsOf("2022-11-25"), Some("nearly three years")),
    (E, "attracted more than 90 enterprises, institutions and projects", "park/china-israel-innovation-hub", "enterprises_institutions_projects_attracted", Over(90.0), "organisations", AsOf("2022-11-25"), Some("more than 90")),
];

/// What a sampled relation must carry besides its ends and source.
#[derive(Clone, Copy, Debug)]
struct Carries {
    title: Option<&'static str>,
    date: Option<&'static str>,
    /// The article implies the relation rather than stating it.
    inferred: bool,
}

const STATED: Carries = Carries {
    title: None,
    date: None,
    inferred: false,
};
const IMPLIED: Carries = Carries {
    inferred: true,
    ..STATED
};
const fn titled(title: &'static str) -> Carries {
    Carries {
        title: Some(title),
        ..STATED
    }
}
const fn dated(date: &'static str) -> Carries {
    Carries {
        date: Some(date),
        ..STATED
    }
}

/// (article, what it says, from, type, to, what the relation carries)
type Statement = (
    Article,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Carries,
);

/// Relations read off the articles by hand, at least ten per article.
#[rustfmt::skip]
const RELATIONS: &[Statement] = &[
    (A, "The institute under the Chinese Academy of Sciences", "institution/simit", "AFFILIATED_WITH", "institution/cas", STATED),
    (A, "has developed a compound called SIMIC Valley", "institution/simit", "DEVELOPED", "park/simic-valley", STATED),
    (A, "SIMIC Valley near Zhongshan Park", "park/simic-valley", "NEAR", "region/zhongshan-park-area", STATED),
    (A, "renovated from the former Printemps Department Store … which closed in April 2019", "park/simic-valley", "FORMERLY", "company/printemps-department-store", dated("2019-04")),
    (A, "Silicon Wisdom and GraviBit have been based in the newly unveiled complex", "company/gravibit", "LOCATED_IN", "park/simic-valley", STATED),
    (A, "The first batch of members includes … DoBe and Creater", "company/dobe", "MEMBER_OF", "institution/changning-service-alliance", STATED),
    (A, "attract and support startup projects across the Yangtze River Delta region", "park/hongqiao-smart-valley", "ATTRACTS_FROM", "region/yangtze-river-delta", STATED),
    (A, "began cooperating with the Shanghai Institute of Microsystems and Information Technology", "park/hongqiao-smart-valley", "PARTNERS_WITH", "institution/simit", STATED),
    (A, "listed as one of China's pilot bases", "park/hongqiao-smart-valley", "DESIGNATED_AS", "policy/national-mass-entrepreneurship-pilot-bases", STATED),
    (A, "a key node for the Hongqiao International Open Hub … by 2025", "park/hongqiao-smart-valley", "PART_OF", "region/hongqiao-international-open-hub", dated("2025")),
    (A, "Hongqiao Smart Valley in Changning District", "park/hongqiao-smart-valley", "LOCATED_IN", "region/changning", STATED),
    (B, "said Ni Shuyin, CEO of Kuai Niu", "person/ni-shuyin", "LEADS", "company/kuai-niu", titled("CEO")),
    (B, "Ni said during the LendIT FinTech Summit", "person/ni-shuyin", "SPOKE_AT", "event/lendit-fintech-summit", STATED),
    (B, "said Wu Qing, the city's vice mayor", "person/wu-qing", "HOLDS_OFFICE", "region/shanghai", titled("Vice Mayor")),
    (B, "signed cooperation deals with Shanghai Lingang Group", "company/sensetime", "PARTNERS_WITH", "company/shanghai-lingang-group", STATED),
    (B, "will invest 6 billion yuan in Shanghai", "company/sensetime", "INVESTS_IN", "region/shanghai", STATED),
    (B, "China Baowu Steel Group Corporation plans to invest 8 billion yuan in Shanghai", "company/china-baowu-steel-group", "INVESTS_IN", "region/shanghai", STATED),
    (B, "Google has chosen Shanghai to hold Demo Day event", "company/google", "ORGANIZES", "event/google-demo-day-shanghai", STATED),
    (B, "Google has chosen Shanghai to hold Demo Day event", "event/google-demo-day-shanghai", "HELD_AT", "region/shanghai", STATED),
    (B, "Shanghai Data Exchange Corp or SDE, the IoT project issuer", "company/shanghai-data-exchange", "ISSUED", "project/jingan-iot-project", STATED),
    (B, "an incubation space in Jing'an District … an European Cup match. In the P2 (People Squared) space", "park/p2", "BROADCASTS", "event/european-cup", IMPLIED),
    (C, "Xie Jian'gang, Deputy Secretary of the CPC Yangpu District Committee", "person/xie-jiangang", "HOLDS_OFFICE", "institution/cpc-yangpu-district-committee", titled("Deputy Secretary")),
    (C, "and Head of Yangpu District", "person/xie-jiangang", "HOLDS_OFFICE", "region/yangpu", titled("Head of Yangpu District")),
    (C, "said Chen Lu, Director of the Yangpu Exit-Entry Administration Office", "person/chen-lu", "LEADS", "institution/yangpu-exit-entry-administration-office", titled("Director")),
    (C, "On March 2, 2017, the Ministry of Public Security released the ten new exit-entry policies", "institution/ministry-of-public-security", "ISSUED", "policy/ten-exit-entry-policies", dated("2017-03-02")),
    (C, "Demonstration Zone in Yangpu on May 19, the Framework Agreement on City-District Cooperation", "policy/city-district-cooperation-framework-agreement", "SIGNED_AT", "event/cast-onsite-meeting-2017", dated("2017-05-19")),
    (C, "the Strategic Cooperation Agreement on the Transformation of the Technological Achievements … were signed", "policy/tech-achievement-transformation-agreement", "SIGNED_AT", "event/cast-onsite-meeting-2017", dated("2017-05-19")),
    (C, "Yangpu Innovation Drive Support Project Demonstration Zone", "project/yangpu-innovation-drive-demonstration-zone", "PART_OF", "policy/cast-innovation-drive-support-project", STATED),
    (C, "worked with the 23rd Institute of China Electronics Technology Group Corporation", "institution/yangpu-district-government", "WORKED_WITH", "institution/cetc-23rd-institute", IMPLIED),
    (C, "with focus on building a national pilot innovative urban area", "region/yangpu", "WORKS_TOWARDS", "policy/national-innovative-urban-pilot-area", STATED),
    (C, "one of China's first national \"mass innovation & entrepreneurship\" demonstration bases", "region/yangpu", "DESIGNATED_AS", "policy/mass-innovation-demonstration-bases", STATED),
    (C, "Three projects including NETC … won a national support fund", "policy/national-mass-innovation-support-fund", "FUNDS", "institution/netc", STATED),
    (C, "was wrapped up in the main venue in Changyang Campus", "event/national-mass-innovation-week-2017", "HELD_AT", "park/changyang-campus", STATED),
    (C, "about 180 events … were held in Shanghai during the 3rd National Mass Innovation & Entrepreneurship Week", "event/mass-innovation-week-2017-shanghai-events", "HELD_DURING", "event/national-mass-innovation-week-2017", STATED),
    (D, "Xue Kan, the Communist Party secretary for Yangpu", "person/xue-kan", "HOLDS_OFFICE", "region/yangpu", titled("Communist Party Secretary for Yangpu")),
    (D, "with Mayor Gong Zheng emphasizing the importance of foreign investment", "person/gong-zheng", "HOLDS_OFFICE", "region/shanghai", Carries { title: Some("Mayor"), date: None, inferred: true }),
    (D, "with the presence of the Shanghai Technology Exchange", "institution/shanghai-technology-exchange", "LOCATED_IN", "region/yangpu", STATED),
    (D, "This initiative aligns with Shanghai's broader goal", "policy/yangpu-fdi-drive", "ALIGNS_WITH", "policy/shanghai-2023-growth-target", STATED),
    (D, "key national universities in the vicinity, such as Fudan and Tongji", "institution/fudan-university", "NEAR", "region/yangpu", STATED),
    (D, "key national universities in the vicinity, such as Fudan and Tongji", "institution/tongji-university", "NEAR", "region/yangpu", STATED),
    (D, "Drawing on its educational resources", "institution/yangpu-district-government", "DRAWS_ON", "institution/tongji-university", IMPLIED),
    (D, "Last year, the district announced substantial incentives", "institution/yangpu-district-government", "ISSUED", "policy/yangpu-tech-incentives-2022", Carries { title: None, date: Some("2022"), inferred: true }),
    (D, "to attract promising technology companies to its coastline", "policy/yangpu-tech-incentives-2022", "APPLIES_TO", "region/yangpu-coastline", STATED),
    (D, "the commercial and financial capital of mainland China", "region/shanghai", "PART_OF", "region/china", STATED),
    (E, "said Qiang Hao, general manager of China-Israel Innovation Park (Shanghai) Co., Ltd.", "person/qiang-hao", "LEADS", "company/china-israel-innovation-park-shanghai", titled("General Manager")),
    (E, "said Chen Ling, CEO of Mantis Vision", "person/chen-ling", "LEADS", "company/mantis-vision", titled("CEO")),
    (E, "a 3D imaging technology enterprise originating from Israel", "company/mantis-vision", "ORIGINATES_FROM", "region/israel", STATED),
    (E, "Mantis Vision, an enterprise in the park", "company/mantis-vision", "LOCATED_IN", "park/china-israel-innovation-hub", STATED),
    (E, "There used to be the Hero Gold Pen Factory", "park/china-israel-innovation-hub", "FORMERLY", "company/hero-gold-pen-factory", STATED),
    (E, "At the gateway of Taopu Smart City, a park", "park/china-israel-innovation-hub", "LOCATED_IN", "region/taopu-smart-city", STATED),
    (E, "Since 2010, communications between … Shanghai and Israel", "region/shanghai", "PARTNERS_WITH", "region/israel", dated("2010")),
    (E, "in October 2018, the signing of the China-Israel Innovation Cooperation Action Plan", "region/china", "SIGNED", "policy/china-israel-innovation-cooperation-action-plan", Carries { title: None, date: Some("2018-10"), inferred: true }),
    (E, "gave Putuo an opportunity", "policy/china-israel-innovation-cooperation-action-plan", "APPLIES_TO", "region/putuo", STATED),
    (E, "In June this year, the hub was included in the list of science and technology business incubators", "park/china-israel-innovation-hub", "DESIGNATED_AS", "policy/shanghai-tech-business-incubator-list", dated("2022-06")),
];

const FACT_FIELDS: &str =
    "metric value min max exact approximate qualifier wording unit period asOf covers inferred note sources { id } entity { id }";

async fn facts_of(server: &TestServer, id: &str) -> Vec<Value> {
    let query = format!("query($id: ID!) {{ entity(id: $id) {{ facts {{ {FACT_FIELDS} }} }} }}");
    let d = server.data(&query, json!({ "id": id })).await;
    d["entity"]["facts"].as_array().expect("facts list").clone()
}

async fn fact(server: &TestServer, id: &str, metric: &str) -> Value {
    let facts = facts_of(server, id).await;
    let mut found = facts.into_iter().filter(|f| f["metric"] == metric);
    let f = found
        .next()
        .unwrap_or_else(|| panic!("{id} has no fact {metric}"));
    assert_eq!(found.count(), 0, "{id} has {metric} more than once");
    f
}

/// The relations of `id` in `direction`, each as (type, other id, node).
async fn relations(server: &TestServer, id: &str, direction: &str) -> Vec<(String, String, Value)> {
    let query = format!(
        "query($id: ID!) {{ entity(id: $id) {{ relations(direction: {direction}, first: 100) {{ totalCount edges {{ node {{ type other {{ id kind }} title role date note inferred sources {{ id }} }} }} }} }} }}"
    );
    let d = server.data(&query, json!({ "id": id })).await;
    let conn = &d["entity"]["relations"];
    let edges = conn["edges"].as_array().expect("edges");
    assert_eq!(
        conn["totalCount"].as_u64(),
        Some(edges.len() as u64),
        "{id}: more than a page"
    );
    edges
        .iter()
        .map(|e| {
            let n = &e["node"];
            let s = |v: &Value| v.as_str().expect("string").to_owned();
            (s(&n["type"]), s(&n["other"]["id"]), n.clone())
        })
        .collect()
}

/// The ids of `sources { id }`.
fn source_ids(sources: &Value) -> Vec<&str> {
    sources
        .as_array()
        .expect("sources list")
        .iter()
        .map(|s| s["id"].as_str().expect("source id"))
        .collect()
}

/// Every figure an article gives, as the server lists them under the
/// article (`Source.facts`), keyed by (entity, metric).
async fn figures_of_article(
    server: &TestServer,
    article: Article,
) -> BTreeMap<(String, String), Value> {
    let query = format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on Source {{ file facts(first: 100) {{ totalCount edges {{ node {{ {FACT_FIELDS} }} }} }} }} }} }}"
    );
    let d = server.data(&query, json!({ "id": article.0 })).await;
    let source = &d["node"];
    assert_eq!(source["file"], article.1, "{}'s file", article.0);
    let conn = &source["facts"];
    let edges = conn["edges"].as_array().expect("edges");
    assert_eq!(conn["totalCount"].as_u64(), Some(edges.len() as u64));
    let mut out = BTreeMap::new();
    for e in edges {
        let f = e["node"].clone();
        let key = (
            f["entity"]["id"].as_str().expect("id").to_owned(),
            f["metric"].as_str().expect("metric").to_owned(),
        );
        assert!(out.insert(key.clone(), f).is_none(), "{key:?} twice");
    }
    out
}

#[tokio::test]
async fn every_figure_the_articles_give_is_served_as_the_article_gives_it() {
    let server = TestServer::builtin();
    for article in ARTICLES {
        let served = figures_of_article(&server, article).await;
        let want: Vec<&Figure> = FIGURES.iter().filter(|f| f.0 == article).collect();
        // The same figures: none missing, none the article does not give.
        let want_keys: BTreeSet<(String, String)> = want
            .iter()
            .map(|f| (f.2.to_owned(), f.3.to_owned()))
            .collect();
        assert_eq!(want_keys.len(), want.len(), "{}: a row twice", article.0);
        let served_keys: BTreeSet<(String, String)> = served.keys().cloned().collect();
        assert_eq!(
            served_keys, want_keys,
            "{}: served figures differ from the article's",
            article.0
        );
        for &&(_, says, entity, metric, is, unit, when, wording) in &want {
            let f = &served[&(entity.to_owned(), metric.to_owned())];
            let at = format!("{entity} {metric} ({says:?}): {f}");
            let (qualifier, value, min, max, exact) = is.served();
            assert_eq!(f["qualifier"], qualifier, "{at}");
            assert_eq!(f["value"].as_f64(), value, "{at}");
            assert_eq!(f["min"].as_f64(), min, "{at}");
            assert_eq!(f["max"].as_f64(), max, "{at}");
            assert_eq!(f["exact"], exact, "{at}");
            assert_eq!(f["approximate"], !exact, "{at}");
            assert_eq!(f["unit"], unit, "{at}");
            assert_eq!(f["wording"].as_str(), wording, "{at}");
            let (as_of, covers) = match when {
                AsOf(d) => (Some(d), None),
                Covers(p) => (None, Some(p)),
                Timeless => (None, None),
            };
            assert_eq!(f["asOf"].as_str(), as_of, "{at}");
            assert_eq!(f["covers"].as_str(), covers, "{at}");
            assert_eq!(f["period"].as_str(), as_of.or(covers), "{at}");
            assert_eq!(f["inferred"], false, "{at}");
            assert_eq!(source_ids(&f["sources"]), [article.0], "{at}");
            // The entity lists the same figure.
            assert_eq!(fact(&server, entity, metric).await, *f, "{at}");
        }
    }
    // And the graph holds no figure beyond these.
    let d = server.data("{ stats { facts } }", Value::Null).await;
    assert_eq!(d["stats"]["facts"], FIGURES.len());
}

#[tokio::test]
async fn sampled_relations_are_in_the_graph_as_the_articles_state_them() {
    let server = TestServer::builtin();
    for &(article, says, from, ty, to, carries) in RELATIONS {
        let at = format!("{from} -{ty}-> {to} ({says:?})");
        let d = server
            .data(
                "query($id: ID!, $t: [RelationType!]) { entity(id: $id) { relations(types: $t, direction: OUTGOING, first: 100) { edges { node { to { id } title date inferred sources { id } } } } } }",
                json!({ "id": from, "t": [ty] }),
            )
            .await;
        let found: Vec<&Value> = d["entity"]["relations"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| &e["node"])
            .filter(|n| n["to"]["id"] == to)
            .collect();
        assert_eq!(found.len(), 1, "{at}: {found:?}");
        let rel = found[0];
        assert_eq!(source_ids(&rel["sources"]), [article.0], "{at}: {rel}");
        assert_eq!(rel["title"].as_str(), carries.title, "{at}: {rel}");
        assert_eq!(rel["date"].as_str(), carries.date, "{at}: {rel}");
        assert_eq!(rel["inferred"], carries.inferred, "{at}: {rel}");
    }
}

#[test]
fn every_article_is_sampled_at_least_ten_times() {
    for article in ARTICLES {
        let figures = FIGURES.iter().filter(|f| f.0 == article).count();
        let relations = RELATIONS.iter().filter(|r| r.0 == article).count();
        assert!(
            figures + relations >= 10 && relations >= 10,
            "{}: {figures} figures and {relations} relations sampled",
            article.0
        );
    }
}

/// Lower case, typographic quotes and apostrophes as plain ones, runs of
/// white space as one space.
fn normalise(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a text, normalised, without surrounding punctuation.
fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split(' ')
        .map(|w| w.trim_matches(|c: char| "\"'(),.;:".contains(c)).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `part` is a subsequence of `whole`.
fn in_order(part: &[String], whole: &[String]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|w| rest.any(|x| x == w))
}

#[test]
#[ignore = "needs the five article files: INNOGRAPH_SOURCES=/work/shared/sources cargo test --test integration facts:: -- --ignored"]
fn figures_are_quoted_from_the_articles() {
    let dir = std::env::var_os("INNOGRAPH_SOURCES")
        .expect("INNOGRAPH_SOURCES names the folder holding the five article files");
    let dir = std::path::Path::new(&dir);
    let text = |article: Article| {
        let path = dir.join(article.1);
        normalise(
            &std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        )
    };
    let texts: Vec<(Article, String)> = ARTICLES.iter().map(|&a| (a, text(a))).collect();
    let article_text = |a: Article| &texts.iter().find(|(x, _)| *x == a).expect("known").1;
    let quoted = |a: Article, quote: &str, what: &str| {
        for piece in quote.split(" … ") {
            assert!(
                article_text(a).contains(&normalise(piece)),
                "{}: {what}: {piece:?} is not in {}",
                a.0,
                a.1
            );
        }
    };
    for &(a, says, entity, metric, _, _, _, wording) in FIGURES {
        quoted(a, says, &format!("{entity} {metric}"));
        // The kept wording is the article's own words at that place: each
        // comma-separated part is words of the quote, in order.
        if let Some(w) = wording {
            for part in w.split(", ") {
                assert!(
                    in_order(&words(part), &words(says)),
                    "{entity} {metric}: wording {part:?} is not words of {says:?}"
                );
            }
        }
    }
    for &(a, says, from, ty, to, _) in RELATIONS {
        quoted(a, says, &format!("{from} -{ty}-> {to}"));
    }
}

#[tokio::test]
async fn every_record_cites_a_source() {
    let store = innograph::load::builtin().unwrap();
    for ix in store.nodes() {
        let e = store.entity(ix);
        assert!(!e.sources.is_empty(), "{} cites nothing", e.id);
        for f in &e.facts {
            assert!(!f.sources.is_empty(), "a fact of {} cites nothing", e.id);
        }
    }
    for r in store.edges().map(|e| store.relation_data(e)) {
        assert!(!r.sources.is_empty());
    }
    assert!(store.entity_count() > 100);
    assert_eq!(store.fact_count(), FIGURES.len());
}

// --- the corrections of the data review --------------------------------------

#[test]
fn the_curated_data_gives_no_warnings() {
    let loaded = innograph::load::check_builtin().expect("built-in data loads");
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[tokio::test]
async fn nothing_leads_a_place_and_deputies_hold_offices() {
    let server = TestServer::builtin();
    for place in ["region/shanghai", "region/yangpu"] {
        let leads: Vec<_> = relations(&server, place, "INCOMING")
            .await
            .into_iter()
            .filter(|(t, _, _)| t == "LEADS")
            .collect();
        assert!(leads.is_empty(), "{place} is led: {leads:?}");
    }
    // Every person's LEADS ends at a body or company, never with a deputy's title.
    let d = server
        .data(
            "{ entities(kinds: [PERSON], first: 100) { edges { node { id ... on Person { roles { title organization { id kind } relation { type } } } } } } }",
            Value::Null,
        )
        .await;
    let mut offices = Vec::new();
    for e in d["entities"]["edges"].as_array().unwrap() {
        for r in e["node"]["roles"].as_array().unwrap() {
            let title = r["title"].as_str().unwrap_or_default().to_lowercase();
            if r["relation"]["type"] == "LEADS" {
                assert_ne!(r["organization"]["kind"], "REGION", "{e}");
                assert!(!title.contains("deputy") && !title.contains("vice"), "{e}");
            } else {
                offices.push((e["node"]["id"].clone(), title));
            }
        }
    }
    assert!(offices.contains(&(json!("person/wu-qing"), "vice mayor".into())));
    assert!(offices.contains(&(json!("person/xie-jiangang"), "deputy secretary".into())));
    // Shanghai's office holders are reachable from the city.
    let d = server
        .data(
            r#"{ entity(id: "region/shanghai") { ... on Region { officials { edges { node { id } } } leaders { totalCount } } } }"#,
            Value::Null,
        )
        .await;
    let officials: Vec<&str> = d["entity"]["officials"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(officials, ["person/gong-zheng", "person/wu-qing"]);
    assert_eq!(d["entity"]["leaders"]["totalCount"], 0);
}

#[tokio::test]
async fn the_kuai_niu_security_team_reads_as_approximate_in_the_articles_words() {
    let server = TestServer::builtin();
    let f = fact(&server, "company/kuai-niu", "security_team_size").await;
    assert_eq!(f["value"], Value::Null, "no number is made up: {f}");
    assert_eq!(f["exact"], false);
    assert_eq!(f["approximate"], true);
    assert_eq!(f["qualifier"], "INDEFINITE");
    assert_eq!(f["wording"], "several hundred");
    assert_eq!(f["min"], 200.0, "the least 'several hundred' allows");
    assert_eq!(f["max"], Value::Null);
    assert_eq!(f["unit"], "people");
    // The same for the hub's "dozens of small offices".
    let f = fact(
        &server,
        "park/china-israel-innovation-hub",
        "small_startup_offices",
    )
    .await;
    assert_eq!(
        (&f["value"], &f["qualifier"], &f["wording"], &f["min"]),
        (
            &Value::Null,
            &json!("INDEFINITE"),
            &json!("dozens"),
            &json!(24.0)
        )
    );
}

#[tokio::test]
async fn a_range_is_one_fact_with_min_and_max() {
    let server = TestServer::builtin();
    let f = fact(
        &server,
        "region/yangpu",
        "incubation_success_rate_of_leading_maker_spaces",
    )
    .await;
    assert_eq!(f["qualifier"], "RANGE");
    assert_eq!(f["value"], Value::Null);
    assert_eq!(
        (f["min"].as_f64(), f["max"].as_f64()),
        (Some(60.0), Some(70.0))
    );
    assert_eq!(f["exact"], false);
    assert_eq!(f["wording"], "60 percent to 70 percent");
    assert_eq!(f["unit"], "%");
    let f = fact(
        &server,
        "park/china-israel-innovation-hub",
        "rooms_per_tenant_unit",
    )
    .await;
    assert_eq!(
        (f["min"].as_f64(), f["max"].as_f64()),
        (Some(1.0), Some(2.0))
    );
    // Bounds derived from a qualifier: "over 1,100" is at least that, "up to" at most.
    let f = fact(&server, "region/changning", "entrepreneur_services").await;
    assert_eq!((f["min"].as_f64(), f["max"].as_f64()), (Some(1100.0), None));
    let f = fact(&server, "region/changning", "incubators").await;
    assert_eq!(
        (f["min"].as_f64(), f["max"].as_f64(), f["exact"].as_bool()),
        (Some(13.0), Some(13.0), Some(true))
    );
}

#[tokio::test]
async fn the_weeks_visitors_belong_to_its_shanghai_events() {
    let server = TestServer::builtin();
    let week = "event/national-mass-innovation-week-2017";
    let metrics: Vec<String> = facts_of(&server, week)
        .await
        .iter()
        .map(|f| f["metric"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        metrics,
        ["edition"],
        "the week itself has no visitor or event count"
    );
    let events = "event/mass-innovation-week-2017-shanghai-events";
    let f = fact(&server, events, "visitors").await;
    assert_eq!(
        (f["value"].as_f64(), &f["qualifier"]),
        (Some(150_000.0), &json!("OVER"))
    );
    let rels = relations(&server, events, "OUTGOING").await;
    assert!(
        rels.iter().any(|(t, o, _)| t == "HELD_DURING" && o == week),
        "{rels:?}"
    );
    assert!(
        rels.iter()
            .any(|(t, o, _)| t == "HELD_AT" && o == "region/shanghai"),
        "{rels:?}"
    );
    // The week's date is its closing day, and the month it was held is marked as inferred.
    let d = server
        .data(
            r#"{ entity(id: "event/national-mass-innovation-week-2017") { nameIsLabel ... on Event { closed date } attributes { key value inferred note } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(d["entity"]["closed"], "2017-09-21");
    let date = d["entity"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "date")
        .cloned()
        .expect("a date attribute");
    assert_eq!(
        (&date["value"], &date["inferred"]),
        (&json!("2017-09"), &json!(true))
    );
    assert_eq!(d["entity"]["nameIsLabel"], false);
}

#[tokio::test]
async fn points_in_time_are_not_periods() {
    let server = TestServer::builtin();
    let f = fact(&server, "region/shanghai", "startups_in_incubation_spaces").await;
    assert_eq!(f["asOf"], "2017-06", "by the first half of 2017");
    assert_eq!(f["covers"], Value::Null);
    let f = fact(&server, "region/yangpu", "fiscal_revenue").await;
    assert_eq!(f["covers"], "2017-01..2017-08");
    assert_eq!(f["asOf"], Value::Null);
}

#[tokio::test]
async fn descriptive_labels_are_marked_as_such() {
    let server = TestServer::builtin();
    for id in [
        "policy/yangpu-digital-ecosystem-plan",
        "region/yangpu-coastline",
        "institution/changning-service-alliance",
        "policy/national-mass-innovation-support-fund",
        "project/jingan-iot-project",
        "policy/shanghai-2023-growth-target",
        "event/mass-innovation-week-2017-shanghai-events",
    ] {
        let d = server
            .data(
                "query($id: ID!) { entity(id: $id) { name nameIsLabel names { value kind label note } } }",
                json!({ "id": id }),
            )
            .await;
        let e = &d["entity"];
        assert_eq!(e["nameIsLabel"], true, "{id}");
        let first = &e["names"][0];
        assert_eq!(
            (&first["kind"], &first["value"]),
            (&json!("NAME"), &e["name"]),
            "{id}"
        );
        assert_eq!(first["label"], true, "{id}");
        assert!(
            first["note"].as_str().is_some_and(|n| !n.is_empty()),
            "{id}"
        );
    }
    let d = server
        .data(
            r#"{ entity(id: "region/yangpu") { nameIsLabel names { label } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(d["entity"]["nameIsLabel"], false);
    assert!(d["entity"]["names"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["label"] == false));
}

/// Every relation between `a` and `b`, as (type, direction seen from `a`), sorted.
async fn between(server: &TestServer, a: &str, b: &str) -> Vec<(String, String)> {
    let d = server
        .data(
            "query($id: ID!) { entity(id: $id) { relations(direction: BOTH, first: 100) { totalCount edges { node { type direction other { id } } } } } }",
            json!({ "id": a }),
        )
        .await;
    let conn = &d["entity"]["relations"];
    let edges = conn["edges"].as_array().expect("edges");
    assert_eq!(
        conn["totalCount"].as_u64(),
        Some(edges.len() as u64),
        "{a}: more than a page"
    );
    let mut out: Vec<(String, String)> = edges
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["other"]["id"] == b)
        .map(|n| {
            let s = |v: &Value| v.as_str().expect("string").to_owned();
            (s(&n["type"]), s(&n["direction"]))
        })
        .collect();
    out.sort();
    out
}

/// Pairs of (type, direction) as `between` gives them.
fn rels(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(t, d)| (t.to_string(), d.to_string()))
        .collect()
}

/// (type, other id) pairs, sorted.
fn typed(rels: &[(String, String, Value)]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = rels
        .iter()
        .map(|(t, o, _)| (t.as_str(), o.as_str()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn relations_the_articles_do_not_support_are_gone() {
    let server = TestServer::builtin();
    // The Hongqiao hub is not put inside Shanghai, nor called a city zone.
    let hub = "region/hongqiao-international-open-hub";
    let out = relations(&server, hub, "OUTGOING").await;
    assert!(out.is_empty(), "{out:?}");
    // Hongqiao Smart Valley draws startups from the delta, and has nothing
    // to do with the alliance (the article does not say so).
    let hsv = "park/hongqiao-smart-valley";
    assert_eq!(
        between(&server, hsv, "region/yangtze-river-delta").await,
        rels(&[("ATTRACTS_FROM", "OUTGOING")])
    );
    assert_eq!(
        between(&server, hsv, "institution/changning-service-alliance").await,
        rels(&[])
    );
    // No institute "developed" a project by list order: each only worked
    // with the district government (and the 23rd institute is CETC's).
    for (institute, own) in [
        (
            "institution/cetc-23rd-institute",
            &[("AFFILIATED_WITH", "company/cetc")][..],
        ),
        (
            "institution/shanghai-electric-cable-research-institute",
            &[],
        ),
        (
            "institution/shanghai-electric-control-research-institute",
            &[],
        ),
    ] {
        let out = relations(&server, institute, "OUTGOING").await;
        assert_eq!(typed(&out), own, "{institute}");
        let inc = relations(&server, institute, "INCOMING").await;
        assert_eq!(
            typed(&inc),
            [("WORKED_WITH", "institution/yangpu-district-government")],
            "{institute}"
        );
    }
    // The THZ platform is not USST's.
    assert_eq!(
        between(
            &server,
            "project/thz-spectrum-image-platform",
            "institution/usst"
        )
        .await,
        rels(&[])
    );
    // The two agreements have no guessed signatories (nothing points at
    // them), are tied to the meeting, and are about what their names say.
    for (agreement, about) in [
        (
            "policy/city-district-cooperation-framework-agreement",
            "project/yangpu-innovation-drive-demonstration-zone",
        ),
        (
            "policy/tech-achievement-transformation-agreement",
            "policy/cast-innovation-drive-support-project",
        ),
    ] {
        let inc = relations(&server, agreement, "INCOMING").await;
        assert!(inc.is_empty(), "{agreement}: {inc:?}");
        let out = relations(&server, agreement, "OUTGOING").await;
        assert_eq!(
            typed(&out),
            [
                ("APPLIES_TO", about),
                ("SIGNED_AT", "event/cast-onsite-meeting-2017")
            ],
            "{agreement}"
        );
    }
    // The FDI drive is in line with the growth target, not part of it.
    assert_eq!(
        between(
            &server,
            "policy/yangpu-fdi-drive",
            "policy/shanghai-2023-growth-target"
        )
        .await,
        rels(&[("ALIGNS_WITH", "OUTGOING")])
    );
    // Yangpu works towards the pilot-area status; it is not designated as it.
    assert_eq!(
        between(
            &server,
            "region/yangpu",
            "policy/national-innovative-urban-pilot-area"
        )
        .await,
        rels(&[("WORKS_TOWARDS", "OUTGOING")])
    );
    // The China-Israel cooperation carries no invented start date.
    assert_eq!(
        between(&server, "region/china", "region/israel").await,
        rels(&[("PARTNERS_WITH", "OUTGOING")])
    );
    let out = relations(&server, "region/china", "OUTGOING").await;
    let (_, _, coop) = out
        .iter()
        .find(|(t, o, _)| t == "PARTNERS_WITH" && o == "region/israel")
        .expect("China partners with Israel");
    assert_eq!(coop["date"], Value::Null);
    // The week was held at Yangpu's venue; Yangpu did not organise it:
    // what points at the week is exactly this.
    let inc = relations(
        &server,
        "event/national-mass-innovation-week-2017",
        "INCOMING",
    )
    .await;
    assert_eq!(
        typed(&inc),
        [
            ("HELD_DURING", "event/horizon-of-maker-festival-2017"),
            (
                "HELD_DURING",
                "event/mass-innovation-week-2017-shanghai-events"
            ),
            ("HOSTS", "region/yangpu"),
            ("PARTICIPATES_IN", "institution/yangpu-district-government"),
            ("PARTICIPATES_IN", "project/innovation-elements-of-yangpu"),
        ]
    );
}

#[tokio::test]
async fn the_place_does_not_act_its_government_does() {
    let server = TestServer::builtin();
    let acts = [
        "ISSUED",
        "SIGNED",
        "DEVELOPED",
        "ORGANIZES",
        "FUNDS",
        "WORKED_WITH",
        "DRAWS_ON",
        "PARTNERS_WITH",
    ];
    let rels = relations(&server, "region/yangpu", "OUTGOING").await;
    let acted: Vec<_> = rels
        .iter()
        .filter(|(t, _, _)| acts.contains(&t.as_str()))
        .collect();
    assert!(acted.is_empty(), "Yangpu the place acts: {acted:?}");
    let rels = relations(
        &server,
        "institution/yangpu-district-government",
        "OUTGOING",
    )
    .await;
    let acted = rels
        .iter()
        .filter(|(t, _, _)| acts.contains(&t.as_str()))
        .count();
    assert!(acted >= 15, "the government acts {acted} times");
    assert!(rels
        .iter()
        .any(|(t, o, _)| t == "GOVERNS" && o == "region/yangpu"));
    // Where the article says "Yangpu", the government's acts are marked as a reading.
    for (t, _, n) in &rels {
        if acts.contains(&t.as_str()) {
            assert_eq!(n["inferred"], true, "{n}");
        }
    }
}

#[tokio::test]
async fn no_pair_says_one_thing_twice_or_its_opposite() {
    let server = TestServer::builtin();
    // Fudan and Tongji are near Yangpu; SIMIC Valley was developed by SIMIT;
    // NETC is in Yangpu: each said once.
    for (id, other) in [
        ("institution/fudan-university", "region/yangpu"),
        ("institution/tongji-university", "region/yangpu"),
        ("park/simic-valley", "institution/simit"),
        ("institution/netc", "region/yangpu"),
        ("event/google-demo-day-shanghai", "region/shanghai"),
    ] {
        let rels: Vec<_> = relations(&server, id, "BOTH")
            .await
            .into_iter()
            .filter(|(_, o, _)| o == other)
            .map(|(t, _, _)| t)
            .collect();
        assert_eq!(rels.len(), 1, "{id} and {other}: {rels:?}");
    }
    // The 500,000 IoT devices are stated once, on Jing'an.
    let d = server
        .data(
            r#"{ a: entity(id: "project/jingan-iot-project") { facts { metric } } b: entity(id: "region/jingan") { facts { metric } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(d["a"]["facts"], json!([]));
    assert_eq!(
        d["b"]["facts"],
        json!([{ "metric": "iot_devices_adopted" }])
    );
    // Shanghai holds no count of demonstration bases that would contradict
    // SIMIT and Hongqiao Smart Valley being pilot bases: its figures are
    // exactly those the articles give it.
    let metrics: BTreeSet<String> = facts_of(&server, "region/shanghai")
        .await
        .iter()
        .map(|f| f["metric"].as_str().unwrap().to_owned())
        .collect();
    let given: BTreeSet<String> = FIGURES
        .iter()
        .filter(|f| f.2 == "region/shanghai")
        .map(|f| f.3.to_owned())
        .collect();
    assert_eq!(metrics, given);
}

#[tokio::test]
async fn named_things_are_entities() {
    let server = TestServer::builtin();
    for (id, name) in [
        ("event/covid-19-pandemic", "COVID-19 pandemic"),
        ("event/european-cup", "European Cup"),
        (
            "project/yangpu-innovation-drive-demonstration-zone",
            "Yangpu Innovation Drive Support Project Demonstration Zone",
        ),
        (
            "policy/one-corridor-one-circle-one-valley-one-park",
            "One Corridor, One Circle, One Valley and One Park",
        ),
        (
            "policy/citywide-efforts-on-innovation",
            "Citywide Efforts on Innovation",
        ),
        (
            "policy/tri-zone-linkage-and-innovation-drive",
            "Tri-Zone Linkage and Innovation Drive",
        ),
        (
            "project/innovation-elements-of-yangpu",
            "Innovation Elements of Yangpu",
        ),
    ] {
        let d = server
            .data(
                "query($id: ID!) { entity(id: $id) { name sources { id } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(d["entity"]["name"], name, "{id}");
        assert!(!d["entity"]["sources"].as_array().unwrap().is_empty());
    }
    // The ambiguous roadshow capacity and headquarters area say so.
    let f = fact(
        &server,
        "park/china-israel-innovation-hub",
        "roadshow_centre_capacity",
    )
    .await;
    assert!(f["note"].as_str().unwrap().contains("each"), "{f}");
    let f = fact(
        &server,
        "park/china-israel-innovation-hub",
        "headquarters_and_exhibition_area",
    )
    .await;
    assert!(f["note"].as_str().unwrap().contains("Mantis Vision"), "{f}");
    let mantis: Vec<String> = facts_of(&server, "company/mantis-vision")
        .await
        .iter()
        .map(|f| f["metric"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(mantis, ["months_to_decide_on_hub"]);
}
