import Foundation
import Postgres
import TestSupport
import Testing

/// ``PostgresError/explicacao``: the server's real errors, said in Portuguese by their SQLSTATE
/// class, naming table, column and constraint but never a bound value or the English text.
@Suite struct ExplicacaoTests {
    /// Each statement's error as the person would read it (on temporary tables of this session).
    static func explicacoes(_ comandos: [(String, [String])]) async throws -> [String] {
        try await withTestConnection { db in
            let pai = uniqueTable("pai")
            let filho = uniqueTable("filho")
            try db.execute("CREATE TEMP TABLE \(pai) (id int PRIMARY KEY, nome varchar(5) NOT NULL, n smallint CHECK (n > 0))")
            try db.execute("CREATE TEMP TABLE \(filho) (id int PRIMARY KEY, pai int REFERENCES \(pai))")
            try db.execute("INSERT INTO \(pai) VALUES (1, 'um', 1)")
            try db.execute("INSERT INTO \(filho) VALUES (1, 1)")
            var textos: [String] = []
            for (sql, parametros) in comandos {
                let sql = sql.replacingOccurrences(of: "PAI", with: pai).replacingOccurrences(of: "FILHO", with: filho)
                do {
                    _ = try db.query(sql, parametros.map { $0 as String? })
                    textos.append("(sem erro)")
                } catch let erro as PostgresError {
                    textos.append(erro.explicacao.replacingOccurrences(of: pai, with: "PAI").replacingOccurrences(of: filho, with: "FILHO"))
                }
            }
            return textos
        }
    }

    @Test func cadaClasseEmPortuguesSemValores() async throws {
        let segredo = "valor-secreto-42"
        let textos = try await Self.explicacoes([
            ("INSERT INTO PAI VALUES (1, $1, 1)", ["dois"]),
            ("INSERT INTO FILHO VALUES (2, $1::int)", ["424242"]),
            ("DELETE FROM PAI WHERE id = 1", []),
            ("INSERT INTO PAI VALUES (2, 'x', $1::smallint)", ["0"]),
            ("INSERT INTO PAI VALUES (3, NULL, 1)", []),
            ("INSERT INTO PAI VALUES (4, $1, 1)", [segredo]),
            ("INSERT INTO PAI VALUES ($1::bigint, 'x', 1)", ["3000000000"]),
            ("SELECT $1::int", ["1e30"]),
            ("SELECT '2025-02-30'::date", []),
            ("SELECT 1 / 0", []),
            ("SELECT * FROM tabela_que_nao_existe", []),
        ])
        #expect(textos[0].hasPrefix("recusado pelo banco: já existe um registro em "), "\(textos[0])")
        #expect(textos[0].hasSuffix(" com o mesmo valor de id (restrição PAI_pkey) (SQLSTATE 23505)"), "\(textos[0])")
        #expect(textos[1].hasPrefix("recusado pelo banco: o campo pai em "), "\(textos[1])")
        #expect(textos[1].contains(" aponta para um registro que não existe em PAI (restrição FILHO_pai_fkey) (SQLSTATE 23503)"), "\(textos[1])")
        #expect(textos[2].contains("ainda é usado por outro (em FILHO) e não pode ser apagado nem mudar de chave"), "\(textos[2])")
        #expect(textos[3].contains("um valor em ") && textos[3].hasSuffix("está fora do que a regra do banco permite (restrição PAI_n_check) (SQLSTATE 23514)"), "\(textos[3])")
        #expect(textos[4].hasPrefix("recusado pelo banco: falta o valor obrigatório de nome em "), "\(textos[4])")
        #expect(textos[5].hasPrefix("recusado pelo banco: um texto é maior do que a coluna") && textos[5].hasSuffix("(SQLSTATE 22001)"), "\(textos[5])")
        #expect(textos[6].hasSuffix("um número está fora do intervalo da coluna (inteiro: até 2147483647) (SQLSTATE 22003)"), "\(textos[6])")
        #expect(textos[7] == "recusado pelo banco: um valor está em formato inválido para o seu tipo (número, data ou identificador) (SQLSTATE 22P02)")
        #expect(textos[8] == "recusado pelo banco: uma data ou hora é inválida ou fora do intervalo (SQLSTATE 22008)")
        #expect(textos[9] == "recusado pelo banco: uma divisão por zero no cálculo (SQLSTATE 22012)")
        #expect(textos[10] == "recusado pelo banco: o banco não tem a tabela, a coluna ou a função que o programa usa: rode gsan migrate (SQLSTATE 42P01)")
        for texto in textos {
            for ingles in ["violates", "duplicate", "out of range", "too long", "invalid input", "does not exist", "Key ("] {
                #expect(!texto.contains(ingles), "\(texto)")
            }
            #expect(!texto.contains(segredo) && !texto.contains("424242") && !texto.contains("dois"), "\(texto)")
        }
    }

    @Test func conexaoEDecodificacao() async throws {
        let recusada = PostgresError(
            kind: .connectionFailed,
            message: "could not connect to PostgreSQL database \"x\" at 127.0.0.1:1 as \"u\": connection to server failed: Connection refused")
        #expect(recusada.explicacao == "PostgreSQL inacessível: conexão recusada (o servidor está parado? ops/up)")
        let nulo = try await withTestConnection { db -> String in
            do {
                _ = try db.query("SELECT NULL::text AS bairro")[0].decode(String.self, at: 0)
                return "(sem erro)"
            } catch let erro as PostgresError {
                return erro.explicacao
            }
        }
        #expect(nulo == "um valor lido do banco (coluna bairro) não é o que o programa espera: está vazio (NULL) onde deveria haver um valor; corrija o registro")
    }
}
