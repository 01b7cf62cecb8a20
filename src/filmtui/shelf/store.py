"""Where the shelf index lives and how it is opened: a cache that can always be rebuilt.

The index is an SQLite file in `$XDG_CACHE_HOME/filmtui/` (else `~/.cache/filmtui/`), one
per shelf, named after a hash of the shelf's real path; `--index PATH` overrides. It runs in
WAL mode with a busy timeout, so two processes can share it. In filmtui's cache folder a
file that is not a usable index (corrupt, truncated, foreign, another format or another
shelf) is deleted and rebuilt with one notice. Anywhere else only what is provably ours is
deleted: a file whose SQLite header carries our application id (read from the raw bytes,
so a damaged body does not matter); any other file there is refused (IndexRefused) and
left untouched, as is a missing folder. When nothing can be written, the index is built in
memory instead. This module does not import textual.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time

from filmtui.errors import IndexRefused
from filmtui.filmquery import TEXT_FIELDS
from filmtui.matching import BARE_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

APPLICATION_ID = 0x46544C53  # "FTLS"
_SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 100  # an SQLite file's header; the application id is at offset 68
FORMAT = 12  # PRAGMA user_version; bump when the schema changes (older indexes are rebuilt)
BUSY_TIMEOUT_SECONDS = 30.0

_FILM_TEXT = ", ".join(f"f_{field} TEXT" for field in TEXT_FIELDS)
#: The folded film columns, as the film search index names them.
FILM_SEARCH = ", ".join(f"f_{field}" for field in TEXT_FIELDS)
#: The folded quote columns, as the quote search index names them (the quote query's
#: bare-word fields).
QUOTE_SEARCH = ", ".join(f"f_{field}" for field in BARE_FIELDS)
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE folders (prefix TEXT PRIMARY KEY, digest BLOB);
CREATE TABLE films (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, digest BLOB, error TEXT,
    title TEXT, year INTEGER, runtime INTEGER, directors TEXT, rating TEXT,
    quote_count INTEGER, sort_title TEXT, {_FILM_TEXT});
CREATE INDEX films_stamps ON films (path, size, mtime_ns, digest);
CREATE INDEX films_by_title ON films (sort_title, year, path) WHERE error IS NULL;
CREATE INDEX films_by_year ON films (year IS NULL, year, sort_title, path) WHERE error IS NULL;
CREATE INDEX films_by_quotes ON films (quote_count DESC, sort_title, year, path)
    WHERE error IS NULL;
CREATE INDEX films_by_change ON films (mtime_ns DESC, path) WHERE error IS NULL;
CREATE INDEX films_bad ON films (path) WHERE error IS NOT NULL;
CREATE TABLE film_exports (film_id INTEGER PRIMARY KEY, export TEXT NOT NULL);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL, position INTEGER NOT NULL,
    publication TEXT NOT NULL, critic TEXT, region TEXT, date TEXT, text TEXT NOT NULL,
    export TEXT NOT NULL);
CREATE INDEX quotes_by_film ON quotes (film_id, position);
CREATE TABLE quote_search (
    id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL, position INTEGER NOT NULL,
    f_publication TEXT NOT NULL, f_critic TEXT NOT NULL, f_region TEXT NOT NULL,
    f_text TEXT NOT NULL);
CREATE INDEX quote_search_by_film ON quote_search (film_id, position);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    {QUOTE_SEARCH}, content='quote_search', content_rowid='id',
    tokenize='trigram', detail=none, columnsize=0);
CREATE VIRTUAL TABLE films_fts USING fts5(
    {FILM_SEARCH}, content='films', content_rowid='id',
    tokenize='trigram', detail=none, columnsize=0);
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {FORMAT};
"""


