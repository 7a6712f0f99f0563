-- Reminders sent for shelf loans: one per loan, kind and due day, so a renewal (a new due
-- day) is reminded again and nothing is reminded twice.
CREATE TABLE loan_reminders (
    loan_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_on DATE NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (loan_id, kind, due_on)
);
