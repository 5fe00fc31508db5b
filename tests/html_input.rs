//! HTML sources end to end: read by extension, checked with findings at the right lines, and
//! rendered to Markdown that keeps every visible word. The page is invented for these tests.

mod common;

use common::*;

const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour Volunteers Review</title>
  <style>body { font-family: serif; }</style>
  <script>window.track = function () {};</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/reports">Reports</a></nav>
<main>
<h1>Harbour Volunteers Review 2031</h1>
<p>The volunteer programme ran from March to October, with teams
meeting weekly at the old ferry terminal &amp; the north pier.</p>

<h2 id="people">Participation</h2>
<p>Three groups made up the season's volunteers:</p>
<ul>
  <li>30 boat crew</li>
  <li>25 shore stewards</li>
  <li>20 youth helpers</li>
</ul>

<h2>Equipment</h2>
<table>
  <thead>
    <tr><th>Item</th><th>Count</th></tr>
  </thead>
  <tbody>
    <tr><td>Life jackets</td><td>48</td></tr>
    <tr><td>Radios</td><td>12</td></tr>
  </tbody>
</table>
<figure>
  <img src="pier.jpg" alt="Volunteers on the north pier at dawn">
  <figcaption>Figure 1: The north pier crew</figcaption>
</figure>

<h2>Further reading</h2>
<p>The season's decisions are summarised in the board minutes, and
the <a href="#">full minutes</a> are available on request.</p>
<blockquote><p>We could not have run the regatta without them.</p></blockquote>
</main>
<footer><p>Published by the <em>Harbour Trust</em>.</p></footer>
</body>
</html>
"##;

fn page_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let f = dir.path().join(name);
    std::fs::write(&f, text).unwrap();
    f.to_str().unwrap().to_string()
}

fn findings(path: &str) -> Vec<(String, u64)> {
    let out = reportkit().args(["check", path, "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn an_html_page_is_read_as_html_not_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = page_file(&dir, "harbour.html", PAGE);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&["render", &p, "--to", "json"])).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["source"]["format"], "html");
    assert_eq!(d["title"], "Harbour Volunteers Review 2031");
    assert_eq!(d["kind"], "report");
    let sections: Vec<&str> =
        d["sections"][0]["children"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(sections, vec!["people", "equipment", "further-reading"]);
}

#[test]
fn a_placeholder_link_is_found_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = page_file(&dir, "harbour.html", PAGE);
    let f = findings(&p);
    assert!(f.contains(&("placeholder-link".to_string(), 41)), "{f:?}");
    assert!(f.iter().all(|(rule, _)| rule != "sum-mismatch"), "the page's figures agree: {f:?}");
}

#[test]
fn a_broken_total_is_found_at_the_paragraph_that_states_it() {
    let dir = tempfile::tempdir().unwrap();
    // 30 + 25 + 20 is 75, not 90.
    let broken = PAGE
        .replace("<p>Three groups made up the season's volunteers:</p>", "<p>90 volunteers took part this season</p>");
    let p = page_file(&dir, "harbour.htm", &broken);
    let f = findings(&p);
    assert!(f.contains(&("sum-mismatch".to_string(), 17)), "{f:?}");
}

#[test]
fn markdown_of_a_page_is_plain_markdown_with_every_visible_word() {
    let dir = tempfile::tempdir().unwrap();
    let p = page_file(&dir, "harbour.html", PAGE);
    let md = stdout_of(&["render", &p, "--to", "markdown"]);
    for needle in [
        "# Harbour Volunteers Review 2031",
        "## Participation",
        "- 30 boat crew",
        "| Life jackets | 48",
        "![Volunteers on the north pier at dawn](pier.jpg)",
        "[full minutes](#)",
        "> We could not have run the regatta without them.",
        "*Harbour Trust*",
    ] {
        assert!(md.contains(needle), "{needle:?} missing from:\n{md}");
    }
    for hidden in ["<", "font-family", "window.track", "Home", "Reports"] {
        assert!(!md.contains(hidden), "{hidden:?} leaked into:\n{md}");
    }
    // No text lost: every word a browser shows (outside the site navigation) is in the Markdown,
    // in order.
    let visible = "Harbour Volunteers Review 2031 The volunteer programme ran from March to October, with teams \
        meeting weekly at the old ferry terminal & the north pier. Participation Three groups made up the \
        season's volunteers: 30 boat crew 25 shore stewards 20 youth helpers Equipment Item Count Life jackets 48 \
        Radios 12 Figure 1: The north pier crew Volunteers on the north pier at dawn Further reading The season's \
        decisions are summarised in the board minutes, and the full minutes are available on request. We could not \
        have run the regatta without them. Published by the Harbour Trust.";
    let mut rest = md.as_str();
    for word in visible.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let at = rest.find(word).unwrap_or_else(|| panic!("{word:?} missing or out of order in:\n{md}"));
        rest = &rest[at + word.len()..];
    }
}

#[test]
fn a_directory_gives_its_html_files() {
    let dir = tempfile::tempdir().unwrap();
    page_file(&dir, "a.html", PAGE);
    page_file(&dir, "b.htm", "<p>Short page.</p>");
    let v: serde_json::Value =
        serde_json::from_str(&stdout_of(&["render", dir.path().to_str().unwrap(), "--to", "json"])).unwrap();
    let ids: Vec<&str> = v["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a", "b"]);
}

#[test]
fn hostile_pages_never_panic_and_round_trip_through_json() {
    let dir = tempfile::tempdir().unwrap();
    let deep_lists = format!("{}<li>bottom", "<ul><li><blockquote><em>".repeat(3000));
    let deep_divs = format!("<p>top</p>{}deep text{}", "<div><span>".repeat(10_000), "</span></div>".repeat(10_000));
    let broken = "<table><tr><td>a<td rowspan=0>b<tr><td colspan=99999>c</table><p><b><i>mis</b>nested</i>&#0;x &bogus; &#x110000;";
    for (name, page) in [("lists.html", deep_lists.as_str()), ("divs.html", &deep_divs), ("broken.html", broken)] {
        let p = page_file(&dir, name, page);
        let json = stdout_of(&["render", &p, "--to", "json"]);
        let back = dir.path().join(format!("{name}.json"));
        std::fs::write(&back, &json).unwrap();
        stdout_of(&["render", back.to_str().unwrap(), "--to", "json"]);
        stdout_of(&["render", &p, "--to", "markdown"]);
        let out = reportkit().args(["check", &p]).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
