"""One encrypted archive holding the database and the private documents, and its restore.

The archive is a gzipped tar of three parts: manifest.json (format, certify's version, the
applied migrations), database.jsonl (every table but sessions, in the certify-jsonl format,
whose encrypted fields stay Fernet tokens) and private/ (everything under
PRIVATE_STORAGE_DIR: uploaded documents, installed form editions, designation letters, all
already encrypted or public). The tar is cut into 1 MiB chunks, each encrypted with Fernet
under BACKUP_KEYS with its position and an end mark inside, so a chunk cannot be dropped,
repeated or moved, nor the archive cut short, without the restore noticing.

Reading it back takes both BACKUP_KEYS (the archive) and FIELD_ENCRYPTION_KEYS (the fields and
documents inside). Keep them apart from the archives and from each other.

A restore goes only into an empty installation of the same version: migrated, with no
users, agencies, organisations, requests or installed editions, and nothing under
PRIVATE_STORAGE_DIR. It unpacks and checks the whole archive before it writes a row.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from certify.records import backup_format, documents
from certify.records.models import (
    Agency,
    CertificationRequest,
    Organisation,
    SupportingDocument,
    User,
)
from forms.models import InstalledEdition

MAGIC = b"CERTIFY-BACKUP 1\n"
FORMAT_VERSION = 1
CHUNK_BYTES = 1024 * 1024
_FRAME_LENGTH = struct.Struct(">I")
_CHUNK_HEADER = struct.Struct(">QB")  # position, 1 on the last chunk
# Sessions are short-lived and tied to the keys of the day; everything else is kept.
EXCLUDED_APPS = ["sessions"]
# Files the site writes for a moment and removes again.
_TRANSIENT_PREFIXES = (".health-",)
_TRANSIENT_SUFFIXES = (".rotating",)
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
PRIVATE = "private"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what to do."""


@dataclass
class Summary:
    objects: int = 0
    files: int = 0
    size: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)
    missing_documents: int = 0


# --------------------------------------------------------------------------------------------
# The encrypted container
# --------------------------------------------------------------------------------------------


def _fernet(keys: list[str]) -> MultiFernet:
    if not keys:
        raise BackupError(
            "Set BACKUP_KEYS to a Fernet key (see README.md, Backups) to make or read a backup."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise BackupError("BACKUP_KEYS must hold url-safe base64 Fernet keys.") from exc


class _EncryptingWriter(io.RawIOBase):
    def __init__(self, out: IO[bytes], fernet: MultiFernet) -> None:
        super().__init__()
        self._out = out
        self._fernet = fernet
        self._buffer = bytearray()
        self._position = 0
        self._out.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer.extend(data)
        while len(self._buffer) >= CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(_CHUNK_HEADER.pack(self._position, int(last)) + chunk)
        self._out.write(_FRAME_LENGTH.pack(len(token)) + token)
        self._position += 1

    def finish(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()


class _DecryptingReader(io.RawIOBase):
    def __init__(self, source: IO[bytes], fernet: MultiFernet) -> None:
        super().__init__()
        self._source = source
        self._fernet = fernet
        self._pending = b""
        self._position = 0
        self._finished = False
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupError("This file is not a certify backup.")

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        head = self._source.read(_FRAME_LENGTH.size)
        if len(head) < _FRAME_LENGTH.size:
            raise BackupError("The backup is cut short: its end is missing.")
        (length,) = _FRAME_LENGTH.unpack(head)
        token = self._source.read(length)
        if len(token) < length:
            raise BackupError("The backup is cut short: its end is missing.")
        try:
            plain = self._fernet.decrypt(token)
        except InvalidToken:
            raise BackupError(
                "The backup cannot be opened with BACKUP_KEYS: a wrong key, or a damaged file."
            ) from None
        position, last = _CHUNK_HEADER.unpack(plain[: _CHUNK_HEADER.size])
        if position != self._position:
            raise BackupError("The backup's parts are out of order: the file was altered.")
        self._position += 1
        self._pending = plain[_CHUNK_HEADER.size :]
        if last:
            self._finished = True
            if self._source.read(1):
                raise BackupError("The backup has data after its end: the file was altered.")

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if not self._pending:
                if self._finished:
                    break
                self._next_chunk()
                continue
            take = len(self._pending) if size < 0 else size - len(out)
            out.extend(self._pending[:take])
            self._pending = self._pending[take:]
        return bytes(out)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def drain(self) -> None:
        """Read to the end mark, so a restore never trusts an archive it has not fully seen."""
        while self.read(CHUNK_BYTES):
            pass


# --------------------------------------------------------------------------------------------
# Backup
# --------------------------------------------------------------------------------------------


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _certify_version() -> str:
    try:
        return metadata.version("certify")
    except metadata.PackageNotFoundError:
        return "unknown"


def _private_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.name.startswith(_TRANSIENT_PREFIXES) or path.name.endswith(_TRANSIENT_SUFFIXES):
            continue
        yield path


def _dump_database(target: Path) -> int:
    serializers.register_serializer(backup_format.FORMAT, "certify.records.backup_format")
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            # One snapshot for every table, however long the dump takes.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command(
            "dumpdata",
            format=backup_format.FORMAT,
            exclude=EXCLUDED_APPS,
            use_base_manager=True,
            output=str(target),
            verbosity=0,
        )
    with target.open("rb") as dump:
        return sum(1 for line in dump if line.strip())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(path: Path) -> Summary:
    """Write the database and the private documents to one new encrypted file at ``path``."""
    fernet = _fernet(list(settings.BACKUP_KEYS))
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    summary = Summary()
    partial = path.with_name(path.name + ".partial")
    private_root = Path(settings.PRIVATE_STORAGE_DIR)
    try:
        with tempfile.TemporaryDirectory(prefix="certify-backup-") as work:
            dump = Path(work) / DATABASE
            summary.objects = _dump_database(dump)
            files = list(_private_files(private_root))
            summary.manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "certify_version": _certify_version(),
                "database_vendor": connection.vendor,
                "migrations": _applied_migrations(),
                "objects": summary.objects,
                "files": len(files),
            }
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                writer = _EncryptingWriter(out, fernet)
                with tarfile.open(fileobj=writer, mode="w|gz") as archive:
                    manifest = json.dumps(summary.manifest, indent=1).encode()
                    _add_bytes(archive, MANIFEST, manifest)
                    archive.add(dump, arcname=DATABASE, recursive=False)
                    for file in files:
                        relative = file.relative_to(private_root).as_posix()
                        archive.add(file, arcname=f"{PRIVATE}/{relative}", recursive=False)
                        summary.files += 1
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.size = path.stat().st_size
    return summary


