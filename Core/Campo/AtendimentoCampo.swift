import CampoRegras
import Foundation
import GSANDatabase
import GSANModel
import Logging
import Postgres
import ProtocoloCampo

/// What the server answers each packet (FIELD-APP-PROTOCOL.md §6), on one database
/// connection (a thread of ``PoolConexoes``). Every answer is the exact body; errors are
/// answered as the protocol allows (`#` or `#mensagem=…`) and logged with the reason.
public struct AtendimentoCampo: Sendable {
    public var versaoAplicativo: String
    public var logger: Logger
    /// The server's date (FS0004): today, or fixed by tests and the demo.
    public var hoje: @Sendable () -> CivilDate

    public init(versaoAplicativo: String, logger: Logger, hoje: @escaping @Sendable () -> CivilDate) {
        self.versaoAplicativo = versaoAplicativo
        self.logger = logger
        self.hoje = hoje
    }

    /// The answer and, for the log, what happened.
    public struct Atendido: Sendable {
        public var corpo: [UInt8]
        public var evento: String
    }

    /// Answers `pedido`. Database errors are thrown (the server answers `#` and logs them);
    /// refusals are answered here.
    public func atender(_ pedido: Pedido, db: PostgresConnection) throws -> Atendido {
        switch pedido {
        case .ping:
            return Atendido(corpo: Resposta.okSimples, evento: "ping")
        case .verificarVersao:
            return Atendido(corpo: Resposta.versao(versaoAplicativo), evento: "versão \(versaoAplicativo)")
        case .baixarApk:
            return Atendido(corpo: Resposta.erroSimples, evento: "recusado: nenhum APK neste servidor")
        case .baixarRota(let numero):
            guard let imei = IMEI.texto(numero) else { return recusa("IMEI inválido \(numero)") }
            guard let arquivo = try ArquivosCelular.liberado(imei, db: db) else {
                return recusa(try ArquivosCelular.semArquivo(imei, db: db))
            }
            return Atendido(corpo: Resposta.rota(gzip: arquivo.gzip), evento: "arquivo \(arquivo.nome) (\(arquivo.gzip.count) bytes gzip)")
        case .rotaCarregada(let numero):
            guard let imei = IMEI.texto(numero) else { return recusa("IMEI inválido \(numero)") }
            let mudancas = try db.withTransaction { try ArquivosCelular.rotaCarregada(imei, db: $0) }
            guard let mudancas else { return recusa("IMEI \(imei) sem arquivo LIBERADO nem EM CAMPO") }
            return Atendido(corpo: Resposta.okSimples, evento: mudancas.isEmpty ? "rota já em campo" : mudancas.map(\.description).joined(separator: "; "))
        case .atualizarMovimento(let texto):
            return try movimento(texto: texto, imei: nil, finalizacao: false, db: db)
        case .finalizarLeitura(let numero, let texto):
            guard let imei = IMEI.texto(numero) else { return recusa("IMEI inválido \(numero)") }
            return try movimento(texto: texto, imei: imei, finalizacao: true, db: db)
        case .foto(let f):
            // No IMEI comes with a photo (§5.2): it is taken only for an imóvel of a file still
            // accepting readings in that referência, an anomaly that exists, a known kind and
            // a JPEG; anything else is refused before it is stored.
            if let motivo = f.problema { return recusa("foto do imóvel \(f.imovel): \(motivo)") }
            let consumo = f.tipoAnormalidade == 2
            let gravada = try db.queryPrepared(
                """
                INSERT INTO micromedicao.movimento_rot_empr_foto (imov_id, ltan_id, csan_id, mref_amreferencia, medt_id, fsos_id, mref_imfoto)
                SELECT $1, $2, $3, $4, $5, $6, $7
                WHERE EXISTS (
                        SELECT 1 FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
                        JOIN micromedicao.arquivo_texto_rota a ON a.rota_id = coalesce(i.rota_idalternativa, q.rota_id)
                        WHERE i.imov_id = $1 AND a.txre_amreferencia = $4 AND a.sitl_id IN (1, 2, 3, 5))
                  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM micromedicao.leitura_anormalidade WHERE ltan_id = $2))
                  AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM micromedicao.consumo_anormalidade WHERE csan_id = $3))
                RETURNING mrfo_id
                """,
                [Int(f.imovel), consumo ? nil : Int(f.anormalidade), consumo ? Int(f.anormalidade) : nil, Int(f.anoMesReferencia),
                 Int(f.tipoMedicao), Int(f.tipoFoto), f.jpeg]
            ).first
            guard gravada != nil else {
                return recusa("foto do imóvel \(f.imovel) (\(f.anoMesReferencia)): sem arquivo aceitando leituras, ou anormalidade \(f.anormalidade) inexistente")
            }
            return Atendido(corpo: Resposta.okSimples, evento: "foto do imóvel \(f.imovel) (\(f.jpeg.count) bytes)")
        }
    }

