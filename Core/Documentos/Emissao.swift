import Contratos
import DocumentosRegras
import GSANDatabase
import GSANModel
import Logging
import Postgres

/// EMITIR for one rota: a documento de cobrança per kept imóvel with its items, the service
/// order when the action has a tipo de serviço, and the SMS/e-mail messages when it sends them.
/// Numbers come from the rota and the imóvel's position, so a rerun numbers the same.
struct Emissao {
    var contexto: ContextoComando
    var logger: Logger

    func emitir(_ parte: RotaDoComando, selecionados: [SelecaoRota.Selecionado], db: PostgresConnection) throws -> Int {
        guard !selecionados.isEmpty else { return 0 }
        guard selecionados.count < NumeracaoDocumento.porRota else {
            throw ErroDocumentos.numeracaoEsgotada(rota: parte.rota, documentos: selecionados.count)
        }
        let acao = contexto.acao
        // Ids reserved by the selection job in rota order (RotaDoComando.ids), row by row in insertion order.
        let reservados = parte.ids
        struct Documento: Encodable {
            var id: Int64?, imov: Int, numero: Int64, valor: String, acrescimos: String
        }
        let documentos = selecionados.enumerated().map { posicao, s in
            Documento(
                id: reservados?.documentos.id(posicao),
                imov: s.imovel.id, numero: NumeracaoDocumento.numero(rota: parte.rota, posicao: posicao + 1),
                valor: s.debito.valor.decimalText, acrescimos: s.debito.acrescimos.decimalText)
        }
        let emissao = "($2::date::timestamp AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')"
        var ids: [Int: Int64] = [:]
        for row in try db.query(
            """
            INSERT INTO cobranca.cobranca_documento (cbdo_id, cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento,
                cbdo_vlacrescimos, imov_id, loca_id, qdra_id, iper_id, last_id, lest_id, dotp_id, cbac_id,
                \(parte.comando.coluna), cbct_id, empr_id, cese_id, cbdo_dtsituacaoacao, cbdo_tmemissaopred)
            SELECT COALESCE(x.id, \(ReservaIds.proximo(tabela: "cobranca.cobranca_documento", coluna: "cbdo_id"))),
                   x.numero, \(emissao), x.valor::numeric, x.acrescimos::numeric, m.imov_id, m.loca_id, m.qdra_id,
                   m.iper_id, m.last_id, m.lest_id, $3, $4, $5, $6, $7, $8, $2::date, NULL
            FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, imov int, numero bigint, valor text, acrescimos text)
            JOIN cadastro.imovel m ON m.imov_id = x.imov
            ORDER BY x.numero
            RETURNING imov_id, cbdo_id
            """,
            [PostgresJSON(documentos), contexto.dataBase, acao.documentoTipo, acao.id, parte.comando.id,
             parte.criterio, contexto.empresa, contexto.contrato])
        {
            let (imovel, id) = try row.decode((Int, Int64).self)
            ids[imovel] = id
        }
        // Every selected imóvel got its row back (the INSERT joins cadastro.imovel: one deleted
        // meanwhile would have none).
        let documento = Self.documentos(ids, rota: parte.rota)
        struct Item: Encodable {
            var cdit: Int64?, doc: Int64, tipo: Int, id: Int64, valor: String, acrescimos: String
        }
        var itens: [Item] = []
        for s in selecionados {
            for item in s.debito.itens {
                itens.append(Item(cdit: nil, doc: try documento(s.imovel.id), tipo: item.tipo.rawValue, id: item.id, valor: item.valor.decimalText,
                                  acrescimos: item.acrescimos.decimalText))
            }
        }
        // In the INSERT's order, each with its reserved id.
        itens.sort { ($0.doc, $0.tipo, $0.id) < ($1.doc, $1.tipo, $1.id) }
        for i in itens.indices { itens[i].cdit = reservados?.itens.id(i) }
        if !itens.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_documento_item (cdit_id, cbdo_id, dotp_id, cnta_id, gpag_id, dbac_id, crar_id,
                    cdit_vlitemcobrado, cdit_vlacrescimos)
                SELECT COALESCE(x.cdit, \(ReservaIds.proximo(tabela: "cobranca.cobranca_documento_item", coluna: "cdit_id"))),
                       x.doc, x.tipo, CASE WHEN x.tipo = 1 THEN x.id END, CASE WHEN x.tipo = 7 THEN x.id END,
                       CASE WHEN x.tipo = 6 THEN x.id END, CASE WHEN x.tipo = 8 THEN x.id END,
                       x.valor::numeric, x.acrescimos::numeric
                FROM jsonb_to_recordset($1::jsonb) AS x(cdit bigint, doc bigint, tipo smallint, id bigint, valor text, acrescimos text)
                ORDER BY x.doc, x.tipo, x.id
                """, [PostgresJSON(itens)])
        }
        if let servico = acao.servicoTipo { try ordensDeServico(servico, documentos: ids, reservados: reservados, db: db) }
        if acao.enviaSMS || acao.enviaEmail {
            let numeros = Dictionary(uniqueKeysWithValues: documentos.map { ($0.imov, $0.numero) })
            try mensagens(
                documento: documento, ids: ids, numeros: numeros, selecionados: selecionados, reservados: reservados?.mensagens, db: db)
        }
        return ids.count
    }

    /// The id of the document inserted for an imóvel, or the rota's error when there is none.
    static func documentos(_ ids: [Int: Int64], rota: Int) -> (Int) throws -> Int64 {
        { imovel in
            guard let id = ids[imovel] else {
                throw ErroDocumentos.dadoInconsistente(
                    "Rota \(rota): o imóvel \(imovel) foi selecionado, mas nenhum documento de cobrança foi inserido para ele "
                        + "(imóvel ausente de cadastro.imovel?).")
            }
            return id
        }
    }

    /// One order per document, pending, due D + N business days (the service's term) after the issue;
    /// rows in document order (their ids must not follow the plan PostgreSQL picks).
    private func ordensDeServico(_ servico: Int, documentos: [Int: Int64], reservados: IdsRotaDocumentos?, db: PostgresConnection) throws {
        guard let row = try db.query(
            "SELECT COALESCE(svtp_nndiasprazoexecucao, 0), svtp_vlservico FROM atendimentopublico.servico_tipo WHERE svtp_id = $1",
            [servico]).first
        else { throw ErroDocumentos.comandoInexistente("tipo de serviço \(servico)") }
        let (dias, valor) = try row.decode((Int, Centavos).self)
        let prazo = try calendario(db: db).somar(dias, a: contexto.dataBase)
        let unidade = try db.query(
            """
            SELECT unid_id FROM cadastro.unidade_organizacional
            WHERE unid_icuso = 1 AND ($1::int IS NULL OR empr_id = $1) ORDER BY unid_id LIMIT 1
            """, [contexto.empresa]).first?.decode(Int.self, at: 0)
        let ordens = try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (orse_id, svtp_id, imov_id, cbdo_id, orse_tmgeracao, orse_tmemissao,
                orse_dtprazoencerramento, unid_idatual, orse_vlservico)
            SELECT \(ReservaIds.expressao(
                tabela: "atendimentopublico.ordem_servico", coluna: "orse_id", parametro: "$6",
                posicao: "row_number() OVER (ORDER BY d.cbdo_nnsequenciadocumento)")),
                   $1, d.imov_id, d.cbdo_id, d.cbdo_tmemissao, d.cbdo_tmemissao, $3, $4, $5
            FROM cobranca.cobranca_documento d WHERE d.cbdo_id = ANY($2::bigint[])
            ORDER BY d.cbdo_nnsequenciadocumento
            RETURNING orse_id, orse_tmgeracao
            """,
            [servico, PostgresArray(documentos.values.sorted()), prazo, unidade, valor,
             PostgresArray(reservados?.ordens.primeiros(documentos.count) ?? [])])
        if let unidade, !ordens.isEmpty {
            try db.execute(
                """
                INSERT INTO atendimentopublico.ordem_servico_unidade (osun_id, orse_id, unid_id, attp_id, osun_tmregistro)
                SELECT \(ReservaIds.expressao(
                    tabela: "atendimentopublico.ordem_servico_unidade", coluna: "osun_id", parametro: "$3",
                    posicao: "row_number() OVER (ORDER BY o.orse_id)")),
                       o.orse_id, $2, 1, o.orse_tmgeracao FROM atendimentopublico.ordem_servico o WHERE o.orse_id = ANY($1::bigint[])
                ORDER BY o.orse_id
                """,
                [PostgresArray(try ordens.map { try $0.decode(Int64.self, at: 0) }), unidade,
                 PostgresArray(reservados?.tramites.primeiros(ordens.count) ?? [])])
        }
    }

    /// The utility's calendar (national, state and seat-municipality holidays) from the issue on.
    func calendario(db: PostgresConnection) throws -> CalendarioUteis {
        try CalendarioUteis.carregar(desde: contexto.dataBase, db: db)
    }

    /// The action's texts filled in per imóvel, into the outbox (sending is another process's).
    /// Every field of ``TextoMensagem/campos`` has its value: the imóvel's address as GSAN
    /// prints it (`cadastro.imovel_endereco`), the document's number, the utility's name.
    private func mensagens(
        documento: (Int) throws -> Int64, ids: [Int: Int64], numeros: [Int: Int64], selecionados: [SelecaoRota.Selecionado],
        reservados: IdsReservados?, db: PostgresConnection
    ) throws {
        let acao = contexto.acao
        var destinos: [Int: (nome: String, email: String?, fone: String?)] = [:]
        try db.forEachRow(
            """
            SELECT ci.imov_id, c.clie_nmcliente, c.clie_dsemail, c.clie_nnfone
            FROM cadastro.cliente_usuario_atual ci JOIN cadastro.cliente c USING (clie_id)
            WHERE ci.imov_id = ANY($1::int[])
            """, [PostgresArray(ids.keys.sorted())]
        ) { row in
            let (imovel, nome, email, fone) = try row.decode((Int, String, String?, String?).self)
            destinos[imovel] = (nome, email, fone)
        }
        var enderecos: [Int: String] = [:]
        try db.forEachRow(
            "SELECT imov_id, endereco FROM cadastro.imovel_endereco WHERE imov_id = ANY($1::int[])",
            [PostgresArray(ids.keys.sorted())]
        ) { row in
            let (imovel, endereco) = try row.decode((Int, String?).self)
            enderecos[imovel] = endereco
        }
        guard let empresa = try db.query("SELECT parm_nmempresa FROM cadastro.sistema_parametros").first?.decode(String.self, at: 0)
        else { throw ErroDocumentos.parametrosAusentes }
        struct Mensagem: Encodable {
            var mesa: Int64?, doc: Int64, imov: Int, canal: String, destino: String?, texto: String
        }
        var mensagens: [Mensagem] = []
        for s in selecionados {
            let destino = destinos[s.imovel.id]
            let valores = [
                "NOME_CLIENTE": destino?.nome ?? "", "MATRICULA": String(s.imovel.id),
                "VALOR_DEBITO": s.debito.total.description, "QTD_CONTAS": String(s.debito.quantidadeContas),
                "DATA_EMISSAO": contexto.dataBase.description,
                "DATA_VALIDADE": contexto.dataBase.adding(days: acao.diasValidade).description,
                "ENDERECO": enderecos[s.imovel.id] ?? "", "NUMERO_DOCUMENTO": numeros[s.imovel.id].map(String.init) ?? "",
                "NOME_EMPRESA": empresa,
            ]
            if acao.enviaSMS, let texto = acao.textoSMS {
                mensagens.append(.init(mesa: nil, doc: try documento(s.imovel.id), imov: s.imovel.id, canal: "SMS", destino: destino?.fone,
                                       texto: TextoMensagem.renderizar(texto, valores: valores)))
            }
            if acao.enviaEmail, let texto = acao.textoEmail {
                mensagens.append(.init(mesa: nil, doc: try documento(s.imovel.id), imov: s.imovel.id, canal: "EMAIL", destino: destino?.email,
                                       texto: TextoMensagem.renderizar(texto, valores: valores)))
            }
        }
        guard !mensagens.isEmpty else { return }
        mensagens.sort { ($0.doc, $0.canal) < ($1.doc, $1.canal) }
        for i in mensagens.indices { mensagens[i].mesa = reservados?.id(i) }
        try db.execute(
            """
            INSERT INTO cobranca.mensagem_saida (mesa_id, cbdo_id, imov_id, mesa_tpcanal, mesa_dsdestino, mesa_dstexto,
                mesa_nnmaximotentativas)
            SELECT COALESCE(x.mesa, \(ReservaIds.proximo(tabela: "cobranca.mensagem_saida", coluna: "mesa_id"))),
                   x.doc, x.imov, x.canal, x.destino, x.texto,
                   (SELECT COALESCE(cbac_nnmaximotentativaenvio, 1) FROM cobranca.cobranca_acao WHERE cbac_id = $2)
            FROM jsonb_to_recordset($1::jsonb) AS x(mesa bigint, doc bigint, imov int, canal text, destino text, texto text)
            ORDER BY x.doc, x.canal
            """, [PostgresJSON(mensagens), acao.id])
    }
}
