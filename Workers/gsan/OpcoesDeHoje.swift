import ArgumentParser
import GSANModel

/// `--hoje`: the date the command takes as today (schedules and closes are in local dates);
/// the seeded data has a "today" of its own, so the operator may need to say which.
struct OpcoesDeHoje: ParsableArguments {
    @Option(name: .long, help: "Data de hoje, DD/MM/AAAA (padrão: a data do relógio, em Brasília).")
    var hoje: String?

    func validate() throws {
        if let hoje, CivilDate(brazilian: hoje) == nil {
            throw ValidationError("--hoje inválida: \(hoje) (use DD/MM/AAAA).")
        }
    }

    var data: CivilDate { hoje.flatMap { CivilDate(brazilian: $0) } ?? CivilDate.hoje() }
}