def default_index_path(root: str) -> str:
    """The index file for the shelf at `root` in the user's cache directory."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()
    return os.path.join(cache, "filmtui", f"shelf-{key[:20]}.sqlite")


def connect(
    root: str, path: str | None, notice: Callable[[str], None]
) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating or rebuilding as needed) the index for `root`; return the
    connection and the file it lives in, or None when it had to be kept in memory."""
    path = path or default_index_path(root)
    ours = os.path.dirname(os.path.abspath(path)) == os.path.dirname(default_index_path(root))
    if not ours:
        claim(path)
    try:
        return _open_file(root, path, notice, make_folder=ours), path
    except (OSError, sqlite3.Error) as error:
        notice(f"cannot write the shelf index at {path} ({_reason(error)}); indexing in memory")
        return _prepare(_sqlite(":memory:"), root), None


def claim(path: str) -> None:
    """Make sure the file at `path` (outside filmtui's cache) may be made the index: it is
    missing or empty, or its header says it is a filmtui index (then it is used, or rebuilt
    if damaged). Otherwise raise IndexRefused, having written nothing."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise IndexRefused(
            f"--index {path}: the folder {folder} does not exist; create it, or name a file "
            "in a folder that exists"
        )
    refused = IndexRefused(
        f"--index {path}: exists and is not a filmtui shelf index; name a new file, or "
        "delete it yourself"
    )
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise refused  # a folder, a device or a pipe: never ours
        if info.st_size == 0:
            return
        with open(path, "rb") as file:
            header = file.read(_HEADER_BYTES)
    except OSError:
        return  # missing, or unreadable: opening it fails too, and nothing is deleted
    if len(header) < _HEADER_BYTES or not header.startswith(_SQLITE_HEADER):
        raise refused
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == 0 and _is_empty_or_ours(path):
        return  # being made by another filmtui: the id is still in its WAL
    if application_id != APPLICATION_ID:
        raise refused


def _is_empty_or_ours(path: str) -> bool:
    """Whether the SQLite file at `path`, whose header has no application id yet, is empty
    or (in its WAL) a filmtui index, read without writing anything beside it: through its
    WAL only when one exists (someone has it open), else as an immutable file."""
    from urllib.parse import quote

    mode = "mode=ro" if os.path.exists(f"{path}-wal") else "immutable=1"
    uri = f"file:{quote(os.fsencode(os.path.abspath(path)))}?{mode}"
    try:
        reader = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            application_id = reader.execute("PRAGMA application_id").fetchone()[0]
            tables = reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        finally:
            reader.close()
    except sqlite3.Error:
        return False
    return bool(application_id == APPLICATION_ID or (application_id == 0 and tables == 0))


def _open_file(
    root: str, path: str, notice: Callable[[str], None], *, make_folder: bool
) -> sqlite3.Connection:
    """Open the index file, rebuilding it once if it is not a usable index for `root`
    (creating its folder first if `make_folder`)."""
    if make_folder:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    connection = _sqlite(path)
    try:
        _configure(connection)
        problem = _problem(connection, root)
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            connection.close()
            raise  # e.g. unable to open, read-only: not a reason to delete anything
        problem = damage(error)
    if problem is None:
        return connection
    if problem != "new":
        notice(f"the shelf index at {path} was not usable ({problem}); rebuilding it")
        connection.close()
        remove_index(path)
        connection = _configure(_sqlite(path))
    return _prepare(connection, root)


def rebuild(
    connection: sqlite3.Connection,
    root: str,
    path: str,
    error: sqlite3.Error,
    notice: Callable[[str], None],
) -> tuple[sqlite3.Connection, str | None]:
    """The index at `path` was found damaged (`error`) once open: say so, delete it, and
    open a new, empty one (as `connect` does)."""
    notice(f"the shelf index at {path} was damaged ({damage(error)}); rebuilding it")
    connection.close()
    remove_index(path)
    return connect(root, path, notice)


def _sqlite(path: str) -> sqlite3.Connection:
    """A connection usable from any thread: the browser refreshes the index in a worker
    thread and queries it from the UI thread, one at a time (never both at once)."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)


