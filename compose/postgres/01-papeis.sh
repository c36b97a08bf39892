#!/bin/bash
# First start of the database container: the roles of docs/seguranca.md. The owner (gsan) runs
# the migrations and owns every schema; gsan_app (in gsan_aplicacao) reads and writes rows, no
# DDL; gsan_juscompesa (in gsan_leitura_juscompesa) reads the JusCompesa views. `gsan migrate`
# grants the group roles what they may do on every table it creates.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v ownerpw="$GSAN_DB_OWNER_PASSWORD" -v apppw="$GSAN_DB_APP_PASSWORD" -v juspw="$GSAN_DB_JUSCOMPESA_PASSWORD" <<'SQL'
CREATE ROLE gsan LOGIN CREATEDB PASSWORD :'ownerpw';
CREATE ROLE gsan_aplicacao NOLOGIN;
CREATE ROLE gsan_leitura_juscompesa NOLOGIN;
CREATE ROLE gsan_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'apppw';
GRANT gsan_aplicacao TO gsan_app;
CREATE ROLE gsan_juscompesa LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'juspw';
GRANT gsan_leitura_juscompesa TO gsan_juscompesa;
CREATE DATABASE gsan OWNER gsan;
REVOKE ALL ON DATABASE gsan FROM PUBLIC;
SQL
