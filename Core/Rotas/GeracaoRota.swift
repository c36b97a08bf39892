import Contratos
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres
import RotasRegras

/// What one rota's job records (`gsan job show`, `gsan rotas listar`).
public struct ResultadoRota: Codable, Sendable, Equatable {
    public enum Situacao: String, Codable, Sendable {
        /// Written (or rewritten with new content).
        case gerado
        /// Same bytes as the DISPONÍVEL file already there: nothing changed.
        case inalterado
        /// Bad data: no file written, the message says why.
        case recusado
        /// The file already left (LIBERADO, EM CAMPO…): not regenerated.
        case bloqueado
    }

    public var rota: Int
    public var situacao: Situacao
    public var mensagem: String?
    public var arquivo: String?
    public var imoveis: Int?
    public var partes: Int?
    public var bytes: Int?
    public var sha256: String?
}

/// One rota's file of a reference: load, assemble and check (Regras), write the files, store
/// the rows — everything in the job's transaction except the files, which are written
/// atomically and deterministically before it commits (a rerun writes the same bytes).
public struct GeracaoRota: Sendable {
    public var configuracao: ConfiguracaoRotas
    public var logger: Logger

    public init(configuracao: ConfiguracaoRotas, logger: Logger) {
        self.configuracao = configuracao
        self.logger = logger
    }

