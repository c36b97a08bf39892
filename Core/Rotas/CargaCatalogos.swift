import Faturamento
import GSANDatabase
import JobRuntime
import GSANModel
import Postgres
import RotasRegras

/// What the categorias and tariffs say about every imóvel: the consumption references of its
/// main categoria (01.32–38) and its minimum consumption (01.51).
struct Apoio: Sendable {
    var categorias: [Int: ReferenciasCategoria]
    var descricoes: Descricoes
    /// Consumo mínimo per economia by (tarifa, categoria).
    var consumoMinimo: [[Int]: Int]

    func completar(_ imovel: inout ImovelArquivo) {
        var porCategoria: [Int: Int] = [:]
        for e in imovel.economias { porCategoria[e.categoria, default: 0] += e.quantidade }
        let principal = porCategoria.min { ($1.value, $0.key) < ($0.value, $1.key) }?.key
        if let principal, let referencias = categorias[principal] { imovel.referencias = referencias }
        imovel.consumoMinimoImovel = imovel.consumoMinimoAgua
            ?? porCategoria.reduce(0) { $0 + (consumoMinimo[[imovel.tarifa, $1.key]] ?? 0) * $1.value }
    }
}

/// The texts of the catalogs the imóveis' children point to (records 02, 04, 05, 06), read once
/// per job so the imóvel rows carry only their ids.
struct Descricoes: Sendable {
    struct Categoria: Sendable {
        var descricao: String
        var abreviada: String
    }
    struct Subcategoria: Sendable {
        var codigo: Int
        var descricao: String
        var abreviada: String
    }
    var categorias: [Int: Categoria] = [:]
    var subcategorias: [Int: Subcategoria] = [:]
    var debitoTipo: [Int: String] = [:]
    var creditoTipo: [Int: String] = [:]
    var impostoTipo: [Int: String] = [:]

    static func carregar(db: PostgresConnection) throws -> Descricoes {
        var d = Descricoes()
        for row in try db.query(
            """
            SELECT 1, catg_id, 0, catg_dscategoria, catg_dsabreviado FROM cadastro.categoria
            UNION ALL SELECT 2, scat_id, scat_cdsubcategoria, scat_dssubcategoria, scat_dsabreviado FROM cadastro.subcategoria
            UNION ALL SELECT 3, dbtp_id, 0, dbtp_dsdebitotipo, '' FROM faturamento.debito_tipo
            UNION ALL SELECT 4, crti_id, 0, crti_dscreditotipo, '' FROM faturamento.credito_tipo
            UNION ALL SELECT 5, imtp_id, 0, imtp_dsimposto, '' FROM faturamento.imposto_tipo
            """)
        {
            let (id, codigo, descricao, abreviada) =
                (try row.decode(Int.self, at: 1), try row.decode(Int.self, at: 2), try row.decode(String.self, at: 3), try row.decode(String.self, at: 4))
            switch try row.decode(Int.self, at: 0) {
            case 1: d.categorias[id] = Categoria(descricao: descricao, abreviada: abreviada)
            case 2: d.subcategorias[id] = Subcategoria(codigo: codigo, descricao: descricao, abreviada: abreviada)
            case 3: d.debitoTipo[id] = descricao
            case 4: d.creditoTipo[id] = descricao
            default: d.impostoTipo[id] = descricao
            }
        }
        return d
    }

    func texto(_ tabela: [Int: String], _ id: Int, _ nome: String, imovel: Int) throws -> String {
        guard let texto = tabela[id] else { throw JobFailure.permanent("Imóvel \(imovel): \(nome) \(id) inexistente.") }
        return texto
    }
    func categoria(_ id: Int, imovel: Int) throws -> Categoria {
        guard let c = categorias[id] else { throw JobFailure.permanent("Imóvel \(imovel): categoria \(id) inexistente.") }
        return c
    }
    func subcategoria(_ id: Int, imovel: Int) throws -> Subcategoria {
        guard let s = subcategorias[id] else { throw JobFailure.permanent("Imóvel \(imovel): subcategoria \(id) inexistente.") }
        return s
    }
}

