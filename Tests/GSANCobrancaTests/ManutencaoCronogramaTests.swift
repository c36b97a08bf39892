import GSANCobranca
import GSANModel
import Testing

@Suite("Manutenção do cronograma de cobrança")
struct ManutencaoCronogramaTests {
    @Test func referenciaParsesAndPrints() {
        #expect(Referencia(mesAno: "10/2013") == Referencia(ano: 2013, mes: 10))
        #expect(Referencia(mesAno: "10/2013")?.amReferencia == 201_310)
        #expect(Referencia(amReferencia: 201_302)?.description == "02/2013")
    }

    @Test(arguments: ["13/2013", "00/2013", "1/2013", "10/13", "ab/2013", "", "10-2013", "10/2013/1"])
    func anInvalidMonth(_ texto: String) {
        let v = ManutencaoCronograma.validarReferencia(texto, grupo: F.grupo)
        #expect(v == [.referenciaInvalida])
        #expect(v.first?.mensagem == "Mês/Ano inválido")
    }

    @Test func aMonthBeforeTheGroupsLastReference() {
        let v = ManutencaoCronograma.validarReferencia("09/2013", grupo: F.grupo)
        #expect(v == [.referenciaAnteriorAoGrupo(ultimaReferencia: F.outubro)])
        #expect(v[0].mensagem == "Mês/Ano de Cobrança deve ser superior a 10/2013")
        #expect(ManutencaoCronograma.validarReferencia("10/2013", grupo: F.grupo) == [])
        #expect(ManutencaoCronograma.validarReferencia("01/2014", grupo: F.grupo) == [])
    }

    @Test func aScheduleThatAlreadyExists() {
        let existentes: Set = [Referencia(ano: 2013, mes: 9)!, F.outubro]
        let v = ManutencaoCronograma.validarInclusao(grupo: F.grupo, referencia: F.outubro, referenciasExistentes: existentes)
        #expect(v == [.cronogramaJaExiste(grupo: "GRUPO 01", referencia: F.outubro)])
        #expect(v[0].mensagem == "Cronograma de Cobrança do GRUPO 01 referente a 10/2013 já existe no cadastro")
        #expect(ManutencaoCronograma.validarInclusao(
            grupo: F.grupo, referencia: Referencia(ano: 2013, mes: 11)!, referenciasExistentes: existentes) == [])
    }

    @Test func theStartOfAnAutomaticCycle() {
        let hoje = F.d("01/10/2013")
        #expect(ManutencaoCronograma.validarInicioCiclo(
            F.d("01/10/2013"), hoje: hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: []) == [])
        #expect(ManutencaoCronograma.validarInicioCiclo(
            F.d("30/09/2013"), hoje: hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: []) == [.dataInicioCicloAnteriorAHoje])
        let v = ManutencaoCronograma.validarInicioCiclo(
            F.d("15/10/2013"), hoje: hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: [F.outubro])
        #expect(v == [.cronogramaDoMesJaExisteParaOGrupo(grupo: "GRUPO 01")])
        #expect(v[0].mensagem == "Não é possível inserir cronograma de ação de cobrança para o grupo GRUPO 01, "
            + "pois já existe um cronograma para o mês e grupo informado.")
    }

    @Test func deletingSchedulesWithRealizedActivities() {
        let realizado = F.cronograma([
            F.linha(F.aviso, ["19/10/2013", "19/10/2013", nil, nil], comandadas: [2], realizadas: [2: "19/10/2013"])
        ])
        let v = ManutencaoCronograma.validarExclusao([F.valido, realizado])
        #expect(v == [.exclusaoComAtividadesRealizadas])
        #expect(v[0].mensagem == "Não é possível excluir o(s) cronograma(s) de cobrança selecionado(s) devido à "
            + "existência de atividades já realizadas")
        #expect(ManutencaoCronograma.validarExclusao([F.valido]) == [])
        // Commanded but not realized can still be deleted.
        let comandado = F.cronograma([F.linha(F.aviso, ["19/10/2013", "19/10/2013", nil, nil], comandadas: [2])])
        #expect(ManutencaoCronograma.validarExclusao([comandado]) == [])
    }

    @Test func optimisticConcurrency() {
        #expect(ManutencaoCronograma.verificarVersao(esperada: 3, atual: 3) == [])
        let v = ManutencaoCronograma.verificarVersao(esperada: 3, atual: 4)
        #expect(v == [.atualizadoPorOutroUsuario])
        #expect(v[0].mensagem == "Esse(s) registro(s) foi(ram) atualizado(s) ou removido(s) por outro usuário durante a "
            + "operação. Realize uma nova manutenção")
        #expect(v[0].gravidade == .erro)
        #expect(ManutencaoCronograma.verificarVersao(esperada: 3, atual: nil) == [.atualizadoPorOutroUsuario])
        #expect(ManutencaoCronograma.verificarVersoes(esperadas: [1: 0, 2: 5], atuais: [1: 0, 2: 5]) == [])
        #expect(ManutencaoCronograma.verificarVersoes(esperadas: [1: 0, 2: 5], atuais: [1: 0]) == [.atualizadoPorOutroUsuario])
        #expect(ManutencaoCronograma.verificarVersoes(esperadas: [1: 0, 2: 5], atuais: [1: 1, 2: 5]) == [.atualizadoPorOutroUsuario])
    }
}
