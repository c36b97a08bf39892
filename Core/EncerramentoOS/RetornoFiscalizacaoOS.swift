import EncerramentoRegras
import Faturamento
import FaturamentoRegras
import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import ImagemJPEG
import Postgres

/// `gsan os fiscalizacao retorno` (seed 002 §2.4.2, §1.2.4; docs/fiscalizacao.md): reads what
/// ``RetornoFiscalizacao`` needs, checks the return, and writes its effects in the caller's
/// transaction — the return and its situações (on the OS and on its document, replaced), the
/// ligação situations, the situação especial de cobrança, the débitos a cobrar (multa por
/// infração, consumo fraudado), the reincidência, the contrato de demanda, the não aceitação of
/// the inspected OS, the photos, and the OS closed when asked.
public enum RetornoFiscalizacaoOS {
    /// A photo's bytes, read after the return was checked.
    public struct ConteudoFoto: Sendable {
        public var tipo: Int
        public var nome: String
        public var conteudo: Data
        public init(tipo: Int, nome: String, conteudo: Data) {
            self.tipo = tipo
            self.nome = nome
            self.conteudo = conteudo
        }
    }

    public static let fotoMaxima = 10 * 1024 * 1024

    /// A débito a cobrar generated.
    public struct Debito: Sendable, Hashable {
        public var situacao: Int
        public var tipo: Int
        public var descricao: String
        public var valor: Centavos
    }

    /// A photo as stored: a .jpg's size in pixels as it came and as stored (reduced to the system parameters').
    public struct FotoGravada: Sendable {
        public var nome: String
        public var original: (largura: Int, altura: Int)?
        public var gravada: (largura: Int, altura: Int)?
        public var reduzida: Bool {
            guard let o = original, let g = gravada else { return false }
            return o != g
        }
        public init(nome: String, original: (largura: Int, altura: Int)? = nil, gravada: (largura: Int, altura: Int)? = nil) {
            self.nome = nome
            self.original = original
            self.gravada = gravada
        }
    }

    public struct Resultado: Sendable {
        public var ordem: Int64
        public var imovel: Int?
        public var novaAgua: String?
        public var novaEsgoto: String?
        /// The ligação's date set to the return's day (a situação that alters it).
        public var dataLigacaoAgua: CivilDate?
        public var dataLigacaoEsgoto: CivilDate?
        /// The meter's capacity not admitted: recorded without effects, and why.
        public var semEfeitos: String?
        public var debitos: [Debito]
        /// Débitos whose value was not above zero (not generated).
        public var semValor: [String]
        public var encerrada: Bool
        public var naoAceita: Int64?
        public var fotos: [FotoGravada] = []
    }

    /// Everything a return reads once (the same for every line of a file).
    public struct Contexto: Sendable {
        public var catalogo: [Int: RetornoFiscalizacao.Situacao]
        /// (dbtp, cálculo) per situação.
        public var debitos: [Int: [(tipo: Int, calculo: DebitosInfracao.Calculo)]]
        public var tiposDebito: [Int: String]
        public var motivos: [Int: EncerramentoManual.Motivo]
        public var tiposFoto: Set<Int>
        public var controlaAutos: Bool
        public var mesesMedia: Int
        public var referenciaFaturamento: Int
        public var usuario: (id: Int, senhaEspecial: Bool, unidade: Int?)
        public var tarifas: [TarifaVigente]
        /// The largest photo (pixels) kept as it comes: `parm_nnlarguramaximafoto` × `parm_nnalturamaximafoto`.
        public var fotoMaxima: (largura: Int, altura: Int)

