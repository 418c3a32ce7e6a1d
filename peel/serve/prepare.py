"""Build the database the workers will serve, when missing or stale (run once by `python -m peel.serve`)."""
import sys

from peel.db.build import InvalidData, ensure_built
from peel.paths import data_dir, db_path


def main() -> int:
    folder = data_dir()
    try:
        if ensure_built(folder, db_path(folder)):
            print(f"built {db_path(folder)}")
    except InvalidData as exc:
        print(f"cannot build the database, so no worker was started: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
