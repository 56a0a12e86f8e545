-- Printing (issue 4): where the public lookup address on receipts points, and which CUPS queue each
-- counter prints to.

-- The base of the address printed as a QR code on receipts (<base>/k/<lookup key>), e.g.
-- https://motcua.minhan.thanhhoa.gov.vn. Empty: the address the printing screen used to reach the server.
ALTER TABLE centre ADD COLUMN public_base_url TEXT NOT NULL DEFAULT '';

-- A counter and its printer: the clerk's screen picks its counter; with no queue the browser prints.
CREATE TABLE counters (
  code       TEXT PRIMARY KEY,                 -- e.g. Q1
  name       TEXT NOT NULL,                    -- "Quầy 1"
  cups_queue TEXT,                             -- a CUPS queue name, or NULL for the browser's dialog
  layout     TEXT NOT NULL DEFAULT 'a4' CHECK (layout IN ('a4', 'a5', 'thermal'))
) STRICT;

-- How many times each document was produced for a dossier: the first is the original, later ones are
-- reprints. Kept beside the history (which records every print) so the count is one indexed read.
CREATE INDEX dossier_events_kind ON dossier_events (dossier_id, kind);
