//! Word-level heuristics of English: singular forms, participles, stems.

/// Personal pronouns that open a clause as its subject ("you wait", "we want").
pub const PERSONAL_SUBJECTS: &[&str] = &["i", "you", "he", "she", "it", "we", "they"];

/// Units of time, in the singular: a figure before one is a span of time, not a count of things.
pub const TIME_UNITS: &[&str] =
    &["second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"];

/// Units of measure, in the singular: a decimal before one measures ("1.5 degrees", "2.4
/// metres"), it names no release.
pub const MEASURE_UNITS: &[&str] = &[
    "degree",
    "percent",
    "point",
    "metre",
    "meter",
    "kilometre",
    "kilometer",
    "mile",
    "gram",
    "kilogram",
    "tonne",
    "ton",
    "litre",
    "liter",
    "gallon",
    "dollar",
    "euro",
    "pound",
    "franc",
    "yen",
    "rupee",
    "watt",
    "gigawatt",
    "megawatt",
    "hectare",
    "acre",
    "byte",
    "kilobyte",
    "megabyte",
    "gigabyte",
    "terabyte",
    "petabyte",
    "time",
    "foot",
    "feet",
    "inch",
    "unit",
    "star",
];

/// Lower-case singular form of a word (a plain rule: "countries" → "country", "sessions" →
/// "session"; "ss", "us" and "is" endings kept).
pub fn singular(w: &str) -> String {
    if is_acronym_plural(w) {
        return w[..w.len() - 1].to_lowercase();
    }
    let l = w.to_lowercase();
    if l.len() > 4 && l.ends_with("ies") {
        return format!("{}y", &l[..l.len() - 3]);
    }
    // "switches", "pushes", "boxes", "classes": the "es" is the plural's ("caches" and
    // "niches" keep their "e").
    if l.len() > 4
        && ["ches", "shes", "xes", "sses", "zzes"].iter().any(|e| l.ends_with(e))
        && !["caches", "niches", "aches", "clich"].iter().any(|e| l.ends_with(e))
    {
        return l[..l.len() - 2].to_string();
    }
    if l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us") && !l.ends_with("is") {
        return l[..l.len() - 1].to_string();
    }
    l
}

/// Whether a word is the plural of an acronym: two capitals or more (digits allowed after the
/// first), then a lower-case "s" ("PRs", "APIs", "KEPs", "L2s"; not "OS" or "Bus").
pub fn is_acronym_plural(w: &str) -> bool {
    let Some(stem) = w.strip_suffix('s') else { return false };
    stem.len() >= 2
        && stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && stem.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// Nouns that count in a form the plain rule of [`singular`] does not take for a plural ("5
/// staff", "10 sheep", "three children").
const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "children",
    "men",
    "women",
    "staff",
    "crew",
    "personnel",
    "police",
    "aircraft",
    "sheep",
    "fish",
    "deer",
    "cattle",
    "media",
    "data",
    "criteria",
    "feet",
    "teeth",
    "offspring",
    "youth",
];

/// Whether a lower-case word reads as a plural noun: by the plain rule of [`singular`], or as an
/// irregular or invariant plural ("people", "staff").
pub fn is_plural(l: &str) -> bool {
    IRREGULAR_PLURALS.contains(&l) || singular(l) != l
}

/// Irregular past participles that end a noun phrase ("sessions held", "grants made").
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "held", "made", "taken", "given", "done", "seen", "met", "led", "run", "set", "put", "brought", "built", "begun",
    "chosen", "drawn", "known", "shown", "grown", "written", "spent", "sent", "found", "won", "paid", "read", "left",
    "kept", "said", "told", "thought", "heard", "felt", "got", "gotten", "become", "came", "went", "gave", "took",
];

/// Whether a lower-case word reads as a regular past participle by its ending: "-ed", four
/// letters or more ("hosted", "conducted", "used"; not "red" or "bed"). Irregular forms are
/// left out: many of them are also nouns ("set", "run").
pub fn is_participle(l: &str) -> bool {
    l.len() > 3 && l.ends_with("ed")
}

