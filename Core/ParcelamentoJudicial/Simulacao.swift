import GSANCobranca
import GSANDatabase
import GSANModel
import JusCompesa
import ParcelamentoJudicialRegras
import Postgres

/// A refusal the operator reads, or a failure of the database. The I/O's own refusals (an
/// imóvel or cliente that does not exist, a process already in an agreement) join the rules'.
public enum ErroParcelamentoJudicial: Error, CustomStringConvertible, Sendable {
    case recusa(ErroParcelamento)
    case inexistente(String)

    public var description: String {
        switch self {
        case .recusa(let erro): erro.description
        case .inexistente(let mensagem): mensagem
        }
    }

    static func invalido(_ mensagem: String) -> ErroParcelamentoJudicial { .recusa(.invalido(mensagem)) }
}

/// What `simular` shows and `efetuar` writes: the bills found (those that enter and those that
/// cannot, with the reason), the débito, the responsible imóvel, the agreement and its plan.
public struct Simulacao: Sendable {
    public var pedido: PedidoParcelamento
    public var debito: Debito
    public var recusadas: [(conta: ContaCandidata, motivo: String)]
    public var imovelPrincipal: Int
    public var acordo: Acordo
    public var referenciaFaturamento: Int
    public var nomeAdvogado: String?
    public var nomeResponsavel: String
    public var tabelaPrice: Bool
    /// The utility's late-payment parameters the acréscimos were computed with.
    public var parametrosAcrescimos: ParametrosAcrescimos
}

public enum SimulacaoParcelamento {
    /// Reads the selection and computes the agreement; writes nothing. With `travar`, the bills
    /// that enter are locked (FOR UPDATE) for the rest of the caller's transaction.
    public static func simular(_ pedido: PedidoParcelamento, db: PostgresConnection, travar: Bool = false) throws -> Simulacao {
        let filtro = pedido.filtro
        do { try filtro.validar() } catch { throw ErroParcelamentoJudicial.recusa(error) }
        if !filtro.imoveis.isEmpty {
            let existentes = Set(try db.query("SELECT imov_id FROM cadastro.imovel WHERE imov_id = ANY($1::int[])", [PostgresArray(filtro.imoveis)])
                .map { try $0.decode(Int.self, at: 0) })
            if let ausente = filtro.imoveis.first(where: { !existentes.contains($0) }) {
                throw ErroParcelamentoJudicial.inexistente("Imóvel \(ausente) inexistente.")
            }
        }
        if let cliente = filtro.cliente, try nomeCliente(cliente, db: db) == nil {
            throw ErroParcelamentoJudicial.inexistente("Cliente \(cliente) inexistente.")
        }
        let n = pedido.negociacao
        let nomeAdvogado: String?
        if let advogado = n.advogado {
            guard let nome = try nomeCliente(advogado, db: db) else {
                throw ErroParcelamentoJudicial.inexistente("Advogado \(advogado) não está no cadastro de clientes da companhia.")
            }
            nomeAdvogado = nome
        } else {
            nomeAdvogado = nil
        }
        var nomeResponsavel = ""
        if let responsavel = n.clienteResponsavel {
            guard let nome = try nomeCliente(responsavel, db: db) else {
                throw ErroParcelamentoJudicial.inexistente("Cliente responsável \(responsavel) inexistente.")
            }
            nomeResponsavel = nome
        }

        let contas = try carregarContas(filtro, db: db)
        let parametros = try PosFechamento.parametros(db: db)
        var itens: [ItemDebito] = []
        var recusadas: [(ContaCandidata, String)] = []
        for conta in contas {
            if let motivo = conta.impedimento {
                recusadas.append((conta, motivo))
            } else {
                let a = AcrescimosImpontualidade.calcular(
                    valor: conta.valor, vencimento: conta.vencimento, dataBase: n.dataAcordo, parametros: parametros)
                itens.append(ItemDebito(conta: conta, multa: a.multa, juros: a.juros, atualizacao: a.atualizacao))
            }
        }
        guard !itens.isEmpty else {
            let resumo = recusadas.prefix(5).map { "\($0.0.imovel) \(Referencia.mesAno($0.0.referencia)): \($0.1)" }.joined(separator: "; ")
            throw ErroParcelamentoJudicial.invalido(
                "Nenhuma conta pode entrar no parcelamento judicial" + (contas.isEmpty ? " (nenhuma conta encontrada no filtro)." : ": \(resumo)."))
        }
        let debito = Debito(itens: itens)
        let principal: Int
        do {
            principal = try FiltroSelecao.imovelPrincipal(imoveisComContas: debito.imoveis, responsavel: filtro.imovelResponsavel)
        } catch { throw ErroParcelamentoJudicial.recusa(error) }

        guard let parametrosGerais = try db.query(
            "SELECT parm_amreferenciafaturamento::int, parm_ictabelaprice::int FROM cadastro.sistema_parametros"
        ).first else { throw ErroParcelamentoJudicial.inexistente("Parâmetros do sistema ausentes (cadastro.sistema_parametros).") }
        let (referencia, indicadorPrice) = try parametrosGerais.decode((Int, Int).self)
        var negociacao = n
        if let taxa = pedido.taxaJuros, taxa != 0 {
            negociacao.juros = indicadorPrice == 1 ? .price(taxa: taxa) : .simples(taxa: taxa)
        } else {
            negociacao.juros = .sem
        }
        let acordo: Acordo
        do { acordo = try negociacao.acordo(debito: debito.total) } catch { throw ErroParcelamentoJudicial.recusa(error) }
        if let outro = try db.query(
            """
            SELECT pjud_id FROM cobranca.parcelamento_judicial
            WHERE pjud_nnprocessojudicial = $1 AND pjud_tmcancelamento IS NULL AND pjud_cdrequisicao IS DISTINCT FROM $2
            """, [acordo.processo.numero, pedido.chave]
        ).first?.decode(Int.self, at: 0) {
            throw ErroParcelamentoJudicial.invalido("Processo judicial \(acordo.processo) já pertence ao parcelamento judicial \(outro).")
        }
        if travar {
            try db.execute(
                "SELECT 1 FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) ORDER BY cnta_id FOR UPDATE",
                [PostgresArray(debito.itens.map(\.conta.id))])
        }
        return Simulacao(
            pedido: pedido, debito: debito, recusadas: recusadas, imovelPrincipal: principal, acordo: acordo,
            referenciaFaturamento: referencia, nomeAdvogado: nomeAdvogado, nomeResponsavel: nomeResponsavel,
            tabelaPrice: indicadorPrice == 1, parametrosAcrescimos: parametros)
    }

