import Contratos
import Documentos
import Foundation
import Postgres
import TestSupport
import Testing

/// The ids of what an EMITIR writes do not depend on the order its rotas commit (docs/operacao.md,
/// "Numeração determinística"): the same month twice, the rotas once in order and once in reverse,
/// gives the same rows with the same ids — documents, items, service orders, trâmites, the rotas' rows
/// and the stored files; without the selection's reservation, it does not.
@Suite(.serialized) struct NumeracaoTests {
    /// The aviso (no OS) and then the visita (OS 1011) of group 1, their files, and then the visita's ENCERRAR
    /// rows as they stand; every id and what it names, table by table.
    static func emitir(invertida: Bool, numerar: Bool) async throws -> [String] {
        try await withUtility(imoveis: 1_500) { db, _, arquivos in
            try EmissaoTests.umGrupo(db)
            let aviso = try atividade(db, grupo: 1, acao: 1, atividade: 2)
            let visita = try atividade(db, grupo: 1, acao: 34, atividade: 2)
            let ordemDasRotas: ([RotaDoComando]) -> [RotaDoComando] = { invertida ? $0.reversed() : $0 }
            try executar(db, .cronograma(aviso), arquivos: arquivos, ordemDasRotas: ordemDasRotas, numerar: numerar)
            let resultado = try executar(db, .cronograma(visita), arquivos: arquivos, ordemDasRotas: ordemDasRotas, numerar: numerar)
            #expect(resultado.rotas.filter { $0.documentos > 0 }.count >= 2, "o cenário deve emitir em mais de uma rota")
            var linhas: [String] = []
            for sql in [
                "SELECT dcrt_id, caac_id, rota_id FROM cobranca.documento_rota ORDER BY 1",
                "SELECT cbdo_id, imov_id, cbdo_nnsequenciadocumento, caac_id FROM cobranca.cobranca_documento ORDER BY 1",
                "SELECT cdit_id, cbdo_id, dotp_id, COALESCE(cnta_id, gpag_id, dbac_id, crar_id) FROM cobranca.cobranca_documento_item ORDER BY 1",
                "SELECT orse_id, cbdo_id, imov_id FROM atendimentopublico.ordem_servico ORDER BY 1",
                "SELECT osun_id, orse_id, attp_id FROM atendimentopublico.ordem_servico_unidade ORDER BY 1",
                "SELECT argr_id, argr_tipo, argr_nmchave, argr_nnsha256 FROM arquivo.arquivo_gerado ORDER BY 1",
            ] {
                let tabela = try db.query("SELECT string_agg(x::text, ';') FROM (\(sql)) x")[0].decode(String?.self, at: 0) ?? ""
                linhas.append(tabela)
            }
            return linhas
        }
    }

    @Test func theRowsGetTheSameIdsWhicheverRotaCommitsFirst() async throws {
        let emOrdem = try await Self.emitir(invertida: false, numerar: true)
        let invertida = try await Self.emitir(invertida: true, numerar: true)
        let nomes = ["documento_rota", "cobranca_documento", "cobranca_documento_item", "ordem_servico", "ordem_servico_unidade", "arquivo_gerado"]
        for (nome, (a, b)) in zip(nomes, zip(emOrdem, invertida)) {
            #expect(!a.isEmpty, "\(nome) deve ter linhas")
            #expect(a == b, "\(nome): os ids dependem da ordem dos commits das rotas")
        }
        // The same months numbered by the sequences in commit order: the ids differ (what the reservation fixes).
        let semReserva = try await Self.emitir(invertida: true, numerar: false)
        #expect(semReserva[1] != emOrdem[1] && semReserva[3] != emOrdem[3] && semReserva[5] != emOrdem[5])
    }
}
