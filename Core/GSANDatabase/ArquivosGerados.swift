import Foundation
import GSANSupport
import Postgres

/// The kinds of generated files kept in the database (`arquivo.arquivo_gerado`, migration 0026).
/// Each is also the name of its folder when exported.
public enum TipoArquivoGerado: String, CaseIterable, Sendable {
    /// A rota's documents of a command, one page per document (docs/documentos.md).
    case documentosPDF = "documentos-pdf"
    /// The print house's fixed-width file of the same documents.
    case documentosGrafica = "documentos-grafica"
    /// The guias of a parcelamento judicial (docs/parcelamento-judicial.md).
    case guiasParcelamento = "parcelamento-guias"
    /// The fiscalização forms of an OS seletiva (docs/fiscalizacao.md).
    case fiscalizacaoSeletiva = "fiscalizacao-seletiva"
    /// The measurement bulletin's report, PDF and CSV (docs/medicao.md).
    case boletimMedicao = "medicao-boletim"
    /// The OS-situação report (R1170), PDF and CSV.
    case relatorioOSSituacao = "medicao-os-situacao"
}

/// One stored file: what the list shows and the exporter checks.
public struct ArquivoGerado: Sendable, Equatable {
    /// The row (`argr_id`) whose parts hold the content.
    public var id: Int64
    public var tipo: String
    /// The path under the kind's folder (`caac-000012/rota-000045.pdf`).
    public var chave: String
    /// AAAAMM of the month it belongs to, when it has one.
    public var referencia: Int?
    /// What produced it (`caac-12`, `cacm-3`, `parcelamento-7`, …), when it has one.
    public var origem: String?
    public var tamanho: Int64
    public var sha256: String
    public var partes: Int
}

/// Generated files in PostgreSQL, so that any machine can serve what a worker on another wrote:
/// ``gravar(_:tipo:chave:referencia:origem:db:)`` in the transaction that records the file,
/// ``exportar(_:para:db:)`` to write it out again. The content goes in parts of at most
/// ``tamanhoParte`` bytes, read from the file and written out one part at a time: a large file is
/// never whole in memory.
public enum ArquivosGerados {
    public static let tamanhoParte = 1 << 20

    /// The file's row, new or replacing what was stored under its path; returns its id. A new row takes `$8`
    /// when given (an id its job's parent reserved: ``ReservaIds``), else the sequence's next.
    static let registrar = """
        INSERT INTO arquivo.arquivo_gerado
            (argr_id, argr_tipo, argr_nmchave, argr_amreferencia, argr_nmorigem, argr_nntamanho, argr_nnsha256, argr_nnpartes)
        VALUES (COALESCE($8::bigint, \(ReservaIds.proximo(tabela: "arquivo.arquivo_gerado", coluna: "argr_id"))),
                $1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (argr_tipo, argr_nmchave) DO UPDATE SET
            argr_amreferencia = EXCLUDED.argr_amreferencia, argr_nmorigem = EXCLUDED.argr_nmorigem,
            argr_nntamanho = EXCLUDED.argr_nntamanho, argr_nnsha256 = EXCLUDED.argr_nnsha256,
            argr_nnpartes = EXCLUDED.argr_nnpartes, argr_tmgravacao = now()
        RETURNING argr_id
        """

    public enum Erro: Error, CustomStringConvertible, Sendable {
        case chaveInvalida(String)
        case leitura(String, String)
        case conteudoDivergente(String)
        case nenhum

        public var description: String {
            switch self {
            case .chaveInvalida(let chave): "Caminho de arquivo gerado inválido: \(chave)."
            case .leitura(let caminho, let erro): "Não foi possível ler \(caminho): \(erro)."
            case .conteudoDivergente(let chave):
                "O conteúdo de \(chave) no banco não confere com o SHA-256 gravado: o arquivo não foi exportado."
            case .nenhum: "Nenhum arquivo gerado atende ao filtro informado."
            }
        }
    }

