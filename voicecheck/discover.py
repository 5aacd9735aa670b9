"""Expand the paths given on the command line into the files to check.

Folders are walked without recursion, at any depth (symbolic links to folders
are followed once; a loop, found by device and inode, is an error),
include/exclude globs from the config apply to paths relative to the config
folder, each file gets a channel, and the result is sorted. A file named
explicitly is checked even when it is excluded by a glob only if
``force`` is set (pre-commit passes every staged file; exclusions still win
there, as in ruff's ``force-exclude``).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voicecheck.config import Settings, match_any
from voicecheck.findings import InputError
from voicecheck.sources import readable, unreadable_reason


@dataclass(frozen=True)
class FileTask:
    abspath: Path
    display: str  # as shown in output: relative to the current folder when possible
    rel: str  # relative to settings.root (for globs)
    channel: str | None
    real: Path | None = field(default=None, compare=False)  # symbolic links resolved, when discovery knows it

    def resolved(self) -> Path:
        """The file's real path (symbolic links followed)."""
        return self.real if self.real is not None else self.abspath.resolve()


@dataclass
class Discovery:
    files: list[FileTask] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unsupported files met inside folders
    excluded: int = 0  # files left out by include/exclude globs


def under(path: Path, folder: Path) -> str | None:
    """``path.relative_to(folder).as_posix()`` by string operations (POSIX, a path strictly inside
    the folder), else None: discovery asks it twice per file."""
    if os.sep != "/":
        return None
    p, f = str(path), str(folder)
    if f != "/" and p.startswith(f) and p[len(f):len(f) + 1] == "/" and len(p) > len(f) + 1:
        return p[len(f) + 1:]
    return None


def _display(path: Path, cwd: Path) -> str:
    fast = under(path, cwd)
    if fast is not None:
        return fast
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(path, cwd)).as_posix()
        except ValueError:  # other drive on Windows
            return path.as_posix()


def _rel(path: Path, root: Path) -> str:
    fast = under(path, root)
    if fast is not None:
        return fast
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix().lstrip("/")


def supported(name: str) -> bool:
    return readable(name)


def discover(paths: list[str], settings: Settings, cwd: Path) -> Discovery:
    out = Discovery()
    seen: set[Path] = set()

    def excluded(rel: str) -> bool:
        if match_any(rel, settings.exclude):
            return True
        return bool(settings.include) and not match_any(rel, settings.include)

    def add(path: Path, explicit: bool, real: Path | None = None) -> None:
        real = real if real is not None else path.resolve()
        if real in seen:
            return
        rel = _rel(path.absolute(), settings.root)
        display = _display(path.absolute(), cwd)
        if excluded(rel):
            out.excluded += 1
            return
        if not supported(path.name):
            if explicit:
                out.errors.append(InputError(display, unreadable_reason(path.name)))
            else:
                out.skipped.append(display)
            return
        seen.add(real)
        out.files.append(FileTask(path.absolute(), display, rel, settings.channel_for(rel), real))

    def listing(folder: Path) -> list[os.DirEntry] | None:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except PermissionError:
            out.errors.append(InputError(_display(folder, cwd), "permission denied; cannot list the folder"))
        except OSError as exc:
            out.errors.append(InputError(_display(folder, cwd), f"cannot list the folder: {exc.strerror or exc}"))
        return None

    def walk(top: Path) -> None:
        """Depth-first, without recursion (a folder 1,000 levels deep is fine), each
        folder listed once. A folder is known by its (device, inode): one that is
        already open further up the current path is a symbolic-link loop. Each
        folder's real path is carried down, so an entry that is no symbolic link is
        resolved without asking the file system again."""
        try:
            st = top.stat()
        except OSError:
            return
        visited = {(st.st_dev, st.st_ino)}
        on_path = [(st.st_dev, st.st_ino)]
        entries = listing(top)
        stack: list[tuple[tuple[int, int], Iterator[os.DirEntry], Path]] = [
            ((st.st_dev, st.st_ino), iter(entries or ()), top.resolve())]
        while stack:
            key, it, real_folder = stack[-1]
            entry = next(it, None)
            if entry is None:
                stack.pop()
                on_path.pop()
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                rel = _rel(path.absolute(), settings.root)
                if excluded(rel + "/"):
                    continue
                try:
                    st = entry.stat()  # the folder itself, through any link
                except OSError:
                    out.errors.append(InputError(_display(path, cwd), "broken or looping symbolic link"))
                    continue
                node = (st.st_dev, st.st_ino)
                if node in on_path:
                    real = Path(os.path.realpath(path))
                    out.errors.append(InputError(_display(path, cwd), f"symbolic link loop (points back to "
                                                                      f"{_display(real, cwd)}); skipped"))
                    continue
                if node in visited:
                    continue  # reached again through a link: its files are listed already
                visited.add(node)
                on_path.append(node)
                real = path.resolve() if entry.is_symlink() else real_folder / entry.name
                stack.append((node, iter(listing(path) or ()), real))
            elif entry.is_file():
                add(path, explicit=False, real=None if entry.is_symlink() else real_folder / entry.name)
            elif entry.is_symlink():
                out.errors.append(InputError(_display(path, cwd), "broken symbolic link"))
            elif supported(entry.name):
                out.errors.append(InputError(_display(path, cwd), "not a regular file (a pipe, socket or device); "
                                                                  "skipped"))

    for raw in paths:
        path = Path(os.path.normpath(cwd / raw))
        if not os.path.lexists(path):
            out.errors.append(InputError(raw, "no such file or folder"))
            continue
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError):
            out.errors.append(InputError(raw, "broken or looping symbolic link"))
            continue
        if path.is_dir():
            walk(path)
        elif path.is_file():
            add(path, explicit=True)
        else:
            out.errors.append(InputError(raw, "not a regular file or folder"))
    out.files.sort(key=lambda f: f.display)
    return out
