# Sourced by .ci/run: a throwaway PostgreSQL cluster for the test suite, on 127.0.0.1 and a free
# port, in a temporary folder, run by the unprivileged "postgres" user (initdb refuses root).
# Exports CLASSGROUP_TEST_PG_URL (the suite's switch for its PostgreSQL tests) and stops the
# cluster on exit, even when a later step fails.

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$pg_bin" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
fi
pg_dir="$(mktemp -d /tmp/classgroup-pg.XXXXXX)"
chown postgres "$pg_dir"
pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

pg_stop() {
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap pg_stop EXIT

runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 \
    --no-locale >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-h 127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null
export CLASSGROUP_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$pg_port/postgres"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$pg_port"
