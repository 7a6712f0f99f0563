//! Every event type the platform writes, as `docs/events.md` lists them: the OpenAPI
//! document's `webhooks` section is made from this table, and a test fails when the two
//! lists differ (a type documented but not here, or here but not documented).

/// `(type, when it is written)`.
pub const TYPES: &[(&str, &str)] = &[
    (
        "identity.directory.synced",
        "the OA system pushed a directory sync",
    ),
    ("training.course.created", "a course is added"),
    ("training.course.updated", "a course is changed"),
    ("training.session.created", "a session is scheduled"),
    (
        "training.session.updated",
        "a session is changed (times, venue, capacity, window)",
    ),
    ("training.session.cancelled", "a session is cancelled"),
    (
        "training.enrolment.enrolled",
        "enrolled in a seat (self, by an organiser, or assigned)",
    ),
    (
        "training.enrolment.waitlisted",
        "the session was full: on the waitlist",
    ),
    (
        "training.enrolment.promoted",
        "a seat came free and went to this waitlisted cadre",
    ),
    (
        "training.enrolment.withdrawn",
        "withdrawn by the cadre, an organiser, or by the leave rule",
    ),
    (
        "training.enrolment.session_changed",
        "one per active enrolment when its session's start, end or venue changes (notify the cadre)",
    ),
    (
        "training.enrolment.session_cancelled",
        "one per active enrolment when its session is cancelled (notify the cadre)",
    ),
    (
        "training.enrolment.checked_in",
        "the cadre checked in with the venue code",
    ),
    (
        "training.enrolment.attendance_marked",
        "an organiser marked attendance",
    ),
    (
        "training.enrolment.leave_approved",
        "an organiser approved leave",
    ),
    (
        "training.enrolment.assessed",
        "an assessment result was recorded",
    ),
    (
        "training.enrolment.completed",
        "the enrolment was completed and hours credited",
    ),
    (
        "training.hours.credited",
        "hours were credited (a completion or a self-study certificate), also when no hours resulted",
    ),
    (
        "training.feedback.given",
        "a cadre rated a session (anonymous: no person)",
    ),
    (
        "training.policy.published",
        "the programme office published a policy version",
    ),
    ("training.degree_application.submitted", "a cadre applied"),
    (
        "training.degree_application.coordinator_approved",
        "the applicant's coordinator approved (first step)",
    ),
    (
        "training.degree_application.approved",
        "the programme office approved (second step)",
    ),
    (
        "training.degree_application.rejected",
        "rejected at either step",
    ),
    (
        "training.reimbursement_claim.submitted",
        "a cadre claimed tuition",
    ),
    (
        "training.reimbursement_claim.approved",
        "the programme office approved the claim",
    ),
    (
        "training.reimbursement_claim.rejected",
        "the programme office rejected the claim",
    ),
    (
        "reading.book.added",
        "a book is added to or corrected in the catalogue",
    ),
    (
        "reading.book.updated",
        "a book is added to or corrected in the catalogue",
    ),
    (
        "reading.book_list.published",
        "a recommended list is published",
    ),
    (
        "reading.card.issued",
        "a library card is issued (one event per card of a bulk issue)",
    ),
    (
        "reading.card.status_changed",
        "a card is suspended, reactivated, lost or cancelled",
    ),
    (
        "reading.loans.imported",
        "a batch of library loans is imported",
    ),
    (
        "reading.log.recorded",
        "a cadre logged their own reading (not a family member's alone)",
    ),
    ("reading.shelf.opened", "a department shelf is opened"),
    ("reading.copy.added", "a copy is put on a shelf"),
    (
        "reading.loan.borrowed",
        "a shelf loan is made, renewed, returned",
    ),
    (
        "reading.loan.renewed",
        "a shelf loan is made, renewed, returned",
    ),
    (
        "reading.loan.returned",
        "a shelf loan is made, renewed, returned",
    ),
    (
        "reading.loan.due_soon",
        "a shelf loan falls due within 3 days (once per loan and due day)",
    ),
    (
        "reading.loan.overdue",
        "a shelf loan is past due (once per loan and due day)",
    ),
    ("reading.hold.placed", "a reader holds a title"),
    (
        "reading.hold.ready",
        "a returned copy is kept for the first reader in line (tell them)",
    ),
    ("reading.hold.cancelled", "a hold is cancelled"),
    (
        "reading.campaign.launched",
        "a campaign is launched or changed",
    ),
    (
        "reading.campaign.updated",
        "a campaign is launched or changed",
    ),
    (
        "reading.campaign.joined",
        "a person or unit joins a campaign (families join without an event)",
    ),
    (
        "reading.note.submitted",
        "a note is submitted (or rewritten and submitted again)",
    ),
    ("reading.note.featured", "a note is reviewed"),
    ("reading.note.returned", "a note is reviewed"),
    (
        "reading.family_member.removed",
        "a cadre removed a family member (their data is gone)",
    ),
    (
        "reading.policy.published",
        "the programme office published a policy version",
    ),
    (
        "contest.created",
        "a contest is created or its settings change",
    ),
    (
        "contest.updated",
        "a contest is created or its settings change",
    ),
    (
        "contest.rubric.set",
        "the rubric is set or replaced (before it locks)",
    ),
    (
        "contest.phase_changed",
        "the contest moves to its next phase",
    ),
    (
        "contest.round_advanced",
        "the best entries of a round move on to the next",
    ),
    (
        "contest.entry.created",
        "an entry is written or its draft changed",
    ),
    (
        "contest.entry.updated",
        "an entry is written or its draft changed",
    ),
    ("contest.entry.submitted", "an entry moves"),
    ("contest.entry.withdrawn", "an entry moves"),
    ("contest.entry.disqualified", "an entry moves"),
    (
        "contest.judge.added",
        "a judge joins the panel of the round",
    ),
    ("contest.assigned", "entries are assigned to the panel"),
    ("contest.judge.recused", "a judge is recused from an entry"),
    (
        "contest.sheet.submitted",
        "a judge submits a sheet (it locks)",
    ),
    (
        "contest.sheet.amended",
        "the programme office changes a submitted sheet",
    ),
    (
        "contest.objection.filed",
        "an objection is filed during 公示, or answered",
    ),
    (
        "contest.objection.answered",
        "an objection is filed during 公示, or answered",
    ),
    (
        "contest.calendar.day_set",
        "the programme office lists or unlists a holiday or make-up working day",
    ),
    (
        "contest.calendar.day_removed",
        "the programme office lists or unlists a holiday or make-up working day",
    ),
    (
        "vision.node.created",
        "a node (district vision, target, team or personal vision, goal, key result) is made or changed",
    ),
    (
        "vision.node.updated",
        "a node (district vision, target, team or personal vision, goal, key result) is made or changed",
    ),
    (
        "vision.node.link_accepted",
        "the keeper of a parent accepted a child's link (its weight counts from then on)",
    ),
    (
        "vision.node.linked",
        "a \"contributes to\" link is added (or re-weighted) or removed",
    ),
    (
        "vision.node.unlinked",
        "a \"contributes to\" link is added (or re-weighted) or removed",
    ),
    (
        "vision.check_in.recorded",
        "a check-in on a key result, or its author's correction",
    ),
    (
        "vision.check_in.edited",
        "a check-in on a key result, or its author's correction",
    ),
    ("vision.indicator.added", "an indicator is added to a node"),
    (
        "vision.indicator.actual_recorded",
        "an actual value of an indicator is recorded",
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The types `docs/events.md` lists in the first column of its tables.
    fn documented() -> BTreeSet<String> {
        let doc = include_str!("../../../../docs/events.md");
        doc.lines()
            .filter(|line| line.starts_with("| `"))
            .filter_map(|line| line.split('|').nth(1))
            .flat_map(|cell| {
                cell.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_catalogue_lists_exactly_the_documented_types() {
        let here: BTreeSet<String> = super::TYPES.iter().map(|(t, _)| (*t).to_owned()).collect();
        assert_eq!(here.len(), super::TYPES.len(), "a type listed twice");
        assert_eq!(here, documented());
    }
}
