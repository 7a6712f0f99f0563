//! The training vocabulary: kinds of course, who provides them, activities that earn hours,
//! rank categories and degree levels. Wire names are snake_case and never change.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a wire name can be parsed back from (stored values are the same names).
macro_rules! wire_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($name => Some(<$ty>::$variant),)+ _ => None }
            }
        }
    };
}

/// Kind of course (课程类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CourseKind {
    /// 每月一讲
    MonthlyLecture,
    /// 周末课堂
    WeekendClass,
    /// 专家讲座
    ExpertLecture,
    /// 分类分批培训班
    ClassifiedTraining,
    /// 部门办公会学习
    OfficeMeetingStudy,
    /// 现场观摩
    OnSiteObservation,
    /// 实战演练
    PracticeDrill,
    /// 网络课程
    OnlineCourse,
}

wire_names!(CourseKind {
    MonthlyLecture => "monthly_lecture",
    WeekendClass => "weekend_class",
    ExpertLecture => "expert_lecture",
    ClassifiedTraining => "classified_training",
    OfficeMeetingStudy => "office_meeting_study",
    OnSiteObservation => "on_site_observation",
    PracticeDrill => "practice_drill",
    OnlineCourse => "online_course",
});

impl CourseKind {
    /// The activity a completion of this kind is credited as.
    pub fn activity(self) -> Activity {
        match self {
            Self::MonthlyLecture => Activity::MonthlyLecture,
            Self::WeekendClass => Activity::WeekendClass,
            Self::ExpertLecture => Activity::ExpertLecture,
            Self::ClassifiedTraining => Activity::ClassifiedTraining,
            Self::OfficeMeetingStudy => Activity::OfficeMeetingStudy,
            Self::OnSiteObservation => Activity::OnSiteObservation,
            Self::PracticeDrill => Activity::PracticeDrill,
            Self::OnlineCourse => Activity::OnlineCourse,
        }
    }
}

/// Who provides a course. Organisers manage the courses of the provider they work for
/// (identity's person `provider`); `external` courses are managed by the programme office.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CourseProvider)]
pub enum Provider {
    /// 区委党校
    PartySchool,
    /// 钟楼干部学院
    CadreCollege,
    /// 培训中心
    TrainingCentre,
    /// Another institution.
    External,
}

wire_names!(Provider {
    PartySchool => "party_school",
    CadreCollege => "cadre_college",
    TrainingCentre => "training_centre",
    External => "external",
});

/// What earns hours (学时), as the hour-conversion policy names it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    MonthlyLecture,
    WeekendClass,
    ExpertLecture,
    ClassifiedTraining,
    OfficeMeetingStudy,
    OnSiteObservation,
    PracticeDrill,
    OnlineCourse,
    /// A self-study certificate (自学成才).
    SelfStudy,
}

wire_names!(Activity {
    MonthlyLecture => "monthly_lecture",
    WeekendClass => "weekend_class",
    ExpertLecture => "expert_lecture",
    ClassifiedTraining => "classified_training",
    OfficeMeetingStudy => "office_meeting_study",
    OnSiteObservation => "on_site_observation",
    PracticeDrill => "practice_drill",
    OnlineCourse => "online_course",
    SelfStudy => "self_study",
});

/// Rank category (职级类别) of the required-hours rules of the 干部教育培训工作条例.
/// Identity's rank is free text; the requirements policy maps ranks to these.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RankCategory {
    /// 县处级及以上 (and 四级调研员 and above)
    CountyAndAbove,
    /// 乡科级及以下 (一级主任科员 and below)
    TownshipAndBelow,
}

wire_names!(RankCategory {
    CountyAndAbove => "county_and_above",
    TownshipAndBelow => "township_and_below",
});

/// Level of an in-service degree (学历层次).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    /// 大专
    Associate,
    /// 本科
    Bachelor,
    /// 硕士研究生
    Master,
    /// 博士研究生
    Doctorate,
}

wire_names!(DegreeLevel {
    Associate => "associate",
    Bachelor => "bachelor",
    Master => "master",
    Doctorate => "doctorate",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for kind in CourseKind::ALL {
            assert_eq!(CourseKind::parse(kind.as_str()), Some(*kind));
            let json = serde_json::to_value(kind).expect("json");
            assert_eq!(json, kind.as_str());
            assert_eq!(Activity::parse(kind.as_str()), Some(kind.activity()));
        }
        for provider in Provider::ALL {
            assert_eq!(Provider::parse(provider.as_str()), Some(*provider));
        }
        assert_eq!(
            RankCategory::parse("county_and_above"),
            Some(RankCategory::CountyAndAbove)
        );
        assert_eq!(Activity::parse("reading"), None);
    }
}
