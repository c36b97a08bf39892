import GSANModel

/// An imóvel's installment agreement (parcelamento de débitos), derived only from (seed, id)
/// and the imóvel's plan, like everything else: each pass that needs it rebuilds it.
///
/// The agreement is made in month `mes` (an index of ``SeedCalendar``), after that month's
/// reading, and absorbs the imóvel's contas that were overdue on that day. The entrada is
/// a guia de pagamento; the rest is one débito a cobrar of type PARCELAMENTO (3) whose
/// prestações are charged in every conta after `mes`: prestação k in the conta of month
/// `mes + k`, so the current (pré-faturada) conta carries prestação `meses − mes`.
struct ParcelamentoPlan: Sendable {
    struct Item: Sendable {
        /// Month index of the conta.
        let mes: Int
        /// The conta's total (água + esgoto + débitos − créditos − impostos).
        let valor: Centavos
    }

    let mes: Int
    let data: CivilDate
    let hora: Int
    let itens: [Item]
    let valorContas: Centavos
    /// Multa (2 %) and juros de mora (1 % a month, pro rata die) of the overdue contas.
    let acrescimos: Centavos
    let desconto: Centavos
    let entrada: Centavos
    let prestacoes: Int
    /// Juros of the financing, in hundredths of a percent a month (150 = 1,50 % a.m.).
    let taxa: Int
    /// What the prestações add up to: saldo (débito atualizado − entrada) + juros.
    let valorParcelado: Centavos
    let vencimentoEntrada: CivilDate
    /// When the entrada guia was paid, or nil if it is still open on `hoje`.
    let pagamentoEntrada: CivilDate?

    var debitoAtualizado: Centavos { valorContas + acrescimos - desconto }
    var saldo: Centavos { debitoAtualizado - entrada }
    var juros: Centavos { valorParcelado - saldo }
    /// The prestação (the last one absorbs the remainder when there are no juros).
    var prestacao: Centavos { Centavos(valorParcelado.value / Int64(prestacoes)) }
    var instante: String { data.iso + " " + zeroPadded(hora, 2) + ":00:00-03" }

    func valorPrestacao(_ numero: Int) -> Centavos {
        numero < prestacoes ? prestacao : valorParcelado - Centavos(prestacao.value * Int64(prestacoes - 1))
    }

    /// The prestação charged in the conta of month `index`, if any.
    func prestacaoCobrada(noMes index: Int) -> Int? { index > mes ? index - mes : nil }

    func parcela(_ index: Int) -> Bool { itens.contains { $0.mes == index } }
}

/// A guia de pagamento for a service or a fine (not a parcelamento's entrada).
struct GuiaServicoPlan: Sendable {
    let debitoTipo: Int
    let valor: Centavos
    let emissao: CivilDate
    let vencimento: CivilDate
    let pagamento: CivilDate?
    let observacao: String
}

/// Installment arithmetic, in centavos.
public enum SeedFinanciamento {
    /// The Tabela Price prestação of the shared rule (``TabelaPrice``); the generator's
    /// amounts always fit it.
    public static func prestacao(saldo: Centavos, taxa: Int, prestacoes n: Int) -> Centavos {
        TabelaPrice.prestacao(saldo: saldo, taxa: taxa, prestacoes: n) ?? .zero
    }

    /// Multa of 2 % plus juros de mora of 1 % a month, pro rata die, on a conta `dias` days
    /// overdue (each rounded half up to the centavo).
    public static func acrescimos(valor: Centavos, dias: Int) -> Centavos {
        let multa = (valor.value * 200 + 5_000) / 10_000
        let juros = (valor.value * Int64(max(0, dias)) * 100 + 150_000) / 300_000
        return Centavos(multa + juros)
    }
}

extension Seeder {
    /// Share of the eligible debtors (connected, in arrears for at least two months, not in
    /// judicial collection nor reported by JusCompesa) that made a parcelamento: about
    /// 1.5 % of all imóveis with 12 months of history.
    static let percentualParcelamento = 25.0
    /// Share of connected imóveis with an open or paid service guia.
    static let percentualGuiaServico = 0.5
    /// Débito tipo of a parcelamento's prestações and of its entrada (SeedCatalogs).
    static let debitoTipoParcelamento = 3
    static let debitoTipoEntradaParcelamento = 6

    /// Ids: parcelamento = imóvel; its débito a cobrar N + imóvel (the service one keeps
    /// the imóvel's id); entrada guia = imóvel, service guia N + imóvel; a guia's
    /// pagamento comes after every conta's: N × (meses + 1) + guia.
    func parcelamentoId(_ p: ImovelPlan) -> Int { p.id }
    func debitoParcelamentoId(_ p: ImovelPlan) -> Int { options.imoveis + p.id }
    func guiaEntradaId(_ p: ImovelPlan) -> Int { p.id }
    func guiaServicoId(_ p: ImovelPlan) -> Int { options.imoveis + p.id }
    func pagamentoGuiaId(_ guia: Int) -> Int { options.imoveis * mesesPorImovel + guia }

