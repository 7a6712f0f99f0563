DROP TABLE loan_reminders;