        public static func carregar(usuario login: String, hoje: CivilDate, db: PostgresConnection) throws -> Contexto {
            guard let u = try db.query(
                "SELECT usur_id, usur_icnaoinclusaodebito = 1, unid_id FROM cadastro.usuario WHERE usur_nmlogin = $1 AND usur_icuso = 1",
                [login]).first
            else { throw ErroEncerramento.recusa("Usuário \(login) inexistente.") }
            let usuario = try u.decode((Int, Bool, Int?).self)
            var catalogo: [Int: RetornoFiscalizacao.Situacao] = [:]
            for row in try db.query(
                """
                SELECT fzst_id, fzst_dsfiscalizacaosituacao, fzst_icvalidaligacaoagua = 1, fzst_icvalidaligacaoesgoto = 1,
                       fzst_icalteradataligacao = 1, fzst_icvalidacapacidadehidrometro = 1, fzst_icautoinfracao = 1,
                       fzst_icnotificacaoesgoto = 1, fzst_icinformartipomedicao = 1, fzst_icgeradebito = 1, fzst_icreincidencia = 1,
                       fzst_icsuspendecontratodemanda = 1, last_idnova, lest_idnova, amen_id, cbsp_id, cbsm_id, mnac_id, fzst_icuso = 1
                FROM atendimentopublico.fiscalizacao_situacao
                """)
            {
                var s = RetornoFiscalizacao.Situacao(id: try row.decode(Int.self, at: 0), descricao: try row.decode(String.self, at: 1))
                s.validaAgua = try row.decode(Bool.self, at: 2)
                s.validaEsgoto = try row.decode(Bool.self, at: 3)
                s.alteraDataLigacao = try row.decode(Bool.self, at: 4)
                s.validaCapacidadeHidrometro = try row.decode(Bool.self, at: 5)
                s.autoInfracao = try row.decode(Bool.self, at: 6)
                s.notificacaoEsgoto = try row.decode(Bool.self, at: 7)
                s.informaTipoMedicao = try row.decode(Bool.self, at: 8)
                s.geraDebito = try row.decode(Bool.self, at: 9)
                s.reincidencia = try row.decode(Bool.self, at: 10)
                s.suspendeContratoDemanda = try row.decode(Bool.self, at: 11)
                s.novaAgua = try row.decode(Int?.self, at: 12)
                s.novaEsgoto = try row.decode(Int?.self, at: 13)
                s.motivoEncerramento = try row.decode(Int?.self, at: 14)
                s.situacaoEspecial = try row.decode(Int?.self, at: 15)
                s.motivoSituacaoEspecial = try row.decode(Int?.self, at: 16)
                s.motivoNaoAceitacao = try row.decode(Int?.self, at: 17)
                s.emUso = try row.decode(Bool.self, at: 18)
                catalogo[s.id] = s
            }
            for row in try db.query("SELECT fzst_id, hicp_id FROM atendimentopublico.fiscaliz_sit_hidr_capac") {
                let (s, h) = try row.decode((Int, Int).self)
                catalogo[s]?.capacidades.insert(h)
            }
            var debitos: [Int: [(tipo: Int, calculo: DebitosInfracao.Calculo)]] = [:]
            for row in try db.query(
                """
                SELECT s.fzst_id, d.dbtp_id, d.fzsd_cdcalculo FROM atendimentopublico.fiscalizacao_situacao s
                JOIN atendimentopublico.fiscalizacao_situacao_debito d USING (fzst_id) ORDER BY 1, 3, 2
                """)
            {
                let (s, t, c) = try row.decode((Int, Int, Int).self)
                if let calculo = DebitosInfracao.Calculo(rawValue: c) { debitos[s, default: []].append((t, calculo)) }
            }
            // A situação that generates débitos and lists none charges the multa of its own tipo.
            for row in try db.query(
                "SELECT fzst_id, dbtp_id FROM atendimentopublico.fiscalizacao_situacao WHERE fzst_icgeradebito = 1 AND dbtp_id IS NOT NULL")
            {
                let (s, t) = try row.decode((Int, Int).self)
                if debitos[s] == nil { debitos[s] = [(t, .multaInfracao)] }
            }
            var tiposDebito: [Int: String] = [:]
            for row in try db.query("SELECT dbtp_id, dbtp_dsdebitotipo FROM faturamento.debito_tipo") {
                let (id, d) = try row.decode((Int, String).self)
                tiposDebito[id] = d
            }
            let motivos = try EncerramentoInformado.motivos(db: db).filter { $0.value.emUso }
            let tiposFoto = Set(try db.query("SELECT fotp_id FROM atendimentopublico.foto_tipo WHERE fotp_icuso = 1").map { try $0.decode(Int.self, at: 0) })
            guard let parm = try db.query(
                """
                SELECT parm_icautoinfracao = 1, parm_nnmesesmediaconsumo, parm_amreferenciafaturamento, parm_nnlarguramaximafoto,
                       parm_nnalturamaximafoto
                FROM cadastro.sistema_parametros
                """).first
            else { throw ErroEncerramento.recusa("Parâmetros do sistema não cadastrados.") }
            let (autos, meses, referencia, largura, altura) = try parm.decode((Bool, Int, Int, Int, Int).self)
            return Contexto(
                catalogo: catalogo, debitos: debitos, tiposDebito: tiposDebito, motivos: motivos, tiposFoto: tiposFoto, controlaAutos: autos,
                mesesMedia: meses, referenciaFaturamento: referencia, usuario: (usuario.0, usuario.1, usuario.2),
                tarifas: try TarifasVigentes.carregar(em: hoje, db: db), fotoMaxima: (largura, altura))
        }
    }

