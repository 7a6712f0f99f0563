//! The catalogue: books by ISBN (ISBN-10 and ISBN-13 validated and kept as ISBN-13), added
//! by reading coordinators, searched by anyone signed in.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn books_are_kept_by_isbn_13_whichever_form_arrives(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区图书馆", None).await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        let cadre = app.cadre(&unit, "读者").await;
        let made = app.post("/api/v1/reading/books", &office.token, &json!({"isbn": "7-02-002626-5", "title": "平凡的世界", "author": "路遥", "category": "I247.5"})).await;
        assert_eq!(made.status, 201, "{}", made.text);
        assert_eq!(made.json()["isbn"], "9787020026265");
        let location = made.header("location").expect("Location").to_owned();
        assert_eq!(app.get(&location, &cadre.token).await.json()["title"], "平凡的世界");
        // The same book by its ISBN-13 is the same book.
        let twice = app.post("/api/v1/reading/books", &office.token, &json!({"isbn": "978-7-02-002626-5", "title": "平凡的世界（第二版）"})).await;
        assert_eq!((twice.status.as_u16(), twice.problem_code().as_str()), (409, "book_exists"));
        let found = app.get("/api/v1/reading/books?isbn=7020026265", &cadre.token).await;
        assert_eq!(found.status, 200, "{}", found.text);
        assert_eq!(found.json()["items"].as_array().map(Vec::len), Some(1));
        let by_text = app.get("/api/v1/reading/books?q=%E8%B7%AF%E9%81%A5", &cadre.token).await.json();
        assert_eq!(by_text["items"][0]["author"], "路遥", "found by author: {by_text}");
        // A wrong check digit names the field; nothing is written.
        let typo = app.post("/api/v1/reading/books", &office.token, &json!({"isbn": "978-7-02-002626-1", "title": "错误"})).await;
        assert_eq!((typo.status.as_u16(), typo.json()["errors"][0]["field"].as_str(), typo.json()["errors"][0]["code"].as_str()), (422, Some("isbn"), Some("invalid_isbn")));
        let bad_search = app.get("/api/v1/reading/books?isbn=123", &cadre.token).await;
        assert_eq!((bad_search.status.as_u16(), bad_search.problem_code().as_str()), (400, "invalid_query"));
        // Cadres read the catalogue but do not edit it.
        assert_eq!(app.post("/api/v1/reading/books", &cadre.token, &json!({"title": "自己加的书"})).await.status, 403);
        let fixed = app.update(Method::PATCH, &location, &location, &office.token, &json!({"category": "I247.57"})).await;
        assert_eq!((fixed.status.as_u16(), fixed.json()["category"].as_str()), (200, Some("I247.57")));
        let stale = app.platform.gateway.send(app.platform.gateway.request(Method::PATCH, &location)
            .header("Authorization", format!("Bearer {}", office.token)).header("If-Match", "\"1\"").json(&json!({"title": "x"}))).await;
        assert_eq!(stale.status, 412);
        // Reporting tools follow the catalogue; cadres do not extract.
        let reports = app.service("reports", &["reports:read"]).await;
        let feed = app.get("/api/v1/reading/books/changes", &reports).await;
        assert_eq!(feed.status, 200, "{}", feed.text);
        assert_eq!(feed.json()["items"][0]["category"], "I247.57");
        assert_eq!(app.get("/api/v1/reading/books/changes", &cadre.token).await.status, 403);
    }
}
