import ArgumentParser
import Foundation
import GSANDatabase
import GSANModel
import Medicao
import MedicaoRegras
import Postgres

/// `gsan relatorio`: management reports (seed 002 §1.5). R1152 is `gsan bm relatorio`.
struct RelatorioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relatorio", abstract: "Relatórios gerenciais: R1170 O.S. Situação.", subcommands: [RelatorioOSSituacaoCommand.self])
}

struct RelatorioOSSituacaoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "os-situacao",
        abstract: "R1170 Relatório O.S. Situação (seed 002 §2.6.3): PDF e CSV em GSAN_MEDICAO_DIR (padrão $GSAN_HOME/medicao).")
    @Option(help: "Origem da OS: cobranca, seletiva, atendimento (uma ou mais, separadas por vírgula).") var origem: String?
    @Option(help: "analitico ou sintetico.") var tipo: String?
    @Option(help: "Referência de cobrança, MM/AAAA (seletiva e atendimento: o mês de geração).") var referencia: String?
    @Option(name: .customLong("periodo-inicial"), help: "Período de geração: data inicial, DD/MM/AAAA.") var inicial: String?
    @Option(name: .customLong("periodo-final"), help: "Período de geração: data final, DD/MM/AAAA.") var final: String?
    @Option(help: "Empresa (origem cobrança).") var empresa: String?
    @Option(help: "Grupo de cobrança (origem cobrança).") var grupo: String?
    @Option(help: "Contrato de cobrança (origem cobrança).") var contrato: String?
    @Option(help: "Situação: PENDENTES, ENCERRADAS, EXECUTADAS, FISCALIZADAS, JUSTIFICADAS, PENALIZADAS POR FISCALIZACAO, PENALIZADAS POR DECURSO DE PRAZO.")
    var situacao: String?
    @Option(help: "Gerência regional.") var gerencia: String?
    @Option(help: "Unidade de negócio.") var unidade: String?
    @Option(name: .customLong("localidade-polo"), help: "Localidade polo.") var polo: String?
    @Option(help: "Localidade (até 3 dígitos).") var localidade: String?
    @Option(help: "Tipo de serviço (até 4 dígitos).") var servico: String?
    @OptionGroup var hoje: OpcoesDeHoje

    func run() throws {
        let filtro = try SaidaMedicao.ler { () throws -> RelatorioOSSituacao.Filtro in
            guard let origem, !origem.isEmpty else { throw Campo.informe("Origem da Ordem de Serviço") }
            var origens: Set<OSSituacao.Origem> = []
            for o in origem.split(separator: ",") {
                guard let x = OSSituacao.Origem(rawValue: o.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw CampoRecusado("Origem da Ordem de Serviço inválida: \(o) (cobranca, seletiva, atendimento).")
                }
                origens.insert(x)
            }
            guard let tipo else { throw Campo.informe("Tipo do Relatório") }
            guard let t = OSSituacao.Tipo(rawValue: tipo.lowercased()) else { throw CampoRecusado("Tipo do Relatório inválido: \(tipo) (analitico ou sintetico).") }
            var ref: Int?
            if let referencia {
                guard let r = Referencia(mesAno: referencia) else { throw CampoRecusado("Mês/Ano de Referência inválido: \(referencia) (use MM/AAAA).") }
                ref = r.amReferencia
            }
            let periodo = try OSSituacao.periodo(inicial, final)
            var s: OSSituacao.Situacao?
            if let situacao {
                guard let x = OSSituacao.Situacao(rawValue: situacao.uppercased()) else { throw CampoRecusado("Situação OS inválida: \(situacao).") }
                s = x
            }
            func n(_ t: String?, _ campo: String, _ maximo: Int) throws -> Int? { try t.map { try Campo.numero($0, campo: campo, maximo: maximo) } }
            let f = RelatorioOSSituacao.Filtro(
                origens: origens, tipo: t, referencia: ref, periodo: periodo.map { $0.0...$0.1 }, empresa: try n(empresa, "Empresa", 999_999),
                grupo: try n(grupo, "Grupo de Cobrança", 999_999), contrato: try n(contrato, "Contrato de Cobrança", 999_999), situacao: s,
                gerencia: try n(gerencia, "Gerência Regional", 9999), unidade: try n(unidade, "Unidade de Negócio", 9999),
                localidadePolo: try n(polo, "Localidade Polo", 999), localidade: try n(localidade, "Localidade", 999), servico: try n(servico, "Tipo de Serviço", 9999))
            try RelatorioOSSituacao.conferirCampos(f)
            if let s, !OSSituacao.situacoes(origens: origens, comBoletim: true).contains(s), !OSSituacao.situacoes(origens: origens, comBoletim: false).contains(s) {
                throw CampoRecusado("Situação OS \(s.rawValue) não se aplica à origem informada.")
            }
            return f
        }
        let diretorio = DiretorioMedicao(environment: ProcessInfo.processInfo.environment)
        let nome = "R1170-\(filtro.tipo.rawValue)-\(hoje.data.iso)"
        let pdf = diretorio.raiz.appendingPathComponent(nome + ".pdf"), csv = diretorio.raiz.appendingPathComponent(nome + ".csv")
        let linhas = try SaidaMedicao.executar("gsan relatorio os-situacao") { db -> [RelatorioOSSituacao.Linha] in
            let detalhada = try RelatorioOSSituacao.conferir(filtro, db: db)
            if let s = filtro.situacao, !OSSituacao.situacoes(origens: filtro.origens, comBoletim: detalhada).contains(s) {
                throw ErroMedicao("Situação OS \(s.rawValue) só existe depois do boletim de medição gerado (gsan bm gerar).")
            }
            let linhas = try RelatorioOSSituacao.carregar(filtro, detalhada: detalhada, db: db)
            let companhia = try db.query("SELECT parm_nmempresa FROM cadastro.sistema_parametros").first?.decode(String.self, at: 0) ?? ""
            try RelatorioOSSituacao.gravar(linhas, filtro: filtro, companhia: companhia, data: hoje.data, pdf: pdf, csv: csv)
            for arquivo in [pdf, csv] {  // any machine can serve them: gsan arquivos exportar --referencia --tipo medicao-os-situacao
                try ArquivosGerados.gravar(
                    arquivo, tipo: .relatorioOSSituacao, chave: arquivo.lastPathComponent, referencia: hoje.data.year * 100 + hoje.data.month, db: db)
            }
            return linhas
        }
        var porSituacao: [OSSituacao.Situacao: Int] = [:]
        for l in linhas { porSituacao[l.situacao, default: 0] += 1 }
        for (s, n) in porSituacao.sorted(by: { $0.key < $1.key }) { print("\(s.rawValue): \(n)") }
        print("R1170 em \(pdf.path)")
        print("CSV em \(csv.path)")
    }
}
