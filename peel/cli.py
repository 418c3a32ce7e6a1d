"""python -m peel build|export|extract|package|card|bench|harvest|import|review|audit|editor ..."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peel.db.files import Refused
from peel.paths import DATA_DIR, DB_PATH


def cmd_build(args) -> int:
    from peel.db.build import InvalidData, build

    try:
        result = build(Path(args.data), Path(args.out))
    except InvalidData as exc:
        print(f"build refused: {exc}", file=sys.stderr)
        print("Nothing was written; the existing database is unchanged.", file=sys.stderr)
        return 1
    print(f"built {result.path} in {result.seconds:.3f} s: {result.grades} grades, "
          + ", ".join(f"{n} {t}" for t, n in result.rows_per_table.items() if t != "grade_rows"))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def open_database(db: str):
    """The one way a command opens its --db: the default database is (re)built first when missing, stale,
    damaged or of an older version; any other is checked through (peel.db.files.open_database). Raises
    Refused with the sentence to show."""
    from peel.db.build import InvalidData, build, ensure_built, open_built

    path = Path(db)
    if path != DB_PATH:
        return open_built(path)
    try:
        ensure_built()
        try:
            return open_built(path)
        except Refused:  # the project's own file, damaged or from another version: build it again
            build(DATA_DIR, DB_PATH)
            return open_built(path)
    except InvalidData as exc:
        raise Refused(f"cannot build the database: {exc}") from None


def print_csv(frame) -> None:
    """frame to standard output through the one CSV writer (byte-order mark, formula cells neutralised)."""
    from peel.db import csv_file, files

    sys.stdout.flush()
    files.write_stream(sys.stdout.buffer, csv_file.data(frame), "the CSV to standard output")


def cmd_export(args) -> int:
    """Exit 0 with the CSV; 1 when there is no database to read; 2 when a filter names an unknown value."""
    from peel.db import export

    con = open_database(args.db)
    try:
        mapping, filters = export.resolve(con, args.mapping,
                                          **{name: getattr(args, name) for name in export.FILTERS})
    except export.UnknownValue as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
    frame = export.select_grades(con, mapping=mapping, **filters)
    if frame.empty:
        print("no grades match those filters", file=sys.stderr)
    print_csv(frame)
    # what the list leaves out: grades a release counted but the data does not name (never in the CSV)
    note = export.unnamed_note(export.unnamed(con, **filters), narrowed=any(filters.get(k) for k in
                                                                               ("area", "theme", "source_kind")))
    if note:
        print(f"{len(frame)} grades listed. {note}", file=sys.stderr)
    return 0


def cmd_extract(args) -> int:
    from peel.reports.extract import extract
    from peel.reports.reading import UnreadableDocument, read_path

    try:
        document = read_path(Path(args.file))
    except UnreadableDocument as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 1
    try:
        result = extract(document, force=args.force, cycle=args.cycle, data_dir=Path(args.data))
    except ValueError as exc:  # the reference CSVs themselves are missing or malformed
        print(f"extract: {exc}", file=sys.stderr)
        return 1
    for message in result.messages:
        print(f"{document.name}: {message}", file=sys.stderr)
    if not result.ok:
        return 1
    print_csv(result.frame())
    return 0


def cmd_package(args) -> int:
    from peel.db import package

    open_database(args.db).close()
    made = package.write(Path(args.db), Path(args.out))
    tables = [r for r in made["resources"] if r["type"] == "table"]
    print(f"wrote {args.out}: datapackage.json, {len(tables)} tables as CSV and Parquet, peel.duckdb; "
          f"{made['provenance']['grades']} grades, data version {made['version']} built {made['created']}")
    return 0


def cmd_card(args) -> int:
    from peel.db import export
    from peel.figures import card
    from peel.figures.static_export import ExportFailed

    con = open_database(args.db)
    try:  # the force (and mapping) as the data spells them, typed in any case, as export and links take them
        mapping, chosen = export.resolve(con, args.mapping, force=[args.force])
    except export.UnknownValue as exc:
        print(f"card: {exc}", file=sys.stderr)
        return 2
    force = chosen["force"][0]
    try:
        out = card.render(con, force, Path(args.out), mapping)
    except (ValueError, ExportFailed) as exc:
        print(f"card: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}: the {force} report card")
    return 0


def cmd_bench(args) -> int:
    from peel.bench import extract_bench

    from peel.bench import load

    corpus = args.corpus
    if args.part == "extract":
        if args.load_args:  # `bench extract --corpus DIR`: the option comes after the part
            after = argparse.ArgumentParser(prog="python -m peel bench extract")
            after.add_argument("--corpus")
            corpus = after.parse_args(args.load_args).corpus or corpus
        return extract_bench.main(Path(corpus) if corpus else None)
    if args.part == "load":
        return load.main(args.load_args)
    from peel.bench import memory

    if args.part == "memory":
        return memory.main(args.load_args)
    from peel.bench.bench import main as bench

    return bench() or extract_bench.main(Path(corpus) if corpus else None) or load.main([]) or memory.main([])


# -- harvest, import, review (peel/harvest/): the inspectorate's pages or a folder of reports -> review file -> data/
def _held(args):
    """What PEEL Explorer holds now (from the built database), or None with a message."""
    import tempfile

    import duckdb

    from peel.db.build import InvalidData, build, is_stale
    from peel.harvest.review import Held

    try:
        if Path(args.db) == DB_PATH and is_stale(DATA_DIR, DB_PATH):  # compare with data/ as it is; write nothing
            with tempfile.TemporaryDirectory() as tmp:
                build(DATA_DIR, Path(tmp) / "peel.duckdb")
                return Held.from_database(Path(tmp) / "peel.duckdb")
        return Held.from_database(Path(args.db))
    except InvalidData as exc:
        print(f"cannot build the database to compare with: {exc}", file=sys.stderr)
        return None
    except duckdb.Error:
        print(f"no PEEL Explorer database at {args.db} (run `python -m peel build`)", file=sys.stderr)
        return None


def _names(args, ref) -> tuple[list[str], list[str]] | None:
    forces = [ref.force_named(f) for f in args.force]
    cycles = [ref.cycle_named(c) for c in args.cycle]
    unknown = [f for f, n in zip(args.force, forces) if not n] + [c for c, n in zip(args.cycle, cycles) if not n]
    if unknown:
        print(f"unknown force or cycle: {', '.join(unknown)}", file=sys.stderr)
        return None
    return forces, cycles


def check_review_out(args) -> None:
    """A review file's --out is never one of the data folder's input files, nor a file of another kind."""
    from peel.db import files
    from peel.db.build import input_files

    files.check_output(Path(args.out), files.TEXT_CSV, input_files(Path(args.data)))


def cmd_harvest(args) -> int:
    from peel.harvest.fetch import Fetcher
    from peel.harvest.review import write_review
    from peel.harvest.run import harvest, report
    from peel.reports.wording import reference

    check_review_out(args)  # before the long harvest, not after it
    held = _held(args)
    names = _names(args, reference(Path(args.data)))
    if held is None or names is None:
        return 2 if names is None else 1
    fetcher = Fetcher(Path(args.cache), delay=args.delay, timeout=args.timeout)
    try:
        summary = harvest(args.site, names[0], names[1], Path(args.data), held, fetcher, progress=sys.stderr.isatty())
    finally:
        fetcher.close()
    write_review(summary.rows, Path(args.out))
    print(report(summary, Path(args.out), fetcher.stats))
    return 0


def cmd_import(args) -> int:
    from peel.harvest.review import write_review
    from peel.harvest.run import import_folder, report

    if not Path(args.folder).is_dir():
        print(f"import: {args.folder} is not a folder", file=sys.stderr)
        return 1
    check_review_out(args)
    held = _held(args)
    if held is None:
        return 1
    summary = import_folder(Path(args.folder), Path(args.data), held, args.force, args.cycle)
    write_review(summary.rows, Path(args.out))
    print(report(summary, Path(args.out), what="files"))
    return 0


def cmd_review(args) -> int:
    from peel.db.build import InvalidData
    from peel.harvest.review import accept, parse_conflict, read_review

    try:
        conflicts = [parse_conflict(c) for c in args.accept_conflict]
        rows = read_review(Path(args.file))
    except (ValueError, OSError) as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
    if not args.accept:
        from collections import Counter

        print(", ".join(f"{n} {s}" for s, n in Counter(r["status"] for r in rows).items()) or "no rows")
        print("nothing written: give --accept new|agrees|all")
        return 0
    try:
        done = accept(Path(args.file), Path(args.data), args.accept, args.only or None, conflicts)
    except InvalidData as exc:
        print(f"review: the rebuild refused the accepted rows; data/ was put back as it was.\n{exc}", file=sys.stderr)
        return 1
    for line in done.changes:
        print(line)
    for line in done.refused:
        print(f"not written: {line}")
    if done.grades is None:
        print("nothing written: data/ is unchanged")
    else:
        print(f"{len(done.changes)} change(s) written to {args.data}/grades.csv and not_graded.csv; "
              f"database rebuilt ({done.grades} grades). Check `git diff data/` and commit.")
    return 0


def _review_file_options(parser, out: str) -> None:
    """The options of a command that writes a review file (harvest, import): where to, and what it compares with."""
    parser.add_argument("--out", default=out, help=f"the review file to write (default {out})")
    parser.add_argument("--data", default=str(DATA_DIR), help="folder of input CSVs (default: data/; only read)")
    parser.add_argument("--db", default=str(DB_PATH), help="database to compare with (default: data/peel.duckdb)")


def add_harvest_commands(sub) -> None:
    from peel.harvest.addresses import DEFAULT_SITE
    from peel.harvest.fetch import DEFAULT_CACHE

    h = sub.add_parser("harvest", help="read every grade on the inspectorate's pages into a review file "
                       "(never writes data/)")
    h.add_argument("--site", default=DEFAULT_SITE, help=f"site every address is built on (default {DEFAULT_SITE})")
    h.add_argument("--force", action="append", default=[], help="only this force (repeat for several)")
    h.add_argument("--cycle", action="append", default=[], help="only this cycle, e.g. 2021/22 (repeat)")
    h.add_argument("--cache", default=str(DEFAULT_CACHE), help=f"HTTP cache folder (default {DEFAULT_CACHE})")
    h.add_argument("--delay", type=float, default=1.0, help="at least this many seconds between two requests to "
                   "one host (default 1)")
    h.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a page (default 30)")
    _review_file_options(h, "harvest-review.csv")
    h.set_defaults(func=cmd_harvest)

    i = sub.add_parser("import", help="read every grade in a folder of saved reports (PDF, HTML, text) into a "
                       "review file (never writes data/)")
    i.add_argument("folder", help="the folder of reports")
    i.add_argument("--force", help="the force of every file (default: read from each file)")
    i.add_argument("--cycle", help="the cycle of every file (default: read from each file)")
    _review_file_options(i, "import-review.csv")
    i.set_defaults(func=cmd_import)

    r = sub.add_parser("review", help="accept rows of a review file into data/grades.csv and data/not_graded.csv, "
                       "then rebuild")
    r.add_argument("file", help="the review file written by harvest or import")
    r.add_argument("--accept", choices=["new", "agrees", "all"], help="new: grades and not-graded cells not held; "
                   "agrees: put HMICFRS's page as the source of a held grade it confirms; all: both (never a "
                   "conflict)")
    r.add_argument("--only", action="append", default=[], help="only this force (repeat)")
    r.add_argument("--accept-conflict", action="append", default=[], metavar="FORCE,CYCLE,AREA",
                   help="replace the held grade of this cell by the one read (the old one kept in notes); repeat")
    r.add_argument("--data", default=str(DATA_DIR), help="folder of input CSVs to write (default: data/)")
    r.set_defaults(func=cmd_review)


def cmd_audit(args) -> int:
    from peel.paths import data_dir
    from peel.reports import proposals

    log = proposals.read_audit(Path(args.data) if args.data else data_dir())
    sys.stdout.write(log or "the audit log is empty: nothing proposed, accepted, rejected or removed yet\n")
    return 0


def cmd_editor(args) -> int:
    from peel import editors

    if args.action != "list" and not args.name:
        print(f"editor {args.action}: give the {'name' if args.action in ('add', 'remove') else 'e-mail address'}",
              file=sys.stderr)
        return 2
    try:
        if args.action == "add":
            path = editors.add(args.name, _new_password(args.name))
            print(f"editor {args.name} added to {path} (an argon2id hash; the password itself is not stored)")
        elif args.action == "remove":
            path = editors.remove(args.name)
            print(f"editor {args.name} removed from {path}: that account can no longer sign in")
        elif args.action == "allow":
            path = editors.allow(args.name)
            print(f"{args.name.strip().lower()} may now sign in as an editor with st.login ({path})")
        elif args.action == "disallow":
            path = editors.disallow(args.name)
            print(f"{args.name.strip().lower()} is no longer an editor through st.login ({path})")
        else:
            print(_editor_list(editors))
    except ValueError as exc:
        print(f"editor: {exc}; nothing was written", file=sys.stderr)
        return 1
    return 0


def _new_password(name: str) -> str:
    """A password read from a prompt (twice) or a line of stdin, never the command line."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def _editor_list(editors) -> str:
    """Who may publish, from the secrets file: names and e-mails only, never a hash or a provider's secret."""
    emails, names = editors.allowed_emails() or [], sorted(editors.accounts())
    oidc = editors.oidc_configured()
    lines = [f"secrets file: {editors.secrets_path()}",
             "sign-in: st.login ([auth] is configured)" if oidc else "sign-in: local accounts (no [auth] section)",
             "e-mail addresses st.login signs in as editors:" if emails else
             "e-mail addresses st.login signs in as editors: none, so nobody signs in as an editor that way"]
    lines += [f"  {email}" for email in emails]
    lines.append("local accounts" + (" (not offered while [auth] is configured)" if oidc and names else "")
                 + (":" if names else ": none"))
    return "\n".join(lines + [f"  {name}" for name in names])


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m peel", description="PEEL Explorer data tools")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate data/*.csv and build the DuckDB file")
    b.add_argument("--data", default=str(DATA_DIR), help="folder of input CSVs (default: data/)")
    b.add_argument("--out", default=str(DB_PATH), help="database file to write (default: data/peel.duckdb)")
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("export", help="print matching grades with their sources as CSV")
    for name in ("force", "cycle", "area", "theme", "region", "source_kind"):
        e.add_argument(f"--{name.replace('_', '-')}", dest=name, action="append", default=[],
                       help=f"only this {name.replace('_', ' ')} (repeat for several)")
    e.add_argument("--mapping", help="harmonised mapping (default: the one data/mappings.csv marks is_default)")
    e.add_argument("--db", default=str(DB_PATH), help="database file (default: data/peel.duckdb)")
    e.set_defaults(func=cmd_export)

    x = sub.add_parser("extract", help="print the grades a report (text or PDF) states, as CSV with their lines")
    x.add_argument("file", help="the report: a PDF or a text file")
    x.add_argument("--force", help="the force it is about (default: read from the document)")
    x.add_argument("--cycle", help="the PEEL cycle, e.g. 2021/22 (default: read from the document)")
    x.add_argument("--data", default=str(DATA_DIR), help="folder of input CSVs (default: data/)")
    x.set_defaults(func=cmd_extract)

    k = sub.add_parser("package", help="write the whole dataset: CSV and Parquet per table, the DuckDB file "
                       "and a Frictionless datapackage.json")
    k.add_argument("--out", required=True, help="folder to write the package into (created if missing)")
    k.add_argument("--db", default=str(DB_PATH), help="database file (default: data/peel.duckdb, rebuilt if stale)")
    k.set_defaults(func=cmd_package)

    c = sub.add_parser("card", help="write a force's one-page report card (A4) as PDF or PNG")
    c.add_argument("--force", required=True, help="the force, e.g. 'West Midlands'")
    c.add_argument("--mapping", help="harmonised mapping (default: the one data/mappings.csv marks is_default)")
    c.add_argument("--out", required=True, help="file to write: FILE.pdf or FILE.png")
    c.add_argument("--db", default=str(DB_PATH), help="database file (default: data/peel.duckdb, rebuilt if stale)")
    c.set_defaults(func=cmd_card)

    m = sub.add_parser("bench", help="print benchmark figures: build, page reruns, query p95, browser timings, "
                       "extraction recall and precision, 5/25/50 sessions at once, the server's memory through uploads "
                       "and rebuilds")
    m.add_argument("part", nargs="?", choices=["extract", "load", "memory"],
                   help="only this part: extract (the document corpus), load (many sessions at once; "
                        "`bench load --help` for its options) or memory (the server's RSS through three 40 MB "
                        "uploads and 500 rebuilds; `bench memory --help`)")
    m.add_argument("--corpus", help="folder of documents with a corpus.json, for the extract part (`make bench` "
                   "writes the test corpus there with `python -m tests.fixtures.corpus DIR`)")
    m.add_argument("load_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    m.set_defaults(func=cmd_bench)
    add_harvest_commands(sub)

    a = sub.add_parser("audit", help="print the audit log: every proposal, acceptance, rejection and removal")
    a.add_argument("--data", help="data folder (default: $PEEL_DATA_DIR, else data/)")
    a.set_defaults(func=cmd_audit)

    ed = sub.add_parser("editor", help="who may publish: add a local editor account (its password read from a "
                        "prompt or stdin, never the command line) or remove one, allow or disallow an e-mail address "
                        "for st.login, or list both")
    ed.add_argument("action", choices=["add", "remove", "allow", "disallow", "list"])
    ed.add_argument("name", nargs="?", help="add, remove: the editor's name (letters, digits, '.', '_' or '-'); "
                    "allow, disallow: the e-mail address")
    ed.set_defaults(func=cmd_editor)
    return p


def main(argv=None) -> int:
    """Run a command; a database it cannot read or an output it must not or cannot write is a sentence on
    standard error and exit status 1, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Refused as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 1
