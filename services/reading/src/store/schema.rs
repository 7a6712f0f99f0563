// @generated automatically by Diesel CLI.

diesel::table! {
    book_list_items (list_id, position) {
        list_id -> Text,
        position -> Int4,
        book_id -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    book_lists (id) {
        id -> Text,
        campaign_id -> Nullable<Text>,
        title -> Text,
        description -> Nullable<Text>,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    books (id) {
        id -> Text,
        isbn -> Nullable<Text>,
        title -> Text,
        author -> Nullable<Text>,
        category -> Nullable<Text>,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
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
    campaigns (id) {
        id -> Text,
        title -> Text,
        theme -> Text,
        description -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Date,
        goal_books -> Nullable<Int8>,
        goal_pages -> Nullable<Int8>,
        goal_minutes -> Nullable<Int8>,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    card_issuances (id) {
        id -> Text,
        org_unit_id -> Nullable<Text>,
        issued -> Int8,
        already_held -> Int8,
        issued_by -> Text,
        created_at -> Timestamp,
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
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
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
        seq -> Int8,
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
        goal_books -> Nullable<Int8>,
        goal_pages -> Nullable<Int8>,
        goal_minutes -> Nullable<Int8>,
        readers -> Text,
        seq -> Int8,
        created_at -> Timestamp,
    }
}

diesel::table! {
    family_members (id) {
        id -> Text,
        person_id -> Text,
        relation -> Text,
        display_name -> Text,
        birth_year -> Int4,
        consent_at -> Timestamp,
        seq -> Int8,
        created_at -> Timestamp,
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
        seq -> Int8,
        version -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    import_batches (id) {
        id -> Text,
        format -> Text,
        rows_total -> Int8,
        rows_landed -> Int8,
        rows_unchanged -> Int8,
        rows_rejected -> Int8,
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
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    loan_reminders (loan_id, kind, due_on) {
        loan_id -> Text,
        kind -> Text,
        due_on -> Date,
        sent_at -> Timestamp,
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
        renewals -> Int4,
        returned_at -> Nullable<Timestamp>,
        lent_by -> Text,
        policy_version -> Int4,
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    log_readers (log_id, member_id) {
        log_id -> Text,
        member_id -> Text,
        person_id -> Text,
        read_on -> Date,
        minutes -> Int8,
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
        version -> Int8,
        seq -> Int8,
        change_seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    privacy (person_id) {
        person_id -> Text,
        keep_library_history -> Bool,
        show_on_leaderboard -> Bool,
        family_on_leaderboard -> Bool,
        version -> Int8,
        updated_at -> Timestamp,
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
        pages -> Int8,
        minutes -> Int8,
        finished -> Bool,
        seq -> Int8,
        created_at -> Timestamp,
        isbn -> Nullable<Text>,
    }
}

diesel::table! {
    reading_totals (org_unit_id, month_key) {
        org_unit_id -> Text,
        month_key -> Int4,
        pages -> Int8,
        minutes -> Int8,
        books_finished -> Int8,
        logs -> Int8,
    }
}

diesel::table! {
    shelves (id) {
        id -> Text,
        org_unit_id -> Text,
        name -> Text,
        location -> Nullable<Text>,
        created_by -> Text,
        version -> Int8,
        seq -> Int8,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(book_list_items -> book_lists (list_id));
diesel::joinable!(book_list_items -> books (book_id));
diesel::joinable!(book_lists -> campaigns (campaign_id));
diesel::joinable!(campaign_participants -> campaigns (campaign_id));
diesel::joinable!(copies -> books (book_id));
diesel::joinable!(copies -> shelves (shelf_id));
diesel::joinable!(holds -> shelves (shelf_id));
diesel::joinable!(loans -> copies (copy_id));
diesel::joinable!(log_readers -> reading_logs (log_id));
diesel::joinable!(notes -> books (book_id));
diesel::joinable!(reading_logs -> books (book_id));

diesel::allow_tables_to_appear_in_same_query!(
    book_list_items,
    book_lists,
    books,
    campaign_participants,
    campaigns,
    card_issuances,
    cards,
    copies,
    family_challenges,
    family_members,
    holds,
    import_batches,
    library_loans,
    loan_reminders,
    loans,
    log_readers,
    notes,
    privacy,
    reading_logs,
    reading_totals,
    shelves,
);
