//! Cursor pagination and `updated_since` extraction over commit-ordered change sequences
//! (see `lt_store::next_change_seq`): a cursor never skips a row that commits late and a
//! list never repeats one.

use chrono::{DateTime, NaiveDateTime, Utc};
use lt_store::Tombstone;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::problem::{FieldError, kinds};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// `?cursor=&limit=` of a list.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Opaque cursor from the previous page's `next_cursor`; absent for the first page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// Items per page, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    #[serde(default, deserialize_with = "whole_number_text")]
    pub limit: Option<u32>,
}

/// Reads a query number such as `50` or `50.0` (JSON Schema's integers include the latter).
fn whole_number_text<'de, D>(deserializer: D) -> Result<Option<u32>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let number = text
        .parse::<u32>()
        .ok()
        .or_else(|| {
            text.parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                .map(|f| f as u32)
        })
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a whole number")))?;
    Ok(Some(number))
}

/// A validated page request: rows after sequence `after`, at most `limit` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub after: i64,
    pub limit: i64,
}

impl PageRequest {
    /// How many rows to fetch: one more than the page, to learn whether another page exists.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}

fn resolve_limit(limit: Option<u32>) -> Result<i64, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(i64::from(n)),
        _ => Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "limit",
                "out_of_range",
                format!("limit must be between 1 and {MAX_LIMIT}"),
            )]),
        ),
    }
}

impl PageQuery {
    pub fn resolve(&self) -> Result<PageRequest, ApiError> {
        Ok(PageRequest {
            after: self
                .cursor
                .as_deref()
                .map(decode_cursor)
                .transpose()?
                .unwrap_or(0),
            limit: resolve_limit(self.limit)?,
        })
    }
}

/// The schema pattern of a cursor: a position in a change sequence, written in decimal.
pub const CURSOR_PATTERN: &str = "^[0-9]{1,18}$";

/// Encodes a sequence number as a cursor. Clients treat it as opaque; it is plain decimal so
/// that the schema states exactly which cursors exist (every one of that form is a valid
/// position).
pub fn encode_cursor(seq: i64) -> String {
    seq.to_string()
}

/// Decodes a cursor made by [`encode_cursor`]; anything else is a 400 `invalid_cursor`.
pub fn decode_cursor(cursor: &str) -> Result<i64, ApiError> {
    let well_formed =
        !cursor.is_empty() && cursor.len() <= 18 && cursor.bytes().all(|b| b.is_ascii_digit());
    well_formed
        .then(|| cursor.parse::<i64>().ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::new(&kinds::INVALID_CURSOR).with_errors(vec![FieldError::new(
                "cursor",
                "invalid",
                "not a cursor this service issued",
            )])
        })
}

/// One page of a list, in creation order.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `request.fetch()` rows ordered by their sequence.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        request: PageRequest,
        seq: impl Fn(&R) -> i64,
        item: impl Fn(R) -> T,
    ) -> Self {
        let more = rows.len() as i64 > request.limit;
        rows.truncate(usize::try_from(request.limit).unwrap_or(usize::MAX));
        let next_cursor = if more {
            rows.last().map(|r| encode_cursor(seq(r)))
        } else {
            None
        };
        Self {
            items: rows.into_iter().map(item).collect(),
            next_cursor,
        }
    }

    /// [`from_rows`](Self::from_rows) for views that may fail to build (they read more rows,
    /// or parse what is stored): the first failure is the answer.
    pub fn try_from_rows<R, E>(
        rows: Vec<R>,
        request: PageRequest,
        seq: impl Fn(&R) -> i64,
        item: impl FnMut(R) -> Result<T, E>,
    ) -> Result<Self, E> {
        let page = Page::from_rows(rows, request, seq, |r| r);
        Ok(Self {
            items: page.items.into_iter().map(item).collect::<Result<_, E>>()?,
            next_cursor: page.next_cursor,
        })
    }
}

/// `?updated_since=&cursor=&limit=` of an extraction endpoint.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// Only changes at or after this instant (RFC 3339). For a first load; to stay in sync,
    /// keep `next_cursor` instead, which never misses a late commit.
    pub updated_since: Option<DateTime<Utc>>,
    /// `next_cursor` of the previous response.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// Changes per page, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    #[serde(default, deserialize_with = "whole_number_text")]
    pub limit: Option<u32>,
}

/// A validated extraction request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangesRequest {
    pub after: i64,
    pub since: Option<NaiveDateTime>,
    pub limit: i64,
}

