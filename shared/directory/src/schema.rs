// @generated automatically by Diesel CLI.

diesel::table! {
    directory_org_units (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        name -> Text,
        kind -> Text,
        active -> Bool,
        version -> Int8,
    }
}

diesel::table! {
    directory_people (id) {
        id -> Text,
        employee_no -> Text,
        name -> Text,
        org_unit_id -> Nullable<Text>,
        rank -> Text,
        birth_year -> Nullable<Int4>,
        active -> Bool,
        version -> Int8,
        provider -> Nullable<Text>,
        roles -> Nullable<Text>,
    }
}

diesel::table! {
    directory_rank_history (person_id, effective_from) {
        person_id -> Text,
        effective_from -> Date,
        rank -> Text,
    }
}

diesel::table! {
    directory_sync_state (stream) {
        stream -> Text,
        cursor -> Text,
        synced_at -> Timestamp,
        complete -> Bool,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    directory_org_units,
    directory_people,
    directory_rank_history,
    directory_sync_state,
);
