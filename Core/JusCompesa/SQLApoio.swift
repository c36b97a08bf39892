import Foundation
import JusCompesaRegras
import Postgres

/// Small pieces the JusCompesa statements share.
enum SQLApoio {
    /// Serializes JusCompesa work on one localidade (pre- and post-close alike) until the
    /// caller's transaction ends: two runs never decide on the same imóveis at once.
    static func bloquearLocalidade(_ localidade: Int, db: PostgresConnection) throws {
        try db.execute("SELECT pg_advisory_xact_lock(\(chaveLocalidade), $1::int)", [localidade])
    }

    /// Serializes the opening of remessa versions of one reference.
    static func bloquearReferencia(_ referencia: Int, db: PostgresConnection) throws {
        try db.execute("SELECT pg_advisory_xact_lock(\(chaveReferencia), $1::int)", [referencia])
    }

    // Two-key advisory locks: the first key names the resource kind ("JUSL", "JUSR" in ASCII).
    private static let chaveLocalidade: Int32 = 0x4A55_534C
    private static let chaveReferencia: Int32 = 0x4A55_5352
}
