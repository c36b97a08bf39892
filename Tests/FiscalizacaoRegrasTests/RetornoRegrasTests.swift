import FiscalizacaoRegras
import GSANModel
import Testing

/// Informar Retorno da OS de Fiscalização (seed 002 §2.4.2): each message with the data that triggers it.
@Suite struct RetornoRegrasTests {
    typealias R = RetornoFiscalizacao
    static let hoje = CivilDate(year: 2025, month: 7, day: 10)!
    static let emissao = CivilDate(year: 2025, month: 7, day: 2)!

    /// A catalogue with two situações for each exclusive indicator.
    static let catalogo: [Int: R.Situacao] = {
        func s(_ id: Int, _ d: String, _ ajuste: (inout R.Situacao) -> Void) -> R.Situacao {
            var x = R.Situacao(id: id, descricao: d)
            ajuste(&x)
            return x
        }
        let lista = [
            s(1, "CORTE CONFIRMADO") { $0.validaAgua = true },
            s(2, "RELIGADO CLANDESTINAMENTE") {
                $0.validaAgua = true; $0.novaAgua = 3; $0.autoInfracao = true; $0.geraDebito = true; $0.reincidencia = true
                $0.situacaoEspecial = 2; $0.motivoSituacaoEspecial = 5; $0.motivoEncerramento = 2
            },
            s(3, "ESGOTO CLANDESTINO") { $0.validaEsgoto = true; $0.novaEsgoto = 3; $0.geraDebito = true },
            s(4, "ESGOTO NA PLUVIAL") { $0.notificacaoEsgoto = true },
            s(5, "HIDROMETRO SUB") {
                $0.validaCapacidadeHidrometro = true; $0.informaTipoMedicao = true; $0.suspendeContratoDemanda = true; $0.capacidades = [1, 2]
            },
            s(6, "DATA DIVERGENTE") { $0.alteraDataLigacao = true },
            s(7, "NAO EXECUTADO") { $0.motivoNaoAceitacao = 2; $0.motivoEncerramento = 2 },
            s(10, "FRAUDE HIDROMETRO") { $0.autoInfracao = true; $0.motivoEncerramento = 4 },
            s(11, "ESGOTO DESATIVADO") { $0.validaEsgoto = true; $0.novaEsgoto = 5 },
            s(12, "LIGACAO ANTIGA") { $0.alteraDataLigacao = true },
            s(13, "HIDROMETRO SUPER") { $0.validaCapacidadeHidrometro = true },
            s(14, "INATIVA") { $0.emUso = false },
        ]
        return Dictionary(uniqueKeysWithValues: lista.map { ($0.id, $0) })
    }()
    static let pendente = R.Ordem(situacao: 1, fiscalizacaoInfracao: true, imovel: 1234, emissao: emissao)

    static func recusa(
        _ p: R.Pedido, ordem: R.Ordem? = pendente, autos: Bool = false, especial: Bool = false
    ) -> String? {
        R.recusa(p, ordem: ordem, catalogo: catalogo, motivos: [2, 4, 69], controlaAutos: autos, senhaEspecial: especial, hoje: hoje)
    }
    static func pedido(_ situacoes: [Int], _ documento: R.Documento = .nenhum) -> R.Pedido {
        .init(ordem: 77, situacoes: situacoes, documento: documento)
    }

