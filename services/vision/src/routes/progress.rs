//! `GET /api/v1/vision/nodes/{node_id}/progress`: a node's progress, computed (see
//! `domain::rollup` for the rules), with the trace a reader follows to see how it was
//! reached: a key result's baseline, target, latest value and any clamping; any other node's
//! contributions (each child's weight, share, progress and part of the total) and the
//! children left out because nothing below them is measured. Children the caller may not
//! see fold into one `others` line: how many, their share and their part, never their ids,
//! titles, weights or progress.

use lt_http::Endpoints;
use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use lt_directory::{Directory, local};
use lt_http::ApiError;
use lt_http::openapi::ReadErrors;
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::nodes::{decimal_text, visible_node};
use crate::access::Viewer;
use crate::domain::rollup::{Clamp, Direction, Trace};
use crate::operations::graph::{self, percent_text, trace_percent};

/// One child's part in a node's progress.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ContributionView {
    pub node_id: String,
    pub title: String,
    pub weight: String,
    /// The child's weight over the sum of the counted children's weights, percent (4 places).
    pub share: String,
    /// The child's progress, percent (4 places).
    pub progress: String,
    /// share × progress, percent (4 places).
    pub contribution: String,
}

/// How a node's progress was reached.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TraceView {
    /// `measured` (a key result), `rolled` (from its children) or `empty` (nothing measured below).
    pub kind: String,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub direction: Option<String>,
    /// The latest check-in's value (absent: none yet, progress 0).
    pub current: Option<String>,
    /// `below_baseline` (counted as 0) or `above_target` (counted as 100).
    pub clamped: Option<String>,
    /// The children the caller sees.
    pub contributions: Vec<ContributionView>,
    /// The children the caller may not see, as one line (absent when there are none).
    pub others: Option<OthersView>,
    /// Children without progress that the caller sees, left out of the mean.
    pub excluded: Vec<String>,
}

/// The children a reader may not see, folded together.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OthersView {
    /// How many of them count toward the progress.
    pub children: usize,
    /// Their weights over the sum of the counted children's weights, percent (4 places).
    pub share: String,
    /// Their part of the total, percent (4 places).
    pub contribution: String,
    /// How many of them are left out of the mean (nothing measured below them).
    pub excluded: usize,
}

/// A node's progress.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NodeProgressView {
    pub node_id: String,
    pub title: String,
    /// Percent, two places, rounded once (half up); absent when nothing below is measured.
    pub progress: Option<String>,
    pub trace: TraceView,
}

/// A node's progress and its trace (whoever sees the node).
#[utoipa::path(get, path = "/api/v1/vision/nodes/{node_id}/progress", tag = "progress", security(("bearer" = [])),
    responses((status = 200, body = NodeProgressView), ReadErrors),
    extensions(("x-roles" = json!(["whoever sees the node"]))))]
pub async fn progress(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    let view = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let all = graph::progress_only(conn)?;
            let progress = all.get(&node.id);
            let mut trace = TraceView {
                kind: "empty".into(),
                baseline: None,
                target: None,
                direction: None,
                current: None,
                clamped: None,
                contributions: Vec::new(),
                others: None,
                excluded: Vec::new(),
            };
            match progress.map(|p| &p.trace) {
                Some(Trace::Measured {
                    baseline,
                    target,
                    direction,
                    current,
                    clamped,
                }) => {
                    trace.kind = "measured".into();
                    let text = |v: i128| decimal_text(i64::try_from(v).unwrap_or(i64::MAX));
                    trace.baseline = Some(text(*baseline));
                    trace.target = Some(text(*target));
                    trace.direction = Some(
                        if *direction == Direction::Decrease {
                            "decrease"
                        } else {
                            "increase"
                        }
                        .into(),
                    );
                    trace.current = current.map(text);
                    trace.clamped = clamped.as_ref().map(|c| {
                        if *c == Clamp::BelowBaseline {
                            "below_baseline"
                        } else {
                            "above_target"
                        }
                        .into()
                    });
                }
                Some(Trace::Rolled {
                    contributions,
                    excluded,
                }) => {
                    trace.kind = "rolled".into();
                    let mut ancestries: HashMap<Option<String>, Vec<String>> = HashMap::new();
                    let mut seen = |conn: &mut lt_store::DbConnection,
                                    id: &str|
                     -> Result<Option<String>, ApiError> {
                        let row = match crate::store::nodes::find(conn, id) {
                            Ok(row) => row,
                            Err(diesel::result::Error::NotFound) => return Ok(None),
                            Err(e) => return Err(lt_store::StoreError::from(e).into()),
                        };
                        if !ancestries.contains_key(&row.org_unit_id) {
                            let a = match &row.org_unit_id {
                                Some(u) => local::ancestry(conn, u)?,
                                None => Vec::new(),
                            };
                            ancestries.insert(row.org_unit_id.clone(), a);
                        }
                        let ancestry = ancestries
                            .get(&row.org_unit_id)
                            .map(Vec::as_slice)
                            .unwrap_or_default();
                        Ok(viewer.sees(&row, ancestry).then_some(row.title))
                    };
                    let (mut hidden, mut hidden_share, mut hidden_part) = (0, 0, 0);
                    for c in contributions {
                        let Some(title) = seen(conn, &c.child)? else {
                            hidden += 1;
                            hidden_share += c.share;
                            hidden_part += c.contribution;
                            continue;
                        };
                        trace.contributions.push(ContributionView {
                            node_id: c.child.clone(),
                            title,
                            weight: lt_programme::format_scaled(
                                i64::try_from(c.weight).unwrap_or(i64::MAX),
                                2,
                            ),
                            share: trace_percent(c.share),
                            progress: trace_percent(c.child_progress),
                            contribution: trace_percent(c.contribution),
                        });
                    }
                    let mut hidden_excluded = 0;
                    for id in excluded {
                        if seen(conn, id)?.is_some() {
                            trace.excluded.push(id.clone());
                        } else {
                            hidden_excluded += 1;
                        }
                    }
                    if hidden + hidden_excluded > 0 {
                        trace.others = Some(OthersView {
                            children: hidden,
                            share: trace_percent(hidden_share),
                            contribution: trace_percent(hidden_part),
                            excluded: hidden_excluded,
                        });
                    }
                }
                Some(Trace::Empty) | None => {}
            }
            Ok(NodeProgressView {
                progress: percent_text(progress),
                node_id: node.id,
                title: node.title,
                trace,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![progress]
}
