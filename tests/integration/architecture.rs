//! The shape of the code, as ARCHITECTURE.md states it: no import cycle
//! between files of `src/`, the layers depend only downwards (the graph
//! core knows nothing of GraphQL, HTTP or the config), and no file is over
//! 500 lines of code (its unit tests and word lists not counted).
//!
//! A file "imports" another when one of its `use` declarations or inline
//! `crate::`/`super::`/`self::` paths (outside comments and strings) names
//! that file's module or an item defined in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `graphql::query::entities` for `src/graphql/query/entities.rs`;
/// `graphql` for `src/graphql/mod.rs`; `` for `src/lib.rs`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file: comments, strings and `#[cfg(test)]` modules cut.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i..].starts_with(b"r#\"") {
            i += 3;
            while i < b.len() && !b[i..].starts_with(b"\"#") {
                i += 1;
            }
            i += 2;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// The paths a file's code names: `use` trees expanded, and inline paths.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` declarations, with their `{...}` groups expanded.
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        // A facade's re-export (`pub use`) is not a use of the module.
        let before_use = rest[..at].trim_end();
        let reexport = before_use.ends_with("pub")
            || (before_use.ends_with(')')
                && before_use
                    .rfind("pub(")
                    .is_some_and(|p| !before_use[p..].contains('\n')));
        let tail = &rest[at + 4..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = tail.find(';') else { break };
        if !reexport {
            expand("", tail[..end].trim(), &mut out);
        }
    }
    // Inline paths.
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            let before = code[..at].chars().last();
            let tail = &code[at..];
            from = at + start.len();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
                continue;
            }
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            out.push(tail[..end].trim_end_matches(':').to_owned());
        }
    }
    out
}

/// Expands a `use` tree: `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let head = join(prefix, head);
        let mut depth = 0;
        let mut from = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&head, &inner[from..i], out);
                    from = i + 1;
                }
                _ => {}
            }
        }
        expand(&head, &inner[from..], out);
    } else if !tree.is_empty() {
        let item = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(join(prefix, item));
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}::{b}"),
    }
}

/// What each module re-exports (`pub use`): item name -> the path it names.
type Reexports = BTreeMap<String, BTreeMap<String, String>>;

fn reexports_of(code: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].trim_end();
        let tail = &rest[at + 4..];
        if !(before.ends_with("pub") || (before.ends_with(')') && before.rfind("pub(").is_some())) {
            rest = tail;
            continue;
        }
        rest = tail;
        let Some(end) = tail.find(';') else { break };
        let mut paths = Vec::new();
        expand("", tail[..end].trim(), &mut paths);
        for p in paths {
            if let Some(name) = p.rsplit("::").next() {
                out.insert(name.to_owned(), p.clone());
            }
        }
    }
    out
}

/// The module a path names (the longest prefix that is a module of the
/// crate, following the re-exports of a module's facade to the module that
/// defines the item), from module `from`; `None` for other crates.
fn target(
    path: &str,
    from: &str,
    modules: &BTreeSet<String>,
    reexports: &Reexports,
) -> Option<String> {
    let (module, item) = resolve(path, from, modules)?;
    if let Some(item) = item {
        if let Some(p) = reexports.get(&module).and_then(|r| r.get(&item)) {
            if p != path {
                if let Some(t) = target(p, &module, modules, &BTreeMap::new()) {
                    return Some(t);
                }
            }
        }
    }
    Some(module)
}

/// The module a path names and the item after it, if any.
fn resolve(path: &str, from: &str, modules: &BTreeSet<String>) -> Option<(String, Option<String>)> {
    let mut parts: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    let mut segs = path.split("::").peekable();
    match segs.peek().copied() {
        Some("crate") => {
            parts.clear();
            segs.next();
        }
        Some("super") => {
            while segs.peek() == Some(&"super") {
                segs.next();
                parts.pop();
            }
        }
        Some("self") => {
            segs.next();
        }
        Some(first) if modules.contains(&join(from, first)) => {}
        _ => return None,
    }
    let mut best = parts.join("::");
    let mut item = None;
    for s in segs {
        parts.push(s);
        let candidate = parts.join("::");
        if modules.contains(&candidate) {
            best = candidate;
        } else {
            item = Some(s.to_owned());
            break;
        }
    }
    Some((best, item))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(f)).collect();
    let texts: Vec<(String, String)> = all
        .iter()
        .map(|f| {
            (
                module_of(f),
                code(&std::fs::read_to_string(f).expect("readable")),
            )
        })
        .collect();
    let reexports: Reexports = texts
        .iter()
        .map(|(m, c)| (m.clone(), reexports_of(c)))
        .collect();
    let mut edges = BTreeMap::new();
    for (from, code) in &texts {
        let from = from.clone();
        let mut to = BTreeSet::new();
        for p in paths(code) {
            if let Some(t) = target(&p, &from, &modules, &reexports) {
                if t != from && !t.is_empty() {
                    to.insert(t);
                }
            }
        }
        edges.insert(from, to);
    }
    edges
}

