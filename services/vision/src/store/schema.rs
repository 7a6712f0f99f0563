// @generated automatically by Diesel CLI.

diesel::table! {
    actuals (id) {
        id -> Text,
        indicator_id -> Text,
        value -> Int8,
        source -> Text,
        observed_on -> Date,
        recorded_by -> Text,
        seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    check_in_edits (check_in_id, version) {
        check_in_id -> Text,
        version -> Int8,
        value -> Int8,
        confidence -> Int4,
        comment -> Nullable<Text>,
        edited_by -> Text,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    check_ins (id) {
        id -> Text,
        node_id -> Text,
        value -> Int8,
        confidence -> Int4,
        comment -> Nullable<Text>,
        checked_on -> Date,
        late -> Bool,
        author_id -> Text,
        org_unit_id -> Nullable<Text>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    indicators (id) {
        id -> Text,
        node_id -> Text,
        name -> Text,
        unit -> Text,
        baseline -> Int8,
        target -> Int8,
        direction -> Text,
        period -> Text,
        created_by -> Text,
        seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    links (child_id, parent_id) {
        child_id -> Text,
        parent_id -> Text,
        weight -> Int8,
        created_at -> Timestamp,
        accepted -> Bool,
    }
}

diesel::table! {
    nodes (id) {
        id -> Text,
        kind -> Text,
        title -> Text,
        description -> Nullable<Text>,
        visibility -> Text,
        owner_id -> Nullable<Text>,
        org_unit_id -> Nullable<Text>,
        baseline -> Nullable<Int8>,
        target -> Nullable<Int8>,
        direction -> Nullable<Text>,
        unit -> Nullable<Text>,
        period -> Nullable<Text>,
        current_value -> Nullable<Int8>,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(actuals -> indicators (indicator_id));
diesel::joinable!(check_in_edits -> check_ins (check_in_id));
diesel::joinable!(check_ins -> nodes (node_id));
diesel::joinable!(indicators -> nodes (node_id));

diesel::allow_tables_to_appear_in_same_query!(
    actuals,
    check_in_edits,
    check_ins,
    indicators,
    links,
    nodes,
);
