import Contratos
import Cronogramas
import GSANCobranca
import GSANModel
import JobRuntime
import Testing

@Suite("gsan cronograma atualizar")
struct AlteracaoCronogramaTests {
    static let atualizado = "Cronograma de Cobrança do GRUPO 01 referente a 10/2013 atualizado com sucesso."
    static let outroUsuario =
        "Esse(s) registro(s) foi(ram) atualizado(s) ou removido(s) por outro usuário durante a operação. "
        + "Realize uma nova manutenção"

    static func pedido(_ ajuste: (inout PedidoAlteracao) -> Void) -> PedidoAlteracao {
        var pedido = PedidoAlteracao(grupo: "1", referencia: "10/2013")
        ajuste(&pedido)
        return pedido
    }

    static func inserirDaSeed(_ banco: Banco, comandar: [String] = ["1/2"]) async throws {
        let pedido = Fixture.inclusaoDaSeed(comandar: comandar)
        let resultado = try await banco.inserir(pedido)
        #expect(resultado.mensagens == ["Cronograma de Cobrança do GRUPO 01 referente a 10/2013 inserido com sucesso."])
    }

    @Test func changesAreSavedAndVersionsMove() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            let antes = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            let pedido = Self.pedido {
                $0.datas = ["1/3=15/11/2013", "3/1=20/10/2013", "3/2=20/10/2013", "3/5=27/10/2013", "3/3=30/10/2013"]
                $0.comandar = ["1/1", "1/2", "3/2"]
                $0.qtdMaxima = ["1/2=300"]
                $0.adicionarAcoes = ["VISITA DE COBRANCA"]
            }
            #expect(try await banco.atualizar(pedido) == .gravado(Self.atualizado))

