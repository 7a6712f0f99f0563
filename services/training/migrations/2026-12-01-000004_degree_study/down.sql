DROP TABLE self_study_certificates;
DROP TABLE reimbursement_claims;
DROP TABLE degree_applications;
