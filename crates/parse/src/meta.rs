//! Metadata a document states about itself: event dates, place, dateline, and what a front
//! matter block says (title, date, authors, tags).

use reportkit_model::{inline_text, Block, DateRange, FrontMatter, Metadata, Span};
use reportkit_text::dates::{find_dates, is_valid, iso};

/// Lines at the top of a document searched for the event dates and place.
const FRONT_LINES: usize = 40;

/// Read the metadata from the source lines (front matter) and the first paragraph (dateline).
pub fn read(text: &str, first_paragraph: Option<&Block>) -> Metadata {
    let mut md = Metadata::default();
    let lines: Vec<&str> = text.lines().take(FRONT_LINES).collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = find_dates(line).into_iter().find(|m| m.year.is_some()) else { continue };
        let y = m.year.expect("filtered");
        let (d1, m1) = m.from;
        let (d2, m2) = m.to.unwrap_or(m.from);
        if !is_valid(y, m1, d1) || !is_valid(y, m2, d2) {
            continue;
        }
        let y2 = if (m2, d2) < (m1, d1) { y + 1 } else { y };
        md.event_dates = Some(DateRange { start: iso(y, m1, d1), end: iso(y2, m2, d2), line: i as u32 + 1 });
        // A place line right after the dates ("City, Country").
        md.place = lines
            .get(i + 1)
            .map(|l| l.trim().trim_end_matches([' ', '\\']))
            .filter(|l| place_like(l))
            .map(str::to_string);
        break;
    }
    if let Some(Block::Paragraph { content, .. }) = first_paragraph {
        if let Some((dateline, place)) = dateline(&inline_text(content)) {
            md.dateline = Some(dateline);
            if md.place.is_none() {
                md.place = Some(place);
            }
        }
    }
    md
}

/// Keys naming a document's authors in the front matter of common site generators.
const AUTHOR_KEYS: &[&str] = &["authors", "author", "by"];

/// Read a front matter block: `delimiter` is `---` (YAML) or `+++` (TOML), `body` the text
/// between the delimiter lines, `span` the block's lines. Only the usual keys are read; a block
/// that does not parse still marks its lines as front matter.
pub fn front_matter(delimiter: &str, body: &str, span: Span) -> FrontMatter {
    let mut fm =
        FrontMatter { span, title: None, date: None, authors: Vec::new(), tags: Vec::new(), text: String::new() };
    if delimiter == "+++" {
        let Ok(table) = body.parse::<toml::Table>() else { return fm };
        let text = |v: &toml::Value| match v {
            toml::Value::String(s) => Some(s.trim().to_string()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            toml::Value::Integer(i) => Some(i.to_string()),
            _ => None,
        };
        let list = |v: Option<&toml::Value>| -> Vec<String> {
            match v {
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| match x {
                        toml::Value::Table(t) => t.get("name").and_then(text),
                        other => text(other),
                    })
                    .filter(|s| !s.is_empty())
                    .collect(),
                Some(v) => text(v).into_iter().filter(|s| !s.is_empty()).collect(),
                None => Vec::new(),
            }
        };
        fm.title = table.get("title").and_then(text);
        fm.date = table.get("date").and_then(text);
        fm.authors = AUTHOR_KEYS.iter().map(|k| list(table.get(*k))).find(|v| !v.is_empty()).unwrap_or_default();
        fm.tags = list(table.get("tags"));
        if fm.tags.is_empty() {
            fm.tags = list(table.get("taxonomies").and_then(|t| t.get("tags")));
        }
        return fm;
    }
    let yaml = yaml_keys(body);
    let one = |k: &str| yaml.iter().find(|(key, _)| key == k).and_then(|(_, v)| v.first().cloned());
    let many = |k: &str| yaml.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    fm.title = one("title");
    fm.date = one("date");
    fm.authors = AUTHOR_KEYS.iter().map(|k| many(k)).find(|v| !v.is_empty()).unwrap_or_default();
    fm.tags = many("tags");
    fm
}

