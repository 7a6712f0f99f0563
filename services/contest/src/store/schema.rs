// @generated automatically by Diesel CLI.

diesel::table! {
    assignments (contest_id, round_no, entry_id, judge_id) {
        contest_id -> Text,
        round_no -> Int4,
        entry_id -> Text,
        judge_id -> Text,
        status -> Text,
        recusal_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        note -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contests (id) {
        id -> Text,
        title -> Text,
        kind -> Text,
        mechanism -> Text,
        key_project -> Nullable<Text>,
        description -> Nullable<Text>,
        aggregation -> Text,
        tiers -> Text,
        blind -> Bool,
        tracks -> Text,
        rounds -> Text,
        round_no -> Int4,
        phase -> Text,
        submission_closes_on -> Nullable<Date>,
        judging_closes_on -> Nullable<Date>,
        notice_working_days -> Int4,
        notice_starts_on -> Nullable<Date>,
        notice_ends_on -> Nullable<Date>,
        early_final_reason -> Nullable<Text>,
        rubric_locked -> Bool,
        org_unit_id -> Nullable<Text>,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        provider -> Nullable<Text>,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        contest_id -> Text,
        position -> Int4,
        name -> Text,
        weight -> Int4,
        max_score -> Int4,
        levels -> Text,
    }
}

diesel::table! {
    entries (id) {
        id -> Text,
        contest_id -> Text,
        track -> Nullable<Text>,
        title -> Text,
        summary -> Text,
        entrant_kind -> Text,
        person_id -> Text,
        members -> Text,
        org_unit_id -> Nullable<Text>,
        attachments -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        round_no -> Int4,
        submitted_at -> Nullable<Timestamp>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        pending_members -> Text,
    }
}

diesel::table! {
    judges (contest_id, round_no, person_id) {
        contest_id -> Text,
        round_no -> Int4,
        person_id -> Text,
        trainee -> Bool,
        org_unit_id -> Nullable<Text>,
        added_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    objections (id) {
        id -> Text,
        contest_id -> Text,
        entry_id -> Nullable<Text>,
        person_id -> Text,
        person_name -> Text,
        org_unit_id -> Nullable<Text>,
        text -> Text,
        status -> Text,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        version -> Int8,
        seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    publications (contest_id, stage) {
        contest_id -> Text,
        stage -> Text,
        round_no -> Int4,
        results -> Text,
        published_by -> Text,
        published_at -> Timestamp,
    }
}

diesel::table! {
    sheet_audit (contest_id, position) {
        contest_id -> Text,
        position -> Int8,
        sheet_id -> Text,
        action -> Text,
        actor -> Text,
        reason -> Nullable<Text>,
        scores -> Text,
        prev_hash -> Text,
        hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sheets (id) {
        id -> Text,
        contest_id -> Text,
        round_no -> Int4,
        entry_id -> Text,
        judge_id -> Text,
        trainee -> Bool,
        scores -> Text,
        total -> Int8,
        top_score -> Int8,
        scoring_seq -> Int8,
        comments -> Nullable<Text>,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        version -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(assignments -> contests (contest_id));
diesel::joinable!(assignments -> entries (entry_id));
diesel::joinable!(criteria -> contests (contest_id));
diesel::joinable!(entries -> contests (contest_id));
diesel::joinable!(judges -> contests (contest_id));
diesel::joinable!(objections -> contests (contest_id));
diesel::joinable!(objections -> entries (entry_id));
diesel::joinable!(publications -> contests (contest_id));
diesel::joinable!(sheet_audit -> contests (contest_id));
diesel::joinable!(sheets -> contests (contest_id));
diesel::joinable!(sheets -> entries (entry_id));

diesel::allow_tables_to_appear_in_same_query!(
    assignments,
    calendar_days,
    contests,
    criteria,
    entries,
    judges,
    objections,
    publications,
    sheet_audit,
    sheets,
);
