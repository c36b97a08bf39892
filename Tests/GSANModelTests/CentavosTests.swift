import Foundation
import GSANModel
import Testing

@Suite("Centavos")
struct CentavosTests {
    @Test(arguments: [
        ("0", 0), ("12", 1200), ("1234.56", 123_456), ("-0.5", -50), ("0.05", 5), ("+7.1", 710), ("-1234.5", -123_450),
        ("1.2300", 123), ("92233720368547758.07", Int64.max), ("-92233720368547758.07", -Int64.max),
    ])
    func parsesDecimalText(_ text: String, _ value: Int64) {
        #expect(Centavos(decimalText: text)?.value == value)
    }

    @Test(arguments: [
        "", "-", ".5", "1.", "1.234", "1.2301", "1,5", "1.5.0", "abc", " 1", "1 ", "--5", "-+5", "+-5", "1.-5", "1.+5",
        "١٢", "92233720368547758.08", "-92233720368547758.09", "99999999999999999999",
    ])
    func refusesWhatIsNotAnExactAmount(_ text: String) {
        #expect(Centavos(decimalText: text) == nil)
    }

    @Test func printsBothWays() {
        #expect(Centavos(123_456).description == "1.234,56")
        #expect(Centavos(-123_456_789).description == "-1.234.567,89")
        #expect(Centavos(5).description == "0,05")
        #expect(Centavos(-5).description == "-0,05")
        #expect(Centavos(100_000).description == "1.000,00")
        #expect(Centavos(99_999).description == "999,99")
        #expect(Centavos(Int64.min).description == "-92.233.720.368.547.758,08")
        #expect(Centavos(123_456).decimalText == "1234.56")
        #expect(Centavos(-5).decimalText == "-0.05")
        #expect(Centavos(0).decimalText == "0.00")
    }

    @Test(arguments: [
        ("0.125", 12), ("0.135", 14), ("0.145", 14), ("0.155", 16), ("-0.125", -12), ("-0.135", -14), ("2.675", 268),
        ("0.1251", 13), ("0.124999", 12), ("1234.565", 123_456),
    ])
    func roundsHalfEven(_ reais: String, _ centavos: Int64) throws {
        let amount = try #require(Decimal(string: reais))
        #expect(Centavos(reais: amount).value == centavos)
    }

    @Test func roundsAsARuleAsks() throws {
        let amount = try #require(Decimal(string: "0.125"))
        #expect(Centavos(reais: amount, rounding: .plain).value == 13)
        #expect(Centavos(reais: amount, rounding: .down).value == 12)
        #expect(Centavos(reais: amount, rounding: .up).value == 13)
        #expect(Centavos(1_000).multiplied(by: try #require(Decimal(string: "0.0225"))).value == 22)  // 22.5 → 22
        #expect(Centavos(1_000).multiplied(by: try #require(Decimal(string: "0.0235"))).value == 24)  // 23.5 → 24
    }

    @Test func arithmeticAndOrder() {
        #expect(Centavos(150) + Centavos(-200) == Centavos(-50))
        #expect(Centavos(150) - Centavos(200) == Centavos(-50))
        #expect(Centavos(-1) < .zero)
        #expect(Centavos(12_345).reais == Decimal(string: "123.45"))
    }

    @Test func codableAsIntegerCentavos() throws {
        let data = try JSONEncoder().encode([Centavos(-1_050)])
        #expect(String(decoding: data, as: UTF8.self) == "[-1050]")
        #expect(try JSONDecoder().decode([Centavos].self, from: data) == [Centavos(-1_050)])
    }
}
