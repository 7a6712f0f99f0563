//! The programme's tree (the "45231" model of the seed): 4 learning concepts (roots),
//! 5 mechanisms (trunk), 2 branches (枝节), 3 key projects (flowers) and 1 shared vision
//! (fruit), as the API lists it.

use lt_programme::{Branch, Concept, KeyProject, Mechanism};
use serde::Serialize;
use utoipa::ToSchema;

/// One part of the tree: its wire name and its Chinese label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct TreePart {
    pub id: String,
    pub label_zh: String,
}

/// The whole tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Tree {
    /// 学习理念 (roots).
    pub concepts: Vec<TreePart>,
    /// 学习机制 (trunk).
    pub mechanisms: Vec<TreePart>,
    /// 枝节 (branches): units, departments and sections; community, family and individual.
    pub branches: Vec<TreePart>,
    /// 重点项目 (flowers).
    pub key_projects: Vec<TreePart>,
    /// 共同愿景 (fruit).
    pub vision: TreePart,
}

fn wire<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The tree, in the seed's order.
pub fn tree() -> Tree {
    Tree {
        concepts: Concept::ALL
            .iter()
            .map(|c| TreePart {
                id: wire(c),
                label_zh: c.label_zh().to_owned(),
            })
            .collect(),
        mechanisms: Mechanism::ALL
            .iter()
            .map(|m| TreePart {
                id: wire(m),
                label_zh: m.label_zh().to_owned(),
            })
            .collect(),
        branches: [
            (Branch::Organisation, "单位、部门、科室"),
            (Branch::Community, "社区、家庭、个人"),
        ]
        .iter()
        .map(|(b, label)| TreePart {
            id: wire(b),
            label_zh: (*label).to_owned(),
        })
        .collect(),
        key_projects: KeyProject::ALL
            .iter()
            .map(|k| TreePart {
                id: wire(k),
                label_zh: k.label_zh().to_owned(),
            })
            .collect(),
        vision: TreePart {
            id: "shared_vision".into(),
            label_zh: "共同愿景".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn four_concepts_five_mechanisms_two_branches_three_projects_one_vision() {
        let tree = super::tree();
        assert_eq!(
            (
                tree.concepts.len(),
                tree.mechanisms.len(),
                tree.branches.len(),
                tree.key_projects.len()
            ),
            (4, 5, 2, 3)
        );
        assert_eq!(tree.mechanisms[4].id, "nutrition_supply");
        assert_eq!(tree.mechanisms[4].label_zh, "营养供给机制");
    }
}
