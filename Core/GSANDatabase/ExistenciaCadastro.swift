import Postgres

/// What a command names must exist before anything is enqueued or written: the group, the
/// rota, the command. One line each, in Portuguese, checked inside the caller's transaction.
public struct RegistroInexistente: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum ExistenciaCadastro {
    /// `faturamento.faturamento_grupo`.
    public static func grupoFaturamento(_ id: Int, db: PostgresConnection) throws {
        guard try !db.query("SELECT 1 FROM faturamento.faturamento_grupo WHERE ftgr_id = $1", [id]).isEmpty else {
            throw RegistroInexistente("Grupo de Faturamento \(id) inexistente.")
        }
    }

    /// `micromedicao.rota`, and (with `grupo`) that it is one of the group's.
    public static func rota(_ id: Int, grupoFaturamento grupo: Int?, db: PostgresConnection) throws {
        guard let row = try db.query("SELECT ftgr_id FROM micromedicao.rota WHERE rota_id = $1", [id]).first else {
            throw RegistroInexistente("Rota \(id) inexistente.")
        }
        if let grupo, try row.decode(Int.self, at: 0) != grupo {
            throw RegistroInexistente("A rota \(id) não é do Grupo de Faturamento \(grupo).")
        }
    }

    /// `cobranca.cobranca_acao_ativ_cmd` (a comando eventual).
    public static func comandoEventual(_ id: Int, db: PostgresConnection) throws {
        guard try !db.query("SELECT 1 FROM cobranca.cobranca_acao_ativ_cmd WHERE cacm_id = $1", [id]).isEmpty else {
            throw RegistroInexistente("Comando eventual \(id) inexistente (cobranca_acao_ativ_cmd).")
        }
    }
}
