//! Numbers in prose: number words read ("seventy-five" → 75) and numbers written as people
//! write them ("9,435", "68.4").

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
    match w.split_once('-') {
        None => simple_number_word(w),
        Some((t, o)) => {
            let (t, o) = (simple_number_word(t)?, simple_number_word(o)?);
            (t >= 20.0 && t % 10.0 == 0.0 && (1.0..10.0).contains(&o)).then_some(t + o)
        }
    }
}

/// The value of a number word without a hyphen (one of ONES or TENS), in any case: compared
/// only with the number words that start with its letter.
fn simple_number_word(w: &str) -> Option<f64> {
    const Z: &[(&str, u8)] = &[("zero", 0)];
    const O: &[(&str, u8)] = &[("one", 1)];
    const T: &[(&str, u8)] =
        &[("two", 2), ("three", 3), ("ten", 10), ("twelve", 12), ("thirteen", 13), ("twenty", 20), ("thirty", 30)];
    const F: &[(&str, u8)] =
        &[("four", 4), ("five", 5), ("fourteen", 14), ("fifteen", 15), ("forty", 40), ("fifty", 50)];
    const S: &[(&str, u8)] =
        &[("six", 6), ("seven", 7), ("sixteen", 16), ("seventeen", 17), ("sixty", 60), ("seventy", 70)];
    const E: &[(&str, u8)] = &[("eight", 8), ("eleven", 11), ("eighteen", 18), ("eighty", 80)];
    const N: &[(&str, u8)] = &[("nine", 9), ("nineteen", 19), ("ninety", 90)];
    let candidates = match w.as_bytes().first()?.to_ascii_lowercase() {
        b'z' => Z,
        b'o' => O,
        b't' => T,
        b'f' => F,
        b's' => S,
        b'e' => E,
        b'n' => N,
        _ => return None,
    };
    candidates.iter().find(|(x, _)| x.eq_ignore_ascii_case(w)).map(|&(_, v)| f64::from(v))
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

    // The number words spelled out, in order: the table of `simple_number_word` must agree.
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

    #[test]
    fn number_words() {
        assert_eq!(number_word("seventy-five"), Some(75.0));
        assert_eq!(number_word("nineteen"), Some(19.0));
        assert_eq!(number_word("Forty"), Some(40.0));
        assert_eq!(number_word("zero"), Some(0.0));
        assert_eq!(number_word("twenty-ten"), None);
        assert_eq!(number_word("often"), None);
        // Every number word up to ninety-nine, in lower, title and upper case.
        for (i, one) in ONES.iter().enumerate() {
            for w in [one.to_string(), one.to_uppercase(), format!("{}{}", one[..1].to_uppercase(), &one[1..])] {
                assert_eq!(number_word(&w), Some(i as f64), "{w}");
            }
        }
        for (t, ten) in TENS.iter().enumerate().skip(2) {
            assert_eq!(number_word(ten), Some(t as f64 * 10.0));
            for (o, one) in ONES.iter().enumerate() {
                let expected = (1..10).contains(&o).then_some((t * 10 + o) as f64);
                assert_eq!(number_word(&format!("{ten}-{one}")), expected, "{ten}-{one}");
            }
        }
        assert_eq!(number_word("ten-five"), None);
        assert_eq!(number_word("thousand"), None);
        assert_eq!(number_word("zero-one"), None);
        assert_eq!(number_word("fïve"), None);
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
