import FiscalizacaoRegras
import GSANModel
import Testing

/// Motivos de não aceitação (seed 002 §2.5.1.2–2.5.1.3) and Informar Não Aceitação (§2.5.2.1): each message.
@Suite struct NaoAceitacaoRegrasTests {
    typealias M = MotivoNaoAceitacao
    static func campos(_ d: String? = "SERVICO NAO EXECUTADO", _ c: String? = "0", _ n: String? = "2", _ p: String? = "2,00") -> M.Campos {
        .init(descricao: d, multiplicadorCorte: c, multiplicadorNaoExecutado: n, percentualMulta: p)
    }
    static func mensagem(_ r: Result<M.Motivo, MensagemRegra>) -> String? {
        if case .failure(let m) = r { return m.description }
        return nil
    }

    @Test func aMotivoHasEveryFieldWithinItsLimits() throws {
        let m = try M.validar(Self.campos("corte indevido", "2", "0", "2,5")).get()
        #expect(m.descricao == "CORTE INDEVIDO" && m.multiplicadorCorte == 2 && m.multiplicadorNaoExecutado == 0 && m.percentualCentesimos == 250)
        #expect(m.percentualTexto == "2.50")
        #expect(try M.validar(Self.campos(String(repeating: "X", count: 40), "99", "99", "100")).get().percentualCentesimos == 10_000)
        #expect(try M.validar(Self.campos("A", "0", "0", "0")).get().percentualCentesimos == 0)
    }

    @Test func informEachFieldAsTheSeedSays() {
        #expect(Self.mensagem(M.validar(Self.campos(nil))) == "Informe Descrição.")
        #expect(Self.mensagem(M.validar(Self.campos("  "))) == "Informe Descrição.")
        #expect(Self.mensagem(M.validar(Self.campos("A", nil)))
                == "Informe Multiplicador do Valor do Serviço a Ser Descontado Por Corte ou Supressão.")
        #expect(Self.mensagem(M.validar(Self.campos("A", "1", "")))
                == "Informe Multiplicador do Valor do Serviço a Ser Descontado Por Serviço Não Efetivamente Executado.")
        #expect(Self.mensagem(M.validar(Self.campos("A", "1", "1", nil)))
                == "Informe Percentual da Multa a Ser Aplicada Por Serviço Não Efetivamente Executado.")
    }

    @Test func outOfRangeValuesAreRefused() {
        #expect(Self.mensagem(M.validar(Self.campos(String(repeating: "X", count: 41)))) == "Descrição com 41 caracteres: o máximo é 40.")
        #expect(Self.mensagem(M.validar(Self.campos("A", "100")))
                == "Multiplicador do Valor do Serviço a Ser Descontado Por Corte ou Supressão inválido: 100 (de 0 a 99).")
        #expect(Self.mensagem(M.validar(Self.campos("A", "-1"))) != nil)
        #expect(Self.mensagem(M.validar(Self.campos("A", "1", "1", "100,01")))
                == "Percentual da Multa a Ser Aplicada Por Serviço Não Efetivamente Executado inválido: 100,01 (de 0,00 a 100,00).")
        #expect(Self.mensagem(M.validar(Self.campos("A", "1", "1", "2,555"))) != nil)
        #expect(Self.mensagem(M.validar(Self.campos("A", "1", "1", "dois"))) != nil)
    }

    static let hoje = CivilDate(year: 2025, month: 7, day: 15)!
    static func periodo(_ i: String?, _ f: String?) -> String {
        switch NaoAceitacao.periodo(inicial: i, final: f, hoje: hoje) {
        case .success(let (a, b)): "\(a)-\(b)"
        case .failure(let m): m.description
        }
    }

    @Test func theReferencePeriod() {
        #expect(Self.periodo("06/2025", nil) == "06/2025-06/2025")
        #expect(Self.periodo("05/2025", "07/2025") == "05/2025-07/2025")
        #expect(Self.periodo("13/2025", nil) == "Ano/mês de referencia informado está inválido.")
        #expect(Self.periodo("08/2025", nil) == "Ano/mês de referencia informado está inválido.")
        #expect(Self.periodo("06/2025", "08/2025") == "Ano/mês de referencia informado está inválido.")
        #expect(Self.periodo("06/2025", "05/2025") == "Referência Final do Período é anterior à Referência Inicial do Período.")
        #expect(Self.periodo(nil, nil) == "Informe Período de Referência da Cobrança.")
    }

    static let justificada = NaoAceitacao.Ordem(situacao: 2, motivo: 4, execucao: false, acao: 34, atividade: 77)
    static func recusa(_ o: NaoAceitacao.Ordem?, acao: Int? = 34, motivo: Int? = 2, observacao: String? = nil) -> String? {
        NaoAceitacao.recusa(ordem: 9, o, acao: acao, motivoNaoAceitacao: motivo, motivosEmUso: [1, 2], observacao: observacao)
    }

    @Test func theOrderInformedIsChecked() {
        #expect(Self.recusa(Self.justificada) == nil)
        #expect(Self.recusa(Self.justificada, acao: nil) == nil)
        #expect(Self.recusa(nil) == "Ordem de Serviço inexistente.")
        var o = Self.justificada
        o.situacao = 1
        #expect(Self.recusa(o) == "Ordem de serviço informada não está encerrada.")
        #expect(Self.recusa(Self.justificada, acao: 3) == "Ordem de Serviço não é da ação de cobrança selecionada.")
        o = Self.justificada
        o.motivo = 32
        #expect(Self.recusa(o) == "Ordem de Serviço encerrada por Decurso de Prazo.")
        o = Self.justificada
        o.execucao = true
        #expect(Self.recusa(o) == "Não existem ordens de serviço encerradas com motivo de não execução.")
        o = Self.justificada
        o.jaNaoAceita = true
        #expect(Self.recusa(o) == "Não aceitação do encerramento da Ordem de Serviço 9 já informada.")
        o = Self.justificada
        o.atividade = nil
        o.acao = nil
        #expect(Self.recusa(o, acao: nil) == "Ordem de Serviço 9 não é de uma ação do cronograma de cobrança.")
        #expect(Self.recusa(Self.justificada, motivo: nil) == "Informe Motivo de Não Aceitação.")
        #expect(Self.recusa(Self.justificada, motivo: 5) == "Motivo de não aceitação 5 inexistente.")
        #expect(Self.recusa(Self.justificada, observacao: String(repeating: "o", count: 201)) == "Observação com 201 caracteres: o máximo é 200.")
    }
}
