import EncerramentoRegras
import Foundation
import GSANDatabase
import GSANModel
import Contratos
import GSANSupport
import JobRuntime
import Postgres

/// `gsan os retorno`: the contractor's return file (docs/encerramento.md). The whole file is read
/// and checked first, every bad line with its number and reason; with any bad line nothing is
/// written unless `parcial`. The same content is imported once (SHA-256), and an order already
/// closed by a return the same way counts as done. Files up to ``limiteEmLinha`` accepted lines
/// close in the command's transaction; larger ones are staged and closed by jobs in parts of
/// ``tamanhoParte`` lines (`encerramento.retorno`), whose progress the retorno row counts.
public enum ImportacaoRetorno {
    public static let limiteEmLinha = 1_000
    public static let tamanhoParte = 2_000

    public enum Resultado: Sendable {
        /// The same content was imported before (id, when).
        case jaImportado(retorno: Int64, em: String, encerradas: Int)
        /// Bad lines and no `parcial`: nothing written.
        case recusado(linhas: Int, rejeitadas: [ArquivoRetorno.Rejeicao])
        /// Written: closed now (inline) or staged for the jobs (`job`).
        case importado(retorno: Int64, linhas: Int, encerradas: Int, jaEncerradas: Int, rejeitadas: [ArquivoRetorno.Rejeicao], job: String?)
    }

    struct Validacao {
        var aceitas: [(ArquivoRetorno.Linha, EncerramentoInformado.Estado, EncerramentoManual.Motivo)] = []
        var jaEncerradas = 0
        var rejeitadas: [ArquivoRetorno.Rejeicao] = []
    }

    /// The rules for each line against the orders as they stand.
    static func validar(_ linhas: [ArquivoRetorno.Linha], contrato: Int, hoje: CivilDate, db: PostgresConnection) throws -> Validacao {
        var v = Validacao()
        let estados = try EncerramentoInformado.estados(linhas.map(\.pedido.ordem), db: db)
        let motivos = try EncerramentoInformado.motivos(db: db)
        for linha in linhas {
            let p = linha.pedido
            let estado = estados[p.ordem]
            if let estado {
                if let e = estado.encerramento, e.porRetorno, e.motivo == p.motivo, e.data == p.data {
                    v.jaEncerradas += 1
                    continue
                }
                if estado.contrato != contrato {
                    v.rejeitadas.append(.init(linha: linha.numero, motivo: "OS \(p.ordem) não é do contrato \(contrato)", texto: linha.texto))
                    continue
                }
            }
            if let recusa = EncerramentoManual.recusa(p, ordem: estado?.ordem, motivo: motivos[p.motivo], hoje: hoje) {
                v.rejeitadas.append(.init(linha: linha.numero, motivo: recusa, texto: linha.texto))
            } else if let estado, let motivo = motivos[p.motivo] {
                v.aceitas.append((linha, estado, motivo))
            }
        }
        return v
    }