    public func gerar(_ parte: ParteRota, db: PostgresConnection) throws -> ResultadoRota {
        func resultado(_ situacao: ResultadoRota.Situacao, _ mensagem: String) -> ResultadoRota {
            ResultadoRota(rota: parte.rota, situacao: situacao, mensagem: mensagem)
        }
        // Two requests for the same rota (the close and an operator) wait for each other.
        try db.execute("SELECT pg_advisory_xact_lock(\(Self.chaveRota), $1::int)", [parte.rota])
        // A rota's statements read a few thousand rows by index: parallel workers only add
        // their start-up, and compete with the other rotas' jobs for the same cores.
        try db.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        // The load's estimated cost passes jit_above_cost, and compiling its ~350 expressions
        // cost more than running it: on a 1,000,000-imóvel utility, 12 rotas took 1.94 s of
        // backend CPU with JIT and 0.66 s without (psql, the same statement).
        try db.execute("SET LOCAL jit = off")
        let (carregada, leituraTipo) = try CargaRota.rota(parte.rota, grupo: parte.grupoFaturamento, referencia: parte.referencia, db: db)
        guard let rota = carregada else {
            if let leituraTipo {
                return resultado(.recusado, "Rota \(parte.rota) é de leitura tipo \(leituraTipo): o arquivo Android é só para rotas de leitura Android (6 ou 10).")
            }
            return resultado(.recusado, "Rota \(parte.rota) inexistente no grupo de faturamento \(parte.grupoFaturamento).")
        }
        let existente = try ArquivoRotaBanco.existente(rota: rota.arquivo.id, referencia: parte.referencia, db: db)
        if let existente, existente.situacao != 1 {
            return resultado(
                .bloqueado,
                "O arquivo da rota \(rota.arquivo.id) de \(Referencia.mesAno(parte.referencia)) já está \(existente.situacaoDescricao): "
                    + "só um arquivo DISPONÍVEL pode ser gerado de novo.")
        }
        guard let parametros = try CargaCatalogos.parametros(db: db) else {
            throw JobFailure.permanent("Parâmetros do sistema (cadastro.sistema_parametros) não cadastrados.")
        }
        var relogio = ContinuousClock.now
        func etapa() -> String {
            let agora = ContinuousClock.now
            defer { relogio = agora }
            return String((agora - relogio).components.attoseconds / 1_000_000_000_000_000 + (agora - relogio).components.seconds * 1000)
        }
        let (catalogos, apoio) = try CargaCatalogos.catalogos(referencia: parte.referencia, db: db)
        let imoveis: [ImovelArquivo]
        // The load is read-only; a savepoint lets a failed one (a streamed query abandoned
        // mid-way aborts the transaction) be undone so the refusal can be read and recorded.
        try db.execute("SAVEPOINT carga_rota")
        do {
            // The load is a lookup by imóvel in each table; a hash join there reads the whole
            // inner table for every imóvel or every rota, growing with the utility: at
            // 1,000,000 imóveis the address view's join hashed against all of bairro once per
            // imóvel, a third of the statement (12 rotas: 0.60-0.66 s of backend CPU, 0.48-0.50 s
            // without hash joins; the same rows). Only for this statement (a rollback to the
            // savepoint undoes it too).
            try db.execute("SET LOCAL enable_hashjoin = off")
            imoveis = try CargaRota.imoveis(rota, apoio: apoio, db: db)
            try db.execute("RESET enable_hashjoin")
            try db.execute("RELEASE SAVEPOINT carga_rota")
        } catch let erro as PostgresError where erro.kind == .decoding {
            try db.execute("ROLLBACK TO SAVEPOINT carga_rota")
            // Bad data in the cadastro (a NULL where the file needs a text): this rota is
            // refused, naming the records; the other rotas and the parent job go on.
            let recusa = ErroRota.cadastroInvalido(
                rota: parte.rota, registros: try CadastroInvalidoRota.registros(rota, db: db), motivo: erro.explicacao)
            logger.warning("arquivo da rota recusado", metadata: ["rota": "\(parte.rota)", "motivo": "\(recusa)"])
            return resultado(.recusado, recusa.description)
        }
        let carga = etapa()
        let montada: RotaMontada
        do {
            montada = try MontagemArquivo.montar(rota: rota.arquivo, imoveis: imoveis, catalogos: catalogos, parametros: parametros)
        } catch {
            logger.warning("arquivo da rota recusado", metadata: ["rota": "\(parte.rota)", "motivo": "\(error)"])
            return resultado(.recusado, error.description)
        }
        func linha(_ arquivo: ArquivoMontado) throws -> ArquivoRotaBanco.Linha {
            ArquivoRotaBanco.Linha(
                arquivo: arquivo, tamanho: arquivo.texto.count, sha256: SHA256.hex(arquivo.texto), gzip: try Gzip.comprimir(arquivo.texto))
        }
        let montagem = etapa()
        let completo = try linha(montada.completo)
        let partes = try montada.partes.map(linha)
        let compressao = etapa()
        // A split rota goes to the phones as its parts only (as GSAN's newer generator does).
        for arquivo in partes.isEmpty ? [completo] : partes {
            try SaidaArquivos.gravar(arquivo.arquivo, gzip: arquivo.gzip, referencia: parte.referencia, configuracao: configuracao)
        }
        let disco = etapa()
        var situacao = ResultadoRota.Situacao.gerado
        if let existente, existente.sha256 == completo.sha256, existente.partes == partes.map(\.sha256) {
            situacao = .inalterado
        } else {
            try ArquivoRotaBanco.substituir(existente, rota: rota, completo: completo, partes: partes, db: db)
        }
        logger.info(
            "arquivo da rota \(situacao.rawValue)",
            metadata: [
                "rota": "\(parte.rota)", "arquivo": "\(completo.arquivo.nome)", "imoveis": "\(completo.arquivo.imoveis)",
                "partes": "\(partes.count)", "bytes": "\(completo.tamanho)", "ms.carga": "\(carga)", "ms.montagem": "\(montagem)",
                "ms.gzip_sha": "\(compressao)", "ms.disco": "\(disco)", "ms.banco": "\(etapa())",
            ])
        return ResultadoRota(
            rota: parte.rota, situacao: situacao, mensagem: nil, arquivo: completo.arquivo.nome, imoveis: completo.arquivo.imoveis,
            partes: partes.count, bytes: completo.tamanho, sha256: completo.sha256)
    }

    // First key of the two-key advisory lock: "ROTA" in ASCII.
    static let chaveRota: Int32 = 0x524F_5441
}
