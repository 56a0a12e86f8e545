-- Kiosk lookup records (migration 007) counted, not one row each: lookups identical in every recorded
-- column — the same second, channel, outcome, tier, client, delay and fictional mark — are written as
-- one row with how many there were. Nothing recorded is lost (the time keeps its second); a flood of
-- lookups from a centre's Wi-Fi costs a row per client and second instead of one per lookup, which was
-- a third of a lookup's cost on the server (server/kiosk/recorder.ts). Rows written before this
-- migration stand for one lookup each.
ALTER TABLE kiosk_lookups ADD COLUMN lookups INTEGER NOT NULL DEFAULT 1 CHECK (lookups >= 1);
