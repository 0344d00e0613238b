//! The README's table of error codes is the code's table
//! ([`innograph::graphql::code::ErrorCode::ALL`]): every code, its status
//! and its meaning, in order. `UPDATE_README=1 cargo test --test integration readme::`
//! rewrites the table from the code.

use innograph::graphql::code::{ErrorCode, Scope};

const START: &str = "| code | HTTP status | what it means |\n|---|---|---|\n";

fn table() -> String {
    let mut out = String::from(START);
    for c in ErrorCode::ALL {
        let status = match c.scope() {
            Scope::Field => "200 (field error)".to_owned(),
            Scope::Request => format!("{} / 200 (request error)", c.status()),
            Scope::Http => c.status().to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {status} | {} |\n",
            c.as_str(),
            c.meaning().replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_readme_lists_every_error_code_as_the_code_does() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(START).expect("the README has the code table");
    let end = readme[start..]
        .find("\n\n")
        .map(|i| start + i + 1)
        .expect("the table ends");
    let want = table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], want, &readme[end..]);
        std::fs::write(&path, updated).expect("README.md written");
        return;
    }
    assert_eq!(
        &readme[start..end],
        want,
        "README.md's code table differs from src/graphql/code.rs: run UPDATE_README=1 cargo test --test integration readme::"
    );
}
