import Foundation
import Postgres
import TestSupport

/// What the close's process tests share: the three workers of the chain, and a tariff taken away
/// (the close step dies on it, nothing of it written) and given back.
enum FechamentoApoio {
    /// `gsan-faturamento`, `gsan-juscompesa` and `gsan-rotas` (route files under `pastaRotas`).
    static func workers(amqpURL: String, databaseURL url: String, pastaRotas: String) throws -> [WorkerProcess] {
        [
            try WorkerProcess("gsan-faturamento", arguments: ["--concorrencia", "2"], amqpURL: amqpURL, databaseURL: url),
            try WorkerProcess("gsan-juscompesa", arguments: ["--concorrencia", "2"], amqpURL: amqpURL, databaseURL: url),
            try WorkerProcess(
                "gsan-rotas", arguments: ["--concorrencia", "2"], amqpURL: amqpURL, databaseURL: url,
                environment: ["GSAN_ROTAS_DIR": pastaRotas]),
        ]
    }

    /// Removes the tariff of the first category group 1 bills (kept aside); returns the category.
    static func removerTarifa(db: PostgresConnection) throws -> Int {
        let categoria = try db.query(
            """
            SELECT min(cc.catg_id) FROM faturamento.conta_categoria cc JOIN faturamento.conta c USING (cnta_id)
            WHERE c.ftgr_id = 1 AND c.dcst_idatual = 9
            """).first?.decode(Int.self, at: 0) ?? -1
        try db.executeScript(
            """
            CREATE TABLE guarda_faixa AS SELECT f.* FROM faturamento.consumo_tarifa_faixa f
                JOIN faturamento.consumo_tarifa_categoria c USING (cstc_id) WHERE c.catg_id = \(categoria);
            CREATE TABLE guarda_categoria AS SELECT * FROM faturamento.consumo_tarifa_categoria WHERE catg_id = \(categoria);
            DELETE FROM faturamento.consumo_tarifa_faixa WHERE cstc_id IN (SELECT cstc_id FROM guarda_categoria);
            DELETE FROM faturamento.consumo_tarifa_categoria WHERE catg_id = \(categoria);
            """)
        return categoria
    }

    /// Gives back what ``removerTarifa(db:)`` kept aside.
    static func restaurarTarifa(db: PostgresConnection) throws {
        try db.executeScript(
            """
            INSERT INTO faturamento.consumo_tarifa_categoria SELECT * FROM guarda_categoria;
            INSERT INTO faturamento.consumo_tarifa_faixa SELECT * FROM guarda_faixa;
            """)
    }
}
