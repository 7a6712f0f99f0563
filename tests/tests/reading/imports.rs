//! Imports of library loans: a mixed batch lands its good rows and reports the bad ones by
//! row; a rerun changes nothing; CSV as the library exports it; loans enter a cadre's
//! history only with their consent.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{days_ago, days_ahead, start};

on_both_backends! {
    async fn a_mixed_batch_lands_its_good_rows_and_a_rerun_changes_nothing(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区图书馆联络处", None).await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        let reader = app.cadre(&unit, "读者").await;
        app.post("/api/v1/reading/cards", &office.token, &json!({"person_id": reader.id})).await;
        let card = app.get("/api/v1/reading/me/card", &reader.token).await.json()["card_number"].as_str().expect("card").to_owned();
        let rows = json!({"rows": [
            {"loan_id": "L-001", "card_number": card, "isbn": "7-02-002626-5", "title": "平凡的世界", "author": "路遥", "borrowed_on": days_ago(20), "due_on": days_ahead(10)},
            {"loan_id": "L-002", "card_number": card, "isbn": "978-7-02-002626-1", "title": "错号", "borrowed_on": days_ago(5)},
            {"loan_id": "L-003", "card_number": "ZLQ99999999", "title": "无证", "borrowed_on": days_ago(5)},
            {"loan_id": "L-004", "card_number": card, "title": "未来", "borrowed_on": "2099-01-01"},
            {"loan_id": "L-005", "card_number": card, "title": "红岩", "borrowed_on": days_ago(3), "returned_on": days_ago(1)},
            {"loan_id": "L-001", "card_number": card, "title": "重复", "borrowed_on": days_ago(2)}
        ]});
        let first = app.post("/api/v1/reading/imports/loans", &office.token, &rows).await;
        assert_eq!(first.status, 201, "{}", first.text);
        let report = first.json();
        assert_eq!((report["rows"].as_i64(), report["landed"].as_i64(), report["rejected"].as_i64()), (Some(6), Some(2), Some(4)), "{report}");
        let by_row: Vec<(i64, String)> = report["errors"].as_array().expect("errors").iter()
            .map(|e| (e["row"].as_i64().unwrap_or_default(), e["field"].as_str().unwrap_or_default().to_owned())).collect();
        assert_eq!(by_row, [(2, "isbn".to_owned()), (3, "card_number".to_owned()), (4, "borrowed_on".to_owned()), (6, "loan_id".to_owned())]);
        let location = first.header("location").expect("Location").to_owned();
        assert_eq!(app.get(&location, &office.token).await.json()["landed"], 2);
        // The same batch again: nothing new, nothing changed.
        let again = app.post("/api/v1/reading/imports/loans", &office.token, &rows).await.json();
        assert_eq!((again["landed"].as_i64(), again["unchanged"].as_i64(), again["rejected"].as_i64()), (Some(0), Some(2), Some(4)), "{again}");
        // A later export: L-001 came back. CSV, the library's Chinese headers.
        let csv = format!("\u{feff}借阅流水号,读者证号,ISBN,题名,责任者,借出日期,应还日期,归还日期\r\nL-001,{card},7020026265,平凡的世界,路遥,{},{},{}\r\n", days_ago(20), days_ahead(10), days_ago(0));
        let later = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "text/csv; charset=utf-8").body(csv)).await;
        assert_eq!(later.status, 201, "{}", later.text);
        assert_eq!((later.json()["format"].as_str(), later.json()["landed"].as_i64()), (Some("csv"), Some(1)), "{}", later.text);

        // History is private by default: imported while not kept, the loans are stored
        // without their books, and opting in later reveals none of them.
        let hidden = app.get("/api/v1/reading/me/library-loans", &reader.token).await.json();
        assert_eq!(hidden["items"], json!([]));
        let privacy = "/api/v1/reading/me/privacy";
        let keep = |on: bool| json!({"keep_library_history": on, "show_on_leaderboard": false, "family_on_leaderboard": false});
        let kept = app.update(Method::PUT, privacy, privacy, &reader.token, &keep(true)).await;
        assert_eq!(kept.status, 200, "{}", kept.text);
        let past = app.get("/api/v1/reading/me/library-loans", &reader.token).await.json();
        assert_eq!(past["items"], json!([]), "the past stays unknown: {past}");
        // Exported again once kept, a loan enters the history with its book.
        let csv = format!("借阅流水号,读者证号,ISBN,题名,责任者,借出日期,应还日期,归还日期\r\nL-005,{card},,红岩,,{},,{}\r\n", days_ago(3), days_ago(1));
        let since = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "text/csv").body(csv)).await;
        assert_eq!(since.json()["landed"], 1, "{}", since.text);
        let shown = app.get("/api/v1/reading/me/library-loans", &reader.token).await.json();
        let titles: Vec<&str> = shown["items"].as_array().expect("items").iter().filter_map(|l| l["title"].as_str()).collect();
        assert_eq!(titles, ["红岩"], "{shown}");
        // Turned off, the books are forgotten: turned on again, nothing comes back.
        let off = app.update(Method::PUT, privacy, privacy, &reader.token, &keep(false)).await;
        assert_eq!(off.status, 200, "{}", off.text);
        let on = app.update(Method::PUT, privacy, privacy, &reader.token, &keep(true)).await;
        assert_eq!(on.status, 200, "{}", on.text);
        assert_eq!(app.get("/api/v1/reading/me/library-loans", &reader.token).await.json()["items"], json!([]));

        // Bad batches: a CSV without a needed column, a body of the wrong type, and cadres
        // do not import.
        let headless = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "text/csv").body("loan_id,title\r\nL9,x\r\n")).await;
        assert_eq!((headless.status.as_u16(), headless.json()["errors"][0]["field"].as_str()), (422, Some("header")));
        let xml = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "application/xml").body("<rows/>")).await;
        assert_eq!(xml.status, 415);
        assert_eq!(app.post("/api/v1/reading/imports/loans", &reader.token, &rows).await.status, 403);
        let events = app.platform.events("reading").await;
        assert_eq!(events.iter().filter(|(kind, _)| kind == "reading.loans.imported").count(), 4);
    }
}

on_both_backends! {
    async fn an_oversized_import_is_refused_whole(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区档案馆", None).await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        // 10,001 rows: one too many, refused before anything is read into the database.
        let mut csv = String::from("loan_id,card_number,title,borrowed_on\r\n");
        for i in 0..10_001 {
            csv.push_str(&format!("L{i},ZLQ00000001,书,2026-01-01\r\n"));
        }
        let too_many = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "text/csv").body(csv)).await;
        assert_eq!((too_many.status.as_u16(), too_many.problem_code().as_str()), (413, "payload_too_large"), "{}", too_many.text);
        // Over 4 MiB: refused by the gateway already.
        let huge = "x".repeat(4 * 1024 * 1024 + 1);
        let too_big = app.platform.gateway.send(app.platform.gateway.request(Method::POST, "/api/v1/reading/imports/loans")
            .header("Authorization", format!("Bearer {}", office.token)).header("Content-Type", "text/csv").body(huge)).await;
        assert_eq!(too_big.status, 413);
        let batches = app.platform.events("reading").await;
        assert!(!batches.iter().any(|(kind, _)| kind == "reading.loans.imported"), "nothing imported");
    }
}
