"""Which data a database (and so a data package or report card) was made from: the build date, a content
hash of data/*.csv so two copies can be told apart, and how many grades came from each kind of source."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from peel.db import queries


def content_hash(data_dir: Path) -> str:
    """SHA-256 over every data/*.csv, by file name and content: the same files give the same hash anywhere."""
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).glob("*.csv")):
        digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Provenance:
    built_at: str  # ISO 8601, UTC
    content_hash: str
    grades: int
    grades_by_source_kind: dict[str, int]

    @property
    def version(self) -> str:
        """The first 12 characters of the content hash: enough to tell two copies apart."""
        return self.content_hash[:12]

    @property
    def built_on(self) -> str:
        return self.built_at[:10]


def read(con) -> Provenance:
    """The provenance recorded in a built database."""
    info = queries.run(con, "build_info").iloc[0]
    kinds = queries.run(con, "grades_by_source_kind")
    by_kind = dict(zip(kinds["source_kind"], kinds["grades"].astype(int)))
    return Provenance(str(info["built_at"]), str(info["content_hash"]), sum(by_kind.values()), by_kind)
