-- A tamper-evident history: every dossier event is sealed, in id order, into one hash chain. Each link
-- holds the hash of the link before and of its event's content, so editing, removing or reordering
-- any event (even with the triggers dropped, by someone holding the database file) breaks every link
-- after it. `motcua audit verify` recomputes the chain.
CREATE TABLE dossier_event_chain (
  event_id  INTEGER PRIMARY KEY REFERENCES dossier_events (id),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE TRIGGER dossier_event_chain_no_update BEFORE UPDATE ON dossier_event_chain
BEGIN SELECT RAISE(ABORT, 'the history chain is append-only'); END;
CREATE TRIGGER dossier_event_chain_no_delete BEFORE DELETE ON dossier_event_chain
BEGIN SELECT RAISE(ABORT, 'the history chain is append-only'); END;