    static func nomeCliente(_ id: Int, db: PostgresConnection) throws -> String? {
        try db.query("SELECT clie_nmcliente FROM cadastro.cliente WHERE clie_id = $1", [id]).first?.decode(String.self, at: 0)
    }

    /// The bills of the imóveis, and of the imóveis whose usuário the cliente was when each bill
    /// fell due, in the period; every situação, so the ones that cannot enter are listed too.
    static func carregarContas(_ filtro: FiltroSelecao, db: PostgresConnection) throws -> [ContaCandidata] {
        let rows = try db.query(
            """
            SELECT c.cnta_id, c.imov_id, c.cnta_amreferenciaconta::int,
                   c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos,
                   c.cnta_dtvencimentoconta, c.dcst_idatual::int, c.cmrv_id::int,
                   EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id), c.pjud_id
            FROM faturamento.conta c
            WHERE (c.imov_id = ANY($1::int[])
                   OR ($2::int IS NOT NULL AND EXISTS (
                       SELECT 1 FROM cadastro.cliente_imovel u
                       WHERE u.imov_id = c.imov_id AND u.clie_id = $2 AND u.crtp_id = 2
                         AND u.clim_dtrelacaoinicio <= c.cnta_dtvencimentoconta
                         AND (u.clim_dtrelacaofim IS NULL OR u.clim_dtrelacaofim >= c.cnta_dtvencimentoconta))))
              AND ($3::int IS NULL OR c.cnta_amreferenciaconta >= $3)
              AND ($4::int IS NULL OR c.cnta_amreferenciaconta <= $4)
              AND c.dcst_idatual <> 4
            ORDER BY c.imov_id, c.cnta_amreferenciaconta, c.cnta_id
            """, [PostgresArray(filtro.imoveis), filtro.cliente, filtro.referenciaInicial, filtro.referenciaFinal])
        return try rows.map { row in
            ContaCandidata(
                id: try row.decode(Int64.self, at: 0), imovel: try row.decode(Int.self, at: 1), referencia: try row.decode(Int.self, at: 2),
                valor: try row.decode(Centavos.self, at: 3), vencimento: try row.decode(CivilDate.self, at: 4),
                situacao: try row.decode(Int.self, at: 5),
                motivoRevisao: try row.decode(Int?.self, at: 6), paga: try row.decode(Bool.self, at: 7),
                parcelamentoJudicial: try row.decode(Int?.self, at: 8))
        }
    }
}
