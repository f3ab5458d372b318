"""The one cache: bounded, never followed through a link, never trusted without its signature."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reportgen.cache import FOLDER, Cache

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels"


def test_an_entry_is_read_back_with_its_signature(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("charts", "abc.png", PNG)
    assert cache.read("charts", "abc.png", PNG[:8]) == PNG
    assert cache.read("charts", "abc.png", b"%PDF-") is None  # not what it claims to be
    assert cache.read("charts", "missing.png") is None
    assert oct((tmp_path / FOLDER).stat().st_mode & 0o777) == "0o700"


def test_a_planted_link_is_never_followed_on_reading(tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7 the council's secret")
    secret.chmod(0o600)
    (tmp_path / "project").mkdir()
    cache = Cache(tmp_path / "project")
    cache.write("documents", "seed.pdf", b"%PDF-seed")
    (tmp_path / "project" / FOLDER / "documents" / "k.pdf").symlink_to(secret)
    assert cache.read("documents", "k.pdf", b"%PDF-") is None


def test_a_linked_cache_folder_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "charts").mkdir(parents=True)
    (elsewhere / "charts" / "abc.png").write_bytes(PNG)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / FOLDER).symlink_to(elsewhere)
    cache = Cache(tmp_path / "project")
    assert cache.read("charts", "abc.png", PNG[:8]) is None
    cache.write("charts", "new.png", PNG)
    assert not (elsewhere / "charts" / "new.png").exists()


def test_writing_replaces_a_planted_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (tmp_path / "project").mkdir()
    cache = Cache(tmp_path / "project")
    cache.write("charts", "seed.png", PNG)
    link = tmp_path / "project" / FOLDER / "charts" / "abc.png"
    link.symlink_to(victim)
    cache.write("charts", "abc.png", PNG)
    assert victim.read_text() == "untouched"
    assert not link.is_symlink() and link.read_bytes() == PNG
    leftovers = [p.name for p in link.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_names_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "project")
    cache.write("charts", "../escape.png", PNG)
    cache.write("../elsewhere", "x.png", PNG)
    assert not (tmp_path / "project" / FOLDER / "escape.png").exists()
    assert not (tmp_path / "escape.png").exists()
    assert cache.read("charts", "../charts/x.png") is None


def test_the_cache_is_bounded_oldest_first_and_loses_planted_links(tmp_path: Path) -> None:
    cache = Cache(tmp_path, max_bytes=250)
    for n in range(5):
        cache.write("charts", f"c{n}.png", PNG + bytes(100))
        path = tmp_path / FOLDER / "charts" / f"c{n}.png"
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / FOLDER / "charts" / "planted.png").symlink_to(tmp_path)
    cache.prune()
    left = sorted(p.name for p in (tmp_path / FOLDER / "charts").iterdir())
    assert left == ["c3.png", "c4.png"]


def test_a_disabled_cache_keeps_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    cache.write("charts", "abc.png", PNG)
    assert not cache.enabled and cache.read("charts", "abc.png") is None


def test_the_briefing_fingerprint_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "from pathlib import Path\n"
        "from reportgen.cache import briefing_fingerprint\n"
        "from reportgen.pipeline import load_project, make_briefing, resolve_period\n"
        "p = load_project(Path('.'))\n"
        "print(briefing_fingerprint(make_briefing(p, resolve_period(p, 'Q2-2023'), with_charts=False)))\n"
    )
    root = Path(__file__).resolve().parent.parent
    keys = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1 and len(next(iter(keys))) == 40
