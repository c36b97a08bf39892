import GSANCobranca
import GSANModel

/// An imóvel in judicial collection as the post-close step finds it.
public struct ImovelJudicial: Sendable, Hashable {
    public var imovel: Int
    /// Period of the situação especial in force (motivo 4); nil when the imóvel is in
    /// situação de cobrança 5 without one.
    public var periodo: PeriodoReferencias?
    public var processo: String?

    public init(imovel: Int, periodo: PeriodoReferencias?, processo: String?) {
        self.imovel = imovel
        self.periodo = periodo
        self.processo = processo
    }
}

/// What the post-close step does for a set of imóveis in judicial collection (seed 000):
/// every open bill goes under review, the period's final reference moves to the newest open
/// bill, and each imóvel's valor da causa is recomputed.
public struct AtualizacaoJudicial: Sendable, Equatable {
    /// Open bills not under review yet: after a close, the bills it created.
    public var contasParaRevisao: [Int64]
    /// New periods of the situações especiais, only where they change.
    public var periodos: [Int: PeriodoReferencias]
    /// One row per imóvel (zeros when it owes nothing: JusCompesa learns the debt is gone).
    public var debitos: [DebitoJudicial]
    /// Imóveis in situação 5 without a situação especial in force: no period to extend.
    public var semSituacaoEspecial: [Int]

    public static func calcular(
        imoveis: [ImovelJudicial], contas: [Int: [ContaEmAberto]], guias: [Int: [GuiaEmAberto]],
        debitos: [Int: [DebitoACobrar]], dataBase: CivilDate, parametros: ParametrosAcrescimos
    ) -> AtualizacaoJudicial {
        var result = AtualizacaoJudicial(contasParaRevisao: [], periodos: [:], debitos: [], semSituacaoEspecial: [])
        for imovel in imoveis {
            let abertas = contas[imovel.imovel] ?? []
            result.contasParaRevisao += abertas.filter { $0.motivoRevisao == nil }.map(\.id)
            if let periodo = imovel.periodo {
                let estendido = periodo.estendido(para: PeriodoReferencias.cobrindo(abertas.map(\.referencia)))
                if estendido != periodo { result.periodos[imovel.imovel] = estendido }
            } else {
                result.semSituacaoEspecial.append(imovel.imovel)
            }
            result.debitos.append(
                DebitoJudicial.compor(
                    imovel: imovel.imovel, processo: imovel.processo, contas: abertas, guias: guias[imovel.imovel] ?? [],
                    debitos: debitos[imovel.imovel] ?? [], dataBase: dataBase, parametros: parametros))
        }
        result.contasParaRevisao.sort()
        return result
    }
}
