import GSANModel
import Postgres
import TestSupport
import Testing

/// `cadastro.cnpj_valido` (migration 0024) says what ``Documento`` says, for the numeric and the
/// alphanumeric CNPJ, and the tables take an alphanumeric one.
@Suite struct CNPJBancoTests {
    @Test func theFunctionAgreesWithTheSwiftRule() async throws {
        let simbolos = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var casos = ["12ABC34501DE35", "12ABC34501DE34", "11222333000181", "11222333000182", "AAAAAAAAAAAA00", "12abc34501de35",
                     "00000000000000", "12ABC34501DEA5", "12ABC3450DE35"]
        for i in 0..<300 {
            let base = String((0..<12).map { simbolos[(i * 11 + $0 * 17 + i * $0 * 3) % simbolos.count] })
            guard let cnpj = Documento.cnpj(alfanumerico: base) else { continue }
            casos.append(cnpj.digitos)
            // The same with the last check digit off by one: wrong.
            let ultimo = cnpj.digitos.last?.wholeNumberValue ?? 0
            casos.append(String(cnpj.digitos.dropLast()) + String((ultimo + 1) % 10))
        }
        let lista = casos
        let banco = try await withMigratedDatabase { db in
            try lista.map { try db.query("SELECT cadastro.cnpj_valido($1)", [$0])[0].decode(Bool.self, at: 0) }
        }
        for (cnpj, valido) in zip(lista, banco) {
            // The column stores upper case: the function takes the stored form only.
            let swift = cnpj == cnpj.uppercased() ? Documento(cnpj).map { !$0.isCPF } ?? false : false
            #expect(valido == swift, "\(cnpj): banco \(valido), Swift \(swift)")
        }
        #expect(banco.filter { $0 }.count > 200)
    }

    @Test func aClienteAndAnEmpresaTakeAnAlphanumericCNPJ() async throws {
        try await withMigratedDatabase { db in
            try db.execute("INSERT INTO cadastro.cliente (clie_id, clie_nmcliente, clie_nncnpj) VALUES (1, 'EMPRESA NOVA', '12ABC34501DE35')")
            try db.execute(
                """
                INSERT INTO cadastro.empresa (empr_id, empr_nmempresa, empr_nmabreviado, empr_nncnpj)
                VALUES (99, 'CONTRATADA NOVA', 'NOVA', '12ABC34501DE35')
                """)
            #expect(throws: PostgresError.self) {
                try db.execute("INSERT INTO cadastro.cliente (clie_id, clie_nmcliente, clie_nncnpj) VALUES (2, 'ERRADA', '12ABC34501DE34')")
            }
        }
    }
}
