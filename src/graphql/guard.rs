//! Limits checked on a GraphQL document before it is executed.
//!
//! async-graphql's own limits run during validation and miss some attacks:
//! fragments that each spread the next several times make it do work
//! exponential in the document's size before its complexity check rejects
//! anything, and `__typename` aliases cost nothing. The guard works in two
//! passes, each linear in the document:
//!
//! 1. [`scan`] reads the raw text: bytes, tokens and bracket nesting (so the
//!    parser never meets a document that would recurse too deeply).
//! 2. [`check`] walks the parsed document, computing each fragment's cost
//!    once (memoised) and failing on a fragment cycle, and counts what the
//!    document would make the server do: depth, aliases, root fields,
//!    directives, expanded selections and complexity, where a field with a
//!    `first`, `last` or `limit` argument multiplies its children's cost
//!    (and so does the length of a federation `_entities` field's
//!    `representations`).
//!
//! An argument out of its range (`first: 101`) is not the guard's
//! business: the field refuses it as a field error, with its path, and the
//! rest of the document is answered. The guard costs such a field as if it
//! asked for the most the field allows.
//!
//! ```
//! use innograph::graphql::guard::{check_query, Limits};
//! let limits = Limits::default();
//! let cost = check_query("{ entity(id: \"region/yangpu\") { name } }", &Default::default(), &limits).unwrap();
//! assert_eq!((cost.depth, cost.selections), (2, 2));
//! let deep = format!("{}{}", "{ a ".repeat(40), "}".repeat(40));
//! let err = check_query(&deep, &Default::default(), &limits).unwrap_err();
//! assert_eq!(err.code().as_str(), "MAX_DEPTH");
//! ```

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Variables};
use async_graphql_value::{ConstValue, Value};

use super::code::ErrorCode;
use super::limits::{MAX_NEIGHBORHOOD, MAX_REPRESENTATIONS};
use super::pagination::MAX_FIRST;

mod scan;
pub use scan::scan;

/// The limits, with defaults that admit every example operation and the
/// playground's introspection query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Most lexical tokens in the document.
    pub max_tokens: usize,
    /// Deepest nesting of fields (a top-level field is at depth 1).
    pub max_depth: usize,
    /// Most aliased fields, counted with fragments expanded.
    pub max_aliases: u64,
    /// Most fields at the top of one operation.
    pub max_root_fields: usize,
    /// Most directives, counted with fragments expanded.
    pub max_directives: u64,
    /// Most field selections with every fragment expanded.
    pub max_selections: u64,
    /// Highest complexity: each field costs 1, and a field's children cost
    /// as many times as its `first`/`last`/`limit` argument asks.
    pub max_complexity: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024,
            max_tokens: 5_000,
            max_depth: 16,
            max_aliases: 50,
            max_root_fields: 20,
            max_directives: 50,
            max_selections: 2_000,
            max_complexity: 50_000,
        }
    }
}

/// What a document would cost, as counted by the guard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cost {
    /// Bytes of the document.
    pub bytes: usize,
    /// Lexical tokens.
    pub tokens: usize,
    /// Deepest field nesting.
    pub depth: usize,
    /// Aliased fields, fragments expanded.
    pub aliases: u64,
    /// Top-level fields of the largest operation.
    pub root_fields: usize,
    /// Directives, fragments expanded.
    pub directives: u64,
    /// Field selections, fragments expanded.
    pub selections: u64,
    /// Complexity (see [`Limits::max_complexity`]).
    pub complexity: u64,
}

