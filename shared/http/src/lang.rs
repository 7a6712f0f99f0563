//! The reader's language for problem titles: Chinese by default, English on request.

use actix_web::http::header::{ACCEPT_LANGUAGE, HeaderMap};

pub use lt_api::Lang;

/// Picks from `Accept-Language` by quality: the best-ranked `zh*` or `en*` wins; anything
/// else (or no header) means Chinese.
pub fn from_headers(headers: &HeaderMap) -> Lang {
    let Some(value) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Lang::Zh;
    };
    let mut best: Option<(f32, Lang)> = None;
    for entry in value.split(',') {
        let mut parts = entry.trim().split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = if tag.starts_with("zh") {
            Lang::Zh
        } else if tag.starts_with("en") {
            Lang::En
        } else {
            continue;
        };
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map_or(Lang::Zh, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn lang(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).expect("header"),
        );
        from_headers(&headers)
    }

    #[test]
    fn chinese_unless_english_is_preferred() {
        assert_eq!(from_headers(&HeaderMap::new()), Lang::Zh);
        assert_eq!(lang("en-US,en;q=0.9"), Lang::En);
        assert_eq!(lang("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(lang("fr, en;q=0.5"), Lang::En);
        assert_eq!(lang("en;q=0.3, zh;q=0.7"), Lang::Zh);
        assert_eq!(lang("de"), Lang::Zh);
        assert_eq!(lang("en;q=0"), Lang::Zh);
    }
}