            let depois = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(depois.versao == 1)
            #expect(depois.atividade(1, 3)?.dataPrevista == d("15/11/2013"))
            #expect(depois.registro(1, 3)?.versao == 1)
            #expect(depois.atividade(1, 1)?.comandada == true)
            #expect(depois.atividade(1, 2)?.qtdMaximaDocumentos == 300)
            // Commanded before: the first command's instant stays.
            #expect(depois.registro(1, 2)?.comando == antes.registro(1, 2)?.comando)
            // CORTE FISICO was not touched.
            #expect([1, 2, 3].map { depois.registro(2, $0)?.versao } == [0, 0, 0])
            #expect(depois.cronograma.acoes.map(\.acao.id) == [1, 2, 3])
            #expect(
                depois.cronograma.acao(id: 3)?.atividadesOrdenadas.map(\.dataPrevista)
                    == [d("20/10/2013"), d("20/10/2013"), d("27/10/2013"), d("30/10/2013")])
            #expect(depois.atividade(3, 2)?.comandada == true)
            #expect(depois.registros.count == 10)
        }
    }

    @Test func unCommandingClearsTheCommandUnlessTheJobExists() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            let caac = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013")?.registro(1, 2)?.id)
            let job = AtividadeDespacho.jobID(atividadeCronograma: caac)
            try await banco.job(job, estado: .published)
            let descomandar = Self.pedido { $0.descomandar = ["1/2"] }
            let recusado = try await banco.atualizar(descomandar)
            #expect(
                recusado.mensagens == [
                    "A atividade EMITIR da ação AVISO DE CORTE já foi despachada para execução (job \(job)) e não pode "
                        + "mais ser alterada nem removida"
                ])
            #expect(try await banco.cronograma(grupo: "1", referencia: "10/2013")?.registro(1, 2)?.comando != nil)

            try await banco.removerJobs()
            #expect(try await banco.atualizar(descomandar) == .gravado(Self.atualizado))
            let depois = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(depois.registro(1, 2)?.comando == nil)
            #expect(depois.atividade(1, 2)?.comandada == false)

            // Un-commanding it again changes nothing: refused, no "success", the version stays.
            await #expect(
                throws: PedidoInvalido(
                    "Nenhuma alteração: o Cronograma de Cobrança do GRUPO 01 referente a 10/2013 já está como pedido (nada gravado)")
            ) { try await banco.atualizar(descomandar) }
            let deNovo = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(deNovo.versao == depois.versao && deNovo.registro(1, 2)?.versao == depois.registro(1, 2)?.versao)
        }
    }

    @Test func automaticGroupsCannotBeAltered() async throws {
        try await comFixture { banco in
            let inclusao = PedidoInclusao(grupo: "2", referencia: "10/2013", inicio: "25/10/2013")
            #expect(try await banco.inserir(inclusao).mensagens.count == 1)
            let frase = "Cronogramas de grupos automáticos não podem ser alterados, apenas consultados."
            let alterar = PedidoAlteracao(grupo: "2", referencia: "10/2013", descomandar: ["1/1"])
            #expect(try await banco.atualizar(alterar) == .recusado([.grupoAutomaticoSomenteConsulta]))
            #expect(try await banco.atualizar(alterar).mensagens == [frase])
            let remover = try await banco.remover([("GRUPO 02", "10/2013")], confirmado: true)
            #expect(remover.mensagens == [frase])
            let gravado = try #require(try await banco.cronograma(grupo: "2", referencia: "10/2013"))
            #expect(gravado.versao == 0)
            #expect(gravado.atividade(1, 1)?.comandada == true)
        }
    }

    /// Seed 003 "Atualização realizada por outro usuário": the schedule's version moved between
    /// reading and saving.
    @Test func aConcurrentUpdateIsRefusedAndNothingIsWritten() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            let pedido = Self.pedido { $0.datas = ["1/3=15/11/2013"] }
            let preparada = try await banco.preparar(pedido)
            let pronta = try preparada.get()
            try await banco.executar("UPDATE cobranca.cobranca_grupo_crg_mes SET cbcm_nnversao = cbcm_nnversao + 1")

            let resultado = try await banco.gravar(pronta)
            #expect(resultado == .recusado([.atualizadoPorOutroUsuario]))
            #expect(resultado.mensagens == [Self.outroUsuario])
            let depois = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(depois.versao == 1)
            #expect(depois.atividade(1, 3)?.dataPrevista == d("14/11/2013"))
            #expect(depois.registro(1, 3)?.versao == 0)

            // The operator pinned the version shown before the other change.
            let fixada = Self.pedido {
                $0.versao = 0
                $0.datas = ["1/3=15/11/2013"]
            }
            #expect(try await banco.atualizar(fixada).mensagens == [Self.outroUsuario])
        }
    }

    /// The scheduler realizes an activity (bumping only its row's version) while the operator edits.
    @Test func anActivityRealizedMeanwhileIsAConflictToo() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            let pedido = Self.pedido { $0.datas = ["2/3=15/12/2013"] }
            let pronta = try await banco.preparar(pedido).get()
            try await banco.executar(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg
                SET caac_tmrealizacao = '2013-10-19 12:48:00-03', caac_nnversao = caac_nnversao + 1
                WHERE caac_tmcomando IS NOT NULL
                """)
            #expect(try await banco.gravar(pronta).mensagens == [Self.outroUsuario])
            let depois = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(depois.versao == 0)
            #expect(depois.atividade(2, 3)?.dataPrevista == d("14/12/2013"))
        }
    }

    /// Seed 003 "Verifica existência de ação sucessora" and the obligatory actions.
    @Test func removingAnObligatoryActionOrOneWithSuccessors() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            let aviso = try await banco.atualizar(Self.pedido { $0.removerAcoes = ["AVISO DE CORTE"] })
            #expect(
                aviso.mensagens == [
                    "Ação de Cobrança AVISO DE CORTE tem atividades sucessoras, não é possível remover",
                    "É necessário informar a data prevista para as atividades das ações que, obrigatoriamente, devem "
                        + "constar no cronograma",
                ])
            let corte = try await banco.atualizar(Self.pedido { $0.removerAcoes = ["2"] })
            #expect(corte == .recusado([.acaoObrigatoriaForaDoCronograma(acao: "CORTE FISICO")]))
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_cronograma") == 2)

            // An optional action without successors comes and goes.
            let adicionar = Self.pedido {
                $0.adicionarAcoes = ["3"]
                $0.datas = ["3/2=20/10/2013", "3/5=27/10/2013", "3/3=30/10/2013"]
            }
            #expect(try await banco.atualizar(adicionar) == .gravado(Self.atualizado))
            #expect(try await banco.atualizar(Self.pedido { $0.removerAcoes = ["3"] }) == .gravado(Self.atualizado))
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_cronograma") == 2)
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg") == 6)
        }
    }

    @Test func aRealizedActivityIsNeverChanged() async throws {
        try await comFixture { banco in
            try await Self.inserirDaSeed(banco)
            try await banco.executar(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg SET caac_tmrealizacao = '2013-10-19 12:48:00-03'
                WHERE caac_tmcomando IS NOT NULL
                """)
            let resultado = try await banco.atualizar(Self.pedido { $0.datas = ["1/2=20/10/2013"] })
            #expect(
                resultado.mensagens == [
                    "A atividade EMITIR da ação AVISO DE CORTE já foi realizada e não pode ser alterada"
                ])
        }
    }
}
