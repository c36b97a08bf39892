import Foundation
import GSANModel
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import TestSupport
import Testing

/// Aba Débito (seed 001: "exibir o valor total das contas selecionadas com os acréscimos por
/// impontualidade"): each bill's multa, juros de mora and atualização monetária at the agreement's
/// date, by the utility's shared late-payment rule, as `simular` and `efetuar` print them and
/// `efetuar` stores them. Three bills of one imóvel get values and due dates chosen for the
/// rounding edges, and the utility's parameters are set to multa 2 %, juros 1 % a.m.,
/// atualização 0,5 % a.m.; the amounts below are worked out by hand:
///
/// Rule: multa = valor × 2 %; juros = valor × 1 % × dias ÷ 30; atualização = valor × 0,5 % × dias ÷ 30;
/// each rounded to the centavo, a half going to the even centavo; nothing when the bill is due on
/// (or after) the agreement's date. Agreement on 20/06/2025.
///
/// | bill | valor  | vencimento | dias | multa                  | juros                         | atualização                    | acréscimos |
/// |------|--------|------------|------|------------------------|-------------------------------|--------------------------------|------------|
/// | A    | 123,25 | 10/03/2025 | 102  | 2,465 → 2,46 (half, even down) | 4,1905 → 4,19       | 2,09525 → 2,10                 | 8,75       |
/// | B    |  45,00 | 19/06/2025 |   1  | 0,90                   | 0,015 → 0,02 (half, even up)  | 0,0075 → 0,01                  | 0,93       |
/// | C    |  80,01 | 20/06/2025 |   0  | 0                      | 0                             | 0                              | 0,00       |
///
/// Totals: contas 248,26; multa 3,36; juros 4,21; atualização 2,11; acréscimos 9,68; débito 257,94.
/// Acordo 200,00 → desconto 57,94 = 22,4626… % → 22,46 %.
@Suite(.serialized) struct AcrescimosDoAcordoTests {
    static let data = CivilDate(year: 2025, month: 6, day: 20)!
    /// (valor, vencimento, multa, juros, atualização) in centavos, bill by bill as above.
    static let contas: [(Int64, CivilDate, Int64, Int64, Int64)] = [
        (12_325, CivilDate(year: 2025, month: 3, day: 10)!, 246, 419, 210),
        (4_500, CivilDate(year: 2025, month: 6, day: 19)!, 90, 2, 1),
        (8_001, CivilDate(year: 2025, month: 6, day: 20)!, 0, 0, 0),
    ]

    @Test func multaJurosEAtualizacaoNaDataDoAcordoComoSimularEEfetuarMostramEGravam() async throws {
        let amqpURL = try TestServers.amqpURL()
        try await withUtility { db, url in
            try db.execute(
                """
                UPDATE cadastro.sistema_parametros SET parm_pcmultaimpontualidade = 2.00, parm_pcjurosmoramensal = 1.00,
                    parm_pcatualizacaomonetariamensal = 0.50
                """)
            let (imovel, cliente, inicial) = try Self.imovelComTresMeses(db)
            let ids = try db.query(
                """
                SELECT cnta_id FROM faturamento.conta WHERE imov_id = $1 AND cnta_amreferenciaconta BETWEEN $2 AND $3
                ORDER BY cnta_amreferenciaconta
                """, [imovel, inicial, Referencia.somar(inicial, meses: 2)]
            ).map { try $0.decode(Int64.self, at: 0) }
            #expect(ids.count == 3)
            for (id, conta) in zip(ids, Self.contas) {
                try db.execute(
                    """
                    UPDATE faturamento.conta SET cnta_vlagua = $2::numeric / 100, cnta_vlesgoto = 0, cnta_vldebitos = 0,
                        cnta_vlcreditos = 0, cnta_vlimpostos = 0, cnta_dtvencimentoconta = $3,
                        cnta_dtvalidadeconta = greatest(cnta_dtvalidadeconta, $3::date)
                    WHERE cnta_id = $1
                    """, [id, Int(conta.0), conta.1])
            }
            let processo = try #require(ProcessoJudicial(sequencial: 77, ano: 2025, segmento: 8, tribunal: 17, origem: 1)?.numero)
            let opcoes = [
                "--imovel", String(imovel), "--referencia-inicial", Referencia.mesAno(inicial),
                "--referencia-final", Referencia.mesAno(Referencia.somar(inicial, meses: 2)), "--valor-acordo", "200,00",
                "--processo", processo, "--cliente-responsavel", String(cliente), "--data-acordo", "20/06/2025",
                "--primeiro-vencimento", "30/06/2025", "--parcelas", "2",
            ]

            // The library's reading: each part of each bill.
            let p = PedidoParcelamento(
                filtro: FiltroSelecao(imoveis: [imovel], cliente: nil, imovelResponsavel: nil, referenciaInicial: inicial,
                                      referenciaFinal: Referencia.somar(inicial, meses: 2)),
                negociacao: Negociacao(
                    valorAcordo: Centavos(20_000), processo: processo, dataAcordo: Self.data, clienteResponsavel: cliente,
                    prestacoes: 2, primeiroVencimento: CivilDate(year: 2025, month: 6, day: 30)),
                taxaJuros: nil)
            let s = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(p, db: $0) }
            #expect(s.recusadas.isEmpty && s.debito.itens.map(\.conta.id) == ids)
            #expect(s.debito.itens.map { [$0.conta.valor.value, $0.multa.value, $0.juros.value, $0.atualizacao.value] }
                == Self.contas.map { [$0.0, $0.2, $0.3, $0.4] })
            #expect(s.debito.itens.map(\.acrescimos.value) == [875, 93, 0])
            #expect(s.debito.contas.value == 24_826 && s.debito.acrescimos.value == 968 && s.debito.total.value == 25_794)
            #expect(s.acordo.desconto == Custo(valor: Centavos(5_794), percentual: 2_246))