/// The catalogs and parameters every file of a reference carries (records 09–18 and 11), and
/// the reference's bill messages and notices (01.46–48, 01.80).
enum CargaCatalogos {
    static func parametros(db: PostgresConnection) throws -> ParametrosArquivo? {
        guard let row = try db.query(
            """
            SELECT parm_cdempresafebraban,
                   (to_date(parm_amreferenciaarrecadacao::text, 'YYYYMM') + interval '1 month' - interval '1 day')::date,
                   parm_nn0800, parm_nncnpjempresa, parm_nninscricaoestadual, parm_vlminimoemissaoconta, parm_pctoleranciarateio,
                   parm_nndecrementomaximoconsumo, parm_nnincrementomaximoconsumo, parm_ictarifacategoria,
                   parm_icfaturamentoporligacao, parm_dsversaoandroid, parm_cdmodulodigitoverificador, parm_nndiasbloqueiocelular
            FROM cadastro.sistema_parametros
            """
        ).first else { return nil }
        return ParametrosArquivo(
            febraban: try row.decode(Int.self, at: 0), dataArrecadacao: try row.decode(CivilDate.self, at: 1),
            fone0800: try row.decode(String?.self, at: 2), cnpj: try row.decode(String.self, at: 3),
            inscricaoEstadual: try row.decode(String?.self, at: 4), valorMinimoConta: try row.decode(Centavos.self, at: 5),
            toleranciaRateio: try row.decode(Centavos.self, at: 6), decrementoMaximo: try row.decode(Int.self, at: 7),
            incrementoMaximo: try row.decode(Int.self, at: 8), tarifaPorCategoria: try row.decode(Int.self, at: 9) == 1,
            porLigacao: try row.decode(Int.self, at: 10) == 1, versaoAndroid: try row.decode(String.self, at: 11),
            moduloDigito: try row.decode(Int.self, at: 12), diasBloqueio: try row.decode(Int.self, at: 13))
    }

