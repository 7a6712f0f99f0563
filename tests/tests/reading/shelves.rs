//! Department shelves: copies, loans with due days from the circulation policy, renewals,
//! returns, holds in queue order, the overdue list — and one loan per copy, whatever races.

use futures_util::future::join_all;
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn a_hundred_readers_reach_for_one_copy_and_one_gets_it(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委办公室", None).await;
        let keeper = app.coordinator(&unit, "书架管理员").await;
        let shelf = app.post("/api/v1/reading/shelves", &keeper.token, &json!({"name": "办公室书架", "location": "三楼"})).await;
        assert_eq!(shelf.status, 201, "{}", shelf.text);
        let shelf = shelf.json()["id"].as_str().expect("id").to_owned();
        let copy = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"isbn": "7-02-002626-5", "title": "平凡的世界"})).await;
        assert_eq!(copy.status, 201, "{}", copy.text);
        let copy = copy.json()["id"].as_str().expect("id").to_owned();
        let mut readers = Vec::new();
        for i in 0..100 {
            readers.push(app.cadre(&unit, &format!("读者{i}")).await);
        }
        let body = json!({"copy_id": copy});
        let answers = join_all(readers.iter().map(|r| app.post("/api/v1/reading/loans", &r.token, &body))).await;
        let lent = answers.iter().filter(|a| a.status == 201).count();
        let refused = answers.iter().filter(|a| a.status == 409 && a.problem_code() == "copy_on_loan").count();
        assert_eq!((lent, refused), (1, 99), "{:?}", answers.iter().map(|a| a.status.as_u16()).collect::<Vec<_>>());
        let open = app.get(&format!("/api/v1/reading/shelves/{shelf}/loans"), &keeper.token).await.json();
        assert_eq!(open["items"].as_array().map(Vec::len), Some(1));
    }
}

