import Faturamento
import Foundation
import GSANModel
import Postgres
import Rotas
import RotasRegras
import Testing

/// Against a generated utility: every rota's file loads on the phone, rows and files agree,
/// regeneration gives the same bytes, later situações block it.
@Suite struct GeracaoTests {
    @Test func rotasDoUtilitarioGerado() async throws {
        try await withUtility(imoveis: 3300) { db, _, configuracao in
            let rotas = try db.query("SELECT rota_id, ftgr_id, rota_nnlimiteimoveis FROM micromedicao.rota ORDER BY 1").map {
                (try $0.decode(Int.self, at: 0), try $0.decode(Int.self, at: 1), try $0.decode(Int?.self, at: 2))
            }
            #expect(rotas.count == 4 && rotas.contains { $0.2 == 300 })
            for (rota, grupo, limite) in rotas {
                let r = try gerar(db, configuracao, grupo: grupo, rota: rota)
                #expect(r.situacao == .gerado, "\(r)")
                let comConta = try inteiros(
                    db, """
                        SELECT count(*) FROM faturamento.conta WHERE rota_id = $1 AND cnta_amreferenciaconta = $2 AND dcst_idatual = 9
                        """, [rota, referenciaSeed])[0]
                #expect(r.imoveis == comConta)
                let pasta = configuracao.pasta + "/\(referenciaSeed)/"
                if limite == nil {
                    let texto = try #require(bytes(pasta + r.arquivo! + ".txt"))
                    #expect(ValidadorArquivo.validar(texto).isEmpty)
                    #expect(try Gzip.descomprimir(#require(bytes(pasta + r.arquivo! + ".gz"))) == texto)
                    let row = try db.query(
                        "SELECT txre_artexto, txre_nntamanho, txre_nnsha256, txre_nnimei, sitl_id FROM micromedicao.arquivo_texto_rota WHERE rota_id = $1",
                        [rota])[0]
                    #expect(try Gzip.descomprimir(row.decode([UInt8].self, at: 0)) == texto)
                    #expect(try row.decode(Int.self, at: 1) == texto.count && row.decode(String.self, at: 2) == r.sha256)
                    #expect(try row.decode(String?.self, at: 3) == "359881030000001" && row.decode(Int.self, at: 4) == 1)
                } else {
                    let partes = try db.query(
                        """
                        SELECT p.tred_nmarquivo, p.tred_qtimovel, p.tred_artextoparte FROM micromedicao.arquivo_texto_rota_parte p
                        JOIN micromedicao.arquivo_texto_rota a USING (txre_id) WHERE a.rota_id = $1 ORDER BY p.tred_nnsequencialarq
                        """, [rota])
                    #expect(partes.count == r.partes && partes.count > 1)
                    for parte in partes {
                        let texto = try #require(bytes(pasta + parte.decode(String.self, at: 0) + ".txt"))
                        #expect(ValidadorArquivo.validar(texto).isEmpty)
                        #expect(try Gzip.descomprimir(parte.decode([UInt8].self, at: 2)) == texto)
                    }
                    #expect(try partes.map { try $0.decode(Int.self, at: 1) }.reduce(0, +) == r.imoveis)
                }
            }
        }
    }

