import Contratos
import Documentos
import Foundation
import GSANModel
import GSANSupport
import Postgres
import TestSupport
import Testing

/// SIMULAR and EMITIR on a generated utility, each job as the worker runs it.
@Suite(.serialized) struct EmissaoTests {
    static let imoveis = 3_000

    /// Written independently of the worker: imóveis of group 1 whose open bills overdue by more
    /// than the 5 days of the parameter (not under review, not paid) add up to at least the aviso's
    /// 30,00, água ligada (3), esgoto 1 or 3, no situação de cobrança — then each rota's quantity
    /// of the highest debts.
    static let avisoEsperadoSQL = """
        WITH abertas AS (
            SELECT c.imov_id, count(*) AS n,
                   sum(c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos) AS v
            FROM faturamento.conta c
            WHERE c.dcst_idatual IN (0, 1, 2) AND c.cmrv_id IS NULL AND c.cnta_dtvencimentoconta < $1::date - 5
              AND c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos > 0
              AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            GROUP BY 1),
        selecao AS (
            SELECT m.imov_id, a.v, r.rota_id, x.racc_qtmaximadocumentos AS limite,
                   row_number() OVER (PARTITION BY r.rota_id ORDER BY a.v DESC, COALESCE(m.imov_nnsequencialrota, 0), m.imov_id) AS posicao
            FROM cadastro.imovel m JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
            JOIN micromedicao.rota r ON r.rota_id = COALESCE(m.rota_idalternativa, q.rota_id)
            JOIN cobranca.rota_acao_criterio x ON x.rota_id = r.rota_id AND x.cbac_id = 1
            JOIN abertas a ON a.imov_id = m.imov_id
            WHERE r.cbgr_id = 1 AND m.last_id = 3 AND m.lest_id IN (1, 3) AND m.cbst_id IS NULL AND m.cbsp_id IS NULL
              AND a.v >= 30)
        SELECT imov_id FROM selecao WHERE posicao <= limite ORDER BY imov_id
        """

    /// Every rota in group 1, so one activity spans several rotas.
    static func umGrupo(_ db: PostgresConnection) throws {
        try db.execute("UPDATE micromedicao.rota SET cbgr_id = 1")
    }

    @Test func simularCountsWhatEmitirThenIssuesAndTheFilesMatchTheirLayout() async throws {
        try await withUtility(imoveis: Self.imoveis) { db, _, arquivos in
            try Self.umGrupo(db)
            let simular = try atividade(db, grupo: 1, acao: 1, atividade: 1)
            let emitir = try atividade(db, grupo: 1, acao: 1, atividade: 2)
            let dataBase = try db.query("SELECT caac_dtprevista FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1", [emitir])[0]
                .decode(CivilDate.self, at: 0)
            let esperados = try inteiros(db, Self.avisoEsperadoSQL, [dataBase])
            #expect(esperados.count > 100, "o cenário deve selecionar imóveis")

            let simulado = try executar(db, .cronograma(simular), arquivos: arquivos)
            #expect(simulado.simulacao && simulado.rotas.count >= 3)
            #expect(try contar(db, "SELECT count(*) FROM cobranca.cobranca_documento") == 0, "SIMULAR não emite")
            #expect(try inteiros(db, "SELECT imov_id FROM cobranca.documento_selecionado WHERE caac_id = $1 ORDER BY 1", [simular]) == esperados)

            let emitido = try executar(db, .cronograma(emitir), arquivos: arquivos)
            #expect(!emitido.simulacao)
            #expect(emitido.documentos == simulado.documentos && emitido.itens == simulado.itens && emitido.valor == simulado.valor)
            #expect(emitido.rotas == simulado.rotas)
            #expect(try inteiros(db, "SELECT imov_id FROM cobranca.cobranca_documento WHERE caac_id = $1 ORDER BY 1", [emitir]) == esperados)
            let (documentos, itens, valor) = try db.query(
                """
                SELECT count(DISTINCT d.cbdo_id)::int, count(i.cdit_id)::int, (SELECT sum(cbdo_vldocumento + cbdo_vlacrescimos)
                    FROM cobranca.cobranca_documento WHERE caac_id = $1)
                FROM cobranca.cobranca_documento d JOIN cobranca.cobranca_documento_item i USING (cbdo_id) WHERE d.caac_id = $1
                """, [emitir])[0].decode((Int, Int, Centavos).self)
            #expect(documentos == emitido.documentos && itens == emitido.itens && valor == emitido.valor)
            let caac = try db.query(
                "SELECT caac_qtdocumentos, caac_qtitenscobrados, caac_vldocumentos FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1",
                [emitir])[0].decode((Int, Int, Centavos).self)
            #expect(caac.0 == documentos && caac.1 == itens && caac.2 == valor)
            // The aviso has no service: no orders.
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico") == 0)
            // Numbers: the rota and the position, 1..n in each rota.
            #expect(try contar(
                db,
                """
                SELECT count(*) FROM (SELECT cbdo_nnsequenciadocumento % 100000 AS p,
                    row_number() OVER (PARTITION BY cbdo_nnsequenciadocumento / 100000 ORDER BY cbdo_nnsequenciadocumento) AS n
                    FROM cobranca.cobranca_documento WHERE caac_id = $1) x WHERE p <> n
                """, [emitir]) == 0)