on_both_backends! {
    async fn loans_follow_the_policy_renewals_and_the_hold_queue(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let unit = app.unit("区发改委", Some(&district)).await;
        let elsewhere = app.unit("区统计局", Some(&district)).await;
        let keeper = app.coordinator(&unit, "书架管理员").await;
        let (a, b) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await);
        let outsider = app.cadre(&elsewhere, "外单位").await;
        let shelf = app.post("/api/v1/reading/shelves", &keeper.token, &json!({"name": "发改委书架"})).await.json()["id"].as_str().expect("id").to_owned();
        let copy = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"isbn": "9787111213826", "title": "深入理解计算机系统"})).await.json();
        let (copy_id, book) = (copy["id"].as_str().expect("id").to_owned(), copy["book_id"].as_str().expect("book").to_owned());
        let reference = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"book_id": book, "item_type": "reference"})).await.json()["id"].as_str().expect("id").to_owned();

        // Staff borrow books for 30 days; reference items are read on the spot.
        let loan = app.post("/api/v1/reading/loans", &a.token, &json!({"copy_id": copy_id})).await;
        assert_eq!(loan.status, 201, "{}", loan.text);
        let due = lt_programme::today().checked_add_days(chrono::Days::new(30)).expect("day").to_string();
        assert_eq!((loan.json()["due_on"].as_str(), loan.json()["policy_version"].as_i64()), (Some(due.as_str()), Some(1)));
        let loan_id = loan.json()["id"].as_str().expect("id").to_owned();
        let not_for_loan = app.post("/api/v1/reading/loans", &b.token, &json!({"copy_id": reference})).await;
        assert_eq!(not_for_loan.problem_code(), "not_for_loan");
        // Outsiders see neither the shelf nor its copies.
        assert_eq!(app.get(&format!("/api/v1/reading/shelves/{shelf}"), &outsider.token).await.status, 404);
        assert_eq!(app.post("/api/v1/reading/loans", &outsider.token, &json!({"copy_id": copy_id})).await.status, 409, "an unknown copy for them");
        assert_eq!(app.get(&format!("/api/v1/reading/loans/{loan_id}"), &b.token).await.status, 404, "another reader's loan");

        // One renewal, then no more.
        let renewed = app.post(&format!("/api/v1/reading/loans/{loan_id}/renewal"), &a.token, &json!({})).await;
        assert_eq!((renewed.status.as_u16(), renewed.json()["renewals"].as_i64()), (200, Some(1)), "{}", renewed.text);
        let twice = app.post(&format!("/api/v1/reading/loans/{loan_id}/renewal"), &a.token, &json!({})).await;
        assert_eq!(twice.problem_code(), "renewal_refused");

        // 乙 holds the title; when 甲 returns it, it is kept for 乙 and no one else.
        let hold = app.post(&format!("/api/v1/reading/shelves/{shelf}/holds"), &b.token, &json!({"book_id": book})).await;
        assert_eq!((hold.status.as_u16(), hold.json()["status"].as_str(), hold.json()["position"].as_i64()), (201, Some("waiting"), Some(1)), "{}", hold.text);
        let hold_id = hold.json()["id"].as_str().expect("id").to_owned();
        let again = app.post(&format!("/api/v1/reading/shelves/{shelf}/holds"), &b.token, &json!({"book_id": book})).await;
        assert_eq!(again.problem_code(), "already_holding");
        let returned = app.post(&format!("/api/v1/reading/loans/{loan_id}/return"), &a.token, &json!({})).await;
        assert_eq!(returned.status, 200, "{}", returned.text);
        assert!(returned.json()["returned_at"].is_string());
        let ready = app.get(&format!("/api/v1/reading/holds/{hold_id}"), &b.token).await.json();
        assert_eq!((ready["status"].as_str(), ready["copy_id"].as_str()), (Some("ready"), Some(copy_id.as_str())));
        let jumped = app.post("/api/v1/reading/loans", &a.token, &json!({"copy_id": copy_id})).await;
        assert_eq!(jumped.problem_code(), "held_for_another");
        let served = app.post("/api/v1/reading/loans", &b.token, &json!({"copy_id": copy_id})).await;
        assert_eq!(served.status, 201, "{}", served.text);
        assert_eq!(app.get(&format!("/api/v1/reading/holds/{hold_id}"), &b.token).await.json()["status"], "fulfilled");
        let closed = app.post(&format!("/api/v1/reading/loans/{loan_id}/return"), &a.token, &json!({})).await;
        assert_eq!(closed.problem_code(), "loan_closed");

        // The keeper lends to the department's cadres only, and sees the overdue list.
        let lend_out = app.post("/api/v1/reading/loans", &keeper.token, &json!({"copy_id": copy_id, "person_id": outsider.id})).await;
        assert_eq!((lend_out.status.as_u16(), lend_out.json()["errors"][0]["code"].as_str()), (422, Some("out_of_scope")), "{}", lend_out.text);
        let overdue = app.get(&format!("/api/v1/reading/shelves/{shelf}/loans?overdue=true"), &keeper.token).await.json();
        assert_eq!(overdue["items"], json!([]), "nothing overdue yet");
        assert_eq!(app.get(&format!("/api/v1/reading/shelves/{shelf}/loans"), &a.token).await.status, 403);
        let mine = app.get("/api/v1/reading/me/loans", &a.token).await.json();
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    }
}

on_both_backends! {
    async fn a_store_failure_behind_a_reference_keeps_its_own_answer(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委办公室", None).await;
        let keeper = app.coordinator(&unit, "书架管理员").await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        let shelf = app.post("/api/v1/reading/shelves", &keeper.token, &json!({"name": "办公室书架"})).await.json()["id"].as_str().expect("id").to_owned();
        let copy = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"isbn": "7-02-002626-5", "title": "平凡的世界"})).await.json()["id"].as_str().expect("id").to_owned();
        // Each lookup of a referenced record fails as in an outage: the answer is the store's
        // (500), never 409 `unknown_reference` blaming the client's id.
        let refused = |answer: &lt_test_support::TestResponse| (answer.status.as_u16(), answer.problem_code());
        app.break_table("reading", "campaigns").await;
        let list = app.post("/api/v1/reading/book-lists", &office.token, &json!({"title": "书目", "campaign_id": "c1", "books": [{"isbn": "7-02-002626-5"}]})).await;
        assert_eq!(refused(&list), (500, "internal_error".to_owned()), "{}", list.text);
        app.break_table("reading", "books").await;
        let by_id = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"book_id": "b1"})).await;
        assert_eq!(refused(&by_id), (500, "internal_error".to_owned()), "{}", by_id.text);
        app.break_table("reading", "copies").await;
        let loan = app.post("/api/v1/reading/loans", &keeper.token, &json!({"copy_id": copy})).await;
        assert_eq!(refused(&loan), (500, "internal_error".to_owned()), "{}", loan.text);
    }
}
