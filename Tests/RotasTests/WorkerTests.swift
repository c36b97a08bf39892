import Contratos
import Foundation
import JobRuntime
import Postgres
import Rotas
import RotasRegras
import TestSupport
import Testing

@Suite(.serialized) struct RotasProcessTests {
    /// `gsan rotas gerar --aguardar` with two worker processes, then what an operator and a phone see.
    @Test func geracaoPelaLinhaDeComandoComDoisWorkers() async throws {
        try await withUtility(imoveis: 4000) { db, url, configuracao in
            let workers = try RotasWorkers(databaseURL: url, pasta: configuracao.pasta, family: "rotas")
            defer { workers.tearDown() }
            try workers.start()
            try workers.start()
            let gerar = try workers.gsan(["rotas", "gerar", "--grupo-faturamento", "4", "--referencia", "06/2025", "--aguardar", "--limite", "90"])
            #expect(gerar.status == 0, "\(gerar.log)\n\(workers.logs)")
            // Rota 4 has a limit of 300 imóveis: its parts are listed after its whole file.
            #expect(gerar.log.contains("4     G0040010010004202506A         -"), "\(gerar.log)")
            #expect(gerar.log.contains("4     G0040010010004202506A_01      1      "), "\(gerar.log)")
            #expect(gerar.log.contains("1 rotas, "), "\(gerar.log)")

            // The phone asks with its IMEI: the split rota's first part (the whole file has no IMEI).
            let saida = configuracao.pasta + "/recebido.gz"
            let arquivo = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001", "--saida", saida])
            #expect(arquivo.status == 0 && arquivo.log.hasPrefix("G0040010010004202506A_01: rota 4, grupo 4, referência 06/2025, parte 1 de "), "\(arquivo.log)")
            #expect(bytes(saida) == bytes(configuracao.pasta + "/202506/G0040010010004202506A_01.gz"))
            // People's data: 0640 files in 0750 folders; --saida never overwrites without --substituir,
            // never follows a symbolic link.
            func modo(_ caminho: String) throws -> Int {
                try #require(try FileManager.default.attributesOfItem(atPath: caminho)[.posixPermissions] as? Int)
            }
            #expect(try modo(configuracao.pasta + "/202506/G0040010010004202506A_01.gz") == 0o640)
            #expect(try modo(configuracao.pasta + "/202506") == 0o750)
            #expect(try modo(saida) == 0o640)
            let denovo = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001", "--saida", saida])
            #expect(denovo.status == 1 && denovo.log.contains("erro: \(saida) já existe: use --substituir para trocá-lo"), "\(denovo.log)")
            let alvo = configuracao.pasta + "/alvo-do-link"
            try Data("intocado".utf8).write(to: URL(fileURLWithPath: alvo))
            try FileManager.default.createSymbolicLink(atPath: configuracao.pasta + "/link", withDestinationPath: alvo)
            for extra in [[], ["--substituir"]] {
                let link = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001", "--saida", configuracao.pasta + "/link"] + extra)
                #expect(link.status == 1 && link.log.contains("é um link simbólico: não é seguido"), "\(link.log)")
            }
            #expect(String(decoding: bytes(alvo) ?? [], as: UTF8.self) == "intocado")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: saida)
            let substituido = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001", "--saida", saida, "--substituir"])
            #expect(substituido.status == 0 && bytes(saida) == bytes(configuracao.pasta + "/202506/G0040010010004202506A_01.gz"), "\(substituido.log)")
            #expect(try modo(saida) == 0o640)
            let semPasta = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001", "--saida", "/nao/existe/arquivo.gz"])
            #expect(semPasta.status == 1 && semPasta.log.contains("não foi possível criar /nao/existe/.arquivo.gz."), "\(semPasta.log)")

            let desconhecido = try workers.gsan(["rotas", "arquivo", "--imei", "123456789012345"])
            #expect(desconhecido.status == 1 && desconhecido.log.contains("Nenhum leiturista cadastrado com o IMEI 123456789012345."))

            try db.execute("UPDATE micromedicao.arquivo_texto_rota_parte SET sitl_id = 3")
            let emCampo = try workers.gsan(["rotas", "arquivo", "--imei", "359881030000001"])
            #expect(emCampo.status == 1 && emCampo.log.contains("Nenhum arquivo DISPONÍVEL para o leiturista LEITURISTA PADRAO: rota 4 de 06/2025 EM CAMPO."), "\(emCampo.log)")
            let regerar = try workers.gsan(["rotas", "gerar", "--grupo-faturamento", "4", "--referencia", "06/2025", "--aguardar", "--limite", "90"])
            #expect(regerar.status == 0 && regerar.log.contains("rota 4 bloqueado: O arquivo da rota 4 de 06/2025 já está EM CAMPO: só um arquivo DISPONÍVEL pode ser gerado de novo."), "\(regerar.log)")
        }
    }