    public static func importar(
        nome: String, conteudo: Data, contrato: Int, parcial: Bool, hoje: CivilDate, db: PostgresConnection,
        limiteEmLinha: Int = ImportacaoRetorno.limiteEmLinha, tamanhoParte: Int = ImportacaoRetorno.tamanhoParte,
        familia: String? = nil
    ) throws -> Resultado {
        var hash = SHA256()
        hash.update(conteudo)
        let sha = SHA256.hex(hash.finalize())
        if let anterior = try jaImportado(sha, db: db) { return anterior }
        guard let texto = String(data: conteudo, encoding: .utf8) else {
            return .recusado(linhas: 0, rejeitadas: [.init(linha: 1, motivo: "o arquivo não está em UTF-8", texto: "")])
        }
        guard try db.query("SELECT 1 FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1", [contrato]).first != nil else {
            throw ErroEncerramento.recusa("Contrato \(contrato) inexistente.")
        }
        let (linhas, ilegiveis) = ArquivoRetorno.ler(texto)
        return try db.withTransaction { db in
            let v = try validar(linhas, contrato: contrato, hoje: hoje, db: db)
            let rejeitadas = (ilegiveis + v.rejeitadas).sorted { $0.linha < $1.linha }
            let total = linhas.count + ilegiveis.filter { $0.linha > 1 }.count
            if !rejeitadas.isEmpty && !parcial { return .recusado(linhas: total, rejeitadas: rejeitadas) }
            // Unique by content: a concurrent import of the same file waits here and is then refused.
            guard let id = try db.query(
                """
                INSERT INTO atendimentopublico.retorno_contratada (rtct_cdsha256, rtct_nmarquivo, cese_id, rtct_dtimportacao,
                    rtct_qtlinhas, rtct_qtaceitas, rtct_qtrejeitadas)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (rtct_cdsha256) DO NOTHING RETURNING rtct_id
                """, [sha, nome, contrato, hoje, total, v.aceitas.count, rejeitadas.count]
            ).first?.decode(Int64.self, at: 0)
            else {
                return try jaImportado(sha, db: db) ?? .recusado(linhas: total, rejeitadas: rejeitadas)
            }
            if v.aceitas.count <= limiteEmLinha {
                let encerradas = try EncerramentoOrdens.encerrar(
                    v.aceitas.map { EncerramentoInformado.item($0.0.pedido, estado: $0.1, motivo: $0.2) }, origem: .retorno, db: db)
                try db.execute(
                    "UPDATE atendimentopublico.retorno_contratada SET rtct_qtprocessadas = $2, rtct_qtencerradas = $3 WHERE rtct_id = $1",
                    [id, v.aceitas.count, encerradas.count])
                return .importado(retorno: id, linhas: total, encerradas: encerradas.count, jaEncerradas: v.jaEncerradas,
                                  rejeitadas: rejeitadas, job: nil)
            }
            // Staged column by column (arrays, no JSON encoding in this process); the row keeps
            // the request as the JSON of ``EncerramentoManual/Pedido``, which the parts read back.
            for inicio in stride(from: 0, to: v.aceitas.count, by: 20_000) {
                let lote = v.aceitas[inicio..<min(inicio + 20_000, v.aceitas.count)]
                let pedidos = lote.map(\.0.pedido)
                func coluna(_ valor: (EncerramentoManual.Pedido) -> String?) -> PostgresArray { PostgresArray(pedidos.map(valor)) }
                try db.execute(
                    """
                    INSERT INTO atendimentopublico.retorno_contratada_linha (rtct_id, rtcl_nnlinha, rtcl_nnparte, rtcl_dspedido)
                    SELECT $1, x.linha, x.parte, jsonb_build_object('ordem', x.ordem, 'motivo', x.motivo, 'data', x.data,
                        'minutos', x.minutos, 'parecer', x.parecer, 'agente', x.agente,
                        'pavimento', CASE WHEN x.com IS NOT NULL THEN jsonb_build_object('comPavimento', x.com, 'asfalto', x.asfalto,
                            'paralelepipedo', x.paralelepipedo, 'calcada', x.calcada) END)
                    FROM unnest($2::int[], $3::int[], $4::bigint[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[],
                                $10::boolean[], $11::int[], $12::int[], $13::int[])
                         AS x(linha, parte, ordem, motivo, data, minutos, parecer, agente, com, asfalto, paralelepipedo, calcada)
                    """,
                    [id, PostgresArray(lote.map(\.0.numero)), PostgresArray(lote.indices.map { $0 / max(1, tamanhoParte) }),
                     PostgresArray(pedidos.map(\.ordem)), PostgresArray(pedidos.map(\.motivo)), coluna { $0.data.iso },
                     PostgresArray(pedidos.map(\.minutos)), coluna(\.parecer), coluna(\.agente),
                     coluna { $0.pavimento.map { $0.comPavimento ? "true" : "false" } }, coluna { $0.pavimento.map { String($0.asfalto) } },
                     coluna { $0.pavimento.map { String($0.paralelepipedo) } }, coluna { $0.pavimento.map { String($0.calcada) } }])
            }
            let jobID = EncerramentoJobs.idRetorno(id)
            let kind = EncerramentoJobs.retorno
            try Outbox.enqueue(JobSpec(id: jobID, kind: familia.map { kind.inFamily($0) } ?? kind, payload: PedidoRetorno(retorno: id)), on: db)
            return .importado(retorno: id, linhas: total, encerradas: 0, jaEncerradas: v.jaEncerradas, rejeitadas: rejeitadas, job: jobID)
        }
    }

    static func jaImportado(_ sha: String, db: PostgresConnection) throws -> Resultado? {
        guard let row = try db.query(
            """
            SELECT rtct_id, to_char(rtct_tmimportacao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY HH24:MI'), rtct_qtencerradas
            FROM atendimentopublico.retorno_contratada WHERE rtct_cdsha256 = $1
            """, [sha]).first
        else { return nil }
        let (id, em, encerradas) = try row.decode((Int64, String, Int).self)
        return .jaImportado(retorno: id, em: em, encerradas: encerradas)
    }

