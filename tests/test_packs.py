"""Rule packs: choosing them, settings files, errors that name the nearest valid choice, user packs."""
from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import clean_book
from cleaner.cli import main
from cleaner.packs import PackError, build_config, builtin_packs, default_pack_names, load_pack
from cleaner.registry import RULES
from cleaner.settings import find_settings

BOOK = ("The Homiel region exports grew by FOR AUTHOR USE ONLY ten per cent, and the BUTB\n"
        "traded more timber. \n")


def run(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def clean_via_cli(tmp_path: Path, text: str, *args) -> str:
    book = tmp_path / "in" / "book.txt"
    book.parent.mkdir(exist_ok=True)
    book.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = run([book, "-o", out, "--jobs", "1", "--no-report", *args])
    assert res.exit_code == 0, res.output
    return (out / "book.md").read_text(encoding="utf-8")


# --- the shipped packs -----------------------------------------------------------

def test_builtin_packs_load_and_document_themselves():
    packs = builtin_packs()
    for name in ("pdf-layout", "ocr", "machine-translation", "omniscriptum", "belarus", "encoding"):
        assert name in packs
    for name, path in packs.items():
        pack = load_pack(str(path))
        assert pack.name == name and pack.description, name
        for pattern in pack.enable:
            assert fnmatch.filter(RULES, pattern.upper()), f"{name}: {pattern} enables nothing"


def test_every_rule_is_enabled_by_some_pack():
    enabled = set(build_config().enabled)
    missing = sorted(set(RULES) - enabled)
    assert not missing, f"rules no built-in pack enables: {missing}"


def test_default_packs_when_none_are_named():
    config = build_config()
    assert [p.name for p in config.packs] == default_pack_names()
    for code in ("MT001", "MT002", "MT003", "PB001", "PB002", "PB010", "EN001", "EN002", "TR001"):
        assert config.on(code), code
    assert config.pack_of["TR001"] == "belarus" and config.pack_of["MT001"] == "machine-translation"
    assert "FOR AUTHOR USE ONLY" not in clean_book(BOOK, config).text


def test_named_pack_replaces_the_defaults():
    config = build_config(["belarus"])
    assert config.on("TR001") and not config.on("PB001") and not config.on("MT001")
    out = clean_book(BOOK, config).text
    assert "Gomel" in out and "BUCE" in out and "FOR AUTHOR USE ONLY" in out


def test_select_and_ignore_with_globs():
    config = build_config(["pdf-layout"], select=["TR*"], ignore=["WS001"])
    assert config.on("TR001") and not config.on("WS001")
    assert not build_config(ignore=["PB*"]).on("PB002")


def test_ignoring_a_rule_keeps_its_damage():
    out = clean_book(BOOK, build_config(ignore=["TR001"])).text
    assert "Homiel" in out and "BUTB" in out


def test_publisher_matter_kept_when_its_rule_is_off():
    text = ("Imprint\nISBN: 978-3-000-00000-0\nCopyright \u00a9 A. Author\nContents\nRivers ......... 3\n"
            "Roads .......... 9\n Rivers\nThe rivers carried timber to the ports for centuries, and the\n"
            "ports grew with the trade they served.\n")
    assert "ISBN" not in clean_book(text).text
    assert "ISBN" in clean_book(text, build_config(ignore=["PB010"])).text


# --- errors name the nearest valid choice -----------------------------------------

def test_unknown_pack_names_the_nearest():
    with pytest.raises(PackError, match="belarus"):
        build_config(["belaruss"])


def test_unknown_rule_names_the_nearest():
    with pytest.raises(PackError, match="TR001"):
        build_config(select=["TR0001"])
    with pytest.raises(PackError, match="MT002"):
        build_config(ignore=["MT02"])


def test_unknown_pack_key_names_the_nearest(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nenabel = ["TR*"]\n')
    with pytest.raises(PackError, match="'enable'"):
        load_pack(str(bad))


def test_pack_enabling_an_unknown_rule_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nenable = ["TRR001"]\n')
    with pytest.raises(PackError, match="TR001"):
        load_pack(str(bad))


def test_cli_reports_an_unknown_pack_in_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(BOOK)
    res = run([tmp_path / "a.txt", "-o", tmp_path / "out", "--pack", "omniscriptun"])
    assert res.exit_code == 2
    assert "omniscriptum" in res.output and "Traceback" not in res.output


# --- settings files: command line beats file beats defaults ----------------------

def test_settings_found_from_the_current_folder_upward(tmp_path):
    (tmp_path / "clean.toml").write_text('ignore = ["TR001"]\npack = "my.toml"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    settings, path = find_settings(deep)
    assert path == tmp_path / "clean.toml"
    assert settings["ignore"] == ["TR001"]
    assert settings["packs"] == [str(tmp_path / "my.toml")]  # relative to the settings file


def test_pyproject_tool_clean_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.clean]\npacks = ["belarus"]\njobs = 2\n')
    settings, path = find_settings(tmp_path)
    assert path == tmp_path / "pyproject.toml" and settings == {"packs": ["belarus"], "jobs": 2}


def test_pyproject_without_the_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "y"\n')
    settings, _ = find_settings(sub)
    assert "packs" not in settings and "ignore" not in settings


def test_unknown_setting_names_the_nearest(tmp_path):
    (tmp_path / "clean.toml").write_text('ignroe = ["TR001"]\n')
    with pytest.raises(PackError, match="'ignore'"):
        find_settings(tmp_path)


def test_command_line_beats_file_beats_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # defaults: every built-in pack
    assert "Gomel" in clean_via_cli(tmp_path, BOOK)
    # the file turns the variants off
    (tmp_path / "clean.toml").write_text('ignore = ["TR001"]\n')
    assert "Homiel" in clean_via_cli(tmp_path, BOOK)
    # the command line replaces the file's list
    out = clean_via_cli(tmp_path, BOOK, "--ignore", "PB001")
    assert "Gomel" in out and "FOR AUTHOR USE ONLY" in out


def test_bad_settings_file_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.toml").write_text('packs = ["no-such-pack"]\n')
    (tmp_path / "a.txt").write_text(BOOK)
    res = run([tmp_path / "a.txt", "-o", tmp_path / "out"])
    assert res.exit_code == 2 and "no-such-pack" in res.output


# --- clean rules -------------------------------------------------------------------

def test_rules_lists_every_rule_with_pack_and_safety():
    res = run(["rules"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    for code, r in RULES.items():
        line = next((ln for ln in lines if ln.split()[:1] == [code]), None)
        assert line is not None, code
        assert r.name in line and r.safety in line
    tr = next(ln for ln in lines if ln.startswith("TR001"))
    assert "belarus" in tr


def test_rules_code_prints_documentation_and_example():
    res = run(["rules", "TR001"])
    assert res.exit_code == 0
    assert "translit-variant" in res.output and "belarus" in res.output
    assert "Homiel" in res.output and "Gomel" in res.output  # the before -> after example
    assert "Safety" in res.output


def test_rules_unknown_code_names_the_nearest():
    res = run(["rules", "MT0001"])
    assert res.exit_code == 2 and "MT001" in res.output


# --- a pack written by a user for a new book ----------------------------------------

INVENTED_BOOK = """THE AMBER ROAD   Chronicles of the Baltic trade
The merchants of Koenigsberg sent amber to the south every spring, and
the caravans came back with salt, cloth and news of the wars.
THE AMBER ROAD   Chronicles of the Baltic trade
In Kaliningrad the trade never stopped entirely: the Kenigsberg guild
kept its books through every war, as did the merchants of Breslau.
"""

USER_PACK = """
name = "amber-road"
description = "The Amber Road chronicles: their running header and their spellings of place names."
enable = ["LY003", "TR001"]

[data]
furniture = ["^THE AMBER ROAD\\\\s+Chronicles of the Baltic trade\\\\s*$"]

[data.variants]
Koenigsberg = ["Kenigsberg", "Konigsberg"]
Wroclaw = ["Breslau"]
"""


def _write_user_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "amber-road.toml"
    pack.write_text(USER_PACK, encoding="utf-8")
    return pack


def test_user_pack_cleans_its_book(tmp_path):
    pack = _write_user_pack(tmp_path)
    config = build_config(["pdf-layout", "encoding", str(pack)])
    out = clean_book(INVENTED_BOOK, config)
    assert "THE AMBER ROAD" not in out.text
    assert "Kenigsberg" not in out.text and "Breslau" not in out.text
    assert out.text.count("Koenigsberg") == 2 and "Wroclaw" in out.text
    assert "Kaliningrad" in out.text  # not in the table: left alone
    rules = {c.rule for c in out.changes}
    assert {"LY003", "TR001"} <= rules
    assert config.pack_of["TR001"] == "amber-road"


def test_user_pack_through_the_cli(tmp_path):
    pack = _write_user_pack(tmp_path)
    out = clean_via_cli(tmp_path, INVENTED_BOOK, "--pack", "pdf-layout", "--pack", pack)
    assert "THE AMBER ROAD" not in out and "Koenigsberg guild" in out


def test_user_pack_extends_a_builtin_table(tmp_path):
    extra = tmp_path / "more-variants.toml"
    extra.write_text('name = "more"\nenable = []\n\n[data.variants]\nGomel = ["Gomiel"]\n')
    config = build_config(["belarus", str(extra)])
    out = clean_book("Homiel and Gomiel are one city.\n", config).text
    assert out == "Gomel and Gomel are one city.\n"
