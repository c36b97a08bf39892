import Foundation
import GSANModel

/// The contractor's return file (docs/encerramento.md): UTF-8 text, one OS per line, fields
/// separated by `;`, a header line first:
///
///     os;data;hora;motivo;pavimento;asfalto;paralelepipedo;calcada;parecer;agente
///     1234;13/06/2025;09:30;2;;;;;DEBITO NEGOCIADO;JOSE DA SILVA
///     1240;24/06/2025;14:05;2;COM;0;0;1,25;CORTE NO RAMAL;MARIA SOUZA
///
/// A field may be quoted (`"…"`, `""` for a quote) to hold a `;`. Empty `hora` is 00:00; `pavimento`
/// COM or SEM (empty when the service needs none); areas in m² with up to two decimals.
public enum ArquivoRetorno {
    public static let cabecalho = ["os", "data", "hora", "motivo", "pavimento", "asfalto", "paralelepipedo", "calcada", "parecer", "agente"]

    /// A line that could not be read, or that the rules refuse.
    public struct Rejeicao: Sendable, Hashable {
        public var linha: Int
        public var motivo: String
        public var texto: String
        public init(linha: Int, motivo: String, texto: String) {
            self.linha = linha
            self.motivo = motivo
            self.texto = texto
        }
    }

    public struct Linha: Sendable, Hashable {
        public var numero: Int
        public var texto: String
        public var pedido: EncerramentoManual.Pedido

        public init(numero: Int, texto: String, pedido: EncerramentoManual.Pedido) {
            self.numero = numero
            self.texto = texto
            self.pedido = pedido
        }
    }

    /// Splits a line into fields (`;`, optional quotes); nil when a quote is left open or text
    /// follows a closing quote. Read as UTF-8 bytes: `;` and `"` are ASCII, never inside another
    /// character's bytes, and a file of 100,000 lines is split many times faster than by
    /// Characters.
    public static func campos(_ linha: String) -> [String]? {
        let aspas = UInt8(ascii: "\""), separador = UInt8(ascii: ";")
        var campos: [String] = []
        var atual: [UInt8] = []
        var bytes = linha.utf8.makeIterator()
        var proximo = bytes.next()
        var inicioDoCampo = true
        while let c = proximo {
            if inicioDoCampo && c == aspas {
                // A quoted field: up to the closing quote, "" for a quote; then ; or the end.
                var fechou = false
                proximo = bytes.next()
                while let q = proximo {
                    proximo = bytes.next()
                    if q == aspas {
                        if proximo == aspas {
                            atual.append(aspas)
                            proximo = bytes.next()
                            continue
                        }
                        fechou = true
                        break
                    }
                    atual.append(q)
                }
                guard fechou, proximo == nil || proximo == separador else { return nil }
                inicioDoCampo = false
                continue
            }
            if c == separador {
                campos.append(String(decoding: atual, as: UTF8.self))
                atual.removeAll(keepingCapacity: true)
                inicioDoCampo = true
            } else {
                atual.append(c)
                inicioDoCampo = false
            }
            proximo = bytes.next()
        }
        campos.append(String(decoding: atual, as: UTF8.self))
        return campos
    }

