"""A school's shared PostgreSQL server: one login per teacher, classes kept apart by row-level
security (RLS), and the log's hash chain appended through one locked head row.

The administrator runs ``school-server setup`` once with the database owner's login; the usual
Alembic migrations create the schema first. Setup then creates:

- two group roles, ``classgroup_teacher`` and ``classgroup_supervisor``;
- ``class_access`` (login → class name), the only source of "which classes may this login see";
- ``log_chain_head``: the chain's last id and hash in one row. A teacher cannot read other
  classes' log entries, so they cannot find the chain's end by reading the log: appends lock this
  row instead (``SELECT … FOR UPDATE``), which also serialises concurrent writers;
- RLS policies on every class-scoped table. A teacher's login sees and writes only the classes
  it holds in ``class_access``: the policy of ``class_group`` says so, and every other table's
  policy follows its foreign key into a table that is already filtered (``student.class_id IN
  (SELECT id FROM class_group)``), so one rule decides everything. The log is append-only for
  teachers (no UPDATE or DELETE granted). A supervisor's login reads every row and writes none.

Everything here is idempotent: running setup again after an upgrade re-applies grants and
policies to tables added since.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, Engine, text

from classgroup_desktop.core.errors import BadInputError, UserError
from classgroup_desktop.core.logchain import DISPOSITION_KIND

TEACHER_ROLE = "classgroup_teacher"
SUPERVISOR_ROLE = "classgroup_supervisor"

# Class-scoped tables and the condition that admits a row for a teacher. Each condition reads
# tables that are themselves under RLS, so the teacher's view of class_group decides all.
TEACHER_ROW_RULES: dict[str, str] = {
    "class_group": (
        "name IN (SELECT class_name FROM class_access WHERE login = current_user)"
    ),
    "student": "class_id IN (SELECT id FROM class_group)",
    "guardian": "student_id IN (SELECT id FROM student)",
    "teacher_role": "class_id IN (SELECT id FROM class_group)",
    "audit": "class_id IN (SELECT id FROM class_group)",
    "audit_member": "audit_id IN (SELECT id FROM audit)",
    "identity_confirmation": "class_id IN (SELECT id FROM class_group)",
    "log_entry": "class_id IN (SELECT id FROM class_group)",
    "log_attachment": "entry_id IN (SELECT id FROM log_entry)",
    "final_report": "scope IN (SELECT 'class:' || id FROM class_group)",
    "chat_review": "class_id IN (SELECT id FROM class_group)",
    "chat_flagged_message": "review_id IN (SELECT id FROM chat_review)",
}
# Evidence is stored once per SHA-256 and shared between entries: a teacher reads the files
# their entries cite, and may add new ones (before the entry that cites them exists).
ATTACHMENT_READ_RULE = "sha256 IN (SELECT sha256 FROM log_attachment)"
# Append-only for teachers: rows are added, never changed or removed.
APPEND_ONLY = ("log_entry", "log_attachment", "attachment", "final_report")
# School-wide tables every login reads; teachers also write the settings and teacher rows
# (names and subjects of staff, shared between the classes they teach).
SHARED_WRITABLE = ("setting", "teacher")

# Report packages received from classes: the supervisor's alone (teachers see none of them).
SUPERVISOR_TABLES = ("received_package", "received_escalation")

_LOGIN_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _login(name: str) -> str:
    login = name.strip()
    if not _LOGIN_RE.fullmatch(login):
        raise BadInputError(
            f"登录名“{name}”不合适：请只用小写英文字母、数字和下划线，以字母开头（如 li_jianguo）。"
        )
    return login


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise UserError(
            "学校服务器的账号和权限只在 PostgreSQL 上设置：请用 --db-url 连接学校的数据库服务器。"
            "单机的数据库文件只有一位老师使用，不需要设置账号。"
        )


def _has_table(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": name}).scalar_one()


def _ensure_role(conn: Connection, role: str, *, login: bool, password: str | None = None
                 ) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    option = "LOGIN" if login else "NOLOGIN"
    if not exists:
        conn.exec_driver_sql(f'CREATE ROLE "{role}" {option}')
    if password is not None:
        # Utility statements take no bind parameters: the password is quoted as a literal.
        literal = "'" + password.replace("'", "''") + "'"
        conn.exec_driver_sql(f'ALTER ROLE "{role}" PASSWORD {literal}')


def setup_server(engine: Engine) -> list[str]:
    """Create the roles, the access table, the chain head and the policies (idempotent).

    Run as the database owner after the schema is at head. Returns the tables put under RLS.
    """
    _require_postgres(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS class_access ("
            " login VARCHAR(63) NOT NULL, class_name VARCHAR(100) NOT NULL,"
            " teacher_name VARCHAR(100), PRIMARY KEY (login, class_name))"
        )
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS log_chain_head ("
            " id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL,"
            " last_hash VARCHAR(64) NOT NULL)"
        )
        conn.exec_driver_sql(
            "INSERT INTO log_chain_head (id, last_id, last_hash) "
            "SELECT 1, COALESCE(MAX(id), 0), COALESCE((SELECT entry_hash FROM log_entry "
            "ORDER BY id DESC LIMIT 1), repeat('0', 64)) FROM log_entry "
            "ON CONFLICT (id) DO NOTHING"
        )
        for role in (TEACHER_ROLE, SUPERVISOR_ROLE):
            _ensure_role(conn, role, login=False)
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
            conn.exec_driver_sql(
                f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        teacher = f'"{TEACHER_ROLE}"'
        for table in (*TEACHER_ROW_RULES, "attachment"):
            if not _has_table(conn, table):
                continue
            verbs = "INSERT" if table in APPEND_ONLY else "INSERT, UPDATE, DELETE"
            conn.exec_driver_sql(f"GRANT {verbs} ON {table} TO {teacher}")
        for table in SHARED_WRITABLE:
            conn.exec_driver_sql(f"GRANT INSERT, UPDATE ON {table} TO {teacher}")
        conn.exec_driver_sql(f"GRANT UPDATE ON log_chain_head TO {teacher}")
        conn.exec_driver_sql(f"GRANT UPDATE, USAGE ON ALL SEQUENCES IN SCHEMA public TO {teacher}")
        protected = []
        rules = {**TEACHER_ROW_RULES, "attachment": ATTACHMENT_READ_RULE}
        for table, rule in rules.items():
            if not _has_table(conn, table):
                continue
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            for policy in ("teacher_rows", "teacher_adds", "supervisor_reads"):
                conn.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {table}")
            if table == "attachment":
                conn.exec_driver_sql(
                    f"CREATE POLICY teacher_rows ON {table} FOR SELECT TO {teacher} USING ({rule})"
                )
                conn.exec_driver_sql(
                    f"CREATE POLICY teacher_adds ON {table} FOR INSERT TO {teacher} "
                    "WITH CHECK (true)"
                )
            else:
                check = f"({rule}) AND kind <> '{DISPOSITION_KIND}'" if table == "log_entry" \
                    else rule
                conn.exec_driver_sql(
                    f"CREATE POLICY teacher_rows ON {table} TO {teacher} "
                    f"USING ({rule}) WITH CHECK ({check})"
                )
            conn.exec_driver_sql(
                f'CREATE POLICY supervisor_reads ON {table} FOR SELECT TO "{SUPERVISOR_ROLE}" '
                "USING (true)"
            )
            protected.append(table)
        _supervisor_writes(conn)
        conn.exec_driver_sql("ALTER TABLE class_access ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql("DROP POLICY IF EXISTS own_access ON class_access")
        conn.exec_driver_sql("DROP POLICY IF EXISTS supervisor_reads ON class_access")
        conn.exec_driver_sql(
            f"CREATE POLICY own_access ON class_access FOR SELECT TO {teacher} "
            "USING (login = current_user)"
        )
        conn.exec_driver_sql(
            f'CREATE POLICY supervisor_reads ON class_access FOR SELECT TO "{SUPERVISOR_ROLE}" '
            "USING (true)"
        )
    return protected


def _supervisor_writes(conn: Connection) -> None:
    """A supervisor changes nothing of the classes, but appends its own 处置 entries to the
    log (through the chain head) and keeps the report packages it receives."""
    sup = f'"{SUPERVISOR_ROLE}"'
    conn.exec_driver_sql(f"GRANT INSERT ON log_entry, log_attachment, attachment TO {sup}")
    conn.exec_driver_sql(f"GRANT UPDATE ON log_chain_head TO {sup}")
    for policy, table, check in (
        ("supervisor_dispositions", "log_entry", f"kind = '{DISPOSITION_KIND}'"),
        ("supervisor_disposition_files", "log_attachment",
         f"entry_id IN (SELECT id FROM log_entry WHERE kind = '{DISPOSITION_KIND}')"),
        ("supervisor_files", "attachment", "true"),
    ):
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {table}")
        conn.exec_driver_sql(
            f"CREATE POLICY {policy} ON {table} FOR INSERT TO {sup} WITH CHECK ({check})")
    for table in SUPERVISOR_TABLES:
        if not _has_table(conn, table):
            continue
        conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {sup}")
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS supervisor_rows ON {table}")
        conn.exec_driver_sql(
            f"CREATE POLICY supervisor_rows ON {table} TO {sup} USING (true) WITH CHECK (true)")


def _grant_login(conn: Connection, login: str, group: str, password: str | None) -> None:
    """Create (or update the password of) ``login`` and make it a member of ``group``, on a
    server where ``setup`` has run."""
    if not _has_table(conn, "class_access"):
        raise UserError("这个数据库还没有设置学校服务器：请先运行 school-server setup。")
    _ensure_role(conn, login, login=True, password=password)
    conn.exec_driver_sql(f'GRANT "{group}" TO "{login}"')


def add_teacher(engine: Engine, login: str, name: str, classes: Sequence[str], *,
                password: str | None = None) -> None:
    """A teacher's login that sees and writes only ``classes`` (names as stored; the service
    creates missing classes first)."""
    _require_postgres(engine)
    login = _login(login)
    with engine.begin() as conn:
        _grant_login(conn, login, TEACHER_ROLE, password)
        for class_name in classes:
            conn.execute(
                text("INSERT INTO class_access (login, class_name, teacher_name) "
                     "VALUES (:l, :c, :t) ON CONFLICT (login, class_name) "
                     "DO UPDATE SET teacher_name = EXCLUDED.teacher_name"),
                {"l": login, "c": class_name, "t": name.strip() or None},
            )


def add_supervisor(engine: Engine, login: str, *, password: str | None = None) -> None:
    """A supervisor's login: reads every class, changes none."""
    _require_postgres(engine)
    login = _login(login)
    with engine.begin() as conn:
        _grant_login(conn, login, SUPERVISOR_ROLE, password)


def chain_head_row(conn: Connection) -> tuple[int, str] | None:
    """On a set-up server: lock the chain head row and return (last id, last hash); None on a
    database without one (SQLite, or a server not set up), where the log itself is read."""
    if conn.dialect.name != "postgresql" or not _has_table(conn, "log_chain_head"):
        return None
    row = conn.execute(
        text("SELECT last_id, last_hash FROM log_chain_head WHERE id = 1 FOR UPDATE")
    ).first()
    return (int(row.last_id), str(row.last_hash)) if row else None


def move_chain_head(conn: Connection, last_id: int, last_hash: str) -> None:
    conn.execute(text("UPDATE log_chain_head SET last_id = :i, last_hash = :h WHERE id = 1"),
                 {"i": last_id, "h": last_hash})


def sees_only_own_classes(conn: Connection) -> bool:
    """True for a teacher's login on a set-up server: row-level security hides the other
    classes' log entries from it, so it can check its own entries but not the whole chain."""
    if conn.dialect.name != "postgresql" or not _has_table(conn, "class_access"):
        return False
    return bool(conn.execute(
        text("SELECT pg_has_role(current_user, :r, 'MEMBER')"), {"r": TEACHER_ROLE}
    ).scalar_one())
