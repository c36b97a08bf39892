import GSANModel
import Medicao
import MedicaoRegras
import Postgres
import TestSupport
import Testing

/// gsan empresa / contrato / grupo-cobranca contrato against a generated utility: every refusal
/// is the seed's (or a clear) message in Portuguese, and nothing was written.
@Suite(.serialized) struct CadastroTests {
    @Test func aCompanyIsInsertedAndItsRefusalsWriteNothing() async throws {
        try await comCompanhia { db, _ in
            let antes = try ChecksumTabelas.calcular(db, excluindo: ["jobs"])
            #expect(recusa { _ = try CadastroEmpresa.inserir(.init(nome: "COBRANCA NORDESTE LTDA", cobranca: true), db: db) }
                == "Empresa de nome COBRANCA NORDESTE LTDA já existe no cadastro.")
            #expect(recusa { _ = try CadastroEmpresa.inserir(.init(nome: "OUTRA PRINCIPAL", principal: true), db: db) }
                == "Já existe uma empresa principal: COMPANHIA DE SANEAMENTO.")
            #expect(try ChecksumTabelas.calcular(db, excluindo: ["jobs"]) == antes)
            let id = try CadastroEmpresa.inserir(.init(nome: "SERVICOS POTIGUAR", abreviado: "SPOT", cnpj: "60746948000112", cobranca: true), db: db)
            let lida = try CadastroEmpresa.carregar(id, db: db)
            #expect(lida.nome == "SERVICOS POTIGUAR" && lida.cobranca && !lida.principal)
            // Someone else changed it after it was read: the seed's concurrency message.
            try db.execute("UPDATE cadastro.empresa SET empr_dsemail = 'x@y.com' WHERE empr_id = $1", [id])
            var nova = lida
            nova.abreviado = "POT"
            #expect(recusa { try CadastroEmpresa.atualizar(id, lida: lida, para: nova, db: db) } == ErroMedicao.concorrencia.description)
            #expect(try CadastroEmpresa.carregar(id, db: db).abreviado == "SPOT")
            // A company with contracts stays a collection company.
            let cne = try CadastroEmpresa.carregar(2, db: db)
            var semCobranca = cne
            semCobranca.cobranca = false
            #expect(recusa { try CadastroEmpresa.atualizar(2, lida: cne, para: semCobranca, db: db) }
                == "A empresa 2 tem contratos de serviço: continua Empresa de Cobrança.")
            #expect(try CadastroEmpresa.listar(db: db).map(\.id) == [1, 2, id])
        }
    }

    @Test func aContractWithItemsAndItsRefusals() async throws {
        try await comCompanhia { db, _ in
            let antes = try ChecksumTabelas.calcular(db, excluindo: ["jobs"])
            let base = CadastroContratos.Contrato(empresa: 2, numero: "002/2025", inicio: data("01/01/2025"), fim: data("31/12/2025"),
                                                  valorGlobal: Centavos(100_000_00), taxaSucesso: 500)
            var ruim = base
            ruim.empresa = 1
            #expect(recusa { _ = try CadastroContratos.inserir(ruim, db: db) }
                == "A empresa 1 não é Empresa de Cobrança (gsan empresa atualizar 1 --cobranca sim).")
            ruim = base
            ruim.empresa = 99
            #expect(recusa { _ = try CadastroContratos.inserir(ruim, db: db) } == "Empresa 99 inexistente.")
            ruim = base
            ruim.fim = data("31/12/2024")
            #expect(throws: CampoRecusado("Data de Fim do Contrato (31/12/2024) anterior à Data de Início do Contrato (01/01/2025).")) {
                _ = try CadastroContratos.inserir(ruim, db: db)
            }
            let numeroExistente = try db.query("SELECT cese_nncontrato FROM micromedicao.contrato_empresa_servico WHERE cese_id = 1")[0].decode(String.self, at: 0)
            ruim = base
            ruim.numero = numeroExistente
            #expect(recusa { _ = try CadastroContratos.inserir(ruim, db: db) } == "Contrato \(numeroExistente) já existe para a empresa 2.")
            #expect(try ChecksumTabelas.calcular(db, excluindo: ["jobs"]) == antes)

            let c = try CadastroContratos.inserir(base, db: db)
            #expect(try CadastroContratos.carregar(c, db: db) == base)
            _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 2, valor: Centavos(35_00), servicos: [1012]), db: db)
            // The pavement variants pay the same service by another item (0021).
            _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 3, valor: Centavos(45_00), servicos: [1012, 1013]), db: db)
            #expect(recusa { _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 2, valor: Centavos(1), servicos: [1012]), db: db) }
                == "Item de Contrato CORTE DE LIGACAO DE AGUA já informado no contrato \(c).")
            #expect(recusa { _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 77, valor: Centavos(1), servicos: [1012]), db: db) }
                == "Item de Contrato 77 inexistente.")
            #expect(recusa { _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 1, valor: Centavos(1), servicos: [4321]), db: db) }
                == "Tipo de Serviço 4321 inexistente.")
            #expect(throws: CampoRecusado("Informe Percentual da Multa a Ser Aplicada Quando o Percentual Acima For Atingido.")) {
                _ = try CadastroContratos.adicionarItem(contrato: c, .init(itemServico: 1, valor: Centavos(1), servicos: [1011], naoExecutados: 500), db: db)
            }
            #expect(try CadastroContratos.itens(contrato: c, db: db).map(\.servicos) == ["1012", "1012,1013"])
            try CadastroContratos.adicionarAditivo(contrato: c, inicio: data("01/07/2025"), valor: Centavos(20_000_00), taxaSucesso: 600, observacao: "REAJUSTE", db: db)
            #expect(recusa { try CadastroContratos.adicionarAditivo(contrato: c, inicio: data("01/07/2025"), valor: Centavos(1), taxaSucesso: nil, observacao: nil, db: db) }
                == "Já existe aditivo do contrato \(c) a partir de 01/07/2025.")
            try CadastroContratos.removerItem(contrato: c, itemServico: 3, db: db)
            #expect(recusa { try CadastroContratos.removerItem(contrato: c, itemServico: 3, db: db) } == "Item de Contrato 3 não informado no contrato \(c).")
            // Stale read on update.
            let lido = try CadastroContratos.carregar(c, db: db)
            try db.execute("UPDATE micromedicao.contrato_empresa_servico SET cese_dsobservacao = 'OUTRO' WHERE cese_id = $1", [c])
            var novo = lido
            novo.taxaSucesso = 700
            #expect(recusa { try CadastroContratos.atualizar(c, lido: lido, para: novo, db: db) } == ErroMedicao.concorrencia.description)
        }
    }

    @Test func theGroupsContractOrOnePerAction() async throws {
        try await comCompanhia { db, _ in
            try db.execute("UPDATE cobranca.cobranca_grupo SET empr_id = NULL, cese_id = NULL, cbgr_icexecucaoautomatica = 1 WHERE cbgr_id = 1")
            #expect(recusa { _ = try ContratoDoGrupo.contratosDoBoletim(grupo: 1, referencia: 202506, db: db) }
                == "Grupo de cobrança 1 sem contrato informado (gsan grupo-cobranca contrato definir --grupo 1 --empresa E --contrato C).")
            let faltando = try ContratoDoGrupo.situacao(grupo: 1, db: db).faltando
            #expect(faltando.contains("Ação de Cobrança « VISITA DE COBRANCA » deve ser adicionada."), "\(faltando)")
            try ContratoDoGrupo.informarAcao(grupo: 1, acao: 34, empresa: 2, contrato: 1, db: db)
            #expect(recusa { try ContratoDoGrupo.informarAcao(grupo: 1, acao: 34, empresa: 2, contrato: 1, db: db) }
                == "Ação de Cobrança « VISITA DE COBRANCA » já informada.")
            #expect(recusa { try ContratoDoGrupo.informarAcao(grupo: 1, acao: 3, empresa: 1, contrato: 1, db: db) }
                == "A empresa 1 não é Empresa de Cobrança (gsan empresa atualizar 1 --cobranca sim).")
            #expect(recusa { try ContratoDoGrupo.informarAcao(grupo: 99, acao: 3, empresa: 2, contrato: 1, db: db) } == "Grupo de cobrança 99 inexistente.")
            // Only the visita has a contract: the corte of the month's schedule issues orders and has none.
            #expect(recusa { _ = try ContratoDoGrupo.contratosDoBoletim(grupo: 1, referencia: 202506, db: db) }?.hasPrefix(
                "Ação de Cobrança « ORDEM DE CORTE » deve ser adicionada: sem empresa/contrato no grupo 1") == true)
            #expect(recusa { try ContratoDoGrupo.definir(grupo: 1, empresa: 2, contrato: 1, db: db) }
                == "O grupo 1 tem empresa/contrato por ação de cobrança: remova-os antes (gsan grupo-cobranca contrato remover --grupo 1 --acao A).")
            try ContratoDoGrupo.remover(grupo: 1, acao: 34, db: db)
            try ContratoDoGrupo.definir(grupo: 1, empresa: 2, contrato: 1, db: db)
            #expect(recusa { try ContratoDoGrupo.informarAcao(grupo: 1, acao: 3, empresa: 2, contrato: 1, db: db) }
                == "O grupo 1 tem contrato informado (1): todos os itens do boletim vão para ele.")
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobranca_grupo WHERE cbgr_id = 1 AND cese_id = 1 AND empr_id = 2") == 1)
        }
    }
}

