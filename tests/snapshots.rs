//! Snapshot tests over real articles: the seed (examples/) and corpus
//! articles from varied newspapers (tests/fixtures/). Review changes with
//! `cargo insta review`; snapshots live in the top-level `snapshots/`.

mod common;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn seed_article() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/raisi-putin-ar.txt")).unwrap();
    let ex = common::extractor();
    let attrs = ex.extract(&text);
    settings().bind(|| insta::assert_snapshot!("raisi-putin-ar", common::render(&text, &attrs)));
}

#[test]
fn corpus_fixtures() {
    let ex = common::extractor();
    settings().bind(|| {
        insta::glob!("fixtures/*.txt", |path| {
            let text = std::fs::read_to_string(path).unwrap();
            let attrs = ex.extract(&text);
            insta::assert_snapshot!(common::render(&text, &attrs));
        });
    });
}