impl ChangesQuery {
    pub fn resolve(&self) -> Result<ChangesRequest, ApiError> {
        Ok(ChangesRequest {
            after: self
                .cursor
                .as_deref()
                .map(decode_cursor)
                .transpose()?
                .unwrap_or(0),
            since: self.updated_since.map(|t| t.naive_utc()),
            limit: resolve_limit(self.limit)?,
        })
    }
}

/// A deleted or withdrawn record, as extraction reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TombstoneView {
    pub id: String,
    pub deleted_at: DateTime<Utc>,
}

/// One page of changes: records created or changed, and records deleted, in commit order.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangesPage<T> {
    /// Current state of records changed in this page.
    pub items: Vec<T>,
    /// Records deleted or withdrawn in this page.
    pub tombstones: Vec<TombstoneView>,
    /// Where to resume; always present, so a client at the end can poll with it later.
    pub next_cursor: String,
    /// More changes are waiting now.
    pub has_more: bool,
}

impl<T> ChangesPage<T> {
    /// Merges live rows (with their `change_seq`) and tombstones, both fetched with
    /// `limit + 1` after the cursor, into one page in commit order.
    pub fn merge(rows: Vec<(i64, T)>, tombstones: Vec<Tombstone>, request: ChangesRequest) -> Self {
        enum Entry<T> {
            Live(T),
            Gone(Tombstone),
        }
        let mut entries: Vec<(i64, Entry<T>)> = rows
            .into_iter()
            .map(|(seq, row)| (seq, Entry::Live(row)))
            .chain(
                tombstones
                    .into_iter()
                    .map(|t| (t.change_seq, Entry::Gone(t))),
            )
            .collect();
        entries.sort_by_key(|(seq, _)| *seq);
        let has_more = entries.len() as i64 > request.limit;
        entries.truncate(usize::try_from(request.limit).unwrap_or(usize::MAX));
        let last = entries.last().map_or(request.after, |(seq, _)| *seq);
        let mut page = Self {
            items: Vec::new(),
            tombstones: Vec::new(),
            next_cursor: encode_cursor(last),
            has_more,
        };
        for (_, entry) in entries {
            match entry {
                Entry::Live(row) => page.items.push(row),
                Entry::Gone(t) => page.tombstones.push(TombstoneView {
                    id: t.entity_id,
                    deleted_at: t.deleted_at.and_utc(),
                }),
            }
        }
        page
    }
}

impl<T> ChangesPage<Option<T>> {
    /// The page without the rows its reader may not see (`None`); they still move the cursor.
    pub fn flattened(self) -> ChangesPage<T> {
        ChangesPage {
            items: self.items.into_iter().flatten().collect(),
            tombstones: self.tombstones,
            next_cursor: self.next_cursor,
            has_more: self.has_more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        assert_eq!(decode_cursor(&encode_cursor(42)).ok(), Some(42));
        for bad in ["", "-1", "4e2", "!!!", "1234567890123456789", "forged"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_are_bounded() {
        let query = |limit| PageQuery {
            cursor: None,
            limit: Some(limit),
        };
        assert!(query(0).resolve().is_err());
        assert!(query(501).resolve().is_err());
        assert_eq!(query(500).resolve().ok().map(|r| r.limit), Some(500));
        assert_eq!(
            PageQuery::default().resolve().ok().map(|r| r.limit),
            Some(50)
        );
    }

    #[test]
    fn merge_keeps_commit_order_and_reports_where_to_resume() {
        let deleted_at = chrono::DateTime::from_timestamp(0, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default();
        let tomb = |seq: i64, id: &str| Tombstone {
            change_seq: seq,
            entity_id: id.into(),
            deleted_at,
        };
        let request = ChangesRequest {
            after: 3,
            since: None,
            limit: 2,
        };
        let page = ChangesPage::merge(
            vec![(4, "a"), (7, "c")],
            vec![tomb(5, "b"), tomb(8, "d")],
            request,
        );
        assert_eq!(page.items, vec!["a"]);
        assert_eq!(page.tombstones.len(), 1);
        assert_eq!(page.tombstones[0].id, "b");
        assert!(page.has_more);
        assert_eq!(decode_cursor(&page.next_cursor).ok(), Some(5));
        let empty: ChangesPage<&str> = ChangesPage::merge(vec![], vec![], request);
        assert!(!empty.has_more);
        assert_eq!(decode_cursor(&empty.next_cursor).ok(), Some(3));
    }
}
