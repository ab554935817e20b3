#!/usr/bin/env bash
# Gives Keycloak its own role and database next to the gateway's. The postgres image runs the files
# in /docker-entrypoint-initdb.d once, when it initialises an empty data volume; on a volume that
# already holds a database nothing here runs again (create the role and database by hand then).
#
# The password is passed as a psql variable and quoted by psql (:'...'), never pasted into SQL.

if [ -z "${KEYCLOAK_DB_PASSWORD:-}" ]; then
    echo "10-keycloak.sh: KEYCLOAK_DB_PASSWORD is not set" >&2
    exit 1
fi

psql --no-psqlrc --set=ON_ERROR_STOP=1 \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set=keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