            for rota in emitido.rotas where rota.documentos > 0 {
                let pdf = arquivos.caminho(.cronograma(emitir), rota: rota.rota, extensao: "pdf")
                let texto = arquivos.caminho(.cronograma(emitir), rota: rota.rota, extensao: "txt")
                #expect(try paginasPDF(pdf.path) == rota.documentos)
                let linhas = try String(contentsOf: texto, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                #expect(linhas.last == "", "cada registro termina em \\n")
                let registros = linhas.dropLast()
                #expect(registros.filter { $0.hasPrefix("01") }.count == rota.documentos)
                #expect(registros.filter { $0.hasPrefix("02") }.count == rota.itens)
                #expect(registros.last?.hasPrefix("09") == true && registros.filter { $0.hasPrefix("09") }.count == 1)
                for registro in registros {
                    let largura = switch registro.prefix(2) { case "01": 208; case "02": 55; default: 42 }
                    #expect(registro.utf8.count == largura && registro.allSatisfy(\.isASCII), "\(registro)")
                }
                let trailer = registros.last!
                #expect(Int(trailer.dropFirst(2).prefix(9)) == rota.rota)
                #expect(Int(trailer.dropFirst(11).prefix(7)) == rota.documentos)
                #expect(Int64(trailer.dropFirst(27).prefix(15)) == rota.valor.value)
                // Rendered again: the same bytes.
                let antes = (try Data(contentsOf: pdf), try Data(contentsOf: texto))
                _ = try db.withTransaction {
                    try Arquivos(diretorio: arquivos, logger: quietLogger).gerar(ParteArquivo(comando: .cronograma(emitir), rota: rota.rota), db: $0)
                }
                #expect(try Data(contentsOf: pdf) == antes.0 && Data(contentsOf: texto) == antes.1)
                #expect(try FileManager.default.contentsOfDirectory(atPath: pdf.deletingLastPathComponent().path).allSatisfy { !$0.hasPrefix(".") },
                        "nenhum arquivo temporário fica para trás")
            }

