import FaturamentoRegras
import GSANModel
import Postgres
import RotasRegras
import Testing
@testable import Faturamento
@testable import Rotas

/// The tariff in force is defined once (TarifasVigentes): the close bills with it and the phone
/// prices the route file's records 09/10 with it. Against a generated utility, every imóvel with
/// a pre-billed conta is priced both ways, for a spread of consumptions, and the two agree.
@Suite struct TarifaVigenteTests {
    @Test func theCloseAndTheRouteFilePriceEveryImovelAlike() async throws {
        try await withUtility(imoveis: 1500) { db, _, _ in
            let inicio = try #require(Referencia(amReferencia: referenciaSeed)?.dia(1))
            let fechamento = try Tarifas.vigentes(em: inicio, db: db)
            let (catalogos, _) = try CargaCatalogos.catalogos(referencia: referenciaSeed, db: db)
            // What the phone reads: the rows of a whole categoria (category mode) and their ranges.
            var arquivo: [Int: [Int: TarifaCategoria]] = [:]
            for t in catalogos.tarifas where t.subcategoria == nil {
                arquivo[t.tarifa, default: [:]][t.categoria] = TarifaCategoria(
                    consumoMinimo: t.consumoMinimo, tarifaMinima: t.tarifaMinima,
                    faixas: t.faixas.map { TarifaCategoria.Faixa(inicio: $0.inicio, fim: $0.fim, valorM3: $0.valor) })
            }
            let imoveis = try db.query(
                """
                SELECT c.imov_id, c.cstf_id::int, string_agg(DISTINCT cc.catg_id::text, ',')
                FROM faturamento.conta c JOIN faturamento.conta_categoria cc ON cc.cnta_id = c.cnta_id
                WHERE c.cnta_amreferenciaconta = $1 AND c.dcst_idatual = 9
                GROUP BY c.imov_id, c.cstf_id ORDER BY c.imov_id
                """, [referenciaSeed]
            ).map { row in
                (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1),
                 try row.decode(String.self, at: 2).split(separator: ",").compactMap { Int($0) })
            }
            #expect(imoveis.count > 500)
            var diferentes: [String] = []
            var precificados = 0
            for (imovel, tarifa, categorias) in imoveis {
                for categoria in categorias {
                    guard let a = fechamento[tarifa]?[categoria], let b = arquivo[tarifa]?[categoria] else {
                        diferentes.append("imóvel \(imovel): tarifa \(tarifa) categoria \(categoria) ausente num dos lados")
                        continue
                    }
                    for consumo in [0, 1, 5, 10, 11, 20, 21, 30, 35, 50, 51, 100, 1_000] {
                        precificados += 1
                        if a.valorPorEconomia(consumo: consumo) != b.valorPorEconomia(consumo: consumo) {
                            diferentes.append("imóvel \(imovel), tarifa \(tarifa), categoria \(categoria), \(consumo) m³")
                        }
                    }
                }
            }
            #expect(precificados > 5_000)
            #expect(diferentes.isEmpty, "\(diferentes.count) diferenças, ex.: \(diferentes.prefix(5))")
        }
    }
}
