//! Numbers in prose: number words read ("seventy-five" → 75) and numbers written as people
//! write them ("9,435", "68.4").

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// The value of a number word ("nineteen", "seventy-five", "forty"), in any case.
pub fn number_word(w: &str) -> Option<f64> {
    // Called on every word of the corpus: compare without allocating.
    if w.len() < 3 || w.len() > 13 {
        return None;
    }
    // Every number word starts with one of these letters: most words stop here.
    if !matches!(w.as_bytes()[0].to_ascii_lowercase(), b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n') {
        return None;
    }
    let is = |x: &&str| !x.is_empty() && x.eq_ignore_ascii_case(w);
    if let Some(i) = ONES.iter().position(|x| x.eq_ignore_ascii_case(w)) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(is) {
        return Some(i as f64 * 10.0);
    }
    let (t, o) = w.split_once('-')?;
    let t = TENS.iter().position(|x| !x.is_empty() && x.eq_ignore_ascii_case(t))?;
    let o = ONES.iter().position(|x| x.eq_ignore_ascii_case(o)).filter(|o| (1..10).contains(o))?;
    Some((t * 10 + o) as f64)
}

/// A number as people write it in prose: thousands separated by commas, no needless decimals,
/// at most two ("9,435", "-30", "68.4").
pub fn fmt_num(v: f64) -> String {
    format_number(v, true)
}

/// A number as a short decimal without thousands separators, for labels where a comma could be
/// misread ("9435", "12.5", "0.33").
pub fn fmt_plain(v: f64) -> String {
    format_number(v, false)
}

/// A whole number (within rounding noise) with its digits, optionally grouped by thousands;
/// anything else with at most two decimals, trailing zeros dropped.
fn format_number(v: f64, group: bool) -> String {
    if (v - v.round()).abs() >= 1e-9 {
        let s = format!("{v:.2}");
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let s = format!("{:.0}", v.round());
    let (neg, digits) = match s.strip_prefix('-') {
        // No "-0".
        Some(d) => (d.bytes().any(|b| b != b'0'), d),
        None => (false, s.as_str()),
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if neg {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words() {
        assert_eq!(number_word("seventy-five"), Some(75.0));
        assert_eq!(number_word("nineteen"), Some(19.0));
        assert_eq!(number_word("Forty"), Some(40.0));
        assert_eq!(number_word("zero"), Some(0.0));
        assert_eq!(number_word("twenty-ten"), None);
        assert_eq!(number_word("often"), None);
    }

    #[test]
    fn numbers_format_like_prose() {
        assert_eq!(fmt_num(262.0), "262");
        assert_eq!(fmt_num(9435.0), "9,435");
        assert_eq!(fmt_num(-30.0), "-30");
        assert_eq!(fmt_num(-1234567.0), "-1,234,567");
        assert_eq!(fmt_num(68.4), "68.4");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(1e20), "100,000,000,000,000,000,000");
    }

    #[test]
    fn plain_numbers_are_short_decimals() {
        assert_eq!(fmt_plain(42.0), "42");
        assert_eq!(fmt_plain(9435.0), "9435");
        assert_eq!(fmt_plain(12.5), "12.5");
        assert_eq!(fmt_plain(1.0 / 3.0), "0.33");
        assert_eq!(fmt_plain(-0.0), "0");
    }
}
