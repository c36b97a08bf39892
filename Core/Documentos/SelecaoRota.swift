import Contratos
import DocumentosRegras
import Foundation
import GSANDatabase
import GSANModel
import Logging
import Postgres

/// One rota of a command, in its job's transaction: the imóveis that meet the critério and the
/// predecessor rule, the rota's own cap, the selection recorded (the fan-in's input) and — for
/// EMITIR — the documents, items, service orders and messages issued. All or nothing per rota.
public struct SelecaoRota: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct Resumo: Codable, Sendable, Equatable {
        public var rota: Int
        public var avaliados: Int
        public var selecionados: Int
        /// After the rota's quantity.
        public var mantidos: Int
        public var documentosEmitidos: Int
        public var motivos: [String: Int]
    }

    /// A kept imóvel with what its document charges.
    struct Selecionado {
        var imovel: ImovelAvaliado
        var debito: DebitoSelecionado
    }

    public func processar(_ parte: RotaDoComando, contexto: ContextoComando, db: PostgresConnection) throws -> Resumo {
        let imoveis = try CarregaRota.imoveis(rota: parte.rota, db: db)
        let criterio = try CarregaRota.criterio(parte.criterio, acao: contexto.acao, db: db)
        let anteriores = try contexto.acao.predecessora.map {
            try CarregaRota.documentosPredecessora($0, imoveis: imoveis.map(\.id), db: db)
        } ?? [:]
        // The predecessor's gap is in business days: the calendar from a year before the base
        // date (a predecessor's document is at most its validity old) to a month after.
        let calendario = contexto.acao.predecessora == nil
            ? CalendarioUteis(feriados: []) : try CalendarioUteis.carregar(desde: contexto.dataBase.adding(days: -370), db: db)
        var motivos: [String: Int] = [:]
        var selecionados: [Int: Selecionado] = [:]
        var candidatos: [LimiteDocumentos.Candidato] = []
        for imovel in imoveis {
            let permitidas: Set<Int64>?
            switch RegraPredecessora.avaliar(
                contexto.acao.predecessora, documentos: anteriores[imovel.id] ?? [], hoje: contexto.dataBase,
                calendario: calendario)
            {
            case .rejeitado:
                motivos[SelecaoCriterio.Motivo.predecessora.rawValue, default: 0] += 1
                continue
            case .todasAsContas: permitidas = nil
            case .somente(let contas): permitidas = contas
            }
            switch SelecaoCriterio.avaliar(
                imovel, acao: contexto.acao, criterio: criterio, parametros: contexto.parametros, contasPermitidas: permitidas)
            {
            case .rejeitado(let motivo): motivos[motivo.rawValue, default: 0] += 1
            case .selecionado(let debito):
                selecionados[imovel.id] = Selecionado(imovel: imovel, debito: debito)
                candidatos.append(.init(ordemRota: parte.ordemRota, sequencia: imovel.sequencia, imovel: imovel.id, valor: debito.total))
            }
        }
        let mantidos = LimiteDocumentos.naRota(candidatos, quantidade: parte.quantidade)
        try gravarSelecao(parte, mantidos: mantidos.map { selecionados[$0.imovel]! }, db: db)
        try db.execute(
            """
            INSERT INTO cobranca.documento_rota (dcrt_id, \(parte.comando.coluna), rota_id, dcrt_nnordemrota, dcrt_icsimulacao,
                dcrt_qtavaliados, dcrt_qtselecionados, dcrt_qtlimiterota)
            VALUES (COALESCE($8::bigint, \(ReservaIds.proximo(tabela: "cobranca.documento_rota", coluna: "dcrt_id"))),
                    $1, $2, $3, $4, $5, $6, $7)
            """,
            [parte.comando.id, parte.rota, parte.ordemRota, contexto.simular ? 1 : 2, imoveis.count, candidatos.count,
             parte.quantidade, parte.ids?.documentoRota.id(0)])
        var emitidos = 0
        if !contexto.simular {
            emitidos = try Emissao(contexto: contexto, logger: logger).emitir(
                parte, selecionados: mantidos.map { selecionados[$0.imovel]! }, db: db)
        }
        return Resumo(
            rota: parte.rota, avaliados: imoveis.count, selecionados: candidatos.count, mantidos: mantidos.count,
            documentosEmitidos: emitidos, motivos: motivos)
    }

    private func gravarSelecao(_ parte: RotaDoComando, mantidos: [Selecionado], db: PostgresConnection) throws {
        guard !mantidos.isEmpty else { return }
        struct Linha: Encodable {
            var imov: Int, seq: Int, valor: String, itens: Int
        }
        let linhas = mantidos.map {
            Linha(imov: $0.imovel.id, seq: $0.imovel.sequencia, valor: $0.debito.total.decimalText, itens: $0.debito.itens.count)
        }
        try db.execute(
            """
            INSERT INTO cobranca.documento_selecionado (\(parte.comando.coluna), rota_id, imov_id, dcsl_nnordemrota,
                dcsl_nnsequencia, dcsl_vldocumento, dcsl_qtitens)
            SELECT $1, $2, x.imov, $3, x.seq, x.valor::numeric, x.itens
            FROM jsonb_to_recordset($4::jsonb) AS x(imov int, seq int, valor text, itens int)
            """, [parte.comando.id, parte.rota, parte.ordemRota, PostgresJSON(linhas)])
    }
}
