// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (person_id) {
        person_id -> Text,
        username -> Text,
        password_hash -> Nullable<Text>,
        must_change_password -> Bool,
        version -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

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
    login_throttle (throttle_key) {
        throttle_key -> Text,
        failures -> Int4,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    org_units (id) {
        id -> Text,
        external_id -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        name -> Text,
        kind -> Text,
        active -> Bool,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        external_id -> Nullable<Text>,
        employee_no -> Text,
        name -> Text,
        org_unit_id -> Nullable<Text>,
        rank -> Text,
        birth_year -> Nullable<Int4>,
        provider -> Nullable<Text>,
        active -> Bool,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rank_history (person_id, effective_from) {
        person_id -> Text,
        effective_from -> Date,
        rank -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        person_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    role_grants (person_id, role) {
        person_id -> Text,
        role -> Text,
        granted_at -> Timestamp,
        granted_by -> Text,
    }
}

diesel::table! {
    service_accounts (client_id) {
        client_id -> Text,
        name -> Text,
        secret_hash -> Text,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(accounts -> people (person_id));
diesel::joinable!(people -> org_units (org_unit_id));
diesel::joinable!(rank_history -> people (person_id));
diesel::joinable!(refresh_tokens -> people (person_id));
diesel::joinable!(role_grants -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    audit_log,
    login_throttle,
    org_units,
    people,
    rank_history,
    refresh_tokens,
    role_grants,
    service_accounts,
);