/// Why a document was refused. [`Rejection::code`] is the
/// `extensions.code` a client sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The document is too long.
    #[error("the document is {size} bytes; the limit is {max}")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The document has too many tokens.
    #[error("the document has more than {max} tokens")]
    TooManyTokens {
        /// The limit.
        max: usize,
    },
    /// Fields (or brackets) nest too deeply.
    #[error("the document nests {depth} levels deep; the limit is {max}")]
    TooDeep {
        /// How deep it goes (at least).
        depth: usize,
        /// The limit.
        max: usize,
    },
    /// Too many aliases.
    #[error("the document uses {count} aliases (fragments expanded); the limit is {max}")]
    TooManyAliases {
        /// How many.
        count: u64,
        /// The limit.
        max: u64,
    },
    /// Too many fields at the top of an operation.
    #[error("an operation selects {count} top-level fields; the limit is {max}")]
    TooManyRootFields {
        /// How many.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// Too many directives.
    #[error("the document uses {count} directives (fragments expanded); the limit is {max}")]
    TooManyDirectives {
        /// How many.
        count: u64,
        /// The limit.
        max: u64,
    },
    /// Too many selections once fragments are expanded.
    #[error("the document selects {count} fields once fragments are expanded; the limit is {max}")]
    TooManySelections {
        /// How many (saturating).
        count: u64,
        /// The limit.
        max: u64,
    },
    /// Too complex.
    #[error("the document's complexity is {count}; the limit is {max}")]
    TooComplex {
        /// The complexity (saturating).
        count: u64,
        /// The limit.
        max: u64,
    },
    /// A fragment spreads itself, directly or through others.
    #[error("fragment `{0}` spreads itself")]
    FragmentCycle(String),
}

impl Rejection {
    /// The error code clients see in `extensions.code`.
    pub fn code(&self) -> ErrorCode {
        match self {
            Rejection::TooLarge { .. } => ErrorCode::MaxBytes,
            Rejection::TooManyTokens { .. } => ErrorCode::MaxTokens,
            Rejection::TooDeep { .. } => ErrorCode::MaxDepth,
            Rejection::TooManyAliases { .. } => ErrorCode::MaxAliases,
            Rejection::TooManyRootFields { .. } => ErrorCode::MaxRootFields,
            Rejection::TooManyDirectives { .. } => ErrorCode::MaxDirectives,
            Rejection::TooManySelections { .. } => ErrorCode::MaxSelections,
            Rejection::TooComplex { .. } => ErrorCode::MaxComplexity,
            Rejection::FragmentCycle(_) => ErrorCode::FragmentCycle,
        }
    }
}

/// The cost of a selection set (or a fragment), fragments expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    depth: usize,
    aliases: u64,
    directives: u64,
    selections: u64,
    complexity: u64,
}

impl Summary {
    fn add(&mut self, other: Summary) {
        self.depth = self.depth.max(other.depth);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.selections = self.selections.saturating_add(other.selections);
        self.complexity = self.complexity.saturating_add(other.complexity);
    }
}

/// A fragment's state during the walk.
#[derive(Clone, Copy)]
enum Memo {
    /// Being summarised (seeing it again means a cycle).
    Open,
    /// Done.
    Done(Summary),
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    memo: HashMap<&'a Name, Memo>,
    /// A variable's value was read (the verdict may differ for others).
    read_variable: bool,
}

