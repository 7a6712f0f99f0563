// @generated automatically by Diesel CLI.

diesel::table! {
    change_counters (stream) {
        stream -> Text,
        value -> Int8,
    }
}

diesel::table! {
    idempotency_keys (scope, idempotency_key) {
        scope -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        status -> Nullable<Int4>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        occurred_at -> Timestamp,
        dispatched_at -> Nullable<Timestamp>,
        seq -> Int8,
    }
}

diesel::table! {
    policy_versions (kind, version) {
        kind -> Text,
        version -> Int4,
        effective_from -> Date,
        document -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tombstones (stream, change_seq) {
        stream -> Text,
        change_seq -> Int8,
        entity_id -> Text,
        deleted_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    change_counters,
    idempotency_keys,
    outbox_events,
    policy_versions,
    tombstones,
);