    /// The OS as the rules read it, and what the writes need.
    struct EstadoOS {
        var ordem: RetornoFiscalizacao.Ordem
        var documento: Int64?
        var referencia: Int64?
        var reincidenciaContada: Bool
    }

    static func estado(_ id: Int64, db: PostgresConnection) throws -> EstadoOS? {
        guard let row = try db.query(
            """
            SELECT o.orse_cdsituacao, s.svtp_icfiscalizacaoinfracao = 1, o.imov_id,
                   (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   o.cbdo_id, o.orse_idreferencia, r.orse_id IS NOT NULL, COALESCE(r.ofrt_icaguaatualizada = 1, false),
                   COALESCE(r.ofrt_icesgotoatualizado = 1, false), r.ofrt_nnautoinfracao IS NOT NULL, COALESCE(r.ofrt_icreincidencia = 1, false),
                   (SELECT string_agg(fzst_id::text, ',') FROM atendimentopublico.os_fiscalizacao_situacao x WHERE x.orse_id = o.orse_id),
                   (SELECT string_agg(DISTINCT fzst_id::text, ',') FROM faturamento.debito_a_cobrar d WHERE d.orse_id = o.orse_id
                     AND d.fzst_id IS NOT NULL),
                   o.cbdo_id IS NULL AND o.orse_idreferencia IS NOT NULL
            FROM atendimentopublico.ordem_servico o
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            LEFT JOIN atendimentopublico.os_fiscalizacao_retorno r ON r.orse_id = o.orse_id
            WHERE o.orse_id = $1
            FOR UPDATE OF o
            """, [id]).first
        else { return nil }
        // The meters installed at the imóvel, by tipo de medição (the capacity a situação may validate).
        var hidrometros: [RetornoFiscalizacao.TipoMedicao: RetornoFiscalizacao.Hidrometro] = [:]
        for h in try db.query(
            """
            SELECT i.medt_id, c.hicp_id, c.hicp_dshidrometrocapacidade FROM atendimentopublico.ordem_servico o
            JOIN micromedicao.hidrometro_inst_hist i ON i.imov_id = o.imov_id AND i.hidi_dtretiradahidrometro IS NULL
            JOIN micromedicao.hidrometro m ON m.hidr_id = i.hidr_id
            JOIN micromedicao.hidrometro_capacidade c ON c.hicp_id = m.hicp_id
            WHERE o.orse_id = $1
            """, [id])
        {
            let (tipo, capacidade, descricao) = try h.decode((Int, Int, String).self)
            if let t = RetornoFiscalizacao.TipoMedicao(rawValue: tipo) { hidrometros[t] = .init(capacidade: capacidade, descricao: descricao) }
        }
        func ids(_ i: Int) throws -> Set<Int> { Set((try row.decode(String?.self, at: i) ?? "").split(separator: ",").compactMap { Int($0) }) }
        let anterior: RetornoFiscalizacao.Anterior? =
            try row.decode(Bool.self, at: 6)
            ? .init(situacoes: try ids(11), aguaAtualizada: try row.decode(Bool.self, at: 7), esgotoAtualizado: try row.decode(Bool.self, at: 8),
                    autoInformado: try row.decode(Bool.self, at: 9), comDebito: try ids(12))
            : nil
        return EstadoOS(
            ordem: .init(
                situacao: try row.decode(Int.self, at: 0), fiscalizacaoInfracao: try row.decode(Bool.self, at: 1),
                imovel: try row.decode(Int?.self, at: 2), emissao: try row.decode(CivilDate.self, at: 3), anterior: anterior,
                deServico: try row.decode(Bool.self, at: 13), hidrometros: hidrometros),
            documento: try row.decode(Int64?.self, at: 4), referencia: try row.decode(Int64?.self, at: 5),
            reincidenciaContada: try row.decode(Bool.self, at: 10))
    }

