import Contratos
import FaturamentoRegras
import Foundation
import GSANCobranca
import GSANDatabase
import GSANModel
import JobRuntime
import Logging
import Postgres

/// What a close did, stored as the `faturamento.encerrar` job's result and in
/// `faturamento.faturamento_encerramento`.
public struct ResultadoEncerramento: Codable, Sendable, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var contasFaturadas: Int
    public var valorAgua: Centavos
    public var valorEsgoto: Centavos
    public var proximaReferencia: Int
    public var contasPreFaturadas: Int
}

/// "Encerrar faturamento do mês" of one billing group: in the caller's transaction,
///
/// 1. bills the group's pre-billed contas (PRÉ-FATURADA, 9) of the reference: consumption from
///    the month's consumption history when the reading was registered, else the imóvel's
///    average (GSAN's "média do imóvel"), else none (the minimum charge); water by the tariff in
///    force on the reference's first day, sewage as the bill's percentage of water; they become
///    NORMAL (0) with their emission date;
/// 2. advances the group to the next reference and pre-bills it (one PRÉ-FATURADA conta per
///    imóvel just billed, with the imóvel's current economias), so the next reading cycle's
///    route files have their bills;
/// 3. records the close (`faturamento_encerramento`), which makes running it again a no-op.
///
/// Any failure (a category without tariff, a conflict) rolls everything back: the reference
/// stays open, and the job can be retried or replayed after the data is fixed.
public struct Encerramento: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Bad data or a refused reference fails the same way on every attempt: dead at once, for
    /// the operator to fix and replay (nothing was written).
    public enum Erro: JobFailureConvertible, CustomStringConvertible {
        case recusa(RecusaFechamento)
        case calculo(conta: Int64, CalculoConta.Erro)

        public var description: String {
            switch self {
            case .recusa(let recusa): recusa.description
            case .calculo(let conta, let erro): "Conta \(conta): \(erro)"
            }
        }

        public var jobFailure: JobFailure { .permanent(description) }
    }

    /// The group, or nil when it does not exist. `bloquear` takes the row lock the close holds.
    public static func grupo(_ id: Int, db: PostgresConnection, bloquear: Bool = false) throws -> GrupoFaturamento? {
        let row = try db.query(
            """
            SELECT ftgr_id, ftgr_dsfaturamentogrupo, ftgr_amreferencia::int, ftgr_nndialeitura::int,
                   ftgr_nndiavencimento::int, ftgr_nndiaencerramento::int, ftgr_icvencimentomesfaturamento = 1,
                   ftgr_icuso = 1
            FROM faturamento.faturamento_grupo WHERE ftgr_id = $1
            """ + (bloquear ? " FOR UPDATE" : ""), [id]
        ).first
        guard let row else { return nil }
        let (gid, descricao, referencia, leitura, vencimento, encerramento, noMes, emUso) = try row.decode(
            (Int, String, Int, Int, Int, Int, Bool, Bool).self)
        return GrupoFaturamento(
            id: gid, descricao: descricao, referencia: Referencia(amReferencia: referencia)!, diaLeitura: leitura,
            diaVencimento: vencimento, diaEncerramento: encerramento, venceNoMesDaReferencia: noMes, emUso: emUso)
    }

    /// The stored result of a close already done, if any.
    public static func registrado(_ alvo: ReferenciaDoGrupo, db: PostgresConnection) throws -> ResultadoEncerramento? {
        let row = try db.query(
            """
            SELECT ften_qtcontas, ften_vlagua, ften_vlesgoto, ften_qtcontasprefaturadas
            FROM faturamento.faturamento_encerramento WHERE ftgr_id = $1 AND ften_amreferencia = $2
            """, [alvo.grupoFaturamento, alvo.referencia]
        ).first
        guard let row else { return nil }
        let (contas, agua, esgoto, prefaturadas) = try row.decode((Int, Centavos, Centavos, Int).self)
        let proxima = Referencia(amReferencia: alvo.referencia)!.seguinte.amReferencia
        return ResultadoEncerramento(
            grupoFaturamento: alvo.grupoFaturamento, referencia: alvo.referencia, contasFaturadas: contas,
            valorAgua: agua, valorEsgoto: esgoto, proximaReferencia: proxima, contasPreFaturadas: prefaturadas)
    }

    /// The group of `alvo` and its reference, when that reference is the group's open one;
    /// otherwise the refusal. `bloquear` takes the group's row lock for the caller's transaction.
    public static func aberta(
        _ alvo: ReferenciaDoGrupo, db: PostgresConnection, bloquear: Bool = false
    ) throws -> (GrupoFaturamento, Referencia) {
        guard let grupo = try grupo(alvo.grupoFaturamento, db: db, bloquear: bloquear) else {
            throw Erro.recusa(.grupoInexistente(alvo.grupoFaturamento))
        }
        guard let referencia = Referencia(amReferencia: alvo.referencia) else {
            throw Erro.recusa(.referenciaInvalida(String(alvo.referencia)))
        }
        if let recusa = ValidacaoFechamento.referenciaAberta(referencia, grupo: grupo) { throw Erro.recusa(recusa) }
        return (grupo, referencia)
    }

    /// Closes `alvo` inside the caller's transaction (see the type's comment). Already closed
    /// (by an earlier run of this chain): the stored result, nothing written.
    public func encerrar(_ alvo: ReferenciaDoGrupo, jobID: String?, db: PostgresConnection) throws -> ResultadoEncerramento {
        if let feito = try Self.registrado(alvo, db: db) { return feito }
        let (grupo, referencia) = try Self.aberta(alvo, db: db, bloquear: true)

        let faturadas = try faturar(grupo: grupo, referencia: referencia, hoje: alvo.hoje, db: db)
        let proxima = referencia.seguinte
        try db.execute(
            "UPDATE faturamento.faturamento_grupo SET ftgr_amreferencia = $2 WHERE ftgr_id = $1",
            [grupo.id, proxima.amReferencia])
        let prefaturadas = try preFaturar(grupo: grupo, anterior: referencia, db: db)
        try CalendarioFaturamento.registrar(grupo: grupo, encerrada: referencia, hoje: alvo.hoje, db: db)

        let resultado = ResultadoEncerramento(
            grupoFaturamento: grupo.id, referencia: referencia.amReferencia, contasFaturadas: faturadas.contas,
            valorAgua: faturadas.agua, valorEsgoto: faturadas.esgoto, proximaReferencia: proxima.amReferencia,
            contasPreFaturadas: prefaturadas)
        try db.execute(
            """
            INSERT INTO faturamento.faturamento_encerramento
                (ftgr_id, ften_amreferencia, ften_tmencerramento, ften_dtencerramento, ften_qtcontas, ften_vlagua,
                 ften_vlesgoto, ften_qtcontasprefaturadas, ften_idjob)
            VALUES ($1, $2, now(), coalesce($8::date, \(CivilDate.hojeSQL)), $3, $4, $5, $6, $7)
            """,
            [grupo.id, referencia.amReferencia, resultado.contasFaturadas, resultado.valorAgua, resultado.valorEsgoto,
             prefaturadas, jobID, alvo.hoje])
        logger.info(
            "referência encerrada",
            metadata: [
                "grupo": "\(grupo.id)", "referencia": "\(referencia)", "contas": "\(faturadas.contas)",
                "agua": "\(faturadas.agua)", "esgoto": "\(faturadas.esgoto)", "prefaturadas": "\(prefaturadas)",
            ])
        return resultado
    }

    // MARK: Billing the reference

    private func faturar(
        grupo: GrupoFaturamento, referencia: Referencia, hoje: CivilDate?, db: PostgresConnection
    ) throws -> (contas: Int, agua: Centavos, esgoto: Centavos) {
        let tarifas = try Tarifas.vigentes(em: CivilDate(year: referencia.ano, month: referencia.mes, day: 1)!, db: db)
        let contas = try ContaPreFaturada.carregar(grupo: grupo.id, referencia: referencia, db: db)
        try db.execute(
            """
            CREATE TEMP TABLE conta_faturada (
                cnta_id bigint PRIMARY KEY, consumo integer, cstp_id smallint, agua numeric(13,2), esgoto numeric(13,2),
                media integer,
                -- The check digit of the imóvel's conta of the next reference, which the close pre-bills.
                digito_seguinte smallint,
                -- Billed in the field (printed by the reader's phone, already NORMAL): only pre-billed here.
                campo boolean NOT NULL DEFAULT false
            ) ON COMMIT DROP;
            """)
        try db.execute(
            """
            CREATE TEMP TABLE conta_categoria_faturada (
                cnta_id bigint, scat_id integer, consumo integer, agua numeric(13,2), esgoto numeric(13,2)
            ) ON COMMIT DROP
            """)
        var totalAgua = Centavos.zero
        var totalEsgoto = Centavos.zero
        var calculadas: [(ContaPreFaturada, ContaCalculada)] = []
        calculadas.reserveCapacity(contas.count)
        for conta in contas {
            let calculada: ContaCalculada
            do {
                calculada = try CalculoConta.calcular(
                    consumo: conta.consumo, economias: conta.economias, tarifa: conta.tarifa,
                    tarifas: tarifas[conta.tarifa] ?? [:], percentualEsgotoCentesimos: conta.percentualEsgotoCentesimos,
                    esgotoLigado: conta.percentualEsgotoCentesimos > 0)
            } catch { throw Erro.calculo(conta: conta.id, error) }
            totalAgua = totalAgua + calculada.agua
            totalEsgoto = totalEsgoto + calculada.esgoto
            calculadas.append((conta, calculada))
        }
        let seguinte = referencia.seguinte
        _ = try db.copyIn(
            "COPY conta_faturada (cnta_id, consumo, cstp_id, agua, esgoto, media, digito_seguinte) FROM STDIN"
        ) { out in
            for (conta, calculada) in calculadas {
                try out.row([
                    conta.id, conta.consumo, conta.tipoConsumo.rawValue, calculada.agua, calculada.esgoto, conta.media,
                    DigitoVerificadorConta.calcular(imovel: conta.imovel, referencia: seguinte),
                ])
            }
        }
        _ = try db.copyIn("COPY conta_categoria_faturada (cnta_id, scat_id, consumo, agua, esgoto) FROM STDIN") { out in
            for (conta, calculada) in calculadas {
                for linha in calculada.linhas {
                    try out.row([conta.id, linha.linha.subcategoria, linha.consumo, linha.agua, linha.esgoto])
                }
            }
        }
        // Bills printed in the field (gsan-campo) are NORMAL already, with the reader's values:
        // the close leaves them as they are and pre-bills their imóveis' next reference too.
        let campo = try db.query(
            """
            SELECT cnta_id, imov_id FROM faturamento.conta
            WHERE ftgr_id = $1 AND cnta_amreferenciaconta = $2 AND dcst_idatual = 0 AND dcst_idanterior = 9
            ORDER BY cnta_id
            """, [grupo.id, referencia.amReferencia]
        ).map { try $0.decode((Int64, Int).self) }
        if !campo.isEmpty {
            _ = try db.copyIn("COPY conta_faturada (cnta_id, digito_seguinte, campo) FROM STDIN") { out in
                for (conta, imovel) in campo {
                    try out.row([conta, DigitoVerificadorConta.calcular(imovel: imovel, referencia: seguinte), true])
                }
            }
        }
        try db.execute(
            """
            UPDATE faturamento.conta c
            SET cnta_nnconsumoagua = f.consumo,
                cnta_nnconsumoesgoto = CASE WHEN c.cnta_pcesgoto > 0 THEN f.consumo ELSE 0 END,
                cnta_vlagua = f.agua, cnta_vlesgoto = f.esgoto,
                cnta_dtemissao = coalesce($1::date, \(CivilDate.hojeSQL)),
                dcst_idanterior = c.dcst_idatual, dcst_idatual = 0
            FROM conta_faturada f
            WHERE c.cnta_id = f.cnta_id AND NOT f.campo
            """, [hoje])
        try db.execute(
            """
            UPDATE faturamento.conta_categoria cc
            SET ctcg_nnconsumoagua = f.consumo, ctcg_vlagua = f.agua, ctcg_vlesgoto = f.esgoto,
                ctcg_nnconsumoesgoto = CASE WHEN f.esgoto > 0 THEN f.consumo ELSE 0 END
            FROM conta_categoria_faturada f
            WHERE cc.cnta_id = f.cnta_id AND cc.scat_id = f.scat_id
            """)
        // The month's consumption history (água; esgoto where billed) when the reading did not
        // already write it; ids in imóvel order, whatever plan the join takes.
        try db.execute(
            """
            INSERT INTO micromedicao.consumo_historico
                (imov_id, lgti_id, cshi_amfaturamento, cshi_nnconsumofaturadomes, cshi_nnconsumomedio, cstp_id)
            SELECT c.imov_id, l.lgti_id, c.cnta_amreferenciaconta, f.consumo, f.media, f.cstp_id
            FROM conta_faturada f
            JOIN faturamento.conta c USING (cnta_id)
            CROSS JOIN (VALUES (1), (2)) AS l (lgti_id)
            WHERE (l.lgti_id = 1 OR c.cnta_pcesgoto > 0) AND NOT f.campo
            ORDER BY c.imov_id, l.lgti_id
            ON CONFLICT (imov_id, lgti_id, cshi_amfaturamento) DO NOTHING
            """)
        return (contas.count, totalAgua, totalEsgoto)
    }

    // MARK: Pre-billing the next reference

    /// One PRÉ-FATURADA conta of the next reference for every imóvel billed now, with the
    /// imóvel's current economias, inscrição and tariff; the group's due day.
    private func preFaturar(grupo: GrupoFaturamento, anterior: Referencia, db: PostgresConnection) throws -> Int {
        let proxima = anterior.seguinte
        let vencimento = grupo.vencimento(proxima)
        let criadas = try db.query(
            """
            WITH novas AS (
                INSERT INTO faturamento.conta
                    (imov_id, cnta_amreferenciaconta, cnta_amreferenciacontabil, loca_id, qdra_id, cnta_cdsetorcomercial,
                     cnta_nnquadra, cnta_nnlote, cnta_nnsublote, cnta_dgverificadorconta, last_id, lest_id, ftgr_id,
                     rota_id, iper_id, cstf_id, cnta_pcesgoto, cnta_dtvencimentoconta, cnta_dtvalidadeconta,
                     dcst_idatual)
                SELECT c.imov_id, $1, $1, c.loca_id, c.qdra_id, c.cnta_cdsetorcomercial, c.cnta_nnquadra, c.cnta_nnlote,
                       c.cnta_nnsublote, f.digito_seguinte, c.last_id, c.lest_id, c.ftgr_id, c.rota_id, c.iper_id, c.cstf_id,
                       c.cnta_pcesgoto, $2::date, $2::date + (c.cnta_dtvalidadeconta - c.cnta_dtvencimentoconta), 9
                FROM conta_faturada f
                JOIN faturamento.conta c USING (cnta_id)
                WHERE NOT EXISTS (
                    SELECT 1 FROM faturamento.conta n
                    WHERE n.imov_id = c.imov_id AND n.cnta_amreferenciaconta = $1 AND n.dcst_idatual NOT IN (3, 4))
                ORDER BY c.imov_id
                RETURNING cnta_id, imov_id
            ), categorias AS (
                INSERT INTO faturamento.conta_categoria (cnta_id, scat_id, catg_id, ctcg_qteconomia)
                SELECT n.cnta_id, s.scat_id, sc.catg_id, s.imsc_qteconomia
                FROM novas n
                JOIN cadastro.imovel_subcategoria s ON s.imov_id = n.imov_id
                JOIN cadastro.subcategoria sc ON sc.scat_id = s.scat_id
                RETURNING cnta_id
            )
            SELECT (SELECT count(*) FROM novas), (SELECT count(DISTINCT cnta_id) FROM categorias)
            """, [proxima.amReferencia, vencimento])
        let (novas, comEconomias) = try criadas[0].decode((Int, Int).self)
        if comEconomias != novas {
            logger.warning("contas pré-faturadas sem economias", metadata: ["quantidade": "\(novas - comEconomias)"])
        }
        return novas
    }
}
