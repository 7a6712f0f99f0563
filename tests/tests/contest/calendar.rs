//! 公示's last day on the working-day calendar the programme office keeps.

use chrono::{Datelike, Days, Weekday};
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn the_notice_end_skips_holidays_and_counts_a_make_up_working_day(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let organiser = app.organiser_in(&district, "赛事组织").await;
        let cadre = app.cadre(&district, "选手").await;
        let today = lt_programme::today();
        let day = |n: u64| today.checked_add_days(Days::new(n)).expect("day");
        // The next Saturday at least three days ahead, made a make-up working day (调休);
        // every day from today to twenty days on listed, so the weekday rule plays no part
        // except through that Saturday.
        let saturday = (3..10).map(day).find(|d| d.weekday() == Weekday::Sat).expect("a Saturday");
        let workdays = [day(0), day(2), saturday, day(11), day(12), day(15)];
        for n in 0..=20 {
            let date = day(n);
            let kind = if workdays.contains(&date) { "workday" } else { "holiday" };
            let put = app.call(reqwest::Method::PUT, &format!("/api/v1/contest/calendar/{date}"), &app.admin, Some(&json!({"kind": kind, "note": "测试日历"}))).await;
            assert_eq!(put.status, 200, "{}", put.text);
        }
        assert_eq!(app.call(reqwest::Method::PUT, &format!("/api/v1/contest/calendar/{}", day(1)), &organiser.token, Some(&json!({"kind": "workday"}))).await.status, 403);
        let bad = app.call(reqwest::Method::PUT, "/api/v1/contest/calendar/2026-13-01", &app.admin, Some(&json!({"kind": "holiday"}))).await;
        assert_eq!(bad.status, 400, "{}", bad.text);
        let listed = app.get(&format!("/api/v1/contest/calendar?year={}", today.year()), &cadre.token).await.json();
        assert!(listed.as_array().is_some_and(|days| days.iter().any(|d| d["date"] == today.to_string() && d["kind"] == "workday")));

        let contest = app.contest(&organiser, json!({})).await;
        app.move_to(&organiser, &contest, "submission").await;
        app.enter(&cadre, &contest, "成果").await;
        app.move_to(&organiser, &contest, "judging").await;
        app.move_to(&organiser, &contest, "notice").await;
        let read = app.get(&contest.path(""), &cadre.token).await.json();
        // Today, day 2, the Saturday, day 11, day 12: five working days.
        assert_eq!(read["notice_starts_on"], today.to_string());
        assert_eq!(read["notice_ends_on"], day(12).to_string(), "{read}");

        // Without the make-up Saturday the fifth working day moves on.
        let removed = app.call(reqwest::Method::DELETE, &format!("/api/v1/contest/calendar/{saturday}"), &app.admin, None).await;
        assert_eq!(removed.status, 204);
        let second = app.contest(&organiser, json!({})).await;
        app.move_to(&organiser, &second, "submission").await;
        app.enter(&cadre, &second, "成果二").await;
        app.move_to(&organiser, &second, "judging").await;
        app.move_to(&organiser, &second, "notice").await;
        let later = app.get(&second.path(""), &cadre.token).await.json();
        assert_ne!(later["notice_ends_on"], day(12).to_string(), "{later}");
        assert_eq!(later["notice_ends_on"], day(15).to_string(), "days 13 and 14 are holidays: {later}");
    }
}
