"""Safe file access: no write follows a symlink or lands on a non-regular file, no read hangs.

Everything reviewroom writes inside a project (the store, its backup, brief.md, the minutes, the
lock's holder file) is replaced atomically, and only ever over a regular file or nothing: a
symlink, folder, FIFO or device in its place is refused, never replaced and never written
through. Reads open with ``O_NONBLOCK`` and check the file type first, so a FIFO where a file
should be is refused instead of blocking forever. ``export -o`` is the one write to a place the
user names outside the project, and it behaves like ``cp`` or ``tee``: a device or FIFO is
written *to*, a symlink is followed to the file it names.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.i18n import DEFAULT_LANGUAGE, t

# The interpreter's own SHA-256, as the stdlib's random module takes its SHA-512: importing
# hashlib initialises OpenSSL (2-3 ms of every start), for one digest of a small brief.md.
if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12 and later
        except ImportError:  # an interpreter built without it: the same digest through OpenSSL
            from hashlib import sha256

TEMP_SUFFIX = ".tmp"
FILE_MODE = 0o600
# Reads larger than this are refused rather than loaded (a store is a few MB at most).
READ_CHUNK = 1 << 20


class NotRegularFileError(OSError):
    """A path that must be a regular file (or nothing) is a symlink, folder, FIFO, device …"""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EPERM, f"it is {KIND_WORDS.get(kind, kind)}", str(path))
        self.kind = kind


class FileError(ReviewError):
    """A file reviewroom cannot use; the reason (the OS's, or what the file is) in ``{detail}``.

    The reason is kept as the OS error text or the file's kind, and the kind is translated when
    the message is rendered, so the whole line follows the project's language.
    """

    def __init__(
        self, key: str, exc: OSError, *, lang: str = DEFAULT_LANGUAGE, **params: Any
    ) -> None:
        kind = exc.kind if isinstance(exc, NotRegularFileError) else ""
        reason = exc.strerror or type(exc).__name__
        super().__init__(key, lang=lang, kind=kind, reason=reason, **params)

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang``, with the file's kind in that language too."""
        lang = lang or self.lang
        params = dict(self.params)
        kind, reason = params.pop("kind"), params.pop("reason")
        detail = t(lang, f"files.kind.{kind}") if kind else reason
        return t(lang, self.key, detail=detail, **params)


class StoreFileError(FileError, DamagedFileError):
    """The store (or its backup) is in a state that cannot be loaded: missing, a FIFO …"""


KIND_WORDS = {
    "file": "a file",
    "folder": "a folder",
    "symlink": "a symlink",
    "fifo": "a FIFO",
    "device": "a device",
    "socket": "a socket",
}


def kind_of(mode: int) -> str:
    """``file``, ``folder``, ``symlink``, ``fifo``, ``device`` or ``socket`` for a stat mode."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def describe(exc: OSError, lang: str) -> str:
    """The reason in an error message: "it is a symlink" (translated) or the OS's own words."""
    if isinstance(exc, NotRegularFileError):
        return t(lang, f"files.kind.{exc.kind}")
    return exc.strerror or type(exc).__name__


def lstat_or_none(path: Path) -> os.stat_result | None:
    """The entry itself (a symlink is not followed), or None when there is nothing there."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def regular_or_missing(path: Path) -> os.stat_result | None:
    """``path``'s lstat when it is a regular file, None when absent.

    Raises:
        NotRegularFileError: it is a symlink, folder, FIFO, device or socket.
        OSError: it cannot be looked at (a folder on the way is not searchable, say).
    """
    st = lstat_or_none(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path, kind_of(st.st_mode))
    return st


def real_folder(path: Path) -> None:
    """Refuse a symlink (or anything but a folder) where a project folder such as minutes/ is.

    Raises:
        NotRegularFileError: ``path`` is a symlink or not a folder.
        FileNotFoundError: nothing is there.
    """
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise NotRegularFileError(path, kind_of(st.st_mode))


def read_regular(path: Path, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of a regular file; never blocks on a FIFO and never opens a device.

    The type is checked before opening (so a device's open has no side effects) and again on
    the open descriptor (so a swap in between is caught too).

    Raises:
        FileNotFoundError: nothing is there.
        NotRegularFileError: a folder, FIFO, device, socket, or (unless ``follow_symlinks``) a
            symlink.
        OSError: any other reason it cannot be read (permissions, a symlink loop …).
    """
    st = os.stat(path) if follow_symlinks else os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path, kind_of(st.st_mode))
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise NotRegularFileError(path, "symlink") from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegularFileError(path, kind_of(opened.st_mode))
        chunks = []
        while chunk := os.read(fd, READ_CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_from(path: Path, offset: int) -> bytes:
    """A regular file's bytes from ``offset`` on (a follower's read of what was appended).

    Raises:
        FileNotFoundError: it is gone (compacted away: the caller's next stat sees why).
        NotRegularFileError: it is not a regular file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(path, kind_of(st.st_mode))
        chunks = []
        while chunk := os.pread(fd, READ_CHUNK, offset):
            chunks.append(chunk)
            offset += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_all(fd: int, payload: bytes) -> None:
    """Write all of ``payload`` (a short write continues where it stopped)."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def check_writable_folder(folder: Path) -> None:
    """``folder`` exists, is a folder, and a file can be created in it.

    Raises:
        OSError: ENOENT (missing), ENOTDIR (not a folder) or EACCES (not writable), as ``open``
            would say it, so the caller's message names the real cause.
    """
    if not folder.is_dir():
        code = errno.ENOTDIR if folder.exists() else errno.ENOENT
        raise OSError(code, os.strerror(code))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))


