//! CSV answers for reports: UTF-8 with a byte-order mark (so Excel shows Chinese correctly),
//! CRLF line ends, RFC 4180 quoting, and cells that would start a spreadsheet formula
//! prefixed with `'` (CSV injection).
//!
//! A report's one answer is [`answer`]: its JSON body, or the CSV of its rows when the caller
//! asked for CSV; a row type says how it reads as a spreadsheet line by implementing
//! [`CsvRow`] next to its definition.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

/// A report row as one CSV line: the column headings (Chinese, as a unit's office reads
/// them) and the row's cells in the same order.
pub trait CsvRow {
    const COLUMNS: &'static [&'static str];
    fn cells(&self) -> Vec<String>;
}

/// A report's answer: `body` as JSON, or — with `?format=csv` or `Accept: text/csv` — the
/// CSV text (with BOM) of `rows` as an attachment named `file_name`.
pub fn answer<B: Serialize, R: CsvRow>(
    req: &HttpRequest,
    body: &B,
    file_name: &str,
    rows: &[R],
) -> HttpResponse {
    if wants_csv(req) {
        table(file_name, rows)
    } else {
        HttpResponse::Ok().json(body)
    }
}

/// The CSV attachment of `rows` (for reports whose JSON is paged but whose CSV is whole).
pub fn table<R: CsvRow>(file_name: &str, rows: &[R]) -> HttpResponse {
    csv_response(file_name, csv_text(R::COLUMNS, rows.iter().map(R::cells)))
}

/// An optional cell: empty when absent.
pub fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// True when the caller asked for CSV: `?format=csv` or `Accept: text/csv`.
pub fn wants_csv(req: &HttpRequest) -> bool {
    let by_query = req
        .query_string()
        .split('&')
        .any(|pair| pair == "format=csv");
    let by_accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"));
    by_query || by_accept
}

fn cell(value: &str) -> String {
    let looks_numeric = value.parse::<f64>().is_ok();
    let formula = !looks_numeric && value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\r', '\n']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The CSV text (with BOM) of a header row and data rows.
pub fn csv_text<R, C>(header_row: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut out = String::from('\u{FEFF}');
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(header_row.iter().map(|h| cell(h)).collect()));
    for row in rows {
        out.push_str(&line(row.into_iter().map(|c| cell(&c)).collect()));
    }
    out
}

/// A `text/csv` attachment named `filename` (ASCII fallback plus the UTF-8 name).
pub fn csv_response(filename: &str, text: String) -> HttpResponse {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .body(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_quoting_and_formula_guard() {
        let text = csv_text(
            &["部门", "学时"],
            vec![
                vec!["组织部".to_owned(), "12.50".to_owned()],
                vec!["a,\"b\"".to_owned(), "-3".to_owned()],
                vec!["=HYPERLINK(\"x\")".to_owned(), "".to_owned()],
            ],
        );
        assert!(text.starts_with('\u{FEFF}'));
        assert_eq!(
            text.trim_start_matches('\u{FEFF}'),
            "部门,学时\r\n组织部,12.50\r\n\"a,\"\"b\"\"\",-3\r\n\"'=HYPERLINK(\"\"x\"\")\",\r\n"
        );
    }
}
