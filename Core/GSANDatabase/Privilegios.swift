import Postgres

/// Who may do what in the database (docs/seguranca.md). The owner role that runs the
/// migrations owns every schema; after each `gsan migrate` it grants, to the group roles that
/// exist on the server (`ops/up` creates them; a DBA elsewhere):
///
/// - `gsan_aplicacao` (workers, scheduler, CLI, through a login such as `gsan_app`): `USAGE`
///   on every schema of the owner, `SELECT, INSERT, UPDATE, DELETE` on every table and view,
///   `USAGE, SELECT, UPDATE` on every sequence, `EXECUTE` on every function; never `CREATE`,
///   `ALTER`, `DROP`, `TRUNCATE`, `REFERENCES` or `TRIGGER` (DDL stays with the owner).
/// - `gsan_leitura_juscompesa` (the JusCompesa system, through a login such as
///   `gsan_juscompesa`): `USAGE` on `juscompesa`, `INSERT` and `SELECT` on `imovel_informado`
///   (and its sequence), `SELECT` on `imovel_informado_resultado`, `remessa_debito_vigente`
///   and `debito_imovel_atual`; nothing else.
///
/// Re-granting is idempotent, so every run covers the tables the last migrations created.
public enum Privilegios {
    public static let aplicacao = "gsan_aplicacao"
    public static let leituraJusCompesa = "gsan_leitura_juscompesa"

    static let conceder = """
        DO $grants$
        DECLARE
            s text;
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gsan_aplicacao') THEN
                EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO gsan_aplicacao', current_database());
                FOR s IN
                    SELECT nspname FROM pg_namespace
                    WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                      AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
                    UNION SELECT 'public'
                LOOP
                    IF s <> 'public' THEN  -- (public: every role has USAGE; its owner is the database's)
                        EXECUTE format('GRANT USAGE ON SCHEMA %I TO gsan_aplicacao', s);
                    END IF;
                    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO gsan_aplicacao', s);
                    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO gsan_aplicacao', s);
                    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO gsan_aplicacao', s);
                END LOOP;
                -- The migrations' record is read (gsan doctor), never written, by the application.
                IF to_regclass('public.schema_migrations') IS NOT NULL THEN
                    REVOKE INSERT, UPDATE, DELETE ON public.schema_migrations FROM gsan_aplicacao;
                END IF;
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gsan_leitura_juscompesa')
               AND to_regclass('juscompesa.imovel_informado') IS NOT NULL THEN
                EXECUTE format('GRANT CONNECT ON DATABASE %I TO gsan_leitura_juscompesa', current_database());
                GRANT USAGE ON SCHEMA juscompesa TO gsan_leitura_juscompesa;
                GRANT INSERT, SELECT ON juscompesa.imovel_informado TO gsan_leitura_juscompesa;
                GRANT USAGE ON SEQUENCE juscompesa.imovel_informado_jcii_id_seq TO gsan_leitura_juscompesa;
                GRANT SELECT ON juscompesa.imovel_informado_resultado, juscompesa.remessa_debito_vigente,
                    juscompesa.debito_imovel_atual TO gsan_leitura_juscompesa;
            END IF;
        END
        $grants$
        """

    /// Grants what the roles above may do on what exists now (a no-op for roles the server
    /// lacks). Run by the owner: ``Migrator/migrate(connection:)`` calls it after migrating.
    public static func grant(connection: PostgresConnection) throws {
        try connection.withTransaction { try $0.executeScript(conceder) }
    }
}
