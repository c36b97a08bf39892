import EncerramentoRegras
import Foundation
import GSANModel

/// The return file of the inspection teams (`gsan os fiscalizacao retorno --arquivo F`;
/// docs/fiscalizacao.md): UTF-8, one OS per line, `;`-separated fields (quotes as in the
/// contractor's file, ``ArquivoRetorno/campos(_:)``), with the header ``cabecalho``. Each line is the
/// command's flags: situações separated by `,`, photos as `TIPO:ARQUIVO` separated by `,` (paths
/// relative to the file's folder).
public enum ArquivoRetornoFiscalizacao {
    public static let cabecalho = [
        "os", "situacoes", "documento", "encerrar", "motivo", "parecer", "gerar_debito", "tipo_medicao", "atualizar_ligacao",
        "auto_infracao", "data_auto", "observacao", "fotos",
    ]

    public struct Linha: Sendable, Hashable {
        public var numero: Int
        public var pedido: RetornoFiscalizacao.Pedido
    }

    public struct Rejeicao: Error, Sendable, Hashable {
        public var linha: Int
        public var motivo: String
        public init(linha: Int, motivo: String) {
            self.linha = linha
            self.motivo = motivo
        }
    }

    /// `sim`/`nao` (or `não`); nil for an empty field; `.failure` otherwise.
    public static func simNao(_ texto: String, campo: String) -> Result<Bool?, Rejeicao> {
        switch texto.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": .success(Bool?.none)
        case "sim", "s": .success(true)
        case "nao", "não", "n": .success(false)
        default: .failure(Rejeicao(linha: 0, motivo: "\(campo) inválido: \(texto) (sim ou nao)."))
        }
    }

    /// `12,13` → [12, 13]; nil when an id is not a number.
    public static func situacoes(_ texto: String) -> [Int]? {
        let partes = texto.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var ids: [Int] = []
        for p in partes where !p.isEmpty {
            guard p.count <= 4, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p) else { return nil }
            ids.append(n)
        }
        return ids
    }

    /// `TIPO:ARQUIVO`: an empty type or file is kept empty for the rule's message.
    public static func foto(_ texto: String) -> RetornoFiscalizacao.Foto {
        guard let doisPontos = texto.firstIndex(of: ":") else {
            return .init(tipo: Int(texto.trimmingCharacters(in: .whitespaces)), arquivo: nil)
        }
        let tipo = texto[..<doisPontos].trimmingCharacters(in: .whitespaces)
        let arquivo = texto[texto.index(after: doisPontos)...].trimmingCharacters(in: .whitespaces)
        return .init(tipo: tipo.isEmpty ? nil : Int(tipo) ?? -1, arquivo: arquivo.isEmpty ? nil : arquivo)
    }

    public static func ler(_ texto: String) -> (linhas: [Linha], rejeitadas: [Rejeicao]) {
        var todas = texto.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if todas.last == "" { todas.removeLast() }
        guard let primeira = todas.first else {
            return ([], [Rejeicao(linha: 1, motivo: "arquivo vazio: falta o cabeçalho \(cabecalho.joined(separator: ";"))")])
        }
        let lido = primeira.hasPrefix("\u{FEFF}") ? String(primeira.dropFirst()) : primeira
        guard ArquivoRetorno.campos(lido)?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == cabecalho else {
            return ([], [Rejeicao(linha: 1, motivo: "cabeçalho inválido: esperado \(cabecalho.joined(separator: ";"))")])
        }
        var linhas: [Linha] = []
        var rejeitadas: [Rejeicao] = []
        var primeiraDaOS: [Int64: Int] = [:]
        for (indice, texto) in todas.enumerated().dropFirst() {
            let numero = indice + 1
            if texto.trimmingCharacters(in: .whitespaces).isEmpty {
                rejeitadas.append(.init(linha: numero, motivo: "linha em branco"))
                continue
            }
            switch pedido(texto) {
            case .failure(let r): rejeitadas.append(.init(linha: numero, motivo: r.motivo))
            case .success(let p):
                if let anterior = primeiraDaOS[p.ordem] {
                    rejeitadas.append(.init(linha: numero, motivo: "OS \(p.ordem) repetida no arquivo (também na linha \(anterior))"))
                } else {
                    primeiraDaOS[p.ordem] = numero
                    linhas.append(Linha(numero: numero, pedido: p))
                }
            }
        }
        return (linhas, rejeitadas)
    }

    static func pedido(_ texto: String) -> Result<RetornoFiscalizacao.Pedido, Rejeicao> {
        func falha(_ m: String) -> Result<RetornoFiscalizacao.Pedido, Rejeicao> { .failure(Rejeicao(linha: 0, motivo: m)) }
        guard let c = ArquivoRetorno.campos(texto) else { return falha("aspas não fechadas") }
        guard c.count == cabecalho.count else { return falha("\(c.count) campos: o leiaute tem \(cabecalho.count)") }
        let t = c.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !t[0].isEmpty, t[0].count <= 18, t[0].allSatisfy({ $0.isASCII && $0.isNumber }), let ordem = Int64(t[0]), ordem > 0 else {
            return falha("Número da Ordem de Serviço inválido: \(t[0]).")
        }
        guard let situacoes = situacoes(t[1]) else { return falha("Situação da Fiscalização inválida: \(t[1]).") }
        guard !t[2].isEmpty else { return falha("Informe Documento Entregue.") }
        guard let documento = RetornoFiscalizacao.Documento(texto: t[2]) else {
            return falha("Documento Entregue inválido: \(t[2]) (comparecimento, auto, nenhum ou notificacao-esgoto).")
        }
        var p = RetornoFiscalizacao.Pedido(ordem: ordem, situacoes: situacoes, documento: documento)
        switch simNao(t[3], campo: "Encerrar OS") {
        case .failure(let r): return .failure(r)
        case .success(let v): p.encerrar = v ?? false
        }
        if !t[4].isEmpty {
            guard t[4].count <= 4, t[4].allSatisfy({ $0.isASCII && $0.isNumber }), let m = Int(t[4]) else {
                return falha("Motivo Encerramento inválido: \(t[4]).")
            }
            p.motivo = m
        }
        p.parecer = c[5].isEmpty ? nil : c[5]
        switch simNao(t[6], campo: "Gerar Débito a Cobrar") {
        case .failure(let r): return .failure(r)
        case .success(let v): p.gerarDebito = v
        }
        if !t[7].isEmpty {
            guard let m = RetornoFiscalizacao.TipoMedicao(texto: t[7]) else { return falha("Tipo de Medição inválido: \(t[7]) (agua ou poco).") }
            p.tipoMedicao = m
        }
        switch simNao(t[8], campo: "Atualizar Situação da Ligação") {
        case .failure(let r): return .failure(r)
        case .success(let v): p.atualizarLigacao = v
        }
        p.autoNumero = t[9].isEmpty ? nil : t[9]
        if !t[10].isEmpty {
            guard let d = CivilDate(brazilian: t[10]) else { return falha("Data do Auto de Infração inválida: \(t[10]) (use DD/MM/AAAA).") }
            p.autoData = d
        }
        p.observacao = c[11].isEmpty ? nil : c[11]
        p.fotos = t[12].split(separator: ",").map { foto(String($0)) }
        return .success(p)
    }
}
