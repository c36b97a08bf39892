import Foundation
import GSANModel
import GSANSupport
import ParcelamentoJudicialRegras

/// What the operator asks (`gsan parcelamento-judicial simular | efetuar`): the selection, the
/// negociação and the plan. Interest comes as the court's rate; whether it is the Tabela Price
/// or simple interest is the utility's parameter (`parm_ictabelaprice`).
public struct PedidoParcelamento: Hashable, Sendable {
    public var filtro: FiltroSelecao
    public var negociacao: Negociacao
    /// Hundredths of a percent a month; nil or 0 = without interest.
    public var taxaJuros: Int?

    public init(filtro: FiltroSelecao, negociacao: Negociacao, taxaJuros: Int?) {
        self.filtro = filtro
        self.negociacao = negociacao
        self.taxaJuros = taxaJuros
    }

    /// The request's identity: SHA-256 of every field that shapes the agreement (the attached
    /// PDF by its own digest). Efetuar twice with the same request is one agreement.
    public var chave: String {
        let f = filtro
        let n = negociacao
        func texto(_ valor: (some CustomStringConvertible)?) -> String { valor.map { "\($0)" } ?? "-" }
        func custo(_ c: CustoInformado?) -> String {
            switch c {
            case nil: "-"
            case .valor(let v): "v\(v.value)"
            case .percentual(let p): "p\(p)"
            }
        }
        var campos: [String] = [
            "imoveis=" + f.imoveis.sorted().map(String.init).joined(separator: ","), "cliente=" + texto(f.cliente),
            "responsavel=" + texto(f.imovelResponsavel), "refini=" + texto(f.referenciaInicial), "reffim=" + texto(f.referenciaFinal),
            "acordo=" + texto(n.valorAcordo?.value), "processo=" + texto(n.processo?.trimmingSpaces), "custas=" + custo(n.custas),
            "honorarios=" + custo(n.honorarios), "data=" + n.dataAcordo.iso, "advogado=" + texto(n.advogado),
            "oab=" + texto(n.oab?.trimmingSpaces), "clienteresp=" + texto(n.clienteResponsavel), "obs=" + texto(n.observacao),
            "anexo=" + (n.anexo.map { SHA256.hex($0) } ?? "-"), "parcelas=\(n.prestacoes)", "custasplano=\(n.custasNoPlano)",
            "honorariosplano=\(n.honorariosNoPlano)", "venc=" + texto(n.primeiroVencimento?.iso), "dias=\(n.diasEntreParcelas)",
            "juros=" + texto(taxaJuros), "valores=" + (n.valoresParcelas.map { $0.map { String($0.value) }.joined(separator: ",") } ?? "-"),
            "perde=\(n.perdeDesconto)",
        ]
        // Only when given, so the keys of requests made before the entrada existed do not change.
        if let entrada = n.entrada { campos.append("entrada=\(entrada.value)") }
        return SHA256.hex(campos.joined(separator: "\n"))
    }
}