/// The top-level keys of a simple YAML mapping with their values: a scalar, an inline list
/// (`[a, b]`), or the `- item` lines under the key (an item `name: X` gives `X`). Nested
/// mappings and multi-line scalars are skipped.
fn yaml_keys(body: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(item) = t.strip_prefix("- ").or_else(|| (t == "-").then_some("")) {
            if let Some((_, values)) = out.last_mut() {
                let item = item.trim();
                let item = item.strip_prefix("name:").unwrap_or(item);
                let v = unquote(item);
                if !v.is_empty() {
                    values.push(v);
                }
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = t.split_once(':') else { continue };
        let value = value.trim();
        let values = if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            inner.split(',').map(unquote).filter(|v| !v.is_empty()).collect()
        } else if value.is_empty() || value.starts_with(['|', '>']) {
            Vec::new()
        } else {
            vec![unquote(value)]
        };
        out.push((key.trim().to_string(), values));
    }
    out
}

fn unquote(s: &str) -> String {
    let t = s.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| t.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(t);
    t.trim().to_string()
}

/// "City, Country": two to five capitalised words with one comma, no sentence punctuation.
fn place_like(l: &str) -> bool {
    let words = l.split_whitespace().count();
    (2..=5).contains(&words)
        && l.matches(',').count() == 1
        && !l.ends_with(['.', ':', ';'])
        && l.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A dateline opening a paragraph: upper-case place words, then a dash.
/// Returns the dateline verbatim and the place in title case.
fn dateline(p: &str) -> Option<(String, String)> {
    let (head, dash) = ["—", "–", " - ", "--"].iter().filter_map(|d| p.find(d).map(|i| (i, *d))).min()?;
    let place = p[..head].trim();
    let words = place.split_whitespace().count();
    if place.is_empty()
        || words > 6
        || place.chars().any(|c| c.is_lowercase())
        || !place.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let title = place
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_string() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((p[..head + dash.len()].trim_end().to_string(), title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_place_from_the_front_lines() {
        let md = read("Title\n\nMeeting  \n9–11 March 2024  \nBergen, Norway\n", None);
        let d = md.event_dates.unwrap();
        assert_eq!((d.start.as_str(), d.end.as_str(), d.line), ("2024-03-09", "2024-03-11", 4));
        assert_eq!(md.place.as_deref(), Some("Bergen, Norway"));
    }

    #[test]
    fn yaml_front_matter_keys() {
        let body = "title: \"A report\"\ndate: 2021-03-09\nby:\n- Ann Lee\n- Bo Chan\ntags: [survey, community]\nsummary: >\n  long\n";
        let fm = front_matter("---", body, Span::new(1, 10));
        assert_eq!(fm.title.as_deref(), Some("A report"));
        assert_eq!(fm.date.as_deref(), Some("2021-03-09"));
        assert_eq!(fm.authors, ["Ann Lee", "Bo Chan"]);
        assert_eq!(fm.tags, ["survey", "community"]);
    }

    #[test]
    fn toml_front_matter_keys() {
        let body = "title = \"Notes\"\nauthors = [\"Ann Lee\"]\n[taxonomies]\ntags = [\"meeting\"]\n";
        let fm = front_matter("+++", body, Span::new(1, 6));
        assert_eq!(fm.title.as_deref(), Some("Notes"));
        assert_eq!(fm.authors, ["Ann Lee"]);
        assert_eq!(fm.tags, ["meeting"]);
        let broken = front_matter("+++", "title = ", Span::new(1, 3));
        assert_eq!((broken.title, broken.span), (None, Span::new(1, 3)));
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("OSLO, NORWAY — The meeting"), Some(("OSLO, NORWAY —".into(), "Oslo, Norway".into())));
        assert_eq!(dateline("The meeting — closed"), None);
    }
}
