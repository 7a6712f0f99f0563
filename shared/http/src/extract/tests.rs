use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Session {
    title: String,
    seats: Vec<Seat>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Seat {
    capacity: u32,
}

fn field_error(body: &str) -> (String, String, String) {
    match parse_json::<Session>(body.as_bytes()) {
        Err(ApiError::Problem(problem)) => {
            let first = problem
                .errors
                .first()
                .cloned()
                .unwrap_or_else(|| FieldError::new("-", "-", "-"));
            (problem.kind.code.to_owned(), first.field, first.code)
        }
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[test]
fn a_whole_number_written_with_a_fraction_is_the_integer() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Assignment {
        judges_per_entry: Option<u32>,
        seats: Vec<Seat>,
    }
    let read: Assignment =
        parse_json(br#"{"judges_per_entry": 84.0, "seats": [{"capacity": 3}, {"capacity": 1e1}]}"#)
            .expect("whole numbers");
    assert_eq!(read.judges_per_entry, Some(84));
    assert_eq!(
        read.seats.iter().map(|s| s.capacity).collect::<Vec<_>>(),
        [3, 10]
    );
    assert_eq!(
        field_error(r#"{"title": "a", "seats": [{"capacity": 2.0}, {"capacity": 2.5}]}"#),
        (
            "invalid_body".into(),
            "seats[1].capacity".into(),
            "invalid_type".into()
        )
    );
    assert_eq!(
        field_error(r#"{"title": "a", "seats": [{"capacity": -2.0}]}"#),
        (
            "invalid_body".into(),
            "seats[0].capacity".into(),
            "invalid".into()
        ),
        "still checked against the type once whole"
    );
    assert!(matches!(
        parse_json::<Session>(br#"{"title": "a", "seats": [{"capacity": 2.0}]} trailing"#),
        Err(e) if e.code() == "malformed_json"
    ));
}

#[test]
fn a_struct_is_never_read_from_an_array() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Logout {
        refresh_token: String,
    }
    assert!(
        serde_json::from_str::<Logout>(r#"[""]"#).is_ok(),
        "serde's quirk"
    );
    assert!(matches!(
        parse_json::<Logout>(br#" [""]"#),
        Err(e) if e.code() == "invalid_body"
    ));
    assert!(parse_json::<Logout>(br#"{"refresh_token": ""}"#).is_ok());
}

#[test]
fn names_the_field_at_fault() {
    assert_eq!(
        field_error(r#"{"title": 1, "seats": []}"#),
        ("invalid_body".into(), "title".into(), "invalid_type".into())
    );
    assert_eq!(
        field_error(r#"{"seats": []}"#),
        ("invalid_body".into(), "title".into(), "required".into())
    );
    assert_eq!(
        field_error(r#"{"title": "a", "seats": [{"capacity": 1}, {"capacity": -1}]}"#),
        (
            "invalid_body".into(),
            "seats[1].capacity".into(),
            "invalid".into()
        )
    );
    assert_eq!(
        field_error(r#"{"title": "a", "seats": [], "colour": "red"}"#),
        (
            "unknown_field".into(),
            "colour".into(),
            "unknown_field".into()
        )
    );
    assert!(matches!(
        parse_json::<Session>(b"{\"title\": "),
        Err(e) if e.code() == "malformed_json"
    ));
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Kind {
        Lecture,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Marked {
        kind: Kind,
    }
    assert!(
        matches!(parse_json::<Marked>(b"[1, 2]"), Err(e) if e.code() == "invalid_body"),
        "valid JSON of the wrong shape is a 422, not malformed"
    );
    assert!(matches!(
        parse_json::<Session>(br#"{"title": "a", "seats": []} trailing"#),
        Err(e) if e.code() == "malformed_json"
    ));
}
