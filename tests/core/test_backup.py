"""`speechwatch backup` / `restore` for real, on SQLite and (when DATABASE_URL says so) on
PostgreSQL: backup → restore into a new empty database → `export --full` byte-identical."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from speechwatch.core.backup import BackupError, check_compatible, safe_member_name

SUBMIT = """
from speechwatch.audit.record import Who
from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from django.core.files.uploadedfile import SimpleUploadedFile
upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
submit(SubmissionInput(channel="public", what_happened="Camera taken at the akimat"),
       ReporterInput(name="A. Reporter", email="a@example.org"), [upload], who=Who(label="test"))
"""
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "speechwatch.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def ok(env: dict[str, str], *args: str) -> str:
    proc = cli(env, *args)
    assert proc.returncode == 0, f"{args}: {proc.stderr}"
    return proc.stdout


def site(root: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    root.mkdir(parents=True, exist_ok=True)
    return {
        **env,
        "DATABASE_URL": database_url,
        "SPEECHWATCH_VAR_DIR": str(root),
        "SPEECHWATCH_UPLOAD_DIR": str(root / "uploads"),
        "SPEECHWATCH_EMBEDDINGS": "0",
    }


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path) -> Iterator[tuple[str, str]]:
    """(source URL, empty target URL) on one vendor."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'src.sqlite3'}", f"sqlite:///{tmp_path / 'dst.sqlite3'}"
        return
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "speechwatch"
    names = [f"{base}_bk_src", f"{base}_bk_dst"]
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(urlunsplit(parts._replace(path=f"/{n}")) for n in names)  # type: ignore[misc]
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restore_gives_the_same_full_export(databases, tmp_path) -> None:
    source_url, target_url = databases
    source = site(tmp_path / "source", source_url)
    ok(source, "demo")
    ok(source, "shell", "-c", f"PNG = {PNG!r}\n{SUBMIT}")
    ok(source, "export", "--full", "--format", "jsonl", "--out", str(tmp_path / "before"))
    archive = tmp_path / "backups" / "speechwatch.tar.gz"
    assert "1 uploaded file(s)" in ok(source, "backup", "--out", str(archive))
    assert archive.stat().st_mode & 0o077 == 0  # confidential: owner only

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = set(tar.getnames())
    vendor = "sqlite" if source_url.startswith("sqlite") else "postgresql"
    assert manifest["format_version"] == 1 and manifest["database"]["vendor"] == vendor
    assert "0001_initial" in manifest["migrations"]["incidents"]
    assert manifest["created_at"] and manifest["app_version"]
    assert names == {"manifest.json", *manifest["files"]}
    assert manifest["secret_key"] is False and "secret_key" not in names

    target = site(tmp_path / "target", target_url)
    assert "1 uploaded file(s)" in ok(target, "restore", str(archive))
    ok(target, "export", "--full", "--format", "jsonl", "--out", str(tmp_path / "after"))
    before, after = tree(tmp_path / "before"), tree(tmp_path / "after")
    assert before and before == after
    assert tree(tmp_path / "source" / "uploads") == tree(tmp_path / "target" / "uploads")
    assert PNG in tree(tmp_path / "target" / "uploads").values()
    ok(target, "init")  # the restored database is a working one

    again = cli(target, "restore", str(archive))
    assert again.returncode != 0
    assert "restore fills an empty database only" in again.stderr
    assert "Traceback" not in again.stderr


def rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with change(name, data) -> data applied to each member."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            data = change(member.name, data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def test_restore_refuses_another_vendor_a_damaged_archive_and_a_used_uploads_folder(
    tmp_path,
) -> None:
    source = site(tmp_path / "source", f"sqlite:///{tmp_path / 'src.sqlite3'}")
    ok(source, "init")
    archive = tmp_path / "b.tar.gz"
    ok(source, "backup", "--out", str(archive))

    def as_postgres(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = "postgresql"
        return json.dumps(manifest).encode()

    def damaged(name: str, data: bytes) -> bytes:
        return data[:-1] + b"\x00" if name == "database.sqlite3" else data

    cases = [
        (rewrite(archive, tmp_path / "pg.tar.gz", as_postgres), "holds a postgresql database"),
        (rewrite(archive, tmp_path / "bad.tar.gz", damaged), "checksum mismatch"),
        (tmp_path / "missing.tar.gz", "no such file"),
    ]
    for i, (path, message) in enumerate(cases):
        target = site(tmp_path / f"t{i}", f"sqlite:///{tmp_path / f't{i}.sqlite3'}")
        proc = cli(target, "restore", str(path))
        assert proc.returncode != 0 and message in proc.stderr, (path, proc.stderr)
        assert "Traceback" not in proc.stderr
        # Nothing written: the target database is still empty.
        assert "actors_actor" not in ok(target, "shell", "-c", TABLES)

    used = site(tmp_path / "used", f"sqlite:///{tmp_path / 'used.sqlite3'}")
    (tmp_path / "used" / "uploads").mkdir()
    (tmp_path / "used" / "uploads" / "old.png").write_bytes(PNG)
    proc = cli(used, "restore", str(archive))
    assert proc.returncode != 0 and "uploads folder" in proc.stderr
    assert "actors_actor" not in ok(used, "shell", "-c", TABLES)


TABLES = "from django.db import connection; print(connection.introspection.table_names())"


def test_backup_with_the_secret_key_restores_it_privately(tmp_path) -> None:
    source = site(tmp_path / "source", f"sqlite:///{tmp_path / 'src.sqlite3'}")
    ok(source, "init")
    ok(source, "secret-key")
    archive = tmp_path / "b.tar.gz"
    assert "secret key" in ok(source, "backup", "--out", str(archive), "--include-secret-key")
    target = site(tmp_path / "target", f"sqlite:///{tmp_path / 'dst.sqlite3'}")
    ok(target, "restore", str(archive))
    restored = tmp_path / "target" / "secret_key"
    assert restored.read_bytes() == (tmp_path / "source" / "secret_key").read_bytes()
    assert restored.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("uploads/intake/2024/04/a.png", True),
        ("database.sqlite3", True),
        ("../etc/passwd", False),
        ("/etc/passwd", False),
        ("uploads/../../x", False),
        ("uploads\\..\\x", False),
        ("", False),
    ],
)
def test_member_names_stay_inside_the_staging_folder(name: str, safe: bool) -> None:
    assert safe_member_name(name) is safe


def test_a_backup_from_a_newer_schema_is_refused() -> None:
    manifest = {
        "database": {"vendor": "sqlite"},
        "app_version": "9.0",
        "migrations": {"incidents": ["0001_initial", "0099_future"]},
    }
    known = {("incidents", "0001_initial")}
    with pytest.raises(BackupError, match=r"newer SpeechWatch \(9.0\).*incidents.0099_future"):
        check_compatible(manifest, vendor="sqlite", known=known)
    check_compatible(
        {**manifest, "migrations": {"incidents": ["0001_initial"]}}, vendor="sqlite", known=known
    )
