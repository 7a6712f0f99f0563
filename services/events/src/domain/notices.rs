//! The notices an event puts in cadres' inboxes, in Chinese: who gets one, its title and
//! body. Only the addressee reads a notice. Events that name no addressee put nothing in any
//! inbox (their audience is the OA system).

use serde_json::Value;

/// A notice to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub person_id: String,
    pub title: String,
    pub body: String,
}

fn text<'a>(data: &'a Value, field: &str) -> Option<&'a str> {
    data.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// An RFC 3339 instant as Beijing time, `2026-12-05 09:30` (the text itself if unreadable).
fn shanghai_time(instant: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(instant).map_or_else(
        |_| instant.to_owned(),
        |t| {
            t.with_timezone(&lt_programme::shanghai())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// `（原因：…）` when the payload gives one.
fn because(data: &Value) -> String {
    text(data, "reason").map_or_else(String::new, |r| format!("（原因：{r}）"))
}

/// The notices of an event of type `kind` with payload `data`.
pub fn of(kind: &str, data: &Value) -> Vec<Notice> {
    let to = |person: Option<&str>, title: &str, body: String| {
        person
            .map(|p| Notice {
                person_id: p.to_owned(),
                title: title.to_owned(),
                body,
            })
            .into_iter()
            .collect::<Vec<_>>()
    };
    let person = text(data, "person_id");
    match kind {
        "training.enrolment.enrolled" if text(data, "source") == Some("assigned") => to(
            person,
            "调训通知",
            "您已被安排参加培训班，请按时参加。".to_owned(),
        ),
        "training.enrolment.enrolled" => {
            to(person, "报名成功", "您已报名培训，座位已确认。".to_owned())
        }
        "training.enrolment.waitlisted" => to(
            person,
            "已进入候补",
            "该场次已满，您已进入候补名单；有座位空出时将按顺序递补。".to_owned(),
        ),
        "training.enrolment.promoted" => to(
            person,
            "候补转正",
            "有座位空出，您已由候补转为正式报名，请按时参加。".to_owned(),
        ),
        "training.enrolment.session_changed" => to(
            person,
            "培训时间地点变更",
            format!(
                "您报名的培训场次有变更：{} 开始，地点 {}。",
                text(data, "starts_at").map_or_else(String::new, shanghai_time),
                text(data, "venue").unwrap_or("见详情")
            ),
        ),
        "training.enrolment.session_cancelled" => to(
            person,
            "培训取消",
            format!("您报名的培训场次已取消{}。", because(data)),
        ),
        "training.degree_application.coordinator_approved" => to(
            person,
            "学历教育申请已通过初审",
            "您的学历教育申请已由本单位审核通过，等待区学习办审批。".to_owned(),
        ),
        "training.degree_application.approved" => to(
            person,
            "学历教育申请已批准",
            "您的学历教育申请已获批准。".to_owned(),
        ),
        "training.degree_application.rejected" => to(
            person,
            "学历教育申请未通过",
            format!("您的学历教育申请未获批准{}。", because(data)),
        ),
        "training.reimbursement_claim.approved" => to(
            person,
            "学费报销已批准",
            "您的学费报销申请已获批准。".to_owned(),
        ),
        "training.reimbursement_claim.rejected" => to(
            person,
            "学费报销未通过",
            format!("您的学费报销申请未获批准{}。", because(data)),
        ),
        "reading.loan.due_soon" => to(
            person,
            "借阅即将到期",
            format!(
                "您借阅的图书将于 {} 到期，请按时归还或续借。",
                text(data, "due_on").unwrap_or("近日")
            ),
        ),
        "reading.loan.overdue" => to(
            person,
            "借阅已逾期",
            format!(
                "您借阅的图书已于 {} 到期，请尽快归还。",
                text(data, "due_on").unwrap_or("此前")
            ),
        ),
        "reading.hold.ready" => to(
            person,
            "预约图书已到",
            "您预约的图书已留在书架，请尽快借阅。".to_owned(),
        ),
        "reading.note.featured" => to(
            person,
            "读书笔记入选精选",
            "您提交的读书笔记已被评为精选。".to_owned(),
        ),
        "reading.note.returned" => to(
            person,
            "读书笔记被退回",
            format!(
                "您提交的读书笔记已被退回，可修改后重新提交{}。",
                because(data)
            ),
        ),
        "contest.assigned" => data
            .get("judges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|judge| {
                let count = judge.get("new_assignments").and_then(Value::as_u64)?;
                Some(Notice {
                    person_id: text(judge, "person_id")?.to_owned(),
                    title: "新的评审任务".to_owned(),
                    body: format!("您有 {count} 件新分配的参评作品待评审。"),
                })
            })
            .collect(),
        "contest.judge.added" => to(
            person,
            "评审邀请",
            "您已被列为评审组成员，请查看分配给您的参评作品。".to_owned(),
        ),
        "contest.objection.answered" => to(
            person,
            "异议已答复",
            "您在公示期提出的异议已有答复。".to_owned(),
        ),
        "contest.phase_changed" => {
            let (title, body) = match text(data, "phase") {
                Some("notice") => (
                    "评比结果公示",
                    "您参加的评比已进入公示期，可在公示期内提出异议。",
                ),
                Some("final") => ("评比结果发布", "您参加的评比已公布最终结果。"),
                _ => return Vec::new(),
            };
            data.get("entrants")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|p| Notice {
                    person_id: p.to_owned(),
                    title: title.to_owned(),
                    body: body.to_owned(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_promotion_tells_the_promoted_cadre_and_no_one_else() {
        let notices = of(
            "training.enrolment.promoted",
            &json!({"person_id": "p1", "enrolment_id": "e1"}),
        );
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].person_id, "p1");
        assert_eq!(notices[0].title, "候补转正");
    }

    #[test]
    fn events_without_an_addressee_make_no_notice() {
        assert!(of("training.course.created", &json!({"id": "c"})).is_empty());
        assert!(of("training.enrolment.promoted", &json!({})).is_empty());
        assert!(
            of(
                "contest.phase_changed",
                &json!({"phase": "judging", "entrants": ["p"]})
            )
            .is_empty()
        );
    }

    #[test]
    fn judges_learn_how_many_new_assignments_and_cadres_of_moved_sessions_and_due_loans() {
        let assigned = of(
            "contest.assigned",
            &json!({"judges": [{"person_id": "j1", "new_assignments": 3}, {"person_id": "j2", "new_assignments": 1}]}),
        );
        assert_eq!(assigned.len(), 2);
        assert!(assigned[0].body.contains('3'));
        let moved = of(
            "training.enrolment.session_changed",
            &json!({"person_id": "p", "starts_at": "2026-12-05T01:30:00+00:00", "venue": "区委党校 302"}),
        );
        assert!(
            moved[0].body.contains("2026-12-05 09:30"),
            "{}",
            moved[0].body
        );
        let due = of(
            "reading.loan.due_soon",
            &json!({"person_id": "p", "due_on": "2026-12-07"}),
        );
        assert!(due[0].body.contains("2026-12-07"));
        assert_eq!(
            of("reading.loan.overdue", &json!({"person_id": "p"}))[0].title,
            "借阅已逾期"
        );
    }

    #[test]
    fn results_go_to_every_entrant_and_a_rejection_says_why() {
        let final_results = of(
            "contest.phase_changed",
            &json!({"phase": "final", "entrants": ["a", "b"]}),
        );
        assert_eq!(
            final_results
                .iter()
                .map(|n| n.person_id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        let rejected = of(
            "training.degree_application.rejected",
            &json!({"person_id": "p", "reason": "专业与岗位无关"}),
        );
        assert!(rejected[0].body.contains("专业与岗位无关"));
    }
}
