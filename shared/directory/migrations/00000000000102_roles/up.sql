-- The person's roles as identity last said (JSON array; NULL: not known yet). A token's role
-- the copy no longer lists is not honoured, so taking a role away takes effect within the
-- copy's refresh interval rather than at the token's expiry.
ALTER TABLE directory_people ADD COLUMN roles TEXT;
