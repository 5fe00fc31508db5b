//! Helpers shared by the PDF test suites.

use lopdf::Object;

/// A PDF text string as Rust text: UTF-16BE with its byte order mark, or else bytes read as
/// UTF-8 (the writer's strings are ASCII or UTF-16).
pub fn text_of(o: &Object) -> Option<String> {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let u: Vec<u16> = b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            Some(String::from_utf16_lossy(&u))
        }
        Object::String(b, _) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}