/// Whether a lower-case word after a noun reads as a verb form that ends the noun phrase: a
/// participle (regular, or irregular such as "held", "made") or a gerund ("attending").
pub fn is_verb_form(l: &str) -> bool {
    is_participle(l) || (l.len() > 4 && l.ends_with("ing")) || IRREGULAR_PARTICIPLES.contains(&l)
}

/// Irregular verb forms with their base form, for [`stem`].
const IRREGULAR_VERBS: &[(&str, &str)] = &[
    ("took", "take"),
    ("taken", "take"),
    ("made", "make"),
    ("gave", "give"),
    ("given", "give"),
    ("got", "get"),
    ("gotten", "get"),
    ("went", "go"),
    ("gone", "go"),
    ("did", "do"),
    ("done", "do"),
    ("had", "have"),
    ("has", "have"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("came", "come"),
    ("became", "become"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("knew", "know"),
    ("known", "know"),
    ("thought", "think"),
    ("found", "find"),
    ("felt", "feel"),
    ("wrote", "write"),
    ("written", "write"),
    ("spent", "spend"),
    ("sent", "send"),
    ("left", "leave"),
    ("held", "hold"),
    ("kept", "keep"),
    ("met", "meet"),
    ("paid", "pay"),
    ("bought", "buy"),
    ("brought", "bring"),
    ("built", "build"),
    ("began", "begin"),
    ("begun", "begin"),
    ("ran", "run"),
    ("won", "win"),
    ("told", "tell"),
    ("understood", "understand"),
];

/// A crude stem of a lower-case word, shared by its inflections ("take", "takes", "taking" and
/// "took" all give "tak"; "use", "used", "using" give "us"). For telling whether two phrases
/// use the same words, never for display.
pub fn stem(l: &str) -> String {
    let base = IRREGULAR_VERBS.iter().find(|(form, _)| *form == l).map_or(l, |(_, base)| base);
    let mut w = if base.len() >= 5 && base.ends_with("ing") {
        base[..base.len() - 3].to_string()
    } else if base.len() >= 4 && base.ends_with("ied") {
        format!("{}y", &base[..base.len() - 3])
    } else if base.len() >= 4 && base.ends_with("ed") {
        base[..base.len() - 2].to_string()
    } else {
        singular(base)
    };
    let b = w.as_bytes();
    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]) {
        w.pop();
    }
    if w.len() >= 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("Countries"), "country");
        assert_eq!(singular("sessions"), "session");
        assert_eq!(singular("switches"), "switch");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("classes"), "class");
        assert_eq!(singular("caches"), "cache");
        for kept in ["address", "campus", "analysis", "gas"] {
            assert_eq!(singular(kept), kept);
        }
        for (acronyms, one) in [("PRs", "pr"), ("APIs", "api"), ("KEPs", "kep")] {
            assert_eq!(singular(acronyms), one);
        }
        for not_plural in ["OS", "Bus", "Is", "S"] {
            assert!(!is_acronym_plural(not_plural), "{not_plural}");
        }
    }

    #[test]
    fn stems_are_shared_by_inflections() {
        for (a, b) in [("take", "took"), ("taking", "takes"), ("use", "using"), ("used", "uses"), ("run", "running")] {
            assert_eq!(stem(a), stem(b), "{a} {b}");
        }
        for (a, b) in [("use", "user"), ("love", "live")] {
            assert_ne!(stem(a), stem(b), "{a} {b}");
        }
    }

    #[test]
    fn participles_and_verb_forms() {
        assert!(is_participle("hosted") && is_participle("used"));
        assert!(!is_participle("red") && !is_participle("held") && !is_participle("meeting"));
        assert!(is_verb_form("held") && is_verb_form("attending") && is_verb_form("aged"));
        assert!(!is_verb_form("sing") && !is_verb_form("panel"));
    }
}
