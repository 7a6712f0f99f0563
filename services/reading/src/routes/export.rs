//! `/api/v1/reading/me/export`: everything reading keeps about the caller and their family,
//! to take away — JSON (every record, whole), or CSV (one line per reading, with its
//! readers, then the family members).

use actix_web::{HttpRequest, HttpResponse, web};
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::csv::{csv_response, csv_text, wants_csv};
use lt_http::openapi::ReadErrors;
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cards::CardView;
use super::challenges::{ChallengeView, challenge_view};
use super::families::MemberView;
use super::imports::LibraryLoanView;
use super::loans::{LoanView, loan_view};
use super::logs::{LogView, log_view};
use super::notes::NoteView;
use super::privacy::PrivacyView;
use crate::store::privacy::Choices;
use crate::store::{cards, challenges, families, imports, loans, logs, notes, privacy};

/// Everything reading keeps about a cadre and their family.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Export {
    pub person_id: String,
    pub privacy: PrivacyView,
    pub card: Option<CardView>,
    pub logs: Vec<LogView>,
    pub family_members: Vec<MemberView>,
    pub family_challenges: Vec<ChallengeView>,
    pub notes: Vec<NoteView>,
    pub loans: Vec<LoanView>,
    /// Loans at the city library (only while the cadre keeps that history).
    pub library_loans: Vec<LibraryLoanView>,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` for CSV (or send `Accept: text/csv`); default JSON.
    #[param(pattern = "^(csv|json)$")]
    pub format: Option<String>,
}

const ALL: i64 = i64::MAX;

fn gather(conn: &mut lt_store::DbConnection, person: &str) -> Result<Export, ApiError> {
    let privacy_row = privacy::of(conn, person)?;
    let choices = privacy_row.as_ref().map(Choices::from).unwrap_or_default();
    let mut log_views = Vec::new();
    for row in logs::of_person(conn, person, 0, ALL)? {
        let readers = logs::readers_of(conn, &row.id)?;
        log_views.push(log_view(row, readers));
    }
    let loans = loans::of_person(conn, person, 0, ALL)?
        .into_iter()
        .map(|row| loan_view(conn, row))
        .collect::<Result<Vec<_>, _>>()?;
    let family_challenges = challenges::of_person(conn, person, 0, ALL)?
        .into_iter()
        .map(|row| challenge_view(conn, row))
        .collect::<Result<Vec<_>, _>>()?;
    let library_loans = if choices.keep_library_history {
        imports::of_person(conn, person, 0, ALL)?
            .into_iter()
            .map(LibraryLoanView::from)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Export {
        person_id: person.to_owned(),
        privacy: PrivacyView::from(choices),
        card: cards::live_of(conn, person)?.map(CardView::from),
        logs: log_views,
        family_members: families::family_of(conn, person)?
            .into_iter()
            .map(MemberView::from)
            .collect(),
        family_challenges,
        notes: notes::list(conn, Some(person), None, 0, ALL)?
            .into_iter()
            .map(NoteView::from)
            .collect(),
        loans,
        library_loans,
    })
}

/// Export the caller's reading and family data.
#[utoipa::path(get, path = "/api/v1/reading/me/export", tag = "families", security(("bearer" = [])),
    params(ExportQuery),
    responses((status = 200, content((Export = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn export(
    store: web::Data<Store>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    lt_service::reports::check_format(query.format.as_deref())?;
    let person = caller.person_id()?.to_owned();
    let data = store.read(move |conn| gather(conn, &person)).await?;
    if !wants_csv(&req) {
        return Ok(HttpResponse::Ok()
            .insert_header((
                "Content-Disposition",
                "attachment; filename=\"reading-export.json\"",
            ))
            .json(data));
    }
    let names: std::collections::HashMap<String, String> = data
        .family_members
        .iter()
        .map(|m| (m.id.clone(), m.display_name.clone()))
        .collect();
    let mut lines: Vec<Vec<String>> = data
        .logs
        .iter()
        .map(|log| {
            let mut readers: Vec<String> = log
                .family_member_ids
                .iter()
                .map(|id| names.get(id).cloned().unwrap_or_default())
                .collect();
            if log.for_me {
                readers.insert(0, "本人".into());
            }
            vec![
                "阅读记录".into(),
                log.read_on.to_string(),
                log.title.clone(),
                log.pages.to_string(),
                log.minutes.to_string(),
                if log.finished {
                    "是".into()
                } else {
                    "否".into()
                },
                readers.join("、"),
            ]
        })
        .collect();
    lines.extend(data.family_members.iter().map(|m| {
        vec![
            "家庭成员".into(),
            m.consent_at.date_naive().to_string(),
            m.display_name.clone(),
            String::new(),
            String::new(),
            String::new(),
            format!("{}，{}年生", m.relation, m.birth_year),
        ]
    }));
    let text = csv_text(
        &[
            "类型",
            "日期",
            "书名或成员",
            "页数",
            "分钟",
            "读完",
            "读者或说明",
        ],
        lines,
    );
    Ok(csv_response("阅读数据导出.csv", text))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![export]
}
