"""Vendor the U.S. Web Design System's released files under certify/site/static/vendor/uswds/.

    python scripts/refresh_uswds.py            # verify the vendored files against MANIFEST.json
    python scripts/refresh_uswds.py 3.9.0      # fetch that release with `npm pack`, vendor, record

The release comes from the npm registry as `npm pack` fetches it; its sha512 must match the
integrity npm reports. Only what the site loads is kept: the minified CSS and JS, the files the
CSS refers to with url() (fonts and icons), and the source maps both files name (the manifest
static storage used in production refuses a CSS or JS file whose sourceMappingURL is missing).
Files are copied byte for byte; MANIFEST.json records the version, the tarball's integrity and
the sha256 of every vendored file. Never a CDN: the pages load these copies only.
"""

import base64
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@uswds/uswds"
VENDOR = Path(__file__).resolve().parent.parent / "certify/site/static/vendor/uswds"
MANIFEST = VENDOR / "MANIFEST.json"
ENTRY_POINTS = ["css/uswds.min.css", "js/uswds.min.js", "js/uswds-init.min.js"]
CSS_URL = re.compile(r"url\(([^)]+)\)")
SOURCE_MAP = re.compile(r"sourceMappingURL=(\S+)")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def needed_files(dist: Path) -> list[str]:
    """The entry points, the files their CSS refers to, and the source maps they name."""
    needed = set(ENTRY_POINTS)
    for entry in ENTRY_POINTS:
        text = (dist / entry).read_text(encoding="utf-8")
        folder = Path(entry).parent
        references = SOURCE_MAP.findall(text)
        if entry.endswith(".css"):
            references += [u.strip("'\"") for u in CSS_URL.findall(text)]
        for reference in references:
            if reference and not reference.startswith(("data:", "#", "http")):
                needed.add(posixpath.normpath(f"{folder.as_posix()}/{reference}"))
    return sorted(needed)


def fetch(version: str, workdir: Path) -> tuple[Path, str, str]:
    """`npm pack` the release; returns the unpacked dist folder, the tarball name and integrity."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the release from the npm registry")
    # The command is fixed; only the version the maintainer asked for goes into it.
    output = subprocess.run(  # noqa: S603
        [npm, "pack", f"{PACKAGE}@{version}", "--json"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    packed = json.loads(output)[0]
    tarball = workdir / packed["filename"]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if packed["integrity"] != f"sha512-{digest}":
        raise SystemExit(f"{tarball.name}: sha512 does not match the registry's integrity")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package/dist", packed["filename"], packed["integrity"]


def refresh(version: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        dist, tarball, integrity = fetch(version, Path(temp))
        shutil.rmtree(VENDOR, ignore_errors=True)
        files = {}
        for name in needed_files(dist):
            target = VENDOR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(dist / name, target)
            files[name] = sha256(target)
    manifest = {
        "package": PACKAGE,
        "version": version,
        "tarball": tarball,
        "integrity": integrity,
        "files": files,
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"{PACKAGE} {version}: {len(files)} files vendored")


def problems() -> list[str]:
    """What differs between the vendored folder and its manifest (empty when they match)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    recorded = manifest["files"]
    present = {
        p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file() and p != MANIFEST
    }
    found = [f"{name}: not in the manifest" for name in sorted(present - recorded.keys())]
    found += [f"{name}: missing" for name in sorted(recorded.keys() - present)]
    found += [
        f"{name}: sha256 differs"
        for name in sorted(recorded.keys() & present)
        if sha256(VENDOR / name) != recorded[name]
    ]
    return found


def main(arguments: list[str]) -> int:
    if arguments:
        refresh(arguments[0])
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