    /// The refusal of a return, or nil; reads the OS (locked) as it stands.
    static func recusa(_ p: RetornoFiscalizacao.Pedido, estado: EstadoOS?, contexto c: Contexto, hoje: CivilDate) -> String? {
        if let recusa = RetornoFiscalizacao.recusa(
            p, ordem: estado?.ordem, catalogo: c.catalogo, motivos: Set(c.motivos.keys), controlaAutos: c.controlaAutos,
            senhaEspecial: c.usuario.senhaEspecial, hoje: hoje)
        {
            return recusa
        }
        for foto in p.fotos where !c.tiposFoto.contains(foto.tipo ?? -1) {
            return "Tipo da foto \(foto.tipo.map(String.init) ?? "") inexistente."
        }
        return nil
    }

    /// Checks and applies one return in the caller's transaction.
    /// - Throws: ``ErroEncerramento/recusa(_:)`` with the rule's message (the caller rolls back).
    public static func aplicar(
        _ p: RetornoFiscalizacao.Pedido, contexto c: Contexto, hoje: CivilDate, fotos lerFotos: () throws -> [ConteudoFoto],
        db: PostgresConnection
    ) throws -> Resultado {
        let estado = try estado(p.ordem, db: db)
        if let recusa = recusa(p, estado: estado, contexto: c, hoje: hoje) { throw ErroEncerramento.recusa(recusa) }
        guard let estado else { throw ErroEncerramento.recusa("Ordem de Serviço inexistente.") }
        let fotos = try lerFotos()
        for f in fotos where f.conteudo.count > fotoMaxima {
            throw ErroEncerramento.recusa("Arquivo \(f.nome) com \(f.conteudo.count) bytes: o máximo é \(fotoMaxima / 1024 / 1024) MiB.")
        }
        // A .jpg larger than the parameters is reduced before anything is written (one that is no JPEG refuses the return).
        let gravar = try fotos.map { try Self.ajustar($0, maxima: c.fotoMaxima) }
        let efeitos = RetornoFiscalizacao.efeitos(p, ordem: estado.ordem, catalogo: c.catalogo)
        let imovel = estado.ordem.imovel
        var resultado = Resultado(
            ordem: p.ordem, imovel: imovel, novaAgua: nil, novaEsgoto: nil, semEfeitos: efeitos.semEfeitos, debitos: [], semValor: [],
            encerrada: false, naoAceita: nil)

        // The débitos, computed before any write (a missing tariff refuses the return).
        var debitos: [Debito] = []
        if let imovel, !efeitos.gerarDebitoDe.isEmpty {
            let dados = try DadosImovel.carregar(imovel, mesesMedia: c.mesesMedia, db: db)
            for s in efeitos.gerarDebitoDe {
                for (tipo, calculo) in c.debitos[s.id] ?? [] {
                    let valor = try dados.valor(calculo, tarifas: c.tarifas, hoje: hoje)
                    let descricao = c.tiposDebito[tipo] ?? "DEBITO \(tipo)"
                    if valor > .zero {
                        debitos.append(Debito(situacao: s.id, tipo: tipo, descricao: descricao, valor: valor))
                    } else {
                        resultado.semValor.append(descricao)
                    }
                }
            }
        }

        // The return and its situações (replaced on the OS and on its document).
        try db.execute(
            """
            INSERT INTO atendimentopublico.os_fiscalizacao_retorno (orse_id, ofrt_cddocumentoentregue, medt_id, ofrt_icatualizaligacao,
                ofrt_icgeradebito, ofrt_tmretorno, ofrt_dsobservacao, usur_id, ofrt_nnautoinfracao, ofrt_dtautoinfracao,
                ofrt_icaguaatualizada, ofrt_icesgotoatualizado, ofrt_icreincidencia)
            VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (orse_id) DO UPDATE SET
                ofrt_cddocumentoentregue = EXCLUDED.ofrt_cddocumentoentregue, medt_id = COALESCE(EXCLUDED.medt_id, os_fiscalizacao_retorno.medt_id),
                ofrt_icatualizaligacao = EXCLUDED.ofrt_icatualizaligacao, ofrt_icgeradebito = EXCLUDED.ofrt_icgeradebito,
                ofrt_tmretorno = now(), ofrt_dsobservacao = EXCLUDED.ofrt_dsobservacao, usur_id = EXCLUDED.usur_id,
                ofrt_nnautoinfracao = COALESCE(EXCLUDED.ofrt_nnautoinfracao, os_fiscalizacao_retorno.ofrt_nnautoinfracao),
                ofrt_dtautoinfracao = COALESCE(EXCLUDED.ofrt_dtautoinfracao, os_fiscalizacao_retorno.ofrt_dtautoinfracao),
                ofrt_icaguaatualizada = LEAST(os_fiscalizacao_retorno.ofrt_icaguaatualizada, EXCLUDED.ofrt_icaguaatualizada),
                ofrt_icesgotoatualizado = LEAST(os_fiscalizacao_retorno.ofrt_icesgotoatualizado, EXCLUDED.ofrt_icesgotoatualizado),
                ofrt_icreincidencia = LEAST(os_fiscalizacao_retorno.ofrt_icreincidencia, EXCLUDED.ofrt_icreincidencia),
                ofrt_nnretornos = os_fiscalizacao_retorno.ofrt_nnretornos + 1
            """,
            [p.ordem, p.documento.rawValue, p.tipoMedicao.map { $0.rawValue } ?? (efeitosPedemMedicao(p, c) ? 1 : nil),
             p.atualizarLigacao == false ? 2 : 1, p.gerarDebito.map { $0 ? 1 : 2 }, p.observacao, c.usuario.id, p.autoNumero, p.autoData,
             efeitos.novaAgua != nil ? 1 : 2, efeitos.novaEsgoto != nil ? 1 : 2, efeitos.reincidencia ? 1 : 2])
        try db.execute("DELETE FROM atendimentopublico.os_fiscalizacao_situacao WHERE orse_id = $1", [p.ordem])
        try db.execute(
            "INSERT INTO atendimentopublico.os_fiscalizacao_situacao (orse_id, fzst_id) SELECT $1, unnest($2::smallint[])",
            [p.ordem, PostgresArray(p.situacoes)])
        if let documento = estado.documento {
            try db.execute("DELETE FROM cobranca.cobr_doc_fisc_situacao WHERE cbdo_id = $1", [documento])
            try db.execute(
                "INSERT INTO cobranca.cobr_doc_fisc_situacao (cbdo_id, fzst_id) SELECT $1, unnest($2::smallint[])",
                [documento, PostgresArray(p.situacoes)])
        }

        if let imovel {
            // Ligações (an imóvel found clandestinely reconnected goes back to LIGADO, §1.2.4).
            if let agua = efeitos.novaAgua {
                try db.execute("UPDATE cadastro.imovel SET last_id = $2 WHERE imov_id = $1", [imovel, agua])
                if agua == 3 {
                    try db.execute("UPDATE atendimentopublico.ligacao_agua SET lagu_dtreligacaoagua = $2 WHERE lagu_id = $1", [imovel, hoje])
                }
                // The situação alters the ligação's date: the day of the return (a ligação the imóvel has).
                if efeitos.dataLigacaoAgua,
                    try db.execute("UPDATE atendimentopublico.ligacao_agua SET lagu_dtligacaoagua = $2 WHERE lagu_id = $1", [imovel, hoje]) == 1
                {
                    resultado.dataLigacaoAgua = hoje
                }
                resultado.novaAgua = try db.query(
                    "SELECT last_dsligacaoaguasituacao FROM atendimentopublico.ligacao_agua_situacao WHERE last_id = $1", [agua]
                ).first?.decode(String.self, at: 0)
            }
            if let esgoto = efeitos.novaEsgoto {
                try db.execute("UPDATE cadastro.imovel SET lest_id = $2 WHERE imov_id = $1", [imovel, esgoto])
                if efeitos.dataLigacaoEsgoto,
                    try db.execute("UPDATE atendimentopublico.ligacao_esgoto SET lesg_dtligacao = $2 WHERE lesg_id = $1", [imovel, hoje]) == 1
                {
                    resultado.dataLigacaoEsgoto = hoje
                }
                resultado.novaEsgoto = try db.query(
                    "SELECT lest_dsligacaoesgotosituacao FROM atendimentopublico.ligacao_esgoto_situacao WHERE lest_id = $1", [esgoto]
                ).first?.decode(String.self, at: 0)
            }
            // Situação especial de cobrança, for 12 referências from the current one.
            if let tipo = efeitos.situacaoEspecial, let motivo = efeitos.motivoSituacaoEspecial {
                let inicio = Referencia(hoje)
                try db.execute(
                    """
                    INSERT INTO cobranca.cobranca_situacao_hist (imov_id, cbsp_id, cbsm_id, cbsh_amcobrancasituacaoinicio,
                        cbsh_amcobrancasituacaofim, cbsh_tminforma, cbsh_dsobservacaoinforma)
                    VALUES ($1, $2, $3, $4, $5, now(), $6)
                    ON CONFLICT (imov_id, cbsp_id) WHERE cbsh_amcobrancaretirada IS NULL DO NOTHING
                    """, [imovel, tipo, motivo, inicio.amReferencia, inicio.somando(meses: 11).amReferencia, "FISCALIZACAO OS \(p.ordem)"])
                try db.execute("UPDATE cadastro.imovel SET cbsp_id = $2 WHERE imov_id = $1", [imovel, tipo])
            }
            // Débitos a cobrar: one per OS, situação and tipo.
            for d in debitos {
                let n = try db.execute(
                    """
                    INSERT INTO faturamento.debito_a_cobrar (imov_id, dbtp_id, dbac_tmgeracao, dbac_amreferenciadebito, dbac_amcobranca,
                        dbac_vldebito, dbac_nnprestacaodebito, orse_id, fzst_id)
                    VALUES ($1, $2, now(), $3, $4, $5, 1, $6, $7)
                    ON CONFLICT (orse_id, fzst_id, dbtp_id) WHERE fzst_id IS NOT NULL DO NOTHING
                    """, [imovel, d.tipo, Referencia(hoje).amReferencia, c.referenciaFaturamento, d.valor, p.ordem, d.situacao])
                if n == 1 { resultado.debitos.append(d) }
            }
            if efeitos.reincidencia && !estado.reincidenciaContada {
                try db.execute(
                    "UPDATE cadastro.imovel SET imov_qtinfracoes = imov_qtinfracoes + 1, imov_dtultimainfracao = $2 WHERE imov_id = $1",
                    [imovel, hoje])
            }
            if efeitos.suspenderContratoDemanda {
                try db.execute(
                    """
                    UPDATE cadastro.contrato_demanda SET ctdm_cdsituacao = 2, ctdm_dtsituacao = $2, orse_idsuspensao = $3
                    WHERE imov_id = $1 AND ctdm_cdsituacao = 1
                    """, [imovel, hoje, p.ordem])
            }
        }
        // The inspected service found not executed: a não aceitação of it, for the next bulletin.
        if let motivo = efeitos.naoAceitacao, let inspecionada = estado.referencia {
            let n = try db.execute(
                """
                INSERT INTO cobranca.cob_ac_os_nao_aceitas (orse_id, caac_id, mnac_id, caon_icaceita, caon_icdescontado, caon_dsobservacao,
                    caon_tminformacao, usur_id)
                SELECT o.orse_id, d.caac_id, $2, 2, 2, $3, now(), $4
                FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
                WHERE o.orse_id = $1 AND d.caac_id IS NOT NULL AND o.orse_cdsituacao = 2
                ON CONFLICT DO NOTHING
                """, [inspecionada, motivo, "FISCALIZACAO OS \(p.ordem)", c.usuario.id])
            if n == 1 { resultado.naoAceita = inspecionada }
        }
        for (f, g) in zip(fotos, gravar) {
            try db.execute(
                """
                INSERT INTO atendimentopublico.os_fiscalizacao_foto (orse_id, fotp_id, osft_nmarquivo, osft_dsformato, osft_cdsha256,
                    osft_arquivo, osft_tminclusao, osft_nnlargura, osft_nnaltura, osft_icredimensionada)
                VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9) ON CONFLICT (orse_id, osft_cdsha256) DO NOTHING
                """,
                [p.ordem, f.tipo, String(f.nome.suffix(200)), Self.formato(f.nome), SHA256.hex(f.conteudo), g.conteudo, g.foto.gravada?.largura,
                 g.foto.gravada?.altura, g.foto.reduzida ? 1 : 2])
            resultado.fotos.append(g.foto)
        }
        if p.encerrar, let motivoID = RetornoFiscalizacao.motivoEncerramento(p, catalogo: c.catalogo), let motivo = c.motivos[motivoID] {
            let item = EncerramentoOrdens.Item(
                ordem: p.ordem, motivo: motivoID, data: hoje.iso, minutos: 0, parecer: p.parecer, agente: nil,
                situacao: motivo.execucao ? SituacaoAcao.fiscalizada.rawValue
                    : SituacaoAcao.aposEncerrar(motivo: motivoID, execucao: false).rawValue,
                unidade: c.usuario.unidade, automatico: 2, cortar: false, pavimento: nil, asfalto: nil, paralelepipedo: nil, calcada: nil)
            resultado.encerrada = try EncerramentoOrdens.encerrar([item], origem: .operador, db: db) == [p.ordem]
        }
        return resultado
    }

