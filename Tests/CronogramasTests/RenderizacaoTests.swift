import Cronogramas
import Foundation
import GSANCobranca
import GSANModel
import JobRuntime
import Testing

/// The pure parts: reading the operator's items, job states, report pages. No database.
@Suite("Cronogramas sem banco")
struct RenderizacaoTests {
    static let simular = AtividadeCobranca(id: 1, descricao: "SIMULAR", ordem: 1, obrigatoria: false)
    static let emitir = AtividadeCobranca(id: 2, descricao: "EMITIR", ordem: 2, diasExecucao: 1, obrigatoria: true)
    static let encerrarOS = AtividadeCobranca(
        id: 5, descricao: "ENCERRAR OS", ordem: 3, predecessoraID: 2, diasExecucao: 7, obrigatoria: true)
    static let encerrar = AtividadeCobranca(
        id: 3, descricao: "ENCERRAR", ordem: 4, predecessoraID: 2, diasExecucao: 10, obrigatoria: true)
    static let aviso = AcaoCobranca(id: 1, descricao: "AVISO DE CORTE", diasValidade: 30, obrigatoria: true, ordem: 1)
    static let corte = AcaoCobranca(
        id: 2, descricao: "CORTE/RELIGA", predecessoraID: 1, diasValidade: 30, diasMinimosAposPredecessora: 28,
        obrigatoria: true, ordem: 2)
    static let catalogo = CatalogoCobranca(
        acoes: [corte, aviso], atividades: [encerrar, simular, emitir, encerrarOS], acoesComOrdemServico: [2])
    static let grupo = GrupoCobranca(id: 1, descricao: "GRUPO 01", referencia: Referencia(ano: 2013, mes: 10)!)

    @Test func encerrarOSOnlyForActionsThatOpenServiceOrders() {
        #expect(Self.catalogo.atividades(daAcao: 1).map(\.id) == [1, 2, 3])
        #expect(Self.catalogo.atividades(daAcao: 2).map(\.id) == [1, 2, 5, 3])
    }

    @Test func itemsByIdOrDescription() throws {
        let alteracoes = try AlteracoesCronograma.interpretar(
            datas: ["aviso de corte/Emitir=19/10/2013", "CORTE/RELIGA/5=23/11/2013"], comandar: ["1/1"],
            qtdMaxima: ["2/EMITIR=40"], remover: ["corte/religa"], catalogo: Self.catalogo)
        #expect(
            alteracoes.datas == [
                ChaveAtividade(acao: 1, atividade: 2): d("19/10/2013"),
                ChaveAtividade(acao: 2, atividade: 5): d("23/11/2013"),
            ])
        #expect(alteracoes.comandar == [ChaveAtividade(acao: 1, atividade: 1)])
        #expect(alteracoes.qtdMaxima == [ChaveAtividade(acao: 2, atividade: 2): 40])
        #expect(alteracoes.remover == [2])