    /// Tariffs in force on the first day of the reference (the latest vigência up to it), with
    /// their ranges; the active anomaly actions, consumption and reading anomalies (all of
    /// these, as GSAN sends), consumption types.
    static func catalogos(referencia: Int, db: PostgresConnection) throws -> (Catalogos, Apoio) {
        let inicio = CivilDate(year: referencia / 100, month: referencia % 100, day: 1)!
        // The one definition of the tariff in force (TarifasVigentes, shared with the close); the
        // file lists the tarifas in use (record 09).
        let tarifas = try TarifasVigentes.carregar(em: inicio, db: db).filter(\.emUso).map { t in
            TarifaArquivo(
                tarifa: t.tarifa, vigencia: t.vigencia, categoria: t.categoria, subcategoria: t.subcategoria,
                consumoMinimo: t.consumoMinimo, tarifaMinima: t.tarifaMinima,
                faixas: t.faixas.map { TarifaArquivo.Faixa(inicio: $0.inicio, fim: $0.fim, valor: $0.valorM3) })
        }
        let acoes = try db.query(
            """
            SELECT csan_id, catg_id, iper_id, lacs_idmes1, lacs_idmes2, lacs_idmes3, csac_nnfatorconsumomes1::text,
                   csac_nnfatorconsumomes2::text, csac_nnfatorconsumomes3::text, csac_dsmensagemcontames1, csac_dsmensagemcontames2,
                   csac_dsmensagemcontames3, csac_icgeracartames1, csac_icgeracartames2, csac_icgeracartames3, csac_iccobrarconsumonormal
            FROM micromedicao.consumo_anormalidade_acao WHERE csac_icuso = 1
            ORDER BY csan_id, catg_id NULLS FIRST, iper_id NULLS FIRST
            """
        ).map { row in
            AcaoAnormalidadeArquivo(
                anormalidade: try row.decode(Int.self, at: 0), categoria: try row.decode(Int?.self, at: 1), perfil: try row.decode(Int?.self, at: 2),
                consumoMes: try (3...5).map { try row.decode(Int.self, at: $0) }, fatorMes: try (6...8).map { try row.decode(String?.self, at: $0) },
                mensagemMes: try (9...11).map { try row.decode(String?.self, at: $0) }, geraCartaMes: try (12...14).map { try row.decode(Int.self, at: $0) },
                cobrarConsumoNormal: try row.decode(Int.self, at: 15))
        }
        let consumo = try db.query(
            """
            SELECT csan_id, csan_dsmensagemconta, csan_dsconsumoanormalidade, csan_icregraimovelcondominio, csan_icfotoobrigatoria
            FROM micromedicao.consumo_anormalidade WHERE csan_icuso = 1 ORDER BY csan_id
            """
        ).map { row in
            AnormalidadeConsumoArquivo(
                id: try row.decode(Int.self, at: 0), mensagemConta: try row.decode(String?.self, at: 1), descricao: try row.decode(String.self, at: 2),
                regraCondominio: try row.decode(Int.self, at: 3), fotoObrigatoria: try row.decode(Int.self, at: 4))
        }
        let leitura = try db.query(
            """
            SELECT ltan_id, ltan_dsleituraanormalidade, ltan_icaceitaleitura, lacs_idconsumocobrarcomleitura,
                   lacs_idconsumocobrarsemleitura, lalt_idleiturafaturarcomleitura, lalt_idleiturafaturarsemleitura, ltan_icuso,
                   ltan_nnfatorsemleitura::text, ltan_nnfatorcomleitura::text, ltan_icnaoimprimirconta, ltan_icfotoobrigatoria
            FROM micromedicao.leitura_anormalidade ORDER BY ltan_id
            """
        ).map { row in
            AnormalidadeLeituraArquivo(
                id: try row.decode(Int.self, at: 0), descricao: try row.decode(String.self, at: 1), aceitaLeitura: try row.decode(Int.self, at: 2),
                consumoComLeitura: try row.decode(Int.self, at: 3), consumoSemLeitura: try row.decode(Int.self, at: 4),
                leituraComLeitura: try row.decode(Int.self, at: 5), leituraSemLeitura: try row.decode(Int.self, at: 6),
                uso: try row.decode(Int.self, at: 7), fatorSemLeitura: try row.decode(String?.self, at: 8),
                fatorComLeitura: try row.decode(String?.self, at: 9), naoImprimirConta: try row.decode(Int.self, at: 10),
                fotoObrigatoria: try row.decode(Int.self, at: 11))
        }
        let tipos = try db.query("SELECT cstp_id, cstp_dsconsumotipo FROM micromedicao.consumo_tipo WHERE cstp_icuso = 1 ORDER BY cstp_id")
            .map { (id: try $0.decode(Int.self, at: 0), descricao: try $0.decode(String.self, at: 1)) }

        let situacoes = try db.query(
            """
            SELECT ftst_id, lacs_idconsumoasemleitura, lacs_idconsumoacomleitura, lalt_idleituraasemleitura, lalt_idleituraacomleitura,
                   ftst_icvalidoagua, ftst_icvalidoesgoto
            FROM faturamento.faturamento_situacao_tipo WHERE ftst_icuso = 1 ORDER BY ftst_id
            """
        ).map { row in
            SituacaoEspecialTipoArquivo(
                id: try row.decode(Int.self, at: 0), consumoSemLeitura: try row.decode(Int.self, at: 1),
                consumoComLeitura: try row.decode(Int.self, at: 2), leituraSemLeitura: try row.decode(Int.self, at: 3),
                leituraComLeitura: try row.decode(Int.self, at: 4), validoAgua: try row.decode(Int.self, at: 5) == 1,
                validoEsgoto: try row.decode(Int.self, at: 6) == 1)
        }
        let mensagens = try db.query(
            """
            SELECT cmsg_id, ftgr_id, greg_id, loca_id, stcm_id, cmsg_dscontamensagem01, cmsg_dscontamensagem02, cmsg_dscontamensagem03
            FROM faturamento.conta_mensagem WHERE cmsg_amreferenciafaturamento = $1 ORDER BY cmsg_id
            """, [referencia]
        ).map { row in
            MensagemContaArquivo(
                id: try row.decode(Int.self, at: 0),
                abrangencia: Abrangencia(
                    grupo: try row.decode(Int?.self, at: 1), gerencia: try row.decode(Int?.self, at: 2),
                    localidade: try row.decode(Int?.self, at: 3), setor: try row.decode(Int?.self, at: 4)),
                partes: try (5...7).map { try row.decode(String?.self, at: $0) })
        }
        let comunicados = try db.query(
            """
            SELECT ccom_id, ftgr_id, loca_id, stcm_id, ccom_dscomunicado
            FROM faturamento.conta_comunicado WHERE ccom_amreferencia = $1 ORDER BY ccom_id
            """, [referencia]
        ).map { row in
            ComunicadoArquivo(
                id: try row.decode(Int.self, at: 0),
                abrangencia: Abrangencia(
                    grupo: try row.decode(Int?.self, at: 1), localidade: try row.decode(Int?.self, at: 2), setor: try row.decode(Int?.self, at: 3)),
                texto: try row.decode(String.self, at: 4))
        }

        var categorias: [Int: ReferenciasCategoria] = [:]
        for row in try db.query(
            """
            SELECT catg_id, catg_nnconsumoestouro, catg_nnconsumoalto, catg_nnmediabaixoconsumo, catg_nnvezesmediaestouro::text,
                   catg_nnvezesmediaaltoconsumo::text, catg_pcmediabaixoconsumo::text, catg_nnconsumomaximoec
            FROM cadastro.categoria
            """)
        {
            categorias[try row.decode(Int.self, at: 0)] = ReferenciasCategoria(
                estouro: try row.decode(Int.self, at: 1), alto: try row.decode(Int.self, at: 2), baixo: try row.decode(Int.self, at: 3),
                fatorEstouro: try row.decode(String.self, at: 4), fatorAlto: try row.decode(String.self, at: 5),
                percentualBaixo: try row.decode(String.self, at: 6), maximoEstouro: try row.decode(Int.self, at: 7))
        }
        var minimo: [[Int]: Int] = [:]
        for t in tarifas where minimo[[t.tarifa, t.categoria]] == nil { minimo[[t.tarifa, t.categoria]] = t.consumoMinimo }
        return (
            Catalogos(
                tarifas: tarifas, acoes: acoes, anormalidadesConsumo: consumo, anormalidadesLeitura: leitura, consumoTipos: tipos,
                situacoesEspeciais: situacoes, mensagens: mensagens, comunicados: comunicados),
            Apoio(categorias: categorias, descricoes: try Descricoes.carregar(db: db), consumoMinimo: minimo)
        )
    }
}