    @Test func regerarDisponivelDaOsMesmosBytesESituacaoPosteriorBloqueia() async throws {
        try await withUtility(imoveis: 900) { db, _, configuracao in
            let primeiro = try gerar(db, configuracao, grupo: 1, rota: 1)
            let caminho = configuracao.pasta + "/\(referenciaSeed)/" + primeiro.arquivo! + ".gz"
            let gz = try #require(bytes(caminho))
            let linha = "SELECT txre_id, txre_nnsha256, encode(txre_artexto, 'hex') FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1"
            let antes = try db.query(linha)[0]
            try FileManager.default.removeItem(atPath: caminho)
            let segundo = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(segundo.situacao == .inalterado && segundo.sha256 == primeiro.sha256)
            #expect(bytes(caminho) == gz)  // written again, byte for byte
            let depois = try db.query(linha)[0]
            #expect(try depois.decode(Int.self, at: 0) == antes.decode(Int.self, at: 0))
            #expect(try depois.decode(String.self, at: 2) == antes.decode(String.self, at: 2))

            // Changed data: the DISPONÍVEL file is replaced.
            try db.execute("UPDATE cadastro.imovel SET imov_nmimovel = 'CONDOMINIO NOVO' WHERE imov_id = 1")
            let terceiro = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(terceiro.situacao == .gerado && terceiro.sha256 != primeiro.sha256)
            #expect(try inteiros(db, "SELECT count(*) FROM micromedicao.arquivo_texto_rota") == [1])

            try db.execute("UPDATE micromedicao.arquivo_texto_rota SET sitl_id = 2")
            let bloqueado = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(bloqueado.situacao == .bloqueado)
            #expect(bloqueado.mensagem == "O arquivo da rota 1 de 06/2025 já está LIBERADO: só um arquivo DISPONÍVEL pode ser gerado de novo.")
        }
    }

    @Test func dadosRuinsRecusamSoARota() async throws {
        try await withUtility(imoveis: 1700) { db, _, configuracao in
            // Rota 1: a 4-digit meter moved to a capacity of 6 to 7 digits.
            let medidor = try inteiros(
                db, """
                    SELECT h.hidr_id FROM micromedicao.hidrometro h JOIN micromedicao.hidrometro_inst_hist i USING (hidr_id)
                    JOIN cadastro.imovel m ON m.imov_id = i.imov_id JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
                    WHERE q.rota_id = 1 AND h.hidr_nndigitosleitura = 4 ORDER BY 1 LIMIT 1
                    """)[0]
            try db.execute("UPDATE micromedicao.hidrometro SET hicp_id = 4 WHERE hidr_id = $1", [medidor])
            let recusada = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(recusada.situacao == .recusado)
            #expect(recusada.mensagem == "Hidrômetro A\(String(repeating: "0", count: 10 - String(medidor).count))\(medidor) do imóvel \(medidor) com 4 dígitos de leitura, fora da faixa da capacidade 10 M3/H (6 a 7).")
            #expect(try inteiros(db, "SELECT count(*) FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1") == [0])
            #expect(!FileManager.default.fileExists(atPath: configuracao.pasta + "/\(referenciaSeed)/G0010010010001202506A.gz"))
            // Rota 2 goes on.
            #expect(try gerar(db, configuracao, grupo: 2, rota: 2).situacao == .gerado)
            // A reference without pre-billed bills.
            let vazia = try gerar(db, configuracao, grupo: 2, rota: 2, referencia: 202508)
            #expect(vazia.situacao == .recusado && vazia.mensagem == "Rota 2 sem imóveis com conta pré-faturada de 08/2025: nenhum arquivo gerado.")
            // A category without tariff.
            try db.execute("DELETE FROM faturamento.consumo_tarifa_faixa WHERE cstc_id IN (SELECT cstc_id FROM faturamento.consumo_tarifa_categoria WHERE catg_id = 2)")
            try db.execute("DELETE FROM faturamento.consumo_tarifa_categoria WHERE catg_id = 2")
            let semTarifa = try gerar(db, configuracao, grupo: 2, rota: 2)
            #expect(semTarifa.situacao == .recusado && semTarifa.mensagem?.hasPrefix("Tarifa 1 sem valores para a categoria 2 na vigência da referência (imóvel ") == true)
            #expect(try gerar(db, configuracao, grupo: 9, rota: 2).mensagem == "Rota 2 inexistente no grupo de faturamento 9.")
        }
    }

