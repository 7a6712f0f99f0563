//! Loan records as the city library exports them: JSON rows, or CSV with a header row
//! (English names, or the library's Chinese ones: 借阅流水号, 读者证号, ISBN, 题名, 责任者,
//! 借出日期, 应还日期, 归还日期). Each row is checked alone; a bad row is reported with its
//! number (1 = the first data row) and field, and never stops the good ones.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::isbn::Isbn;

/// Most rows one batch may hold.
pub const MAX_ROWS: usize = 10_000;

/// One loan row as sent. Each row is checked alone and a bad one is reported, not refused
/// with the batch, so the limits are stated here rather than in the schema: `loan_id` 1–100
/// characters, `card_number` 1–50, `isbn` an ISBN-10 or ISBN-13 with a valid check digit,
/// `title` 1–300, `author` cut to 200.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanRow {
    /// The library's own id of the loan (the key: a rerun updates, never duplicates).
    pub loan_id: String,
    pub card_number: String,
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    /// `2026-03-01` (or `2026/03/01`).
    pub borrowed_on: String,
    pub due_on: Option<String>,
    pub returned_on: Option<String>,
}

/// A row that passed its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanRecord {
    pub row: usize,
    pub loan_id: String,
    pub card_number: String,
    pub isbn: Option<Isbn>,
    pub title: String,
    pub author: Option<String>,
    pub borrowed_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

/// Why a row was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowError {
    /// 1 for the first data row.
    pub row: usize,
    pub field: String,
    pub code: String,
    pub message: String,
}

impl RowError {
    pub fn new(row: usize, field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            row,
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y/%m/%d"))
        .ok()
}

fn optional_day(
    row: usize,
    field: &str,
    text: Option<&str>,
    errors: &mut Vec<RowError>,
) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let parsed = day(text);
    if parsed.is_none() {
        errors.push(RowError::new(
            row,
            field,
            "invalid",
            "a day such as 2026-03-01",
        ));
    }
    parsed
}

fn text(row: usize, field: &str, value: &str, max: usize, errors: &mut Vec<RowError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(RowError::new(row, field, "required", "must not be blank"));
    } else if value.chars().count() > max {
        errors.push(RowError::new(
            row,
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    value.to_owned()
}

/// Checks row `row` (1-based) against today: the loan record, or every field error found.
pub fn check(row: usize, raw: &LoanRow, today: NaiveDate) -> Result<LoanRecord, Vec<RowError>> {
    let mut errors = Vec::new();
    let loan_id = text(row, "loan_id", &raw.loan_id, 100, &mut errors);
    let card_number = text(row, "card_number", &raw.card_number, 50, &mut errors);
    let title = text(row, "title", &raw.title, 300, &mut errors);
    let author = raw
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.chars().take(200).collect::<String>());
    let isbn = match raw.isbn.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        None => None,
        Some(text) => match Isbn::parse(text) {
            Ok(isbn) => Some(isbn),
            Err(e) => {
                errors.push(RowError::new(row, "isbn", "invalid_isbn", e.message()));
                None
            }
        },
    };
    let borrowed_on = match day(&raw.borrowed_on) {
        Some(d) if d > today => {
            errors.push(RowError::new(
                row,
                "borrowed_on",
                "out_of_range",
                "not in the future",
            ));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(RowError::new(
                row,
                "borrowed_on",
                "invalid",
                "a day such as 2026-03-01",
            ));
            None
        }
    };
    let due_on = optional_day(row, "due_on", raw.due_on.as_deref(), &mut errors);
    let returned_on = optional_day(row, "returned_on", raw.returned_on.as_deref(), &mut errors);
    if let Some(borrowed) = borrowed_on {
        if due_on.is_some_and(|d| d < borrowed) {
            errors.push(RowError::new(
                row,
                "due_on",
                "out_of_range",
                "not before borrowed_on",
            ));
        }
        if returned_on.is_some_and(|d| d < borrowed) {
            errors.push(RowError::new(
                row,
                "returned_on",
                "out_of_range",
                "not before borrowed_on",
            ));
        }
    }
    if returned_on.is_some_and(|d| d > today) {
        errors.push(RowError::new(
            row,
            "returned_on",
            "out_of_range",
            "not in the future",
        ));
    }
    match (errors.is_empty(), borrowed_on) {
        (true, Some(borrowed_on)) => Ok(LoanRecord {
            row,
            loan_id,
            card_number,
            isbn,
            title,
            author,
            borrowed_on,
            due_on,
            returned_on,
        }),
        _ => Err(errors),
    }
}

