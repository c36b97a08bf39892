@testable import Documentos
import JobRuntime
import Testing

/// A key the database should have returned and did not is the rota's Portuguese error, never a
/// crash of the worker (the force-unwraps it replaced).
@Suite struct DadoInconsistenteTests {
    @Test func imovelSemDocumentoInseridoEErroDaRota() throws {
        let documento = Emissao.documentos([10: 900], rota: 7)
        #expect(try documento(10) == 900)
        #expect(throws: ErroDocumentos.dadoInconsistente(
            "Rota 7: o imóvel 11 foi selecionado, mas nenhum documento de cobrança foi inserido para ele "
                + "(imóvel ausente de cadastro.imovel?).")
        ) { try documento(11) }
        guard case .permanent(let mensagem) = ErroDocumentos.dadoInconsistente("x").jobFailure else {
            Issue.record("dado inconsistente deveria ser falha permanente")
            return
        }
        #expect(mensagem == "x")
    }
}
