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
                return recusa("nenhum arquivo LIBERADO para o IMEI \(imei)")
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
            try db.execute(
                """
                INSERT INTO micromedicao.movimento_rot_empr_foto (imov_id, ltan_id, csan_id, mref_amreferencia, medt_id, fsos_id, mref_imfoto)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [Int(f.imovel), f.tipoAnormalidade == 2 ? nil : Int(f.anormalidade), f.tipoAnormalidade == 2 ? Int(f.anormalidade) : nil,
                 Int(f.anoMesReferencia), Int(f.tipoMedicao), Int(f.tipoFoto), f.jpeg])
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
            return try db.withTransaction { db in
                try movimentoNaTransacao(bytes: bytes, imei: imei, finalizacao: finalizacao, db: db)
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

    private func movimentoNaTransacao(bytes: [UInt8], imei: String?, finalizacao: Bool, db: PostgresConnection) throws -> Atendido {
        let texto = TextoRetorno.decodificar(bytes, duplaCodificacao: finalizacao)
        let arquivo: ArquivoRetorno
        switch LeituraRetorno.ler(texto, finalizacao: finalizacao) {
        case .inconsistencias(let i): throw Recusa(motivo: "\(i.count) inconsistência(s) no arquivo", inconsistencias: i)
        case .arquivo(let a): arquivo = a
        }
        let catalogo = try CatalogoBanco.carregar(db: db)
        let problemas = ValidacaoRetorno.validar(arquivo, catalogo: catalogo, hoje: hoje())
        guard problemas.isEmpty else {
            throw Recusa(motivo: "\(problemas.count) inconsistência(s) no arquivo", inconsistencias: problemas)
        }
        // The rota of every imóvel; an upload may carry one rota only (a condomínio's imóveis
        // are of one rota).
        let rotas = try GravacaoRetorno.rotas(arquivo.imoveis.map(\.matricula) + (arquivo.cabecalho.map { [$0.matriculaPrimeiroImovel] } ?? []), db: db)
        var semRota: [Inconsistencia] = []
        for i in arquivo.imoveis where rotas[i.matricula] == nil {
            semRota.append(Inconsistencia(codigo: "FS0002", linha: 0, matricula: i.matricula, mensagem: "imóvel inexistente"))
        }
        guard semRota.isEmpty else { throw Recusa(motivo: "imóvel inexistente", inconsistencias: semRota) }
        let rotaCabecalho = arquivo.cabecalho.flatMap { rotas[$0.matriculaPrimeiroImovel] }
        guard let rota = rotaCabecalho ?? arquivo.imoveis.first.flatMap({ rotas[$0.matricula] }) else {
            throw Recusa(motivo: "arquivo sem imóveis e sem rota identificável", inconsistencias: [])
        }
        if let outro = arquivo.imoveis.first(where: { rotas[$0.matricula] != rota }) {
            throw Recusa(
                motivo: "imóveis de mais de uma rota no mesmo envio", inconsistencias: [
                    Inconsistencia(codigo: "FS0002", linha: 0, matricula: outro.matricula, mensagem: "imóvel da rota \(rotas[outro.matricula] ?? 0), não da rota \(rota)")
                ], rota: rota)
        }
        // The referência: the records' (all the same), else the group's current one.
        let referencias = Set(arquivo.imoveis.flatMap { $0.medicoes.map(\.referencia.amReferencia) })
        guard referencias.count <= 1 else {
            throw Recusa(motivo: "mais de uma referência no mesmo envio", inconsistencias: [], rota: rota)
        }
        let grupoDaRota = try db.queryPrepared("SELECT ftgr_id FROM micromedicao.rota WHERE rota_id = $1", [rota]).first?.decode(Int.self, at: 0)
        guard let grupoDaRota, let refGrupo = try GravacaoRetorno.referenciaDoGrupo(grupoDaRota, db: db) else {
            throw Recusa(motivo: "rota \(rota) sem grupo de faturamento", inconsistencias: [], rota: rota)
        }
        let referencia = referencias.first ?? refGrupo
        let destino = GravacaoRetorno.Destino(rota: rota, referencia: referencia)
        // Guards (§3.4 step 2), with GSAN's exact messages: the group's referência first (a
        // referência already closed has no file to look at), then the file's situação.
        guard referencia == refGrupo else {
            throw Recusa(
                motivo: "referência \(referencia) do envio, grupo \(grupoDaRota) em \(refGrupo)", inconsistencias: [], rota: rota,
                referencia: referencia, mensagem: Resposta.Mensagem.grupoFaturado)
        }
        guard let file = try GravacaoRetorno.arquivo(destino, db: db, exclusivo: finalizacao) else {
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
        if !arquivo.imoveis.isEmpty {
            try GravacaoRetorno.gravar(arquivo.imoveis, destino: destino, arquivo: file, db: db)
        }
        if let cabecalho = arquivo.cabecalho, cabecalho.tipoFinalizacao != 6, !arquivo.marcacao.isEmpty {
            try db.execute("DELETE FROM micromedicao.rota_atualizacao_seq WHERE rota_id = $1 AND rasq_amfaturamento = $2", [rota, referencia])
            try db.execute(
                """
                INSERT INTO micromedicao.rota_atualizacao_seq (rota_id, rasq_amfaturamento, imov_id, rasq_seqrota)
                SELECT $1, $2, x.imov, max(x.seq) FROM jsonb_to_recordset($3::jsonb) AS x(imov int, seq int)
                JOIN cadastro.imovel i ON i.imov_id = x.imov GROUP BY x.imov
                """, [rota, referencia, PostgresJSON(arquivo.marcacao.map { ["imov": $0.matricula, "seq": $0.sequencial] })])
        }
        if !arquivo.imoveis.isEmpty { try GravacaoRetorno.marcarPendente(destino, db: db) }

        guard let cabecalho = arquivo.cabecalho, let imei else {
            let pedidos = try GravacaoRetorno.releituras(arquivo.imoveis, destino: destino, db: db)
            return Atendido(
                corpo: Resposta.releituras(pedidos),
                evento: "rota \(rota): \(arquivo.imoveis.count) imóvel(is) gravado(s)" + (pedidos.isEmpty ? "" : ", releitura de \(pedidos)"))
        }
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

/// The tables the checks look up (grupos, anormalidades, categorias, impostos).
enum CatalogoBanco {
    static func carregar(db: PostgresConnection) throws -> CatalogoRetorno {
        let row = try db.queryPrepared(
            """
            SELECT (SELECT coalesce(string_agg(ftgr_id || ':' || ftgr_amreferencia, ','), '') FROM faturamento.faturamento_grupo),
                   (SELECT coalesce(string_agg(ltan_id::text, ','), '') FROM micromedicao.leitura_anormalidade),
                   (SELECT coalesce(string_agg(csan_id::text, ','), '') FROM micromedicao.consumo_anormalidade),
                   (SELECT coalesce(string_agg(catg_id::text, ','), '') FROM cadastro.categoria),
                   (SELECT coalesce(string_agg(imtp_id::text, ','), '') FROM faturamento.imposto_tipo)
            """)[0]
        let (g, l, c, cat, imp) = try row.decode((String, String, String, String, String).self)
        func ids(_ s: String) -> Set<Int> { Set(s.split(separator: ",").compactMap { Int($0) }) }
        var grupos: [Int: Referencia] = [:]
        for item in g.split(separator: ",") {
            let p = item.split(separator: ":").compactMap { Int($0) }
            if p.count == 2, let r = Referencia(amReferencia: p[1]) { grupos[p[0]] = r }
        }
        return CatalogoRetorno(
            grupos: grupos, anormalidadesLeitura: ids(l), anormalidadesConsumo: ids(c), categorias: ids(cat), impostos: ids(imp))
    }
}
