//! Who may see and change what in vision, on top of the kit's `Caller`:
//!
//! - the programme office (`admin`) everything: the district vision, its targets and
//!   indicators;
//! - a department's `coordinator` their department's team visions (their unit and below),
//!   and sees every vision of their subtree, private ones included;
//! - a cadre their own personal vision, its goals, key results and check-ins;
//! - a node is seen by its owner, the coordinators over its unit and admins; `department`
//!   visibility adds everyone of its unit and below, `public` everyone signed in and the
//!   public board;
//! - `reports:read` accounts read reports;
//! - a "contributes to" link counts toward the parent's progress only once the parent's
//!   keeper (its owner, a coordinator over it, an admin) has accepted it and set its weight
//!   (`PUT /nodes/{id}/children/{child_id}/acceptance`); a link the keeper makes themself is
//!   accepted as made. The parent's keeper may also remove a link to it;
//! - a progress trace shows only the children the caller sees; the others fold into one
//!   `others` line (how many, their share and contribution) with no ids or titles.
//!
//! A node or check-in the caller may not see answers 404 in every operation, also when
//! named as a parent: another's record is no different from an unknown id.

use lt_directory::Directory;
use lt_http::ApiError;
use lt_service::Caller;

use crate::domain::model::Kind;
use crate::domain::model::Visibility;
use crate::store::nodes::NodeRow;

/// `unit` and every unit above it (empty for none).
pub async fn ancestry_of(
    directory: &Directory,
    unit: Option<String>,
) -> Result<Vec<String>, ApiError> {
    lt_service::ancestry(directory, unit).await
}

/// What the rules need to know about the caller: who, and their unit's ancestry.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub person_id: Option<String>,
    pub admin: bool,
    /// The unit a coordinator coordinates.
    pub coordinated: Option<String>,
    /// The caller's unit and every unit above it.
    pub ancestry: Vec<String>,
}

impl Viewer {
    pub async fn of(directory: &Directory, caller: &Caller) -> Result<Self, ApiError> {
        Ok(Self {
            person_id: caller.user.person_id().map(str::to_owned),
            admin: caller.is_admin(),
            coordinated: caller.coordinated_unit().map(str::to_owned),
            ancestry: ancestry_of(directory, caller.org_unit().map(str::to_owned)).await?,
        })
    }

    /// Whether a coordinator's subtree holds a record whose unit has `unit_ancestry`.
    pub fn coordinates(&self, unit_ancestry: &[String]) -> bool {
        self.coordinated
            .as_ref()
            .is_some_and(|u| unit_ancestry.contains(u))
    }

    /// Whether the caller sees `node` (its unit's ancestry given).
    pub fn sees(&self, node: &NodeRow, unit_ancestry: &[String]) -> bool {
        if self.admin
            || self.person_id.is_some() && node.owner_id == self.person_id
            || self.coordinates(unit_ancestry)
        {
            return true;
        }
        match node.visibility {
            Visibility::Public => true,
            // The caller's unit lies at or below the node's unit.
            Visibility::Department => node
                .org_unit_id
                .as_ref()
                .is_some_and(|u| self.ancestry.contains(u)),
            Visibility::Private => false,
        }
    }

    /// [`Viewer::writes`], looking up the ancestry of `node`'s unit.
    pub async fn keeps(&self, directory: &Directory, node: &NodeRow) -> Result<bool, ApiError> {
        let ancestry = ancestry_of(directory, node.org_unit_id.clone()).await?;
        Ok(self.writes(node, &ancestry))
    }

    /// Whether the caller may change `node` (and hang goals and key results under it): admins;
    /// its owner; for a department's nodes without an owner, the coordinators over its unit.
    pub fn writes(&self, node: &NodeRow, unit_ancestry: &[String]) -> bool {
        if self.admin {
            return true;
        }
        match &node.owner_id {
            Some(owner) => self.person_id.as_ref() == Some(owner),
            None => {
                !matches!(node.kind, Kind::District | Kind::Target)
                    && self.coordinates(unit_ancestry)
            }
        }
    }
}