def digest(payload: bytes) -> str:
    """SHA-256 of ``payload`` in hex: how a criteria version names the brief written for it."""
    return sha256(payload).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or "" when it cannot be read (whoever parses it says why)."""
    try:
        return digest(read_regular(path, follow_symlinks=True))
    except OSError:
        return ""


def atomic_write_bytes(path: Path, payload: bytes, mode: int = FILE_MODE, *,
                       durable: bool = True) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file, never a mix.

    temp file in the same directory → write → flush → fsync → ``os.replace`` → fsync directory.
    Only a regular file (or nothing) is ever replaced. ``durable=False`` skips both fsyncs (a
    reader still sees the old file or the new one, but a power cut may lose the write): only for
    a file that describes the running process and means nothing after a crash.

    Raises:
        NotRegularFileError: ``path`` is a symlink, folder, FIFO, device or socket.
        OSError: the write failed (disk full, permissions); the old file is untouched.
    """
    regular_or_missing(path)
    tmp = write_temp(path, payload, mode, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_directory(path.parent)


def write_temp(path: Path, payload: bytes, mode: int = FILE_MODE, *, durable: bool = True) -> str:
    """A temp file beside ``path`` holding ``payload`` (fsynced unless not ``durable``); returns
    its name.

    Named ``.NAME.XXXX.tmp``: a writer killed before its rename leaves one behind, which the
    next lock holder removes (see :func:`remove_leftover_temps`); readers never touch them.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def datasync(fd: int) -> None:
    """``fdatasync`` (the data and the size, not the times: one flush less than ``fsync``),
    or ``fsync`` where the platform has none (macOS)."""
    sync = getattr(os, "fdatasync", None) or os.fsync
    sync(fd)


def fsync_directory(folder: Path) -> None:
    """Make a rename durable: the directory entry itself must reach the disk."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_output(path: Path, payload: bytes) -> Path:
    """Write ``payload`` where the user pointed ``-o``, as ``cp``, ``tee`` or ``>`` would.

    A device, FIFO or terminal (``/dev/null``, ``/dev/stdout``, a named pipe) is opened and
    written to; it is never replaced. A symlink is followed to the file it names, and that file
    is replaced atomically (so a failure leaves the old one). Paths through ``/proc`` or
    ``/dev`` (``/dev/stdout`` is a link into ``/proc/self/fd``) are always written through, so
    output goes to the file descriptor a shell redirect opened rather than replacing its file.

    Returns:
        The file that was replaced (the symlink's target), or ``path`` when written through.

    Raises:
        NotRegularFileError: ``path`` is a folder.
        OSError: it cannot be written.
    """
    real = Path(os.path.realpath(path))
    if writes_through(path):
        _write_through(path, payload)
        return path
    if real.is_dir():
        raise NotRegularFileError(path, "folder")
    atomic_write_bytes(real, payload)  # a file, a new one, or a dangling link's target
    return real


def writes_through(path: Path) -> bool:
    """Whether ``-o path`` is written to by opening it rather than replaced.

    True for an existing device, FIFO or socket (after following links), and for anything
    under /dev or /proc, where names stand for devices and open descriptors.

    Raises:
        OSError: it cannot be looked at (a symlink loop, say).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(st.st_mode):
        return False
    real = Path(os.path.realpath(path))
    return not stat.S_ISREG(st.st_mode) or _special(path) or _special(real)


def _special(path: Path) -> bool:
    """Under /dev or /proc: names for devices and open descriptors, never to be replaced."""
    return path.is_absolute() and path.parts[1:2] in (("dev",), ("proc",))


def _write_through(path: Path, payload: bytes) -> None:
    """Open ``path`` for writing (truncating a file, as ``>`` does) and write all of it."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_CLOEXEC)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def remove_leftover_temps(path: Path) -> list[Path]:
    """Delete temp files a killed writer left beside ``path``; only the lock holder calls this.

    They are named ``.NAME.<anything>.tmp`` (:func:`write_temp`), told by the name's two ends
    rather than by a glob: opening a project looks twice (its lock holder, its store), and a
    glob compiled a pattern for each, 0.2 ms of every start."""
    removed: list[Path] = []
    head, tail = f".{path.name}.", TEMP_SUFFIX
    try:
        entries = list(os.scandir(path.parent))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        name = entry.name
        if len(name) < len(head) + len(tail) or not (name.startswith(head)
                                                      and name.endswith(tail)):
            continue
        if not entry.is_file(follow_symlinks=False):  # never a link, a folder or a FIFO
            continue
        leftover = path.parent / name
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def free_name(path: Path) -> Path:
    """``path`` if nothing is there, else ``path.2``, ``path.3`` …: never an existing entry."""
    if lstat_or_none(path) is None:
        return path
    number = 2
    while lstat_or_none(path.with_name(f"{path.name}.{number}")) is not None:
        number += 1
    return path.with_name(f"{path.name}.{number}")
