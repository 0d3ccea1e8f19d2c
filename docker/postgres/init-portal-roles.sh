#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (/docker-entrypoint-initdb.d).
# Creates the two roles the portal expects (docs/operations.md): the owner, which Flyway migrates as, and the
# application role, which the portal connects as and which cannot change the audit trail.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$PORTAL_DB_OWNER_PASSWORD" \
  -v app_password="$PORTAL_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE portal_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE portal_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE portal OWNER portal_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE portal FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE portal TO portal_app;
SQL
