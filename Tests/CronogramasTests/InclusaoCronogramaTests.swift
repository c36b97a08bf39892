import Cronogramas
import GSANCobranca
import GSANModel
import Testing

@Suite("gsan cronograma inserir")
struct InclusaoCronogramaTests {
    @Test func aTypedScheduleLoadsBackAsInserted() async throws {
        try await comFixture { banco in
            let pedido = Fixture.inclusaoDaSeed(comandar: ["1/2"], qtdMaxima: ["aviso de corte/emitir=500"])
            let resultado = try await banco.inserir(pedido)
            #expect(
                resultado == .gravado("Cronograma de Cobrança do GRUPO 01 referente a 10/2013 inserido com sucesso."))

            let gravado = try #require(try await banco.cronograma(grupo: "1", referencia: "10/2013"))
            #expect(gravado.versao == 0)
            #expect(gravado.cronograma.acoes.map(\.acao.descricao) == ["AVISO DE CORTE", "CORTE FISICO"])
            #expect(
                gravado.cronograma.acoes.map { $0.atividadesOrdenadas.map(\.atividade.descricao) }
                    == [["SIMULAR", "EMITIR", "ENCERRAR"], ["SIMULAR", "EMITIR", "ENCERRAR"]])
            let datas = [1, 2].flatMap { acao in [1, 2, 3].map { gravado.atividade(acao, $0)?.dataPrevista } }
            #expect(
                datas == [
                    d("19/10/2013"), d("19/10/2013"), d("14/11/2013"), d("16/11/2013"), d("16/11/2013"),
                    d("14/12/2013"),
                ])
            #expect(gravado.atividade(1, 2)?.comandada == true)
            #expect(gravado.registro(1, 2)?.comando != nil)
            #expect(gravado.cronograma.acoes.flatMap(\.atividades).filter(\.comandada).count == 1)
            #expect(gravado.atividade(1, 2)?.qtdMaximaDocumentos == 500)
            #expect(gravado.atividade(2, 2)?.qtdMaximaDocumentos == nil)
            #expect(gravado.registros.count == 6)
            #expect(gravado.registros.values.allSatisfy { $0.versao == 0 && $0.realizacao == nil })
            // The group's contract goes to each action of the schedule (seed 002 §2.3.4.2).
            #expect(
                try await banco.inteiro(
                    "SELECT count(*) FROM cobranca.cobranca_acao_cronograma WHERE cese_id = 1") == 2)
        }
    }

    @Test func theScheduleAlreadyExists() async throws {
        try await comFixture { banco in
            #expect(try await banco.inserir(Fixture.inclusaoDaSeed()).mensagens.count == 1)
            let segunda = try await banco.inserir(Fixture.inclusaoDaSeed())
            #expect(
                segunda
                    == .recusado([.cronogramaJaExiste(grupo: "GRUPO 01", referencia: Referencia(ano: 2013, mes: 10)!)]))
            #expect(
                segunda.mensagens == ["Cronograma de Cobrança do GRUPO 01 referente a 10/2013 já existe no cadastro"])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes") == 1)
        }
    }

    @Test func anInvalidMonthOrOneBeforeTheGroups() async throws {
        try await comFixture { banco in
            let casos = [
                ("13/2013", "Mês/Ano inválido"), ("10-2013", "Mês/Ano inválido"),
                ("09/2013", "Mês/Ano de Cobrança deve ser superior a 10/2013"),
            ]
            for (referencia, mensagem) in casos {
                let pedido = Fixture.inclusaoDaSeed(referencia: referencia)
                let resultado = try await banco.inserir(pedido)
                #expect(resultado.mensagens == [mensagem])
            }
            let cronogramas = try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes")
            #expect(cronogramas == 0)
        }
    }

    @Test func unknownGroupActionOrActivity() async throws {
        try await comFixture { banco in
            let casos: [(grupo: String, datas: [String], mensagem: String)] = [
                ("99", Fixture.datasDaSeed, "Grupo de cobrança 99 inexistente"),
                ("grupo 01", ["77/2=19/10/2013"], "Ação de cobrança 77 inexistente"),
                ("1", ["1/9=19/10/2013"], "Atividade de cobrança 9 inexistente"),
                (
                    "1", ["AVISO DE CORTE/ENCERRAR OS=19/10/2013"],
                    "A atividade ENCERRAR OS não faz parte da ação AVISO DE CORTE"
                ),
                ("1", ["1/2=31/10/13"], "Data informada é inválida. (--data 1/2=31/10/13)"),
            ]
            for caso in casos {
                let pedido = PedidoInclusao(grupo: caso.grupo, referencia: "10/2013", datas: caso.datas)
                await #expect(throws: PedidoInvalido(caso.mensagem)) {
                    try await banco.inserir(pedido)
                }
            }
            let cronogramas = try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes")
            #expect(cronogramas == 0)
        }
    }

    /// Seed 003 "Valida Data Prevista": only a command already stored makes a date history.
    @Test func commandingNowDoesNotExemptAPastDate() async throws {
        try await comFixture { banco in
            let resultado = try await banco.inserir(
                Fixture.inclusaoDaSeed(comandar: ["1/1", "1/2"]), hoje: d("20/10/2013"))
            #expect(
                resultado
                    == .recusado([.dataPrevistaAnteriorAoCronogramaOuHoje(acao: "AVISO DE CORTE", atividade: "SIMULAR")]
                    ))
            #expect(resultado.mensagens == ["Data prevista deve ser maior ou igual a mês/ano do cronograma data atual"])
            let nenhum = try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes")
            #expect(nenhum == 0)
        }
    }

    /// Seed 003 "Verifica existência critério para o conjunto rotas".
    @Test func rotasWithoutACriterionForAnActionOfTheSchedule() async throws {
        try await comFixture { banco in
            // VISITA DE COBRANCA is not in the schedule: a rota lacking its criterion does not matter.
            try await banco.executar("DELETE FROM cobranca.rota_acao_criterio WHERE rota_id = 3 AND cbac_id = 3")
            #expect(try await banco.inserir(Fixture.inclusaoDaSeed()).mensagens.count == 1)

            let novembro = Fixture.novembro
            try await banco.executar("DELETE FROM cobranca.rota_acao_criterio WHERE rota_id = 2 AND cbac_id = 2")
            let resultado = try await banco.inserir(novembro)
            #expect(resultado == .recusado([.rotasSemCriterio]))
            #expect(
                resultado.mensagens == [
                    "Existem rotas sem critérios de cobrança definidos para alguma Ação de Cobrança."
                ])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes") == 1)
        }
    }

    /// Seed 003 "Verifica ação sem predecessora": FATURAMENTO 01's bills of 10/2013 fall due on
    /// 20/10, debt after 5 days: on or after AVISO DE CORTE's 19/10 — confirm or change the date.
    @Test func anActionThatMissesTheLastBillsNeedsConfirmation() async throws {
        try await comFixture { banco in
            try await banco.executar(
                "UPDATE faturamento.faturamento_grupo SET ftgr_amreferencia = 201310 WHERE ftgr_id = 1")
            let semConfirmar = try await banco.inserir(Fixture.inclusaoDaSeed())
            #expect(
                semConfirmar
                    == .recusado([
                        .naoContemplaContas(acao: "AVISO DE CORTE", referencia: Referencia(ano: 2013, mes: 10)!)
                    ]))
            #expect(
                semConfirmar.mensagens == [
                    "A ação AVISO DE CORTE não contemplará as contas de referência 10/2013. "
                        + "Confirma a data da atividade para esta ação?"
                ])
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes") == 0)

            let confirmado = try await banco.inserir(Fixture.inclusaoDaSeed(confirmado: true))
            #expect(
                confirmado == .gravado("Cronograma de Cobrança do GRUPO 01 referente a 10/2013 inserido com sucesso."))
            #expect(try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg") == 6)
        }
    }

    /// GRUPO 01's rotas: two in FATURAMENTO 01, one in FATURAMENTO 02 — the first is its billing group.
    @Test func theBillingGroupIsTheOneWithMostRotas() async throws {
        try await comFixture { banco in
            let ultimo = try await banco.rodar { db in
                let repositorio = RepositorioCronograma(db)
                return try repositorio.ultimoFaturamento(grupo: try repositorio.grupo("1"))
            }
            #expect(
                ultimo
                    == UltimoFaturamento(
                        referencia: Referencia(ano: 2013, mes: 9)!, vencimento: d("20/09/2013"),
                        diasParaConsiderarDebito: 5))

            try await banco.executar(
                "UPDATE micromedicao.rota SET ftgr_id = 2 WHERE rota_id = 1; "
                    + "UPDATE faturamento.faturamento_grupo SET ftgr_icvencimentomesfaturamento = 2 WHERE ftgr_id = 2")
            let outro = try await banco.rodar { db in
                let repositorio = RepositorioCronograma(db)
                return try repositorio.ultimoFaturamento(grupo: try repositorio.grupo("1"))
            }
            #expect(outro?.referencia == Referencia(ano: 2013, mes: 10)!)
            #expect(outro?.vencimento == d("28/11/2013"))
        }
    }

    @Test func dueDatesInTheMonthOrTheNext() {
        let dezembro = Referencia(ano: 2013, mes: 12)!
        #expect(VencimentoFaturamento.vencimento(referencia: dezembro, dia: 10, venceNoMes: true) == d("10/12/2013"))
        #expect(VencimentoFaturamento.vencimento(referencia: dezembro, dia: 10, venceNoMes: false) == d("10/01/2014"))
    }

    // MARK: Grupos com execução automática

    static func inserirNoGrupo02(
        _ banco: Banco, inicio: String?, datas: [String] = []
    ) async throws -> Result<[String], PedidoInvalido> {
        let pedido = PedidoInclusao(grupo: "GRUPO 02", referencia: "10/2013", inicio: inicio, datas: datas)
        do {
            return .success(try await banco.inserir(pedido).mensagens)
        } catch let erro as PedidoInvalido {
            return .failure(erro)
        }
    }

    @Test func theCycleStartOfAnAutomaticGroup() async throws {
        try await comFixture { banco in
            let casos: [(inicio: String?, datas: [String], esperado: Result<[String], PedidoInvalido>)] = [
                ("30/09/2013", [], .success(["A data informada deve maior ou igual que a data corrente."])),
                ("31/09/2013", [], .success(["Data informada é inválida."])),
                ("1/10/2013", [], .success(["Data informada é inválida."])),
                (
                    nil, [],
                    .failure(
                        PedidoInvalido(
                            "O grupo GRUPO 02 tem execução automática: informe a data de início do ciclo com --inicio DD/MM/AAAA"
                        ))
                ),
                (
                    "25/10/2013", ["1/2=25/10/2013"],
                    .failure(
                        PedidoInvalido(
                            "O grupo GRUPO 02 tem execução automática: as datas são calculadas a partir de --inicio, "
                                + "não informe --data"))
                ),
            ]
            for caso in casos {
                let obtido = try await Self.inserirNoGrupo02(banco, inicio: caso.inicio, datas: caso.datas)
                #expect(obtido == caso.esperado)
            }
            let nenhum = try await banco.inteiro("SELECT count(*) FROM cobranca.cobranca_grupo_crg_mes")
            #expect(nenhum == 0)

            let inserido = try await Self.inserirNoGrupo02(banco, inicio: "25/10/2013")
            #expect(
                inserido == .success(["Cronograma de Cobrança do GRUPO 02 referente a 10/2013 inserido com sucesso."]))
            // Another month whose cycle would start in October, where this one's first activity is.
            let novembro = PedidoInclusao(grupo: "2", referencia: "11/2013", inicio: "31/10/2013")
            let recusado = try await banco.inserir(novembro)
            #expect(
                recusado.mensagens == [
                    "Não é possível inserir cronograma de ação de cobrança para o grupo GRUPO 02, pois já existe um "
                        + "cronograma para o mês e grupo informado."
                ])
        }
    }

    /// From 25/10/2013: AVISO DE CORTE 25/10, EMITIR +1, ENCERRAR EMITIR +10; CORTE FISICO 28 days
    /// later (22/11); VISITA DE COBRANCA (no predecessor) on the start, ENCERRAR OS EMITIR +7.
    @Test func automaticDatesAcrossAMonthEndAreStoredAsComputedAndCommanded() async throws {
        try await comFixture { banco in
            let pedido = PedidoInclusao(grupo: "2", referencia: "10/2013", inicio: "25/10/2013")
            #expect(
                try await banco.inserir(pedido).mensagens
                    == ["Cronograma de Cobrança do GRUPO 02 referente a 10/2013 inserido com sucesso."])
            let gravado = try #require(try await banco.cronograma(grupo: "2", referencia: "10/2013"))
            let porAcao = gravado.cronograma.acoes.map { acao in
                acao.atividadesOrdenadas.map { "\($0.atividade.descricao) \($0.dataPrevista?.description ?? "-")" }
            }
            #expect(
                porAcao == [
                    ["SIMULAR 25/10/2013", "EMITIR 26/10/2013", "ENCERRAR 05/11/2013"],
                    ["SIMULAR 22/11/2013", "EMITIR 23/11/2013", "ENCERRAR 03/12/2013"],
                    ["SIMULAR 25/10/2013", "EMITIR 26/10/2013", "ENCERRAR OS 02/11/2013", "ENCERRAR 05/11/2013"],
                ])
            #expect(gravado.registros.count == 10)
            #expect(gravado.registros.values.allSatisfy { $0.comando != nil })
            #expect(
                try await banco.inteiro(
                    "SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_tmcomando IS NULL") == 0)
        }
    }

    @Test func anAutomaticScheduleWithSomeActions() async throws {
        try await comFixture { banco in
            let pedido = PedidoInclusao(
                grupo: "2", referencia: "10/2013", inicio: "25/10/2013", acoes: ["1", "CORTE FISICO"])
            #expect(try await banco.inserir(pedido).mensagens.count == 1)
            let gravado = try #require(try await banco.cronograma(grupo: "2", referencia: "10/2013"))
            #expect(gravado.cronograma.acoes.map(\.acao.id) == [1, 2])

            // Without the obligatory AVISO DE CORTE.
            let semAviso = PedidoInclusao(grupo: "2", referencia: "12/2013", inicio: "02/12/2013", acoes: ["3"])
            #expect(
                try await banco.inserir(semAviso).mensagens == [
                    "É necessário informar a data prevista para as atividades das ações que, obrigatoriamente, devem "
                        + "constar no cronograma"
                ])
        }
    }
}
