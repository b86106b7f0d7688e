//! Percent-encoding for the links the reader writes and the query strings
//! it reads (`application/x-www-form-urlencoded`, as GET forms send them).

const HEX_DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes `text` for use as one path segment or one query key or value:
/// everything but `A–Z a–z 0–9 - . _ ~` is percent-encoded.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
            out.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// Decodes one form-encoded component: `+` is a space, `%XX` a byte.
/// Malformed escapes are kept as written; invalid UTF-8 is replaced.
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Splits a query string into decoded `(key, value)` pairs, in order, keeping
/// repeated keys (`rating=teen&rating=general`).
pub(crate) fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (decode(key), decode(value)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// Joins pairs into a query string (without the leading `?`).
pub(crate) fn join_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode(key));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in [
            "plain",
            "a b&c=d",
            "Harry/Draco",
            "naïve 💙",
            "50%",
            "javascript:x",
        ] {
            assert_eq!(decode(&encode(text)), text);
        }
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }

    #[test]
    fn decodes_forms() {
        assert_eq!(decode("a+b%2Bc"), "a b+c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%41"), "A");
        assert_eq!(
            parse_pairs("rating=teen&rating=general&&q=&flag"),
            vec![
                ("rating".to_string(), "teen".to_string()),
                ("rating".to_string(), "general".to_string()),
                ("q".to_string(), String::new()),
                ("flag".to_string(), String::new()),
            ]
        );
        assert_eq!(
            join_pairs([("q", "a b"), ("tag", "x&y")]),
            "q=a%20b&tag=x%26y"
        );
    }
}