/// The fields as typed: read before any connection.
@Suite struct CamposTests {
    @Test func amountsPercentagesAndLists() throws {
        #expect(try CadastroContrato.valor("1.234,56", campo: "Valor do Item") == Centavos(123_456))
        #expect(try CadastroContrato.valor("9.999.999.999,99", campo: "Valor do Item") == Centavos(999_999_999_999))
        #expect(throws: CampoRecusado("Valor do Item maior que o permitido: 10.000.000.000,00 (no máximo 12 dígitos com as duas casas).")) {
            try CadastroContrato.valor("10.000.000.000,00", campo: "Valor do Item")
        }
        #expect(throws: CampoRecusado("Valor do Item inválido: 12,345 (reais com vírgula, até duas casas: 1.234,56).")) {
            try CadastroContrato.valor("12,345", campo: "Valor do Item")
        }
        #expect(try CadastroContrato.percentual("5,00", campo: "P") == 500)
        #expect(try CadastroContrato.percentual("100", campo: "P") == 10_000)
        #expect(throws: CampoRecusado("P maior que 100,00: 100,01.")) { try CadastroContrato.percentual("100,01", campo: "P") }
        #expect(try CadastroContrato.servicos("1012, 1013") == [1012, 1013])
        #expect(throws: CampoRecusado("Tipo de Serviço 1012 repetido.")) { try CadastroContrato.servicos("1012,1012") }
        #expect(throws: CampoRecusado("Tipo de Serviço inválido: 10000.")) { try CadastroContrato.servicos("10000") }
        #expect(throws: CampoRecusado("Informe Tipo de Serviço.")) { try CadastroContrato.servicos(nil) }
        #expect(throws: CampoRecusado("CNPJ inválido: 60746948000113.")) { try CadastroContrato.cnpj("60746948000113") }
        #expect(throws: CampoRecusado("E-mail inválido: a@b.")) { try CadastroContrato.email("a@b") }
        #expect(throws: CampoRecusado("Nome com mais de 50 caracteres (51, como o banco conta: cada acento combinado conta um).")) {
            try CadastroContrato.texto(String(repeating: "A", count: 51), campo: "Nome", maximo: 50)
        }
        // Counted as the column counts: 25 "é" decomposed are 25 characters to a person, 50 to the column (fits);
        // 26 are 52 (refused), though a person sees 26.
        #expect(try CadastroContrato.texto(String(repeating: "e\u{301}", count: 25), campo: "Nome", maximo: 50).unicodeScalars.count == 50)
        #expect(throws: CampoRecusado("Nome com mais de 50 caracteres (52, como o banco conta: cada acento combinado conta um).")) {
            try CadastroContrato.texto(String(repeating: "e\u{301}", count: 26), campo: "Nome", maximo: 50)
        }
        // The contract item's percentages have 4 digits (seed 002 §2.1.6): up to 99,99.
        #expect(try CadastroContrato.percentual("99,99", campo: "P", digitos: 4) == 9_999)
        #expect(throws: CampoRecusado("P maior que 99,99: 100,00.")) { try CadastroContrato.percentual("100,00", campo: "P", digitos: 4) }
        #expect(throws: CampoRecusado("Informe Nome.")) { try CadastroContrato.texto("   ", campo: "Nome", maximo: 50) }
        #expect(throws: CampoRecusado("Empresa Principal inválido: talvez (sim ou não).")) {
            try CadastroContrato.indicador("talvez", campo: "Empresa Principal")
        }
        #expect(throws: CampoRecusado("Código Constante de Cálculo inválido: 0.")) { try CadastroContrato.constante("0") }
    }
}
