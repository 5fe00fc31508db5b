//! `reportkit render --to json`: the canonical JSON of the corpus, its structure, and that no
//! word of the sources is lost.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn snapshot_of_every_corpus_file() {
    for file in CORPUS_FILES {
        let path = format!("{CORPUS}/{file}");
        let json = stdout_of(&["render", &path, "--to", "json"]);
        insta::assert_snapshot!(file, json);
    }
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let a = stdout_of(&["render", CORPUS, "--to", "json"]);
    let b = stdout_of(&["render", CORPUS, "--to", "json"]);
    assert_eq!(a, b);
}

fn text_of(inlines: &Value) -> String {
    let mut s = String::new();
    for i in inlines.as_array().unwrap() {
        match i["type"].as_str().unwrap() {
            "text" | "code" => s.push_str(i["text"].as_str().unwrap()),
            "soft_break" | "hard_break" => s.push(' '),
            "html" => {}
            "image" => s.push_str(&text_of(&i["alt"])),
            _ => s.push_str(&text_of(&i["children"])),
        }
    }
    s
}

fn titles(sections: &Value) -> Vec<String> {
    sections.as_array().unwrap().iter().map(|s| text_of(&s["title"])).collect()
}

fn find<'a>(sections: &'a Value, title: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for s in sections.as_array().unwrap() {
        if text_of(&s["title"]) == title {
            out.push(s);
        }
        out.extend(find(&s["children"], title));
    }
    out
}

#[test]
fn report_section_tree_is_what_a_reader_sees() {
    let doc = &corpus_json("igf2025-summary-report.md")["documents"][0];
    assert_eq!(doc["kind"], "report");
    assert_eq!(doc["title"], "IGF 2025 ANNUAL MEETING SUMMARY REPORT");
    let top = titles(&doc["sections"]);
    // The annexes are top-level sections, in order.
    let annexes: Vec<&String> = top.iter().filter(|t| t.starts_with("Annex")).collect();
    assert_eq!(annexes, ["Annex A: IGF 2025 Statistics", "Annex B: Documentation and Process", "Annex C: IGF 2025"]);
    // The four message sub-themes sit under the messages chapter, whatever level each was
    // written at (one at ##, three at #).
    let messages = find(&doc["sections"], "Lillestrøm IGF Messages");
    let chapter = messages.last().unwrap();
    let themes: Vec<String> =
        titles(&chapter["children"]).into_iter().filter(|t| t.starts_with("[Building]")).collect();
    assert_eq!(
        themes,
        [
            "[Building] Digital Trust and Resilience",
            "[Building] Sustainable and Responsible Innovation",
            "[Building] Universal Access and Digital Rights",
            "[Building] Digital Cooperation"
        ]
    );
    assert!(!top.iter().any(|t| t.starts_with("[Building]")));
    // Each sub-theme keeps its own sub-sections.
    let innovation = find(&chapter["children"], "[Building] Sustainable and Responsible Innovation")[0];
    assert_eq!(titles(&innovation["children"])[0], "The theme");
    // Ids are unique slugs, repeated titles numbered.
    let forewords = find(&doc["sections"], "Foreword");
    assert_eq!(forewords.iter().map(|s| s["id"].as_str().unwrap()).collect::<Vec<_>>(), ["foreword", "foreword-2"]);
    assert_eq!(doc["metadata"]["event_dates"]["start"], "2025-06-23");
    assert_eq!(doc["metadata"]["event_dates"]["end"], "2025-06-27");
    assert_eq!(doc["metadata"]["place"], "Lillestrøm, Norway");
}

