import Foundation
import Postgres
import Rotas
import TestSupport
import Testing

/// Bad data in the cadastro (issue 15): a NULL where the route file needs a text — a bairro
/// without name, left by a legacy import past the column's NOT NULL — refuses that rota with a
/// Portuguese message naming the record, and the other rotas are generated.
@Suite struct CadastroInvalidoTests {
    @Test func umBairroSemNomeRecusaSoARotaENomeiaOImovel() async throws {
        try await withUtility(imoveis: 1700) { db, _, configuracao in
            // The legacy data: one imóvel of rota 1 moved to a bairro whose name is NULL.
            try db.execute("ALTER TABLE cadastro.bairro ALTER COLUMN bair_nmbairro DROP NOT NULL")
            let imovel = try inteiros(
                db, """
                    SELECT i.imov_id FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
                    WHERE q.rota_id = 1 AND i.rota_idalternativa IS NULL ORDER BY 1 LIMIT 1
                    """)[0]
            let bairro = try inteiros(
                db, """
                    INSERT INTO cadastro.bairro (muni_id, bair_nmbairro)
                    SELECT muni_id, NULL FROM cadastro.bairro ORDER BY bair_id LIMIT 1 RETURNING bair_id
                    """)[0]
            try db.execute("UPDATE cadastro.imovel SET bair_id = $1 WHERE imov_id = $2", [bairro, imovel])

            let recusada = try gerar(db, configuracao, grupo: 1, rota: 1)
            #expect(recusada.situacao == .recusado)
            #expect(
                recusada.mensagem
                    == "Rota 1 recusada: dado inválido no cadastro (imóvel \(imovel): bairro \(bairro) sem nome): um valor lido do "
                    + "banco (coluna endereco) não é o que o programa espera: está vazio (NULL) onde deveria haver um valor; "
                    + "corrija o registro.")
            #expect(recusada.mensagem?.contains("cannot be decoded") == false && recusada.mensagem?.contains("?column?") == false)
            #expect(try inteiros(db, "SELECT count(*) FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1") == [0])
            // Rota 2 goes on.
            #expect(try gerar(db, configuracao, grupo: 2, rota: 2).situacao == .gerado)
            // The record fixed, rota 1 is generated.
            try db.execute("UPDATE cadastro.bairro SET bair_nmbairro = 'BAIRRO CORRIGIDO' WHERE bair_id = $1", [bairro])
            #expect(try gerar(db, configuracao, grupo: 1, rota: 1).situacao == .gerado)
        }
    }
}
