import Postgres

/// MD5 of every table of the GSAN schemas (rows as text, sorted): equal maps mean
/// byte-identical data. Meant for tests and small utilities (it sorts each table).
public func seedChecksums(connection: PostgresConnection) throws -> [String: String] {
    let tables = try connection.query(
        """
        SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema = ANY(string_to_array($1, ',')) AND table_name <> 'schema_migrations'
        ORDER BY 1
        """, [SeedTables.esquemas.joined(separator: ",")])
        .map { try $0.decode(String.self, at: 0) }
    var result: [String: String] = [:]
    for table in tables {
        result[table] = try connection.query(
            "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \(table) t")[0]
            .decode(String.self, at: 0)
    }
    return result
}