#[test]
fn line_spans_point_at_the_right_lines() {
    let source = std::fs::read_to_string(root().join(corpus_path("igf2025-summary-report.md"))).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let doc = &corpus_json("igf2025-summary-report.md")["documents"][0];
    let sessions = find(&doc["sections"], "Sessions")[0];
    let heading = sessions["heading_span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(lines[heading - 1], "## Sessions");
    let list = sessions["blocks"].as_array().unwrap().iter().find(|b| b["type"] == "list").unwrap();
    let first = list["items"][0]["span"]["start"].as_u64().unwrap() as usize;
    let last = list["items"].as_array().unwrap().last().unwrap()["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(lines[first - 1], "- 1 Opening Session");
    assert_eq!(lines[last - 1], "- 34 Pre-Events (Day 0 Sessions)");
    // Every section's heading span starts on a heading line.
    fn check(sections: &Value, lines: &[&str]) {
        for s in sections.as_array().unwrap() {
            let l = s["heading_span"]["start"].as_u64().unwrap() as usize;
            assert!(lines[l - 1].starts_with('#'), "line {l} is not a heading: {}", lines[l - 1]);
            check(&s["children"], lines);
        }
    }
    check(&doc["sections"], &lines);
}

#[test]
fn pull_quotes_carry_their_attribution() {
    let doc = &corpus_json("igf2025-summary-report.md")["documents"][0];
    let opening = find(&doc["sections"], "Opening Ceremony")[0];
    let quotes: Vec<&Value> = opening["blocks"].as_array().unwrap().iter().filter(|b| b["type"] == "quote").collect();
    assert_eq!(quotes.len(), 12);
    let first = quotes[0];
    assert_eq!(first["style"], "pull_quote");
    assert_eq!(text_of(&first["attribution"]["name"]), "Mr. António Guterres,");
    assert_eq!(text_of(&first["attribution"]["roles"][0]), "United Nations Secretary-General");
    assert!(text_of(&first["blocks"][0]["content"]).starts_with("“I am pleased to take part"));
    let eu = quotes.iter().find(|q| text_of(&q["attribution"]["name"]).contains("Virkkunen")).unwrap();
    assert_eq!(eu["attribution"]["roles"].as_array().unwrap().len(), 3);
    assert!(quotes.iter().all(|q| q["attribution"].is_object()));
}

#[test]
fn layout_tables_keep_their_link_cells() {
    let doc = &corpus_json("igf2025-summary-report.md")["documents"][0];
    let pns = find(&doc["sections"], "Policy Networks (PNs)")[0];
    let table = pns["blocks"].as_array().unwrap().iter().find(|b| b["type"] == "table").unwrap();
    let rows: Vec<&Value> = std::iter::once(&table["header"]).chain(table["rows"].as_array().unwrap()).collect();
    let row = rows.iter().find(|r| text_of(&r["cells"][0]).contains("Meaningful Access")).unwrap();
    let link = &row["cells"][1][0];
    assert_eq!(link["type"], "link");
    assert_eq!(link["style"], "html");
    assert_eq!(link["url"], "https://www.intgovforum.org/en/content/policy-network-on-meaningful-access-pnma");
    assert_eq!(text_of(&link["children"]), link["url"].as_str().unwrap());
    let source = std::fs::read_to_string(root().join(corpus_path("igf2025-summary-report.md"))).unwrap();
    let line = row["line"].as_u64().unwrap() as usize;
    assert!(source.lines().nth(line - 1).unwrap().starts_with("| Meaningful Access (PNMA) |"));
}

#[test]
fn the_feed_holds_its_ten_articles() {
    let doc = &corpus_json("news-feed-igf2025.txt")["documents"][0];
    assert_eq!(doc["kind"], "feed");
    let headlines: Vec<&str> =
        doc["articles"].as_array().unwrap().iter().map(|a| a["headline"].as_str().unwrap()).collect();
    assert_eq!(
        headlines,
        [
            "World gathers in Norway to shape digital future",
            "Big Tech’s grip on information sparks urgent debate at IGF 2025 in Norway",
            "Cloudflare blocks the largest DDoS attack in internet history",
            "AI safety concerns grow after new study on misaligned behaviour",
            "Banks and tech firms create open-source AI standards",
            "Rethinking AI in journalism with global cooperation",
            "A unified call for a stronger digital future at IGF 2025",
            "Cybersecurity vs freedom of expression: IGF 2025 panel calls for balanced, human-centred digital governance",
            "Global digital dialogue opens at IGF 2025 in Norway",
            "Parliamentarians at IGF 2025 call for action on information integrity",
        ]
    );
    // The question subheading opens a section inside the first article, not a new article.
    assert_eq!(titles(&doc["articles"][0]["sections"]), ["Why does it matter?"]);
    assert_eq!(doc["articles"][0]["span"]["start"], 1);
    assert_eq!(doc["articles"][1]["span"]["start"], 23);
}

#[test]
fn plain_text_documents() {
    let ai = &corpus_json("news-ai-cooperation.txt")["documents"][0];
    assert_eq!(ai["kind"], "article");
    assert_eq!(ai["title"], "Global consensus grows on inclusive and cooperative AI governance at IGF 2025");
    assert_eq!(ai["blocks"].as_array().unwrap().len(), 8, "one paragraph per line");
    let wrap = &corpus_json("news-igf2025-wrap-up.txt")["documents"][0];
    assert_eq!(wrap["metadata"]["dateline"], "LILLESTRØM, NORWAY —");
    assert!(
        text_of(&wrap["blocks"][0]["content"]).starts_with("LILLESTRØM, NORWAY — The 20th"),
        "dateline kept in the paragraph"
    );
    let wsis = &corpus_json("wsis-2025-session-outcome.txt")["documents"][0];
    assert_eq!(
        titles(&wsis["sections"]),
        [
            "Key Issues discussed: Looking Beyond 2025",
            "Tangible Outcomes of the session",
            "Key Recommendations and Forward-Looking Action Plan for the WSIS+20 Review and Beyond"
        ]
    );
    assert_eq!(wsis["sections"][0]["blocks"][0]["items"].as_array().unwrap().len(), 5);
    let url = wsis["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|b| b["content"].as_array()?.iter().find(|i| i["type"] == "link").cloned())
        .unwrap();
    assert_eq!(url["url"], "https://www.itu.int/net4/wsis/forum/2025/Agenda/Session/242");
}

// ---- nothing lost -------------------------------------------------------------------------

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The source with HTML tags reportkit interprets reduced to what they carry: `<a href=U>T</a>`
/// becomes `T U` (or `T` when the text is the URL), other known tags vanish.
fn source_words(src: &str) -> Vec<String> {
    let mut s = String::new();
    let mut rest = src;
    while let Some(i) = rest.find("<a href=\"") {
        s.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let q = after.find('"').unwrap();
        let url = &after[..q];
        let gt = after.find('>').unwrap();
        let close = after.find("</a>").unwrap();
        let text = &after[gt + 1..close];
        s.push_str(text);
        if text != url {
            s.push(' ');
            s.push_str(url);
        }
        rest = &after[close + 4..];
    }
    s.push_str(rest);
    for tag in ["<sup>", "</sup>", "<sub>", "</sub>"] {
        s = s.replace(tag, " ");
    }
    // Autolinks `<url>` read once.
    words(&s)
}

fn push_inlines(v: &Value, out: &mut String) {
    for i in v.as_array().unwrap() {
        match i["type"].as_str().unwrap() {
            "text" | "code" => out.push_str(i["text"].as_str().unwrap()),
            "html" => out.push_str(i["html"].as_str().unwrap()),
            "soft_break" | "hard_break" => out.push(' '),
            "footnote_reference" => out.push_str(i["label"].as_str().unwrap()),
            "link" => {
                let before = out.len();
                push_inlines(&i["children"], out);
                let text = out[before..].trim().to_string();
                if text != i["url"].as_str().unwrap() {
                    out.push(' ');
                    out.push_str(i["url"].as_str().unwrap());
                }
            }
            _ => push_inlines(&i["children"], out),
        }
        out.push(' ');
    }
}

fn push_blocks(v: &Value, out: &mut String) {
    for b in v.as_array().unwrap() {
        match b["type"].as_str().unwrap() {
            "paragraph" => push_inlines(&b["content"], out),
            "list" => {
                // Ordered list numbers are source words the JSON keeps as `start` + position.
                let start = b["start"].as_u64();
                for (n, it) in b["items"].as_array().unwrap().iter().enumerate() {
                    if let Some(s) = start {
                        out.push_str(&format!("{} ", s + n as u64));
                    }
                    push_blocks(&it["blocks"], out);
                }
            }
            "table" => std::iter::once(&b["header"])
                .chain(b["rows"].as_array().unwrap())
                .for_each(|r| r["cells"].as_array().unwrap().iter().for_each(|c| push_inlines(c, out))),
            "quote" => {
                push_blocks(&b["blocks"], out);
                if b["attribution"].is_object() {
                    push_inlines(&b["attribution"]["name"], out);
                    b["attribution"]["roles"].as_array().unwrap().iter().for_each(|r| push_inlines(r, out));
                }
            }
            "code" => out.push_str(b["text"].as_str().unwrap()),
            "html" => out.push_str(b["html"].as_str().unwrap()),
            "heading" => push_inlines(&b["content"], out),
            "footnote_definition" => {
                out.push_str(b["label"].as_str().unwrap());
                out.push(' ');
                push_blocks(&b["blocks"], out);
            }
            _ => {}
        }
        out.push(' ');
    }
}

fn push_sections(v: &Value, out: &mut String) {
    for s in v.as_array().unwrap() {
        push_inlines(&s["title"], out);
        push_blocks(&s["blocks"], out);
        push_sections(&s["children"], out);
    }
}

fn json_words(doc: &Value) -> Vec<String> {
    let mut out = String::new();
    if doc["source"]["format"] == "text" && doc["articles"].as_array().unwrap().is_empty() && doc["title"] != doc["id"]
    {
        out.push_str(doc["title"].as_str().unwrap());
        out.push(' ');
    }
    push_blocks(&doc["blocks"], &mut out);
    push_sections(&doc["sections"], &mut out);
    for a in doc["articles"].as_array().unwrap() {
        out.push_str(a["headline"].as_str().unwrap());
        out.push(' ');
        push_blocks(&a["blocks"], &mut out);
        push_sections(&a["sections"], &mut out);
    }
    words(&out)
}

#[test]
fn every_word_of_every_source_is_in_its_json_in_order() {
    for file in CORPUS_FILES {
        let src = std::fs::read_to_string(root().join(corpus_path(file))).unwrap();
        let expected = source_words(&src);
        let doc = &corpus_json(file)["documents"][0];
        let got = json_words(doc);
        if expected != got {
            let at = expected.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(expected.len().min(got.len()));
            panic!(
                "{file}: word sequences differ at word {at} ({} source words, {} JSON words)\n source: {:?}\n   json: {:?}",
                expected.len(),
                got.len(),
                &expected[at.saturating_sub(3)..(at + 8).min(expected.len())],
                &got[at.saturating_sub(3)..(at + 8).min(got.len())]
            );
        }
    }
}

#[test]
fn headings_in_containers_and_footnotes_keep_every_word_in_order() {
    let path = "tests/data/markdown/containers-and-notes.md";
    let src = std::fs::read_to_string(root().join(path)).unwrap();
    let json: Value = serde_json::from_str(&stdout_of(&["render", path, "--to", "json"])).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(json_words(doc), source_words(&src));
    // The headings in the quote and the list items are blocks there, not sections.
    let titles: Vec<&str> =
        doc["sections"][0]["children"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(titles, ["results"]);
    let text = json.to_string();
    assert_eq!(text.matches("\"type\":\"heading\"").count(), 3, "{text}");
    assert_eq!(text.matches("\"type\":\"footnote_definition\"").count(), 2);
    assert_eq!(text.matches("\"type\":\"footnote_reference\"").count(), 2);
}