    /// Progress of an import: (processed, accepted, closed).
    public static func progresso(_ retorno: Int64, db: PostgresConnection) throws -> (processadas: Int, aceitas: Int, encerradas: Int) {
        try db.query(
            "SELECT rtct_qtprocessadas, rtct_qtaceitas, rtct_qtencerradas FROM atendimentopublico.retorno_contratada WHERE rtct_id = $1",
            [retorno])[0].decode((Int, Int, Int).self)
    }

    // MARK: The jobs of a large file

    static func distribuir(_ pedido: PedidoRetorno, _ context: JobContext) throws {
        let partes = try context.db.query(
            "SELECT DISTINCT rtcl_nnparte FROM atendimentopublico.retorno_contratada_linha WHERE rtct_id = $1 ORDER BY 1",
            [pedido.retorno]
        ).map { try $0.decode(Int.self, at: 0) }
        for p in partes {
            try context.enqueueChild(
                JobSpec(id: EncerramentoJobs.idParte(context.jobID, parte: p), kind: context.inOwnFamily(EncerramentoJobs.retornoParte), payload: ParteRetorno(retorno: pedido.retorno, parte: p)))
        }
        struct R: Encodable { var partes: Int }
        try context.setResult(R(partes: partes.count))
    }

    /// One part, in the job's transaction: its lines checked again against the orders as they are
    /// now (a decurso may have closed one since), closed, and counted on the retorno row.
    static func processarParte(_ p: ParteRetorno, _ context: JobContext) throws {
        let db = context.db
        guard let cab = try db.query(
            "SELECT cese_id, rtct_dtimportacao FROM atendimentopublico.retorno_contratada WHERE rtct_id = $1", [p.retorno]).first
        else { throw ErroEncerramento.recusa("Retorno \(p.retorno) inexistente.") }
        let (contrato, hoje) = try cab.decode((Int, CivilDate).self)
        let decoder = JSONDecoder()
        let linhas = try db.query(
            """
            SELECT rtcl_nnlinha, rtcl_dspedido::text FROM atendimentopublico.retorno_contratada_linha
            WHERE rtct_id = $1 AND rtcl_nnparte = $2 ORDER BY 1
            """, [p.retorno, p.parte]
        ).map { row in
            let (numero, json) = try row.decode((Int, String).self)
            let pedido = try decoder.decode(EncerramentoManual.Pedido.self, from: Data(json.utf8))
            return ArquivoRetorno.Linha(numero: numero, texto: "", pedido: pedido)
        }
        let v = try validar(linhas, contrato: contrato, hoje: hoje, db: db)
        let encerradas = try EncerramentoOrdens.encerrar(
            v.aceitas.map { EncerramentoInformado.item($0.0.pedido, estado: $0.1, motivo: $0.2) }, origem: .retorno, db: db)
        if !v.rejeitadas.isEmpty {
            struct Rej: Encodable { var linha: Int; var motivo: String }
            try db.execute(
                """
                UPDATE atendimentopublico.retorno_contratada_linha l SET rtcl_dsrejeicao = x.motivo
                FROM jsonb_to_recordset($1::jsonb) AS x(linha int, motivo text) WHERE l.rtct_id = $2 AND l.rtcl_nnlinha = x.linha
                """, [PostgresJSON(v.rejeitadas.map { Rej(linha: $0.linha, motivo: $0.motivo) }), p.retorno])
        }
        try db.execute(
            """
            UPDATE atendimentopublico.retorno_contratada
            SET rtct_qtprocessadas = rtct_qtprocessadas + $2, rtct_qtencerradas = rtct_qtencerradas + $3,
                rtct_qtrejeitadas = rtct_qtrejeitadas + $4
            WHERE rtct_id = $1
            """, [p.retorno, linhas.count, encerradas.count, v.rejeitadas.count])
        struct R: Encodable { var linhas: Int; var encerradas: Int; var jaEncerradas: Int; var rejeitadas: Int }
        try context.setResult(R(linhas: linhas.count, encerradas: encerradas.count, jaEncerradas: v.jaEncerradas, rejeitadas: v.rejeitadas.count))
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(EncerramentoJobs.retorno, distribuir)
        registry.register(EncerramentoJobs.retornoParte, processarParte)
    }
}