            // The real program: simular prints them and writes nothing; efetuar prints and stores them.
            let antes = try linhasGravadas(db)
            let simular = try Self.gsan(["parcelamento-judicial", "simular"] + opcoes, amqpURL: amqpURL, url: url)
            #expect(try linhasGravadas(db) == antes)
            let efetuar = try Self.gsan(["parcelamento-judicial", "efetuar"] + opcoes, amqpURL: amqpURL, url: url)
            for saida in [simular, efetuar] {
                let linhas = saida.split(separator: "\n").map(String.init)
                let ref = { (k: Int) in Referencia.mesAno(Referencia.somar(inicial, meses: k)) }
                for esperado in [
                    [String(imovel), ref(0), "10/03/2025", "102", "123,25", "2,46", "4,19", "2,10", "8,75", "132,00"],
                    [String(imovel), ref(1), "19/06/2025", "1", "45,00", "0,90", "0,02", "0,01", "0,93", "45,93"],
                    [String(imovel), ref(2), "20/06/2025", "0", "80,01", "0,00", "0,00", "0,00", "0,00", "80,01"],
                ] {
                    #expect(linhas.contains { $0.split(separator: " ").map(String.init) == esperado }, "\(esperado)\n\(saida)")
                }
                #expect(linhas.contains { $0.hasPrefix("Acréscimos por impontualidade em 20/06/2025: multa 3,36, juros 4,21, atualização 2,11 (multa de 2,00 %; juros de mora de 1,00 % a.m. e atualização de 0,50 % a.m.") }, "\(saida)")
                #expect(linhas.contains("Débito total: 257,94 (contas 248,26 + acréscimos 9,68 em 20/06/2025)"), "\(saida)")
                #expect(linhas.contains { $0.hasPrefix("Valor do acordo: 200,00   desconto: 57,94 (22,46 %)") }, "\(saida)")
            }
            #expect(efetuar.contains("efetuado."), "\(efetuar)")
            let id = try contar(db, "SELECT pjud_id FROM cobranca.parcelamento_judicial WHERE pjud_nnprocessojudicial = $1", [processo])
            #expect(try db.query(
                "SELECT pjud_vlconta, pjud_vlacrescimos, pjud_vlacordo, pjud_pcdesconto FROM cobranca.parcelamento_judicial WHERE pjud_id = $1",
                [id])[0].decode((Centavos, Centavos, Centavos, Centavos).self) == (Centavos(24_826), Centavos(968), Centavos(20_000), Centavos(2_246)))
            #expect(try db.query(
                "SELECT pjit_vlconta, pjit_vlacrescimos FROM cobranca.parcel_judicial_item WHERE pjud_id = $1 ORDER BY cnta_id", [id]
            ).map { try $0.decode((Centavos, Centavos).self) }.map { [$0.0.value, $0.1.value] } == [[12_325, 875], [4_500, 93], [8_001, 0]] as [[Int64]])
        }
    }

    /// The real `gsan` against the scratch database; its output, after it exits 0.
    static func gsan(_ argumentos: [String], amqpURL: String, url: String) throws -> String {
        let processo = try WorkerProcess("gsan", arguments: argumentos, amqpURL: amqpURL, databaseURL: url)
        let status = processo.wait(timeout: 120)
        #expect(status == 0, "gsan \(argumentos.joined(separator: " ")): \(processo.log)")
        return processo.log
    }

    /// An imóvel with a current usuário and exactly one bill in each of three consecutive months
    /// before the seed's current one, each of which may enter an agreement (normal, unpaid, not under
    /// review but for judicial collection), and no other bill in those months.
    static func imovelComTresMeses(_ db: PostgresConnection) throws -> (imovel: Int, cliente: Int, inicial: Int) {
        let linhas = try db.query(
            """
            SELECT c.imov_id, u.clie_id, c.cnta_amreferenciaconta::int,
                   c.dcst_idatual IN (0, 1, 2) AND (c.cmrv_id IS NULL OR c.cmrv_id = 6) AND c.pjud_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            FROM faturamento.conta c
            JOIN cadastro.cliente_imovel u ON u.imov_id = c.imov_id AND u.crtp_id = 2 AND u.clim_dtrelacaofim IS NULL
            WHERE c.cnta_amreferenciaconta < 202506
            ORDER BY c.imov_id, c.cnta_amreferenciaconta
            """
        ).map { try $0.decode((Int, Int, Int, Bool).self) }
        let porImovel = Dictionary(grouping: linhas, by: \.0)
        for imovel in porImovel.keys.sorted() {
            let contas = porImovel[imovel] ?? []
            let boas = Dictionary(grouping: contas, by: \.2)
            for (referencia, mes) in boas.sorted(by: { $0.key < $1.key }) {
                let tres = [referencia, Referencia.somar(referencia, meses: 1), Referencia.somar(referencia, meses: 2)]
                let meses = tres.map { boas[$0] ?? [] }
                if meses.allSatisfy({ $0.count == 1 && $0[0].3 }), let cliente = mes.first?.1 {
                    return (imovel, cliente, referencia)
                }
            }
        }
        throw ErroTesteParcelamento("nenhum imóvel com três meses seguidos de contas que podem entrar num acordo")
    }
}

struct ErroTesteParcelamento: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