            // Issued once per command × imóvel: running a rota again fails whole and changes nothing.
            let contexto = try db.withTransaction { try ContextoComando.carregar(.cronograma(emitir), db: $0) }
            let parte = try contexto.rotas(db: db)[0]
            #expect(throws: PostgresError.self) {
                try db.withTransaction { try SelecaoRota(logger: quietLogger).processar(parte, contexto: contexto, db: $0) }
            }
            #expect(try contar(db, "SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id = $1", [emitir]) == documentos)
        }
    }

    /// An eventual command over all rotas of the utility (no group), EMITIR of the aviso.
    static func comandoEventual(_ db: PostgresConnection, maximo: Int?, atividade: Int = 2) throws -> Int {
        try db.query(
            """
            INSERT INTO cobranca.cobranca_acao_ativ_cmd (cbac_id, cbat_id, cacm_dstitulo, cacm_tmcomando, cacm_dtprevista,
                cacm_qtmaximadocumentos)
            VALUES (1, $2, 'AVISO EVENTUAL', now(), DATE '2025-06-02', $1) RETURNING cacm_id
            """, [maximo, atividade])[0].decode(Int.self, at: 0)
    }

    @Test func theCommandsMaximumKeepsTheSameDocumentsWhateverTheOrderTheRotasRan() async throws {
        try await withUtility(imoveis: Self.imoveis) { db, _, arquivos in
            try Self.umGrupo(db)
            let todos = try Self.comandoEventual(db, maximo: nil)
            try executar(db, .eventual(todos), arquivos: arquivos)
            let selecao = try db.query(
                """
                SELECT imov_id, dcsl_vldocumento, dcsl_nnordemrota, dcsl_nnsequencia FROM cobranca.documento_selecionado
                WHERE cacm_id = $1
                """, [todos]
            ).map { try $0.decode((Int, Centavos, Int, Int).self) }
            #expect(selecao.count > 100)
            let maiores = selecao.sorted { ($0.1, -$0.2, -$0.3, -$0.0) > ($1.1, -$1.2, -$1.3, -$1.0) }.prefix(25).map(\.0).sorted()
            let primeiros = selecao.sorted { ($0.2, $0.3, $0.0) < ($1.2, $1.3, $1.0) }.prefix(25).map(\.0).sorted()

            // With "seleção ordenando por valor decrescente": the 25 highest debts, in either rota order.
            try db.execute("UPDATE cobranca.cobranca_acao SET cbac_icordmaiorvlr = 1 WHERE cbac_id = 1")
            let emOrdem = try Self.comandoEventual(db, maximo: 25)
            let invertido = try Self.comandoEventual(db, maximo: 25)
            let r1 = try executar(db, .eventual(emOrdem), arquivos: arquivos)
            let r2 = try executar(db, .eventual(invertido), arquivos: arquivos, ordemDasRotas: { $0.reversed() })
            let documentos = "SELECT imov_id FROM cobranca.cobranca_documento WHERE cacm_id = $1 ORDER BY 1"
            #expect(try inteiros(db, documentos, [emOrdem]) == maiores)
            #expect(try inteiros(db, documentos, [invertido]) == maiores)
            #expect(r1.documentos == 25 && r1.excedentesCancelados == selecao.count - 25 && r1.valor == r2.valor)
            #expect(try contar(db, "SELECT count(*) FROM cobranca.documento_selecionado WHERE cacm_id = $1 AND dcsl_icexcedente = 1",
                               [emOrdem]) == selecao.count - 25)
            // The files carry the kept documents only.
            let paginas = try r1.rotas.filter { $0.documentos > 0 }.map {
                try paginasPDF(arquivos.caminho(.eventual(emOrdem), rota: $0.rota, extensao: "pdf").path)
            }
            #expect(paginas.reduce(0, +) == 25)

            // Without it: the first 25 in rota and imóvel order.
            try db.execute("UPDATE cobranca.cobranca_acao SET cbac_icordmaiorvlr = 2, cbac_icusaordenamentoeven = 2 WHERE cbac_id = 1")
            let semOrdem = try Self.comandoEventual(db, maximo: 25)
            try executar(db, .eventual(semOrdem), arquivos: arquivos, ordemDasRotas: { $0.reversed() })
            #expect(try inteiros(db, documentos, [semOrdem]) == primeiros)
            #expect(maiores != primeiros)
        }
    }

    @Test func anOrderAfterItsPredecessorGetsServiceOrdersDueInBusinessDays() async throws {
        try await withUtility(imoveis: Self.imoveis) { db, _, arquivos in
            try Self.umGrupo(db)
            let aviso = try atividade(db, grupo: 1, acao: 1, atividade: 2)
            let visita = try atividade(db, grupo: 1, acao: 34, atividade: 2)
            // Before the aviso: no visita (the predecessor's document is missing).
            let antes = try executar(db, .cronograma(visita), arquivos: arquivos)
            #expect(antes.documentos == 0)
            try db.execute("DELETE FROM cobranca.documento_rota WHERE caac_id = $1", [visita])
            try db.execute("DELETE FROM cobranca.documento_selecionado WHERE caac_id = $1", [visita])

            try executar(db, .cronograma(aviso), arquivos: arquivos)
            // A state holiday of the utility's UF counts; another city's municipal holiday does not.
            try db.execute(
                """
                INSERT INTO feriado (data, descricao, abrangencia, uf, municipio) VALUES
                    ('2025-06-13', 'FERIADO ESTADUAL DE TESTE', 'E', 'PE', NULL),
                    ('2025-06-16', 'FERIADO DE OUTRA CIDADE', 'M', 'PE', 'OUTRA CIDADE')
                """)
            let resultado = try executar(db, .cronograma(visita), arquivos: arquivos)
            #expect(resultado.documentos > 10)
            let semAviso = try contar(
                db,
                """
                SELECT count(*) FROM cobranca.cobranca_documento v WHERE v.caac_id = $1
                  AND NOT EXISTS (SELECT 1 FROM cobranca.cobranca_documento a WHERE a.caac_id = $2 AND a.imov_id = v.imov_id)
                """, [visita, aviso])
            #expect(semAviso == 0, "a visita só vai a imóveis com aviso válido")
            // Visita de cobrança (1011, 5 days): issued Thursday 12/06/2025; Friday 13 a state holiday,
            // then the weekend: 16, 17, 18, 19, 20 — due Friday 20/06.
            let ordens = try db.query(
                """
                SELECT count(*)::int, count(DISTINCT o.orse_dtprazoencerramento)::int, min(o.orse_dtprazoencerramento),
                       bool_and(o.svtp_id = 1011 AND o.orse_cdsituacao = 1 AND o.imov_id = d.imov_id),
                       count(u.osun_id)::int, bool_and(d.empr_id IS NOT NULL AND d.cese_id IS NOT NULL)
                FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                LEFT JOIN atendimentopublico.ordem_servico_unidade u ON u.orse_id = o.orse_id
                WHERE d.caac_id = $1
                """, [visita])[0]
            #expect(try ordens.decode(Int.self, at: 0) == resultado.documentos)
            #expect(try ordens.decode(Int.self, at: 1) == 1 && ordens.decode(CivilDate.self, at: 2) == CivilDate(iso: "2025-06-20"))
            #expect(try ordens.decode(Bool.self, at: 3) && ordens.decode(Int.self, at: 4) == resultado.documentos)
            #expect(try ordens.decode(Bool.self, at: 5), "empresa e contrato do grupo")
        }
    }
}

