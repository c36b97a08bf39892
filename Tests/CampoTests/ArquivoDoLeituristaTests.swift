import Campo
import CampoRegras
import Foundation
import GSANModel
import Postgres
import ProtocoloCampo
import Testing
import TestSupport

/// Packet 13 serves a route file only to the phone of an active reader: a whole file only when
/// it is that reader's, a part when its IMEI is an active reader's (FIELD-APP-PROTOCOL.md §2.3,
/// §6.4; issue 20: "answer only IMEIs assigned to a reader with a LIBERADO file").
@Suite(.serialized) struct ArquivoDoLeituristaTests {
    let atendimento = AtendimentoCampo(versaoAplicativo: "1.0.0.0", logger: quietLogger, hoje: { diaLeitura })

    func baixar(_ imei: Int64, _ db: PostgresConnection) throws -> AtendimentoCampo.Atendido {
        try atendimento.atender(.baixarRota(imei: imei), db: db)
    }

    @Test func soOCelularDoLeituristaDoArquivoRecebeARota() async throws {
        try await withRota { db, _ in
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            let gz = try db.query("SELECT txre_artexto FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1")[0].decode([UInt8].self, at: 0)
            #expect(try valor(db, "SELECT leit_id FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1") == 1)
            // The file's reader's phone gets it, byte for byte.
            #expect(try baixar(imeiSeed, db).corpo == Array("*tipoArquivo=G&arquivoRoteiro=".utf8) + gz)

            // Another reader's IMEI written on the file (by hand, or a reader replaced without
            // `gsan rotas leiturista`): the file is leiturista 1's, so that phone gets `#`.
            let outro: Int64 = 359_881_030_000_002
            try db.execute(
                "INSERT INTO micromedicao.leiturista (leit_id, leit_nmleiturista, empr_id, leit_nnimei) VALUES (2, 'OUTRO LEITURISTA', 2, $1)",
                ["\(outro)"])
            try db.execute("UPDATE micromedicao.arquivo_texto_rota SET txre_nnimei = $1 WHERE rota_id = 1", ["\(outro)"])
            let recusa = try baixar(outro, db)
            #expect(recusa.corpo == [0x23])
            #expect(recusa.evento.contains("de outro leiturista"))
            #expect(try baixar(imeiSeed, db).corpo == [0x23])  // nor the reader, whose IMEI is not on the file

            // The file back on its reader's IMEI, but the reader no longer in use: `#`.
            try db.execute("UPDATE micromedicao.arquivo_texto_rota SET txre_nnimei = $1 WHERE rota_id = 1", ["\(imeiSeed)"])
            try db.execute("UPDATE micromedicao.leiturista SET leit_icuso = 2 WHERE leit_id = 1")
            let inativo = try baixar(imeiSeed, db)
            #expect(inativo.corpo == [0x23] && inativo.evento.contains("não está em uso"))
            try db.execute("UPDATE micromedicao.leiturista SET leit_icuso = 1 WHERE leit_id = 1")
            #expect(try baixar(imeiSeed, db).corpo.first == 0x2A)

            // An IMEI no reader carries, even written on the file: `#`.
            let estranho: Int64 = 123_456_789_012_345
            try db.execute("UPDATE micromedicao.arquivo_texto_rota SET txre_nnimei = $1 WHERE rota_id = 1", ["\(estranho)"])
            let desconhecido = try baixar(estranho, db)
            #expect(desconhecido.corpo == [0x23] && desconhecido.evento.contains("não é o celular de nenhum leiturista"))

            // A part is assigned by IMEI (GSAN's tred_nnimei): served to an active reader's phone
            // with that IMEI, refused once that reader is not in use, and never to a stranger.
            try db.execute(
                """
                INSERT INTO micromedicao.arquivo_texto_rota_parte
                    (txre_id, tred_nnsequencialarq, tred_qtimovel, tred_nmarquivo, tred_nntamanho, tred_nnsha256, tred_nnimei, sitl_id,
                     tred_artextoparte)
                SELECT txre_id, 1, txre_qtimovel, txre_nmarquivo, txre_nntamanho, txre_nnsha256, $1, 2, txre_artexto
                FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1
                """, ["\(outro)"])
            #expect(try baixar(outro, db).corpo == Array("*tipoArquivo=G&arquivoRoteiro=".utf8) + gz)
            try db.execute("UPDATE micromedicao.leiturista SET leit_icuso = 2 WHERE leit_id = 2")
            #expect(try baixar(outro, db).corpo == [0x23])
            try db.execute("UPDATE micromedicao.arquivo_texto_rota_parte SET tred_nnimei = $1", ["\(estranho)"])
            #expect(try baixar(estranho, db).corpo == [0x23])
            // Refusals change nothing: the file and its part are still LIBERADO.
            #expect(try valor(db, "SELECT count(*) FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1 AND sitl_id = 2") == 1)
            #expect(try valor(db, "SELECT count(*) FROM micromedicao.arquivo_texto_rota_parte WHERE sitl_id = 2") == 1)
        }
    }
}
