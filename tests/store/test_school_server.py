"""A school's shared PostgreSQL server (issue 17): one login per teacher, classes kept apart by
row-level security, a supervisor who reads everything and changes nothing, and one hash chain
that stays whole when teachers of different classes append at the same time.

Runs against the real server named by CLASSGROUP_TEST_PG_URL (.ci/run starts one); skipped with
the reason otherwise. Each test makes its own logins (cluster-wide) and drops them afterwards.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from helpers.roster_files import write_csv
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from classgroup_desktop.core.errors import NotFoundError, UserError
from classgroup_desktop.services import log, log_chain, school_server
from classgroup_desktop.services.classes import list_classes
from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.store.db import open_database

CLASS_A = "三年级(2)班"
CLASS_B = "四年级(1)班"


def _roster(tmp_path):
    rows = [["班级", "学号", "姓名", "家长姓名", "关系", "手机"]]
    for n, (klass, name) in enumerate(
        [(CLASS_A, "王小明"), (CLASS_A, "李小红"), (CLASS_B, "赵大勇"), (CLASS_B, "钱多多")],
        start=1,
    ):
        rows.append([klass, n, name, name[0] + "爸爸", "爸爸", f"1380000000{n}"])
    return write_csv(tmp_path / "全校.csv", rows)


@pytest.fixture
def school(pg_url, tmp_path):
    """The owner's database with two classes, set up, and three logins (dropped afterwards)."""
    owner = open_database(db_url=pg_url)
    import_roster(owner, _roster(tmp_path))
    school_server.setup(owner)
    tag = uuid.uuid4().hex[:8]
    logins = {"li": f"li_{tag}", "wang": f"wang_{tag}", "zhang": f"zhang_{tag}"}
    school_server.add_teacher(owner, logins["li"], "李建国", [CLASS_A])
    # Another spelling of the same class is matched, not created twice.
    school_server.add_teacher(owner, logins["wang"], "王芳", ["四年级1班"])
    school_server.add_supervisor(owner, logins["zhang"])
    handles = []

    def as_login(key: str):
        url = make_url(pg_url).set(username=logins[key]).render_as_string(hide_password=False)
        db = open_database(db_url=url)
        handles.append(db)
        return db

    yield owner, as_login
    for db in handles:
        db.dispose()
    with owner.engine.begin() as conn:
        for login in logins.values():
            conn.exec_driver_sql(f'DROP OWNED BY "{login}"')
    owner.dispose()
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for login in logins.values():
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
    admin.dispose()


def _names(db, sql: str) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text(sql)))


def test_a_teacher_sees_only_their_own_class_even_with_plain_sql(school):
    owner, as_login = school
    li = as_login("li")
    assert [c.name for c in list_classes(li)] == [CLASS_A]
    assert _names(li, "SELECT name FROM student") == ["李小红", "王小明"]
    assert _names(li, "SELECT name FROM guardian") == ["李爸爸", "王爸爸"]
    other = _names(owner, f"SELECT id FROM class_group WHERE name = '{CLASS_B}'")
    with li.engine.connect() as conn:
        hidden = conn.execute(text("SELECT count(*) FROM student WHERE class_id = :c"),
                              {"c": other[0]}).scalar_one()
    assert hidden == 0


def test_a_teacher_cannot_write_another_classs_log(school):
    owner, as_login = school
    li = as_login("li")
    log.add_entry(li, CLASS_A, "note", note="本班记录")
    with pytest.raises(NotFoundError):
        log.add_entry(li, CLASS_B, "note", note="别的班")
    class_b = _names(owner, f"SELECT id FROM class_group WHERE name = '{CLASS_B}'")[0]
    with pytest.raises(DBAPIError, match="row-level security"), li.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO log_entry (id, class_id, kind, description, occurred_at, recorded_at,"
            " prev_hash, entry_hash) VALUES (999, :c, 'note', 'x', now(), now(), :h, :h)"),
            {"c": class_b, "h": "0" * 64})


def test_the_log_is_append_only_for_a_teacher(school):
    _owner, as_login = school
    li = as_login("li")
    entry = log.add_entry(li, CLASS_A, "note", note="本班记录")
    with pytest.raises(DBAPIError, match="permission denied"), li.engine.begin() as conn:
        conn.execute(text("UPDATE log_entry SET description = '改过' WHERE id = :i"),
                     {"i": entry.id})
    with pytest.raises(DBAPIError, match="permission denied"), li.engine.begin() as conn:
        conn.execute(text("DELETE FROM log_entry WHERE id = :i"), {"i": entry.id})


