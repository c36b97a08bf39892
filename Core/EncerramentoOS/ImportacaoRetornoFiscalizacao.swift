import EncerramentoRegras
import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import Postgres

/// `gsan os fiscalizacao retorno --arquivo F` (docs/fiscalizacao.md): the inspection teams'
/// returns in bulk. The whole file is read and every line checked against the OS as they stand
/// before anything is written; with any bad line nothing is. Accepted, every line is applied in
/// one transaction (``RetornoFiscalizacaoOS/aplicar(_:contexto:hoje:fotos:db:)``), and the file is
/// recorded by its SHA-256: the same content again changes nothing.
public enum ImportacaoRetornoFiscalizacao {
    public enum Resultado: Sendable {
        case jaImportado(arquivo: Int64, em: String)
        case recusado(linhas: Int, rejeitadas: [ArquivoRetornoFiscalizacao.Rejeicao])
        case importado(arquivo: Int64, retornos: [RetornoFiscalizacaoOS.Resultado])
    }

    /// - Parameter lerFoto: the bytes of a photo named in a line (relative to the file's folder).
    public static func importar(
        nome: String, conteudo: Data, usuario: String, hoje: CivilDate, lerFoto: @escaping (String) throws -> Data, db: PostgresConnection
    ) throws -> Resultado {
        let sha = SHA256.hex(conteudo)
        if let anterior = try jaImportado(sha, db: db) { return anterior }
        guard let texto = String(data: conteudo, encoding: .utf8) else {
            return .recusado(linhas: 0, rejeitadas: [.init(linha: 1, motivo: "o arquivo não está em UTF-8")])
        }
        let (linhas, ilegiveis) = ArquivoRetornoFiscalizacao.ler(texto)
        let total = linhas.count + ilegiveis.filter { $0.linha > 1 }.count
        return try db.withTransaction { db -> Resultado in
            let c = try RetornoFiscalizacaoOS.Contexto.carregar(usuario: usuario, hoje: hoje, db: db)
            var rejeitadas = ilegiveis
            for linha in linhas {
                let estado = try RetornoFiscalizacaoOS.estado(linha.pedido.ordem, db: db)
                if let recusa = RetornoFiscalizacaoOS.recusa(linha.pedido, estado: estado, contexto: c, hoje: hoje) {
                    rejeitadas.append(.init(linha: linha.numero, motivo: recusa))
                }
            }
            guard rejeitadas.isEmpty else { return .recusado(linhas: total, rejeitadas: rejeitadas.sorted { $0.linha < $1.linha }) }
            // Unique by content: a concurrent import of the same file waits here and then finds it imported.
            guard let id = try db.query(
                """
                INSERT INTO atendimentopublico.retorno_fiscalizacao_arquivo (rtfa_cdsha256, rtfa_nmarquivo, usur_id, rtfa_qtlinhas, rtfa_qtdebitos)
                VALUES ($1, $2, $3, $4, 0) ON CONFLICT (rtfa_cdsha256) DO NOTHING RETURNING rtfa_id
                """, [sha, nome, c.usuario.id, linhas.count]
            ).first?.decode(Int64.self, at: 0)
            else { return try jaImportado(sha, db: db) ?? .recusado(linhas: total, rejeitadas: []) }
            var retornos: [RetornoFiscalizacaoOS.Resultado] = []
            for linha in linhas {
                let fotos = linha.pedido.fotos
                do {
                    retornos.append(
                        try RetornoFiscalizacaoOS.aplicar(
                            linha.pedido, contexto: c, hoje: hoje,
                            fotos: {
                                try fotos.map { f in
                                    let nome = f.arquivo ?? ""
                                    return .init(tipo: f.tipo ?? 0, nome: nome, conteudo: try lerFoto(nome))
                                }
                            }, db: db))
                } catch let ErroEncerramento.recusa(motivo) {
                    throw ErroEncerramento.recusa("linha \(linha.numero): \(motivo) Nada foi gravado.")
                }
            }
            try db.execute(
                "UPDATE atendimentopublico.retorno_fiscalizacao_arquivo SET rtfa_qtdebitos = $2 WHERE rtfa_id = $1",
                [id, retornos.reduce(0) { $0 + $1.debitos.count }])
            return .importado(arquivo: id, retornos: retornos)
        }
    }

    static func jaImportado(_ sha: String, db: PostgresConnection) throws -> Resultado? {
        guard let row = try db.query(
            """
            SELECT rtfa_id, to_char(rtfa_tmimportacao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY HH24:MI')
            FROM atendimentopublico.retorno_fiscalizacao_arquivo WHERE rtfa_cdsha256 = $1
            """, [sha]).first
        else { return nil }
        let (id, em) = try row.decode((Int64, String).self)
        return .jaImportado(arquivo: id, em: em)
    }
}
