/// The progress line of every command that waits for its work (`--aguardar`, `--acompanhar`):
/// how much is done of the total, the share, and the time left at the pace so far — the
/// remaining units at the average time per unit since the wait began. No estimate before the
/// first unit is done (there is no pace yet), nor after the last.
public struct Progresso: Sendable {
    public let inicio: ContinuousClock.Instant

    public init(inicio: ContinuousClock.Instant = .now) {
        self.inicio = inicio
    }

    /// "37 de 120 rotas (30 %), faltam cerca de 1 min 05 s". `feitosNoInicio` are the units
    /// already done when the wait began (a file partly imported), which say nothing of the pace.
    public func linha(
        _ feitos: Int, de total: Int, _ unidade: String, feitosNoInicio: Int = 0, agora: ContinuousClock.Instant = .now
    ) -> String {
        var texto = "\(feitos) de \(total) \(unidade)"
        guard total > 0 else { return texto }
        texto += " (\(min(100, max(0, feitos) * 100 / total)) %)"
        let decorrido = agora - inicio
        let segundos = Double(decorrido.components.seconds) + Double(decorrido.components.attoseconds) / 1e18
        let ritmo = feitos - feitosNoInicio
        if feitos < total, ritmo > 0, segundos > 0 {
            texto += ", faltam cerca de " + Self.duracao(segundos * Double(total - feitos) / Double(ritmo))
        }
        return texto
    }

    private var feitosNoInicio: Int?
    private var ultimos: Int?

    /// The line when `feitos` changed since the last call, nil otherwise; the first count seen
    /// is what was done before the wait began.
    public mutating func seMudou(_ feitos: Int, de total: Int, _ unidade: String) -> String? {
        guard feitos != ultimos else { return nil }
        ultimos = feitos
        let antes = feitosNoInicio ?? feitos
        feitosNoInicio = antes
        return linha(feitos, de: total, unidade, feitosNoInicio: antes)
    }

    /// A duration as people read it: "0,42 s", "12,3 s", "4 min 05 s", "2 h 03 min".
    public static func duracao(_ segundos: Double) -> String {
        guard segundos.isFinite, segundos >= 0 else { return "—" }
        func decimal(_ valor: Double, casas: Int) -> String {
            let escala = casas == 2 ? 100.0 : 10.0
            let inteiro = Int((valor * escala).rounded())
            return "\(inteiro / Int(escala)),\(casas == 2 && inteiro % 100 < 10 ? "0" : "")\(inteiro % Int(escala)) s"
        }
        if segundos < 9.995 { return decimal(segundos, casas: 2) }
        if segundos < 59.95 { return decimal(segundos, casas: 1) }
        let s = Int(segundos.rounded())
        if s < 3600 { return "\(s / 60) min \(s % 60 < 10 ? "0" : "")\(s % 60) s" }
        let m = (s + 30) / 60
        return "\(m / 60) h \(m % 60 < 10 ? "0" : "")\(m % 60) min"
    }
}