def test_a_supervisor_reads_every_class_and_changes_none(school):
    owner, as_login = school
    li = as_login("li")
    log.add_entry(li, CLASS_A, "note", note="本班记录")
    zhang = as_login("zhang")
    assert [c.name for c in list_classes(zhang)] == sorted([CLASS_A, CLASS_B],
                                                          key=[CLASS_A, CLASS_B].index)
    assert len(_names(zhang, "SELECT name FROM student")) == 4
    assert len(log.list_entries(zhang)) == 1
    with pytest.raises(DBAPIError, match="permission denied"), zhang.engine.begin() as conn:
        conn.execute(text("UPDATE log_entry SET description = '改过'"))
    with pytest.raises(DBAPIError, match="permission denied"), zhang.engine.begin() as conn:
        conn.execute(text("UPDATE student SET name = '改过'"))


def test_teachers_of_two_classes_keep_one_chain_and_each_verifies_their_part(school):
    owner, as_login = school
    li, wang = as_login("li"), as_login("wang")
    for n in range(3):
        log.add_entry(li, CLASS_A, "note", note=f"李 {n}")
        log.add_entry(wang, CLASS_B, "note", note=f"王 {n}")
    whole = log_chain.verify_chain(owner)
    assert whole.ok and whole.checked == 6, whole.message
    part = log_chain.verify_chain(li)
    assert part.ok and part.checked == 3
    assert "其他班级的记录本账号看不到" in part.message
    supervisor = log_chain.verify_chain(as_login("zhang"))
    assert supervisor.ok and supervisor.checked == 6


def test_concurrent_teachers_2x200_appends_keep_the_chain_whole(school):
    owner, as_login = school
    errors: list[BaseException] = []

    def write(key: str, class_name: str) -> None:
        db = as_login(key)
        try:
            for n in range(200):
                log.add_entry(db, class_name, "note", note=f"{key} {n}")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=write, args=("li", CLASS_A)),
               threading.Thread(target=write, args=("wang", CLASS_B))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    report = log_chain.verify_chain(owner)
    assert report.ok and report.checked == 400, report.message


def test_setup_refuses_a_sqlite_database(db_backend, tmp_path):
    if db_backend != "sqlite":
        pytest.skip("只测 SQLite")
    db = open_database(tmp_path / "x.sqlite3")
    with pytest.raises(UserError, match="PostgreSQL"):
        school_server.setup(db)
    db.dispose()


def test_a_login_name_with_odd_characters_is_refused(school):
    owner, _ = school
    with pytest.raises(UserError, match="登录名"):
        school_server.add_teacher(owner, 'li"; DROP TABLE student; --', "李", [CLASS_A])


def test_the_supervisor_records_a_disposition_and_a_teacher_cannot(school):
    """监管-3: the supervisor handles a class's escalation with its own 处置 entry in the one
    chain; a teacher's login may not write one (nor anything else of the supervisor's)."""
    from classgroup_desktop.services import school as school_service

    owner, as_login = school
    li = as_login("li")
    log.add_entry(li, CLASS_A, "escalation", member="陌生人", rule="入群-1",
                  note="冒充老师收费，已上报学校")
    zhang = as_login("zhang")
    open_items = [e for e in school_service.list_escalations(zhang) if not e.handled]
    assert len(open_items) == 1
    done = school_service.dispose(zhang, open_items[0].key, action="已联系家长核实并报警",
                                  handled_by="张主任", reported_upward=True)
    assert done.class_name == CLASS_A
    assert [e.handled for e in school_service.list_escalations(zhang)] == [True]
    whole = log_chain.verify_chain(owner)
    assert whole.ok and whole.checked == 2, whole.message
    with pytest.raises(DBAPIError, match="row-level security"), li.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO log_entry (id, class_id, kind, description, occurred_at, recorded_at,"
            " prev_hash, entry_hash) SELECT 999, id, 'disposition', 'x', now(), now(), :h, :h"
            " FROM class_group"), {"h": "0" * 64})
    with pytest.raises(DBAPIError), li.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM received_package")).scalar_one() == 0
        conn.execute(text("DELETE FROM received_package"))
