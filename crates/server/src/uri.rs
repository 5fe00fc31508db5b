//! `file:` URIs and paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The `file:` URI of an absolute path: each byte outside the unreserved characters and `/`
/// percent-encoded (as VS Code writes them).
pub fn from_path(path: &Path) -> Option<Uri> {
    let s = path.to_str()?;
    let s = s.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

/// The path of a `file:` URI (percent-decoded); `None` for other schemes and remote hosts.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://").or_else(|| s.strip_prefix("FILE://"))?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let raw = rest.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                bytes.push(b);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    let decoded = String::from_utf8(bytes).ok()?;
    // `/C:/dir` on Windows.
    let windows = decoded.len() > 2 && decoded.as_bytes()[2] == b':' && decoded.as_bytes()[1].is_ascii_alphabetic();
    Some(PathBuf::from(if windows && cfg!(windows) { &decoded[1..] } else { decoded.as_str() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_survive_the_round_trip() {
        for p in ["/tmp/a b/report #1.md", "/srv/données/état.txt", "/x/100%.md"] {
            let uri = from_path(Path::new(p)).expect("a URI");
            assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
            assert_eq!(to_path(&uri), Some(PathBuf::from(p)));
        }
        let vscode = Uri::from_str("file:///home/u/My%20Report.md").expect("parses");
        assert_eq!(to_path(&vscode), Some(PathBuf::from("/home/u/My Report.md")));
        assert_eq!(to_path(&Uri::from_str("untitled:Untitled-1").expect("parses")), None);
    }
}
