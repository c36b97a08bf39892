import Foundation
import GSANModel
import Medicao
import MedicaoRegras
import Postgres
import TestSupport
import Testing

/// R1152 and R1170 over the month of the Fixture: the figures, the same bytes twice, and a page
/// rendered to PNG (pdftoppm) for a person to look at (left in GSAN_MEDICAO_PNG when set).
@Suite(.serialized) struct RelatoriosTests {
    static func mes(_ db: PostgresConnection) throws -> (visitas: [Int64], cortes: [Int64]) {
        var c = Ciclo(db)
        var visitas: [Int64] = [], cortes: [Int64] = []
        for (n, imovel) in try c.imoveis(40).enumerated() {
            if n % 4 == 3 {
                let o = try c.ordem(try c.documento(acao: 3, imovel: imovel, emissao: "15/06/2025"), servico: 1012, motivo: [2, 2, 32, nil][n / 4 % 4],
                                    pavimento: (false, "0"))
                cortes.append(o)
            } else {
                let o = try c.ordem(try c.documento(acao: 34, imovel: imovel, emissao: "12/06/2025"), servico: 1011, motivo: [2, 2, 70, 32, 2][n % 5])
                visitas.append(o)
            }
        }
        try c.naoAceitar(visitas[2], motivo: 2)
        try c.naoAceitar(cortes[0], motivo: 1, acao: 3)
        try c.encerrarAcoes()
        return (visitas, cortes)
    }

    static func renderizar(_ pdf: URL, _ nome: String) throws -> Int {
        let saida = FileManager.default.temporaryDirectory.appendingPathComponent("medicao-\(UUID().uuidString)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        p.arguments = ["-png", "-r", "60", "-f", "1", "-l", "1", pdf.path, saida.path]
        try p.run()
        p.waitUntilExit()
        let png = URL(fileURLWithPath: saida.path + "-1.png")
        let bytes = (try? Data(contentsOf: png).count) ?? 0
        if let pasta = ProcessInfo.processInfo.environment["GSAN_MEDICAO_PNG"] {
            try? FileManager.default.removeItem(atPath: pasta + "/" + nome)
            try? FileManager.default.copyItem(atPath: png.path, toPath: pasta + "/" + nome)
        }
        try? FileManager.default.removeItem(at: png)
        return p.terminationStatus == 0 ? bytes : 0
    }

    @Test func r1152FiguresAndTheSameBytesTwice() async throws {
        try await comCompanhia { db, _ in
            _ = try Self.mes(db)
            let r = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("13/07/2025"), db: $0) }
            let dados = try RelatorioBoletim.carregar(r.boletim, filtro: .init(), db: db)
            let visita = try #require(dados.itens.first { $0.descricao == "VISITA DE COBRANCA" })
            let corte = try #require(dados.itens.first { $0.descricao == "CORTE DE LIGACAO DE AGUA" })
            // visitas: n % 4 ≠ 3 → 30 imóveis; motivos [2, 2, 70, 32, 2] por n % 5; a terceira (n = 2, motivo 70) não aceita.
            #expect(visita.quantidadePeriodo == r.executados - corte.quantidadePeriodo)
            #expect(visita.valorPeriodo == Centavos(Int64(visita.quantidadePeriodo) * 12_50))
            #expect(corte.valorPeriodo == Centavos(Int64(corte.quantidadePeriodo) * 35_00))
            #expect(visita.quantidadeAcumulada == visita.quantidadePeriodo)
            #expect(dados.descontos.map(\.valor).reduce(.zero, +) == dados.valorDescontos)
            #expect(dados.descontos.first { $0.descricao == "CORTE/SUPRESSAO INDEVIDA" }?.valor == Centavos(70_00))
            #expect(dados.total.description == r.total)
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("r1152-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: pasta) }
            let a = pasta.appendingPathComponent("a.pdf"), b = pasta.appendingPathComponent("b.pdf")
            try RelatorioBoletim.gravar([dados], companhia: "COMPANHIA DE SANEAMENTO", pdf: a, csv: pasta.appendingPathComponent("a.csv"))
            try RelatorioBoletim.gravar(
                [try RelatorioBoletim.carregar(r.boletim, filtro: .init(), db: db)], companhia: "COMPANHIA DE SANEAMENTO", pdf: b,
                csv: pasta.appendingPathComponent("b.csv"))
            #expect(try Data(contentsOf: a) == Data(contentsOf: b))
            #expect(try Self.renderizar(a, "r1152.png") > 1000)
            let csv = try String(contentsOf: pasta.appendingPathComponent("a.csv"), encoding: .utf8)
            #expect(csv.contains("\(r.boletim);202506;resumo;;total;;;;;\(try #require(Centavos(brasileiro: r.total)).decimalText);;"))
            // A filter by a localidade that does not exist, and by one with nothing.
            #expect(recusa { try RelatorioBoletim.conferir(.init(localidadeInicial: 998), db: db) } == "Localidade inexistente: 998.")
        }
    }

