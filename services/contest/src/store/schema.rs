//! Diesel schema of contest's own tables (see `migrations/`).

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
        round_no -> Integer,
        phase -> Text,
        submission_closes_on -> Nullable<Date>,
        judging_closes_on -> Nullable<Date>,
        notice_working_days -> Integer,
        notice_starts_on -> Nullable<Date>,
        notice_ends_on -> Nullable<Date>,
        early_final_reason -> Nullable<Text>,
        rubric_locked -> Bool,
        org_unit_id -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        contest_id -> Text,
        position -> Integer,
        name -> Text,
        weight -> Integer,
        max_score -> Integer,
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
        round_no -> Integer,
        submitted_at -> Nullable<Timestamp>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    judges (contest_id, round_no, person_id) {
        contest_id -> Text,
        round_no -> Integer,
        person_id -> Text,
        trainee -> Bool,
        org_unit_id -> Nullable<Text>,
        added_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    assignments (contest_id, round_no, entry_id, judge_id) {
        contest_id -> Text,
        round_no -> Integer,
        entry_id -> Text,
        judge_id -> Text,
        status -> Text,
        recusal_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sheets (id) {
        id -> Text,
        contest_id -> Text,
        round_no -> Integer,
        entry_id -> Text,
        judge_id -> Text,
        trainee -> Bool,
        scores -> Text,
        total -> BigInt,
        top_score -> BigInt,
        scoring_seq -> BigInt,
        comments -> Nullable<Text>,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sheet_audit (contest_id, position) {
        contest_id -> Text,
        position -> BigInt,
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
    publications (contest_id, stage) {
        contest_id -> Text,
        stage -> Text,
        round_no -> Integer,
        results -> Text,
        published_by -> Text,
        published_at -> Timestamp,
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
        version -> BigInt,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(criteria -> contests (contest_id));
diesel::joinable!(entries -> contests (contest_id));
diesel::allow_tables_to_appear_in_same_query!(
    calendar_days,
    contests,
    criteria,
    entries,
    judges,
    assignments,
    sheets,
    sheet_audit,
    publications,
    objections,
);
