import GSANCobranca
public import GSANModel

/// A billing group as the close sees it (`faturamento.faturamento_grupo`).
public struct GrupoFaturamento: Sendable, Hashable {
    public var id: Int
    public var descricao: String
    /// `ftgr_amreferencia`: the reference still open (the one the next close closes).
    public var referencia: Referencia
    public var diaLeitura: Int
    public var diaVencimento: Int
    public var diaEncerramento: Int
    /// `ftgr_icvencimentomesfaturamento = 1`: bills fall due in the reference's own month.
    public var venceNoMesDaReferencia: Bool
    public var emUso: Bool

    public init(
        id: Int, descricao: String, referencia: Referencia, diaLeitura: Int, diaVencimento: Int, diaEncerramento: Int,
        venceNoMesDaReferencia: Bool, emUso: Bool = true
    ) {
        self.id = id
        self.descricao = descricao
        self.referencia = referencia
        self.diaLeitura = diaLeitura
        self.diaVencimento = diaVencimento
        self.diaEncerramento = diaEncerramento
        self.venceNoMesDaReferencia = venceNoMesDaReferencia
        self.emUso = emUso
    }

    /// The day the group's calendar closes `referencia` (`ftgr_nndiaencerramento` of its month).
    public func dataEncerramento(_ referencia: Referencia) -> CivilDate {
        CivilDate(year: referencia.ano, month: referencia.mes, day: diaEncerramento)!
    }

    /// The due date of the bills of `referencia`.
    public func vencimento(_ referencia: Referencia) -> CivilDate {
        let mes = venceNoMesDaReferencia ? referencia : referencia.seguinte
        return CivilDate(year: mes.ano, month: mes.mes, day: diaVencimento)!
    }
}

/// Why a close is refused before any job starts; the message is what the operator reads.
public enum RecusaFechamento: Error, Hashable, Sendable, CustomStringConvertible {
    case referenciaInvalida(String)
    case grupoInexistente(Int)
    case grupoForaDeUso(String)
    case jaEncerrada(grupo: String, referencia: Referencia, corrente: Referencia)
    case futura(grupo: String, referencia: Referencia, corrente: Referencia)
    case mesNaoIniciado(referencia: Referencia, hoje: CivilDate)

    public var description: String {
        switch self {
        case .referenciaInvalida(let texto):
            "Referência inválida: \(texto) (informe MM/AAAA)."
        case .grupoInexistente(let id):
            "Grupo de faturamento \(id) inexistente."
        case .grupoForaDeUso(let grupo):
            "O \(grupo) está fora de uso: não há faturamento a encerrar."
        case .jaEncerrada(let grupo, let referencia, let corrente):
            "A referência \(referencia) do \(grupo) já foi encerrada (referência corrente do grupo: \(corrente))."
        case .futura(let grupo, let referencia, let corrente):
            "A referência \(referencia) do \(grupo) é futura: o grupo ainda está na referência \(corrente)."
        case .mesNaoIniciado(let referencia, let hoje):
            "A referência \(referencia) é futura: hoje é \(hoje)."
        }
    }
}

public enum ValidacaoFechamento {
    /// Only the group's open reference can be closed, and not before its month has begun.
    public static func validar(referencia: Referencia, grupo: GrupoFaturamento, hoje: CivilDate) -> RecusaFechamento? {
        if !grupo.emUso { return .grupoForaDeUso(grupo.descricao) }
        if let recusa = referenciaAberta(referencia, grupo: grupo) { return recusa }
        if referencia > Referencia(hoje) { return .mesNaoIniciado(referencia: referencia, hoje: hoje) }
        return nil
    }

    /// Whether `referencia` is the group's open one; the jobs check this again when they run.
    public static func referenciaAberta(_ referencia: Referencia, grupo: GrupoFaturamento) -> RecusaFechamento? {
        if referencia < grupo.referencia {
            return .jaEncerrada(grupo: grupo.descricao, referencia: referencia, corrente: grupo.referencia)
        }
        if referencia > grupo.referencia {
            return .futura(grupo: grupo.descricao, referencia: referencia, corrente: grupo.referencia)
        }
        return nil
    }
}

/// The check digit of a bill (`cnta_dgverificadorconta`): módulo 10 (weights 2 and 1 from the
/// right, digits of each product summed) over the imóvel's matrícula followed by the AAAAMM
/// reference — the same módulo 10 the barcode fields use.
public enum DigitoVerificadorConta {
    public static func calcular(imovel: Int, referencia: Referencia) -> Int {
        modulo10(String(imovel) + String(referencia.amReferencia))
    }

    public static func modulo10(_ digitos: String) -> Int { CodigoBarras.modulo10(digitos) }
}