    static func formato(_ nome: String) -> String { String(nome.split(separator: ".").last ?? "").lowercased() }

    /// The bytes a photo is stored with: a .jpg larger than `maxima` reduced to fit, its proportions kept (seed 002
    /// §2.4.2, "Arquivo"); .doc and .pdf as they come.
    /// - Throws: ``ErroEncerramento/recusa(_:)`` when a .jpg is not a JPEG image (or too large to decode).
    static func ajustar(_ f: ConteudoFoto, maxima: (largura: Int, altura: Int)) throws -> (conteudo: Data, foto: FotoGravada) {
        guard formato(f.nome) == "jpg" else { return (f.conteudo, FotoGravada(nome: f.nome)) }
        guard let original = JPEG.dimensoes(f.conteudo) else {
            throw ErroEncerramento.recusa("Arquivo \(f.nome) não é uma imagem JPEG válida.")
        }
        do {
            guard let menor = try JPEG.reduzir(f.conteudo, larguraMaxima: maxima.largura, alturaMaxima: maxima.altura) else {
                return (f.conteudo, FotoGravada(nome: f.nome, original: original, gravada: original))
            }
            return (menor.dados, FotoGravada(nome: f.nome, original: original, gravada: (menor.largura, menor.altura)))
        } catch let erro as JPEG.Erro {
            throw ErroEncerramento.recusa("Arquivo \(f.nome) \(erro.description).")
        }
    }

