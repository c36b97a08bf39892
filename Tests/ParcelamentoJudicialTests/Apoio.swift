import Foundation
import GSANModel
import GSANSeed
import Logging
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import TestSupport

let quietLogger = Logger(label: "gsan.tests.parcelamento") { _ in SwiftLogNoOpLogHandler() }

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-parcelamento-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with every migration and a generated utility (its "today" is in 06/2025).
func withUtility<T: Sendable>(imoveis: Int = 1_500, _ body: @escaping @Sendable (PostgresConnection, String) throws -> T) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let db = try connect(url)
        defer { db.close() }
        try Seeder(options: SeedOptions(imoveis: imoveis, seed: 7, meses: 6), logger: quietLogger).run(connection: db)
        return try body(db, url)
    }
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

/// Imóveis JusCompesa put in judicial collection (situação 5) with bills under review motivo 6,
/// and their current usuário.
func imoveisEmCobrancaJudicial(_ db: PostgresConnection) throws -> [(imovel: Int, cliente: Int)] {
    try db.query(
        """
        SELECT m.imov_id, u.clie_id FROM cadastro.imovel m
        JOIN cadastro.cliente_imovel u ON u.imov_id = m.imov_id AND u.crtp_id = 2 AND u.clim_dtrelacaofim IS NULL
        WHERE m.cbst_id = 5 AND EXISTS (SELECT 1 FROM faturamento.conta c WHERE c.imov_id = m.imov_id AND c.cmrv_id = 6)
        ORDER BY m.imov_id
        """
    ).map { try $0.decode((Int, Int).self) }.map { (imovel: $0.0, cliente: $0.1) }
}

let dataAcordo = CivilDate(year: 2025, month: 6, day: 20)!

/// A request for the imóvel: the acordo is 90 % of the débito (read by a simulation first).
func pedido(
    _ db: PostgresConnection, imovel: Int, cliente: Int, sequencial: Int, parcelas: Int = 3, perdeDesconto: Bool = true,
    primeiroVencimento: CivilDate = CivilDate(year: 2025, month: 6, day: 25)!, custas: CustoInformado? = .percentual(1_000),
    honorarios: CustoInformado? = .valor(Centavos(5_000))
) throws -> PedidoParcelamento {
    let processo = ProcessoJudicial(sequencial: sequencial, ano: 2025, segmento: 8, tribunal: 17, origem: 1)?.numero
    var p = PedidoParcelamento(
        filtro: FiltroSelecao(imoveis: [imovel], cliente: nil, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: nil),
        negociacao: Negociacao(
            valorAcordo: Centavos(1), processo: processo, custas: custas, honorarios: honorarios, dataAcordo: dataAcordo,
            clienteResponsavel: cliente, prestacoes: parcelas, primeiroVencimento: primeiroVencimento, perdeDesconto: perdeDesconto),
        taxaJuros: nil)
    // The débito first (a simulation of one centavo in one installment, without costs), then the acordo.
    var sonda = p
    sonda.negociacao.custas = nil
    sonda.negociacao.honorarios = nil
    sonda.negociacao.prestacoes = 1
    let debito = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(sonda, db: $0) }.debito.total
    p.negociacao.valorAcordo = Centavos(debito.value * 9 / 10)
    return p
}

/// Rows of every table `efetuar` writes, to see that a refusal or a rerun wrote nothing.
func linhasGravadas(_ db: PostgresConnection) throws -> [Int] {
    try [
        "SELECT count(*) FROM cobranca.parcelamento_judicial", "SELECT count(*) FROM cobranca.parcel_judicial_imov",
        "SELECT count(*) FROM cobranca.parcel_judicial_item", "SELECT count(*) FROM faturamento.guia_pagamento",
        "SELECT count(*) FROM faturamento.guia_pagamento_item", "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 5",
    ].map { try contar(db, $0) }
}
