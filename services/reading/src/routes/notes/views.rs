//! What `notes` reads and answers: request and view types.

use super::*;

/// A reading note, as its author and reviewers see it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NoteView {
    pub id: String,
    pub person_id: String,
    pub book_id: Option<String>,
    pub book_title: String,
    pub title: String,
    pub body: String,
    /// Whether a featured note shows the author's name.
    pub show_name: bool,
    /// `submitted`, `featured` or `returned`.
    pub status: String,
    pub review_comment: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<NoteRow> for NoteView {
    fn from(row: NoteRow) -> Self {
        Self {
            reviewed_at: row.reviewed_at.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            person_id: row.person_id,
            book_id: row.book_id,
            book_title: row.book_title,
            title: row.title,
            body: row.body,
            show_name: row.show_name,
            status: row.status,
            review_comment: row.review_comment,
            version: row.version,
        }
    }
}

/// A note: on a book (by ISBN or title), its title and text.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    /// The book's title (needed unless the ISBN is in the catalogue).
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub book_title: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub body: String,
    /// Show the author's name if the note is featured. Default: no.
    #[serde(default)]
    pub show_name: bool,
}

impl Validate for NoteRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match (&self.isbn, &self.book_title) {
            (None, None) => errors.push(FieldError::new(
                "book_title",
                "required",
                "the book, by isbn or title",
            )),
            (isbn, title) => {
                if let Some(isbn) = isbn {
                    parse_isbn("isbn", isbn, &mut errors);
                }
                if let Some(title) = title {
                    check_text("book_title", title, 300, &mut errors);
                }
            }
        }
        check_text("title", &self.title, 200, &mut errors);
        check_text("body", &self.body, 20_000, &mut errors);
        field_errors(errors)
    }
}
