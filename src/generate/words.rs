//! The word lists names, descriptions and properties are drawn from (Latin
//! script only; no invented Chinese names).

#[rustfmt::skip]
pub(super) const DISTRICTS: &[&str] = &[
    "Pudong", "Huangpu", "Xuhui", "Changning", "Jing'an", "Putuo", "Hongkou", "Yangpu", "Minhang",
    "Baoshan", "Jiading", "Jinshan", "Songjiang", "Qingpu", "Fengxian", "Chongming",
];

#[rustfmt::skip]
pub(super) const PLACES: &[&str] = &[
    "Zhangjiang", "Lingang", "Caohejing", "Hongqiao", "Jinqiao", "Waigaoqiao", "Songjiang",
    "Jiading", "Minhang", "Yangpu", "Xuhui", "Wujiaochang", "Qiantan", "Xinzhuang", "Anting",
    "Nanxiang", "Malu", "Zhoupu", "Huinan", "Sheshan", "Zizhu", "Pujiang", "Tangzhen", "Zhangmiao",
    "Dachang", "Gaoqiao", "Baoshan", "Qingpu", "Fengxian", "Jinshan", "Chongming", "Zhujiajiao",
    "Xujing", "Jiuting", "Sijing", "Chedun", "Luojing", "Wusong", "Beicai", "Kangqiao", "Chuansha",
    "Tangqiao", "Lujiazui", "Suhe", "Xintiandi", "Hengshan", "Dishui Lake", "Shibei", "Hongkou",
    "Putuo", "Changning", "Huangpu", "Fengjing", "Zhuqiao", "Nicheng", "Shanghai",
];

#[rustfmt::skip]
pub(super) const TECH: &[&str] = &[
    "Artificial Intelligence", "Robotics", "Biomedicine", "Semiconductor", "Quantum",
    "Integrated Circuit", "New Energy", "Fintech", "Big Data", "Smart Manufacturing",
    "Autonomous Driving", "Blockchain", "Cloud Computing", "Internet of Things", "Medical Device",
    "Hydrogen", "Battery", "Photonics", "Aerospace", "Drone", "Genomics", "Advanced Materials",
    "Nanotechnology", "Clean Tech", "Education Technology", "Digital Health", "Virtual Reality",
    "Augmented Reality", "5G", "Cybersecurity", "Software", "E-commerce", "Logistics", "Agritech",
    "Marine Engineering", "Satellite", "Lidar", "Sensor", "Chip Design", "Optics", "Display",
    "Precision Instrument", "Brain Science", "Synthetic Biology", "Cell Therapy", "Pharmaceutical",
    "Green Building", "Carbon Neutral", "Energy Storage", "Smart City", "Creative Design",
    "Gaming", "Animation", "Food Tech", "Industrial Internet", "Machine Vision",
    "Speech Recognition", "Computing Power", "Edge Computing", "Digital Twin", "Metaverse",
    "Biochip", "Vaccine", "Diagnostics", "Wearable", "Smart Home", "New Retail",
    "Cultural Creative", "Fashion Tech", "Legal Tech", "Insurtech", "Supply Chain", "Ocean Tech",
    "Rare Disease", "Electric Vehicle", "3D Printing",
];

#[rustfmt::skip]
pub(super) const COMPANY_SUFFIXES: &[&str] = &[
    "Technology Co.", "Co., Ltd.", "Technology Co., Ltd.", "Information Technology Co.",
    "Intelligent Technology Co.", "Science and Technology Co.", "Holdings", "Labs", "Group",
    "Systems", "Network Technology Co.", "Innovation Co.", "Industrial Co.", "Biotech Co.",
];

pub(super) const COMPANY_SUBTYPES: &[(&str, usize)] = &[
    ("startup", 60),
    ("private", 25),
    ("state-owned", 6),
    ("joint-venture", 4),
    ("foreign-invested", 4),
    ("factory", 1),
];

pub(super) const PARK_SUFFIXES: &[(&str, &str)] = &[
    ("Innovation Park", "science-park"),
    ("Science Park", "science-park"),
    ("Hi-Tech Park", "science-park"),
    ("Industrial Park", "science-park"),
    ("Incubator", "incubator"),
    ("Accelerator", "incubator"),
    ("Maker Space", "maker-space"),
    ("Innovation Block", "innovation-block"),
    ("Innovation Space", "innovation-space"),
    ("Innovation Hub", "innovation-space"),
    ("Innovation Zone", "innovation-area"),
    ("Valley", "innovation-area"),
];

#[rustfmt::skip]
pub(super) const BRAND_HEAD: &[&str] = &[
    "Xin", "Hua", "Bo", "Rui", "Tian", "Zhi", "Yun", "Jing", "Hai", "Ke", "Chuang", "Long", "Feng",
    "Da", "Heng", "Sheng", "Yi", "Mei", "Wei", "Teng", "Ming", "Guang", "Tong", "Jia", "Kai",
    "Xing", "Yu", "Zhong", "An", "Cheng", "Lan", "Hong", "Qi", "Ling", "Shu", "Ze",
];

#[rustfmt::skip]
pub(super) const BRAND_TAIL: &[&str] = &[
    "rui", "yuan", "xin", "hua", "tong", "da", "ke", "lian", "sheng", "chuang", "jing", "feng",
    "wei", "yun", "kang", "tai", "neng", "zhi", "an", "xun", "chen", "yang", "fei", "lan", "ming",
    "bo", "hong", "mai", "tu", "qi", "sen", "hao", "jie", "tian", "rong", "pu",
];

