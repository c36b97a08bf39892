import GSANModel

/// A file ready to be written: its name (without extension), its ISO-8859-1 text, how many
/// imóveis it carries.
public struct ArquivoMontado: Sendable, Equatable {
    public var nome: String
    public var texto: [UInt8]
    public var imoveis: Int
}

/// The rota's complete file, and its parts when the rota has an imóvel limit.
public struct RotaMontada: Sendable, Equatable {
    public var completo: ArquivoMontado
    public var partes: [ArquivoMontado]
}

/// Puts a rota's file together from loaded values: which imóveis go in and in what order,
/// their records, the trailer, the split, and the phone's check of every file produced.
public enum MontagemArquivo {
    public static func montar(
        rota: RotaArquivo, imoveis: [ImovelArquivo], catalogos: Catalogos, parametros: ParametrosArquivo
    ) throws(ErroRota) -> RotaMontada {
        let blocos = selecionar(imoveis)
        guard !blocos.isEmpty else { throw .semImoveis(rota: rota.id, referencia: rota.referencia) }
        var texto: [Int: [UInt8]] = [:]
        for imovel in blocos.joined() {
            let registros = try registros(imovel, rota: rota, catalogos: catalogos, parametros: parametros)
            var bytes: [UInt8] = []
            for registro in registros { append(registro, to: &bytes) }
            texto[imovel.matricula] = bytes
        }
        var trailer: [UInt8] = []
        for registro in RegistrosTrailer.registros(catalogos, parametros: parametros, rota: rota) { append(registro, to: &trailer) }

        let comunicados = catalogos.comunicados.isEmpty ? [:] : Dictionary(
            blocos.joined().compactMap { i in comunicado(i, rota: rota, catalogos).map { (i.matricula, $0.id) } }, uniquingKeysWith: { a, _ in a })

        func arquivo(_ nome: String, _ imoveis: [ImovelArquivo]) throws(ErroRota) -> ArquivoMontado {
            var bytes: [UInt8] = []
            for imovel in imoveis { bytes += texto[imovel.matricula]! }
            bytes += trailer
            for registro in RegistrosTrailer.comunicados(imoveis.compactMap { comunicados[$0.matricula] }, catalogos) {
                append(registro, to: &bytes)
            }
            let problemas = ValidadorArquivo.validar(bytes)
            guard problemas.isEmpty else { throw .arquivoInvalido(nome: nome, problemas) }
            return ArquivoMontado(nome: nome, texto: bytes, imoveis: imoveis.count)
        }
        let nome = rota.nomeArquivo
        let completo = try arquivo(nome, Array(blocos.joined()))
        var partes: [ArquivoMontado] = []
        if let limite = rota.limiteImoveis {
            for (indice, parte) in DivisaoRota.dividir(blocos, limite: limite).enumerated() {
                partes.append(try arquivo(NomeArquivo.parte(nome, indice + 1), parte))
            }
        }
        return RotaMontada(completo: completo, partes: partes)
    }

    /// The imóveis that go in, in reading order, as blocks: one imóvel, or a condomínio's
    /// macro followed by its micros. An imóvel without the reference's pre-billed bill is
    /// skipped (as GSAN's Android version does); a macro goes in (without bill) when it has
    /// a meter and one of its micros has a bill.
    public static func selecionar(_ imoveis: [ImovelArquivo]) -> [[ImovelArquivo]] {
        let ordenados = imoveis.sorted { ($0.sequencialRota ?? Int.max, $0.matricula) < ($1.sequencialRota ?? Int.max, $1.matricula) }
        var micros: [Int: [ImovelArquivo]] = [:]
        for imovel in ordenados where imovel.conta != nil {
            if let macro = imovel.condominio { micros[macro, default: []].append(imovel) }
        }
        let macrosAceitos = Set(ordenados.filter { $0.macro && !$0.medidores.isEmpty && micros[$0.matricula] != nil }.map(\.matricula))
        var blocos: [[ImovelArquivo]] = []
        for imovel in ordenados {
            if let macro = imovel.condominio, macrosAceitos.contains(macro) { continue }  // goes with its macro
            if macrosAceitos.contains(imovel.matricula) {
                var macro = imovel
                macro.conta = nil
                blocos.append([macro] + micros[imovel.matricula]!)
            } else if imovel.conta != nil {
                blocos.append([imovel])
            }
        }
        return blocos
    }

    /// The bill's message (the most specific conta_mensagem that covers the imóvel).
    static func mensagem(_ i: ImovelArquivo, rota: RotaArquivo, _ c: Catalogos) -> MensagemContaArquivo? {
        Abrangencia.escolher(
            c.mensagens, abrangencia: \.abrangencia, id: \.id, grupo: rota.grupo, gerencia: i.gerenciaRegionalId,
            localidade: i.localidade, setor: i.setorComercial)
    }

    /// The bill's notice (the most specific conta_comunicado that covers the imóvel; no gerência scope).
    static func comunicado(_ i: ImovelArquivo, rota: RotaArquivo, _ c: Catalogos) -> ComunicadoArquivo? {
        Abrangencia.escolher(
            c.comunicados, abrangencia: \.abrangencia, id: \.id, grupo: rota.grupo, gerencia: i.gerenciaRegionalId,
            localidade: i.localidade, setor: i.setorComercial)
    }

