import Campo
import Postgres
import Testing
import TestSupport

/// The reader's own login for the phone: only base64(SHA-1) of the password is stored (what the
/// app compares, FIELD-APP-PROTOCOL §5.3); a bad login or password is refused before anything
/// is written.
@Suite struct CredenciaisLeituristaTests {
    @Test func guardaSoOHashESeRecusaNadaMuda() async throws {
        try await withRota { db, _ in
            let leiturista = try valor(db, "SELECT leit_id FROM micromedicao.rota WHERE rota_id = 1")
            try OperacaoCampo.credenciais(leiturista: leiturista, login: "joao.silva", senha: "123456", db: db)
            let linha = "SELECT leit_nmlogin || ' ' || leit_dssenha FROM micromedicao.leiturista WHERE leit_id = $1"
            #expect(try texto(db, linha, [leiturista]) == "joao.silva fEqNCco3Yq9h5ZUglD3CZJT4lBs=")
            let casos: [(String, String, String)] = [
                ("", "123456", "Login do leiturista inválido: de 1 a 20 letras, dígitos, ponto, hífen ou sublinhado."),
                ("joao|silva", "123456", "Login do leiturista inválido: de 1 a 20 letras, dígitos, ponto, hífen ou sublinhado."),
                (String(repeating: "a", count: 21), "123456", "Login do leiturista inválido: de 1 a 20 letras, dígitos, ponto, hífen ou sublinhado."),
                ("maria", "123", "Senha do leiturista inválida: de 4 a 64 caracteres, sem quebra de linha."),
                ("maria", "12\n34", "Senha do leiturista inválida: de 4 a 64 caracteres, sem quebra de linha."),
            ]
            for (login, senha, mensagem) in casos {
                #expect(throws: OperacaoCampo.Erro.self) {
                    try OperacaoCampo.credenciais(leiturista: leiturista, login: login, senha: senha, db: db)
                }
                do {
                    try OperacaoCampo.validarCredenciais(login: login, senha: senha)
                } catch {
                    #expect("\(error)" == mensagem)
                }
            }
            #expect(try texto(db, linha, [leiturista]) == "joao.silva fEqNCco3Yq9h5ZUglD3CZJT4lBs=")
            #expect(throws: OperacaoCampo.Erro.self) {
                try OperacaoCampo.credenciais(leiturista: 999_999, login: "maria", senha: "segredo", db: db)
            }
        }
    }
}