    /// A situação that asks for the tipo de medição and none informed: ligação de água (the screen's default).
    static func efeitosPedemMedicao(_ p: RetornoFiscalizacao.Pedido, _ c: Contexto) -> Bool {
        p.situacoes.contains { c.catalogo[$0]?.informaTipoMedicao == true }
    }

    /// `gsan os fiscalizacao retorno N …`: one return, in a transaction of its own.
    public static func informar(
        _ p: RetornoFiscalizacao.Pedido, usuario: String, hoje: CivilDate, fotos: @escaping () throws -> [ConteudoFoto],
        db: PostgresConnection
    ) throws -> Resultado {
        try db.withTransaction { db in
            let c = try Contexto.carregar(usuario: usuario, hoje: hoje, db: db)
            return try aplicar(p, contexto: c, hoje: hoje, fotos: fotos, db: db)
        }
    }
}

/// What the débitos of an imóvel are computed from: its economias, tarifa, cut date and billed consumptions.
struct DadosImovel {
    var economias: [LinhaEconomias]
    var tarifa: Int
    var corte: CivilDate?
    var consumos: [Int]

    static func carregar(_ imovel: Int, mesesMedia: Int, db: PostgresConnection) throws -> DadosImovel {
        guard let row = try db.query(
            """
            SELECT m.cstf_id, l.lagu_dtcorte FROM cadastro.imovel m LEFT JOIN atendimentopublico.ligacao_agua l ON l.lagu_id = m.imov_id
            WHERE m.imov_id = $1
            """, [imovel]).first
        else { throw ErroEncerramento.recusa("Imóvel \(imovel) inexistente.") }
        let (tarifa, corte) = try row.decode((Int, CivilDate?).self)
        let economias = try db.query(
            """
            SELECT s.catg_id, s.scat_cdsubcategoria, i.imsc_qteconomia FROM cadastro.imovel_subcategoria i
            JOIN cadastro.subcategoria s ON s.scat_id = i.scat_id WHERE i.imov_id = $1 ORDER BY 1, 2
            """, [imovel]
        ).map { r in
            let (c, s, q) = try r.decode((Int, Int, Int).self)
            return LinhaEconomias(categoria: c, subcategoria: s, quantidade: q)
        }
        // The last billed months up to the cut's referência (or every month, without a cut).
        let consumos = try db.query(
            """
            SELECT cshi_nnconsumofaturadomes FROM micromedicao.consumo_historico
            WHERE imov_id = $1 AND lgti_id = 1 AND ($2::int IS NULL OR cshi_amfaturamento <= $2)
            ORDER BY cshi_amfaturamento DESC LIMIT $3
            """, [imovel, corte.map { Referencia($0).amReferencia }, mesesMedia]
        ).map { try $0.decode(Int.self, at: 0) }
        return DadosImovel(economias: economias, tarifa: tarifa, corte: corte, consumos: consumos)
    }

