import Campo
import CampoRegras
import CelularSimulado
import Faturamento
import Foundation
import GSANModel
import JobRuntime
import Postgres
import ProtocoloCampo
import Rotas
import Testing
import TestSupport

/// The server through real HTTP on loopback, against a generated utility: every packet's
/// answer byte for byte, the whole cycle DISPONÍVEL → TRANSMITIDO, re-sends, the count check,
/// the checks and guards, bad requests.
@Suite(.serialized) struct CampoHTTPTests {
    func post(_ c: ClienteHTTP, _ pedido: Pedido) throws -> ClienteHTTP.RespostaHTTP {
        try c.post(caminho, CodecPedido.codificar(pedido))
    }

    func situacao(_ db: PostgresConnection) throws -> String? {
        try texto(db, "SELECT s.sitl_dssituacaotransmissao FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.situacao_transmissao_leitura s USING (sitl_id) WHERE a.rota_id = 1")
    }

    @Test func cicloCompletoPorHTTPComOsBytesDeCadaResposta() async throws {
        do {
            try await withRota { db, url in
                let servidor = try ServidorTeste(url: url)
                let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
                // DISPONÍVEL: no file for the phone yet.
                #expect(try post(c, .baixarRota(imei: imeiSeed)).corpo == [0x23])
                let liberados = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
                #expect(liberados.count == 1 && liberados[0].para == .liberado)
                #expect(try situacao(db) == "LIBERADO")
                // 15, 12, 13 byte for byte, exact Content-Length, 200, no compression.
                let ping = try post(c, .ping(imei: imeiSeed))
                #expect(ping.status == 200 && ping.corpo == [0x2A] && ping.cabecalhos["content-length"] == "1")
                #expect(ping.cabecalhos["content-encoding"] == nil)
                #expect(try post(c, .verificarVersao(imei: imeiSeed)).corpo == Array("*1.0.0.0".utf8))
                let gz = try db.query("SELECT txre_artexto FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1")[0].decode([UInt8].self, at: 0)
                let rota = try post(c, .baixarRota(imei: imeiSeed))
                #expect(rota.corpo == Array("*tipoArquivo=G&arquivoRoteiro=".utf8) + gz)
                #expect(rota.cabecalhos["content-length"] == String(30 + gz.count))
                #expect(try situacao(db) == "LIBERADO")  // the download changes nothing
                // An unknown IMEI gets no file.
                #expect(try post(c, .baixarRota(imei: 123_456_789_012_345)).corpo == [0x23])
                // 10: LIBERADO → EM CAMPO; again: still `*`, nothing changes; no more file to download.
                #expect(try post(c, .rotaCarregada(imei: imeiSeed)).corpo == [0x2A])
                #expect(try situacao(db) == "EM CAMPO")
                #expect(try post(c, .rotaCarregada(imei: imeiSeed)).corpo == [0x2A])
                #expect(try post(c, .baixarRota(imei: imeiSeed)).corpo == [0x23])
                // The phone reads and sends everything, losing one imóvel: code 2 gets the count
                // message, the code-7 resend completes it.
                try db.execute("UPDATE micromedicao.arquivo_texto_rota SET sitl_id = 2 WHERE rota_id = 1")
                let total = try valor(db, "SELECT txre_qtimovel FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1")
                let perdido = try valor(db, "SELECT min(imov_id) FROM faturamento.conta WHERE rota_id = 1 AND cnta_amreferenciaconta = $1", [referenciaSeed])
                var config = Celular.Configuracao(imei: imeiSeed, semente: 11, dataLeitura: diaLeitura)
                config.perder = [perdido]
                let celular = Celular(host: "127.0.0.1", porta: servidor.porta, config: config)
                let r = try celular.executar()
                #expect(r.imoveis == total && r.enviados == total - 1 && r.reenviosCodigo7 == 1 && r.finalizado)
                #expect(try situacao(db) == "TRANSMITIDO")
                #expect(try valor(db, "SELECT count(DISTINCT imov_id) FROM faturamento.mov_conta_prefaturada WHERE rota_id = 1") == total)
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada WHERE rota_id = 1") == total)
                // Finalized: uploads get GSAN's exact message.
                let lido = EscritaRetorno.imovel(try #require(celular.rota.map { celular.ler($0.imoveis[0], rota: $0, vez: 0) }))
                let depois = try post(c, .atualizarMovimento(texto: Array(lido.utf8)))
                #expect(depois.corpo == Array("#mensagem=O arquivo a ser processado ja foi finalizado.".utf8))
                // The batches were enqueued in the storing transactions.
                #expect(try JobRecords.count(JobFilter(kind: "campo.rota"), db: db) >= 1)
                #expect(servidor.processo.isRunning)
            }
        }
    }

    @Test func reenvioEIdempotenteEReleituraVoltaNaResposta() async throws {
        do {
            try await withRota { db, url in
                let servidor = try ServidorTeste(url: url)
                _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
                let celular = Celular(host: "127.0.0.1", porta: servidor.porta, config: Celular.Configuracao(imei: imeiSeed, semente: 3, dataLeitura: diaLeitura))
                try celular.baixar()
                let rota = try #require(celular.rota)
                let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
                let um = EscritaRetorno.imovel(celular.ler(rota.imoveis[0], rota: rota, vez: 0))
                for _ in 0..<3 { #expect(try post(c, .atualizarMovimento(texto: Array(um.utf8))).corpo == [0x2A]) }
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == 1)
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefat_catg") == rota.imoveis[0].economias.count)
                // A re-read request rides on the next upload's answer, once.
                let alvo = rota.imoveis[1].matricula
                _ = try OperacaoCampo.releitura(imovel: alvo, db: db)
                let dois = EscritaRetorno.imovel(celular.ler(rota.imoveis[2], rota: rota, vez: 0))
                #expect(try post(c, .atualizarMovimento(texto: Array(dois.utf8))).corpo == Array("*imoveis=\(alvo)".utf8))
                #expect(try post(c, .atualizarMovimento(texto: Array(dois.utf8))).corpo == [0x2A])
                let relido = EscritaRetorno.imovel(celular.ler(rota.imoveis[1], rota: rota, vez: 1))
                #expect(try post(c, .atualizarMovimento(texto: Array(relido.utf8))).corpo == [0x2A])
                #expect(try valor(db, "SELECT count(*) FROM micromedicao.releitura_mobile WHERE remo_icreleitura = 1 AND imov_id = $1", [alvo]) == 1)
            }
        }
    }

    /// `texto` with field `campo` (counted from 1, as §3.2 does) of every record `registro` replaced.
    func trocar(_ texto: String, registro: String, campo: Int, por valor: String) -> String {
        texto.split(separator: "\n").map { linha in
            var campos = linha.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if campos.first == registro, campo - 1 < campos.count { campos[campo - 1] = valor }
            return campos.joined(separator: "|")
        }.joined(separator: "\n") + "\n"
    }

    @Test func checagensEGuardasRecusamSemGravarNada() async throws {
        do {
            try await withRota { db, url in
                let servidor = try ServidorTeste(url: url)
                _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
                let celular = Celular(host: "127.0.0.1", porta: servidor.porta, config: Celular.Configuracao(imei: imeiSeed, semente: 5, dataLeitura: diaLeitura))
                try celular.baixar()
                let rota = try #require(celular.rota)
                let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
                let bom = EscritaRetorno.imovel(celular.ler(rota.imoveis[0], rota: rota, vez: 0))
                let mat = rota.imoveis[0].matricula
                func enviar(_ s: String) throws -> [UInt8] { try post(c, .atualizarMovimento(texto: Array(s.utf8))).corpo }
                // Each of GSAN's checks: `#`, a report kept, nothing stored.
                let casos: [(String, String)] = [
                    (bom.replacingOccurrences(of: "|\(mat)|1|062025|", with: "|\(mat)|3|062025|"), "FS0003"),
                    (bom.replacingOccurrences(of: "2025-06-05", with: "2025-09-05"), "FS0004"),
                    (bom.replacingOccurrences(of: "|2025-06-05 ", with: "|05/06/2025 "), "FORMATO"),
                    ("2|\(mat)|1|0|1,00|1|1,00|1|0,00|0|0,00|0|\n", "FS0008"),
                    ("9|\(mat)|\n", "FS0009"),
                    (bom + "4|\(mat)|77|IR|1,50|0,10|\n", "FS0010"),
                    // Codes no foreign key stops any more (0032): the upload's read checks them.
                    (trocar(bom, registro: "1", campo: 9, por: "999"), "FS0005"),
                    (trocar(bom, registro: "1", campo: 18, por: "999"), "FS0012"),
                    (trocar(bom, registro: "2", campo: 3, por: "99"), "FS0011"),
                    (trocar(bom, registro: "1", campo: 17, por: "99"), "CADASTRO"),
                ]
                for (corpo, codigo) in casos {
                    #expect(try enviar(corpo) == [0x23], "\(codigo)")
                    let ultimo = try texto(db, "SELECT rtin_inconsistencias::text FROM micromedicao.retorno_inconsistencia ORDER BY rtin_id DESC LIMIT 1")
                    #expect(ultimo?.contains(codigo) == true, "\(codigo): \(ultimo ?? "-")")
                }
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == 0)
                // Another referência than the group's: GSAN's message, nothing stored.
                let outraRef = bom.replacingOccurrences(of: "|062025|", with: "|052025|")
                #expect(try enviar(outraRef) == Array("#mensagem=O grupo a ser processado ja foi faturado.".utf8))
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == 0)
                // An imóvel that does not exist.
                #expect(try enviar(bom.replacingOccurrences(of: "1|\(mat)|", with: "1|99999999|").replacingOccurrences(of: "2|\(mat)|", with: "2|99999999|")) == [0x23])
                let relatorios = try OperacaoCampo.inconsistencias(rota: nil, limite: 50, db: db)
                #expect(relatorios.count == casos.count + 2)
                // The good one is stored.
                #expect(try enviar(bom) == [0x2A])
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == 1)
            }
        }
    }

    @Test func pedidosRuinsRecebemCerquilhaEOServidorContinua() async throws {
        do {
            try await withRota { db, url in
                let servidor = try ServidorTeste(url: url)
                let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
                #expect(try c.post(caminho, []).corpo == [0x23])  // empty
                #expect(try c.post(caminho, [99, 1, 2, 3]).corpo == [0x23])  // unknown code
                #expect(try c.post(caminho, [13, 0, 0, 1]).corpo == [0x23])  // truncated IMEI
                #expect(try c.post(caminho, [1] + Array("lixo sem pipe".utf8)).corpo == [0x23])
                #expect(try c.post(caminho, [2, 0, 0]).corpo == [0x23])
                // A body over the limit (1 MiB in these tests) is refused unread, the connection closed.
                let grande = try c.post(caminho, [1] + [UInt8](repeating: 0x41, count: 2 << 20))
                #expect(grande.corpo == [0x23] && grande.cabecalhos["connection"]?.lowercased() == "close")
                // A truncated upload (Content-Length larger than what arrives, then the client gives up).
                let t = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
                _ = try? t.bruto(Array("POST \(caminho) HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n\u{01}1|2|".utf8) + [])
                t.fechar()
                // Still alive and answering.
                #expect(try c.post(caminho, CodecPedido.codificar(.ping(imei: imeiSeed))).corpo == [0x2A])
                #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == 0)
                #expect(servidor.processo.isRunning)
            }
        }
    }
}
