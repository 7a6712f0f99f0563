//! The score-sheet audit trail as a hash chain. Each record of a contest's trail carries the
//! SHA-256 of the record before it (`prev_hash`; the first carries 64 zeros) and its own
//! `hash`, the SHA-256 (lowercase hex) of its fields joined with newlines in this order:
//! prev_hash, contest_id, position, sheet_id, action, actor, reason (empty when none),
//! scores (the JSON text as stored), created_at (`YYYY-MM-DDTHH:MM:SS.ffffffZ`).
//! Changing, removing or reordering any record breaks the chain at that point, which
//! [`verify`] reports.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

/// The `prev_hash` of a trail's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One record's fields as hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub contest_id: String,
    pub position: i64,
    pub sheet_id: String,
    pub action: String,
    pub actor: String,
    pub reason: Option<String>,
    pub scores: String,
    pub prev_hash: String,
    pub hash: String,
    pub created_at: NaiveDateTime,
}

/// The hash of a record with these fields.
pub fn hash_of(link: &Link) -> String {
    let text = [
        link.prev_hash.as_str(),
        link.contest_id.as_str(),
        &link.position.to_string(),
        link.sheet_id.as_str(),
        link.action.as_str(),
        link.actor.as_str(),
        link.reason.as_deref().unwrap_or(""),
        link.scores.as_str(),
        &link.created_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
    ]
    .join("\n");
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a verification found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub records: usize,
    /// The position of the first record whose hash or link does not hold; `None`: intact.
    pub first_broken: Option<i64>,
}

/// Walks a trail in position order (1, 2, …) and checks each link.
pub fn verify(trail: &[Link]) -> Verdict {
    let mut prev = GENESIS.to_owned();
    for (i, link) in trail.iter().enumerate() {
        let expected_position = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
        if link.position != expected_position
            || link.prev_hash != prev
            || hash_of(link) != link.hash
        {
            return Verdict {
                records: trail.len(),
                first_broken: Some(link.position),
            };
        }
        prev = link.hash.clone();
    }
    Verdict {
        records: trail.len(),
        first_broken: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Link> {
        let mut prev = GENESIS.to_owned();
        let at = NaiveDateTime::parse_from_str("2026-12-01 08:00:00", "%Y-%m-%d %H:%M:%S")
            .expect("test");
        (1..=n)
            .map(|position| {
                let mut link = Link {
                    contest_id: "c1".into(),
                    position,
                    sheet_id: format!("s{position}"),
                    action: "submitted".into(),
                    actor: "p1".into(),
                    reason: None,
                    scores: r#"{"k1":850}"#.into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                    created_at: at,
                };
                link.hash = hash_of(&link);
                prev = link.hash.clone();
                link
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let trail = chain(4);
        assert_eq!(
            verify(&trail),
            Verdict {
                records: 4,
                first_broken: None
            }
        );
        assert_eq!(trail[0].hash.len(), 64);
        assert_eq!(verify(&[]).first_broken, None);
    }

    #[test]
    fn a_changed_removed_or_rehashed_record_breaks_the_chain() {
        let mut changed = chain(4);
        changed[1].scores = r#"{"k1":1000}"#.into();
        assert_eq!(verify(&changed).first_broken, Some(2));

        let mut removed = chain(4);
        removed.remove(2);
        assert_eq!(verify(&removed).first_broken, Some(4));

        // Recomputing the changed record's own hash still breaks the next link.
        let mut rehashed = chain(4);
        rehashed[1].reason = Some("改分".into());
        rehashed[1].hash = hash_of(&rehashed[1]);
        assert_eq!(verify(&rehashed).first_broken, Some(3));
    }
}