    /// From the database: the responsável (relação 3) in 01.12–14 with the delivery address
    /// GSAN uses, a public body's 01.25 = 2, the localidade's service address and phone in
    /// 01.43–44, the reader's own login and password hash in record 11.
    @Test func responsavelOrgaoPublicoEAtendimentoECredenciais() async throws {
        try await withUtility(imoveis: 900) { db, _, configuracao in
            let imoveis = try inteiros(
                db, """
                    SELECT c.imov_id FROM faturamento.conta c JOIN cadastro.imovel i USING (imov_id)
                    WHERE c.rota_id = 1 AND c.cnta_amreferenciaconta = $1 AND c.dcst_idatual = 9 AND i.imov_icorgaopublico = 2
                      AND i.imov_icimovelcondominio = 2 AND i.imov_idimovelcondominio IS NULL
                    ORDER BY 1 LIMIT 3
                    """, [referenciaSeed])
            #expect(imoveis.count == 3)
            let (paraImovel, paraResponsavel, publico) = (imoveis[0], imoveis[1], imoveis[2])
            try db.execute(
                "INSERT INTO cadastro.cliente (clie_id, clie_nmcliente, clie_dsenderecocorrespondencia) VALUES (900001, 'PREFEITURA MUNICIPAL', 'CAIS DO APOLO, 925')")
            for imovel in [paraImovel, paraResponsavel] {
                try db.execute(
                    "INSERT INTO cadastro.cliente_imovel (clie_id, imov_id, crtp_id, clim_dtrelacaoinicio) VALUES (900001, $1, 3, '2020-01-01')", [imovel])
            }
            try db.execute("UPDATE cadastro.imovel SET icte_id = 1 WHERE imov_id IN ($1, $2)", [paraImovel, publico])
            try db.execute("UPDATE cadastro.imovel SET icte_id = 2 WHERE imov_id = $1", [paraResponsavel])
            try db.execute("UPDATE cadastro.imovel SET imov_icorgaopublico = 1 WHERE imov_id = $1", [publico])
            try db.execute(
                "UPDATE micromedicao.leiturista SET leit_nmlogin = 'joao.silva', leit_dssenha = 'fEqNCco3Yq9h5ZUglD3CZJT4lBs=' WHERE leit_id = (SELECT leit_id FROM micromedicao.rota WHERE rota_id = 1)")
            let r = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(r.situacao == .gerado, "\(r)")
            let texto = MontagemArquivo.texto(try #require(bytes(configuracao.pasta + "/\(referenciaSeed)/" + r.arquivo! + ".txt")))
            let linhas = texto.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            func r01(_ imovel: Int) throws -> [String] { try #require(linhas.first { $0[0] == "01" && $0[1] == String(imovel) }) }
            let endereco = try db.query("SELECT endereco FROM cadastro.imovel_endereco WHERE imov_id = $1", [paraImovel])[0].decode(String.self, at: 0)
            #expect(try r01(paraImovel)[11...13] == ["900001", "PREFEITURA MUNICIPAL", endereco])  // the bill goes to the imóvel
            #expect(try r01(paraResponsavel)[11...13] == ["900001", "PREFEITURA MUNICIPAL", "CAIS DO APOLO, 925"])
            #expect(try r01(paraResponsavel)[24] == "2" && r01(publico)[24] == "2" && r01(paraImovel)[24] == "1")
            #expect(try r01(publico)[11...13] == ["", "", ""])
            let localidade = try r01(paraImovel)[74]
            let (atendimento, fone) = try db.query(
                """
                SELECT l.loca_dsenderecoatendimento, m.muni_nnddd::text || l.loca_nnfone FROM cadastro.localidade l
                JOIN cadastro.municipio m ON m.muni_id = l.muni_idprincipal WHERE l.loca_id = $1::int
                """, [localidade])[0].decode((String, String).self)
            #expect(try r01(paraImovel)[42...43] == [atendimento, fone])
            let onze = try #require(linhas.first { $0[0] == "11" })
            #expect(onze[11] == "joao.silva" && onze[12] == "fEqNCco3Yq9h5ZUglD3CZJT4lBs=")
        }
    }
}
