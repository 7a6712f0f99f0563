//! Diesel schema of the platform tables (see `migrations/00000000000001_platform`).

diesel::table! {
    change_counters (stream) {
        stream -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    tombstones (stream, change_seq) {
        stream -> Text,
        change_seq -> BigInt,
        entity_id -> Text,
        deleted_at -> Timestamp,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        occurred_at -> Timestamp,
        dispatched_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (scope, idempotency_key) {
        scope -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    policy_versions (kind, version) {
        kind -> Text,
        version -> Integer,
        effective_from -> Date,
        document -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}
