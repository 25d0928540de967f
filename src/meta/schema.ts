// Versioned schema migrations. Each entry moves the database from version i
// to i+1; `user_version` records where a database stands.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE inodes (
    ino      INTEGER PRIMARY KEY,
    mode     INTEGER NOT NULL,
    uid      INTEGER NOT NULL,
    gid      INTEGER NOT NULL,
    nlink    INTEGER NOT NULL,
    size     INTEGER NOT NULL DEFAULT 0,
    rdev     INTEGER NOT NULL DEFAULT 0,
    alloc    INTEGER NOT NULL DEFAULT 0,  -- bytes of non-hole data
    atime_s  INTEGER NOT NULL, atime_ns INTEGER NOT NULL,
    mtime_s  INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_s  INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    target   BLOB                          -- symlink target bytes
  );
  CREATE TABLE dentries (
    parent INTEGER NOT NULL,
    name   BLOB NOT NULL,
    ino    INTEGER NOT NULL,
    PRIMARY KEY (parent, name)
  ) WITHOUT ROWID;
  CREATE INDEX dentries_by_ino ON dentries(ino);
  CREATE TABLE xattrs (
    ino   INTEGER NOT NULL,
    name  BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (ino, name)
  ) WITHOUT ROWID;
  CREATE TABLE chunks (
    hash       BLOB PRIMARY KEY,
    segment    INTEGER NOT NULL,
    offset     INTEGER NOT NULL,
    stored_len INTEGER NOT NULL,
    raw_len    INTEGER NOT NULL,
    codec      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX chunks_by_segment ON chunks(segment);
  CREATE TABLE blocks (
    ino     INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    hash    BLOB NOT NULL,
    raw_len INTEGER NOT NULL,
    PRIMARY KEY (ino, idx)
  ) WITHOUT ROWID;
  CREATE INDEX blocks_by_hash ON blocks(hash);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  -- v2: the circuit index, written in the same transaction as the content.
  CREATE TABLE circuits (
    ino        INTEGER PRIMARY KEY,
    format     TEXT,
    valid      INTEGER NOT NULL,
    error      TEXT,
    sha256     TEXT NOT NULL,
    qubits     INTEGER, clbits INTEGER, gates INTEGER, two_qubit INTEGER,
    measure    INTEGER, depth INTEGER,
    metrics    TEXT,                      -- the full metrics as JSON
    indexed_s  INTEGER NOT NULL
  );
  CREATE INDEX circuits_by_qubits ON circuits(qubits);
  `,
  `
  -- v3: versions of files under /circuits; each keeps its own block list.
  CREATE TABLE versions (
    ino      INTEGER NOT NULL,
    version  INTEGER NOT NULL,
    size     INTEGER NOT NULL,
    mtime_s  INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256   TEXT,
    PRIMARY KEY (ino, version)
  ) WITHOUT ROWID;
  CREATE TABLE version_blocks (
    ino     INTEGER NOT NULL,
    version INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    hash    BLOB NOT NULL,
    raw_len INTEGER NOT NULL,
    PRIMARY KEY (ino, version, idx)
  ) WITHOUT ROWID;
  CREATE INDEX version_blocks_by_hash ON version_blocks(hash);
  `,
  `
  -- v4: the /states index, and chunks kept as slices of a quantum-codec blob
  -- (codec 2: bytes [offset, offset + raw_len) of the decoded blob named by base).
  CREATE TABLE states (
    ino        INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL,
    valid      INTEGER NOT NULL,
    error      TEXT,
    kind       TEXT NOT NULL,
    area       TEXT NOT NULL,             -- snapshots, tomography, checkpoints or other
    qubits     INTEGER,
    codec      TEXT,
    raw_bytes  INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL,
    details    TEXT NOT NULL,             -- the full description as JSON
    analyzed_s INTEGER NOT NULL
  );
  ALTER TABLE chunks ADD COLUMN base BLOB;
  CREATE INDEX chunks_by_base ON chunks(base) WHERE base IS NOT NULL;
  `,
  `
  -- v5: access paths for circuit search. Each query term gets an index; the
  -- search picks the most selective one and checks the rest per candidate.
  CREATE INDEX circuits_by_depth ON circuits(depth);
  CREATE INDEX circuits_by_two_qubit ON circuits(two_qubit);
  CREATE INDEX circuits_by_gates ON circuits(gates);
  CREATE INDEX circuits_by_valid ON circuits(valid);
  CREATE INDEX circuits_by_format ON circuits(format);
  CREATE INDEX circuits_by_indexed ON circuits(indexed_s);
  -- Everything a search filters on or prints, keyed by inode: candidates are
  -- checked here, never in the wide rows that carry the metrics JSON.
  CREATE INDEX circuits_summary ON circuits(ino, valid, format, qubits, depth, two_qubit, gates, indexed_s, sha256);
  -- Gate counts by name (count > 0 only), from metrics.gatesByName; written
  -- with the circuit row.
  CREATE TABLE circuit_gates (
    gate  TEXT NOT NULL,
    ino   INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (gate, ino)
  ) WITHOUT ROWID;
  CREATE INDEX circuit_gates_by_ino ON circuit_gates(ino);
  -- The entries of user.qfs.tags (spaces removed, split at commas; ASCII case
  -- folded as search always did), written with the xattr.
  CREATE TABLE circuit_tags (
    tag TEXT NOT NULL COLLATE NOCASE,
    ino INTEGER NOT NULL,
    PRIMARY KEY (tag, ino)
  ) WITHOUT ROWID;
  CREATE INDEX circuit_tags_by_ino ON circuit_tags(ino);
  -- user.qfs.author by value, and user.qfs.description by inode (a text search
  -- scans these few rows instead of every xattr). The names are the bytes of
  -- 'user.qfs.author' and 'user.qfs.description': queries repeat them exactly.
  CREATE INDEX xattrs_author ON xattrs(value) WHERE name = X'757365722e7166732e617574686f72';
  CREATE INDEX xattrs_description ON xattrs(ino, value) WHERE name = X'757365722e7166732e6465736372697074696f6e';
  -- Backfill from what older versions stored.
  INSERT INTO circuit_gates(gate, ino, count)
    SELECT j.key, c.ino, j.value FROM circuits c, json_each(c.metrics, '$.gatesByName') j
    WHERE c.metrics IS NOT NULL AND j.value > 0;
  INSERT OR IGNORE INTO circuit_tags(tag, ino)
    WITH RECURSIVE entries(ino, tag, rest) AS (
      SELECT ino, NULL, REPLACE(CAST(value AS TEXT), ' ', '') || ',' FROM xattrs WHERE name = X'757365722e7166732e74616773'
      UNION ALL
      SELECT ino, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1) FROM entries WHERE rest <> ''
    )
    SELECT tag, ino FROM entries WHERE tag IS NOT NULL;
  `,
  `
  -- v6: a trigram index of each circuit's names and user.qfs.description, so
  -- that a text search finds its matches without reading every name. The
  -- body is lower-cased as the search compares (ASCII only, like lower()),
  -- the tokenizer keeps case, and a name or the description per line: a
  -- phrase without a newline matches exactly where one of them contains it.
  CREATE VIRTUAL TABLE circuit_text USING fts5(
    body, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1
  );
  CREATE VIEW circuit_text_body(ino, body) AS
    SELECT i.ino,
      coalesce(lower((SELECT group_concat(CAST(d.name AS TEXT), char(10)) FROM dentries d WHERE d.ino = i.ino)), '') || char(10) ||
      coalesce(lower((SELECT CAST(x.value AS TEXT) FROM xattrs x
                      WHERE x.ino = i.ino AND x.name = X'757365722e7166732e6465736372697074696f6e')), '')
    FROM inodes i;
  -- Names change in many places (create, link, unlink, rename, exchange), so
  -- triggers keep the index in the transaction of each change. Only circuits
  -- have a row: other files cost one lookup per change. A circuit gets its
  -- row when first indexed (a re-commit replaces the circuit row and keeps it).
  CREATE TRIGGER circuit_text_indexed BEFORE INSERT ON circuits
    WHEN NOT EXISTS (SELECT 1 FROM circuits WHERE ino = NEW.ino)
  BEGIN
    INSERT INTO circuit_text(rowid, body) SELECT ino, body FROM circuit_text_body WHERE ino = NEW.ino;
  END;
  CREATE TRIGGER circuit_text_unindexed AFTER DELETE ON circuits BEGIN
    DELETE FROM circuit_text WHERE rowid = OLD.ino;
  END;
  CREATE TRIGGER circuit_text_named AFTER INSERT ON dentries
    WHEN EXISTS (SELECT 1 FROM circuits WHERE ino = NEW.ino)
  BEGIN
    DELETE FROM circuit_text WHERE rowid = NEW.ino;
    INSERT INTO circuit_text(rowid, body) SELECT ino, body FROM circuit_text_body WHERE ino = NEW.ino;
  END;
  CREATE TRIGGER circuit_text_unnamed AFTER DELETE ON dentries
    WHEN EXISTS (SELECT 1 FROM circuits WHERE ino = OLD.ino)
  BEGIN
    DELETE FROM circuit_text WHERE rowid = OLD.ino;
    INSERT INTO circuit_text(rowid, body) SELECT ino, body FROM circuit_text_body WHERE ino = OLD.ino;
  END;
  -- INSERT OR REPLACE (of a circuit row, of an xattr) fires only the insert
  -- triggers: SQLite runs delete triggers for replaced rows only under
  -- PRAGMA recursive_triggers, which QFS leaves off.
  CREATE TRIGGER circuit_text_described AFTER INSERT ON xattrs
    WHEN NEW.name = X'757365722e7166732e6465736372697074696f6e' AND EXISTS (SELECT 1 FROM circuits WHERE ino = NEW.ino)
  BEGIN
    DELETE FROM circuit_text WHERE rowid = NEW.ino;
    INSERT INTO circuit_text(rowid, body) SELECT ino, body FROM circuit_text_body WHERE ino = NEW.ino;
  END;
  CREATE TRIGGER circuit_text_undescribed AFTER DELETE ON xattrs
    WHEN OLD.name = X'757365722e7166732e6465736372697074696f6e' AND EXISTS (SELECT 1 FROM circuits WHERE ino = OLD.ino)
  BEGIN
    DELETE FROM circuit_text WHERE rowid = OLD.ino;
    INSERT INTO circuit_text(rowid, body) SELECT ino, body FROM circuit_text_body WHERE ino = OLD.ino;
  END;
  INSERT INTO circuit_text(rowid, body) SELECT t.ino, t.body FROM circuits c JOIN circuit_text_body t ON t.ino = c.ino;
  `,
  `
  -- v7: the gates a circuit uses, kept where a commit writes few pages.
  -- circuit_gates is ordered by gate name, so a commit wrote one page per
  -- distinct gate of the circuit, most of the pages a commit wrote. Now the
  -- circuit row holds the names (' h cx ccx ', checked per candidate in
  -- circuits_summary), and a word index per circuit finds the circuits
  -- using a gate: each commit adds one small segment to it. Its words are
  -- the names in hex, as the tokenizer folds case and OpenQASM's U is not u.
  ALTER TABLE circuits ADD COLUMN gate_names TEXT;
  UPDATE circuits SET gate_names =
    (SELECT ' ' || coalesce(group_concat(key, ' '), '') || ' ' FROM json_each(metrics, '$.gatesByName') WHERE value > 0)
    WHERE metrics IS NOT NULL;
  DROP INDEX circuits_summary;
  CREATE INDEX circuits_summary ON circuits(ino, valid, format, qubits, depth, two_qubit, gates, indexed_s, sha256, gate_names);
  CREATE VIRTUAL TABLE circuit_gate_words USING fts5(
    words, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none
  );
  INSERT INTO circuit_gate_words(rowid, words)
    SELECT c.ino, (SELECT group_concat(hex(key), ' ') FROM json_each(c.metrics, '$.gatesByName') WHERE value > 0)
    FROM circuits c WHERE c.metrics IS NOT NULL;
  DROP TABLE circuit_gates;
  `,
  `
  -- v8: copies of small chunk records whose segment is not fdatasynced yet.
  -- The commit that first points at such a record carries its bytes here, in
  -- the same transaction, instead of waiting for an fdatasync of the
  -- segment; the rows go once the segment is synced, and opening a data dir
  -- writes back any record its segment lost in a crash.
  CREATE TABLE chunk_journal (
    id      INTEGER PRIMARY KEY,
    hash    BLOB NOT NULL,
    segment INTEGER NOT NULL,
    offset  INTEGER NOT NULL,   -- of the payload, as in chunks
    record  BLOB NOT NULL       -- header and payload, as in the segment
  );
  `,
];
