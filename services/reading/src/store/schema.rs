//! Diesel schema of reading's own tables (see `migrations/`).

diesel::table! {
    books (id) {
        id -> Text,
        isbn -> Nullable<Text>,
        title -> Text,
        author -> Nullable<Text>,
        category -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cards (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        card_number -> Text,
        status -> Text,
        issued_on -> Date,
        issuance_id -> Nullable<Text>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    card_issuances (id) {
        id -> Text,
        org_unit_id -> Nullable<Text>,
        issued -> BigInt,
        already_held -> BigInt,
        issued_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    privacy (person_id) {
        person_id -> Text,
        keep_library_history -> Bool,
        show_on_leaderboard -> Bool,
        family_on_leaderboard -> Bool,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    import_batches (id) {
        id -> Text,
        format -> Text,
        rows_total -> BigInt,
        rows_landed -> BigInt,
        rows_unchanged -> BigInt,
        rows_rejected -> BigInt,
        report -> Text,
        submitted_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    library_loans (id) {
        id -> Text,
        library_loan_id -> Text,
        card_number -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        isbn -> Nullable<Text>,
        title -> Text,
        author -> Nullable<Text>,
        borrowed_on -> Date,
        due_on -> Nullable<Date>,
        returned_on -> Nullable<Date>,
        batch_id -> Text,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    shelves (id) {
        id -> Text,
        org_unit_id -> Text,
        name -> Text,
        location -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    copies (id) {
        id -> Text,
        shelf_id -> Text,
        book_id -> Text,
        item_type -> Text,
        barcode -> Nullable<Text>,
        status -> Text,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    loans (id) {
        id -> Text,
        copy_id -> Text,
        shelf_id -> Text,
        book_id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        item_type -> Text,
        borrowed_at -> Timestamp,
        due_on -> Date,
        renewals -> Integer,
        returned_at -> Nullable<Timestamp>,
        lent_by -> Text,
        policy_version -> Integer,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    holds (id) {
        id -> Text,
        shelf_id -> Text,
        book_id -> Text,
        person_id -> Text,
        status -> Text,
        copy_id -> Nullable<Text>,
        seq -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        title -> Text,
        theme -> Text,
        description -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Date,
        goal_books -> Nullable<BigInt>,
        goal_pages -> Nullable<BigInt>,
        goal_minutes -> Nullable<BigInt>,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaign_participants (campaign_id, kind, participant_id) {
        campaign_id -> Text,
        kind -> Text,
        participant_id -> Text,
        added_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    book_lists (id) {
        id -> Text,
        campaign_id -> Nullable<Text>,
        title -> Text,
        description -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    book_list_items (list_id, position) {
        list_id -> Text,
        position -> Integer,
        book_id -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    reading_logs (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        book_id -> Nullable<Text>,
        title -> Text,
        read_on -> Date,
        pages -> BigInt,
        minutes -> BigInt,
        finished -> Bool,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    log_readers (log_id, member_id) {
        log_id -> Text,
        member_id -> Text,
        person_id -> Text,
        read_on -> Date,
        minutes -> BigInt,
    }
}

diesel::table! {
    reading_totals (org_unit_id, month_key) {
        org_unit_id -> Text,
        month_key -> Integer,
        pages -> BigInt,
        minutes -> BigInt,
        books_finished -> BigInt,
        logs -> BigInt,
    }
}

diesel::table! {
    notes (id) {
        id -> Text,
        person_id -> Text,
        org_unit_id -> Nullable<Text>,
        book_id -> Nullable<Text>,
        book_title -> Text,
        title -> Text,
        body -> Text,
        show_name -> Bool,
        status -> Text,
        review_comment -> Nullable<Text>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    family_members (id) {
        id -> Text,
        person_id -> Text,
        relation -> Text,
        display_name -> Text,
        birth_year -> Integer,
        consent_at -> Timestamp,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    family_challenges (id) {
        id -> Text,
        person_id -> Text,
        title -> Text,
        starts_on -> Date,
        ends_on -> Date,
        goal_books -> Nullable<BigInt>,
        goal_pages -> Nullable<BigInt>,
        goal_minutes -> Nullable<BigInt>,
        readers -> Text,
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(copies -> shelves (shelf_id));
diesel::joinable!(copies -> books (book_id));
diesel::joinable!(loans -> copies (copy_id));
diesel::joinable!(log_readers -> reading_logs (log_id));

diesel::allow_tables_to_appear_in_same_query!(
    books,
    cards,
    shelves,
    copies,
    loans,
    holds,
    campaigns,
    campaign_participants,
    book_lists,
    book_list_items,
    reading_logs,
    log_readers,
    notes,
    family_members,
);