    /// The aviso de corte's barcode (01.53): a documento de cobrança (tipo de pagamento 5) of
    /// the imóvel's localidade, in the utility's módulo.
    static func codigoBarras(_ i: ImovelArquivo, _ documento: DocumentoCobrancaArquivo, _ p: ParametrosArquivo) throws(ErroRota) -> String {
        guard let modulo = CodigoBarras.Modulo(rawValue: p.moduloDigito) else {
            throw .codigoBarras(imovel: i.matricula, documento: documento.id, "Código de barras: módulo do dígito verificador \(p.moduloDigito) (parm_cdmodulodigitoverificador) deve ser 10 ou 11.")
        }
        do {
            return try CodigoBarras.representacaoNumerica(
                valor: documento.valor, empresaFebraban: p.febraban,
                pagamento: .documento(localidade: i.localidade, imovel: i.matricula, sequencial: documento.sequencial, documentoTipo: documento.tipo),
                modulo: modulo)
        } catch {
            throw .codigoBarras(imovel: i.matricula, documento: documento.id, error.description)
        }
    }

    static func registros(
        _ original: ImovelArquivo, rota: RotaArquivo, catalogos: Catalogos, parametros: ParametrosArquivo
    ) throws(ErroRota) -> [Registro] {
        var imovel = original
        imovel.mensagens = mensagem(imovel, rota: rota, catalogos)?.partes ?? []
        imovel.comunicado = comunicado(imovel, rota: rota, catalogos)?.id
        if let documento = imovel.documento { imovel.codigoBarrasDocumento = try codigoBarras(imovel, documento, parametros) }
        var faixas: [FaixaLeitura] = []
        for medidor in imovel.medidores {
            guard (4...7).contains(medidor.digitos) else {
                throw .digitosInvalidos(imovel: imovel.matricula, hidrometro: medidor.numero, digitos: medidor.digitos)
            }
            guard (medidor.digitosMinimo...medidor.digitosMaximo).contains(medidor.digitos) else {
                throw .digitosForaDaCapacidade(
                    imovel: imovel.matricula, hidrometro: medidor.numero, digitos: medidor.digitos, capacidade: medidor.capacidade,
                    minimo: medidor.digitosMinimo, maximo: medidor.digitosMaximo)
            }
            do {
                faixas.append(try FaixaLeitura.esperada(
                    leituraAnterior: medidor.leituraAnterior, media: medidor.consumoMedio, digitos: medidor.digitos))
            } catch {
                throw .faixaLeitura(imovel: imovel.matricula, hidrometro: medidor.numero, error)
            }
        }
        let porCategoria = parametros.tarifaPorCategoria
        func tarifa(_ e: EconomiaArquivo) -> TarifaArquivo? {
            let daCategoria = catalogos.tarifas.filter { $0.tarifa == imovel.tarifa && $0.categoria == e.categoria }
            if porCategoria { return daCategoria.first { $0.subcategoria == nil } ?? daCategoria.first }
            return daCategoria.first { $0.subcategoria == e.codigoSubcategoria } ?? daCategoria.first { $0.subcategoria == nil }
        }
        for economia in imovel.economias where tarifa(economia) == nil {
            throw .tarifaAusente(
                imovel: imovel.matricula, tarifa: imovel.tarifa, categoria: economia.categoria,
                subcategoria: porCategoria ? nil : economia.codigoSubcategoria)
        }
        var economias = porCategoria ? porCategoriaSomadas(imovel.economias) : imovel.economias
        if parametros.porLigacao,
            let prevalecente = Prevalencia.prevalecente(imovel.economias, porCategoria: porCategoria, tarifaMinima: { tarifa($0)?.tarifaMinima })
        {
            economias = [prevalecente]
        }
        return RegistrosImovel.registros(imovel, rota: rota, economias: economias, faixas: faixas, porCategoria: porCategoria)
    }

    /// Category mode: one record 02 per categoria, economias summed.
    static func porCategoriaSomadas(_ economias: [EconomiaArquivo]) -> [EconomiaArquivo] {
        var resultado: [EconomiaArquivo] = []
        for e in economias {
            if let i = resultado.firstIndex(where: { $0.categoria == e.categoria }) {
                resultado[i].quantidade += e.quantidade
            } else {
                resultado.append(e)
            }
        }
        return resultado
    }

    static func append(_ registro: Registro, to bytes: inout [UInt8]) {
        for var campo in registro.campos {
            campo.withUTF8 { utf8 in
                var i = 0
                while i < utf8.count {
                    let b = utf8[i]
                    if b < 0x80 {
                        bytes.append(b)
                        i += 1
                    } else if (b == 0xC2 || b == 0xC3), i + 1 < utf8.count {
                        // U+0080…U+00FF: one ISO-8859-1 byte.
                        bytes.append(((b & 0x1F) << 6) | (utf8[i + 1] & 0x3F))
                        i += 2
                    } else {
                        // Anything else was already made `?` by Campo.texto; keep it that way.
                        bytes.append(UInt8(ascii: "?"))
                        i += 1
                        while i < utf8.count, utf8[i] & 0xC0 == 0x80 { i += 1 }
                    }
                }
            }
            bytes.append(UInt8(ascii: "|"))
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The text as a Swift string (tests, the CLI): ISO-8859-1 decoded.
    public static func texto(_ bytes: [UInt8]) -> String { ValidadorArquivo.latin1(bytes) }
}
