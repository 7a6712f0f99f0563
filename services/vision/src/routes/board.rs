//! `GET /api/v1/vision/board`: the public board (公布、公开) for display screens, without a
//! token: every public district vision with its public targets, their indicators and
//! progress, and the team and personal visions published as public, with their progress.
//! Nothing private or department-only appears.

use actix_web::{HttpResponse, web};
use lt_directory::local;
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::indicators::{IndicatorView, indicator_views};
use crate::domain::model::{Kind, Visibility};
use crate::operations::graph::{self, percent_text};

/// A node as the board shows it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct BoardNode {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub org_unit_name: Option<String>,
    /// Percent, two places; absent when nothing below is measured.
    pub progress: Option<String>,
    pub indicators: Vec<IndicatorView>,
}

/// A district vision with its targets.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct BoardVision {
    pub vision: BoardNode,
    pub targets: Vec<BoardNode>,
}

/// The public board.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Board {
    pub visions: Vec<BoardVision>,
    /// Team and personal visions published as public.
    pub published: Vec<BoardNode>,
}

/// The public board (no token).
#[utoipa::path(get, path = "/api/v1/vision/board", tag = "board",
    responses((status = 200, body = Board), ReadErrors),
    extensions(("x-roles" = json!(["anyone"]))))]
pub async fn board(store: web::Data<Store>) -> Result<HttpResponse, ApiError> {
    let view = store
        .snapshot(|conn| -> Result<_, ApiError> {
            let graph = graph::load(conn)?;
            let public = |kind: Kind| {
                let mut rows: Vec<_> = graph
                    .nodes
                    .values()
                    .filter(|n| n.kind == kind && n.visibility == Visibility::Public)
                    .collect();
                rows.sort_by_key(|n| n.seq);
                rows
            };
            let mut node = |row: &crate::store::nodes::NodeRow,
                            with_indicators: bool|
             -> Result<BoardNode, ApiError> {
                Ok(BoardNode {
                    id: row.id.clone(),
                    kind: row.kind.as_str().to_owned(),
                    title: row.title.clone(),
                    org_unit_name: match &row.org_unit_id {
                        Some(u) => local::org_unit(conn, u)?.map(|u| u.name),
                        None => None,
                    },
                    progress: percent_text(graph.progress.get(&row.id)),
                    indicators: if with_indicators {
                        indicator_views(conn, &row.id)?
                    } else {
                        Vec::new()
                    },
                })
            };
            let mut visions = Vec::new();
            for district in public(Kind::District) {
                let mut targets = Vec::new();
                let mut target_rows: Vec<_> = graph
                    .links
                    .iter()
                    .filter(|l| l.parent_id == district.id)
                    .filter_map(|l| graph.nodes.get(&l.child_id))
                    .filter(|n| n.kind == Kind::Target && n.visibility == Visibility::Public)
                    .collect();
                target_rows.sort_by_key(|n| n.seq);
                for target in target_rows {
                    targets.push(node(target, true)?);
                }
                visions.push(BoardVision {
                    vision: node(district, true)?,
                    targets,
                });
            }
            let mut published = Vec::new();
            for kind in [Kind::Team, Kind::Personal] {
                for row in public(kind) {
                    published.push(node(row, false)?);
                }
            }
            Ok(Board { visions, published })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![board]
}
