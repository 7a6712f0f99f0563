-- A "contributes to" link counts toward its parent's progress only once the parent's keeper
-- (its owner, a coordinator over its unit, an admin) has accepted it and set its weight.
-- Links made before this rule were made under the old one and keep counting.
ALTER TABLE links ADD COLUMN accepted BOOLEAN NOT NULL DEFAULT TRUE;
