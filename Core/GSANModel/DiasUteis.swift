/// Business days: no weekends, no holidays of the utility's calendar (`feriado`).
public struct CalendarioUteis: Sendable, Hashable {
    public var feriados: Set<CivilDate>

    public init(feriados: Set<CivilDate>) { self.feriados = feriados }

    public func util(_ data: CivilDate) -> Bool { !data.isWeekend && !feriados.contains(data) }

    /// D + N business days: the N-th business day after `data` (N = 0 gives `data`).
    public func somar(_ dias: Int, a data: CivilDate) -> CivilDate {
        var resultado = data
        var restantes = dias
        while restantes > 0 {
            resultado = resultado.adding(days: 1)
            if util(resultado) { restantes -= 1 }
        }
        return resultado
    }
}
