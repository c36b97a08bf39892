import Contratos
import Faturamento
import FaturamentoRegras
import GSANCobranca
import GSANModel
import JusCompesaRegras
import Logging
import Postgres

/// After the close of (grupo, referência) (seed 000): every imóvel in judicial collection gets
/// its open bills — the ones the close just created — under review, its period extended to
/// them, and its valor da causa published in a new version of the remessa de débitos.
///
/// Each group's close publishes a complete version (all imóveis in judicial collection, of
/// every group), so the newest concluded version is always the whole picture. The group-level
/// job calls ``planejar(_:db:)``, which opens the version; one
/// ``processar(_:db:)`` per localidade writes its part, and the last part concludes it.
public struct PosFechamento: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct Plano: Codable, Sendable, Equatable {
        public var remessa: VersaoRemessa
        /// Localidades with imóveis in judicial collection: one job each (none when already published).
        public var localidades: [Int]
        public var parametros: ParametrosAcrescimos
        /// This close's version was concluded before: nothing to do.
        public var jaPublicada: Bool
    }

    public struct Resumo: Codable, Sendable, Equatable {
        public var localidade: Int
        public var imoveis = 0
        public var contasPostasEmRevisao = 0
        public var periodosEstendidos = 0
        public var valorDebito = Centavos.zero
        /// This part was already written (a second run): nothing changed.
        public var jaGravada = false
        /// This part was the last: the version is now visible to JusCompesa.
        public var remessaConcluida = false

        public init(localidade: Int) { self.localidade = localidade }
    }

    public func planejar(_ alvo: ReferenciaDoGrupo, db: PostgresConnection) throws -> Plano {
        guard let referencia = Referencia(amReferencia: alvo.referencia) else {
            throw ErroJusCompesa.referenciaInvalida(alvo.referencia)
        }
        guard let grupo = try Encerramento.grupo(alvo.grupoFaturamento, db: db) else {
            throw ErroJusCompesa.grupoInexistente(alvo.grupoFaturamento)
        }
        guard grupo.referencia > referencia else {
            throw ErroJusCompesa.naoEncerrada(
                grupo: grupo.id, referencia: referencia.amReferencia, corrente: grupo.referencia.amReferencia)
        }
        let parametros = try Self.parametros(db: db)
        try SQLApoio.bloquearReferencia(referencia.amReferencia, db: db)
        if let existente = try RemessaDebito.doFechamento(referencia: referencia.amReferencia, grupo: grupo.id, db: db) {
            guard existente.concluida else {
                throw ErroJusCompesa.remessaEmEscrita(referencia: existente.referencia, grupo: grupo.id, versao: existente.versao)
            }
            logger.info(
                "remessa deste fechamento já publicada: nada a fazer",
                metadata: ["remessa": "\(existente.id)", "versao": "\(existente.versao)"])
            return Plano(remessa: existente, localidades: [], parametros: parametros, jaPublicada: true)
        }
        if let aberta = try RemessaDebito.emEscrita(referencia: referencia.amReferencia, db: db) {
            throw ErroJusCompesa.remessaEmEscrita(referencia: aberta.referencia, grupo: aberta.grupo, versao: aberta.versao)
        }
        let localidades = try db.query("SELECT DISTINCT loca_id FROM cadastro.imovel WHERE cbst_id = 5 ORDER BY 1")
            .map { try $0.decode(Int.self, at: 0) }
        let remessa = try RemessaDebito.abrir(
            referencia: referencia.amReferencia, grupo: grupo.id, dataCalculo: grupo.dataEncerramento(referencia),
            localidades: localidades.count, db: db)
        if localidades.isEmpty { try RemessaDebito.concluir(remessa.id, db: db) }
        logger.info(
            "remessa de débitos aberta",
            metadata: [
                "remessa": "\(remessa.id)", "referencia": "\(referencia)", "versao": "\(remessa.versao)",
                "localidades": "\(localidades.count)", "data_calculo": "\(grupo.dataEncerramento(referencia))",
            ])
        return Plano(remessa: remessa, localidades: localidades, parametros: parametros, jaPublicada: false)
    }

    /// The localidade's imóveis in judicial collection: bills under review, periods extended,
    /// their rows of the remessa; concludes the remessa when this is its last part.
    public func processar(_ parte: PartePosFechamento, db: PostgresConnection) throws -> Resumo {
        try SQLApoio.bloquearLocalidade(parte.localidade, db: db)
        var resumo = Resumo(localidade: parte.localidade)
        guard let remessa = try RemessaDebito.carregar(parte.remessa, db: db), let dataBase = remessa.dataCalculo else {
            throw ErroJusCompesa.remessaInexistente(parte.remessa)
        }
        if try remessa.concluida || RemessaDebito.parteGravada(remessa: remessa.id, localidade: parte.localidade, db: db) {
            resumo.jaGravada = true
            return resumo
        }
        let imoveis = try Self.imoveisJudiciais(localidade: parte.localidade, db: db)
        let ids = imoveis.map(\.imovel)
        let atualizacao = AtualizacaoJudicial.calcular(
            imoveis: imoveis, contas: try CargaDebitos.contas(imoveis: ids, db: db),
            guias: try CargaDebitos.guias(imoveis: ids, db: db), debitos: try CargaDebitos.debitosACobrar(imoveis: ids, db: db),
            dataBase: dataBase, parametros: parte.parametros)

        resumo.imoveis = imoveis.count
        resumo.contasPostasEmRevisao = try RevisaoJudicial.colocar(contas: atualizacao.contasParaRevisao, hoje: parte.hoje, db: db)
        resumo.periodosEstendidos = try Self.estender(atualizacao.periodos, db: db)
        try Self.gravar(atualizacao.debitos, remessa: remessa.id, db: db)
        resumo.valorDebito = atualizacao.debitos.reduce(.zero) { $0 + $1.total }
        if !atualizacao.semSituacaoEspecial.isEmpty {
            logger.warning(
                "imóveis em cobrança judicial sem situação especial vigente: período não estendido",
                metadata: ["imoveis": "\(atualizacao.semSituacaoEspecial.prefix(20))", "quantidade": "\(atualizacao.semSituacaoEspecial.count)"])
        }
        resumo.remessaConcluida = try RemessaDebito.registrarParte(
            remessa: remessa.id, localidade: parte.localidade, imoveis: imoveis.count, db: db)
        logger.info(
            "débitos judiciais da localidade gravados",
            metadata: [
                "localidade": "\(parte.localidade)", "imoveis": "\(resumo.imoveis)",
                "contas_em_revisao": "\(resumo.contasPostasEmRevisao)", "periodos_estendidos": "\(resumo.periodosEstendidos)",
                "valor": "\(resumo.valorDebito)", "remessa_concluida": "\(resumo.remessaConcluida)",
            ])
        return resumo
    }
}
