import Campo
import CampoRegras
import CelularSimulado
import Foundation
import Postgres
import ProtocoloCampo
import Testing
import TestSupport

/// The server's protections against a phone (or anything else) that sends too much, through
/// real HTTP on loopback against the real `gsan-campo servir` process: the per-IMEI rate
/// limit (`LimitadorPedidos`; per client address for packet 1, which carries no IMEI) and the
/// body limit with a 50 MiB upload. Each refusal is the protocol's error answer (`#`), logged,
/// with nothing stored, and the other phones are served as before.
@Suite(.serialized) struct CampoLimitesTests {
    func post(_ c: ClienteHTTP, _ pedido: Pedido) throws -> [UInt8] {
        try c.post(caminho, CodecPedido.codificar(pedido)).corpo
    }

    func situacao(_ db: PostgresConnection) throws -> String? {
        try texto(db, "SELECT s.sitl_dssituacaotransmissao FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.situacao_transmissao_leitura s USING (sitl_id) WHERE a.rota_id = 1")
    }

    /// What a refused request could have written: the stored readings, the refusal reports,
    /// the re-read requests, the batches.
    func gravados(_ db: PostgresConnection) throws -> [Int] {
        try ["faturamento.mov_conta_prefaturada", "micromedicao.retorno_inconsistencia", "micromedicao.retorno_processamento",
             "micromedicao.releitura_mobile"].map { try valor(db, "SELECT count(*)::int FROM \($0)") }
    }

    @Test func limitePorIMEIRecusaComCerquilhaSemGravarEOsOutrosContinuam() async throws {
        try await withRota { db, url in
            let limite = 6
            let servidor = try ServidorTeste(url: url, extras: ["--pedidos-por-minuto", "\(limite)"])
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
            // Phone A (the file's IMEI): version, download, then pings up to the limit…
            #expect(try post(c, .verificarVersao(imei: imeiSeed)).first == Resposta.ok)
            #expect(try post(c, .baixarRota(imei: imeiSeed)).starts(with: Array("*tipoArquivo=G&arquivoRoteiro=".utf8)))
            for _ in 2..<limite { #expect(try post(c, .ping(imei: imeiSeed)) == [Resposta.ok]) }
            // …so its "route loaded" (packet 10) is refused: `#`, and the file stays LIBERADO.
            let antes = try gravados(db)
            #expect(try post(c, .rotaCarregada(imei: imeiSeed)) == [Resposta.erro])
            #expect(try situacao(db) == "LIBERADO")
            #expect(try post(c, .ping(imei: imeiSeed)) == [Resposta.erro])
            #expect(try post(c, .baixarRota(imei: imeiSeed)) == [Resposta.erro])
            #expect(try gravados(db) == antes)
            // Phone B: the reader now carries another phone (the LIBERADO file follows it); B is
            // served in full, database work included, while A stays refused.
            let imeiB = imeiSeed + 1
            let leitor = try valor(db, "SELECT leit_id FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1")
            _ = try OperacaoCampo.leiturista(id: leitor, imei: String(imeiB), nome: nil, rotas: [], db: db)
            var config = Celular.Configuracao(imei: imeiB, semente: 13, dataLeitura: diaLeitura)
            config.pingar = false
            let celularB = Celular(host: "127.0.0.1", porta: servidor.porta, config: config)
            try celularB.baixar()  // packets 12, 13 and 10
            #expect(try situacao(db) == "EM CAMPO")
            #expect(try post(c, .ping(imei: imeiSeed)) == [Resposta.erro])
            // Packet 1 carries no IMEI: its allowance is the client address's. The first `limite`
            // uploads are stored; the next one is refused with `#` and stores nothing.
            let rota = try #require(celularB.rota)
            try #require(rota.imoveis.count > limite + 1)
            let envio = { (k: Int) in Array(EscritaRetorno.imovel(celularB.ler(rota.imoveis[k], rota: rota, vez: 0)).utf8) }
            for k in 0..<limite { #expect(try post(c, .atualizarMovimento(texto: envio(k))) == [Resposta.ok], "envio \(k)") }
            let guardados = try gravados(db)
            #expect(guardados[0] >= limite)
            #expect(try post(c, .atualizarMovimento(texto: envio(limite))) == [Resposta.erro])
            #expect(try gravados(db) == guardados)
            #expect(try valor(db, "SELECT count(*)::int FROM faturamento.mov_conta_prefaturada WHERE imov_id = $1", [rota.imoveis[limite].matricula]) == 0)
            // The address's bucket is not the phones': B still pings, A still does not.
            #expect(try post(c, .ping(imei: imeiB)) == [Resposta.ok])
            #expect(try post(c, .ping(imei: imeiSeed)) == [Resposta.erro])
            #expect(servidor.processo.isRunning)
            #expect(servidor.processo.log.contains("campo: limite de pedidos"))
        }
    }

    @Test func corpoDe50MiBRecebeCerquilhaNadaGravadoEOServidorSegue() async throws {
        try await withRota { db, url in
            // The server's own default body limit (16 MiB), as it runs in production.
            let servidor = try ServidorTeste(url: url, limiteCorpo: nil)
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            var config = Celular.Configuracao(imei: imeiSeed, semente: 17, dataLeitura: diaLeitura)
            config.pingar = false
            let celular = Celular(host: "127.0.0.1", porta: servidor.porta, config: config)
            try celular.baixar()
            let rota = try #require(celular.rota)
            let bom = Array(EscritaRetorno.imovel(celular.ler(rota.imoveis[0], rota: rota, vez: 0)).utf8)
            // A packet 1 of valid imóvel records repeated to 50 MiB: refused unread.
            var enorme: [UInt8] = [1]
            enorme.reserveCapacity(50 << 20)
            while enorme.count < 50 << 20 { enorme += bom }
            let antes = try gravados(db)
            let c = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
            let r = try c.post(caminho, enorme)
            #expect(r.status == 200 && r.corpo == [Resposta.erro] && r.cabecalhos["content-length"] == "1")
            #expect(r.cabecalhos["connection"]?.lowercased() == "close")
            #expect(try gravados(db) == antes)
            #expect(servidor.processo.log.contains("campo: corpo grande demais"))
            // The server is alive and the same imóvel, alone, is stored.
            let outro = ClienteHTTP(host: "127.0.0.1", porta: servidor.porta)
            #expect(try outro.post(caminho, [1] + bom).corpo == [Resposta.ok])
            #expect(try valor(db, "SELECT count(*)::int FROM faturamento.mov_conta_prefaturada WHERE imov_id = $1", [rota.imoveis[0].matricula]) >= 1)
            #expect(servidor.processo.isRunning)
        }
    }
}