# --------------------------------------------------------------------------------------------
# Restore
# --------------------------------------------------------------------------------------------


def installation_contents() -> list[str]:
    """What makes this installation not empty (nothing, for a fresh migrated one)."""
    found = [
        f"{model._meta.verbose_name_plural}: {model.objects.count()}"
        for model in (User, Agency, Organisation, CertificationRequest, InstalledEdition)
        if model.objects.exists()
    ]
    if any(_private_files(Path(settings.PRIVATE_STORAGE_DIR))):
        found.append(f"files under {settings.PRIVATE_STORAGE_DIR}")
    return found


def _check_manifest(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    theirs = {tuple(item) for item in manifest.get("migrations", [])}
    ours = {tuple(item) for item in _applied_migrations()}
    if theirs != ours:
        raise BackupError(
            "The backup was made by another version of certify "
            f"({manifest.get('certify_version', 'unknown')}; {len(theirs - ours)} migrations "
            f"only in the backup, {len(ours - theirs)} only here). Install the version that "
            "made it, run migrate, restore, then upgrade as the README says."
        )


def _private_target(root: Path, name: str) -> Path:
    relative = PurePosixPath(name[len(PRIVATE) + 1 :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"The backup holds an unsafe path {name!r}: the file was altered.")
    return root.joinpath(*relative.parts)


def _unpack(
    reader: _DecryptingReader, work: Path, root: Path, written: list[Path]
) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    dump_seen = False
    with tarfile.open(fileobj=reader, mode="r|gz") as archive:
        for member in archive:
            if manifest is None:
                if member.name != MANIFEST or not member.isfile():
                    raise BackupError("The backup has no manifest: it is not a certify backup.")
                handle = archive.extractfile(member)
                assert handle is not None
                manifest = json.loads(handle.read())
                _check_manifest(manifest)
                continue
            if not member.isfile():
                raise BackupError(f"The backup holds an unexpected entry {member.name!r}.")
            if member.name == DATABASE and not dump_seen:
                target = work / DATABASE
                dump_seen = True
            elif member.name.startswith(PRIVATE + "/"):
                target = _private_target(root, member.name)
                written.append(target)
            else:
                raise BackupError(f"The backup holds an unexpected entry {member.name!r}.")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle = archive.extractfile(member)
            assert handle is not None
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(handle, out)
    reader.drain()
    if manifest is None or not dump_seen:
        raise BackupError("The backup is incomplete: the database dump is missing.")
    return manifest


def restore_backup(path: Path) -> Summary:
    """Restore the archive at ``path`` into this empty installation."""
    fernet = _fernet(list(settings.BACKUP_KEYS))
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    if not _applied_migrations():
        raise BackupError("This database is not set up: run `manage.py migrate` first.")
    contents = installation_contents()
    if contents:
        raise BackupError(
            "Restore goes only into an empty installation, and this one holds "
            + ", ".join(contents)
            + ". Point DATABASE_URL and CERTIFY_PRIVATE_DIR at a new database and folder, "
            "run migrate, then restore."
        )
    root = Path(settings.PRIVATE_STORAGE_DIR)
    written: list[Path] = []
    summary = Summary()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="certify-restore-") as work,
            path.open("rb") as source,
        ):
            reader = _DecryptingReader(source, fernet)
            try:
                summary.manifest = _unpack(reader, Path(work), root, written)
            except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
                raise BackupError(f"The backup could not be unpacked: {exc}") from exc
            summary.files = len(written)
            serializers.register_serializer(backup_format.FORMAT, "certify.records.backup_format")
            dump = Path(work) / DATABASE
            fixture = dump.with_name(f"database.{backup_format.FORMAT}")
            dump.rename(fixture)
            with transaction.atomic():
                # Only what migrate itself put there (content types, permissions, seeded rules
                # and the sweep's schedule) is removed; the backup brings its own copies.
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                _insert_all(fixture)
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    summary.objects = int(summary.manifest.get("objects", 0))
    summary.missing_documents = sum(
        1
        for document in SupportingDocument.objects.only("storage_name")
        if not documents.storage_path(document).is_file()
    )
    return summary


def _insert_all(fixture: Path) -> None:
    """Load the dump as `loaddata` would, but INSERT every row: the installation is empty, and
    the append-only tables (audit entries, request events) refuse the UPDATE that `loaddata`
    tries first for a row with its primary key."""
    models_seen: set[type[Model]] = set()
    with fixture.open("rb") as stream, connection.constraint_checks_disabled():
        deferred = []
        for obj in serializers.deserialize(
            backup_format.FORMAT, stream, handle_forward_references=True
        ):
            obj.save(force_insert=True)
            models_seen.add(type(obj.object))
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in models_seen])
    for sql in connection.ops.sequence_reset_sql(no_style(), list(models_seen)):
        with connection.cursor() as cursor:
            cursor.execute(sql)