def _configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    """WAL (readers never wait for the writer), and a cache's durability.

    Switching a file to WAL needs a moment when no other connection holds it, and SQLite
    answers "database is locked" at once rather than calling its busy handler there: two
    processes making the same new index at once met it. So the switch is tried again,
    every 10 ms, for as long as the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            break
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite said the database is locked by another connection (SQLITE_BUSY; the
    error code is on the exception from Python 3.11, its words before)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF == 5 if code is not None else str(error) == "database is locked"


def _problem(connection: sqlite3.Connection, root: str) -> str | None:
    """Why this database is not the index of `root` ("new" if empty), or None if it is.

    Read in one transaction: another process may create the schema meanwhile, and reading
    its id before that commit and its tables after would call its index foreign."""
    connection.execute("BEGIN")
    try:
        return _problem_in(connection, root)
    finally:
        connection.execute("COMMIT")


def _problem_in(connection: sqlite3.Connection, root: str) -> str | None:
    """`_problem`, inside a read transaction."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == 0:
        tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        return "new" if tables == 0 else "not a filmtui index"
    if application_id != APPLICATION_ID:
        return "not a filmtui index"
    if connection.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
        return "an older format"
    row = connection.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
    if row is None or row[0] != os.path.realpath(root):
        return f"made for another shelf, {row[0] if row else 'unknown'}"
    return None


def _prepare(connection: sqlite3.Connection, root: str) -> sqlite3.Connection:
    """Create the schema in an empty database (another process may be doing the same)."""
    connection.isolation_level = None  # transactions are explicit
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            for statement in _statements(SCHEMA):
                connection.execute(statement)
            connection.execute(
                "INSERT INTO meta (key, value) VALUES ('root', ?)", (os.path.realpath(root),)
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return connection


def _statements(script: str) -> list[str]:
    """Split the schema into statements (triggers hold semicolons of their own)."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def is_complete(connection: sqlite3.Connection) -> bool:
    """Whether the index holds a shelf (some file) and no refresh of many files was cut
    short (its search index would still need rebuilding)."""
    filled, stale = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM films), EXISTS (SELECT 1 FROM meta WHERE key = 'fts_stale')"
    ).fetchone()
    return bool(filled) and not stale


def remove_index(path: str) -> None:
    """Delete an index file and its WAL companions (whatever of them exists)."""
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass


def is_corruption(error: sqlite3.Error) -> bool:
    """Whether an SQLite error means the file is damaged or not a database at all: SQLite's
    corruption codes, or text in it that is not UTF-8 (`_is_undecodable`)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    if _is_undecodable(error):
        return True
    message = str(error)
    return "malformed" in message or "not a database" in message


# CPython's own words, raised by the sqlite3 module (not SQLite) when a TEXT value it
# fetches is not UTF-8: the same OperationalError, without an SQLite error code, on 3.10 to
# 3.13 (the UnicodeDecodeError is cleared, not chained). The column name and its text come
# after these words, so no record text can forge them.
_UNDECODABLE = "Could not decode to UTF-8"


def _is_undecodable(error: sqlite3.Error) -> bool:
    """Whether `error` is the sqlite3 module failing to decode a stored text: everything
    filmtui writes to its index is UTF-8, so such a text can only be damage."""
    return (
        type(error) is sqlite3.OperationalError
        and getattr(error, "sqlite_errorcode", None) is None
        and str(error).startswith(_UNDECODABLE)
    )


def damage(error: sqlite3.Error) -> str:
    """A short reason for the damage `error` shows, for a notice: never the stored text
    itself, which an undecodable error quotes (damaged bytes, perhaps controls)."""
    return "text in it is not UTF-8" if _is_undecodable(error) else str(error)


def _reason(error: BaseException) -> str:
    """A short lower-case reason for a failure."""
    if isinstance(error, OSError):
        return (error.strerror or str(error)).lower()
    return str(error)
