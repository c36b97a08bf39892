import GSANModel

/// The print house's fixed-width file (docs/documentos.md, "Arquivo da gráfica"): per
/// document one record 01 (the document) followed by its records 02 (items), then one record
/// 09 (the rota's totals). ASCII only, upper case, `\n` after each record.
public enum LayoutImpressao {
    /// A field: its width and whether it is numeric (right-aligned, zero-filled) or text
    /// (left-aligned, space-filled, cut at the width).
    public struct Campo: Sendable {
        public var nome: String
        public var largura: Int
        public var numerico: Bool

        public init(nome: String, largura: Int, numerico: Bool) {
            self.nome = nome
            self.largura = largura
            self.numerico = numerico
        }
    }

    public static let registro01: [Campo] = [
        .init(nome: "tipo registro (01)", largura: 2, numerico: true),
        .init(nome: "número do documento", largura: 12, numerico: true),
        .init(nome: "matrícula do imóvel", largura: 9, numerico: true),
        .init(nome: "inscrição `LLL.SSS.QQQ.LLLL.SSS` (localidade.setor.quadra.lote.sublote, `Inscricao.formatada`)", largura: 20, numerico: false),
        .init(nome: "nome do cliente", largura: 40, numerico: false),
        .init(nome: "endereço", largura: 60, numerico: false),
        .init(nome: "tipo de documento", largura: 3, numerico: true),
        .init(nome: "data de emissão (DDMMAAAA)", largura: 8, numerico: true),
        .init(nome: "quantidade de itens", largura: 3, numerico: true),
        .init(nome: "valor do débito (centavos)", largura: 13, numerico: true),
        .init(nome: "acréscimos (centavos)", largura: 13, numerico: true),
        .init(nome: "valor total (centavos)", largura: 13, numerico: true),
        .init(nome: "tipo de serviço da ordem de serviço (0 se nenhuma)", largura: 4, numerico: true),
        .init(nome: "prazo de encerramento da OS (DDMMAAAA, 0 se nenhuma)", largura: 8, numerico: true),
    ]
    public static let registro02: [Campo] = [
        .init(nome: "tipo registro (02)", largura: 2, numerico: true),
        .init(nome: "número do documento", largura: 12, numerico: true),
        .init(nome: "tipo do item (1 conta, 6 débito a cobrar, 7 guia, 8 crédito)", largura: 1, numerico: true),
        .init(nome: "referência (AAAAMM, 0 se nenhuma)", largura: 6, numerico: true),
        .init(nome: "vencimento (DDMMAAAA, 0 se nenhum)", largura: 8, numerico: true),
        .init(nome: "valor (centavos)", largura: 13, numerico: true),
        .init(nome: "acréscimos (centavos)", largura: 13, numerico: true),
    ]
    public static let registro09: [Campo] = [
        .init(nome: "tipo registro (09)", largura: 2, numerico: true),
        .init(nome: "rota", largura: 9, numerico: true),
        .init(nome: "quantidade de documentos", largura: 7, numerico: true),
        .init(nome: "quantidade de itens", largura: 9, numerico: true),
        .init(nome: "valor total (centavos)", largura: 15, numerico: true),
    ]

    public static func largura(_ campos: [Campo]) -> Int { campos.reduce(0) { $0 + $1.largura } }

    public enum Valor: Sendable {
        case numero(Int64)
        case texto(String)
    }

    /// A number that does not fit its field: the file would be wrong, so none is written.
    public struct NaoCabe: Error, Sendable, Hashable, CustomStringConvertible {
        public var campo: String
        public var valor: Int64
        public var largura: Int

        public init(campo: String, valor: Int64, largura: Int) {
            self.campo = campo
            self.valor = valor
            self.largura = largura
        }

        public var description: String { "arquivo da gráfica: \(campo) = \(valor) não cabe em \(largura) posições" }
    }

    /// One record: each value formatted to its field.
    public static func registro(_ campos: [Campo], _ valores: [Valor]) throws(NaoCabe) -> String {
        precondition(campos.count == valores.count, "registro com \(valores.count) valores para \(campos.count) campos")
        var linha = ""
        for (campo, valor) in zip(campos, valores) {
            switch valor {
            case .numero(let n):
                let texto = String(max(n, 0))
                guard texto.count <= campo.largura else { throw NaoCabe(campo: campo.nome, valor: n, largura: campo.largura) }
                linha += String(repeating: "0", count: campo.largura - texto.count) + texto
            case .texto(let t):
                let limpo = String(ascii(t).prefix(campo.largura))
                linha += limpo + String(repeating: " ", count: campo.largura - limpo.count)
            }
        }
        return linha + "\n"
    }

    /// Upper-case ASCII: accents dropped, anything else outside printable ASCII becomes a space.
    public static func ascii(_ texto: String) -> String {
        let semAcento = texto.uppercased().applyingTransformSafe()
        return String(semAcento.unicodeScalars.map { $0.value >= 32 && $0.value < 127 ? Character($0) : " " })
    }

    public static func data(_ data: CivilDate?) -> Int64 {
        guard let data else { return 0 }
        return Int64(data.day * 1_000_000 + data.month * 10_000 + data.year)
    }
}

extension String {
    /// Latin letters without their diacritics (Ç → C, Ã → A), without Foundation's transforms.
    func applyingTransformSafe() -> String {
        let mapa: [Character: Character] = [
            "Á": "A", "À": "A", "Â": "A", "Ã": "A", "Ä": "A", "É": "E", "È": "E", "Ê": "E", "Ë": "E", "Í": "I", "Ì": "I",
            "Î": "I", "Ï": "I", "Ó": "O", "Ò": "O", "Ô": "O", "Õ": "O", "Ö": "O", "Ú": "U", "Ù": "U", "Û": "U", "Ü": "U",
            "Ç": "C", "Ñ": "N", "º": "O", "ª": "A",
        ]
        return String(map { mapa[$0] ?? $0 })
    }
}
