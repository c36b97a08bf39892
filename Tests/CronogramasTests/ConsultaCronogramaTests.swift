import Contratos
import Cronogramas
import Foundation
import GSANCobranca
import GSANModel
import JobRuntime
import Testing

@Suite("gsan cronograma mostrar, listar e relatorio")
struct ConsultaCronogramaTests {
    /// Seed 003's model report: the schedule of its screens, EMITIR of AVISO DE CORTE commanded at
    /// 11:57:36 and realized at 12:48:00 of 19/10/2013 (Brasília), printed 29/05/2014 09:11:47.
    @Test func theReportOfAKnownSchedule() async throws {
        try await comFixture { banco in
            let pedido = Fixture.inclusaoDaSeed(comandar: ["1/2"])
            #expect(try await banco.inserir(pedido).mensagens.count == 1)
            try await banco.executar(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg
                SET caac_tmcomando = '2013-10-19 11:57:36-03', caac_tmrealizacao = '2013-10-19 12:48:00-03'
                WHERE caac_tmcomando IS NOT NULL
                """)
            let emissao = try #require(ISO8601DateFormatter().date(from: "2014-05-29T12:11:47Z"))
            let texto = try await banco.rodar { db in
                let (catalogo, cronogramas) = try ConsultaCronograma(db: db).cronogramas(
                    grupo: nil, referencia: "10/2013")
                return RelatorioCronogramas.render(cronogramas, catalogo: catalogo, emissao: emissao)
            }
            #expect(
                texto.split(separator: "\n", omittingEmptySubsequences: false) == [
                    "Cronogramas de Cobrança Cadastrados                                                    PAG 1/1 29/05/2014 09:11:47",
                    "==================================================================================================================",
                    "Grupo: GRUPO 01                                                                                   Mês/Ano: 10/2013",
                    "Ação de Cobrança / Atividade  Predecessora    Obrigatória  Data Prevista  Comando              Realização",
                    "------------------------------------------------------------------------------------------------------------------",
                    "AVISO DE CORTE                                SIM",
                    "  SIMULAR                                                  19/10/2013",
                    "  EMITIR                                                   19/10/2013     19/10/2013 11:57:36  19/10/2013 12:48:00",
                    "  ENCERRAR                    EMITIR                       14/11/2013",
                    "CORTE FISICO                  AVISO DE CORTE  SIM",
                    "  SIMULAR                                                  16/11/2013",
                    "  EMITIR                                                   16/11/2013",
                    "  ENCERRAR                    EMITIR                       14/12/2013",
                    "",
                ])
        }
    }

    /// A job that exhausted its attempts shows as FALHOU with its id and error, and how to replay it.
    @Test func aFailedJobShowsAsFailedWithItsID() async throws {
        try await comFixture { banco in
            let pedido = Fixture.inclusaoDaSeed(comandar: ["1/1", "1/2"])
            #expect(try await banco.inserir(pedido).mensagens.count == 1)
            let gravado = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            let simular = try #require(gravado.registro(1, 1)?.jobID)
            let emitir = try #require(gravado.registro(1, 2)?.jobID)
            #expect(emitir == AtividadeDespacho.jobID(atividadeCronograma: gravado.registro(1, 2)!.id))
            try await banco.job(simular, estado: .done, tentativas: 1)
            try await banco.job(emitir, estado: .dead, tentativas: 5, erro: "rota 3: tempo esgotado")

            let (catalogo, painel) = try await banco.rodar {
                try ConsultaCronograma(db: $0).painel(grupo: "1", referencia: "10/2013")
            }
            #expect(
                painel.situacoes[ChaveAtividade(acao: 1, atividade: 2)]
                    == .falhou(job: emitir, tentativas: 5, erro: "rota 3: tempo esgotado"))
            #expect(painel.situacoes[ChaveAtividade(acao: 1, atividade: 1)] == .concluida(job: simular))
            #expect(painel.situacoes[ChaveAtividade(acao: 1, atividade: 3)] == .naoComandada)
            #expect(painel.falhas.map(\.job) == [emitir])
            let texto = painel.render(catalogo: catalogo)
            #expect(texto.contains("FALHOU"))
            #expect(
                texto.contains(
                    "EMITIR da ação AVISO DE CORTE: job \(emitir), 5 tentativa(s); erro: rota 3: tempo esgotado"))
            #expect(texto.contains("gsan dlq replay \(emitir)"))
        }
    }

    @Test func theFilterScreenListsOneLinePerSchedule() async throws {
        try await comFixture { banco in
            let pedido = Fixture.inclusaoDaSeed(comandar: ["1/2"])
            #expect(try await banco.inserir(pedido).mensagens.count == 1)
            let automatico = try await banco.inserir(
                PedidoInclusao(grupo: "2", referencia: "10/2013", inicio: "25/10/2013"))
            #expect(automatico.mensagens.count == 1)
            let todos = try await banco.rodar {
                ListagemCronogramas.render(try ConsultaCronograma(db: $0).cronogramas(grupo: nil, referencia: nil).1)
            }
            #expect(
                todos.split(separator: "\n") == [
                    "Id  Grupo     Mês/Ano  Datas       Ações  Atividades  Comandadas  Realizadas  Versão",
                    "--  --------  -------  ----------  -----  ----------  ----------  ----------  ------",
                    " 1  GRUPO 01  10/2013  informada       2           6           1           0       0",
                    " 2  GRUPO 02  10/2013  automática      3          10          10           0       0",
                ])
            let nenhum = try await banco.rodar {
                ListagemCronogramas.render(
                    try ConsultaCronograma(db: $0).cronogramas(grupo: "1", referencia: "11/2013").1)
            }
            #expect(nenhum == "Nenhum cronograma de cobrança para os parâmetros informados.")
        }
    }
}
