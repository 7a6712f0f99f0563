//! Diesel schema of vision's own tables (see `migrations/`).

diesel::table! {
    nodes (id) {
        id -> Text,
        kind -> Text,
        title -> Text,
        description -> Nullable<Text>,
        visibility -> Text,
        owner_id -> Nullable<Text>,
        org_unit_id -> Nullable<Text>,
        baseline -> Nullable<BigInt>,
        target -> Nullable<BigInt>,
        direction -> Nullable<Text>,
        unit -> Nullable<Text>,
        period -> Nullable<Text>,
        current_value -> Nullable<BigInt>,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    links (child_id, parent_id) {
        child_id -> Text,
        parent_id -> Text,
        weight -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    check_ins (id) {
        id -> Text,
        node_id -> Text,
        value -> BigInt,
        confidence -> Integer,
        comment -> Nullable<Text>,
        checked_on -> Date,
        late -> Bool,
        author_id -> Text,
        org_unit_id -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_in_edits (check_in_id, version) {
        check_in_id -> Text,
        version -> BigInt,
        value -> BigInt,
        confidence -> Integer,
        comment -> Nullable<Text>,
        edited_by -> Text,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    indicators (id) {
        id -> Text,
        node_id -> Text,
        name -> Text,
        unit -> Text,
        baseline -> BigInt,
        target -> BigInt,
        direction -> Text,
        period -> Text,
        created_by -> Text,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    actuals (id) {
        id -> Text,
        indicator_id -> Text,
        value -> BigInt,
        source -> Text,
        observed_on -> Date,
        recorded_by -> Text,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(check_ins -> nodes (node_id));
diesel::joinable!(indicators -> nodes (node_id));
diesel::joinable!(actuals -> indicators (indicator_id));
diesel::allow_tables_to_appear_in_same_query!(
    nodes,
    links,
    check_ins,
    check_in_edits,
    indicators,
    actuals
);