/// The field a CSV header names, by its English or Chinese name.
fn field_of(header: &str) -> Option<&'static str> {
    let header = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    Some(match header.as_str() {
        "loan_id" | "借阅流水号" | "流水号" => "loan_id",
        "card_number" | "读者证号" | "证号" | "借书证号" => "card_number",
        "isbn" => "isbn",
        "title" | "题名" | "书名" => "title",
        "author" | "责任者" | "作者" => "author",
        "borrowed_on" | "借出日期" | "借书日期" => "borrowed_on",
        "due_on" | "应还日期" => "due_on",
        "returned_on" | "归还日期" | "还书日期" => "returned_on",
        _ => return None,
    })
}

/// Why a CSV cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// The header row lacks a required column (named).
    MissingColumn(&'static str),
    /// A header names no known column.
    UnknownColumn(String),
    /// Not CSV (or not UTF-8).
    Unreadable(String),
    TooManyRows,
}

/// The rows of a CSV export: each as a [`LoanRow`], or a row error when the row itself is
/// broken (wrong number of cells).
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Result<LoanRow, RowError>>, CsvError> {
    let text = std::str::from_utf8(bytes).map_err(|_| CsvError::Unreadable("not UTF-8".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CsvError::Unreadable(e.to_string()))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for header in &headers {
        columns.push(field_of(header).ok_or_else(|| CsvError::UnknownColumn(header.to_owned()))?);
    }
    for required in ["loan_id", "card_number", "title", "borrowed_on"] {
        if !columns.contains(&required) {
            return Err(CsvError::MissingColumn(required));
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if rows.len() >= MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        let row = i + 1;
        let record = match record {
            Ok(record) if record.len() == columns.len() => record,
            Ok(_) => {
                rows.push(Err(RowError::new(
                    row,
                    "row",
                    "invalid",
                    format!("{} cells expected", columns.len()),
                )));
                continue;
            }
            Err(e) => {
                rows.push(Err(RowError::new(row, "row", "invalid", e.to_string())));
                continue;
            }
        };
        let mut loan = LoanRow::default();
        for (field, value) in columns.iter().zip(record.iter()) {
            let value = value.to_owned();
            match *field {
                "loan_id" => loan.loan_id = value,
                "card_number" => loan.card_number = value,
                "isbn" => loan.isbn = Some(value),
                "title" => loan.title = value,
                "author" => loan.author = Some(value),
                "borrowed_on" => loan.borrowed_on = value,
                "due_on" => loan.due_on = Some(value),
                _ => loan.returned_on = Some(value),
            }
        }
        rows.push(Ok(loan));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("day")
    }

    #[test]
    fn the_librarys_chinese_export_reads_like_the_english_one() {
        let csv = "\u{feff}借阅流水号,读者证号,ISBN,题名,责任者,借出日期,应还日期,归还日期\r\n\
                   L1,ZLQ00000001,7-02-002626-5,平凡的世界,路遥,2026/03/01,2026/03/31,\r\n\
                   L2,ZLQ00000002,,\"红岩, 上\",罗广斌,2026-04-02,,2026-04-20\r\n\
                   L3,ZLQ00000003\r\n";
        let rows = parse_csv(csv.as_bytes()).expect("readable");
        assert_eq!(rows.len(), 3);
        let first = check(1, rows[0].as_ref().expect("row 1"), today()).expect("valid");
        assert_eq!(
            first.isbn.map(|i| i.to_string()),
            Some("9787020026265".to_owned())
        );
        assert_eq!(first.returned_on, None);
        let second = check(2, rows[1].as_ref().expect("row 2"), today()).expect("valid");
        assert_eq!(second.title, "红岩, 上");
        assert_eq!(rows[2].as_ref().err().map(|e| e.row), Some(3));
    }

    #[test]
    fn a_bad_row_says_which_fields_are_wrong() {
        let row = LoanRow {
            loan_id: "L9".into(),
            card_number: " ".into(),
            isbn: Some("978-7-02-002626-1".into()),
            title: "书".into(),
            borrowed_on: "2026-07-01".into(),
            returned_on: Some("2026-02-01".into()),
            ..LoanRow::default()
        };
        let fields: Vec<String> = check(7, &row, today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["card_number", "isbn", "borrowed_on"]);
        assert_eq!(
            parse_csv(b"loan_id,title\r\n").err(),
            Some(CsvError::MissingColumn("card_number"))
        );
        assert_eq!(
            parse_csv(b"loan_id,colour\r\n").err(),
            Some(CsvError::UnknownColumn("colour".into()))
        );
    }
}
