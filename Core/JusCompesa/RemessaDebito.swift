import GSANModel
import JusCompesaRegras
import Postgres

/// One version of the remessa de débitos (`juscompesa.remessa_debito`).
public struct VersaoRemessa: Sendable, Codable, Hashable {
    public var id: Int
    public var referencia: Int
    public var versao: Int
    /// The group whose close produced it (nil for versions written by other means).
    public var grupo: Int?
    /// Base date of the acréscimos.
    public var dataCalculo: CivilDate?
    /// Parts (localidades) it expects.
    public var localidades: Int?
    public var concluida: Bool
}

/// The remessa's life: opened by the group-level post-close job, written one localidade per
/// job, concluded by the job that writes the last part — in that job's transaction, so the
/// version becomes visible to JusCompesa exactly once, complete.
enum RemessaDebito {
    private static let colunas = """
        jcrd_id, jcrd_amreferencia::int, jcrd_nnversao::int, ftgr_id, jcrd_dtcalculo, jcrd_qtlocalidades,
        jcrd_tmconclusao IS NOT NULL
        """

    private static func versoes(_ filtro: String, _ binds: [(any PostgresEncodable)?], db: PostgresConnection) throws
        -> [VersaoRemessa]
    {
        try db.query("SELECT \(colunas) FROM juscompesa.remessa_debito " + filtro, binds).map { row in
            let (id, referencia, versao, grupo, data, localidades, concluida) = try row.decode(
                (Int, Int, Int, Int?, CivilDate?, Int?, Bool).self)
            return VersaoRemessa(
                id: id, referencia: referencia, versao: versao, grupo: grupo, dataCalculo: data, localidades: localidades,
                concluida: concluida)
        }
    }

    /// The version a close produced, if it did.
    static func doFechamento(referencia: Int, grupo: Int, db: PostgresConnection) throws -> VersaoRemessa? {
        try versoes("WHERE jcrd_amreferencia = $1 AND ftgr_id = $2", [referencia, grupo], db: db).first
    }

    /// The version of the reference still being written (at most one).
    static func emEscrita(referencia: Int, db: PostgresConnection) throws -> VersaoRemessa? {
        try versoes("WHERE jcrd_amreferencia = $1 AND jcrd_tmconclusao IS NULL", [referencia], db: db).first
    }

    /// `bloquear`: FOR NO KEY UPDATE, which the parts take in turn. Not FOR UPDATE: that would
    /// also wait for the key-share locks every part holds on the version through the foreign
    /// keys of the rows it inserted — two parts would each wait for the other.
    static func carregar(_ id: Int, bloquear: Bool = false, db: PostgresConnection) throws -> VersaoRemessa? {
        try versoes("WHERE jcrd_id = $1" + (bloquear ? " FOR NO KEY UPDATE" : ""), [id], db: db).first
    }

    /// The next version of the reference, open (invisible to readers) until its last part.
    static func abrir(
        referencia: Int, grupo: Int, dataCalculo: CivilDate, localidades: Int, db: PostgresConnection
    ) throws -> VersaoRemessa {
        let row = try db.query(
            """
            INSERT INTO juscompesa.remessa_debito
                (jcrd_amreferencia, jcrd_nnversao, jcrd_tmgeracao, ftgr_id, jcrd_dtcalculo, jcrd_qtlocalidades)
            SELECT $1, coalesce(max(jcrd_nnversao), 0) + 1, now(), $2, $3, $4
            FROM juscompesa.remessa_debito WHERE jcrd_amreferencia = $1
            RETURNING jcrd_id, jcrd_nnversao::int
            """, [referencia, grupo, dataCalculo, localidades])[0]
        let (id, versao) = try row.decode((Int, Int).self)
        return VersaoRemessa(
            id: id, referencia: referencia, versao: versao, grupo: grupo, dataCalculo: dataCalculo, localidades: localidades,
            concluida: false)
    }

    /// From here on the version is complete and immutable (0008's trigger fills its count and
    /// total from the rows).
    static func concluir(_ id: Int, db: PostgresConnection) throws {
        try db.execute(
            "UPDATE juscompesa.remessa_debito SET jcrd_tmconclusao = now() WHERE jcrd_id = $1 AND jcrd_tmconclusao IS NULL",
            [id])
    }

    static func parteGravada(remessa: Int, localidade: Int, db: PostgresConnection) throws -> Bool {
        try !db.query(
            "SELECT 1 FROM juscompesa.remessa_localidade WHERE jcrd_id = $1 AND loca_id = $2", [remessa, localidade]
        ).isEmpty
    }

    /// Records the localidade's part and concludes the version when it was the last. The
    /// version's row lock, held to the commit, makes the parts count one at a time: exactly
    /// one job sees the count complete. Returns whether this call concluded it.
    static func registrarParte(remessa id: Int, localidade: Int, imoveis: Int, db: PostgresConnection) throws -> Bool {
        guard let remessa = try carregar(id, bloquear: true, db: db) else { return false }
        try db.execute(
            """
            INSERT INTO juscompesa.remessa_localidade (jcrd_id, loca_id, jcrl_qtimoveis, jcrl_tmgravacao)
            VALUES ($1, $2, $3, now())
            """, [id, localidade, imoveis])
        let gravadas = try db.query("SELECT count(*) FROM juscompesa.remessa_localidade WHERE jcrd_id = $1", [id])[0]
            .decode(Int.self, at: 0)
        guard !remessa.concluida, gravadas >= remessa.localidades ?? 0 else { return false }
        try concluir(id, db: db)
        return true
    }
}
