//! Metadata a document states about itself: event dates, place, dateline, and what a front
//! matter block says (title, date, authors, tags).

use reportkit_model::{inline_text, Block, DateRange, FrontMatter, Metadata, Span};
use reportkit_text::dates::{find_dates, is_valid, iso, names_a_past_event, DateMention};

/// How far from the top of a document the event dates and place are looked for: the first
/// paragraphs (runs of non-blank lines) and, within them, the first words. Counted in
/// paragraphs and words, not lines, so that how the top of a document is wrapped does not
/// decide how far the search reaches.
const FRONT_PARAGRAPHS: usize = 8;
const FRONT_WORDS: usize = 400;

/// The first `n` paragraphs of a text: (index of the first line, the lines).
fn top_paragraphs(text: &str, n: usize) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            open = false;
            if out.len() == n {
                break;
            }
            continue;
        }
        if !open {
            if out.len() == n {
                break;
            }
            out.push((i, Vec::new()));
        }
        if let Some((_, lines)) = out.last_mut() {
            lines.push(line);
        }
        open = true;
    }
    out
}

/// Read the metadata from the source lines (front matter) and the first paragraph (dateline).
pub fn read(text: &str, first_paragraph: Option<&Block>) -> Metadata {
    let mut md = Metadata::default();
    let mut words_before = 0;
    for (first, lines) in top_paragraphs(text, FRONT_PARAGRAPHS) {
        if words_before >= FRONT_WORDS {
            break;
        }
        // The paragraph's lines joined, so that a date wrapped over two lines is one date.
        let joined = lines.join(" ");
        let valid = |m: &reportkit_text::dates::DateMention| {
            let Some(y) = m.year else { return false };
            words_before + joined[..m.start].split_whitespace().count() < FRONT_WORDS
                && !names_a_past_event(&joined, m.start, m.end)
                && is_valid(y, m.from.1, m.from.0)
                && m.to.is_none_or(|(d, mo)| is_valid(y, mo, d))
        };
        let dates = find_dates(&joined);
        let Some(i) = dates.iter().position(valid) else {
            words_before += joined.split_whitespace().count();
            continue;
        };
        let m = &dates[i];
        let y = m.year.expect("valid");
        let (d1, m1) = m.from;
        let (d2, m2) = m.to.unwrap_or(m.from);
        let y2 = if (m2, d2) < (m1, d1) { y + 1 } else { y };
        let ((y, m1, d1), (y2, m2, d2), from, to) =
            two_date_range(&joined, &dates, i).unwrap_or(((y, m1, d1), (y2, m2, d2), m.start, m.end));
        // The line of the paragraph where the date starts, and the one where it ends.
        let line_of = |at: usize| {
            let mut start = 0;
            lines.iter().position(|l| {
                start += l.len() + 1;
                at < start
            })
        };
        let (k, last) = (line_of(from).unwrap_or(0), line_of(to.saturating_sub(1)).unwrap_or(0));
        md.event_dates = Some(DateRange { start: iso(y, m1, d1), end: iso(y2, m2, d2), line: (first + k) as u32 + 1 });
        // A place line right after the dates ("City, Country").
        md.place = lines
            .get(last + 1)
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

/// A range written as two date mentions around the first dated one, `dates[i]`: the dated one
/// may be its end ("opened on December 5 and ran until December 22, 2022", the start taking
/// its year) or its start ("between December 18, 2023 and January 15, 2024"). The two must be
/// joined by a few words that make a range ("and" only after "between"). Returns the first and
/// last days and the byte range of the two mentions.
fn two_date_range(text: &str, dates: &[DateMention], i: usize) -> Option<(Ymd, Ymd, usize, usize)> {
    let m = &dates[i];
    let y = m.year?;
    if m.to.is_some() {
        return None;
    }
    let single = |d: &DateMention| d.to.is_none();
    let day = |y: i32, (d, mo): (u8, u8)| is_valid(y, mo, d).then_some((y, mo, d));
    if let Some(p) = i.checked_sub(1).map(|p| &dates[p]).filter(|p| p.year.is_none() && single(p)) {
        if joined_as_range(text, p.start, p.end, m.start) {
            // The start is in the same year, or the one before when its month comes later.
            let py = if (p.from.1, p.from.0) > (m.from.1, m.from.0) { y - 1 } else { y };
            return Some((day(py, p.from)?, day(y, m.from)?, p.start, m.end));
        }
    }
    let n = dates.get(i + 1).filter(|n| single(n))?;
    let ny = n.year.unwrap_or(if (n.from.1, n.from.0) < (m.from.1, m.from.0) { y + 1 } else { y });
    let (first, last) = (day(y, m.from)?, day(ny, n.from)?);
    (joined_as_range(text, m.start, m.end, n.start) && first < last && ny - y <= 1)
        .then_some((first, last, m.start, n.end))
}

/// A calendar day: (year, month, day).
type Ymd = (i32, u8, u8);

/// Whether the words between two dates (`a_start..a_end`, then one at `b_start`) make them a
/// range: at most four words holding "to", "until", "till" or "through", or "and" after a
/// "between" right before the first.
fn joined_as_range(text: &str, a_start: usize, a_end: usize, b_start: usize) -> bool {
    let Some(gap) = text.get(a_end..b_start) else { return false };
    let words: Vec<String> =
        gap.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if words.len() > 4 {
        return false;
    }
    let has = |w: &str| words.iter().any(|x| x == w);
    let between = text[..a_start].trim_end().to_lowercase().ends_with("between");
    has("to") || has("until") || has("till") || has("through") || (between && has("and"))
}

/// Keys dating a document in the front matter of common site generators.
const DATE_KEYS: &[&str] = &["date", "publishDate", "published", "pubDate"];

/// Keys whose value is the page's address, which blogs often date ("2024/09/23/post-name").
const PATH_KEYS: &[&str] = &["path", "permalink", "url", "slug"];

/// The date an address names ("2024/09/23/post", "/blog/2024-09-23-post"), as YYYY-MM-DD.
fn date_in_path(path: &str) -> Option<String> {
    let b = path.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let at_start = i == 0 || !b[i - 1].is_ascii_digit();
        let d = |k: usize| b.get(i + k).is_some_and(u8::is_ascii_digit);
        let sep = b[i + 4];
        let shape = at_start
            && (0..4).all(d)
            && (sep == b'/' || sep == b'-')
            && d(5)
            && d(6)
            && b[i + 7] == sep
            && d(8)
            && d(9)
            && !d(10);
        if !shape {
            return None;
        }
        // (All ten bytes are ASCII: the slices fall on character boundaries.)
        let (y, m, day) = (&path[i..i + 4], &path[i + 5..i + 7], &path[i + 8..i + 10]);
        let valid = (1900..=2100).contains(&y.parse::<u32>().ok()?)
            && (1..=12).contains(&m.parse::<u32>().ok()?)
            && (1..=31).contains(&day.parse::<u32>().ok()?);
        valid.then(|| format!("{y}-{m}-{day}"))
    })
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
        fm.date = DATE_KEYS.iter().find_map(|k| table.get(*k).and_then(text));
        if fm.date.is_none() {
            fm.date = PATH_KEYS.iter().find_map(|k| date_in_path(&table.get(*k).and_then(text)?));
        }
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
    fm.date = DATE_KEYS.iter().find_map(|k| one(k));
    if fm.date.is_none() {
        fm.date = PATH_KEYS.iter().find_map(|k| date_in_path(&one(k)?));
    }
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
    fn a_date_that_names_a_past_event_is_not_the_documents() {
        let range = |text: &str| read(text, None).event_dates.map(|d| (d.start, d.end));
        // A speech recalls a revolution: no event dates.
        assert_eq!(range("Title\n\nThe 4 October 1957 launch opened an age of discovery.\n"), None);
        // A later date is still found, and a date before a function word is an event's date.
        assert_eq!(
            range("Title\n\nSince the 11 March 2031 earthquake we met on 2 May 2032 in Oslo.\n"),
            Some(("2032-05-02".to_string(), "2032-05-02".to_string()))
        );
        assert_eq!(
            range("Title\n\nThe 2 May 2031 and 3 May 2031 sessions.\n").map(|r| r.0),
            Some("2031-05-02".to_string())
        );
    }

    #[test]
    fn event_dates_written_as_two_dates() {
        let range = |text: &str| read(text, None).event_dates.map(|d| (d.start, d.end));
        let expect = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            range("Title\n\nThe poll opened on March 3 and ran until March 20, 2031.\n"),
            expect("2031-03-03", "2031-03-20")
        );
        assert_eq!(
            range("Title\n\nIt was run between December 18, 2030 and January 15, 2031.\n"),
            expect("2030-12-18", "2031-01-15")
        );
        assert_eq!(range("Title\n\nFrom 2 May 2031 to 9 May 2031, in Oslo.\n"), expect("2031-05-02", "2031-05-09"));
        // Two days, not a range: "and" without "between", or a long gap.
        assert_eq!(range("Title\n\nWe met on 2 May 2031 and 9 May 2031.\n"), expect("2031-05-02", "2031-05-02"));
        assert_eq!(
            range("Title\n\nOn 2 May 2031 we agreed on many things that led to 9 May 2031.\n"),
            expect("2031-05-02", "2031-05-02")
        );
    }

    #[test]
    fn event_dates_do_not_depend_on_wrapping() {
        // A long preamble pushes the dates past the fortieth line when wrapped narrowly, and
        // narrow wrapping splits the date itself over two lines.
        let words = "The annual meeting of the regional network gathered delegations from many members";
        let preamble: String = (0..6).map(|_| format!("{words}.\n\n")).collect();
        let text = format!("Title\n\n{preamble}Held on 9–11 March 2024 in the old town hall.\n");
        let wrap = |t: &str, width: usize| -> String {
            t.split("\n\n")
                .map(|p| {
                    let mut out = String::new();
                    let mut col = 0;
                    for w in p.split_whitespace() {
                        if col > 0 && col + 1 + w.len() > width {
                            out.push('\n');
                            col = 0;
                        } else if col > 0 {
                            out.push(' ');
                            col += 1;
                        }
                        out.push_str(w);
                        col += w.len();
                    }
                    out
                })
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        for width in [12, 30, 72, 200] {
            let wrapped = wrap(&text, width);
            let d = read(&wrapped, None).event_dates.unwrap_or_else(|| panic!("width {width}: no dates"));
            assert_eq!((d.start.as_str(), d.end.as_str()), ("2024-03-09", "2024-03-11"), "width {width}");
            let line = wrapped.lines().nth(d.line as usize - 1).unwrap();
            assert!(line.contains("9–11") || line.contains("Held"), "width {width}: line {} is {line:?}", d.line);
        }
        // A date deep in the body is not the event's, however the text is wrapped.
        let deep = format!("Title\n\n{preamble}{preamble}Held on 9–11 March 2024.\n");
        for width in [12, 200] {
            assert_eq!(read(&wrap(&deep, width), None).event_dates, None, "width {width}");
        }
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
        // A page without a date key is dated by its address, when the address holds a date.
        let dated = front_matter("+++", "path = \"2031/09/23/notes-é\"\ntitle = \"Notes\"\n", Span::new(1, 4));
        assert_eq!(dated.date.as_deref(), Some("2031-09-23"));
        let yaml = front_matter("---", "permalink: /blog/2031-02-30-x/\npublishDate: 2031-01-02\n", Span::new(1, 4));
        assert_eq!(yaml.date.as_deref(), Some("2031-01-02"));
        for path in ["/blog/2031-13-01-x/", "/é/20311/09/23", "é/2031/09/2", "v12031-09-23"] {
            assert_eq!(date_in_path(path), None, "{path}");
        }
        let broken = front_matter("+++", "title = ", Span::new(1, 3));
        assert_eq!((broken.title, broken.span), (None, Span::new(1, 3)));
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("OSLO, NORWAY — The meeting"), Some(("OSLO, NORWAY —".into(), "Oslo, Norway".into())));
        assert_eq!(dateline("The meeting — closed"), None);
    }
}