@Suite(.serialized) struct FalhaDeRotaTests {
    /// The service orders of one rota fail (a trigger stands in for any error after its documents
    /// were inserted): that rota's transaction leaves nothing, the other rotas issue theirs, and
    /// the rota run again once the cause is gone issues its documents once.
    @Test func aFailingRotaLeavesNoneOfItsDocumentsAndTheOthersGoOn() async throws {
        try await withUtility(imoveis: 3_000) { db, _, arquivos in
            try EmissaoTests.umGrupo(db)
            try executar(db, .cronograma(try atividade(db, grupo: 1, acao: 1, atividade: 2)), arquivos: arquivos)
            let visita = try atividade(db, grupo: 1, acao: 34, atividade: 2)
            let contexto = try db.withTransaction { try ContextoComando.carregar(.cronograma(visita), db: $0) }
            let partes = try contexto.rotas(db: db)
            #expect(partes.count >= 3)
            let falha = partes[1].rota
            try db.executeScript(
                """
                CREATE FUNCTION pg_temp.falhar() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT COALESCE(m.rota_idalternativa, q.rota_id) FROM cadastro.imovel m JOIN cadastro.quadra q USING (qdra_id)
                        WHERE m.imov_id = NEW.imov_id) = \(falha) THEN
                        RAISE EXCEPTION 'falha simulada na rota %', \(falha);
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER falhar BEFORE INSERT ON atendimentopublico.ordem_servico
                    FOR EACH ROW EXECUTE FUNCTION pg_temp.falhar();
                """)
            var falhas: [Int] = []
            for parte in partes {
                do {
                    _ = try db.withTransaction { try SelecaoRota(logger: quietLogger).processar(parte, contexto: contexto, db: $0) }
                } catch {
                    falhas.append(parte.rota)
                }
            }
            #expect(falhas == [falha])
            let porRota = """
                SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id = $1 AND cbdo_nnsequenciadocumento / 100000 = $2
                """
            #expect(try contar(db, porRota, [visita, falha]) == 0, "nada da rota que falhou")
            #expect(try contar(db, "SELECT count(*) FROM cobranca.documento_selecionado WHERE caac_id = $1 AND rota_id = $2", [visita, falha]) == 0)
            for parte in partes where parte.rota != falha {
                #expect(try contar(db, porRota, [visita, parte.rota]) > 0, "rota \(parte.rota) emitiu")
            }
            try db.execute("DROP TRIGGER falhar ON atendimentopublico.ordem_servico")
            let resumo = try db.withTransaction {
                try SelecaoRota(logger: quietLogger).processar(partes[1], contexto: contexto, db: $0)
            }
            let emitidos = try contar(db, porRota, [visita, falha])
            #expect(resumo.documentosEmitidos > 0 && emitidos == resumo.documentosEmitidos)
            #expect(try contar(
                db, "SELECT count(*) FROM cobranca.cobranca_documento d WHERE caac_id = $1 AND NOT EXISTS (SELECT 1 FROM atendimentopublico.ordem_servico o WHERE o.cbdo_id = d.cbdo_id)",
                [visita]) == 0, "cada documento da visita com a sua OS")
        }
    }
}
