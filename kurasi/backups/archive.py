"""One backup = one .tar.gz: `manifest.json`, the database dump, and `media/` with every uploaded
file. The manifest names the format version, the database vendor, the applied migrations, the
row count of every table and the SHA-256 of every other member, so a restore can prove the
archive whole before it touches anything, and prove the database whole after.

Archives hold personal data (names, NIK, phone numbers, documents): they are written owner-only
(0600) and must be stored encrypted (README, "Backups").
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from . import databases
from .databases import BackupError
from .emptiness import office_data

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass
class Restored:
    tables: int
    rows: int
    files: int


def media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "Uploaded files are in external storage; back that bucket up with its own tools."
        )
    return Path(settings.MEDIA_ROOT)


def create_backup(directory: Path, *, now=None) -> Path:
    """Write a backup of the database and the uploaded files into `directory`; returns its path."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    target = directory / f"kurasi-{stamp}-{databases.vendor()}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        dump_name = DUMP_NAMES.get(databases.vendor(), "database")
        dump_path = Path(work) / dump_name
        counts = databases.dump(dump_path)
        members = {dump_name: dump_path} | {
            f"media/{path.relative_to(media_root()).as_posix()}": path for path in _media_files()
        }
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"vendor": databases.vendor(), "dump": dump_name},
            "migrations": databases.applied_migrations(),
            "row_counts": counts,
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        # Created owner-only before a byte is written, so no one else ever reads it.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as handle,
            tarfile.open(fileobj=handle, mode="w:gz") as tar,
        ):
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
    return target


def restore_backup(archive: Path, *, force=False) -> Restored:
    """Restore the database and the files from `archive`.

    Checks every checksum before changing anything; refuses a database that holds data unless
    `force`; after restoring, compares every table's row count with the manifest. Raises
    BackupError with a sentence an operator can act on.
    """
    with tempfile.TemporaryDirectory() as work:
        manifest = _extract_verified(archive, Path(work))
        dumped = manifest["database"]
        if dumped["vendor"] != databases.vendor():
            raise BackupError(
                f"This backup is of a {dumped['vendor']} database; this install uses "
                f"{databases.vendor()}."
            )
        held = {} if force else office_data()
        if held:
            tables = ", ".join(f"{table} ({rows})" for table, rows in sorted(held.items())[:5])
            raise BackupError(
                f"The database holds data: rows in {tables}. Restore into an empty or freshly "
                "migrated database, or use --force to replace this data (it is lost)."
            )
        databases.load(Path(work) / dumped["dump"])
        files = _restore_media(Path(work) / "media")
    counts = databases.row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["row_counts"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"Row counts differ from the manifest (expected, found): {wrong}")
    return Restored(tables=len(counts), rows=sum(counts.values()), files=files)


def _extract_verified(archive: Path, work: Path) -> dict:
    """Extract the members the manifest names into `work`, checking each one's SHA-256."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
            if manifest.get("format") != FORMAT:
                raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
            found = set()
            for member in tar:
                if member.name == MANIFEST:
                    continue
                expected = manifest["files"].get(member.name)
                if expected is None or not member.isfile():
                    raise BackupError(f"Unexpected member in the archive: {member.name}")
                target = work / _safe(member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
                if _sha256(target) != expected:
                    raise BackupError(f"Checksum mismatch: {member.name} is damaged.")
                found.add(member.name)
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"Not a readable Kurasi backup: {error}") from error
    missing = set(manifest["files"]) - found
    if missing:
        raise BackupError(f"Files missing from the archive: {sorted(missing)[:5]}")
    return manifest


def _restore_media(extracted: Path) -> int:
    root = media_root()
    count = 0
    for source in sorted(p for p in extracted.rglob("*") if p.is_file()):
        target = root / source.relative_to(extracted)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count += 1
    return count


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    media_root()
    return sorted(p for p in root.rglob("*") if p.is_file())


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Unsafe path in the archive: {name}")
    return path


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
