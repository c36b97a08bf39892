import GSANCobranca
import GSANModel

/// The catalogue of migration 0005 and two chained actions, as in seed 003's screens
/// (AVISO DE CORTE → CORTE FISICO).
enum F {
    static let simular = AtividadeCobranca(id: 1, descricao: "SIMULAR", ordem: 1, obrigatoria: false)
    static let emitir = AtividadeCobranca(id: 2, descricao: "EMITIR", ordem: 2, diasExecucao: 1, obrigatoria: true)
    static let encerrarOS = AtividadeCobranca(
        id: 5, descricao: "ENCERRAR OS", ordem: 3, predecessoraID: 2, diasExecucao: 7, obrigatoria: true)
    static let encerrar = AtividadeCobranca(
        id: 3, descricao: "ENCERRAR", ordem: 4, predecessoraID: 2, diasExecucao: 10, obrigatoria: true)
    static let atividades = [simular, emitir, encerrarOS, encerrar]

    static let aviso = AcaoCobranca(id: 1, descricao: "AVISO DE CORTE", diasValidade: 30, obrigatoria: true, ordem: 1)
    static let corte = AcaoCobranca(
        id: 2, descricao: "CORTE FISICO", predecessoraID: 1, diasValidade: 30, diasMinimosAposPredecessora: 28,
        obrigatoria: true, ordem: 2)
    static let visita = AcaoCobranca(id: 3, descricao: "VISITA DE COBRANCA", diasValidade: 15, obrigatoria: false, ordem: 3)
    static let catalogo = [aviso, corte, visita]

    static let grupo = GrupoCobranca(id: 1, descricao: "GRUPO 01", referencia: Referencia(ano: 2013, mes: 10)!)
    static let outubro = Referencia(ano: 2013, mes: 10)!

    static func d(_ text: String) -> CivilDate { CivilDate(brazilian: text)! }

    /// One schedule action; `datas` in the activities' order SIMULAR, EMITIR, ENCERRAR OS, ENCERRAR.
    static func linha(
        _ acao: AcaoCobranca, _ datas: [String?], comandadas: Set<Int> = [], realizadas: [Int: String] = [:],
        remover: Bool = false, adicionada: Bool = false
    ) -> AcaoDoCronograma {
        let itens = zip(atividades, datas).map { atividade, data in
            AtividadeDoCronograma(
                atividade, dataPrevista: data.map(d), comandada: comandadas.contains(atividade.id),
                realizacao: realizadas[atividade.id].map(d))
        }
        return AcaoDoCronograma(acao, atividades: itens, remover: remover, adicionada: adicionada)
    }

    static let avisoValido = linha(aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"])
    /// EMITIR exactly 28 days (the minimum) after AVISO DE CORTE's, within its 30 days of validity.
    static let corteValido = linha(corte, ["16/11/2013", "16/11/2013", "23/11/2013", "26/11/2013"])

    static func cronograma(_ acoes: [AcaoDoCronograma]) -> CronogramaCobranca {
        CronogramaCobranca(grupo: grupo, referencia: outubro, acoes: acoes)
    }

    static let valido = cronograma([avisoValido, corteValido])
    static let hoje = d("01/10/2013")
    static let contexto = ContextoValidacao(hoje: hoje, catalogo: catalogo)
}
