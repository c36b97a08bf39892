import Foundation
import GSANModel

/// Closing one service order as the contractor reports it (seed 002 §2.4, §2.7): the rules of the
/// Encerrar Ordem de Serviço screen, for `gsan os encerrar` and each line of a return file.
public enum EncerramentoManual {
    /// OS situação (migration 0006): 1 P, 2 E, 3 A, 4 L.
    public static func letra(situacao: Int) -> String {
        switch situacao {
        case 1: "P"
        case 2: "E"
        case 3: "A"
        case 4: "L"
        default: "?"
        }
    }

    public static func descricao(situacao: Int) -> String {
        switch situacao {
        case 1: "Pendente"
        case 2: "Encerrada"
        case 3: "Execução em Andamento"
        case 4: "Aguardando Liberação para Execução"
        default: "desconhecida"
        }
    }

    /// Pavement and repaired areas, in hundredths of m² (two decimals, as the bulletin pays them).
    public struct Pavimento: Sendable, Hashable, Codable {
        public var comPavimento: Bool
        public var asfalto: Int
        public var paralelepipedo: Int
        public var calcada: Int

        public init(comPavimento: Bool, asfalto: Int = 0, paralelepipedo: Int = 0, calcada: Int = 0) {
            self.comPavimento = comPavimento
            self.asfalto = asfalto
            self.paralelepipedo = paralelepipedo
            self.calcada = calcada
        }

        /// Up to 99.999,99 m²: the column's `numeric(7, 2)`.
        public static let areaMaxima = 9_999_999
    }

    /// What the person (or the file) asks.
    public struct Pedido: Sendable, Hashable, Codable {
        public var ordem: Int64
        public var motivo: Int
        public var data: CivilDate
        /// Minutes after midnight.
        public var minutos: Int
        public var parecer: String?
        public var pavimento: Pavimento?
        public var agente: String?

        public init(ordem: Int64, motivo: Int, data: CivilDate, minutos: Int = 0, parecer: String? = nil, pavimento: Pavimento? = nil,
                    agente: String? = nil) {
            self.ordem = ordem
            self.motivo = motivo
            self.data = data
            self.minutos = minutos
            self.parecer = parecer
            self.pavimento = pavimento
            self.agente = agente
        }
    }

    /// The order as it stands, and what its action accepts.
    public struct Ordem: Sendable, Hashable {
        public var situacao: Int
        public var emissao: CivilDate
        /// The service requires pavement and repair data (`svtp_icpavimento = 1`, seed 002 §2.7).
        public var exigePavimento: Bool
        /// The motivos its action accepts (atend_mot_enc_acao_cobr, seed 002 §2.5.1.1); nil when the
        /// order is not of an action (any motivo in use).
        public var motivosDaAcao: Set<Int>?
        /// The contract's empresa of the order's document, when it has one.
        public var empresaContrato: Int?

        public init(situacao: Int, emissao: CivilDate, exigePavimento: Bool, motivosDaAcao: Set<Int>?, empresaContrato: Int? = nil) {
            self.situacao = situacao
            self.emissao = emissao
            self.exigePavimento = exigePavimento
            self.motivosDaAcao = motivosDaAcao
            self.empresaContrato = empresaContrato
        }
    }

    /// A motivo de encerramento as registered.
    public struct Motivo: Sendable, Hashable {
        public var id: Int
        public var execucao: Bool
        public var emUso: Bool
        public init(id: Int, execucao: Bool, emUso: Bool = true) {
            self.id = id
            self.execucao = execucao
            self.emUso = emUso
        }
    }

    public static let parecerMaximo = 400
    public static let agenteMaximo = 60

    /// Why the order cannot be closed as asked, in the words a person reads; nil when it can.
    /// `ordem` nil: it does not exist; `motivo` nil: the motivo does not exist.
    public static func recusa(_ pedido: Pedido, ordem: Ordem?, motivo: Motivo?, hoje: CivilDate) -> String? {
        guard let ordem else { return "Ordem de Serviço \(pedido.ordem) inexistente." }
        switch ordem.situacao {
        case 1, 3: break
        case 2: return "Ordem de Serviço \(pedido.ordem) já encerrada."
        case 4: return "Ordem de Serviço \(pedido.ordem) aguardando OS de referência: não pode ser encerrada."
        default: return "Ordem de Serviço \(pedido.ordem) em situação desconhecida (\(ordem.situacao))."
        }
        guard let motivo, motivo.emUso else { return "Motivo de encerramento \(pedido.motivo) inexistente." }
        if let aceitos = ordem.motivosDaAcao, !aceitos.contains(motivo.id) {
            return "Motivo de encerramento \(pedido.motivo) não associado à ação de cobrança da Ordem de Serviço \(pedido.ordem)."
        }
        if pedido.data < ordem.emissao {
            return "Data de encerramento \(pedido.data) anterior à emissão da Ordem de Serviço (\(ordem.emissao))."
        }
        if pedido.data > hoje { return "Data de encerramento \(pedido.data) posterior à data atual (\(hoje))." }
        guard (0..<24 * 60).contains(pedido.minutos) else { return "Hora de encerramento inválida." }
        if let parecer = pedido.parecer, parecer.caracteresNaColuna > parecerMaximo {
            return "Parecer com \(parecer.caracteresNaColuna) caracteres: o máximo é \(parecerMaximo)."
        }
        if let agente = pedido.agente, agente.caracteresNaColuna > agenteMaximo {
            return "Agente com \(agente.caracteresNaColuna) caracteres: o máximo é \(agenteMaximo)."
        }
        if ordem.exigePavimento && motivo.execucao {
            guard let pavimento = pedido.pavimento else {
                return "Informe Pavimento: o serviço da Ordem de Serviço \(pedido.ordem) exige os dados de pavimento e reposição."
            }
            for (nome, area) in [("asfalto", pavimento.asfalto), ("paralelepípedo", pavimento.paralelepipedo), ("calçada", pavimento.calcada)] {
                if area < 0 || area > Pavimento.areaMaxima { return "Área de \(nome) fora do intervalo (0 a 99.999,99 m²)." }
            }
            if pavimento.comPavimento && pavimento.asfalto + pavimento.paralelepipedo + pavimento.calcada == 0 {
                return "Informe a área reposta (asfalto, paralelepípedo ou calçada): a Ordem de Serviço \(pedido.ordem) foi executada com pavimento."
            }
        }
        return nil
    }

    /// An area as typed: `12`, `12,5`, `12.50`; hundredths of m², nil when it is not a number ≥ 0 with
    /// at most two decimals.
    public static func area(_ texto: String) -> Int? {
        let t = texto.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let partes = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(partes.count), let inteira = partes.first, !inteira.isEmpty, inteira.count <= 5,
              inteira.allSatisfy({ $0.isASCII && $0.isNumber }), let reais = Int(inteira)
        else { return nil }
        var centesimos = 0
        if partes.count == 2 {
            let f = partes[1]
            guard (1...2).contains(f.count), f.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(f) else { return nil }
            centesimos = f.count == 1 ? v * 10 : v
        }
        return reais * 100 + centesimos
    }

    /// `HH:MM` → minutes after midnight.
    public static func hora(_ texto: String) -> Int? {
        let p = texto.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 2, p[1].count == 2, p.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(p[0]), let m = Int(p[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }
}
