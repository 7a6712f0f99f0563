// @generated automatically by Diesel CLI.

diesel::table! {
    audit_log (id) {
        id -> Text,
        seq -> Int8,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        target -> Text,
        details -> Text,
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
        credit_hours -> Int8,
        full_time -> Bool,
        assessment_required -> Bool,
        targeting -> Text,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
        waitlist_number -> Nullable<Int8>,
        attendance -> Nullable<Text>,
        checked_in_at -> Nullable<Timestamp>,
        leave_hours -> Int8,
        assessment_passed -> Nullable<Bool>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        hours_credited -> Nullable<Int8>,
        certificate_code -> Nullable<Text>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    feedback (session_id, person_id) {
        session_id -> Text,
        person_id -> Text,
        course_id -> Text,
        org_unit_id -> Nullable<Text>,
        rating -> Int4,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    hour_credits (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        year -> Int4,
        day -> Date,
        activity -> Text,
        mechanism -> Text,
        online -> Bool,
        hours -> Int8,
        source_kind -> Text,
        source_id -> Text,
        carried_over -> Bool,
        policy_version -> Int4,
        title -> Text,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    hour_totals (org_unit_id, mechanism, month) {
        org_unit_id -> Text,
        mechanism -> Text,
        month -> Int4,
        hours -> Int8,
        credits -> Int8,
    }
}

diesel::table! {
    leaves (id) {
        id -> Text,
        enrolment_id -> Text,
        hours -> Int8,
        reason -> Text,
        approved_by -> Text,
        approved_at -> Timestamp,
    }
}

diesel::table! {
    reimbursement_claims (id) {
        id -> Text,
        application_id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        year -> Int4,
        tuition_fen -> Int8,
        share_fen -> Int8,
        cap_left_fen -> Int8,
        reimbursable_fen -> Int8,
        policy_version -> Int4,
        status -> Text,
        decision_reason -> Nullable<Text>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
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
        hours_credited -> Int8,
        seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        course_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        venue -> Text,
        capacity -> Int4,
        taken -> Int4,
        waitlist_counter -> Int8,
        enrolment_opens_at -> Timestamp,
        enrolment_closes_at -> Timestamp,
        withdrawal_deadline -> Timestamp,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(check_in_codes -> sessions (session_id));
diesel::joinable!(enrolments -> courses (course_id));
diesel::joinable!(enrolments -> sessions (session_id));
diesel::joinable!(feedback -> sessions (session_id));
diesel::joinable!(leaves -> enrolments (enrolment_id));
diesel::joinable!(reimbursement_claims -> degree_applications (application_id));
diesel::joinable!(sessions -> courses (course_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    check_in_codes,
    courses,
    degree_applications,
    enrolments,
    feedback,
    hour_credits,
    hour_totals,
    leaves,
    reimbursement_claims,
    self_study_certificates,
    sessions,
);