        #expect(throws: PedidoInvalido("--data 1-2=19/10/2013: use AÇÃO/ATIVIDADE (ids ou descrições)")) {
            try AlteracoesCronograma.interpretar(datas: ["1-2=19/10/2013"], catalogo: Self.catalogo)
        }
        #expect(throws: PedidoInvalido("--qtd-maxima 1/2: use AÇÃO/ATIVIDADE=VALOR")) {
            try AlteracoesCronograma.interpretar(qtdMaxima: ["1/2"], catalogo: Self.catalogo)
        }
        #expect(
            throws: PedidoInvalido(
                "Qtd Máxima Documentos inválida em --qtd-maxima 1/2=0: informe um inteiro maior que zero e até 2147483647")
        ) {
            try AlteracoesCronograma.interpretar(qtdMaxima: ["1/2=0"], catalogo: Self.catalogo)
        }
        #expect(throws: PedidoInvalido("A atividade 1/2 foi informada em --comandar e em --descomandar")) {
            try AlteracoesCronograma.interpretar(comandar: ["1/2"], descomandar: ["1/EMITIR"], catalogo: Self.catalogo)
        }
    }

    @Test func commandingAnActivityWithoutADateIsRefused() throws {
        let novo = MontagemCronograma.novo(
            grupo: Self.grupo, referencia: Self.grupo.referencia, acoes: [Self.aviso], catalogo: Self.catalogo)
        let alteracoes = try AlteracoesCronograma.interpretar(
            datas: ["1/2=19/10/2013"], comandar: ["1/1"], catalogo: Self.catalogo)
        #expect(
            throws: PedidoInvalido(
                "A atividade SIMULAR da ação AVISO DE CORTE não tem data prevista: informe-a com --data para comandá-la"
            )
        ) {
            try MontagemCronograma.aplicar(alteracoes, a: novo, catalogo: Self.catalogo)
        }
        let semAcao = try AlteracoesCronograma.interpretar(datas: ["2/2=19/11/2013"], catalogo: Self.catalogo)
        #expect(throws: PedidoInvalido("Ação de Cobrança CORTE/RELIGA não está no cronograma (use --adicionar-acao)")) {
            try MontagemCronograma.aplicar(semAcao, a: novo, catalogo: Self.catalogo)
        }
    }

    @Test func commandsGivenNowAreTakenBackForTheDateChecks() throws {
        var original = MontagemCronograma.novo(
            grupo: Self.grupo, referencia: Self.grupo.referencia, acoes: [Self.aviso], catalogo: Self.catalogo)
        for j in original.acoes[0].atividades.indices { original.acoes[0].atividades[j].dataPrevista = d("19/10/2013") }
        original.acoes[0].atividades[1].comandada = true
        var novo = original
        novo.acoes[0].atividades[0].comandada = true
        let desfeito = MontagemCronograma.semComandosNovos(novo, original: original)
        #expect(desfeito.acoes[0].atividades.map(\.comandada) == [false, true, false])
        #expect(
            MontagemCronograma.semComandosNovos(novo, original: nil).acoes[0].atividades.map(\.comandada)
                == [false, false, false])
    }

    @Test func jobStatesAsTheOperatorReadsThem() {
        func job(_ estado: JobState) -> EstadoJob { EstadoJob(id: "j", estado: estado, tentativas: 2, ultimoErro: "x") }
        #expect(SituacaoDespacho.de(comandada: false, realizada: false, job: nil) == .naoComandada)
        #expect(SituacaoDespacho.de(comandada: true, realizada: false, job: nil) == .aguardandoData)
        #expect(SituacaoDespacho.de(comandada: true, realizada: true, job: nil) == .realizada)
        #expect(
            SituacaoDespacho.de(comandada: true, realizada: false, job: job(.dead))
                == .falhou(job: "j", tentativas: 2, erro: "x"))
        #expect(
            SituacaoDespacho.de(comandada: true, realizada: false, job: job(.retrying))
                == .emRetentativa(job: "j", tentativas: 2, erro: "x"))
        #expect(SituacaoDespacho.de(comandada: true, realizada: true, job: job(.done)) == .concluida(job: "j"))
        #expect(SituacaoDespacho.de(comandada: true, realizada: false, job: job(.running)).rotulo == "executando")
        #expect(SituacaoDespacho.de(comandada: true, realizada: false, job: job(.dead)).rotulo == "FALHOU")
        #expect(SituacaoDespacho.de(comandada: true, realizada: false, job: job(.discarded)).job == "j")
    }

    /// Ten lines a page: the second schedule goes to page 2 with its group line and header.
    @Test func reportPagesRepeatTheHeaderAndCountPages() throws {
        func gravado(_ id: Int, mes: Int) -> CronogramaGravado {
            let referencia = Referencia(ano: 2013, mes: mes)!
            var cronograma = MontagemCronograma.novo(
                grupo: Self.grupo, referencia: referencia, acoes: [Self.aviso], catalogo: Self.catalogo)
            for j in cronograma.acoes[0].atividades.indices {
                cronograma.acoes[0].atividades[j].dataPrevista = CivilDate(year: 2013, month: mes, day: 19 + j)
            }
            return CronogramaGravado(id: id, cronograma: cronograma)
        }
        let emissao = try #require(ISO8601DateFormatter().date(from: "2014-05-29T12:11:47Z"))
        let texto = RelatorioCronogramas.render(
            [gravado(1, mes: 10), gravado(2, mes: 11)], catalogo: Self.catalogo, emissao: emissao, linhasPorPagina: 10)
        let paginas = texto.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(paginas.count == 2)
        #expect(paginas[0].hasPrefix("Cronogramas de Cobrança Cadastrados"))
        #expect(paginas[0].split(separator: "\n").first?.hasSuffix("PAG 1/2 29/05/2014 09:11:47") == true)
        #expect(paginas[1].split(separator: "\n").first?.hasSuffix("PAG 2/2 29/05/2014 09:11:47") == true)
        #expect(paginas[0].contains("Mês/Ano: 10/2013"))
        #expect(!paginas[0].contains("Mês/Ano: 11/2013"))
        let segunda = paginas[1].split(separator: "\n").map(String.init)
        #expect(segunda[2].hasPrefix("Grupo: GRUPO 01") && segunda[2].hasSuffix("Mês/Ano: 11/2013"))
        #expect(segunda[3].hasPrefix("Ação de Cobrança / Atividade"))
        #expect(segunda.last == "  ENCERRAR                    EMITIR                     21/11/2013")
    }
}