    /// Reads every line; the header must be the layout's. Returns the lines read and those
    /// refused with their reason (line numbers count the header as 1).
    public static func ler(_ texto: String) -> (linhas: [Linha], rejeitadas: [Rejeicao]) {
        var linhas: [Linha] = []
        var rejeitadas: [Rejeicao] = []
        // Lines end in \n or \r\n; split on the bytes (\n is never inside another character's).
        var todas = texto.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)
        }
        if todas.last == "" { todas.removeLast() }
        guard let primeira = todas.first else {
            return ([], [Rejeicao(linha: 1, motivo: "arquivo vazio: falta o cabeçalho \(cabecalho.joined(separator: ";"))", texto: "")])
        }
        let cabecalhoLido = primeira.hasPrefix("\u{FEFF}") ? String(primeira.dropFirst()) : primeira
        guard campos(cabecalhoLido)?.map({ $0.semBrancosNasPontas.lowercased() }) == cabecalho else {
            return ([], [Rejeicao(linha: 1, motivo: "cabeçalho inválido: esperado \(cabecalho.joined(separator: ";"))", texto: primeira)])
        }
        var primeiraLinhaDaOS: [Int64: Int] = [:]
        for (indice, texto) in todas.enumerated().dropFirst() {
            let numero = indice + 1
            if texto.semBrancosNasPontas.isEmpty {
                rejeitadas.append(.init(linha: numero, motivo: "linha em branco", texto: texto))
                continue
            }
            switch pedido(texto) {
            case .failure(let erro):
                rejeitadas.append(.init(linha: numero, motivo: erro.motivo, texto: texto))
            case .success(let p):
                if let anterior = primeiraLinhaDaOS[p.ordem] {
                    rejeitadas.append(.init(linha: numero, motivo: "OS \(p.ordem) repetida no arquivo (também na linha \(anterior))", texto: texto))
                } else {
                    primeiraLinhaDaOS[p.ordem] = numero
                    linhas.append(Linha(numero: numero, texto: texto, pedido: p))
                }
            }
        }
        return (linhas, rejeitadas)
    }

    struct Erro: Error { var motivo: String }

    static func pedido(_ texto: String) -> Result<EncerramentoManual.Pedido, Erro> {
        guard let c = campos(texto) else { return .failure(Erro(motivo: "aspas não fechadas")) }
        guard c.count == cabecalho.count else {
            return .failure(Erro(motivo: "\(c.count) campos, esperados \(cabecalho.count) (separados por ;)"))
        }
        let f = c.map(\.semBrancosNasPontas)
        guard !f[0].isEmpty else { return .failure(Erro(motivo: "informe o número da OS")) }
        guard f[0].count <= 18, f[0].allSatisfy({ $0.isASCII && $0.isNumber }), let ordem = Int64(f[0]), ordem > 0 else {
            return .failure(Erro(motivo: "número da OS inválido: \(f[0])"))
        }
        guard !f[1].isEmpty else { return .failure(Erro(motivo: "informe a data de execução")) }
        guard let data = CivilDate(brazilian: f[1]) else { return .failure(Erro(motivo: "data inválida: \(f[1]) (use DD/MM/AAAA)")) }
        var minutos = 0
        if !f[2].isEmpty {
            guard let m = EncerramentoManual.hora(f[2]) else { return .failure(Erro(motivo: "hora inválida: \(f[2]) (use HH:MM)")) }
            minutos = m
        }
        guard !f[3].isEmpty else { return .failure(Erro(motivo: "informe o motivo de encerramento")) }
        guard f[3].count <= 4, f[3].allSatisfy({ $0.isASCII && $0.isNumber }), let motivo = Int(f[3]) else {
            return .failure(Erro(motivo: "motivo de encerramento inválido: \(f[3])"))
        }
        var pavimento: EncerramentoManual.Pavimento?
        let areasInformadas = !f[5].isEmpty || !f[6].isEmpty || !f[7].isEmpty
        if !f[4].isEmpty || areasInformadas {
            let com: Bool
            switch f[4].uppercased() {
            case "COM", "": com = true
            case "SEM": com = false
            default: return .failure(Erro(motivo: "pavimento inválido: \(f[4]) (COM ou SEM)"))
            }
            var areas: [Int] = []
            for (nome, valor) in [("asfalto", f[5]), ("paralelepípedo", f[6]), ("calçada", f[7])] {
                if valor.isEmpty {
                    areas.append(0)
                } else if let a = EncerramentoManual.area(valor) {
                    areas.append(a)
                } else {
                    return .failure(Erro(motivo: "área de \(nome) inválida: \(valor) (m², até duas casas decimais)"))
                }
            }
            pavimento = .init(comPavimento: com, asfalto: areas[0], paralelepipedo: areas[1], calcada: areas[2])
        }
        return .success(.init(
            ordem: ordem, motivo: motivo, data: data, minutos: minutos, parecer: f[8].isEmpty ? nil : c[8],
            pavimento: pavimento, agente: f[9].isEmpty ? nil : f[9]))
    }

    /// A field as written back (the rejected lines file): quoted when it holds `;` or `"`.
    public static func campo(_ texto: String) -> String {
        guard texto.contains(";") || texto.contains("\"") else { return texto }
        return "\"" + texto.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