    /// A relative path of plain segments (letters, digits, `._-`, not starting with a dot), at
    /// most 255 characters: the same rule the table checks.
    public static func chaveValida(_ chave: String) -> Bool {
        guard (1...255).contains(chave.utf8.count) else { return false }
        return chave.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segmento in
            guard let primeiro = segmento.unicodeScalars.first, primeiro != "." && primeiro != "-" else { return false }
            return segmento.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            }
        }
    }

    /// Stores the file at `origem` under (`tipo`, `chave`), replacing what was stored there before
    /// unless it has the same SHA-256 (a rerun writes nothing). Runs in the caller's transaction
    /// when there is one (the file is recorded with the rows that name it), else in its own. A new row
    /// gets `id` when given (reserved by the job's parent, so that it does not depend on commit order).
    @discardableResult
    public static func gravar(
        _ arquivo: URL, tipo: TipoArquivoGerado, chave: String, referencia: Int? = nil, origem: String? = nil, id reservado: Int64? = nil,
        db: PostgresConnection
    ) throws -> ArquivoGerado {
        guard chaveValida(chave) else { throw Erro.chaveInvalida(chave) }
        var hasher = SHA256()
        var tamanho: Int64 = 0
        var partes = 0
        try lerPartes(arquivo) { parte in
            hasher.update(parte)
            tamanho += Int64(parte.count)
            partes += 1
        }
        let sha = hasher.finalizeHex()
        let corpo = { (db: PostgresConnection) throws -> Int64 in
            let existente = try db.query(
                "SELECT argr_id, argr_nnsha256 FROM arquivo.arquivo_gerado WHERE argr_tipo = $1 AND argr_nmchave = $2 FOR UPDATE",
                [tipo.rawValue, chave]
            ).first
            if let existente, try existente.decode(String.self, at: 1) == sha {
                let id = try existente.decode(Int64.self, at: 0)
                try db.execute(
                    "UPDATE arquivo.arquivo_gerado SET argr_amreferencia = $2, argr_nmorigem = $3 WHERE argr_id = $1",
                    [id, referencia, origem])
                return id
            }
            guard let id = try db.query(
                registrar, [tipo.rawValue, chave, referencia, origem, tamanho, sha, partes, reservado]
            ).first.map({ try $0.decode(Int64.self, at: 0) })
            else { throw Erro.leitura(arquivo.path, "o banco não devolveu o registro do arquivo") }
            try db.execute("DELETE FROM arquivo.arquivo_gerado_parte WHERE argr_id = $1", [id])
            var numero = 0
            var conferencia = SHA256()
            try lerPartes(arquivo) { parte in
                conferencia.update(parte)
                _ = try db.executePrepared(
                    sql: "INSERT INTO arquivo.arquivo_gerado_parte (argr_id, agpt_nnparte, agpt_conteudo) VALUES ($1, $2, $3)",
                    [id, numero, parte])
                numero += 1
            }
            // The file changed between the two readings (another writer): store nothing of it.
            guard conferencia.finalizeHex() == sha else {
                throw Erro.leitura(arquivo.path, "o arquivo mudou enquanto era gravado no banco")
            }
            return id
        }
        let id = db.isInTransaction ? try corpo(db) : try db.withTransaction { try corpo($0) }
        return ArquivoGerado(
            id: id, tipo: tipo.rawValue, chave: chave, referencia: referencia, origem: origem, tamanho: tamanho, sha256: sha,
            partes: partes)
    }

    /// One file of ``gravar(_:tipo:origem:db:)``: where it is, its path under the kind's folder, its month.
    public struct AGravar: Sendable {
        public var arquivo: URL
        public var chave: String
        public var referencia: Int?
        /// The bytes the caller just wrote to `arquivo` (one writer per file), when it still has them: the file
        /// is then not read back.
        public var conteudo: [UInt8]?
        /// The id of a new row, when the job's parent reserved one (``ReservaIds``).
        public var id: Int64?
        public init(_ arquivo: URL, chave: String, referencia: Int? = nil, conteudo: [UInt8]? = nil, id: Int64? = nil) {
            self.arquivo = arquivo
            self.chave = chave
            self.referencia = referencia
            self.conteudo = conteudo
            self.id = id
        }
    }

    /// Stores many files of one kind and origin as ``gravar(_:tipo:chave:referencia:origem:db:)`` stores
    /// each (the same rows, the same "same SHA-256 writes nothing"), in a few round trips instead of four
    /// per file: the rows of a batch locked with one query, then every statement of the batch in one
    /// pipeline. A file of one part (at most ``tamanhoParte`` bytes: a form, a guia) is read once (not at all
    /// when the caller gives the bytes it wrote), and its digest and stored bytes come from those same bytes; a
    /// larger one goes through the single-file path.
    /// Every path is checked before anything is written. In the caller's transaction when there is one.
    @discardableResult
    public static func gravar(_ arquivos: [AGravar], tipo: TipoArquivoGerado, origem: String? = nil, db: PostgresConnection) throws
        -> [ArquivoGerado]
    {
        if let ruim = arquivos.first(where: { !chaveValida($0.chave) }) { throw Erro.chaveInvalida(ruim.chave) }
        guard Set(arquivos.map(\.chave)).count == arquivos.count else {
            throw Erro.chaveInvalida(arquivos.map(\.chave).joined(separator: ", "))
        }
        let corpo = { (db: PostgresConnection) throws -> [ArquivoGerado] in
            var gravados: [ArquivoGerado] = []
            var lote: [(AGravar, [UInt8])] = []
            var bytesDoLote = 0
            func gravarLote() throws {
                if !lote.isEmpty { gravados += try gravarPequenos(lote, tipo: tipo, origem: origem, db: db) }
                lote.removeAll(keepingCapacity: true)
                bytesDoLote = 0
            }
            for a in arquivos {
                var conteudo: [UInt8] = []
                var partes = 0
                if let dado = a.conteudo {
                    (conteudo, partes) = (dado, dado.isEmpty ? 0 : (dado.count <= tamanhoParte ? 1 : 2))
                } else {
                    try lerPartes(a.arquivo) { parte in
                        partes += 1
                        if partes == 1 { conteudo = parte }
                    }
                }
                guard partes <= 1 else {
                    try gravarLote()  // in the order given
                    gravados.append(
                        try gravar(a.arquivo, tipo: tipo, chave: a.chave, referencia: a.referencia, origem: origem, id: a.id, db: db))
                    continue
                }
                lote.append((a, conteudo))
                bytesDoLote += conteudo.count
                if lote.count >= 200 || bytesDoLote >= 8 * tamanhoParte { try gravarLote() }
            }
            try gravarLote()
            return gravados
        }
        return db.isInTransaction ? try corpo(db) : try db.withTransaction { try corpo($0) }
    }

    /// Files of at most one part, already read: one query locks what is stored under their paths, one pipeline writes.
    private static func gravarPequenos(_ lote: [(AGravar, [UInt8])], tipo: TipoArquivoGerado, origem: String?, db: PostgresConnection) throws
        -> [ArquivoGerado]
    {
        let existentes = Dictionary(
            try db.query(
                """
                SELECT argr_nmchave, argr_id, argr_nnsha256 FROM arquivo.arquivo_gerado
                WHERE argr_tipo = $1 AND argr_nmchave = ANY($2::text[]) ORDER BY argr_id FOR UPDATE
                """, [tipo.rawValue, PostgresArray(lote.map(\.0.chave))]
            ).map { (try $0.decode(String.self, at: 0), (try $0.decode(Int64.self, at: 1), try $0.decode(String.self, at: 2))) },
            uniquingKeysWith: { a, _ in a })
        var comandos: [PostgresConnection.PipelineStatement] = []
        // Per file: the statement whose result carries its id (nil: the id is the existing row's).
        var linhas: [(sha: String, existente: Int64?, indice: Int)] = []
        for (a, conteudo) in lote {
            let sha = SHA256.hex(conteudo)
            if let (id, gravado) = existentes[a.chave], gravado == sha {
                linhas.append((sha, id, comandos.count))
                comandos.append(.init(
                    "UPDATE arquivo.arquivo_gerado SET argr_amreferencia = $2, argr_nmorigem = $3 WHERE argr_id = $1", [id, a.referencia, origem]))
                continue
            }
            linhas.append((sha, nil, comandos.count))
            comandos.append(.init(
                registrar, [tipo.rawValue, a.chave, a.referencia, origem, Int64(conteudo.count), sha, conteudo.isEmpty ? 0 : 1, a.id]))
            comandos.append(.init(
                """
                DELETE FROM arquivo.arquivo_gerado_parte
                WHERE argr_id = (SELECT argr_id FROM arquivo.arquivo_gerado WHERE argr_tipo = $1 AND argr_nmchave = $2)
                """, [tipo.rawValue, a.chave]))
            if !conteudo.isEmpty {
                comandos.append(.init(
                    """
                    INSERT INTO arquivo.arquivo_gerado_parte (argr_id, agpt_nnparte, agpt_conteudo)
                    SELECT argr_id, 0, $3 FROM arquivo.arquivo_gerado WHERE argr_tipo = $1 AND argr_nmchave = $2
                    """, [tipo.rawValue, a.chave, conteudo]))
            }
        }
        guard !comandos.isEmpty else { return [] }
        comandos[comandos.count - 1].sync = true
        let resultados = try db.pipeline(comandos)
        for r in resultados { _ = try r.get() }
        return try zip(lote, linhas).map { item, linha in
            let (a, conteudo) = item
            let id: Int64
            if let existente = linha.existente {
                id = existente
            } else {
                guard let lido = try resultados[linha.indice].get().first.map({ try $0.decode(Int64.self, at: 0) }) else {
                    throw Erro.leitura(a.arquivo.path, "o banco não devolveu o registro do arquivo")
                }
                id = lido
            }
            return ArquivoGerado(
                id: id, tipo: tipo.rawValue, chave: a.chave, referencia: a.referencia, origem: origem, tamanho: Int64(conteudo.count),
                sha256: linha.sha, partes: conteudo.isEmpty ? 0 : 1)
        }
    }

    /// The stored files of a kind, a month and/or an origin, in the order of kind and path.
    public static func listar(
        tipo: TipoArquivoGerado? = nil, referencia: Int? = nil, origem: String? = nil, db: PostgresConnection
    ) throws -> [ArquivoGerado] {
        try db.query(
            """
            SELECT argr_id, argr_tipo, argr_nmchave, argr_amreferencia, argr_nmorigem, argr_nntamanho, argr_nnsha256, argr_nnpartes
            FROM arquivo.arquivo_gerado
            WHERE ($1::text IS NULL OR argr_tipo = $1) AND ($2::integer IS NULL OR argr_amreferencia = $2)
              AND ($3::text IS NULL OR argr_nmorigem = $3)
            ORDER BY argr_tipo, argr_nmchave
            """, [tipo?.rawValue, referencia, origem]
        ).map { linha in
            ArquivoGerado(
                id: try linha.decode(Int64.self, at: 0), tipo: try linha.decode(String.self, at: 1),
                chave: try linha.decode(String.self, at: 2), referencia: try linha.decode(Int?.self, at: 3),
                origem: try linha.decode(String?.self, at: 4), tamanho: try linha.decode(Int64.self, at: 5),
                sha256: try linha.decode(String.self, at: 6), partes: try linha.decode(Int.self, at: 7))
        }
    }

    /// Writes a stored file to `<raiz>/<tipo>/<chave>` (folders 0750, file 0640, through a
    /// temporary and a rename), one part at a time, and checks its SHA-256 before the rename: a
    /// file whose content does not match is not written. Returns where it went.
    @discardableResult
    public static func exportar(_ arquivo: ArquivoGerado, para raiz: URL, db: PostgresConnection) throws -> URL {
        // The database's content is not trusted to name paths: the same rule as the table's check.
        guard chaveValida(arquivo.chave), TipoArquivoGerado(rawValue: arquivo.tipo) != nil else {
            throw Erro.chaveInvalida(arquivo.tipo + "/" + arquivo.chave)
        }
        let destino = raiz.appendingPathComponent(arquivo.tipo, isDirectory: true).appendingPathComponent(arquivo.chave)
        try ModoArquivos.criarPastas(destino.deletingLastPathComponent().path)
        try gravarAtomico(destino) { temporario in
            guard FileManager.default.createFile(atPath: temporario.path, contents: nil),
                let saida = FileHandle(forWritingAtPath: temporario.path)
            else { throw ErroGravacao("não foi possível criar \(temporario.path)") }
            defer { try? saida.close() }
            // A part missing, or the file rewritten since it was listed: the digest below says so.
            var hasher = SHA256()
            var tamanho: Int64 = 0
            for numero in 0..<arquivo.partes {
                guard
                    let parte = try db.queryPrepared(
                        "SELECT agpt_conteudo FROM arquivo.arquivo_gerado_parte WHERE argr_id = $1 AND agpt_nnparte = $2",
                        [arquivo.id, numero]
                    ).first.map({ try $0.decode([UInt8].self, at: 0) })
                else { throw Erro.conteudoDivergente(arquivo.tipo + "/" + arquivo.chave) }
                hasher.update(parte)
                tamanho += Int64(parte.count)
                try saida.write(contentsOf: parte)
            }
            let sha = hasher.finalizeHex()
            guard sha == arquivo.sha256, tamanho == arquivo.tamanho else {
                throw Erro.conteudoDivergente(arquivo.tipo + "/" + arquivo.chave)
            }
            try saida.synchronize()
        }
        return destino
    }

    /// Reads `arquivo` in parts of ``tamanhoParte`` bytes (the last one shorter; none for an empty file).
    static func lerPartes(_ arquivo: URL, _ cadaParte: ([UInt8]) throws -> Void) throws {
        let entrada: FileHandle
        do {
            entrada = try FileHandle(forReadingFrom: arquivo)
        } catch {
            throw Erro.leitura(arquivo.path, "\(error)")
        }
        defer { try? entrada.close() }
        while true {
            let dados: Data?
            do {
                dados = try entrada.read(upToCount: tamanhoParte)
            } catch {
                throw Erro.leitura(arquivo.path, "\(error)")
            }
            guard let dados, !dados.isEmpty else { return }
            try cadaParte([UInt8](dados))
        }
    }
}