    func valor(_ calculo: DebitosInfracao.Calculo, tarifas: [TarifaVigente], hoje: CivilDate) throws -> Centavos {
        let daTarifa = tarifas.filter { $0.tarifa == tarifa && $0.subcategoria == nil }
        switch calculo {
        case .multaInfracao:
            guard let principal = DebitosInfracao.categoriaPrincipal(economias) else { return .zero }
            guard let t = daTarifa.first(where: { $0.categoria == principal }) else {
                throw ErroEncerramento.recusa("Não há tarifa vigente para a categoria \(principal) na tarifa de consumo \(tarifa).")
            }
            return DebitosInfracao.multa(tarifaMinima: t.tarifaMinima, economias: economias.reduce(0) { $0 + $1.quantidade })
        case .consumoFraudado:
            var porCategoria: [Int: TarifaCategoria] = [:]
            for t in daTarifa {
                porCategoria[t.categoria] = TarifaCategoria(
                    consumoMinimo: t.consumoMinimo, tarifaMinima: t.tarifaMinima,
                    faixas: t.faixas.map { .init(inicio: $0.inicio, fim: $0.fim, valorM3: $0.valorM3) })
            }
            do {
                return try DebitosInfracao.consumoFraudado(
                    media: DebitosInfracao.media(consumos), meses: DebitosInfracao.meses(corte: corte, fiscalizacao: hoje),
                    economias: economias, tarifa: tarifa, tarifas: porCategoria)
            } catch {
                throw ErroEncerramento.recusa(error.description)
            }
        }
    }
}
