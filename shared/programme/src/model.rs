//! The "45231" tree model: 4 concepts (roots), 5 mechanisms (trunk), 2 branches,
//! 3 key projects (flowers), 1 shared vision (fruit, the vision service).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Learning mechanism (学习机制), the trunk of the tree. Every activity record carries one,
/// so reports can show the programme by its own structure.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// 团队学习机制: monthly lecture, weekend class, expert lectures, classified training.
    TeamLearning,
    /// 实践运用机制: office-meeting study, on-site observation, job-skill contests.
    Practice,
    /// 学习深化机制: yearly requirements and themes.
    Deepening,
    /// 激励促进机制: in-service degree study, self-study, tuition reimbursement.
    Incentives,
    /// 营养供给机制: library tie-up, reading campaign, achievement contests.
    NutritionSupply,
}

impl Mechanism {
    pub const ALL: [Self; 5] = [
        Self::TeamLearning,
        Self::Practice,
        Self::Deepening,
        Self::Incentives,
        Self::NutritionSupply,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::TeamLearning => "团队学习机制",
            Self::Practice => "实践运用机制",
            Self::Deepening => "学习深化机制",
            Self::Incentives => "激励促进机制",
            Self::NutritionSupply => "营养供给机制",
        }
    }
}

/// Key project (重点项目), the flowers: tags on courses, contests and goals.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyProject {
    /// 自我超越
    SelfTranscendence,
    /// 改善心智模式
    MentalModels,
    /// 系统思考
    SystemsThinking,
}

impl KeyProject {
    pub const ALL: [Self; 3] = [
        Self::SelfTranscendence,
        Self::MentalModels,
        Self::SystemsThinking,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::SelfTranscendence => "自我超越",
            Self::MentalModels => "改善心智模式",
            Self::SystemsThinking => "系统思考",
        }
    }
}

/// Learning concept (学习理念), the roots: reference data and tags on content.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Concept {
    /// 思路在学习中、创新在学习中
    InnovationThroughLearning,
    /// 工作的核心是学习、学习是工作的新形式
    LearningIsWork,
    /// 学习积累人力资本、增添发展动力
    HumanCapital,
    /// 学习创造幸福
    LearningBringsHappiness,
}

impl Concept {
    pub const ALL: [Self; 4] = [
        Self::InnovationThroughLearning,
        Self::LearningIsWork,
        Self::HumanCapital,
        Self::LearningBringsHappiness,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::InnovationThroughLearning => "思路在学习中、创新在学习中",
            Self::LearningIsWork => "工作的核心是学习、学习是工作的新形式",
            Self::HumanCapital => "学习积累人力资本、增添发展动力",
            Self::LearningBringsHappiness => "学习创造幸福",
        }
    }
}

/// The two branches (枝节) along which learning spreads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// 单位、部门、科室: the org tree in identity.
    Organisation,
    /// 社区、家庭、个人: learning families in reading.
    Community,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_has_4_5_3_parts_with_stable_wire_names() {
        assert_eq!(Concept::ALL.len(), 4);
        assert_eq!(Mechanism::ALL.len(), 5);
        assert_eq!(KeyProject::ALL.len(), 3);
        let wire = serde_json::to_string(&Mechanism::NutritionSupply).expect("json");
        assert_eq!(wire, "\"nutrition_supply\"");
        let back: KeyProject = serde_json::from_str("\"systems_thinking\"").expect("parse");
        assert_eq!(back, KeyProject::SystemsThinking);
        assert!(serde_json::from_str::<Mechanism>("\"reading\"").is_err());
    }
}
