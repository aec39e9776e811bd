"""`speechwatch backup` / `restore`: one tar.gz with the database snapshot, the uploaded files,
optionally the secret key, and manifest.json (docs/operations.md#backups)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from speechwatch.core import dbdump
from speechwatch.core.dbdump import DumpError

FORMAT = "speechwatch-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
SECRET_KEY_MEMBER = "secret_key"


class BackupError(Exception):
    """Why a backup or restore cannot go on; nothing has been changed when it is raised."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    uploads: int
    secret_key: bool

    def text(self) -> str:
        key = ", secret key" if self.secret_key else ""
        return f"{self.path}: {self.vendor} database, {self.uploads} uploaded file(s){key}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(name inside the archive, path) for every file under the uploads folder, sorted."""
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        yield f"{UPLOADS}/{path.relative_to(root).as_posix()}", path


def app_version() -> str:
    try:
        return importlib.metadata.version("speechwatch")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """No owner names from the server in the archive; files readable by their owner only."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def create(out: Path, *, include_secret_key: bool = False) -> Summary:
    """Snapshot the database first, then the uploads: a file is written before the row that
    names it is committed, so every attachment in the snapshot has its file in the archive."""
    vendor = dbdump.vendor()
    dump_member = dbdump.dump_name()
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=out.parent) as tmp:
        dump_path = Path(tmp) / dump_member
        try:
            dbdump.dump(dump_path)
        except DumpError as exc:
            raise BackupError(str(exc)) from exc
        migrations = (
            dbdump.applied_migrations_in(dump_path)
            if vendor == "sqlite"
            else dbdump.applied_migrations()
        )
        members: list[tuple[str, Path]] = [(dump_member, dump_path)]
        uploads = list(upload_files(Path(settings.MEDIA_ROOT)))
        members += uploads
        key_file = Path(settings.SECRET_KEY_FILE)
        with_key = include_secret_key and key_file.is_file()
        if with_key:
            members.append((SECRET_KEY_MEMBER, key_file))
        partial = Path(tmp) / "archive.tar.gz"
        files: dict[str, dict[str, Any]] = {}
        # Confidential data: the archive is readable by its owner only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, path in members:
                files[name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
                tar.add(path, arcname=name, recursive=False, filter=_private)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "app_version": app_version(),
                "django_version": django.get_version(),
                "database": {"vendor": vendor, "file": dump_member},
                "migrations": migrations,
                "uploads": len(uploads),
                "secret_key": with_key,
                "files": files,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    return Summary(out, vendor, len(uploads), with_key)


def read_manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as exc:
        raise BackupError(f"{archive}: no readable {MANIFEST}: not a SpeechWatch backup") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: {MANIFEST} is not a SpeechWatch backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive}: backup format version {manifest.get('format_version')!r}; this "
            f"SpeechWatch ({app_version()}) reads version {FORMAT_VERSION}"
        )
    return manifest


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def check_compatible(manifest: dict[str, Any], *, vendor: str, known: set[tuple[str, str]]) -> None:
    """Refuse a backup of another database vendor or from a newer schema than this code knows."""
    source = manifest["database"]["vendor"]
    if source != vendor:
        raise BackupError(
            f"this backup holds a {source} database and the configured database is {vendor}: "
            f"restore it into a {source} database (DATABASE_URL), or move the data across with "
            "`speechwatch export --full` and `speechwatch import`"
        )
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"this backup is from a newer SpeechWatch ({manifest.get('app_version')}): "
            f"migrations unknown here: {', '.join(unknown[:5])}"
            + (" …" if len(unknown) > 5 else "")
            + "; restore with that version or a later one"
        )


def check_empty_target(uploads_root: Path) -> None:
    tables = dbdump.table_names()
    if tables:
        raise BackupError(
            f"the configured database already has {len(tables)} table(s) (e.g. {tables[0]}): "
            "restore fills an empty database only; create a new one (PostgreSQL: createdb; "
            "SQLite: a new file in DATABASE_URL) and run restore again"
        )
    if uploads_root.is_dir() and any(uploads_root.iterdir()):
        raise BackupError(
            f"the uploads folder {uploads_root} is not empty: restore fills an empty one "
            "(SPEECHWATCH_UPLOAD_DIR)"
        )


def extract_verified(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Every file the manifest lists, written under `into` and checked against its sha256."""
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    for name, meta in files.items():
        if not safe_member_name(name):
            raise BackupError(f"backup member {name!r}: unsafe path")
        try:
            source = tar.extractfile(name)
        except KeyError:
            source = None
        if source is None:
            raise BackupError(f"backup member {name!r}: listed in the manifest but missing")
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with source, target.open("wb") as handle:
            shutil.copyfileobj(source, handle, 1 << 20)
        if sha256_file(target) != meta.get("sha256"):
            raise BackupError(f"backup member {name!r}: checksum mismatch (damaged archive?)")


def restore(archive: Path) -> Summary:
    """Fill the configured, empty database and uploads folder from a backup archive."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    uploads_root = Path(settings.MEDIA_ROOT)
    try:
        tar = tarfile.open(archive, mode="r:*")  # noqa: SIM115 (closed by the `with` below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive}: not a readable tar archive ({exc})") from exc
    with tar, tempfile.TemporaryDirectory(prefix=".restore-") as tmp:
        manifest = read_manifest(tar, archive)
        loader = MigrationLoader(None, ignore_no_migrations=True)
        check_compatible(manifest, vendor=dbdump.vendor(), known=set(loader.disk_migrations))
        check_empty_target(uploads_root)
        staging = Path(tmp)
        extract_verified(tar, manifest, staging)
        try:
            dbdump.restore(staging / manifest["database"]["file"])
        except DumpError as exc:
            raise BackupError(f"database restore failed: {exc}") from exc
        count = 0
        source_uploads = staging / UPLOADS
        if source_uploads.is_dir():
            for path in sorted(p for p in source_uploads.rglob("*") if p.is_file()):
                target = uploads_root / path.relative_to(source_uploads)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
                count += 1
        key = staging / SECRET_KEY_MEMBER
        key_restored = False
        key_file = Path(settings.SECRET_KEY_FILE)
        if key.is_file() and not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.read_bytes())
            key_restored = True
    return Summary(archive, manifest["database"]["vendor"], count, key_restored)
