import GSANModel
import Testing

@Suite struct CalendarioUteisTests {
    private func data(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test func deadlinesSkipWeekendsAndHolidays() {
        // Friday 18/04/2025 is Sexta-feira Santa, Monday 21/04 Tiradentes.
        let calendario = CalendarioUteis(feriados: [data("2025-04-18"), data("2025-04-21")])
        #expect(calendario.somar(1, a: data("2025-04-17")) == data("2025-04-22"))
        #expect(calendario.somar(5, a: data("2025-06-06")) == data("2025-06-13"))
        #expect(calendario.somar(0, a: data("2025-06-07")) == data("2025-06-07"))
        #expect(!calendario.util(data("2025-04-18")) && !calendario.util(data("2025-06-07")))
        #expect(calendario.util(data("2025-06-06")))
    }
}
