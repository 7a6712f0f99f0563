// @generated automatically by Diesel CLI.

diesel::table! {
    deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        event_seq -> Int8,
        event_id -> Text,
        status -> Text,
        attempts -> Int4,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        last_response -> Nullable<Text>,
        next_attempt_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    events (seq) {
        seq -> Int8,
        id -> Text,
        source -> Text,
        source_seq -> Int8,
        kind -> Text,
        occurred_at -> Timestamp,
        body -> Text,
    }
}

diesel::table! {
    notices (id) {
        id -> Text,
        seq -> Int8,
        person_id -> Text,
        event_id -> Text,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    source_positions (source) {
        source -> Text,
        position -> Int8,
        read_at -> Timestamp,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> Text,
        seq -> Int8,
        url -> Text,
        event_types -> Text,
        description -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        status -> Text,
        status_reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Int8,
    }
}

diesel::joinable!(deliveries -> subscriptions (subscription_id));

diesel::allow_tables_to_appear_in_same_query!(
    deliveries,
    events,
    notices,
    source_positions,
    subscriptions,
);
