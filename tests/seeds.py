"""The seed documents beside the checkout (../shared/seeds): read at test time, never copied into the project."""
from pathlib import Path

import pytest

from peel.paths import ROOT

# Beside the checkout; a git worktree under wt/<name> has them one folder further up.
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
              if p.is_dir()), ROOT.parent / "shared" / "seeds")


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with prefix ('003'); skips the test when the seeds are absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (CI has shared/ beside the checkout)")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert len(matches) == 1, f"expected one seed {prefix}_*.txt in {SEEDS}, found {len(matches)}"
    return matches[0]


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")
