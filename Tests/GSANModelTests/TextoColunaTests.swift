import Foundation
import GSANModel
import Testing

@Suite("Textos: o que cabe na coluna e os brancos das pontas")
struct TextoColunaTests {
    @Test func aColunaContaPontosDeCodigoNaoLetrasVisiveis() {
        #expect("ação".caracteresNaColuna == 4)
        #expect("e\u{301}".caracteresNaColuna == 2)
        #expect("".caracteresNaColuna == 0)
    }

    /// The same result as Foundation's `trimmingCharacters(in: .whitespaces)`, which it replaces
    /// where files are read line by line: spaces of every kind and tabs go, line ends and the
    /// inside stay.
    @Test(arguments: [
        "", " ", "\t \t", "  JOSE DA SILVA  ", "\tCOM\t", "\u{00A0}nbsp\u{00A0}", "\u{3000}ideográfico\u{3000}",
        "meio  com   espaços", " fim\n", "\r\ninício", "é\u{301} ", " \u{301}combinante", "x",
    ])
    func brancosDasPontasComoFoundation(_ texto: String) {
        #expect(texto.semBrancosNasPontas == texto.trimmingCharacters(in: .whitespaces))
        #expect(texto[...].semBrancosNasPontas == texto.trimmingCharacters(in: .whitespaces))
    }
}
