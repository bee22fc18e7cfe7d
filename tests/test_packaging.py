"""The wheel carries the styles and the seeds, and an installed copy finds them."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_seeds_are_byte_identical_to_the_shared_copies():
    if not SHARED_SEEDS.is_dir():  # a checkout without shared/ beside it still has its own seeds
        return
    names = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert names == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    _, mismatch, errors = filecmp.cmpfiles(SHARED_SEEDS, ROOT / "seeds", names, shallow=False)
    assert mismatch == [] and errors == []


def test_installed_wheel_finds_styles_and_seeds(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("reader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("reader/_data/seeds/") and n.endswith(".txt") for n in names) == 5
    assert any(n.startswith("reader/_data/styles/") and n.endswith(".tcss") for n in names)
    assert {"reader/nlp/lexicon/speech_verbs.txt", "reader/nlp/lexicon/female_names.txt"} <= set(names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import reader.paths as p, sys\n"
        f"assert p.__file__.startswith({str(target)!r}), p.__file__\n"
        "print(len(list(p.seeds_dir().glob('*.txt'))), len(list(p.styles_dir().glob('*.tcss'))) > 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["5", "True"]
    for seed in (ROOT / "seeds").glob("*.txt"):
        assert (target / "reader" / "_data" / "seeds" / seed.name).read_bytes() == seed.read_bytes()


def test_heavy_imports_stay_out_of_start_up():
    code = "import reader.cli, reader.service.ingest, reader.tui.app; import sys; assert 'spacy' not in sys.modules"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
