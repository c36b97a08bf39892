import GSANModel
import Postgres

/// Gerar Boletim de Medição de Contratos (seed 002 §2.6.2; GSAN-FACTS §3.2 passo 6): groups the
/// month's bulletins of a contract — those of all its groups, or the contract's own when no group
/// pays by it — under one "Nº Boletim de Contrato" (the contract's count of them + 1).
public enum BoletimContrato {
    public struct Resultado: Sendable, Hashable {
        public var id: Int
        public var numero: Int
        public var boletins: [Int]
        public var total: Centavos
    }

    public static func gerar(empresa: Int, contrato: Int, referencia: Int, hoje: CivilDate, db: PostgresConnection) throws -> Resultado {
        try db.withTransaction { db in
            try CadastroContratos.travar(contrato, empresa: empresa, db: db)
            let mes = Referencia(amReferencia: referencia)?.description ?? String(referencia)
            if let r = try db.query(
                "SELECT cobc_nnboletim FROM cobranca.cobr_boletim_contrato WHERE cese_id = $1 AND cobc_amreferencia = $2", [contrato, referencia]
            ).first {
                throw ErroMedicao("Boletim de contrato de \(mes) já gerado para o contrato \(contrato): Nº \(try r.decode(Int.self, at: 0)).")
            }
            let grupos = try GeracaoBoletim.gruposDoContrato(contrato, db: db)
            var boletins: [Int] = []
            if grupos.isEmpty {
                guard let b = try GeracaoBoletim.existente(.contrato(contrato), referencia: referencia, db: db) else {
                    throw ErroMedicao("Não existe boletim de medição do contrato \(contrato) em \(mes) (gsan bm gerar --empresa \(empresa) --contrato \(contrato)).")
                }
                boletins = [b]
            } else {
                var faltando: [Int] = []
                for g in grupos {
                    if let b = try GeracaoBoletim.existente(.grupo(g), referencia: referencia, contrato: contrato, db: db) { boletins.append(b) } else { faltando.append(g) }
                }
                guard !boletins.isEmpty else { throw ErroMedicao("Não existem grupos concluídos.") }
                guard faltando.isEmpty else {
                    throw ErroMedicao("Não existem grupos concluídos: sem boletim de medição em \(mes) o(s) grupo(s) \(faltando.map(String.init).joined(separator: ", ")).")
                }
            }
            let numero = try db.query("SELECT count(*)::int + 1 FROM cobranca.cobr_boletim_contrato WHERE cese_id = $1", [contrato])[0].decode(Int.self, at: 0)
            let id = try db.query(
                """
                INSERT INTO cobranca.cobr_boletim_contrato (cese_id, cobc_amreferencia, cobc_nnboletim, cobc_dtgeracao)
                VALUES ($1, $2, $3, $4::date) RETURNING cobc_id
                """, [contrato, referencia, numero, hoje.iso])[0].decode(Int.self, at: 0)
            let total = try db.query(
                "UPDATE cobranca.cobr_boletim_medicao SET cobc_id = $1 WHERE cobm_id = ANY($2::int[]) RETURNING cobm_vltotal", [id, PostgresArray(boletins)]
            ).reduce(Centavos.zero) { $0 + (try $1.decode(Centavos.self, at: 0)) }
            return Resultado(id: id, numero: numero, boletins: boletins, total: total)
        }
    }
}
