"""Every command that changes or shows data speaks --json (issue 18), and ``message --help``
lists every template there is."""

from __future__ import annotations

import json

from classgroup_desktop.cli.main import main
from classgroup_desktop.services.template_catalog import template_names


def run_json(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_class_commands_answer_in_json(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    created = run_json(capsys, "--db", db, "class-create", "三年级9班", "--grade", "三年级",
                       "--json")
    assert created["created"]["name"] == "三年级9班"
    assert created["created"]["grade"] == "三年级"
    renamed = run_json(capsys, "--db", db, "class-rename", "三年级9班", "三年级(9)班", "--json")
    assert renamed == {"renamed_from": "三年级9班", "class": renamed["class"]}
    assert renamed["class"]["name"] == "三年级(9)班"
    archived = run_json(capsys, "--db", db, "class-archive", "三年级(9)班", "--json")
    assert archived["class"]["archived"] is True


def test_log_head_answers_in_json(tmp_path, capsys):
    head = run_json(capsys, "--db", str(tmp_path / "x.db"), "log", "head", "--json")
    assert head == {"head": "0" * 64}


def test_confirm_and_revoke_answer_in_json(capsys):
    confirmed = run_json(capsys, "--demo", "confirm", "--class", "三年级(2)班", "--nickname",
                         "花开富贵", "--as", "张伟妈妈", "--why", "电话核实", "--json")
    assert confirmed["confirmed_as"] == "张伟妈妈"
    assert confirmed["revoked"] is False
    revoked = run_json(capsys, "--demo", "confirm", "--class", "三年级(2)班", "--nickname",
                       "花开富贵", "--revoke", "--json")
    assert revoked["revoked"] is True


def test_message_help_lists_every_template(capsys):
    try:
        main(["message", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    names = template_names()
    assert len(names) >= 6
    for key in names:
        assert key in out
