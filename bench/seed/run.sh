#!/usr/bin/env bash
# Seed benchmark: load PERSONS people (default 1,000,000) with their licenses, vehicles and
# organizations into a fresh PostgreSQL database and print the time, the table counts and the
# peak memory. The database is KEPT afterwards for the query benchmarks:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jg_seed_bench
# Environment: PERSONS, SEED (2026), AS_OF (YYYY-MM-DD, default today in Asia/Shanghai),
# DB (jg_seed_bench), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${PERSONS:=300}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

PERSONS="${PERSONS:-1000000}"
SEED="${SEED:-2026}"
DB="${DB:-jg_seed_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-jiaoguan.settings.embedded}"
PYTHON="${PYTHON:-.venv/bin/python}"
as_of_args=()
[[ -n "${AS_OF:-}" ]] && as_of_args=(--as-of "$AS_OF")

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(psql -Atc 'show server_version' postgres | cut -d' ' -f1) PostgreSQL"
echo "== fresh database $DB (the bench's own; dropped only here, at the start)"
dropdb --if-exists "$DB"
createdb "$DB"
"$PYTHON" manage.py migrate --skip-checks -v0

echo "== seed --persons $PERSONS --seed $SEED ${as_of_args[*]:-}"
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -v -o /tmp/jg_seed_bench.time)
start=$(date +%s.%N)
"${timer[@]}" "$PYTHON" manage.py seed --skip-checks --persons "$PERSONS" --seed "$SEED" \
  "${as_of_args[@]}"
end=$(date +%s.%N)
printf '== elapsed (wall, whole command): %.1f s\n' "$(echo "$end - $start" | bc)"
if [[ -f /tmp/jg_seed_bench.time ]]; then
  grep -E 'Maximum resident set size|Elapsed \(wall|Percent of CPU' /tmp/jg_seed_bench.time | sed 's/^\s*/   /'
fi

echo "== table counts"
psql -d "$DB" -c "
  SELECT 'identity_person' AS table, count(*) FROM identity_person
  UNION ALL SELECT 'identity_organization', count(*) FROM identity_organization
  UNION ALL SELECT 'drivers_drivinglicense', count(*) FROM drivers_drivinglicense
  UNION ALL SELECT 'drivers_licenseclassgrant', count(*) FROM drivers_licenseclassgrant
  UNION ALL SELECT 'drivers_pointsrecord', count(*) FROM drivers_pointsrecord
  UNION ALL SELECT 'drivers_medicalcertificate', count(*) FROM drivers_medicalcertificate
  UNION ALL SELECT 'vehicles_vehicle', count(*) FROM vehicles_vehicle"

echo "== VACUUM ANALYZE (for the query benchmarks; not part of the load time)"
start=$(date +%s.%N)
psql -d "$DB" -qc "VACUUM ANALYZE"
end=$(date +%s.%N)
printf '   %.1f s; database size %s\n' "$(echo "$end - $start" | bc)" \
  "$(psql -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo "== kept: DATABASE_URL=$DATABASE_URL"
