"""Stage 5, write: the only stage that touches the output folder.

A site is written into a temporary folder beside the target, file by file as it is
rendered, and swapped in whole, so an interrupted or failed build leaves the previous site
as it was. One build writes a site at a time (a lock file of its own, or the folder that
holds it), so any staging folder found by the next one was left by a build that was
killed, and is removed. Files whose bytes did not
change are hard-linked from the previous site rather than rewritten, so their
modification times (and any file watcher or rsync) see no change.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

MARKER = ".briefbook-site"  # proves a folder is ours before we replace it


class OutputError(Exception):
    """The output folder cannot be written (it is not ours, or a path is unsafe)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def safe_relative(path: PurePosixPath) -> PurePosixPath:
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"unsafe output path {path}")
    return path


def stage_file(target: Path, data: bytes) -> Path:
    """`data` in a temporary file beside `target`, on disk and ready to be swapped in with
    os.replace; it keeps `target`'s permissions, or gets 0644 for a new file."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def write_files(folder: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Write files into a folder in place, each atomically (for small outputs like schemas)."""
    for rel, data in sorted(files.items()):
        target = folder / safe_relative(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() == data:
            continue
        os.replace(stage_file(target, data), target)


def _recover(out: Path) -> None:
    """Finish a swap that an earlier run was interrupted in the middle of."""
    previous = out.with_name(f".{out.name}.previous")
    if not out.exists() and previous.exists():
        previous.rename(out)
    elif previous.exists():
        shutil.rmtree(previous)


def _staging_prefix(out: Path) -> str:
    return f".{out.name}.building-"


@contextmanager
def _one_writer(out: Path, lock: Path | None = None) -> Iterator[None]:
    """Hold the lock that serialises the builds of `out` (released by the system if we are
    killed): the file `lock` when given (one per output folder, in the project's cache, so
    that builds of other folders beside it never wait), else the folder that holds `out`.
    Where there is no fcntl, builds are not serialised and leftovers are still removed."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = _lock_fd(out, lock)
    if fd is None:  # a folder we may write but not list: the write itself will say what is wrong
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _lock_fd(out: Path, lock: Path | None) -> int | None:
    """An open descriptor to lock: the file `lock` (made if missing), else the folder that
    holds `out`; None if neither can be opened."""
    if lock is not None:
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            return os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            pass
    try:
        return os.open(out.parent, os.O_RDONLY)
    except OSError:
        return None


def _remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed before they could clean up."""
    for name in glob.glob(glob.escape(str(out.parent / _staging_prefix(out))) + "*"):
        if os.path.isdir(name) and not os.path.islink(name):
            shutil.rmtree(name, ignore_errors=True)


def write_site(out: Path, files: dict[PurePosixPath, bytes], lock: Path | None = None) -> WriteReport:
    """Replace `out` with exactly `files`, atomically from a reader's point of view; `lock`,
    the file that serialises the builds of `out` (see `_one_writer`)."""
    with staged(out, lock) as staging:
        for rel, data in sorted(files.items()):
            staging.put(rel, data)
        return staging.commit(list(files))


@contextmanager
def staged(out: Path, lock: Path | None = None) -> Iterator[Staging]:
    """A new site for `out`, written file by file as it is rendered (so that no process holds
    the whole site) and swapped in whole by `Staging.commit`; if anything fails first, the
    staging folder is removed and `out` is left as it was. The lock is held throughout."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _one_writer(out, lock):
        _recover(out)
        _remove_leftovers(out)
        if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
            raise OutputError(f"{out} exists and was not made by briefbook; refusing to replace it")
        staging = Staging(out, Path(tempfile.mkdtemp(dir=out.parent, prefix=_staging_prefix(out))))
        try:
            (staging.folder / MARKER).write_bytes(b"")
            yield staging
        finally:
            if staging.folder.exists():  # not committed
                shutil.rmtree(staging.folder, ignore_errors=True)


class Staging:
    """The staging folder of a site being written. `put` may be called from forked worker
    processes too: each file is its own, and `commit` is told every path in the end."""

    def __init__(self, out: Path, folder: Path) -> None:
        self.out, self.folder = out, folder
        self.written = self.unchanged = 0  # by `put` in this process
        self._folders: set[PurePosixPath] = set()  # made already (in this process)

    def put(self, rel: PurePosixPath, data: bytes) -> bool:
        """Stage one file: hard-linked from the previous site when its bytes are the same
        (False), else written (True). A rebuild stages some 1,400 files, most of them linked:
        hence system calls rather than Path's, each asked once."""
        target = os.path.join(self.folder, safe_relative(rel))
        if rel.parent not in self._folders:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            self._folders.add(rel.parent)
        old = os.path.join(self.out, rel)
        if _same(old, data):
            _replacing(os.link, old, target)
            self.unchanged += 1
            return False
        _replacing(_write, target, data)
        self.written += 1
        return True

    def commit(self, paths: list[PurePosixPath], written: int | None = None) -> WriteReport:
        """Swap the staged site in; `paths` are every file staged (by any process), `written`
        how many of them were written rather than linked (default: as `put` counted here)."""
        written = self.written if written is None else written
        removed = _count_removed(self.out, paths)
        _swap(self.folder, self.out)
        return WriteReport(written, len(paths) - written, removed)


def _same(path: str, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data`."""
    try:
        with open(path, "rb") as handle:
            found = os.fstat(handle.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
                return False
            return handle.read() == data
    except OSError:  # missing, or a folder where the file would be
        return False


def _write(path: str, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)


def _replacing(make, source, target: str) -> None:
    """`make(source, target)`; a file already staged there (by a worker that failed, its
    jobs now run again) is removed first."""
    try:
        make(source, target)
    except FileExistsError:
        os.unlink(target)
        make(source, target)


def _count_removed(out: Path, files: Iterable[PurePosixPath]) -> int:
    if not out.exists():
        return 0
    keep = {str(p) for p in files} | {MARKER}
    return sum(1 for path in _files_under(str(out)) if path not in keep)


def _files_under(root: str, prefix: str = "") -> Iterator[str]:
    """The path of every file under `root` relative to it, '/'-separated. By os.scandir,
    which knows each entry's kind without a stat call: Path.rglob with is_file() made two
    calls a file, a tenth of a second for the 1,400 files of a 10,000-event site."""
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield prefix + entry.name


def _swap(staging: Path, out: Path) -> None:
    for folder, _, _ in os.walk(staging):  # by os.scandir too; symbolic links not followed
        os.chmod(folder, 0o755)
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)  # now the previous site
        return
    previous = out.with_name(f".{out.name}.previous")
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    if previous.exists():
        shutil.rmtree(previous)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that `b` never
    disappears, even for an instant, under a reader such as `briefbook serve`; False where
    the system or the file system cannot, and the caller falls back to two renames."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what interrupted builds left beside `out`: their staging folders, and the
    previous site of a swap cut short (put back in place if `out` itself is missing).
    Returns the folders removed."""
    previous = out.with_name(f".{out.name}.previous")
    removed = [previous] if previous.is_dir() and out.exists() else []
    _recover(out)
    for folder in sorted(out.parent.glob(f".{glob.escape(out.name)}.building-*")):
        shutil.rmtree(folder)
        removed.append(folder)
    return removed
