//! Diesel schema of training's tables (see `migrations/`).

diesel::table! {
    courses (id) {
        id -> Text,
        provider -> Text,
        kind -> Text,
        mechanism -> Text,
        key_project -> Nullable<Text>,
        title -> Text,
        topic -> Nullable<Text>,
        description -> Nullable<Text>,
        speakers -> Text,
        credit_hours -> BigInt,
        full_time -> Bool,
        assessment_required -> Bool,
        targeting -> Text,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        course_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        venue -> Text,
        capacity -> Integer,
        taken -> Integer,
        waitlist_counter -> BigInt,
        enrolment_opens_at -> Timestamp,
        enrolment_closes_at -> Timestamp,
        withdrawal_deadline -> Timestamp,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        seq -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        target -> Text,
        details -> Text,
    }
}

diesel::table! {
    enrolments (id) {
        id -> Text,
        session_id -> Text,
        course_id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        source -> Text,
        status -> Text,
        holds_seat -> Bool,
        waitlist_number -> Nullable<BigInt>,
        attendance -> Nullable<Text>,
        checked_in_at -> Nullable<Timestamp>,
        leave_hours -> BigInt,
        assessment_passed -> Nullable<Bool>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        hours_credited -> Nullable<BigInt>,
        certificate_code -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_in_codes (code) {
        code -> Text,
        session_id -> Text,
        issued_by -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    leaves (id) {
        id -> Text,
        enrolment_id -> Text,
        hours -> BigInt,
        reason -> Text,
        approved_by -> Text,
        approved_at -> Timestamp,
    }
}

diesel::table! {
    feedback (session_id, person_id) {
        session_id -> Text,
        person_id -> Text,
        course_id -> Text,
        org_unit_id -> Nullable<Text>,
        rating -> Integer,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    hour_credits (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        year -> Integer,
        day -> Date,
        activity -> Text,
        mechanism -> Text,
        online -> Bool,
        hours -> BigInt,
        source_kind -> Text,
        source_id -> Text,
        carried_over -> Bool,
        policy_version -> Integer,
        title -> Text,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    hour_totals (org_unit_id, mechanism, month) {
        org_unit_id -> Text,
        mechanism -> Text,
        month -> Integer,
        hours -> BigInt,
        credits -> BigInt,
    }
}

diesel::table! {
    degree_applications (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        programme -> Text,
        institution -> Text,
        level -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        decision_reason -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reimbursement_claims (id) {
        id -> Text,
        application_id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        year -> Integer,
        tuition_fen -> BigInt,
        share_fen -> BigInt,
        cap_left_fen -> BigInt,
        reimbursable_fen -> BigInt,
        policy_version -> Integer,
        status -> Text,
        decision_reason -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    self_study_certificates (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        title -> Text,
        issuer -> Text,
        awarded_on -> Date,
        hours_credited -> BigInt,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    courses,
    sessions,
    enrolments,
    hour_credits,
    feedback,
    degree_applications,
    reimbursement_claims,
);