    /// The conta's total as the generator writes it (água + esgoto + débitos − créditos −
    /// impostos) for a closed month that carries no débitos nor créditos.
    func valorContaFechada(_ p: ImovelPlan, _ mes: ImovelPlan.Mes) -> Centavos {
        let impostos = p.orgaoPublico ? Centavos(impostos(mes.agua + mes.esgoto).reduce(0, +)) : .zero
        return mes.agua + mes.esgoto - impostos
    }

    /// The imóvel's parcelamento, if it made one. Cheap for the others (no draw at all for
    /// those not eligible); `meses` saves rebuilding the months when the caller has them.
    func parcelamento(_ p: ImovelPlan, meses dados: [ImovelPlan.Mes]? = nil) -> ParcelamentoPlan? {
        guard case .devedor(let desde) = p.pagador, !p.judicial, !p.informadoJusCompesa, p.ligacaoAgua == 3 else {
            return nil
        }
        let atual = calendar.meses
        guard desde <= atual - 2 else { return nil }
        // A stream of its own: the draws of every other table stay as they were.
        var r = SeedRandom(seed: options.seed, stream: Stream.parcelamento.rawValue, index: UInt64(p.id))
        guard r.chance(Self.percentualParcelamento) else { return nil }
        let grupo = layout.grupo(rota: p.rota)
        let mes = r.int(max(desde + 1, atual - 12)...(atual - 1))
        // After the month's reading: its conta is already billed, the first prestação goes
        // to the next one.
        let data = SeedCalendar.dia(calendar.referencia(mes), r.int((SeedCalendar.diaLeitura(grupo: grupo) + 1)...28))
        let hora = r.int(8...17)
        let meses = dados ?? p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa)
        var itens: [ParcelamentoPlan.Item] = []
        var valorContas = Centavos.zero
        var acrescimos = Centavos.zero
        for index in desde...mes where meses[index].faturado {
            let vencimento = SeedCalendar.vencimento(meses[index].referencia, grupo: grupo)
            let valor = valorContaFechada(p, meses[index])
            guard valor > .zero, data > vencimento else { continue }
            itens.append(.init(mes: index, valor: valor))
            valorContas = valorContas + valor
            acrescimos = acrescimos + SeedFinanciamento.acrescimos(valor: valor, dias: data - vencimento)
        }
        guard !itens.isEmpty else { return nil }
        let percentualDesconto: Int64 = [0, 0, 0, 0, 0, 50, 50, 50, 100, 100][r.int(0...9)]
        let desconto = Centavos(acrescimos.value * percentualDesconto / 100)
        let atualizado = valorContas + acrescimos - desconto
        let entrada = Centavos(max(1, (atualizado.value * Int64(r.int(10...30)) + 50) / 100))
        // Prestações already charged, the current conta's included: never all of them.
        let cobradas = atual - mes
        let prestacoes = r.int(max(6, cobradas + 1)...24)
        let taxa = prestacoes <= 6 ? 0 : [0, 100, 150, 200][r.int(0...3)]
        let saldo = atualizado - entrada
        let prestacao = SeedFinanciamento.prestacao(saldo: saldo, taxa: taxa, prestacoes: prestacoes)
        let valorParcelado = taxa == 0 ? saldo : Centavos(prestacao.value * Int64(prestacoes))
        let vencimentoEntrada = data.adding(days: r.int(1...10))
        let pago = data.adding(days: r.int(0...(vencimentoEntrada - data)))
        return ParcelamentoPlan(
            mes: mes, data: data, hora: hora, itens: itens, valorContas: valorContas, acrescimos: acrescimos,
            desconto: desconto, entrada: entrada, prestacoes: prestacoes, taxa: taxa, valorParcelado: valorParcelado,
            vencimentoEntrada: vencimentoEntrada, pagamentoEntrada: pago < calendar.hoje ? pago : nil)
    }

    /// A service guia (segunda via, multa; religação for a cortado imóvel), for a few
    /// connected imóveis. Religação guias are still open: paying one is what reconnects.
    func guiaServico(_ p: ImovelPlan) -> GuiaServicoPlan? {
        guard p.ligacaoAgua == 3 else { return nil }
        var r = SeedRandom(seed: options.seed, stream: Stream.guia.rawValue, index: UInt64(p.id))
        guard r.chance(Self.percentualGuiaServico) else { return nil }
        let emissao = calendar.hoje.adding(days: -r.int(1...75))
        let vencimento = emissao.adding(days: r.int(5...30))
        let cortado = if case .cortado = p.pagador { true } else { false }
        let (tipo, valor, observacao): (Int, Centavos, String) =
            if cortado {
                (1, Centavos(4_500), "RELIGACAO DE AGUA APOS CORTE")
            } else if r.chance(60) {
                (2, Centavos(350), "SEGUNDA VIA DE CONTA")
            } else {
                (4, Centavos(Int64(r.int(10...60)) * 500), "AUTO DE INFRACAO")
            }
        var pagamento: CivilDate?
        if tipo != 1, r.chance(60) {
            let data = emissao.adding(days: r.int(0...(vencimento - emissao)))
            if data < calendar.hoje { pagamento = data }
        }
        return GuiaServicoPlan(debitoTipo: tipo, valor: valor, emissao: emissao, vencimento: vencimento,
                               pagamento: pagamento, observacao: observacao)
    }

    static func referencia(_ data: CivilDate) -> Int { data.year * 100 + data.month }
}
