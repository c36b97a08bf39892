import ArgumentParser
import GSANModel
import Foundation

/// The checks every command makes on its arguments before it opens the database: ranges of
/// the integer columns, lengths counted as the column counts them (PostgreSQL counts code
/// points: a decomposed "é" is two), printable text. Each refusal names the option as given (`--grupo`, `ID`).
enum Argumento {
    /// An id of an integer column: 1…2147483647.
    static let idInteiro = 1...Int(Int32.max)
    /// A quantity of an integer column: 1…2147483647.
    static let quantidade = 1...Int(Int32.max)

    static func faixa(_ valor: Int?, _ opcao: String, _ faixa: ClosedRange<Int>) throws {
        guard let valor, !faixa.contains(valor) else { return }
        throw ValidationError("\(opcao) \(valor) fora de \(faixa.lowerBound)…\(faixa.upperBound)")
    }

    static func faixa(_ valores: [Int], _ opcao: String, _ faixa: ClosedRange<Int>) throws {
        for valor in valores { try Self.faixa(valor, opcao, faixa) }
    }

    static func id(_ valor: Int?, _ opcao: String) throws { try faixa(valor, opcao, idInteiro) }

    /// Seconds to wait: above zero and at most a day.
    static func segundos(_ valor: Double, _ opcao: String) throws {
        guard valor.isFinite, valor > 0, valor <= 86_400 else {
            throw ValidationError("\(opcao) \(valor) fora de 0…86400 segundos (maior que zero)")
        }
    }

    /// The column's count (code points), not the characters a person sees.
    static func caracteresNaColuna(_ texto: String) -> Int { texto.caracteresNaColuna }

    static func tamanho(_ texto: String?, _ opcao: String, maximo: Int) throws {
        guard let texto else { return }
        let n = caracteresNaColuna(texto)
        guard n <= maximo else {
            throw ValidationError(
                "\(opcao) tem \(n) caracteres (como o banco conta: cada acento combinado conta um); o máximo é \(maximo)")
        }
    }

    /// Not blank, no control characters.
    static func textoImprimivel(_ texto: String, _ opcao: String) throws {
        guard !texto.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(opcao) vazio") }
        if let c = texto.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("\(opcao) tem o caractere de controle U+\(String(c.value, radix: 16, uppercase: true).leftPad(4))")
        }
    }
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: "0", count: Swift.max(0, n - count)) + self }
}
