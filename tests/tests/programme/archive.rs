//! The learning archive as its readers get it: the cadre on a phone, a coordinator, the
//! programme office; and as others are refused it.

use lt_test_support::on_both_backends;
use serde_json::{Value, json};

use learning_tree_tests::harness::{Harness, minutes};

fn services() -> Vec<learning_tree::registry::Service> {
    ["identity", "training", "reading", "vision", "programme"]
        .iter()
        .map(|name| {
            *learning_tree::registry::SERVICES
                .iter()
                .find(|s| s.spec.name == *name)
                .unwrap_or_else(|| panic!("{name} is not registered"))
        })
        .collect()
}

on_both_backends! {
    async fn a_cadres_archive_holds_every_services_items_for_those_who_may_read_it(db: TestDb) {
        let app = Harness::start_services(&services(), db, "programme").await;
        let unit = app.unit("区财政局", None).await;
        let elsewhere = app.unit("区教育局", None).await;
        let cadre = app.cadre(&unit, "张三").await;
        let colleague = app.cadre(&unit, "李四").await;
        let coordinator = app.coordinator(&unit, "赵六").await;
        let other_coordinator = app.coordinator(&elsewhere, "王五").await;
        let reporting = app.service("reports", &["reports:read"]).await;

        // Training: a course and an enrolment.
        let course = app.post("/api/v1/training/courses", &app.admin, &json!({"title": "每月一讲：数字政府建设", "kind": "monthly_lecture", "mechanism": "team_learning", "credit_hours": "2.00", "full_time": false})).await;
        assert_eq!(course.status, 201, "{}", course.text);
        let course = course.json()["id"].as_str().expect("id").to_owned();
        let session = app.post(&format!("/api/v1/training/courses/{course}/sessions"), &app.admin, &json!({"starts_at": minutes(60), "ends_at": minutes(180), "venue": "区委党校 302 教室", "capacity": 30})).await;
        assert_eq!(session.status, 201, "{}", session.text);
        let session = session.json()["id"].as_str().expect("id").to_owned();
        let enrolled = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &cadre.token, &json!({})).await;
        assert_eq!(enrolled.status, 201, "{}", enrolled.text);
        // Reading: a log of the cadre's own.
        let today = lt_programme::today().to_string();
        let logged = app.post("/api/v1/reading/logs", &cadre.token, &json!({"read_on": today, "pages": 40, "minutes": 50, "title": "平凡的世界"})).await;
        assert_eq!(logged.status, 201, "{}", logged.text);

        // Vision: a personal vision aligned to the unit's team vision, a key result, a check-in.
        let made = |token: String, body: Value| {
            let app = &app;
            async move {
                let made = app.post("/api/v1/vision/nodes", &token, &body).await;
                assert_eq!(made.status, 201, "{}", made.text);
                made.json()["id"].as_str().expect("id").to_owned()
            }
        };
        let district = made(app.admin.clone(), json!({"kind": "district", "title": "钟楼区共同愿景", "visibility": "public", "org_unit_id": unit})).await;
        let target = made(app.admin.clone(), json!({"kind": "target", "title": "现代产业区", "parents": [{"node_id": district}]})).await;
        let team = made(coordinator.token.clone(), json!({"kind": "team", "title": "财政局团队愿景", "org_unit_id": unit, "parents": [{"node_id": target}]})).await;
        let personal = made(cadre.token.clone(), json!({"kind": "personal", "title": "成为预算绩效能手", "parents": [{"node_id": team}]})).await;
        let key_result = made(cadre.token.clone(), json!({"kind": "key_result", "title": "完成绩效评价报告", "parents": [{"node_id": personal, "weight": "1"}], "baseline": "0", "target": "10", "direction": "increase", "unit": "份"})).await;
        let checked = app.post(&format!("/api/v1/vision/nodes/{key_result}/check-ins"), &cadre.token, &json!({"value": "3", "confidence": 7, "comment": "按计划推进"})).await;
        assert_eq!(checked.status, 201, "{}", checked.text);

        let mine = app.get("/api/v1/programme/archive/me", &cadre.token).await;
        assert_eq!(mine.status, 200, "{}", mine.text);
        let archive = mine.json();
        assert_eq!(archive["person"]["name"], "张三");
        assert_eq!(archive["person"]["org_unit_name"], "区财政局");
        assert_eq!(archive["unavailable"], json!([]));
        let items = archive["items"].as_array().expect("items");
        let training: Vec<&Value> = items.iter().filter(|i| i["service"] == "training").collect();
        assert_eq!(training.len(), 1);
        assert_eq!((training[0]["title"].as_str(), training[0]["mechanism"].as_str()), (Some("每月一讲：数字政府建设"), Some("team_learning")));
        let reading: Vec<&Value> = items.iter().filter(|i| i["service"] == "reading").collect();
        assert_eq!(reading.len(), 1);
        assert_eq!(reading[0]["mechanism"], "nutrition_supply");
        assert!(reading[0]["title"].as_str().is_some_and(|t| !t.contains("平凡的世界")), "reading stays private: figures, not titles");
        let vision: Vec<&Value> = items.iter().filter(|i| i["service"] == "vision").collect();
        assert!(vision.iter().any(|i| i["kind"] == "vision.personal" && i["title"] == "成为预算绩效能手"), "{vision:?}");
        assert!(vision.iter().any(|i| i["kind"] == "vision.check_in"), "{vision:?}");
        let dates: Vec<&str> = items.iter().filter_map(|i| i["date"].as_str()).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "one chronological list: {dates:?}");
        // Figures beside the items: hours against the requirement, minutes read.
        let figure = |service: &str, key: &str| -> Option<String> {
            archive["figures"].as_array()?.iter().find(|g| g["service"] == service)?["figures"].as_array()?
                .iter().find(|f| f["key"] == key)?["value"].as_str().map(str::to_owned)
        };
        assert!(figure("training", "required").is_some(), "{}", archive["figures"]);
        assert_eq!(figure("training", "credited").as_deref(), Some("0.00"));
        assert_eq!(figure("reading", "minutes").as_deref(), Some("50"));
        assert_eq!(figure("reading", "books_finished").as_deref(), Some("0"));
        let mechanisms: Vec<&str> = archive["totals"].as_array().expect("totals").iter().filter_map(|t| t["mechanism"].as_str()).collect();
        assert!(mechanisms.contains(&"team_learning") && mechanisms.contains(&"nutrition_supply"));

        // Who may read it: the cadre, their coordinator, the programme office; no one else.
        let path = format!("/api/v1/programme/archive/people/{}", cadre.id);
        assert_eq!(app.get(&path, &cadre.token).await.status, 200);
        assert_eq!(app.get(&path, &coordinator.token).await.status, 200);
        assert_eq!(app.get(&path, &app.admin).await.status, 200);
        assert_eq!(app.get(&path, &colleague.token).await.status, 404);
        assert_eq!(app.get(&path, &other_coordinator.token).await.status, 404);
        assert!(matches!(app.get(&path, &reporting).await.status.as_u16(), 403 | 404), "a reporting account reads no person's archive");

        // CSV for the unit's files, and the printable page.
        let csv = app.get(&format!("{path}?format=csv"), &coordinator.token).await;
        assert_eq!(csv.status, 200);
        assert!(csv.text.starts_with('\u{feff}'), "UTF-8 with BOM");
        assert!(csv.text.contains("每月一讲：数字政府建设"));
        let page = app.get(&format!("{path}?format=html"), &coordinator.token).await;
        assert_eq!(page.status, 200);
        assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")));
        assert!(page.text.contains("张三") && page.text.contains("每月一讲：数字政府建设") && page.text.contains("size: A4"));
        let bad = app.get(&format!("{path}?format=pdf"), &coordinator.token).await;
        assert_eq!(bad.status, 400);

        // Reading stopped: the archive still answers, without it, and says so.
        app.platform.stop_service("reading").await;
        let without = app.get("/api/v1/programme/archive/me", &cadre.token).await;
        assert_eq!(without.status, 200, "{}", without.text);
        let archive = without.json();
        assert_eq!(archive["unavailable"], json!(["reading"]));
        assert!(archive["items"].as_array().expect("items").iter().any(|i| i["service"] == "training"));
        let page = app.get(&format!("{path}?format=html"), &cadre.token).await;
        assert!(page.text.contains("暂时无法读取"));
    }
}

on_both_backends! {
    async fn the_tree_is_reference_data_for_anyone_signed_in(db: TestDb) {
        let app = Harness::start_services(&services(), db, "programme").await;
        let unit = app.unit("区财政局", None).await;
        let cadre = app.cadre(&unit, "张三").await;
        let tree = app.get("/api/v1/programme/tree", &cadre.token).await;
        assert_eq!(tree.status, 200);
        let tree = tree.json();
        assert_eq!(tree["mechanisms"].as_array().map(Vec::len), Some(5));
        assert_eq!(tree["concepts"].as_array().map(Vec::len), Some(4));
        assert_eq!(tree["key_projects"].as_array().map(Vec::len), Some(3));
        assert_eq!(tree["vision"]["label_zh"], "共同愿景");
        let anonymous = app.platform.gateway.send(app.platform.gateway.request(reqwest::Method::GET, "/api/v1/programme/tree")).await;
        assert_eq!(anonymous.status, 401);
    }
}
