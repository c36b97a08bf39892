public import GSANModel

/// The predecessor rule (seed 002 §1.2.3, §2.3.1; GSAN-FACTS §7): an action with a predecessor
/// (ordem de corte after the visita de cobrança) acts only on imóveis whose predecessor
/// document is still valid (calendar days) and at least the required business days old, and —
/// when the predecessor issues service orders — whose predecessor OS was executed.
public enum RegraPredecessora {
    /// A document of the predecessor issued to the imóvel, with the bills it charged.
    public struct DocumentoAnterior: Sendable, Hashable {
        public var emissao: CivilDate
        /// Cancelled documents (situação da ação 3 or 4) never count.
        public var cancelado: Bool
        public var contas: Set<Int64>
        /// Its service order was closed with a motivo of execution (`amen_icexecucao = 1`).
        public var executado: Bool

        public init(emissao: CivilDate, cancelado: Bool = false, contas: Set<Int64> = [], executado: Bool = false) {
            self.emissao = emissao
            self.cancelado = cancelado
            self.contas = contas
            self.executado = executado
        }
    }

    public enum Resultado: Sendable, Hashable {
        /// Without a predecessor, or validated by the document: every bill may be charged.
        case todasAsContas
        /// Validated per item: only these bills (charged by the predecessor in the window).
        case somente(Set<Int64>)
        case rejeitado
    }

    public static func avaliar(
        _ predecessora: AcaoDocumentos.Predecessora?, documentos: [DocumentoAnterior], hoje: CivilDate,
        calendario: CalendarioUteis
    ) -> Resultado {
        guard let predecessora else { return .todasAsContas }
        let validos = documentos.filter { !$0.cancelado && (!predecessora.exigeExecucao || $0.executado) }
        if let janela = predecessora.porItem {
            // Per bill: charged by a predecessor document issued between the minimum and maximum days ago.
            let contas = validos.filter { janela.contains(hoje - $0.emissao) }.reduce(into: Set<Int64>()) {
                $0.formUnion($1.contas)
            }
            return contas.isEmpty ? .rejeitado : .somente(contas)
        }
        // Still valid (issued within its validity, calendar days) and D + the minimum business
        // days already reached.
        let existe = validos.contains { documento in
            hoje - documento.emissao <= predecessora.diasValidade
                && calendario.somar(predecessora.diasMinimos, a: documento.emissao) <= hoje
        }
        return existe ? .todasAsContas : .rejeitado
    }
}
