-- PLACEHOLDER, to be dropped at merge: number 011 belongs to issue 12 item 1 (two clocks per step),
-- written on main at the same time as this branch. The migrations must be numbered without holes
-- (server/db/open.ts), so this empty file stands in for it here and lets 012 apply on this branch.
-- When the branches meet, keep main's 011 and delete this file: it changes nothing in the schema.
SELECT 1;