    @Test func theOrderMustExistBeAnInspectionAndBeOpen() {
        #expect(Self.recusa(Self.pedido([1]), ordem: nil) == "Ordem de Serviço inexistente.")
        var o = Self.pendente
        o.fiscalizacaoInfracao = false
        #expect(Self.recusa(Self.pedido([1]), ordem: o)
                == "O serviço associado a esta Ordem de Serviço não corresponde à fiscalização de infração.")
        o = Self.pendente
        o.situacao = 2
        #expect(Self.recusa(Self.pedido([1]), ordem: o) == "Esta Ordem de Serviço está Encerrada.")
        o.situacao = 3
        #expect(Self.recusa(Self.pedido([1]), ordem: o) == nil)
        #expect(Self.recusa(Self.pedido([1])) == nil)
    }

    /// §1.3.1: "A FISCALIZAÇÃO DE SERVIÇOS deve ser executada e informada no GSAN … em até 20 (vinte) dias da sua emissão".
    @Test func aServiceInspectionIsInformedWithinTwentyDaysOfItsEmission() {
        func recusa(emitida: String, hoje: String, deServico: Bool = true) -> String? {
            let o = R.Ordem(situacao: 1, fiscalizacaoInfracao: true, imovel: 1234, emissao: CivilDate(brazilian: emitida)!, deServico: deServico)
            return R.recusa(Self.pedido([1]), ordem: o, catalogo: Self.catalogo, motivos: [2], controlaAutos: false, senhaEspecial: false,
                            hoje: CivilDate(brazilian: hoje)!)
        }
        // Emitted 10/06/2025: the 20th day is 30/06/2025 (calendar days, across the month end).
        #expect(recusa(emitida: "10/06/2025", hoje: "10/06/2025") == nil)
        #expect(recusa(emitida: "10/06/2025", hoje: "30/06/2025") == nil)
        #expect(recusa(emitida: "10/06/2025", hoje: "01/07/2025")
                == "Fiscalização de serviço emitida em 10/06/2025 não pode mais ser informada: o prazo de 20 dias da emissão terminou em 30/06/2025.")
        // The fiscalização of the cut-off imóveis (an action's document) closes by decurso instead: no such limit.
        #expect(recusa(emitida: "10/06/2025", hoje: "01/07/2025", deServico: false) == nil)
        // A closed one says so first.
        let fechada = R.Ordem(situacao: 2, fiscalizacaoInfracao: true, imovel: 1, emissao: CivilDate(brazilian: "10/06/2025")!, deServico: true)
        #expect(R.recusa(Self.pedido([1]), ordem: fechada, catalogo: Self.catalogo, motivos: [2], controlaAutos: false, senhaEspecial: false,
                         hoje: CivilDate(brazilian: "01/08/2025")!) == "Esta Ordem de Serviço está Encerrada.")
        #expect(R.limiteParaInformar(emissao: CivilDate(brazilian: "20/12/2025")!) == CivilDate(brazilian: "09/01/2026")!)
        // The same limit closes it by decurso de prazo: still open on the 20th day, expired from the 21st.
        #expect(!R.prazoVencido(emissao: CivilDate(brazilian: "20/12/2025")!, hoje: CivilDate(brazilian: "09/01/2026")!))
        #expect(R.prazoVencido(emissao: CivilDate(brazilian: "20/12/2025")!, hoje: CivilDate(brazilian: "10/01/2026")!))
        #expect(R.parecerDecurso(emissao: CivilDate(brazilian: "20/12/2025")!)
                == "Encerrada por decurso de prazo: fiscalização de serviço não informada em 20 dias da emissão (20/12/2025).")
    }

    @Test func atLeastOneSituacaoNoneTwiceAndEveryOneInUse() {
        #expect(Self.recusa(Self.pedido([])) == "Informe Situação da Fiscalização: é obrigatória pelo menos uma.")
        #expect(Self.recusa(Self.pedido([1, 6, 1])) == "Esta Situação da Fiscalização já foi selecionada.")
        #expect(Self.recusa(Self.pedido([99])) == "Situação da Fiscalização 99 inexistente.")
        #expect(Self.recusa(Self.pedido([14])) == "Situação da Fiscalização 14 inexistente.")
    }

    @Test(arguments: [
        ([1, 2], "Só é possível selecionar uma das situações de fiscalização com indicação de validar a situação da ligação de água do imóvel."),
        ([3, 11], "Só é possível selecionar uma das situações de fiscalização com indicação de validar a situação da ligação de esgoto do imóvel."),
        ([6, 12], "Só é possível selecionar uma das situações de fiscalização com indicação de alterar a data da ligação do imóvel."),
        ([5, 13], "Só é possível selecionar uma das situações de fiscalização com indicação de validar a capacidade do hidrômetro do imóvel."),
        ([10, 3, 2], "Só é possível selecionar uma das situações de fiscalização com indicação do controle dos autos de infração."),
        ([4, 6], RetornoFiscalizacao.mensagemNotificacaoEsgoto),
        ([6, 4], RetornoFiscalizacao.mensagemNotificacaoEsgoto),
    ])
    func onlyOneSituacaoOfEachExclusiveIndicator(_ situacoes: [Int], _ mensagem: String) {
        #expect(Self.recusa(Self.pedido(situacoes, .notificacaoEsgoto)) == mensagem)
    }

    @Test func differentIndicatorsMayGoTogether() {
        #expect(Self.recusa(Self.pedido([2, 3, 5, 6, 7])) == nil)
    }

    @Test func removingSituacoesAnEarlierReturnActedOn() {
        var o = Self.pendente
        o.anterior = .init(situacoes: [2, 3, 10], aguaAtualizada: true)
        #expect(Self.recusa(Self.pedido([3, 10]), ordem: o)
                == "Não é possível desmarcar essa situação porque a situação da ligação de água do imóvel 1234 já foi alterada.")
        o.anterior = .init(situacoes: [2, 3], esgotoAtualizado: true)
        #expect(Self.recusa(Self.pedido([2]), ordem: o)
                == "Não é possível desmarcar essa situação porque a situação da ligação de esgoto do imóvel 1234 já foi alterada.")
        o.anterior = .init(situacoes: [10, 6], autoInformado: true)
        #expect(Self.recusa(Self.pedido([6]), ordem: o)
                == "Não é possível desmarcar essa situação porque os dados do auto de infração já foram informados.")
        o.anterior = .init(situacoes: [3, 6], comDebito: [3])
        #expect(Self.recusa(Self.pedido([6]), ordem: o)
                == "Não é possível desmarcar essa situação porque já houve a geração do débito a cobrar para essa situação.")
        // Nothing done yet for a situação: it may be removed; keeping it is always allowed.
        o.anterior = .init(situacoes: [2, 3], aguaAtualizada: false, comDebito: [])
        #expect(Self.recusa(Self.pedido([6]), ordem: o) == nil)
        o.anterior = .init(situacoes: [2, 3], aguaAtualizada: true, esgotoAtualizado: true, comDebito: [2, 3])
        #expect(Self.recusa(Self.pedido([2, 3]), ordem: o) == nil)
    }

    @Test func theDocumentDeliveredFollowsTheSituacoes() {
        #expect(Self.recusa(Self.pedido([4], .nenhum))
                == "Documento Entregue deve ser Notificação de Esgoto: a situação de fiscalização indica notificação de esgoto.")
        #expect(Self.recusa(Self.pedido([4], .notificacaoEsgoto)) == nil)
        #expect(Self.recusa(Self.pedido([6], .notificacaoEsgoto))
                == "Documento Entregue Notificação de Esgoto só pode ser selecionado com uma situação de fiscalização de notificação de esgoto.")
        // Without the company's control of the autos, any of the three.
        for d in [R.Documento.comparecimento, .autoInfracao, .nenhum] { #expect(Self.recusa(Self.pedido([10], d)) == nil) }
    }

    @Test func theAutoDeInfracaoWhenTheCompanyControlsThem() {
        var p = Self.pedido([10], .comparecimento)
        #expect(Self.recusa(p, autos: true)
                == "Documento Entregue deve ser Auto de Infração: a situação de fiscalização indica o controle dos autos de infração.")
        p.documento = .autoInfracao
        #expect(Self.recusa(p, autos: true) == "Informe Número do Auto de Infração.")
        p.autoNumero = String(repeating: "9", count: 21)
        #expect(Self.recusa(p, autos: true) == "Número do Auto de Infração com 21 caracteres: o máximo é 20.")
        p.autoNumero = "AI-2025/0001"
        #expect(Self.recusa(p, autos: true) == "Informe Data do Auto de Infração.")
        p.autoData = CivilDate(year: 2025, month: 7, day: 1)
        #expect(Self.recusa(p, autos: true) == "Data do Auto de Infração 01/07/2025 anterior à emissão da Ordem de Serviço (02/07/2025).")
        p.autoData = CivilDate(year: 2025, month: 7, day: 11)
        #expect(Self.recusa(p, autos: true) == "Data do Auto de Infração 11/07/2025 posterior à data atual (10/07/2025).")
        p.autoData = Self.hoje
        #expect(Self.recusa(p, autos: true) == nil)
        var semAuto = Self.pedido([6])
        semAuto.autoNumero = "X"
        #expect(Self.recusa(semAuto, autos: true)
                == "Dados do Auto de Infração só podem ser informados com uma situação de fiscalização de controle dos autos de infração.")
    }

    @Test func closingTheOrderNeedsAMotivo() {
        var p = Self.pedido([6])
        p.encerrar = true
        #expect(Self.recusa(p) == "Informe Motivo Encerramento.")
        p.motivo = 55
        #expect(Self.recusa(p) == "Motivo de encerramento 55 inexistente.")
        p.motivo = 69
        #expect(Self.recusa(p) == nil)
        var futura = Self.pendente
        futura.emissao = CivilDate(year: 2025, month: 7, day: 11)!
        #expect(Self.recusa(p, ordem: futura) == "Data de encerramento 10/07/2025 anterior à emissão da Ordem de Serviço (11/07/2025).")
        // The situações' own motivo when they agree; several different ones ask which.
        p = Self.pedido([2])
        p.encerrar = true
        #expect(Self.recusa(p) == nil)
        #expect(R.motivoEncerramento(p, catalogo: Self.catalogo) == 2)
        p.situacoes = [7, 10]
        #expect(Self.recusa(p) == "As situações de fiscalização selecionadas têm motivos de encerramento diferentes: informe Motivo Encerramento.")
        p.motivo = 4
        #expect(Self.recusa(p) == nil)
        var semEncerrar = Self.pedido([6])
        semEncerrar.parecer = "X"
        #expect(Self.recusa(semEncerrar) == "Motivo e Parecer de Encerramento só podem ser informados para encerrar a OS (--encerrar).")
    }

    @Test func textsHaveTheirLimits() {
        var p = Self.pedido([6])
        p.encerrar = true
        p.motivo = 2
        p.parecer = String(repeating: "é", count: 400)
        p.observacao = String(repeating: "ç", count: 200)
        #expect(Self.recusa(p) == nil)
        p.parecer = String(repeating: "é", count: 401)
        #expect(Self.recusa(p) == "Parecer Encerramento com 401 caracteres: o máximo é 400.")
        p.parecer = nil
        p.observacao = String(repeating: "ç", count: 201)
        #expect(Self.recusa(p) == "Observação com 201 caracteres: o máximo é 200.")
    }

    @Test func photosAreDocJpgOrPdfWithAType() {
        var p = Self.pedido([6])
        p.fotos = [.init(tipo: 1, arquivo: "fachada.JPG"), .init(tipo: 2, arquivo: "laudo.pdf"), .init(tipo: 5, arquivo: "auto.doc")]
        #expect(Self.recusa(p) == nil)
        p.fotos = [.init(tipo: 1, arquivo: nil)]
        #expect(Self.recusa(p) == "Informe um arquivo.")
        p.fotos = [.init(tipo: nil, arquivo: "a.jpg")]
        #expect(Self.recusa(p) == "Informe o tipo da foto.")
        p.fotos = [.init(tipo: 1, arquivo: "a.png")]
        #expect(Self.recusa(p) == "Formato de arquivo inválido.")
        p.fotos = [.init(tipo: 1, arquivo: "semextensao")]
        #expect(Self.recusa(p) == "Formato de arquivo inválido.")
    }

    @Test func withoutTheDebitsOnlyWithTheSpecialPermission() {
        var p = Self.pedido([2])
        p.gerarDebito = false
        #expect(Self.recusa(p) == "Usuário não autorizado a não inclusão de débitos.")
        #expect(Self.recusa(p, especial: true) == nil)
        // No situação generates débitos: nothing to refuse.
        p.situacoes = [6]
        #expect(Self.recusa(p) == nil)
    }

    @Test func theTipoDeMedicaoOnlyWhereASituacaoAsksForIt() {
        var p = Self.pedido([6])
        p.tipoMedicao = .poco
        #expect(Self.recusa(p) == "Tipo de Medição só pode ser informado com uma situação de fiscalização que o exija.")
        p.situacoes = [5]
        #expect(Self.recusa(p) == nil)
    }

    /// §2.4.2 item 7: "Atualizar Situação da Ligação de Água/Esgoto" is shown (sim) only while a situação selected
    /// validates a ligação that no earlier return updated; informed otherwise, it is refused.
    @Test func atualizarLigacaoOnlyWhileASituacaoValidatesALigacaoNotYetUpdated() {
        var p = Self.pedido([7])
        p.atualizarLigacao = false
        #expect(Self.recusa(p) == R.mensagemAtualizarLigacao)
        p.situacoes = [6]
        #expect(Self.recusa(p) == R.mensagemAtualizarLigacao)
        p.situacoes = [1]
        #expect(Self.recusa(p) == nil)
        p.situacoes = [11]
        #expect(Self.recusa(p) == nil)
        // Água already updated by an earlier return: only the esgoto may still be.
        var o = Self.pendente
        o.anterior = .init(situacoes: [1], aguaAtualizada: true)
        p.situacoes = [1]
        #expect(Self.recusa(p, ordem: o) == R.mensagemAtualizarLigacao)
        p.situacoes = [1, 11]
        #expect(Self.recusa(p, ordem: o) == nil)
        // Not informed: sim, whatever the situações.
        #expect(Self.recusa(Self.pedido([7])) == nil)
        #expect(R.efeitos(Self.pedido([2]), ordem: Self.pendente, catalogo: Self.catalogo).novaAgua == 3)
    }

    @Test func theEffectsOfAClandestineReconnection() {
        let p = Self.pedido([2, 3, 5, 7])
        var o = Self.pendente
        o.hidrometros = [.agua: .init(capacidade: 1, descricao: "1,5 M3/H")]
        let e = R.efeitos(p, ordem: o, catalogo: Self.catalogo)
        #expect(e.semEfeitos == nil)
        #expect(e.novaAgua == 3)
        #expect(e.novaEsgoto == 3)
        #expect(e.gerarDebitoDe.map(\.id) == [2, 3])
        #expect(e.reincidencia)
        #expect(e.suspenderContratoDemanda)
        #expect(e.situacaoEspecial == 2 && e.motivoSituacaoEspecial == 5)
        #expect(e.naoAceitacao == 2)
    }

    @Test func aSecondReturnNeverRedoesWhatTheFirstDid() {
        var o = Self.pendente
        o.anterior = .init(situacoes: [2, 3], aguaAtualizada: true, esgotoAtualizado: false, comDebito: [2])
        let e = R.efeitos(Self.pedido([2, 3]), ordem: o, catalogo: Self.catalogo)
        #expect(e.novaAgua == nil)
        #expect(e.novaEsgoto == 3)
        #expect(e.gerarDebitoDe.map(\.id) == [3])
        var naoAtualiza = Self.pedido([2, 3])
        naoAtualiza.atualizarLigacao = false
        naoAtualiza.gerarDebito = false
        let f = R.efeitos(naoAtualiza, ordem: Self.pendente, catalogo: Self.catalogo)
        #expect(f.novaAgua == nil && f.novaEsgoto == nil && f.gerarDebitoDe.isEmpty)
    }

    /// "Validar a capacidade do hidrômetro do imóvel fiscalizado" (GSAN UC0488 5.4): the meter of the tipo de medição
    /// (ligação de água unless poço is informed) must exist and be of a capacity the situação lists; if not, the return
    /// is recorded without any effect.
    @Test func theMeterCapacityASituacaoValidates() {
        var o = Self.pendente
        let p = Self.pedido([2, 5])
        let sem = R.efeitos(p, ordem: o, catalogo: Self.catalogo)
        #expect(sem.semEfeitos == "O imóvel 1234 não tem hidrômetro instalado na ligação de água: a situação HIDROMETRO SUB não se aplica "
                + "e o retorno é registrado sem os seus efeitos.")
        #expect(sem.novaAgua == nil && sem.gerarDebitoDe.isEmpty && !sem.reincidencia && !sem.suspenderContratoDemanda
                && sem.situacaoEspecial == nil && sem.naoAceitacao == nil)
        o.hidrometros = [.agua: .init(capacidade: 3, descricao: "5,0 M3/H")]
        #expect(R.efeitos(p, ordem: o, catalogo: Self.catalogo).semEfeitos
                == "O hidrômetro na ligação de água do imóvel 1234 tem capacidade 5,0 M3/H, que não é das capacidades da situação "
                + "HIDROMETRO SUB: o retorno é registrado sem os seus efeitos.")
        o.hidrometros[.agua] = .init(capacidade: 1, descricao: "1,5 M3/H")
        let com = R.efeitos(p, ordem: o, catalogo: Self.catalogo)
        #expect(com.semEfeitos == nil && com.novaAgua == 3 && com.gerarDebitoDe.map(\.id) == [2] && com.suspenderContratoDemanda)
        // Poço: the poço's meter, not the ligação's.
        var poco = p
        poco.tipoMedicao = .poco
        #expect(R.efeitos(poco, ordem: o, catalogo: Self.catalogo).semEfeitos
                == "O imóvel 1234 não tem hidrômetro instalado no poço: a situação HIDROMETRO SUB não se aplica e o retorno é registrado "
                + "sem os seus efeitos.")
        o.hidrometros[.poco] = .init(capacidade: 2, descricao: "3,0 M3/H")
        #expect(R.efeitos(poco, ordem: o, catalogo: Self.catalogo).semEfeitos == nil)
        // A situação that validates no capacity: the meters do not matter.
        #expect(R.efeitos(Self.pedido([2]), ordem: Self.pendente, catalogo: Self.catalogo).semEfeitos == nil)
    }

    /// "Alterar a data da ligação" (GSAN UC0488 SB0002 3): the ligação the return updates takes the return's day as its date
    /// when the situação that updates it alters the date; a situação that alters the date but updates no ligação changes none.
    @Test func theLigacaoDateFollowsTheUpdateOfASituacaoThatAltersIt() {
        var cat = Self.catalogo
        cat[3]?.alteraDataLigacao = true
        let e = R.efeitos(Self.pedido([2, 3]), ordem: Self.pendente, catalogo: cat)
        #expect(e.novaAgua == 3 && !e.dataLigacaoAgua)
        #expect(e.novaEsgoto == 3 && e.dataLigacaoEsgoto)
        let f = R.efeitos(Self.pedido([6]), ordem: Self.pendente, catalogo: cat)
        #expect(f.novaAgua == nil && !f.dataLigacaoAgua && !f.dataLigacaoEsgoto)
        var nao = Self.pedido([3])
        nao.atualizarLigacao = false
        #expect(!R.efeitos(nao, ordem: Self.pendente, catalogo: cat).dataLigacaoEsgoto)
        var o = Self.pendente
        o.anterior = .init(situacoes: [3], esgotoAtualizado: true)
        #expect(!R.efeitos(Self.pedido([3]), ordem: o, catalogo: cat).dataLigacaoEsgoto)
    }
}