    /// A worker SIGKILLed inside a rota's transaction, after it wrote the files and before its
    /// row committed: the job is redelivered to another process, which writes the same bytes
    /// and the row an uninterrupted run writes.
    @Test func workerMortoNoMeioDaRotaDaOMesmoArquivo() async throws {
        let referencia = try await withUtility(imoveis: 1700) { db, _, configuracao in
            try gerar(db, configuracao, grupo: 2, rota: 2)
        }
        let (resultado, tentativas, antes, depois, linha) = try await withUtility(imoveis: 1700) { db, url, configuracao in
            let workers = try RotasWorkers(databaseURL: url, pasta: configuracao.pasta)
            defer { workers.tearDown() }
            let primeiro = try workers.start()
            // An uncommitted row for the same rota and reference: the job's insert waits on it.
            let bloqueio = try connect(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute(
                """
                INSERT INTO micromedicao.arquivo_texto_rota (txre_amreferencia, ftgr_id, rota_id, loca_id, txre_cdsetorcomercial,
                    txre_cdrota, txre_qtimovel, txre_nmarquivo, txre_nntamanho, txre_nnsha256, txre_artexto)
                VALUES (202506, 2, 2, 1, 1, 2, 1, 'G0020010010002202506A', 1, repeat('0', 64), '\\x00')
                """)
            let pai = "rotas:teste-morte"
            try workers.enqueue(JobSpec(id: pai, kind: workers.kind(CadeiaFechamento.rotas), payload: PedidoRotas(grupoFaturamento: 2, referencia: 202506)))
            let filho = RotasJobs.idRota(pai, rota: 2)
            let caminho = configuracao.pasta + "/202506/G0020010010002202506A.gz"
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: filho).state == "running" && FileManager.default.fileExists(atPath: caminho)
                    && inteiros(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == [1]
            }
            #expect(preso, "o job da rota deveria estar bloqueado no insert\n\(workers.logs)")
            let antes = bytes(caminho)
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(pai), "\(workers.logs)")
            let linhas = try db.query("SELECT txre_nnsha256, txre_artexto FROM micromedicao.arquivo_texto_rota WHERE rota_id = 2")
            #expect(linhas.count == 1)
            let linha = (try linhas[0].decode(String.self, at: 0), try linhas[0].decode([UInt8].self, at: 1))
            return (
                try #require(try JobRecords.byID(filho, db: db)?.result),
                try workers.state(of: filho).attempts, antes, bytes(caminho), linha
            )
        }
        #expect(tentativas == 2, "a rota interrompida roda de novo, uma vez")
        #expect(antes != nil && antes == depois, "o arquivo regravado é idêntico byte a byte")
        #expect(linha.0 == referencia.sha256 && linha.1 == depois, "a linha gravada é a de uma execução sem interrupção")
        #expect(try Gzip.descomprimir(#require(depois)).count == referencia.bytes)
        #expect(resultado.contains("\"sha256\": \"\(referencia.sha256!)\""), "\(resultado)")
    }
}
