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
];
