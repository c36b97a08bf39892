import Contratos
import DocumentosRegras
import GSANDatabase
import GSANModel
import Postgres

/// The ids a command's rotas write their rows with, reserved by the job that fans them out, in rota order
/// (docs/operacao.md, "Numeração determinística"): the rows get the same ids whichever rota commits
/// first, and a retried rota the same ids again.
extension ContextoComando {
    /// ``rotas(db:)``, each with its ids: its `documento_rota` row and, for EMITIR, as many as the rota can
    /// write — a document, an OS and its trâmite per imóvel, an item per open debt, a message per channel
    /// the action sends. In the caller's transaction (the selection job's).
    public func rotasNumeradas(db: PostgresConnection) throws -> [RotaDoComando] {
        let partes = try rotas(db: db)
        func reservar(_ tabela: String, _ coluna: String, _ quantidades: [Int]) throws -> [IdsReservados] {
            try ReservaIds.reservar(tabela: tabela, coluna: coluna, quantidades: quantidades, db: db)
        }
        let documentoRota = try reservar("cobranca.documento_rota", "dcrt_id", partes.map { _ in 1 })
        let limites = simular ? [:] : try CarregaRota.limites(rotas: partes.map(\.rota), db: db)
        let imoveis = partes.map { limites[$0.rota]?.imoveis ?? 0 }
        let documentos = try reservar("cobranca.cobranca_documento", "cbdo_id", imoveis)
        let itens = try reservar("cobranca.cobranca_documento_item", "cdit_id", partes.map { limites[$0.rota]?.itens ?? 0 })
        let comOS = acao.servicoTipo == nil ? imoveis.map { _ in 0 } : imoveis
        let ordens = try reservar("atendimentopublico.ordem_servico", "orse_id", comOS)
        let tramites = try reservar("atendimentopublico.ordem_servico_unidade", "osun_id", comOS)
        let canais = (acao.enviaSMS ? 1 : 0) + (acao.enviaEmail ? 1 : 0)
        let mensagens = try reservar("cobranca.mensagem_saida", "mesa_id", imoveis.map { $0 * canais })
        return partes.enumerated().map { i, parte in
            var parte = parte
            parte.ids = IdsRotaDocumentos(
                documentoRota: documentoRota[i], documentos: documentos[i], itens: itens[i], ordens: ordens[i], tramites: tramites[i],
                mensagens: mensagens[i])
            return parte
        }
    }
}

extension LimiteComando.Resultado {
    /// EMITIR's file jobs: one per rota with documents, in rota order, each with the ids of its two
    /// `arquivo.arquivo_gerado` rows (PDF, then the print house's file). In the caller's transaction (the fan-in's).
    public func partesArquivo(_ comando: ComandoDocumentos, db: PostgresConnection) throws -> [ParteArquivo] {
        let comDocumentos = rotas.filter { $0.documentos > 0 }
        let ids = try ReservaIds.reservar(
            tabela: "arquivo.arquivo_gerado", coluna: "argr_id", quantidades: comDocumentos.map { _ in 2 }, db: db)
        return zip(comDocumentos, ids).map { ParteArquivo(comando: comando, rota: $0.rota, arquivos: $1) }
    }
}
