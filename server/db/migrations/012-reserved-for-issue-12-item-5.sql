-- PLACEHOLDER on branch i12-rules only, so that 013 applies on this branch alone (migrations are numbered
-- without holes). Number 012 belongs to issue 12 item 5 (the public apology board): DELETE THIS FILE when
-- merging that branch's own 012.
SELECT 1;