#[rustfmt::skip]
pub(super) const TOWN_HEAD: &[&str] = &[
    "Zhu", "Jin", "Xin", "Hua", "Feng", "Ma", "Tang", "Zhang", "Nan", "Bei", "Dong", "Xi", "Qing",
    "Song", "Luo", "Gao", "Hong", "Chang", "Wu", "Jiang", "Lu", "Shen", "Pu", "Qi", "Zhou", "Yang",
    "He", "Shi", "Bai", "Lin",
];

#[rustfmt::skip]
pub(super) const TOWN_TAIL: &[&str] = &[
    "jia", "qiao", "zhuang", "ting", "xiang", "lu", "pu", "hui", "shan", "zhu", "tang", "miao",
    "chang", "gang", "jing", "dian", "wan", "zhen", "yuan", "cun", "tan", "ling", "he", "feng",
    "hu", "an", "sha", "du", "kou", "jiao",
];

#[rustfmt::skip]
pub(super) const FAMILY: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Qian", "Fang",
    "Jin", "Tan", "Shi", "Lei", "Gu", "Hou", "Meng", "Bai", "Kong", "Smith", "Mueller", "Tanaka",
    "Kim", "Nguyen", "Garcia", "Rossi", "Dubois", "Brown", "Schmidt",
];

#[rustfmt::skip]
pub(super) const GIVEN_HEAD: &[&str] = &[
    "Wei", "Jian", "Xiao", "Hai", "Li", "Min", "Jing", "Yan", "Hong", "Lei", "Jun", "Ping", "Hui",
    "Ying", "Tao", "Bin", "Qiang", "Yu", "Fang", "Lin", "Chen", "Hao", "Zhi", "Xin", "Rui", "Yi",
    "Ming", "Kai", "Dong", "Ning", "Guo", "Shu", "Xue", "Zhen", "Jia", "Wen", "Hua", "Qing",
    "Song", "Yue",
];

#[rustfmt::skip]
pub(super) const GIVEN_TAIL: &[&str] = &[
    "ming", "hua", "jun", "ling", "feng", "yu", "qing", "wen", "jie", "yang", "ping", "hong",
    "fei", "lan", "hao", "xin", "yi", "bo", "tao", "rong", "jia", "chen", "an", "long", "wei",
    "qiang", "jing", "mei", "zhe", "kun", "sheng", "xuan", "ting", "yao", "han", "lei",
];

#[rustfmt::skip]
pub(super) const WESTERN_GIVEN: &[&str] = &[
    "Anna", "David", "Michael", "Sarah", "Thomas", "Maria", "James", "Laura", "Peter", "Julia",
    "Daniel", "Emma", "Kenji", "Min-jun", "Lucas", "Sophie",
];

#[rustfmt::skip]
pub(super) const TITLES: &[&str] = &[
    "CEO", "Founder", "Chairman", "General Manager", "President", "Director", "CTO", "Dean",
    "Chief Scientist", "Secretary-General", "Partner", "Head",
];

pub(super) const INVESTOR_ROLES: &[&str] =
    &["lead investor", "angel investor", "strategic investor"];

#[rustfmt::skip]
pub(super) const MEMBER_ROLES: &[&str] = &[
    "founding member", "exhibitor", "sponsor", "co-organiser", "council member",
    "pilot participant",
];

pub(super) const SPEAKER_ROLES: &[&str] = &["keynote speaker", "panellist", "moderator"];

#[rustfmt::skip]
pub(super) const PARTNER_NOTES: &[&str] = &[
    "Joint laboratory.", "Strategic cooperation agreement.", "Co-developed products.",
    "Shared pilot line.",
];

#[rustfmt::skip]
/// Words without a number, with the lower bound they imply (if any).
pub(super) const INDEFINITE_WORDINGS: &[(&str, Option<u64>)] = &[
    ("dozens", Some(24)),
    ("several hundred", Some(200)),
    ("hundreds", Some(200)),
    ("a few", None),
];

pub(super) const FACT_NOTES: &[&str] = &[
    "As reported at the launch.",
    "Includes branch sites.",
    "Estimate.",
    "Cumulative since founding.",
];

#[rustfmt::skip]
pub(super) const MARKETS: &[&str] = &[
    "hospitals", "carmakers", "retailers", "banks", "factories", "city governments",
    "logistics firms", "schools", "chip makers", "farms", "energy utilities", "consumers",
];

#[rustfmt::skip]
pub(super) const BENEFITS: &[&str] = &[
    "rent subsidies", "tax breaks", "talent housing", "R&D grants", "loan guarantees",
    "fast-track approvals",
];

#[rustfmt::skip]
pub(super) const RESOURCES: &[&str] = &[
    "laboratories", "computing power", "test sites", "data sets", "equipment", "pilot lines",
];

#[rustfmt::skip]
pub(super) const THEMES: &[&str] = &[
    "Smart city", "Green development", "Digital economy", "Open innovation", "AI for good",
    "Future industries", "Talent and entrepreneurship", "Carbon neutrality", "Life sciences",
    "Cross-border cooperation",
];

pub(super) const STREETS: &[&str] = &["Road", "Street", "Avenue", "Lane"];

pub(super) const PARK_STATUS: &[&str] =
    &["in operation", "planned", "under construction", "expanding"];

pub(super) const POLICY_STATUS: &[&str] = &["in force", "expired", "draft", "revised"];

pub(super) const PROJECT_STATUS: &[&str] = &["planned", "in progress", "completed", "suspended"];

#[rustfmt::skip]
pub(super) const OUTLETS: &[&str] = &[
    "Synthetic Daily", "Example Tech Review", "Sample Business Weekly", "Demo News Network",
];
