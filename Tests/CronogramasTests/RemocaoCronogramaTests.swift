import Contratos
import Cronogramas
import GSANCobranca
import GSANModel
import JobRuntime
import Postgres
import Testing

@Suite("gsan cronograma remover")
struct RemocaoCronogramaTests {
    static let novembro = Fixture.novembro

    @Test func removingAsksForConfirmationThenRemovesAllTogether() async throws {
        try await comFixture { banco in
            #expect(try await banco.inserir(Fixture.inclusaoDaSeed()).mensagens.count == 1)
            #expect(
                try await banco.inserir(Self.novembro).mensagens
                    == ["Cronograma de Cobrança do GRUPO 01 referente a 11/2013 inserido com sucesso."])
            let alvos = [(grupo: "1", referencia: "10/2013"), (grupo: "GRUPO 01", referencia: "11/2013")]

            let pergunta = try await banco.remover(alvos, confirmado: false)
            #expect(pergunta == .recusado([.confirmaExclusao]))
            #expect(pergunta.mensagens == ["Confirma exclusão?"])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes") == 2)

            let removidos = try await banco.remover(alvos, confirmado: true)
            #expect(removidos == .gravado("2 Cronograma(s) de Cobrança removido(s) com sucesso."))
            #expect(
                try await banco.inteiro(
                    """
                    SELECT (SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes)
                         + (SELECT count(*) FROM cobranca.cobranca_acao_cronograma)
                         + (SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg)
                    """) == 0)
        }
    }

    /// Seed 003 "Cronograma de cobrança possui atividades já realizadas": the selection as a whole.
    @Test func aScheduleWithARealizedActivityIsNotRemoved() async throws {
        try await comFixture { banco in
            let outubro = Fixture.inclusaoDaSeed(comandar: ["1/1"])
            let inserido = try await banco.inserir(outubro)
            #expect(inserido.mensagens.count == 1)
            #expect(try await banco.inserir(Self.novembro).mensagens.count == 1)
            try await banco.executar(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg SET caac_tmrealizacao = '2013-10-19 12:48:00-03'
                WHERE caac_tmcomando IS NOT NULL
                """)
            let resultado = try await banco.remover([("1", "11/2013"), ("1", "10/2013")], confirmado: true)
            #expect(resultado == .recusado([.exclusaoComAtividadesRealizadas]))
            #expect(
                resultado.mensagens == [
                    "Não é possível excluir o(s) cronograma(s) de cobrança selecionado(s) devido à existência de "
                        + "atividades já realizadas"
                ])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes") == 2)
        }
    }

    @Test func aScheduleWithADispatchedActivityIsNotRemoved() async throws {
        try await comFixture { banco in
            let outubro = Fixture.inclusaoDaSeed(comandar: ["1/2"])
            let inserido = try await banco.inserir(outubro)
            #expect(inserido.mensagens.count == 1)
            let caac = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013")?.registro(1, 2)?.id)
            try await banco.job(AtividadeDespacho.jobID(atividadeCronograma: caac), estado: .running, tentativas: 1)
            let resultado = try await banco.remover([("1", "10/2013")], confirmado: true)
            #expect(
                resultado
                    == .recusado([
                        .atividadeJaDespachada(
                            atividade: "EMITIR", acao: "AVISO DE CORTE",
                            despacho: AtividadeDespacho.jobID(atividadeCronograma: caac))
                    ]))
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg") == 6)
        }
    }

    @Test func aScheduleChangedMeanwhileIsNotRemoved() async throws {
        try await comFixture { banco in
            #expect(try await banco.inserir(Fixture.inclusaoDaSeed()).mensagens.count == 1)
            let gravado = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            try await banco.executar("UPDATE cobranca.cobranca_grupo_crg_mes SET cbcm_nnversao = cbcm_nnversao + 1")
            let falha = try await banco.rodar { db in
                do {
                    try db.withTransaction { try RepositorioCronograma($0).remover(gravado) }
                    return [String]()
                } catch let recusa as Recusa {
                    return recusa.violacoes.map(\.mensagem)
                }
            }
            #expect(
                falha == [
                    "Esse(s) registro(s) foi(ram) atualizado(s) ou removido(s) por outro usuário durante a operação. "
                        + "Realize uma nova manutenção"
                ])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg") == 6)
        }
    }
}
