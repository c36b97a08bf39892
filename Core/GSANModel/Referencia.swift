/// A month of the commercial calendar ("referência", "mês/ano"): shown `MM/AAAA`, stored as
/// `AAAAMM` (the `referencia` domain of the schema). The one home of reference arithmetic and of
/// its `MM/AAAA` text: every area (close, route files, documents, JusCompesa, seed) uses this.
public struct Referencia: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let ano: Int
    public let mes: Int

    /// The seeds' message for a month that is not one (seed 002 §2.3.4.2, "Mês/Ano inválido").
    public static let mensagemInvalida = "Mês/Ano inválido"

    /// Why a typed `MM/AAAA` was refused; the description is the seeds' message.
    public struct Invalida: Error, Hashable, Sendable, CustomStringConvertible {
        public let texto: String
        public init(texto: String) { self.texto = texto }
        public var description: String { Referencia.mensagemInvalida }
    }

    /// Fails for a month outside 1…12 or a year outside 1000…9999 (four digits, as typed).
    public init?(ano: Int, mes: Int) {
        guard (1...12).contains(mes), (1000...9999).contains(ano) else { return nil }
        self.ano = ano
        self.mes = mes
    }

    /// `AAAAMM`, as stored (`cbcm_amreferencia`, `cbgr_amreferencia`).
    public init?(amReferencia: Int) {
        self.init(ano: amReferencia / 100, mes: amReferencia % 100)
    }

    /// `MM/AAAA`, as the user types it on the screen (exactly two and four digits).
    public init?(mesAno text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let m = Int(parts[0]), let a = Int(parts[1])
        else { return nil }
        self.init(ano: a, mes: m)
    }

    /// `MM/AAAA` or the seeds' message (`Mês/Ano inválido`).
    public static func lendo(_ text: some StringProtocol) throws(Invalida) -> Referencia {
        guard let referencia = Referencia(mesAno: text) else { throw Invalida(texto: String(text)) }
        return referencia
    }

    /// The month a day belongs to.
    public init(_ data: CivilDate) {
        self.ano = data.year
        self.mes = data.month
    }

    /// Arithmetic results: months counted from year 0, never refused (a year past 9999 only
    /// arises 8,000 years from now).
    private init(mesesDesdeAnoZero total: Int) {
        let (ano, mes) = total.quotientAndRemainder(dividingBy: 12)
        self.ano = mes < 0 ? ano - 1 : ano
        self.mes = (mes < 0 ? mes + 12 : mes) + 1
    }

    private var mesesDesdeAnoZero: Int { ano * 12 + mes - 1 }

    public var amReferencia: Int { ano * 100 + mes }

    /// This month plus `meses` (negative: back).
    public func somando(meses: Int) -> Referencia { Referencia(mesesDesdeAnoZero: mesesDesdeAnoZero + meses) }

    /// The month after.
    public var seguinte: Referencia { somando(meses: 1) }

    /// The month before.
    public var anterior: Referencia { somando(meses: -1) }

    /// How many months from this one to `outra` (negative when `outra` comes first).
    public func meses(ate outra: Referencia) -> Int { outra.mesesDesdeAnoZero - mesesDesdeAnoZero }

    /// Day `dia` of this month; nil when the month has no such day.
    public func dia(_ dia: Int) -> CivilDate? { CivilDate(year: ano, month: mes, day: dia) }

    public static func < (lhs: Referencia, rhs: Referencia) -> Bool { lhs.amReferencia < rhs.amReferencia }

    /// `MM/AAAA`.
    public var description: String { zeroPadded(mes, 2) + "/" + String(ano) }

    // MARK: References carried as `AAAAMM` integers (rows, payloads, record fields)

    /// `AAAAMM` plus `meses`, for code that carries the stored integer (the route loader, the
    /// seed). Same arithmetic as `somando(meses:)`; total on any integer.
    public static func somar(_ amReferencia: Int, meses: Int) -> Int {
        let total = (amReferencia / 100) * 12 + (amReferencia % 100 - 1) + meses
        return Referencia(mesesDesdeAnoZero: total).amReferencia
    }

    /// `MM/AAAA` of a stored `AAAAMM`, as the texts of the seeds show a month (route file
    /// records, messages, the documents); the bare number when it is not a month.
    public static func mesAno(_ amReferencia: Int) -> String {
        Referencia(amReferencia: amReferencia)?.description ?? String(amReferencia)
    }
}
