"""A guard over every subcommand of `python -m peel` (issue 24): each is run with a missing, a damaged and an
older database, and must end with an exit status and, when it fails, a sentence, never a traceback. The
subcommands and their options are read from the argparse parser, so a new command is covered the day it is
added: its database options (--db) and data folders (--data) are pointed at the bad case (and --out too, for a
command without --db: the one that writes the database), a positional file is the bad database itself, and
its other required arguments get a made-up value (RUN_AS gives the arguments of a command whose defaults
would run for minutes)."""
import argparse
import shutil

import duckdb
import pytest

from peel import cli

# The whole argv of a command whose bare run is long (the whole benchmark), and arguments added to a command
# that would otherwise reach out to the network (harvest: a closed port on loopback instead of the real site).
RUN_AS = {"bench": ["load", "--url", "http://127.0.0.1:1"]}
EXTRA = {"harvest": ["--site", "http://127.0.0.1:1", "--delay", "0", "--timeout", "2"]}
CASES = ("missing", "damaged", "older")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def make_database(case: str, built_db, folder):
    db = folder / "peel.duckdb"
    if case == "damaged":
        db.write_bytes(built_db.read_bytes()[:300_000])
    elif case == "older":
        shutil.copyfile(built_db, db)
        con = duckdb.connect(str(db))
        con.execute("ALTER TABLE build_info DROP COLUMN schema_hash")
        con.close()
    return db


def arguments(name: str, sub: argparse.ArgumentParser, db, data, tmp_path) -> list[str]:
    """argv for subcommand name: its database at db, its data folder data, outputs under tmp_path."""
    if name in RUN_AS:
        return [name, *RUN_AS[name]]
    argv = [name]
    takes_db = any(a.dest == "db" for a in sub._actions)
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:  # a positional: a file (the database itself, damaged or not)
            if action.required and action.nargs not in ("?", "*", argparse.REMAINDER):
                argv.append(str(db))
            continue
        option = action.option_strings[-1]
        if action.dest == "db":
            argv += [option, str(db)]
        elif action.dest == "data":
            argv += [option, str(data)]
        elif action.dest == "out":  # a command that writes the database (build) writes it over the bad one
            argv += [option, str(tmp_path / f"{name}-out.pdf") if takes_db else str(db)]
        elif action.dest == "cache":
            argv += [option, str(tmp_path / "cache")]
        elif action.required:
            argv += [option, action.choices[0] if action.choices else "Kent"]
    return argv + EXTRA.get(name, [])


def test_the_guard_sees_every_subcommand():
    assert {"build", "export", "extract", "package", "card", "bench"} <= set(subcommands())


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", sorted(subcommands()))
def test_no_subcommand_ends_in_a_traceback(name, case, built_db, data_copy, tmp_path, capsys, monkeypatch):
    db = make_database(case, built_db, data_copy)
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    argv = arguments(name, subcommands()[name], db, data_copy, tmp_path)
    try:
        status = cli.main(argv)  # an exception escaping here is the traceback this test exists to catch
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    assert isinstance(status, int), (argv, status)
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    if status != 0:
        assert err.strip(), (argv, "a failure with no sentence")