    @Test func r1170AnalyticAndSyntheticBySituation() async throws {
        try await comCompanhia { db, _ in
            let (visitas, cortes) = try Self.mes(db)
            let filtro = RelatorioOSSituacao.Filtro(origens: [.cobranca], tipo: .analitico, referencia: 202506, empresa: 2, grupo: 1)
            // Before the bulletin: only PENDENTES and ENCERRADAS.
            #expect(try RelatorioOSSituacao.conferir(filtro, db: db) == false)
            let antes = try RelatorioOSSituacao.carregar(filtro, detalhada: false, db: db)
            #expect(Set(antes.map(\.situacao)) == [.pendente, .encerrada])
            _ = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("13/07/2025"), db: $0) }
            #expect(try RelatorioOSSituacao.conferir(filtro, db: db) == true)
            let linhas = try RelatorioOSSituacao.carregar(filtro, detalhada: true, db: db)
            #expect(linhas.count == visitas.count + cortes.count)
            let por = Dictionary(grouping: linhas, by: \.situacao).mapValues { $0.map(\.ordem) }
            #expect(por[.penalizadaFiscalizacao]?.sorted() == [visitas[2], cortes[0]].sorted())
            #expect(por[.penalizadaDecurso]?.count == linhas.filter { $0.motivo == "CANCELADO POR DECURSO DE PRAZO" }.count)
            #expect(linhas.map(\.situacao) == linhas.map(\.situacao).sorted())
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("r1170-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: pasta) }
            let pdf = pasta.appendingPathComponent("a.pdf")
            try RelatorioOSSituacao.gravar(linhas, filtro: filtro, companhia: "COMPANHIA DE SANEAMENTO", data: data("13/07/2025"), pdf: pdf,
                                           csv: pasta.appendingPathComponent("a.csv"))
            #expect(try Self.renderizar(pdf, "r1170-analitico.png") > 1000)
            var sintetico = filtro
            sintetico.tipo = .sintetico
            let pdf2 = pasta.appendingPathComponent("s.pdf")
            try RelatorioOSSituacao.gravar(linhas, filtro: sintetico, companhia: "COMPANHIA DE SANEAMENTO", data: data("13/07/2025"), pdf: pdf2,
                                           csv: pasta.appendingPathComponent("s.csv"))
            #expect(try Self.renderizar(pdf2, "r1170-sintetico.png") > 1000)
            let csv = try String(contentsOf: pasta.appendingPathComponent("s.csv"), encoding: .utf8)
            let somas = csv.split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ";").last ?? "") }.reduce(0, +)
            #expect(somas == linhas.count)
            #expect(recusa { _ = try RelatorioOSSituacao.conferir(.init(origens: [.seletiva], tipo: .analitico, referencia: 202506, localidadePolo: 998), db: db) }
                == "Localidade polo inexistente.")
            #expect(recusa { _ = try RelatorioOSSituacao.conferir(.init(origens: [.seletiva], tipo: .analitico, referencia: 202506, localidade: 998), db: db) }
                == "Localidade inexistente.")
        }
    }
}

@Suite struct OSSituacaoTests {
    @Test func theFilterScreensRules() {
        #expect(throws: CampoRecusado("Data inválida: 31/02/2025.")) { try OSSituacao.periodo("31/02/2025", "01/03/2025") }
        #expect(throws: CampoRecusado("Data Final do Período é inferior à Data Inicial.")) { try OSSituacao.periodo("02/03/2025", "01/03/2025") }
        #expect(throws: CampoRecusado("Informe Origem da Ordem de Serviço.")) {
            try RelatorioOSSituacao.conferirCampos(.init(origens: [], tipo: .analitico))
        }
        #expect(throws: CampoRecusado("Informe Empresa.")) {
            try RelatorioOSSituacao.conferirCampos(.init(origens: [.cobranca], tipo: .analitico, referencia: 202506))
        }
        #expect(throws: CampoRecusado("Informe Período de Geração.")) {
            try RelatorioOSSituacao.conferirCampos(.init(origens: [.atendimento], tipo: .sintetico))
        }
        #expect(OSSituacao.situacoes(origens: [.cobranca], comBoletim: true).count == 6)
        #expect(OSSituacao.situacoes(origens: [.cobranca, .seletiva], comBoletim: true) == [.pendente, .encerrada])
        #expect(OSSituacao.situacao(.init(encerrada: true, executada: true, decurso: false, fiscalizada: true, desconto: 3), detalhada: true) == .penalizadaFiscalizacao)
        #expect(OSSituacao.situacao(.init(encerrada: true, executada: true, decurso: false, fiscalizada: true, desconto: nil), detalhada: true) == .fiscalizada)
        #expect(OSSituacao.situacao(.init(encerrada: true, executada: false, decurso: false, fiscalizada: false, desconto: nil), detalhada: true) == .justificada)
        #expect(OSSituacao.situacao(.init(encerrada: true, executada: false, decurso: false, fiscalizada: false, desconto: nil), detalhada: false) == .encerrada)
    }
}