#[test]
fn no_file_imports_a_module_that_imports_it_back() {
    let g = graph();
    assert!(g.len() > 40, "the walk found the files: {}", g.len());
    // The walk sees imports (a check that it is not vacuous).
    for (from, to) in [
        ("http::graphql", "graphql::execute"),
        ("graphql::kinds", "graphql::types"),
        ("graphql::execute", "graphql::guard"),
        ("store::build", "store::search"),
        ("graphql::types", "model::source"),
    ] {
        assert!(
            g[from].contains(to),
            "{from} -> {to} not seen: {:?}",
            g[from]
        );
    }
    // Depth-first search for a cycle; report the first.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if !state.contains_key(n.as_str()) {
            if let Some(cycle) = visit(n, &g, &mut state, &mut Vec::new()) {
                panic!("import cycle: {}", cycle.join(" -> "));
            }
        }
    }
}

#[test]
fn the_graph_core_knows_nothing_of_graphql_http_or_config() {
    let g = graph();
    for (from, to) in &g {
        let core = ["model", "store", "algo", "deadline"]
            .iter()
            .any(|c| from == c || from.starts_with(&format!("{c}::")));
        if !core {
            continue;
        }
        for t in to {
            for outer in ["graphql", "http", "config", "logs", "load", "generate"] {
                let bad = t == outer || t.starts_with(&format!("{outer}::"));
                // The loader builds stores; the store's tests may load data.
                assert!(!bad, "{from} imports {t}");
            }
        }
    }
}

#[test]
fn curation_and_the_journal_know_nothing_of_graphql_or_http() {
    let g = graph();
    for (from, to) in &g {
        let layer = |l: &str| from == l || from.starts_with(&format!("{l}::"));
        let outer: &[&str] = if layer("journal") {
            // The journal stores opaque JSON: not even the model.
            &[
                "graphql", "http", "config", "curation", "store", "model", "load", "algo",
            ]
        } else if layer("curation") {
            &["graphql", "http", "config"]
        } else {
            continue;
        };
        for t in to {
            for o in outer {
                let bad = t == o || t.starts_with(&format!("{o}::"));
                assert!(!bad, "{from} imports {t}");
            }
        }
    }
}

#[test]
fn export_reads_the_store_and_writes_the_loaders_records_only() {
    let g = graph();
    for (from, to) in &g {
        if !(from == "export" || from.starts_with("export::")) {
            continue;
        }
        for t in to {
            let allowed = ["export", "store", "model", "load"]
                .iter()
                .any(|ok| t == ok || t.starts_with(&format!("{ok}::")));
            assert!(allowed, "{from} imports {t}");
        }
    }
}

#[test]
fn no_file_is_over_500_lines_of_code() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut long = Vec::new();
    for f in all {
        let name = f.to_string_lossy().into_owned();
        // Word lists are data, not code.
        if name.ends_with("words.rs") || name.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("readable");
        let body = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => &text[..i],
            None => &text[..],
        };
        let lines = body.lines().count();
        if lines > 500 {
            long.push(format!("{name}: {lines}"));
        }
    }
    assert!(long.is_empty(), "files over 500 lines: {long:?}");
}

#[test]
fn the_walk_reads_use_trees_and_paths() {
    let mut out = Vec::new();
    expand("", "super::{a, b::{c, d as e}}", &mut out);
    assert_eq!(out, vec!["super::a", "super::b::c", "super::b::d"]);
    let c = code("use crate::x::Y; // use crate::z;\nlet s = \"crate::w\"; crate::v::f();");
    let p = paths(&c);
    assert!(p.contains(&"crate::x::Y".to_owned()) && p.contains(&"crate::v::f".to_owned()));
    assert!(
        !p.iter().any(|p| p.contains('z') || p.contains('w')),
        "{p:?}"
    );
}