impl<'a> Walk<'a> {
    fn set(&mut self, set: &'a SelectionSet, level: usize) -> Result<Summary, Rejection> {
        let mut total = Summary::default();
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let children = if level > 64 {
                        // The scan bounds nesting; this is a second fence.
                        Summary::default()
                    } else {
                        self.set(&field.selection_set.node, level + 1)?
                    };
                    let mut times = 1u64;
                    for (name, value) in &field.arguments {
                        // Out of range, the field refuses the value and
                        // runs nothing below it; cost it at its most.
                        let (n, most) = match name.node.as_str() {
                            "first" | "last" => (self.int(&value.node), MAX_FIRST as i64),
                            "limit" => (self.int(&value.node), i64::from(MAX_NEIGHBORHOOD)),
                            // Federation: each entity costs its selection.
                            "representations" if field.name.node == "_entities" => {
                                (self.len(&value.node), MAX_REPRESENTATIONS as i64)
                            }
                            _ => continue,
                        };
                        let Some(n) = n else {
                            continue;
                        };
                        times = times.max(n.clamp(1, most) as u64);
                    }
                    total.add(Summary {
                        depth: children.depth + 1,
                        aliases: children
                            .aliases
                            .saturating_add(u64::from(field.alias.is_some())),
                        directives: children
                            .directives
                            .saturating_add(field.directives.len() as u64),
                        selections: children.selections.saturating_add(1),
                        complexity: children.complexity.saturating_mul(times).saturating_add(1),
                    });
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let mut s = self.set(&inline.selection_set.node, level)?;
                    s.directives = s.directives.saturating_add(inline.directives.len() as u64);
                    total.add(s);
                }
                Selection::FragmentSpread(spread) => {
                    let spread = &spread.node;
                    let mut s = self.fragment(&spread.fragment_name.node, level)?;
                    s.directives = s.directives.saturating_add(spread.directives.len() as u64);
                    total.add(s);
                }
            }
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a Name, level: usize) -> Result<Summary, Rejection> {
        match self.memo.get(name) {
            Some(Memo::Done(s)) => return Ok(*s),
            Some(Memo::Open) => return Err(Rejection::FragmentCycle(name.to_string())),
            None => {}
        }
        // An unknown fragment costs nothing here; validation reports it.
        let Some(def) = self.doc.fragments.get(name) else {
            return Ok(Summary::default());
        };
        self.memo.insert(name, Memo::Open);
        let mut s = self.set(&def.node.selection_set.node, level)?;
        s.directives = s
            .directives
            .saturating_add(def.node.directives.len() as u64);
        self.memo.insert(name, Memo::Done(s));
        Ok(s)
    }

    /// The length of a list literal, or of a list a variable holds.
    fn len(&mut self, v: &Value) -> Option<i64> {
        match v {
            Value::Variable(name) => {
                self.read_variable = true;
                match self.variables.get(name) {
                    Some(ConstValue::List(items)) => Some(items.len() as i64),
                    _ => None,
                }
            }
            Value::List(items) => Some(items.len() as i64),
            _ => None,
        }
    }

    /// An integer literal, or a variable holding one.
    fn int(&mut self, v: &Value) -> Option<i64> {
        match v {
            Value::Variable(name) => {
                self.read_variable = true;
                match self.variables.get(name) {
                    Some(ConstValue::Number(n)) => n.as_i64(),
                    _ => None,
                }
            }
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
}

/// Pass 2: walks a parsed document and fails on the first limit it passes.
/// `scanned` is what [`scan`] found for its text.
pub fn check(
    doc: &ExecutableDocument,
    variables: &Variables,
    limits: &Limits,
    scanned: Cost,
) -> Result<Cost, Rejection> {
    check_reading(doc, variables, limits, scanned).map(|(cost, _)| cost)
}

/// [`check`], also saying whether the walk read a variable's value (a
/// `first: $n`): if it did not, the verdict holds for any variables.
///
/// ```
/// use innograph::graphql::guard::{check_reading, scan, Limits};
/// let limits = Limits::default();
/// let read = |q: &str| {
///     let doc = async_graphql::parser::parse_query(q).unwrap();
///     check_reading(&doc, &Default::default(), &limits, scan(q, &limits).unwrap()).unwrap().1
/// };
/// assert!(!read("query($id: ID!) { entity(id: $id) { name } }"));
/// assert!(read("query($n: Int) { search(query: \"x\", first: $n) { totalCount } }"));
/// ```
pub fn check_reading(
    doc: &ExecutableDocument,
    variables: &Variables,
    limits: &Limits,
    scanned: Cost,
) -> Result<(Cost, bool), Rejection> {
    let mut walk = Walk {
        doc,
        variables,
        memo: HashMap::new(),
        read_variable: false,
    };
    let mut cost = scanned;
    let mut total = Summary::default();
    for (_, op) in doc.operations.iter() {
        let op = &op.node;
        let roots = op
            .selection_set
            .node
            .items
            .iter()
            .filter(|s| matches!(s.node, Selection::Field(_)))
            .count();
        cost.root_fields = cost.root_fields.max(roots);
        if roots > limits.max_root_fields {
            return Err(Rejection::TooManyRootFields {
                count: roots,
                max: limits.max_root_fields,
            });
        }
        let mut s = walk.set(&op.selection_set.node, 0)?;
        s.directives = s.directives.saturating_add(op.directives.len() as u64);
        total.add(s);
    }
    // Fragments no operation uses still cost their own size (and a cycle
    // among them is still refused).
    for name in doc.fragments.keys() {
        walk.fragment(name, 0)?;
    }
    cost.depth = total.depth;
    cost.aliases = total.aliases;
    cost.directives = total.directives;
    cost.selections = total.selections;
    cost.complexity = total.complexity;
    if cost.depth > limits.max_depth {
        return Err(Rejection::TooDeep {
            depth: cost.depth,
            max: limits.max_depth,
        });
    }
    if cost.aliases > limits.max_aliases {
        return Err(Rejection::TooManyAliases {
            count: cost.aliases,
            max: limits.max_aliases,
        });
    }
    if cost.directives > limits.max_directives {
        return Err(Rejection::TooManyDirectives {
            count: cost.directives,
            max: limits.max_directives,
        });
    }
    if cost.selections > limits.max_selections {
        return Err(Rejection::TooManySelections {
            count: cost.selections,
            max: limits.max_selections,
        });
    }
    if cost.complexity > limits.max_complexity {
        return Err(Rejection::TooComplex {
            count: cost.complexity,
            max: limits.max_complexity,
        });
    }
    Ok((cost, walk.read_variable))
}

/// Both passes on a query text. A document that does not parse passes the
/// guard (its cost is what the scan found): the executor reports the syntax
/// error with its position.
pub fn check_query(text: &str, variables: &Variables, limits: &Limits) -> Result<Cost, Rejection> {
    let scanned = scan(text, limits)?;
    match async_graphql::parser::parse_query(text) {
        Ok(doc) => check(&doc, variables, limits, scanned),
        Err(_) => Ok(scanned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Cost, Rejection> {
        check_query(text, &Variables::default(), &Limits::default())
    }

    /// `levels` fragments, each spreading the next `fan` times.
    fn fan_out(levels: usize, fan: usize) -> String {
        let mut doc = String::from("query { ...F0 }\n");
        for l in 0..levels {
            let spreads = format!("...F{} ", l + 1).repeat(fan);
            doc.push_str(&format!("fragment F{l} on Query {{ {spreads}}}\n"));
        }
        doc.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
        doc
    }

    #[test]
    fn counts_an_ordinary_query() {
        let cost = run("query($n: Int) { entities(first: 10) { edges { node { id name } } } }")
            .expect("within limits");
        assert_eq!(cost.depth, 4);
        assert_eq!(cost.selections, 5);
        // entities(1) + 10 × (edges(1) + node(1) + id(1) + name(1))
        assert_eq!(cost.complexity, 1 + 10 * 4);
    }

    #[test]
    fn refuses_exponential_fragment_fan_out_without_expanding_it() {
        // 2^60 and 16^15 expanded selections: a guard that expanded them
        // would never finish, so finishing is the check (no clock needed).
        for (levels, fan) in [(24, 2), (8, 16), (60, 2), (15, 16)] {
            let err = run(&fan_out(levels, fan)).expect_err("fan-out is refused");
            assert_eq!(
                err.code(),
                ErrorCode::MaxSelections,
                "{levels}x{fan}: {err}"
            );
        }
    }

    #[test]
    fn refuses_cycles_aliases_directives_roots_and_depth() {
        let cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert_eq!(run(cycle).unwrap_err().code().as_str(), "FRAGMENT_CYCLE");
        let aliases = format!(
            "{{ entity(id: \"x\") {{ {} }} }}",
            (0..60)
                .map(|i| format!("a{i}: __typename"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(run(&aliases).unwrap_err().code().as_str(), "MAX_ALIASES");
        let directives = format!("{{ __typename {} }}", "@include(if: true) ".repeat(60));
        assert_eq!(
            run(&directives).unwrap_err().code().as_str(),
            "MAX_DIRECTIVES"
        );
        let roots = format!("{{ {} }}", "__typename ".repeat(30));
        assert_eq!(run(&roots).unwrap_err().code().as_str(), "MAX_ROOT_FIELDS");
        let deep = format!("{}{}", "{ a ".repeat(17), "}".repeat(17));
        assert_eq!(run(&deep).unwrap_err().code().as_str(), "MAX_DEPTH");
        // Far deeper than the parser should ever see: refused by the scan.
        let very_deep = "[".repeat(10_000);
        assert_eq!(
            scan(&very_deep, &Limits::default()).unwrap_err().code(),
            ErrorCode::MaxDepth
        );
    }

    #[test]
    fn refuses_big_documents_before_parsing() {
        let long = format!("{{ {} }}", "a ".repeat(6_000));
        assert_eq!(run(&long).unwrap_err().code().as_str(), "MAX_TOKENS");
        let huge = "#".repeat(40_000);
        assert_eq!(run(&huge).unwrap_err().code().as_str(), "MAX_BYTES");
    }

    #[test]
    fn costs_list_fields_by_their_page_size() {
        let mut vars = Variables::default();
        vars.insert(Name::new("n"), ConstValue::from(100));
        let q = "query($n: Int) { a: entities(first: $n) { edges { node { relations(first: 100) { edges { node { type } } } } } } }";
        // Out of range is the field's to refuse; costed at the most.
        let over = run("{ entities(first: 101000) { edges { node { id } } } }").expect("passes");
        assert_eq!(over.complexity, 1 + 100 * 3);
        assert!(run("{ entities(first: 0) { totalCount } }").is_ok());
        let limits = Limits {
            max_complexity: 10_000,
            ..Limits::default()
        };
        // 1 + 100 × (edges + node + 1 + 100 × (edges + node + type)) = 30,301
        let err = check_query(q, &vars, &limits).unwrap_err();
        assert_eq!(
            err,
            Rejection::TooComplex {
                count: 30_301,
                max: 10_000
            }
        );
    }

    #[test]
    fn costs_each_federation_representation_like_a_page_item() {
        let q =
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { id name } } }";
        let reps = |n: usize| {
            let one = ConstValue::from_json(
                serde_json::json!({"__typename": "Company", "id": "company/apple"}),
            )
            .expect("json");
            let mut vars = Variables::default();
            vars.insert(Name::new("r"), ConstValue::List(vec![one; n]));
            vars
        };
        let limits = Limits::default();
        let cost = |n| {
            check_query(q, &reps(n), &limits)
                .expect("within limits")
                .complexity
        };
        // _entities(1) + n × (id + name)
        assert_eq!(cost(50), 1 + 50 * 2);
        // Over the cap the field refuses the list; costed at the most.
        assert_eq!(cost(500), 1 + 100 * 2);
        let literal = "{ _entities(representations: [{__typename: \"Company\", id: \"company/apple\"}, {__typename: \"Park\", id: \"park/x\"}]) { __typename } }";
        assert_eq!(run(literal).expect("passes").complexity, 1 + 2);
        // The verdict depends on the variable's value.
        let doc = async_graphql::parser::parse_query(q).expect("parses");
        let scanned = scan(q, &limits).expect("scans");
        assert!(
            check_reading(&doc, &reps(1), &limits, scanned)
                .expect("passes")
                .1
        );
    }

    #[test]
    fn strings_and_comments_are_single_tokens() {
        let cost = scan(
            "# a comment { { {\n{ search(query: \"{ [ (\") { totalCount } }",
            &Limits::default(),
        )
        .expect("fine");
        assert_eq!(cost.depth, 2);
        assert_eq!(cost.tokens, 11);
    }
}
