"""Files: a fingerprint of a file's bytes, and a new file written without ever replacing one
by surprise (a temporary file beside it, then a link that fails if the name was taken)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from briefbot.errors import BriefbotError


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, read in pieces (raises OSError if it cannot be read)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


def _exists(path: Path) -> BriefbotError:
    return BriefbotError(f"{path} already exists: choose another name, or --force to replace it")


def write_new(path: Path, force: bool, save: Callable[[Path], object]) -> Path:
    """Save through a temporary file beside the target; never replace a file unless forced."""
    if (path.exists() or path.is_symlink()) and not force:
        raise _exists(path)
    if not path.parent.is_dir():
        raise BriefbotError(f"cannot write {path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        save(temporary)
        if force:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except FileExistsError as error:
        raise _exists(path) from error
    except OSError as error:
        raise BriefbotError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _place_new(temporary: Path, path: Path) -> None:
    """Link the file in, which fails if one appeared meanwhile (no silent overwrite)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