    func recusa(_ motivo: String, corpo: [UInt8] = Resposta.erroSimples) -> Atendido {
        Atendido(corpo: corpo, evento: "recusado: " + motivo)
    }

    // MARK: Packets 1 and 2

    /// Why an upload is refused before anything is stored.
    struct Recusa: Error {
        var motivo: String
        var inconsistencias: [Inconsistencia]
        var rota: Int?
        var referencia: Int?
        /// Sent to the phone (`#mensagem=…`), else a bare `#`.
        var mensagem: String?
    }

    func movimento(texto bytes: [UInt8], imei: String?, finalizacao: Bool, db: PostgresConnection) throws -> Atendido {
        let pacote = finalizacao ? 2 : 1
        do {
            do {
                return try db.withPipelinedTransaction { db in
                    try movimentoNaTransacao(bytes: bytes, imei: imei, finalizacao: finalizacao, previsto: true, db: db)
                }
            } catch let erro as PostgresError where erro.sqlState == GravacaoRetorno.loteFechado {
                // The batch read as pending was closed before this upload's mark (rare): nothing
                // was stored; again, committing only after the mark (and the batch's job).
                return try db.withPipelinedTransaction { db in
                    try movimentoNaTransacao(bytes: bytes, imei: imei, finalizacao: finalizacao, previsto: false, db: db)
                }
            }
        } catch let recusa as Recusa {
            // Nothing was stored; the report is kept for the operator in its own transaction.
            try db.execute(
                """
                INSERT INTO micromedicao.retorno_inconsistencia
                    (rtin_nnpacote, rtin_nnimei, rota_id, rtin_amreferencia, rtin_dsmotivo, rtin_inconsistencias, rtin_nnbytes)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [pacote, imei, recusa.rota, recusa.referencia, String(recusa.motivo.prefix(200)), PostgresJSON(recusa.inconsistencias),
                 bytes.count])
            let detalhe = recusa.inconsistencias.prefix(3).map(\.description).joined(separator: "; ")
            return Atendido(
                corpo: recusa.mensagem.map(Resposta.erro(mensagem:)) ?? Resposta.erroSimples,
                evento: "recusado (pacote \(pacote)): \(recusa.motivo)" + (detalhe.isEmpty ? "" : " — \(detalhe)")
                    + (recusa.inconsistencias.count > 3 ? " (+\(recusa.inconsistencias.count - 3))" : ""))
        }
    }

    /// The upload in the transaction its read opens. `previsto`: packet 1 may send its COMMIT
    /// with its rows when the read found the rota's batch pending (``GravacaoRetorno/gravarEnvio``).
    private func movimentoNaTransacao(
        bytes: [UInt8], imei: String?, finalizacao: Bool, previsto: Bool, db: PostgresConnection
    ) throws -> Atendido {
        let texto = TextoRetorno.decodificar(bytes, duplaCodificacao: finalizacao)
        let arquivo: ArquivoRetorno
        switch LeituraRetorno.ler(texto, finalizacao: finalizacao) {
        case .inconsistencias(let i): throw Recusa(motivo: "\(i.count) inconsistência(s) no arquivo", inconsistencias: i)
        case .arquivo(let a): arquivo = a
        }
        // One round trip reads what the checks need (only the ids the upload names), the rota
        // of each imóvel, and locks the group's row and the rota's file.
        let lido = try ConsultaEnvio.ler(arquivo, finalizacao: finalizacao, db: db)
        let problemas = ValidacaoRetorno.validar(arquivo, catalogo: lido.catalogo, hoje: hoje())
        guard problemas.isEmpty else {
            throw Recusa(motivo: "\(problemas.count) inconsistência(s) no arquivo", inconsistencias: problemas)
        }
        // The rota of every imóvel; an upload may carry one rota only (a condomínio's imóveis
        // are of one rota).
        let rotas = lido.rotas
        var semRota: [Inconsistencia] = []
        for i in arquivo.imoveis where rotas[i.matricula] == nil {
            semRota.append(Inconsistencia(codigo: "FS0002", linha: 0, matricula: i.matricula, mensagem: "imóvel inexistente"))
        }
        guard semRota.isEmpty else { throw Recusa(motivo: "imóvel inexistente", inconsistencias: semRota) }
        guard let rota = lido.rota else {
            throw Recusa(motivo: "arquivo sem imóveis e sem rota identificável", inconsistencias: [])
        }
        if let outro = arquivo.imoveis.first(where: { rotas[$0.matricula] != rota }) {
            throw Recusa(
                motivo: "imóveis de mais de uma rota no mesmo envio", inconsistencias: [
                    Inconsistencia(codigo: "FS0002", linha: 0, matricula: outro.matricula, mensagem: "imóvel da rota \(rotas[outro.matricula] ?? 0), não da rota \(rota)")
                ], rota: rota)
        }
        guard lido.referencias.count <= 1 else {
            throw Recusa(motivo: "mais de uma referência no mesmo envio", inconsistencias: [], rota: rota)
        }
        guard let grupoDaRota = lido.grupoDaRota, let refGrupo = lido.referenciaDoGrupo else {
            throw Recusa(motivo: "rota \(rota) sem grupo de faturamento", inconsistencias: [], rota: rota)
        }
        // The referência: the records' (all the same), else the group's current one.
        let referencia = lido.referencias.first ?? refGrupo
        let destino = GravacaoRetorno.Destino(rota: rota, referencia: referencia)
        // Guards (§3.4 step 2), with GSAN's exact messages: the group's referência first (a
        // referência already closed has no file to look at), then the file's situação.
        guard referencia == refGrupo else {
            throw Recusa(
                motivo: "referência \(referencia) do envio, grupo \(grupoDaRota) em \(refGrupo)", inconsistencias: [], rota: rota,
                referencia: referencia, mensagem: Resposta.Mensagem.grupoFaturado)
        }
        guard let file = lido.arquivo else {
            throw Recusa(motivo: "rota \(rota) sem arquivo na referência \(referencia)", inconsistencias: [], rota: rota, referencia: referencia)
        }
        guard file.situacao.aceitaMovimento else {
            throw Recusa(
                motivo: "arquivo da rota \(rota) \(file.situacao)", inconsistencias: [], rota: rota, referencia: referencia,
                mensagem: Resposta.Mensagem.arquivoFinalizado)
        }
        if let imei, finalizacao {
            // The finalizing phone must be the one the file (or one of its parts) is assigned to.
            let dono = try db.queryPrepared(
                """
                SELECT EXISTS (SELECT 1 FROM micromedicao.arquivo_texto_rota WHERE txre_id = $1 AND txre_nnimei = $2)
                    OR EXISTS (SELECT 1 FROM micromedicao.arquivo_texto_rota_parte WHERE txre_id = $1 AND tred_nnimei = $2)
                """, [file.id, imei])[0].decode(Bool.self, at: 0)
            guard dono else {
                throw Recusa(motivo: "IMEI \(imei) não é o do arquivo da rota \(rota)", inconsistencias: [], rota: rota, referencia: referencia)
            }
        }
        guard let cabecalho = arquivo.cabecalho, let imei else {
            // Packet 1: the rows, the re-read requests (and the batch's shared lock), then the
            // batch marked pending — in one round trip, with the COMMIT when the batch was pending.
            let pedidos = try GravacaoRetorno.gravarEnvio(
                arquivo.imoveis, destino: destino, arquivo: file, releituras: lido.releituras, confirmar: previsto && lido.lotePendente,
                db: db)
            return Atendido(
                corpo: Resposta.releituras(pedidos),
                evento: "rota \(rota): \(arquivo.imoveis.count) imóvel(is) gravado(s)" + (pedidos.isEmpty ? "" : ", releitura de \(pedidos)"))
        }
        if !arquivo.imoveis.isEmpty {
            try GravacaoRetorno.gravar(arquivo.imoveis, destino: destino, arquivo: file, db: db)
        }
        if cabecalho.tipoFinalizacao != 6, !arquivo.marcacao.isEmpty {
            try db.execute("DELETE FROM micromedicao.rota_atualizacao_seq WHERE rota_id = $1 AND rasq_amfaturamento = $2", [rota, referencia])
            try db.execute(
                """
                INSERT INTO micromedicao.rota_atualizacao_seq (rota_id, rasq_amfaturamento, imov_id, rasq_seqrota)
                SELECT $1, $2, x.imov, max(x.seq) FROM jsonb_to_recordset($3::jsonb) AS x(imov int, seq int)
                JOIN cadastro.imovel i ON i.imov_id = x.imov GROUP BY x.imov
                """, [rota, referencia, PostgresJSON(arquivo.marcacao.map { ["imov": $0.matricula, "seq": $0.sequencial] })])
        }

        if !arquivo.imoveis.isEmpty { try GravacaoRetorno.marcarPendente(destino, travaTomada: false, db: db) }
        return try finalizar(cabecalho: cabecalho, imei: imei, rota: rota, referencia: referencia, file: file, enviados: arquivo.imoveis.count, db: db)
    }

    /// Packet 2 after storing (§3.5): the count check of codes 2 and 7 (undivided rotas), then
    /// the transitions.
    private func finalizar(
        cabecalho: Registro0, imei: String, rota: Int, referencia: Int, file: GravacaoRetorno.Arquivo, enviados: Int, db: PostgresConnection
    ) throws -> Atendido {
        if cabecalho.tipoFinalizacao != 6 && file.partes == 0 {
            let recebidos = try db.queryPrepared(
                "SELECT count(DISTINCT imov_id)::int FROM faturamento.mov_conta_prefaturada WHERE rota_id = $1 AND mcpf_ammovimento = $2",
                [rota, referencia])[0].decode(Int.self, at: 0)
            if recebidos != file.imoveis {
                // What was sent is kept (it is valid); the phone resends every read imóvel (code 7).
                return Atendido(
                    corpo: Resposta.erro(mensagem: Resposta.Mensagem.quantidadeDivergente),
                    evento: "rota \(rota): \(recebidos) imóveis recebidos de \(file.imoveis) (código \(cabecalho.tipoFinalizacao)); pedido o reenvio")
            }
        }
        var parte: Int?
        var partes: [Int: SituacaoTransmissao] = [:]
        if file.partes > 0 {
            for row in try db.query(
                """
                SELECT tred_nnsequencialarq, sitl_id, tred_nnimei = $2 FROM micromedicao.arquivo_texto_rota_parte
                WHERE txre_id = $1 ORDER BY tred_nnsequencialarq FOR UPDATE
                """, [file.id, imei])
            {
                let (n, sitl, doCelular) = try row.decode((Int, Int, Bool?).self)
                let s = SituacaoTransmissao(rawValue: sitl) ?? .disponivel
                partes[n] = s
                if doCelular == true && s == .emCampo && parte == nil { parte = n }
            }
            if parte == nil {
                throw Recusa(motivo: "IMEI \(imei) sem parte EM CAMPO da rota \(rota)", inconsistencias: [], rota: rota, referencia: referencia)
            }
        }
        let mudancas = CicloSituacao.finalizacao(
            codigo: cabecalho.tipoFinalizacao, arquivo: file.id, principal: file.situacao, parte: parte, partes: partes)
        try ArquivosCelular.aplicar(mudancas, db: db)
        return Atendido(
            corpo: Resposta.okSimples,
            evento: "rota \(rota) finalizada (código \(cabecalho.tipoFinalizacao), \(enviados) imóveis neste envio): "
                + mudancas.map(\.description).joined(separator: "; "))
    }
}

extension AtendimentoCampo.Recusa {
    init(motivo: String, inconsistencias: [Inconsistencia], rota: Int? = nil, referencia: Int? = nil) {
        self.init(motivo: motivo, inconsistencias: inconsistencias, rota: rota, referencia: referencia, mensagem: nil)
    }
}

/// What an upload's checks and guards read, in one statement: only the ids the upload names
/// (reading and consumption anomalies, categories, tax types, groups), the rota of each of its
/// imóveis, and — for the rota of the header's first imóvel (else the first imóvel) — its
/// group's current referência (the group's row key-share-locked: the close updates it under an
/// exclusive lock, so an upload and a close never interleave) and its file of the referência
/// (share-locked; the phones' finalization takes it exclusively).
enum ConsultaEnvio {
    struct Lido {
        var catalogo: CatalogoRetorno
        var rotas: [Int: Int]
        var referencias: Set<Int>
        var rota: Int?
        var grupoDaRota: Int?
        var referenciaDoGrupo: Int?
        var arquivo: GravacaoRetorno.Arquivo?
        /// Whether the rota has re-read requests to tell or this upload's imóveis were asked
        /// for: without them the upload skips the re-read statement (a request made after this
        /// read is told with the rota's next upload, as one made just after the statement).
        var releituras = true
        /// The rota's batch was pending when this read ran.
        var lotePendente = false
    }

    static func sql(exclusivo: Bool) -> String {
        """
        WITH im AS (
            SELECT i.imov_id, coalesce(i.rota_idalternativa, q.rota_id) AS rota
            FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
            WHERE i.imov_id = ANY($1::int[])
        ), g AS (
            SELECT r.rota_id, r.ftgr_id, gr.ftgr_amreferencia::int AS ref
            FROM im JOIN micromedicao.rota r ON r.rota_id = im.rota
            JOIN faturamento.faturamento_grupo gr ON gr.ftgr_id = r.ftgr_id
            WHERE im.imov_id IN ($2, $9)
            ORDER BY im.imov_id = $2 DESC
            LIMIT 1
            FOR KEY SHARE OF gr
        )
        SELECT (SELECT coalesce(string_agg(imov_id || ':' || rota, ','), '') FROM im),
               (SELECT coalesce(string_agg(ltan_id::text, ','), '') FROM micromedicao.leitura_anormalidade WHERE ltan_id = ANY($4::int[])),
               (SELECT coalesce(string_agg(csan_id::text, ','), '') FROM micromedicao.consumo_anormalidade WHERE csan_id = ANY($5::int[])),
               (SELECT coalesce(string_agg(catg_id::text, ','), '') FROM cadastro.categoria WHERE catg_id = ANY($6::int[])),
               (SELECT coalesce(string_agg(imtp_id::text, ','), '') FROM faturamento.imposto_tipo WHERE imtp_id = ANY($7::int[])),
               (SELECT coalesce(string_agg(ftgr_id || ':' || ftgr_amreferencia, ','), '') FROM faturamento.faturamento_grupo
                WHERE ftgr_id = ANY($8::int[])),
               g.rota_id, g.ftgr_id, g.ref, f.txre_id, f.sitl_id, f.ftgr_id, f.txre_qtimovel, f.txre_qtpartes, f.leit_id,
               (SELECT coalesce(string_agg(cstp_id::text, ','), '') FROM micromedicao.consumo_tipo WHERE cstp_id = ANY($10::int[])),
               EXISTS (SELECT 1 FROM micromedicao.releitura_mobile WHERE rota_id = g.rota_id AND remo_amreferencia = coalesce($3::int, g.ref)
                       AND remo_icmsgrecebida = 2 AND remo_icreleitura = 2)
                   OR EXISTS (SELECT 1 FROM micromedicao.releitura_mobile WHERE imov_id = ANY($1::int[])
                       AND remo_amreferencia = coalesce($3::int, g.ref) AND remo_icreleitura = 2),
               (SELECT rtpr_icpendente FROM micromedicao.retorno_processamento
                WHERE rota_id = g.rota_id AND rtpr_amreferencia = coalesce($3::int, g.ref))
        FROM (SELECT 1) AS um
        LEFT JOIN g ON true
        LEFT JOIN LATERAL (
            SELECT a.txre_id, a.sitl_id, a.ftgr_id, a.txre_qtimovel, a.txre_qtpartes, a.leit_id
            FROM micromedicao.arquivo_texto_rota a
            WHERE a.rota_id = g.rota_id AND a.txre_amreferencia = coalesce($3::int, g.ref)
            FOR \(exclusivo ? "UPDATE" : "SHARE")
        ) f ON true
        """
    }

    static let sqlCompartilhado = sql(exclusivo: false)
    static let sqlExclusivo = sql(exclusivo: true)

    static func ler(_ arquivo: ArquivoRetorno, finalizacao: Bool, db: PostgresConnection) throws -> Lido {
        var imoveis = arquivo.imoveis.map(\.matricula)
        if let c = arquivo.cabecalho { imoveis.append(c.matriculaPrimeiroImovel) }
        let principal = arquivo.cabecalho?.matriculaPrimeiroImovel ?? arquivo.imoveis.first?.matricula
        let medicoes = arquivo.imoveis.flatMap(\.medicoes)
        let referencias = Set(medicoes.map(\.referencia.amReferencia))
        let anormalidades = Set(medicoes.flatMap { [$0.anormalidadeLeitura, $0.anormalidadeFaturamento].compactMap { $0 } })
        let anormalidadesConsumo = Set(medicoes.compactMap(\.anormalidadeConsumo))
        let categorias = Set(arquivo.imoveis.flatMap { i in i.categorias.flatMap { [$0.categoria.categoria] + $0.faixas.map(\.categoria) } })
        let impostos = Set(arquivo.imoveis.flatMap { $0.impostos.map(\.tipoImposto) })
        let grupos = Set(medicoes.map(\.grupoFaturamento))
        let tiposConsumo = Set(medicoes.compactMap(\.tipoConsumo))
        // The transaction's BEGIN goes in the same round trip.
        let resultados = try db.pipeline([
            PostgresConnection.begin,
            .init(
                finalizacao ? sqlExclusivo : sqlCompartilhado,
                [PostgresArray(imoveis), principal, referencias.count == 1 ? referencias.first : nil, PostgresArray(Array(anormalidades)),
                 PostgresArray(Array(anormalidadesConsumo)), PostgresArray(Array(categorias)), PostgresArray(Array(impostos)),
                 PostgresArray(Array(grupos)), arquivo.imoveis.first?.matricula, PostgresArray(Array(tiposConsumo))],
                sync: true),
        ])
        guard resultados.count == 2 else { throw ErroPipeline(description: "o banco não devolveu a leitura do envio") }
        _ = try resultados[0].get()
        let linhas = try resultados[1].get()
        guard let row = linhas.first else { throw ErroPipeline(description: "o banco não devolveu a leitura do envio") }
        let (ri, rl, rc) = try (row.decode(String.self, at: 0), row.decode(String.self, at: 1), row.decode(String.self, at: 2))
        let (rcat, rimp, rg) = try (row.decode(String.self, at: 3), row.decode(String.self, at: 4), row.decode(String.self, at: 5))
        func ids(_ s: String) -> Set<Int> { Set(s.split(separator: ",").compactMap { Int($0) }) }
        func pares(_ s: String) -> [(Int, Int)] {
            s.split(separator: ",").compactMap { item in
                let p = item.split(separator: ":").compactMap { Int($0) }
                return p.count == 2 ? (p[0], p[1]) : nil
            }
        }
        var gruposRef: [Int: Referencia] = [:]
        for (g, r) in pares(rg) { if let ref = Referencia(amReferencia: r) { gruposRef[g] = ref } }
        var rotas: [Int: Int] = [:]
        for (i, r) in pares(ri) { rotas[i] = r }
        var lido = Lido(
            catalogo: CatalogoRetorno(
                grupos: gruposRef, anormalidadesLeitura: ids(rl), anormalidadesConsumo: ids(rc), categorias: ids(rcat), impostos: ids(rimp),
                tiposConsumo: ids(try row.decode(String.self, at: 15))),
            rotas: rotas, referencias: referencias)
        lido.releituras = try row.decode(Bool?.self, at: 16) ?? true
        lido.lotePendente = try row.decode(Bool?.self, at: 17) ?? false
        lido.rota = try row.decode(Int?.self, at: 6)
        lido.grupoDaRota = try row.decode(Int?.self, at: 7)
        lido.referenciaDoGrupo = try row.decode(Int?.self, at: 8)
        if let id = try row.decode(Int64?.self, at: 9) {
            let (sitl, grupo, qt, partes, leit) = try (
                row.decode(Int.self, at: 10), row.decode(Int.self, at: 11), row.decode(Int.self, at: 12), row.decode(Int.self, at: 13),
                row.decode(Int?.self, at: 14))
            lido.arquivo = GravacaoRetorno.Arquivo(
                id: id, situacao: SituacaoTransmissao(rawValue: sitl) ?? .disponivel, grupo: grupo, imoveis: qt, partes: partes,
                leiturista: leit)
        }
        return lido
    }
}
